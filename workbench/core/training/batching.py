"""Token ids held back to back in one compact array, cut into batches padded to their longest row, and MLM
masking."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import torch

if TYPE_CHECKING:
    from workbench.core.data.tokenizer import TextTokenizer


ENCODE_CHUNK = 4096  # texts tokenized at a time: the tokenizer's per-text objects never pile up
Stage = Callable[[str, int, int], None]  # (stage, done, total): progress of a long step, may be called often


@dataclass
class EncodedSet:
    """Rows of token ids stored back to back (no padding), their offsets, and optional class ids.

    Padding happens per batch, to the longest row of that batch: a padded copy of a large file's every row
    would take rows x max_len x 8 bytes (3.5 GB for 3.4 million rows of 128 tokens).
    """

    tokens: np.ndarray  # [total tokens] uint16 (or int32 for a vocabulary above 65,536)
    offsets: np.ndarray  # [N + 1] int64: row i is tokens[offsets[i]:offsets[i + 1]]
    labels: np.ndarray | None  # [N] int64
    pad_id: int

    def __post_init__(self) -> None:
        self.lengths = np.diff(self.offsets)

    @classmethod
    def build(cls, rows: list[list[int]], pad_id: int, labels: np.ndarray | None = None) -> EncodedSet:
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        dtype = np.uint16 if max((max(r, default=0) for r in rows), default=0) < 1 << 16 else np.int32
        tokens = np.fromiter(itertools.chain.from_iterable(rows), dtype=dtype, count=int(offsets[-1]))
        return cls(tokens, offsets, labels, pad_id)

    @classmethod
    def encode(
        cls,
        tokenizer: TextTokenizer,
        texts: Sequence[str],
        max_len: int,
        labels: np.ndarray | None = None,
        progress: Stage | None = None,
    ) -> EncodedSet:
        """Tokenize texts a chunk at a time into the compact form; progress("encoding", done, total)."""
        dtype = np.uint16 if tokenizer.vocab_size <= 1 << 16 else np.int32
        n = len(texts)
        offsets = np.zeros(n + 1, dtype=np.int64)
        parts: list[np.ndarray] = []
        for start in range(0, n, ENCODE_CHUNK):
            rows = tokenizer.encode_ids(list(texts[start : start + ENCODE_CHUNK]), max_len)
            lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
            np.cumsum(lengths, out=offsets[start + 1 : start + 1 + len(rows)])
            offsets[start + 1 : start + 1 + len(rows)] += offsets[start]
            parts.append(np.fromiter(itertools.chain.from_iterable(rows), dtype=dtype, count=int(lengths.sum())))
            if progress is not None:
                progress("encoding", min(start + ENCODE_CHUNK, n), n)
        tokens = np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)
        return cls(tokens, offsets, labels, tokenizer.pad_id)

    def __len__(self) -> int:
        return len(self.lengths)

    @property
    def real_tokens(self) -> int:
        return int(self.offsets[-1])

    def rows(self, idx: np.ndarray) -> np.ndarray:
        """The rows idx padded to the longest of them: [B, T] int64."""
        lengths = self.lengths[idx]
        width = int(lengths.max()) if len(idx) else 1
        cols = np.arange(width)
        real = cols[None, :] < lengths[:, None]
        out = np.full((len(idx), width), self.pad_id, dtype=np.int64)
        out[real] = self.tokens[(self.offsets[idx][:, None] + cols[None, :])[real]]
        return out

    def batch(self, idx: np.ndarray) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
        """(ids [B,T], pad_mask [B,T] True on real tokens, labels [B] or None), T = longest row in the batch."""
        ids = torch.from_numpy(self.rows(idx))
        mask = ids != self.pad_id
        labels = torch.from_numpy(self.labels[idx]) if self.labels is not None else None
        return ids, mask, labels

    def eval_order(self) -> np.ndarray:
        """Rows sorted by length, so evaluation batches carry little padding."""
        return np.argsort(self.lengths, kind="stable")


def epoch_order(n: int, seed: int, epoch: int) -> np.ndarray:
    """The shuffled row order of one epoch; a pure function of (seed, epoch) so a resume can rebuild it."""
    return np.random.default_rng([seed, epoch]).permutation(n)


def mask_for_mlm(
    ids: torch.Tensor,
    pad_mask: torch.Tensor,
    *,
    special_ids: set[int],
    mask_id: int,
    vocab_size: int,
    generator: torch.Generator,
    rate: float = 0.15,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """BERT masking: pick `rate` of the ordinary tokens; of those 80 % [MASK], 10 % random, 10 % unchanged.

    Returns (masked ids, bool positions that carry a loss, the original ids at those positions).
    """
    maskable = pad_mask.clone()
    for sid in special_ids:
        maskable &= ids != sid
    draw = torch.rand(ids.shape, generator=generator)
    chosen = maskable & (draw < rate)
    # Every row with a maskable token gets at least one target, so short sentences still teach something.
    none = maskable.any(dim=1) & ~chosen.any(dim=1)
    if none.any():
        scores = torch.where(maskable, draw, torch.full_like(draw, 2.0))
        first = scores.argmin(dim=1)
        chosen[none, first[none]] = True
    targets = ids[chosen]
    out = ids.clone()
    action = torch.rand(ids.shape, generator=generator)
    out[chosen & (action < 0.8)] = mask_id
    random_pos = chosen & (action >= 0.8) & (action < 0.9)
    n_random = int(random_pos.sum())
    if n_random:
        out[random_pos] = torch.randint(len(special_ids), vocab_size, (n_random,), generator=generator)
    return out, chosen, targets

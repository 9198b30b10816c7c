"""Token ids held as one padded array, cut into batches (trimmed to the longest row), and MLM masking."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch


@dataclass
class EncodedSet:
    """Rows of token ids padded to a common width, their lengths, and optional class ids."""

    ids: np.ndarray  # [N, W] int64, padded with pad_id
    lengths: np.ndarray  # [N] int64
    labels: np.ndarray | None  # [N] int64
    pad_id: int

    @classmethod
    def build(cls, rows: list[list[int]], pad_id: int, labels: np.ndarray | None = None) -> EncodedSet:
        lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
        width = int(lengths.max()) if len(rows) else 1
        ids = np.full((len(rows), width), pad_id, dtype=np.int64)
        for i, row in enumerate(rows):
            ids[i, : len(row)] = row
        return cls(ids, lengths, labels, pad_id)

    def __len__(self) -> int:
        return len(self.lengths)

    @property
    def real_tokens(self) -> int:
        return int(self.lengths.sum())

    def batch(self, idx: np.ndarray) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
        """(ids [B,T], pad_mask [B,T] True on real tokens, labels [B] or None), T = longest row in the batch."""
        width = int(self.lengths[idx].max())
        ids = torch.from_numpy(self.ids[idx, :width])
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

"""A tokenized corpus (core.data.corpus) as training and validation sets: the training rows are read from the
shard files a batch at a time; the few validation rows are held in memory like any EncodedSet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from workbench.core.data.corpus import Corpus, Shards, passage_words
from workbench.core.data.dataset import Dataset
from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.errors import DataError
from workbench.core.training.batching import EncodedSet


@dataclass
class CorpusData(Dataset):
    """What a run records of a corpus's training rows (they stay on disk: texts is empty)."""

    rows: int = 0

    def __len__(self) -> int:
        return self.rows


class ShardedSet:
    """EncodedSet's interface (len, batch, rows, labels, pad_id) over some rows of a tokenized corpus."""

    labels = None

    def __init__(self, shards: Shards, index: np.ndarray, pad_id: int) -> None:
        self._reader = shards.reader()
        self.index = index  # the corpus rows this set holds, in corpus order
        self.pad_id = pad_id
        self.token_counts = np.asarray(shards.manifest["counts"], dtype=np.int64)

    def __len__(self) -> int:
        return len(self.index)

    def row(self, g: int) -> np.ndarray:
        """Corpus row g (not an index into this set)."""
        return self._reader.row(g)

    def rows(self, idx: np.ndarray) -> np.ndarray:
        """The rows idx padded to the longest of them: [B, T] int64."""
        rows = [self.row(int(g)) for g in self.index[idx]]
        out = np.full((len(rows), max((len(r) for r in rows), default=1)), self.pad_id, dtype=np.int64)
        for i, r in enumerate(rows):
            out[i, : len(r)] = r
        return out

    def batch(self, idx: np.ndarray) -> tuple[torch.Tensor, torch.Tensor, None]:
        ids = torch.from_numpy(self.rows(idx))
        return ids, ids != self.pad_id, None

    def most_frequent(self, n_special: int) -> int:
        return int(self.token_counts[n_special:].argmax()) + n_special


def corpus_sets(
    shards: Shards, tokenizer: TextTokenizer, val_fraction: float, val_rows: int, seed: int
) -> tuple[ShardedSet, EncodedSet, list[str], list[str]]:
    """(training rows, validation rows, validation texts, notes). Validation is a seeded random
    val_fraction of the corpus's passages, at most val_rows of them (0: no cap), held out of training: a large
    corpus gives plenty, and rows that are neither trained on nor evaluated would be wasted."""
    n = shards.rows
    if n < 2:
        raise DataError(f"{shards.manifest['source']} holds {n} passage(s); pre-training needs at least 2.")
    k = min(n - 1, max(1, round(n * val_fraction)))
    if val_rows:
        k = min(k, val_rows)
    val_idx = np.sort(np.random.default_rng([seed, 1]).choice(n, k, replace=False))
    keep = np.ones(n, dtype=bool)
    keep[val_idx] = False
    train = ShardedSet(shards, np.flatnonzero(keep), tokenizer.pad_id)
    rows = [train.row(int(g)).tolist() for g in val_idx]
    val = EncodedSet.build(rows, tokenizer.pad_id)
    texts = [tokenizer.decode(r) for r in rows]
    notes = [f"validation holds out a random {k:,} of the corpus's {n:,} passages"]
    return train, val, texts, notes


def find_corpus(trainer: Any) -> bool:
    """For preparation.load_data: whether the run pre-trains on a large plain-text corpus; if so, the trainer gets
    it, a stand-in for its data (the tokenizer's sample as texts, the corpus's SHA-256) and its passage rule."""
    cfg = trainer.config
    if cfg.train.task != "mlm" or cfg.data.val_source:
        return False
    corpus = Corpus.find(cfg.data.source)
    if corpus is None:
        return False
    sample = corpus.sample(cfg.split_seed())
    trainer.corpus = corpus
    trainer.corpus_words = passage_words(sample, cfg.model.max_len, cfg.data.passages)
    name = Path(corpus.source).name
    sha = corpus.sha256(trainer.on_stage)
    trainer.train_data = Dataset(texts=sample, source=name, encoding="utf-8", sha256=sha)
    trainer.val_data = Dataset(texts=[], source=name, encoding="utf-8")
    return True


def open_corpus(trainer: Any) -> tuple[Any, EncodedSet]:
    """The corpus's (training, validation) sets, tokenized with the trainer's tokenizer (once per process)."""
    if trainer.corpus is None:
        return None, None  # type: ignore[return-value]  # not a corpus run: the caller goes on as before
    if trainer.corpus_sets is None:
        cfg, corpus = trainer.config, trainer.corpus
        words, chunks = trainer.corpus_words
        found = corpus.shards(trainer.tokenizer, cfg.model.max_len, words, chunks, trainer.on_stage)
        trainer.warnings += found.notes
        train, val, texts, notes = corpus_sets(
            found, trainer.tokenizer, cfg.data.val_fraction, cfg.data.val_rows, cfg.split_seed()
        )
        trainer.notes += notes
        sha = trainer.train_data.sha256
        trainer.train_data = CorpusData(texts=[], source=corpus.source, encoding="utf-8", sha256=sha, rows=len(train))
        trainer.val_data = Dataset(texts=texts, source=corpus.source, encoding="utf-8")
        trainer.corpus_sets = (train, val)
    return trainer.corpus_sets  # type: ignore[no-any-return]

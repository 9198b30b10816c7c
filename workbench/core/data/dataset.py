"""The in-memory data set every reader and generator produces, and its stratified train/validation split."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from workbench.core.errors import DataError


@dataclass(frozen=True)
class SkippedRow:
    """A row that could not be used. line is the 1-based line (or record) number in the file."""

    line: int
    reason: str


@dataclass
class Dataset:
    """Texts with optional labels (None for unlabelled text), and what was learnt while reading them."""

    texts: list[str]
    labels: list[str] | None = None
    source: str = ""
    encoding: str | None = None
    text_column: str | None = None
    label_column: str | None = None
    skipped: list[SkippedRow] = field(default_factory=list)
    sha256: str | None = None

    def __post_init__(self) -> None:
        if self.labels is not None and len(self.labels) != len(self.texts):
            raise ValueError("texts and labels differ in length")

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def label_names(self) -> list[str]:
        """The classes, sorted, so that class ids are stable across runs of the same data."""
        return sorted(set(self.labels)) if self.labels is not None else []

    def label_counts(self) -> dict[str, int]:
        return dict(sorted(Counter(self.labels or []).items()))

    def subset(self, indices: list[int] | np.ndarray) -> Dataset:
        idx = [int(i) for i in indices]
        return dataclasses.replace(
            self,
            texts=[self.texts[i] for i in idx],
            labels=[self.labels[i] for i in idx] if self.labels is not None else None,
            skipped=[],
        )

    def require_classes(self, minimum: int = 2) -> None:
        """Raise a DataError unless this is labelled data with at least `minimum` classes."""
        if self.labels is None:
            raise DataError(f"{self.source or 'The data'} has no label column; classification needs labels.")
        n = len(set(self.labels))
        if n < minimum:
            only = f" (only {self.labels[0]!r})" if n == 1 else ""
            raise DataError(
                f"{self.source or 'The data'} has {n} class{'es' if n != 1 else ''}{only}; "
                f"classification needs at least {minimum}. Check the label column."
            )


def stratified_split(data: Dataset, val_fraction: float, seed: int) -> tuple[Dataset, Dataset]:
    """Split into train and validation keeping each class's share; every class keeps one training row."""
    if len(data) < 2:
        raise DataError(f"{data.source or 'The data'} has {len(data)} usable row(s); at least 2 are needed.")
    rng = np.random.default_rng(seed)
    if data.labels is None:
        order = rng.permutation(len(data))
        n_val = min(len(data) - 1, max(1, round(len(data) * val_fraction)))
        train, val = data.subset(np.sort(order[n_val:])), data.subset(np.sort(order[:n_val]))
        train.skipped = list(data.skipped)
        return train, val
    by_class: dict[str, list[int]] = {}
    for i, label in enumerate(data.labels):
        by_class.setdefault(label, []).append(i)
    train_idx: list[int] = []
    val_idx: list[int] = []
    for label in sorted(by_class):
        idx = np.array(by_class[label])
        rng.shuffle(idx)
        n_val = min(len(idx) - 1, round(len(idx) * val_fraction))
        val_idx.extend(idx[:n_val].tolist())
        train_idx.extend(idx[n_val:].tolist())
    if not val_idx:
        raise DataError(
            f"{data.source or 'The data'} is too small to hold out a validation set; "
            "add rows or give a separate validation file."
        )
    train, val = data.subset(sorted(train_idx)), data.subset(sorted(val_idx))
    train.skipped = list(data.skipped)
    return train, val


SHORT_LINE_WORDS = 12  # "auto" passages: a median line shorter than this reads as a book, not one text per line


def to_passages(data: Dataset, words: int, mode: str = "auto") -> Dataset:
    """Join consecutive lines into passages of about `words` words (for masked-LM pre-training on a book)."""
    if mode == "lines" or not data.texts:
        return data
    lengths = sorted(len(t.split()) for t in data.texts)
    if mode == "auto" and lengths[len(lengths) // 2] >= SHORT_LINE_WORDS:
        return data
    passages: list[str] = []
    current: list[str] = []
    count = 0
    for text in data.texts:
        current.append(text)
        count += len(text.split())
        if count >= words:
            passages.append(" ".join(current))
            current, count = [], 0
    if current:
        passages.append(" ".join(current))
    return dataclasses.replace(data, texts=passages, labels=None)

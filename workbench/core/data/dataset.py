"""The in-memory data set every reader and generator produces, and its stratified train/validation split."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from workbench.core.data.cjk import SENTENCE_END, join_text, split_sentences, text_units
from workbench.core.errors import DataError

MANY_CLASSES = 200  # more classes than this: warn (an ID column?), keep the confusion matrix as its cells


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
    # What the reader changed or decided that people should know (e.g. labels written 1.0 read as 1).
    notes: list[str] = field(default_factory=list)

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
        idx = np.asarray(indices, dtype=np.int64).tolist()
        texts, labels = self.texts, self.labels
        return dataclasses.replace(
            self,
            texts=[texts[i] for i in idx],
            labels=[labels[i] for i in idx] if labels is not None else None,
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


def label_codes(labels: list[str], names: list[str]) -> np.ndarray:
    """Class ids (positions in names) of labels, as one int64 array."""
    index = {name: i for i, name in enumerate(names)}
    return np.fromiter((index[x] for x in labels), dtype=np.int64, count=len(labels))


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
    # Rows grouped by class with numpy (class by class, in sorted class order, each class's rows ascending):
    # per-row Python lists would take ~150 MB for millions of rows.
    codes = label_codes(data.labels, data.label_names)
    by_class = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[by_class], np.arange(int(codes.max()) + 2))
    train_parts: list[np.ndarray] = []
    val_parts: list[np.ndarray] = []
    for c in range(len(bounds) - 1):
        idx = by_class[bounds[c] : bounds[c + 1]].copy()
        rng.shuffle(idx)
        n_val = min(len(idx) - 1, round(len(idx) * val_fraction))
        val_parts.append(idx[:n_val])
        train_parts.append(idx[n_val:])
    val_idx = np.sort(np.concatenate(val_parts))
    if not len(val_idx):
        raise DataError(
            f"{data.source or 'The data'} is too small to hold out a validation set; "
            "add rows or give a separate validation file."
        )
    train, val = data.subset(np.sort(np.concatenate(train_parts))), data.subset(val_idx)
    train.skipped = list(data.skipped)
    return train, val


def capped(data: Dataset, max_rows: int | None, seed: int) -> Dataset:
    """At most max_rows rows of data, a seeded random sample in file order (None or 0: all), with a note."""
    if not max_rows or len(data) <= max_rows:
        return data
    keep = np.sort(np.random.default_rng([seed, 1]).choice(len(data), max_rows, replace=False))
    out = data.subset(keep)
    out.skipped = list(data.skipped)
    out.notes = [
        *data.notes,
        f"validation uses a random {max_rows:,} of the {len(data):,} held-out rows, so that evaluations stay quick",
    ]
    return out


def sample_texts(texts: list[str], max_texts: int, seed: int, max_chars: int | None = None) -> list[str]:
    """All texts, or a seeded random max_texts of them in their order (to train a tokenizer on), each cut to
    max_chars characters if given (what the model will see of a long text)."""
    if len(texts) > max_texts:
        keep = np.sort(np.random.default_rng([seed, 2]).choice(len(texts), max_texts, replace=False))
        texts = [texts[i] for i in keep.tolist()]
    if max_chars is not None and any(len(t) > max_chars for t in texts):
        texts = [t[:max_chars] for t in texts]
    return texts


SHORT_LINE_WORDS = 12  # "auto" passages: a median line shorter than this reads as a book, not one text per line


def to_passages(data: Dataset, words: int, mode: str = "auto") -> Dataset:
    """Join consecutive lines into passages of about `words` words (for masked-LM pre-training on a book).

    Chinese counts a character as a word, and a line holding Chinese sentences is cut after its sentence ends
    (。！？；) first, so a long paragraph becomes passages that end at a sentence end instead of one text cut off
    at the model's length; pieces of Chinese are joined without a space. In "auto" mode lines of texts that are
    long already stay one per passage, except that such a Chinese line longer than a passage is cut the same way.
    """
    if mode == "lines" or not data.texts:
        return data
    lengths = sorted(text_units(t) for t in data.texts)
    if mode == "auto" and lengths[len(lengths) // 2] >= SHORT_LINE_WORDS:
        if not any(text_units(t) > words and SENTENCE_END.search(t) for t in data.texts):
            return data
        texts: list[str] = []
        for text in data.texts:
            texts.extend(_join(split_sentences(text), words) if text_units(text) > words else [text])
        return dataclasses.replace(data, texts=texts, labels=None)
    pieces = (piece for text in data.texts for piece in split_sentences(text))
    return dataclasses.replace(data, texts=_join(pieces, words), labels=None)


def _join(pieces: Iterable[str], words: int) -> list[str]:
    """Consecutive pieces joined until a passage holds at least `words` words (the last may hold fewer)."""
    passages: list[str] = []
    current: list[str] = []
    count = 0
    for piece in pieces:
        current.append(piece)
        count += text_units(piece)
        if count >= words:
            passages.append(join_text(current))
            current, count = [], 0
    if current:
        passages.append(join_text(current))
    return passages

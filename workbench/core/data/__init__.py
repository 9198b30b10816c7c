"""Reading the user's data (CSV, TSV, JSON Lines, plain text, Parquet, or a built-in demo set) into a Dataset.

Everything a user can get wrong about a file ends in one DataError with a plain sentence; rows that cannot be
used are skipped and reported with their line number in the file, so people can find and fix them. The modules
beside this one each do one step: files (path, bytes, encoding, format), delimited / jsonl / parquet / plain
(one format each), table (what the tabular readers hand over) and columns (choosing and extracting columns).
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from workbench.core.config import DataConfig
from workbench.core.data.columns import (
    LABEL_NAMES,
    TEXT_NAMES,
    extract,
    guess_columns,
    iter_rows,
    no_usable_rows,
    pick_columns,
)
from workbench.core.data.dataset import Dataset, SkippedRow, capped, stratified_split
from workbench.core.data.delimited import delimited_table
from workbench.core.data.files import (
    PARQUET_MAGIC,
    checked_file,
    decode,
    read_all,
    read_head,
    read_head_text,
    sniff_kind,
)
from workbench.core.data.jsonl import jsonl_table
from workbench.core.data.parquet import preview_parquet, read_parquet
from workbench.core.data.plain import read_plain
from workbench.core.data.stream import Stage, open_streamed, read_streamed, should_stream
from workbench.core.data.table import Table
from workbench.core.errors import DataError

__all__ = [
    "LABEL_NAMES",
    "TEXT_NAMES",
    "TextChunks",
    "load_source",
    "load_splits",
    "preview_columns",
    "read_file",
]

_PREVIEW_BYTES = 1 << 20  # preview_columns reads at most this much of a file


def read_file(
    path: str | Path,
    text_column: str | None = None,
    label_column: str | None = None,
    labelled: bool = True,
    progress: Stage | None = None,
) -> Dataset:
    """Read one data file. labelled=False reads texts only; plain text files are always unlabelled.

    Raises DataError for a file that cannot be used at all; unusable rows land in Dataset.skipped. A large
    file is read a piece at a time (see stream.py); progress(stage, done, total) follows it.
    """
    return _read(path, text_column, label_column, labelled, progress=progress)


class TextChunks:
    """The texts of a file (for predicting), a chunk at a time: a large file is read as it is used, so memory
    holds one chunk, not the file. Iterate once; then skipped and text_column tell what was read."""

    def __init__(
        self, path: str | Path, text_column: str | None = None, chunk: int = 8192, progress: Stage | None = None
    ) -> None:
        self.path, self.wanted, self.chunk, self.progress = path, text_column, chunk, progress
        self.skipped: list[SkippedRow] = []
        self.text_column: str | None = None
        self.rows = 0
        self.streamed = False  # whether the file is being read as it is used (a large file)
        checked_file(path)  # a missing or binary file is said before anything else happens

    def __iter__(self) -> Iterator[list[str]]:
        name, p, kind, delim = checked_file(self.path)
        if kind != "parquet" and should_stream(p) and read_head(p, name, len(PARQUET_MAGIC)) != PARQUET_MAGIC:
            named = {self.wanted} if self.wanted else set()
            with open_streamed(p, name, kind, delim, named, self.progress) as opened:
                if opened is not None:
                    self.streamed = True
                    yield from self._streamed(name, *opened)
                    return
        data = read_file(self.path, self.wanted, labelled=False, progress=self.progress)
        self.skipped, self.text_column, self.rows = data.skipped, data.text_column, len(data)
        for start in range(0, len(data), self.chunk):
            yield data.texts[start : start + self.chunk]

    def _streamed(self, name: str, info: Any, table: Table | None, lines: Iterator[str]) -> Iterator[list[str]]:
        if table is None:
            rows: Iterator[tuple[int, str, str, str | None]] = (
                (n, s, "", None) for n, line in enumerate(lines, 1) if (s := line.strip())
            )
        else:
            ti, _ = pick_columns(table, name, self.wanted, None, False, (None, None))
            self.text_column = table.columns[ti]
            rows = iter_rows(table, ti, None)
        texts: list[str] = []
        for line, text, _, problem in rows:
            if problem:
                self.skipped.append(SkippedRow(line, problem))
                continue
            texts.append(text)
            if len(texts) >= self.chunk:
                self.rows += len(texts)
                yield texts
                texts = []
        self.rows += len(texts)
        if not self.rows:
            raise no_usable_rows(name, len(self.skipped), self.skipped)
        if texts:
            yield texts


def preview_columns(path: str | Path) -> tuple[list[str], str | None, str | None]:
    """(columns, guessed text column, guessed label column) from the head of the file, for column pickers."""
    name, p, kind, delim = checked_file(path)
    if kind == "parquet" or (kind is None and read_head(p, name, len(PARQUET_MAGIC)) == PARQUET_MAGIC):
        table = preview_parquet(p, name)
    else:
        text = read_head_text(p, name, _PREVIEW_BYTES)
        if kind is None:
            kind, delim = sniff_kind(text)
        if kind == "text":
            return ["text"], "text", None
        table = _table(text, kind, delim, name, set(), complete=False)
    return (table.columns, *guess_columns(table.columns, table.sample))


def load_source(
    source: str,
    text_column: str | None = None,
    label_column: str | None = None,
    labelled: bool = True,
    seed: int = 0,
    progress: Stage | None = None,
) -> tuple[Dataset, Dataset | None]:
    """A data source: "demo:NAME" (built-in, maybe with a fixed validation split) or a file path (None)."""
    return _load_source(source, text_column, label_column, labelled, seed, progress=progress)


def load_splits(
    cfg: DataConfig, task: str = "classify", seed: int = 0, progress: Stage | None = None
) -> tuple[Dataset, Dataset]:
    """Train and validation data for a run.

    Validation comes from cfg.val_source if given, else the source's fixed split (demo data), else a
    stratified split of cfg.val_fraction. Classification needs two classes and no validation label that
    training never saw.
    """
    labelled = task != "mlm"
    data, fixed_val = load_source(cfg.source, cfg.text_column, cfg.label_column, labelled, seed, progress)
    if task == "classify":
        data.require_classes()
    if cfg.val_source:
        # The validation file normally has the same columns as the training one: use the names found there
        # when the user did not give any and they exist in the validation file.
        val, _ = _load_source(
            cfg.val_source,
            cfg.text_column,
            cfg.label_column,
            labelled,
            seed,
            prefer=(data.text_column, data.label_column),
            progress=progress,
        )
        train = data
    elif fixed_val is not None:
        train, val = data, fixed_val
    else:
        train, val = stratified_split(data, cfg.val_fraction, seed)
    if task == "classify":
        train.require_classes()
        if val.labels is None:
            raise DataError(
                f"The validation data {val.source} has no label column; classification needs labelled validation data."
            )
        unseen = sorted(set(val.labels) - set(train.labels or []))
        if unseen:
            shown = ", ".join(repr(x) for x in unseen[:10]) + (", ..." if len(unseen) > 10 else "")
            raise DataError(
                f"The validation data {val.source} has {len(unseen)} label(s) never seen in training "
                f"({shown}); add training examples for them or remove them from the validation data."
            )
    return train, capped(val, cfg.val_rows, seed)


# ---------------------------------------------------------------------------------------------- orchestration


def _load_source(
    source: str,
    text_column: str | None,
    label_column: str | None,
    labelled: bool,
    seed: int,
    prefer: tuple[str | None, str | None] = (None, None),
    progress: Stage | None = None,
) -> tuple[Dataset, Dataset | None]:
    """load_source, with column names to prefer when none are given (those of the training file)."""
    if isinstance(source, str) and source.startswith("demo:"):
        try:
            # Imported here, not at the top: demo data is optional and pulls in its own generators.
            make = getattr(importlib.import_module("workbench.core.data.demo"), "make", None)
        except ImportError:
            make = None
        if make is None:
            raise DataError(
                f"The built-in data set {source!r} is not available in this installation; choose a data file."
            )
        train, val = make(source[len("demo:") :], seed)
        _check_demo_columns(train, text_column, label_column if labelled else None)
        if not labelled:
            train = _without_labels(train)
            val = _without_labels(val) if val is not None else None
        return train, val
    return _read(source, text_column, label_column, labelled, prefer, progress), None


def _check_demo_columns(data: Dataset, text_column: str | None, label_column: str | None) -> None:
    """A built-in data set has fixed columns: naming them is fine, naming another one is a mistake to report."""
    for given, actual, what in ((text_column, data.text_column, "text"), (label_column, data.label_column, "label")):
        if given and actual and given.strip().lower() != actual.lower():
            raise DataError(
                f"The built-in data set {data.source} has the {what} column {actual!r}, not {given!r}; "
                f"drop --{what}-column or give a data file."
            )


def _without_labels(data: Dataset) -> Dataset:
    return dataclasses.replace(data, labels=None, label_column=None)


def _read(
    path: str | Path,
    text_column: str | None,
    label_column: str | None,
    labelled: bool,
    prefer: tuple[str | None, str | None] = (None, None),
    progress: Stage | None = None,
) -> Dataset:
    """read_file, with column names to prefer when none are given."""
    name, p, kind, delim = checked_file(path)
    if kind != "parquet" and should_stream(p) and read_head(p, name, len(PARQUET_MAGIC)) != PARQUET_MAGIC:
        data = read_streamed(p, name, kind, delim, (text_column, label_column), labelled, prefer, progress)
        if data is not None:
            return data
    size = p.stat().st_size if progress is not None else 0
    if progress is not None:
        progress("reading", 0, size)
    raw, info = read_all(p, name)
    if progress is not None:
        progress("reading", size, size)
    if kind == "parquet" or (kind is None and raw.startswith(PARQUET_MAGIC)):
        return read_parquet(raw, info, text_column, label_column, labelled, prefer)
    text, info.encoding = decode(raw, name, p)
    if not text.strip():
        raise DataError(f"{name} holds only blank lines; choose a file with data in it.")
    if kind is None:
        kind, delim = sniff_kind(text)
    if kind == "text":
        return read_plain(text, info)
    named = {c for c in (text_column, label_column, *prefer) if c}
    table = _table(text, kind, delim, name, named, complete=True)
    return extract(table, info, text_column, label_column, labelled, prefer)


def _table(text: str, kind: str, delim: str | None, name: str, named: set[str], complete: bool) -> Table:
    """The Table of a JSON Lines or delimited text (see delimited_table for named and complete)."""
    if kind == "jsonl":
        return jsonl_table(text, name)
    return delimited_table(text, delim, name, named, complete)

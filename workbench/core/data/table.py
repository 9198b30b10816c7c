"""The table every tabular reader (CSV/TSV, JSON Lines, Parquet) hands over for picking and extracting columns,
and how a JSON or Parquet value becomes a text or a label."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any, Literal

Quoting = Literal[0, 1, 2, 3]  # the csv module's QUOTE_* values
SAMPLE_ROWS = 1000  # rows looked at to guess the header and the columns
NESTED = object()  # a JSON/Parquet value that is a list or an object: not usable as text or label


@dataclass
class Table:
    """What a tabular reader found: column names, sample rows (aligned to columns) to guess from, records.

    Records are laid out by kind: csv (line, fields); jsonl (line, object or None, problem or None); parquet
    (row number, {column index: value}, None).
    """

    columns: list[str]
    sample: list[list[Any]]
    records: Any  # a list, or (large files) records read lazily, as they are used, with len() so far
    has_header: bool = True
    kind: str = "csv"  # csv, jsonl or parquet (how records are laid out)
    delimiter: str | None = None  # csv: the delimiter and the csv module's quoting the records were read with
    quoting: Quoting = 0  # csv.QUOTE_MINIMAL


def plain(value: Any) -> Any:
    """A JSON/Parquet value as a string label or text: None when missing, NESTED when a list or object."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"  # as written in JSON
    if isinstance(value, float) and math.isnan(value):
        return None  # pandas writes missing numbers as NaN
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, (list, tuple, dict)):
        return NESTED
    return str(value)


def sample_value(value: Any) -> str | None:
    """A JSON/Parquet value for the column-guessing sample: a string, or None (missing, list or object)."""
    value = plain(value)
    return None if value is NESTED else value


def first_problems(problems: Iterable[tuple[int, str]]) -> str:
    """The first three (line, why) problems as "line N: why; ..." for an error message."""
    return "; ".join(f"line {line}: {why}" for line, why in islice(problems, 3))

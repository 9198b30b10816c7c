"""Which columns hold the text and the label (named by the user, preferred, or guessed from names and values),
and extracting their values into a Dataset, with a SkippedRow for every row that cannot be used."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from workbench.core.data.dataset import Dataset, SkippedRow
from workbench.core.data.files import FileInfo
from workbench.core.data.table import NESTED, Table, first_problems, plain
from workbench.core.errors import DataError

# Header names that say "this is the text" / "this is the label", best first.
TEXT_NAMES = (
    "text",
    "sentence",
    "review",
    "content",
    "utterance",
    "query",
    "document",
    "comment",
    "message",
    "body",
    "tweet",
)
LABEL_NAMES = (
    "label",
    "class",
    "category",
    "intent",
    "sentiment",
    "target",
    "y",
    "labels",
    "polarity",
    "topic",
    "rating",
    "stars",
)


def is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


def name_rank(column: str, names: tuple[str, ...]) -> int | None:
    """How well a column name matches known names (lower is better): exact, then a word of it; None if not."""
    low = column.strip().lower()
    if low in names:
        return names.index(low)
    words = [w for w in re.split(r"[\s_\-.]+", low) if w]
    if 1 < len(words) <= 4:
        hits = [names.index(w) for w in words if w in names and len(w) > 1]
        if hits:
            return len(names) + min(hits)
    return None


# ------------------------------------------------------------------------------------------- choosing columns


def guess_columns(columns: list[str], sample: list[list[Any]]) -> tuple[str | None, str | None]:
    """(text column, label column) from names, else from the values: the text column is the non-numeric
    column with the longest mean length, the label column one with few distinct values for its rows."""
    stats = []
    for j in range(len(columns)):
        values = [v.strip() for row in sample if j < len(row) and isinstance(v := row[j], str) and v.strip()]
        stats.append(values)

    def by_name(names: tuple[str, ...], exclude: int | None) -> int | None:
        ranked = [(r, j) for j, c in enumerate(columns) if j != exclude and (r := name_rank(c, names)) is not None]
        return min(ranked)[1] if ranked else None

    def few_values(values: list[str]) -> bool:
        return len(set(values)) <= max(2, len(values) // 2)

    text = by_name(TEXT_NAMES, None)
    if text is None:
        # Texts are non-numeric and mostly distinct; prefer such columns, then the longest on average.
        wordy = [j for j, v in enumerate(stats) if v and sum(map(is_number, v)) / len(v) < 0.5]
        varied = [j for j in wordy if not few_values(stats[j])]
        candidates = varied or wordy
        if candidates:
            text = max(candidates, key=lambda j: (sum(map(len, stats[j])) / len(stats[j]), -j))
    label = by_name(LABEL_NAMES, text)
    if label is None:
        repeated = [j for j, v in enumerate(stats) if j != text and v and few_values(v)]
        if repeated:
            label = min(repeated, key=lambda j: (len(set(stats[j])), j))
    return (
        columns[text] if text is not None else None,
        columns[label] if label is not None else None,
    )


def pick_columns(
    table: Table,
    name: str,
    text_column: str | None,
    label_column: str | None,
    labelled: bool,
    prefer: tuple[str | None, str | None],
) -> tuple[int, int | None]:
    """Indices of the text and (if labelled) label columns: named, else preferred if present, else guessed."""
    columns = table.columns
    if not text_column and prefer[0] in columns:
        text_column = prefer[0]
    if labelled and not label_column and prefer[1] in columns:
        label_column = prefer[1]
    guessed_text, guessed_label = guess_columns(columns, table.sample)
    if text_column:
        ti = _resolve(text_column, columns, "text", name, table.has_header)
    elif guessed_text is not None:
        ti = columns.index(guessed_text)
    else:
        raise DataError(
            f"{name} has no column that looks like text; choose the text column (its columns are: "
            f"{', '.join(columns[:20])})."
        )
    li = None
    if labelled:
        if label_column:
            li = _resolve(label_column, columns, "label", name, table.has_header)
        elif guessed_label is not None and guessed_label != columns[ti]:
            li = columns.index(guessed_label)
        elif guessed_label == columns[ti]:
            # The named text column is the one that looked like labels: guess again without it.
            rest = [c for c in columns if c != columns[ti]]
            sample = [
                [row[j] if j < len(row) else None for j, c in enumerate(columns) if c != columns[ti]]
                for row in table.sample
            ]
            _, other = guess_columns(rest, sample)
            li = columns.index(other) if other is not None else None
        if li == ti:
            raise DataError(
                f"The text and the label of {name} cannot both be column {columns[ti]!r}; choose two columns."
            )
    return ti, li


def _resolve(wanted: str, columns: list[str], what: str, name: str, has_header: bool) -> int:
    """The index of a column the user named: exactly, else ignoring case and surrounding spaces."""
    if wanted in columns:
        return columns.index(wanted)
    lowered = [c.strip().lower() for c in columns]
    if wanted.strip().lower() in lowered:
        return lowered.index(wanted.strip().lower())
    shown = ", ".join(columns[:20]) + (f" and {len(columns) - 20} more" if len(columns) > 20 else "")
    why = "" if has_header else " (the file has no header row, so its columns are numbered)"
    raise DataError(f"{name} has no {what} column {wanted!r}{why}; its columns are: {shown}.")


# ------------------------------------------------------------------------------------------------- values


def extract(
    table: Table,
    info: FileInfo,
    text_column: str | None,
    label_column: str | None,
    labelled: bool,
    prefer: tuple[str | None, str | None],
) -> Dataset:
    """The texts (and labels) of the chosen columns as a Dataset; a row without a usable value is skipped."""
    name = info.name
    ti, li = pick_columns(table, name, text_column, label_column, labelled, prefer)
    if table.kind == "csv":
        # Delimited records are (line, fields): give them the (line, record, problem) shape of the others.
        ncols = len(table.columns)
        rows: Any = ((line, fields, None) for line, fields in table.records)
        tkey: Any = ti
        lkey: Any = li

        def csv_value(fields: list[str], j: int, what: str) -> tuple[str, str | None]:
            return _field_value(fields, j, what, ncols)

        value: Callable[[Any, Any, str], tuple[str, str | None]] = csv_value

    else:
        # JSON Lines records are objects keyed by column name; Parquet records are keyed by column index.
        rows = table.records
        tkey = table.columns[ti] if table.kind == "jsonl" else ti
        lkey = None if li is None else table.columns[li] if table.kind == "jsonl" else li
        value = _record_value
    texts: list[str] = []
    labels: list[str] | None = [] if li is not None else None
    skipped: list[SkippedRow] = []
    for line, record, problem in rows:
        if not problem:
            text, problem = value(record, tkey, "text")
        if not problem and labels is not None:
            label, problem = value(record, lkey, "label")
        if problem:
            skipped.append(SkippedRow(line, problem))
            continue
        texts.append(text)
        if labels is not None:
            labels.append(label)
    if not texts:
        raise DataError(
            f"{name} has no usable rows: all {len(table.records)} row(s) were skipped "
            f"({first_problems((s.line, s.reason) for s in skipped)}); fix them or choose other columns."
        )
    return Dataset(
        texts=texts,
        labels=labels,
        source=name,
        encoding=info.encoding,
        text_column=table.columns[ti],
        label_column=table.columns[li] if li is not None else None,
        skipped=skipped,
        sha256=info.sha256,
    )


def _field_value(fields: list[str], j: int, what: str, ncols: int) -> tuple[str, str | None]:
    """(stripped value, problem) of field j of a delimited record with ncols columns."""
    if len(fields) <= j:
        return "", f"missing {what} (the row has {len(fields)} of {ncols} fields)"
    value = fields[j].strip()
    return value, None if value else f"empty {what}"


def _record_value(record: dict[Any, Any], key: Any, what: str) -> tuple[str, str | None]:
    """(stripped value, problem) of a JSON Lines or Parquet record's value under key."""
    value = plain(record.get(key))
    if value is None:
        return "", f"missing {what}"
    if value is NESTED:
        return "", f"the {what} is a list or an object, not a single value"
    value = value.strip()
    return value, None if value else f"empty {what}"

"""CSV and TSV files: the delimiter of a .csv, records with the line each starts on, recovery from stray quotes in
unquoted TSV files, and whether the first record is a header row."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

from workbench.core.data.columns import LABEL_NAMES, TEXT_NAMES, is_number, name_rank
from workbench.core.data.table import SAMPLE_ROWS, Table
from workbench.core.errors import DataError

_KNOWN_NAMES = frozenset(TEXT_NAMES + LABEL_NAMES)
_MAX_FIELD = 1 << 30  # the csv module's default limit (128 KiB) is too small for long documents
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")


def delimited_table(text: str, delim: str | None, name: str, named: set[str], complete: bool) -> Table:
    """Parse a delimited table; delim=None chooses the delimiter of a .csv file from its lines. named: column
    names the caller asked for (a first row holding one is a header). complete=False: text is only the head of
    the file (for a preview), so a record cut at the end or a header without rows is not an error."""
    delim = delim or _csv_delimiter(text)
    if csv.field_size_limit() < _MAX_FIELD:
        csv.field_size_limit(_MAX_FIELD)
    try:
        records, lines, last = _parse_records(text, delim, csv.QUOTE_MINIMAL)
        unclosed = _unclosed_quote(records, lines, last, delim)
        if delim == "\t" and (unclosed or _swallowed_rows(records, last, delim)):
            # Many TSV files do not quote at all, so a text that starts with a quote opens a "field" that runs
            # on through later rows. Read such a file without quoting if that gives more regular rows. (Not
            # for commas: there a quoted text with a comma and a line break is normal.)
            plain, _, _ = _parse_records(text, delim, csv.QUOTE_NONE)
            if _regular_rows(plain) > _regular_rows(records):
                records, unclosed = plain, False
        if unclosed and not complete:
            records = records[:-1]  # cut off by the end of the preview, most likely
        elif unclosed:
            raise DataError(
                f"{name} has a quoted field starting on line {records[-1][0]} that is never closed; "
                "check the quotes on that line."
            )
    except _CsvError as err:
        raise DataError(f"{name} could not be read as a table near line {err.line} ({err}).") from None
    if not records:
        raise DataError(f"{name} has no rows; choose a file with data in it.")
    first = records[0][1]
    has_header = _has_header(first, [row for _, row in records[1 : SAMPLE_ROWS + 1]], named)
    if has_header:
        columns = _unique_names(first)
        records = records[1:]
        if not records and complete:
            raise DataError(f"{name} has a header row but no data rows; add some rows.")
    else:
        width = max(len(row) for _, row in records[:SAMPLE_ROWS])
        columns = [f"column_{j + 1}" for j in range(width)]
    sample = [row for _, row in records[:SAMPLE_ROWS]]
    return Table(columns, sample, records, has_header, "csv")


def _csv_delimiter(text: str) -> str:
    """A .csv file is comma-separated unless its lines consistently use ; tab or | and no comma (Excel in many
    European locales writes ;)."""
    lines = [ln for ln in text[:65536].splitlines()[:20] if ln.strip()]
    if not lines or "," in lines[0]:
        return ","
    for delim in (";", "\t", "|"):
        counts = {ln.count(delim) for ln in lines}
        if len(counts) == 1 and counts.pop() > 0:
            return delim
    return ","


# ------------------------------------------------------------------------------------------------ records


class _CsvError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _parse_records(text: str, delim: str, quoting: int) -> tuple[list[tuple[int, list[str]]], list[str], int]:
    """Non-blank records as (line where the record starts, fields); also the lines and the last line read."""
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(lines, delimiter=delim, quoting=quoting)  # type: ignore[arg-type]  # an int from csv's constants
    records: list[tuple[int, list[str]]] = []
    prev = 0
    try:
        for row in reader:
            # csv yields [] for an empty line; a lone whitespace field is a blank line too. Neither is a row.
            if row and (len(row) > 1 or row[0].strip()):
                records.append((prev + 1, row))
            prev = reader.line_num
    except csv.Error as err:
        raise _CsvError(reader.line_num or prev + 1, str(err)) from None
    return records, lines, prev


def _regular_rows(records: list[tuple[int, list[str]]]) -> int:
    """How many records have the most common number of fields: a measure of how well a parse fits."""
    if not records:
        return 0
    return Counter(len(row) for _, row in records).most_common(1)[0][1]


def _swallowed_rows(records: list[tuple[int, list[str]]], last: int, delim: str) -> bool:
    """Whether a field spans lines and holds the delimiter. In a tab-separated file that marks a stray quote
    that swallowed the rows after it (texts with both a tab and a line break are rare)."""
    ends = [r[0] for r in records[1:]] + [last + 1]
    return any(
        end - start > 1 and any(("\n" in f or "\r" in f) and delim in f for f in row)
        for (start, row), end in zip(records, ends, strict=True)
    )


def _unclosed_quote(records: list[tuple[int, list[str]]], lines: list[str], last: int, delim: str) -> bool:
    """True if the last record opens a quoted field that the file never closes (it swallowed the rest)."""
    if not records or last <= records[-1][0]:
        return False
    tail = "".join(lines[records[-1][0] - 1 :])
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delim, strict=True):
            pass
    except csv.Error as err:
        return "end of data" in str(err)
    return False


# ------------------------------------------------------------------------------------------------- header


def _has_header(first: list[str], rows: list[list[str]], named: set[str]) -> bool:
    """Whether the first record is a header row.

    Known names (or a column the caller named) that do not recur as values decide at once; otherwise each
    column votes: a numeric column under a non-numeric cell, a few-valued (label-like) column under a cell
    that is not one of its values, a free-text column under a one-word cell all say "header", and the
    opposite cases say "data". A tie goes to csv.Sniffer.has_header.
    """
    cells = [c.strip() for c in first]
    lowered_named = {n.strip().lower() for n in named}
    if any(c.lower() in lowered_named for c in cells):
        return True
    if not rows:
        return any(c.lower() in _KNOWN_NAMES for c in cells)
    votes = 0
    for j, cell in enumerate(cells):
        values = [row[j].strip() for row in rows if len(row) > j and row[j].strip()]
        value_set = set(values)
        # A known name ("text", "review_text", "label_id") that is not also one of the column's values.
        if cell not in value_set and (
            cell.lower() in _KNOWN_NAMES
            or (
                _IDENTIFIER.fullmatch(cell) is not None
                and (name_rank(cell, TEXT_NAMES) is not None or name_rank(cell, LABEL_NAMES) is not None)
            )
        ):
            return True
        if not values:
            continue
        numeric = sum(map(is_number, values)) / len(values)
        if numeric >= 0.9:
            votes += -1 if is_number(cell) else 1
        elif len(values) >= 3 and len(value_set) <= max(2, len(values) // 2):
            votes += -1 if cell in value_set else 1
        else:
            spaced = sum(" " in v for v in values) / len(values)
            if spaced >= 0.5 and cell and " " not in cell:
                votes += 1
            elif " " in cell:
                votes -= 1
    if votes:
        return votes > 0
    try:
        return csv.Sniffer().has_header("\n".join([",".join(first)] + [",".join(r) for r in rows[:20]]))
    except Exception:  # only a tie-breaker: whatever goes wrong inside the sniffer, assume a header
        return True


def _unique_names(cells: list[str]) -> list[str]:
    """Header cells as column names: blanks get column_N, repeats get a _2, _3 suffix."""
    names: list[str] = []
    for j, cell in enumerate(cells):
        base = cell.strip() or f"column_{j + 1}"
        candidate, k = base, 2
        while candidate in names:
            candidate, k = f"{base}_{k}", k + 1
        names.append(candidate)
    return names

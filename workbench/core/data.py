"""Readers for the user's data files (CSV, TSV, JSON Lines, plain text, Parquet) into a Dataset.

Everything a user can get wrong about a file ends in one DataError with a plain sentence; rows that cannot be
used are skipped and reported with their line number in the file, so people can find and fix them.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import hashlib
import importlib
import io
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.core.config import DataConfig
from workbench.core.dataset import Dataset, SkippedRow, stratified_split
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
_KNOWN_NAMES = frozenset(TEXT_NAMES + LABEL_NAMES)

_DELIMITED_EXT = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
_JSONL_EXT = {".jsonl", ".ndjson", ".json"}
_TEXT_EXT = {".txt", ".text"}
_PARQUET_EXT = {".parquet", ".pq"}
_BINARY_HINTS = {
    ".xlsx": "save the sheet as CSV",
    ".xls": "save the sheet as CSV",
    ".ods": "save the sheet as CSV",
    ".gz": "decompress it first",
    ".zip": "extract it first",
    ".bz2": "decompress it first",
    ".xz": "decompress it first",
    ".7z": "extract it first",
}

# UTF-32 before UTF-16: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# When charset-normalizer scores several encodings exactly alike (common for short files), prefer these: the
# Chinese national standard (a superset of GBK/GB2312) and the usual Western Windows code page.
_PREFERRED_ENCODINGS = ("gb18030", "cp1252")

_SAMPLE_ROWS = 1000  # rows looked at to guess the header and the columns
_PREVIEW_BYTES = 1 << 20  # preview_columns reads at most this much of a file
_MAX_FIELD = 1 << 30  # the csv module's default limit (128 KiB) is too small for long documents
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_.\-]*")
_NESTED = object()  # a JSON/Parquet value that is a list or an object: not usable as text or label


# --------------------------------------------------------------------------------------------- public API


def read_file(
    path: str | Path,
    text_column: str | None = None,
    label_column: str | None = None,
    labelled: bool = True,
) -> Dataset:
    """Read one data file. labelled=False reads texts only; plain text files are always unlabelled.

    Raises DataError for a file that cannot be used at all; unusable rows land in Dataset.skipped.
    """
    return _read(path, text_column, label_column, labelled)


def preview_columns(path: str | Path) -> tuple[list[str], str | None, str | None]:
    """(columns, guessed text column, guessed label column) from the head of the file, for column pickers."""
    name = str(path)
    p = _check_path(path)
    kind, delim = _kind_from_extension(p)
    if kind == "binary":
        raise _binary_error(name, p)
    if kind == "parquet" or (kind is None and _head(p, name, 4) == b"PAR1"):
        pa, pq = _import_pyarrow(name)
        try:
            pf = pq.ParquetFile(p)
            columns = list(pf.schema_arrow.names)
            batch = next(pf.iter_batches(batch_size=_SAMPLE_ROWS), None)
        except (pa.ArrowException, OSError, ValueError) as err:
            raise DataError(f"{name} is not a readable Parquet file ({_short(err)}).") from None
        sample = _parquet_sample(batch, columns)
        return (columns, *_guess_columns(columns, sample))
    raw = _head(p, name, _PREVIEW_BYTES + 1)
    partial = len(raw) > _PREVIEW_BYTES
    text, _ = _decode(raw[:_PREVIEW_BYTES], name, p, partial=partial)
    if kind is None:
        kind, delim = _sniff_kind(text)
    if kind == "text":
        return ["text"], "text", None
    if kind == "jsonl":
        table = _jsonl_table(text, name, p)
    else:
        table = _delimited_table(text, delim or _csv_delimiter(text), name, set(), complete=False)
    return (table.columns, *_guess_columns(table.columns, table.sample))


def load_source(
    source: str,
    text_column: str | None = None,
    label_column: str | None = None,
    labelled: bool = True,
    seed: int = 0,
) -> tuple[Dataset, Dataset | None]:
    """A data source: "demo:NAME" (built-in, maybe with a fixed validation split) or a file path (None)."""
    return _load_source(source, text_column, label_column, labelled, seed)


def load_splits(cfg: DataConfig, task: str = "classify", seed: int = 0) -> tuple[Dataset, Dataset]:
    """Train and validation data for a run.

    Validation comes from cfg.val_source if given, else the source's fixed split (demo data), else a
    stratified split of cfg.val_fraction. Classification needs two classes and no validation label that
    training never saw.
    """
    labelled = task != "mlm"
    data, fixed_val = load_source(cfg.source, cfg.text_column, cfg.label_column, labelled, seed)
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
                f"The validation data {val.source} has no label column; classification needs labelled "
                "validation data."
            )
        unseen = sorted(set(val.labels) - set(train.labels or []))
        if unseen:
            shown = ", ".join(repr(x) for x in unseen[:10]) + (", ..." if len(unseen) > 10 else "")
            raise DataError(
                f"The validation data {val.source} has {len(unseen)} label(s) never seen in training "
                f"({shown}); add training examples for them or remove them from the validation data."
            )
    return train, val


# ------------------------------------------------------------------------------------------ sources, files


def _load_source(
    source: str,
    text_column: str | None,
    label_column: str | None,
    labelled: bool,
    seed: int,
    prefer: tuple[str | None, str | None] = (None, None),
) -> tuple[Dataset, Dataset | None]:
    if isinstance(source, str) and source.startswith("demo:"):
        try:
            # Imported here, not at the top: demo data is optional and pulls in its own generators.
            make = getattr(importlib.import_module("workbench.core.demo"), "make", None)
        except ImportError:
            make = None
        if make is None:
            raise DataError(
                f"The built-in data set {source!r} is not available in this installation; choose a data file."
            )
        train, val = make(source[len("demo:") :], seed)
        if not labelled:
            train = _without_labels(train)
            val = _without_labels(val) if val is not None else None
        return train, val
    return _read(source, text_column, label_column, labelled, prefer), None


def _without_labels(data: Dataset) -> Dataset:
    return dataclasses.replace(data, labels=None, label_column=None)


def _read(
    path: str | Path,
    text_column: str | None,
    label_column: str | None,
    labelled: bool,
    prefer: tuple[str | None, str | None] = (None, None),
) -> Dataset:
    name = str(path)
    p = _check_path(path)
    kind, delim = _kind_from_extension(p)
    if kind == "binary":
        raise _binary_error(name, p)
    try:
        raw = p.read_bytes()
    except OSError as err:
        raise _os_error(name, err) from None
    if not raw:
        raise DataError(f"{name} is empty; choose a file with data in it.")
    info = _FileInfo(name=name, sha256=hashlib.sha256(raw).hexdigest())
    if kind == "parquet" or (kind is None and raw[:4] == b"PAR1"):
        return _read_parquet(raw, info, text_column, label_column, labelled, prefer)
    text, info.encoding = _decode(raw, name, p)
    if not text.strip():
        raise DataError(f"{name} holds only blank lines; choose a file with data in it.")
    if kind is None:
        kind, delim = _sniff_kind(text)
    if kind == "text":
        return _read_plain(text, info)
    if kind == "jsonl":
        table = _jsonl_table(text, name, p)
    else:
        named = {c for c in (text_column, label_column, *prefer) if c}
        table = _delimited_table(text, delim or _csv_delimiter(text), name, named, complete=True)
    return _extract(table, info, text_column, label_column, labelled, prefer)


@dataclass
class _FileInfo:
    name: str
    sha256: str
    encoding: str | None = None


def _check_path(path: str | Path) -> Path:
    name = str(path)
    if not name.strip():
        raise DataError("No data file was given; choose a file.")
    p = Path(path).expanduser()
    try:
        if p.is_dir():
            raise DataError(f"{name} is a folder, not a file; choose a data file inside it.")
        if not p.exists():
            raise DataError(f"{name} does not exist; check the path.")
    except OSError as err:
        raise _os_error(name, err) from None
    return p


def _head(p: Path, name: str, n: int) -> bytes:
    try:
        with p.open("rb") as fh:
            return fh.read(n)
    except OSError as err:
        raise _os_error(name, err) from None


def _os_error(name: str, err: OSError) -> DataError:
    if isinstance(err, PermissionError):
        return DataError(f"{name} cannot be read (permission denied); check the file's permissions.")
    if isinstance(err, IsADirectoryError):
        return DataError(f"{name} is a folder, not a file; choose a data file inside it.")
    if isinstance(err, FileNotFoundError):
        return DataError(f"{name} does not exist; check the path.")
    return DataError(f"{name} cannot be read ({err.strerror or err}).")


def _binary_error(name: str, p: Path) -> DataError:
    hint = _BINARY_HINTS.get(p.suffix.lower())
    if hint:
        return DataError(f"{name} is not a text file; {hint} and choose the result.")
    return DataError(
        f"{name} looks like a binary file, not text; choose a CSV, TSV, JSON Lines, text or Parquet file."
    )


def _kind_from_extension(p: Path) -> tuple[str | None, str | None]:
    """(kind, delimiter) from the extension; kind is csv, jsonl, text, parquet, binary or None (unknown)."""
    ext = p.suffix.lower()
    if ext in _DELIMITED_EXT:
        return "csv", (None if ext == ".csv" else _DELIMITED_EXT[ext])
    if ext in _JSONL_EXT:
        return "jsonl", None
    if ext in _TEXT_EXT:
        return "text", None
    if ext in _PARQUET_EXT:
        return "parquet", None
    if ext in _BINARY_HINTS:
        return "binary", None
    return None, None


# ------------------------------------------------------------------------------------------------ encoding


def _decode(raw: bytes, name: str, p: Path, partial: bool = False) -> tuple[str, str]:
    """Decode file bytes: a byte-order mark wins, then strict UTF-8, then charset-normalizer's verdict.

    partial=True: raw is only the head of the file (a cut character at the end is allowed and the last,
    probably incomplete, line is dropped).
    """
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), None)
    text = None
    if encoding is None:
        has_nul = b"\x00" in raw
        if not has_nul:
            with contextlib.suppress(UnicodeDecodeError):
                text, encoding = _decode_bytes(raw, "utf-8", partial), "utf-8"
        if encoding is None:
            encoding = _guess_encoding(raw, has_nul)
            if encoding is None:
                raise _binary_error(name, p)
    if text is None:
        try:
            text = _decode_bytes(raw, encoding, partial)
        except UnicodeDecodeError as err:
            line = raw[: err.start].decode(encoding, errors="replace").count("\n") + 1
            raise DataError(
                f"{name} is not valid {encoding} text (a bad byte on line {line}); save it as UTF-8 and try "
                "again."
            ) from None
    if partial and "\n" in text:
        text = text[: text.rindex("\n") + 1]
    return text.removeprefix("\ufeff"), encoding


def _decode_bytes(raw: bytes, encoding: str, partial: bool) -> str:
    if partial:
        return codecs.getincrementaldecoder(encoding)().decode(raw, final=False)
    return raw.decode(encoding)


def _guess_encoding(raw: bytes, has_nul: bool) -> str | None:
    """charset-normalizer's best encoding (normalised codec name), or None when the bytes are not text."""
    from charset_normalizer import from_bytes  # imported lazily: only non-UTF-8 files need it

    results = from_bytes(raw)
    best = results.best()
    if best is None:
        return None
    chosen = best.encoding
    ties = [m for m in results if m.chaos == best.chaos and m.coherence == best.coherence]
    for preferred in _PREFERRED_ENCODINGS:
        if any(preferred == m.encoding or preferred in m.could_be_from_charset for m in ties):
            chosen = preferred
            break
    try:
        encoding = codecs.lookup(chosen).name
    except LookupError:
        return None
    # NUL bytes are only plausible in UTF-16/32 text; anything else with them is binary.
    if has_nul and not encoding.startswith(("utf-16", "utf-32")):
        return None
    return encoding


# ------------------------------------------------------------------------------------------- format sniffing


def _sniff_kind(text: str) -> tuple[str, str | None]:
    """For an unknown extension: JSON Lines if it starts with an object, else a delimited table, else text."""
    head = text[:65536]
    if head.lstrip().startswith("{"):
        return "jsonl", None
    lines = [ln for ln in head.splitlines()[:50] if ln.strip()]
    if not lines:
        return "text", None
    try:
        delim = csv.Sniffer().sniff("\n".join(lines)[:16384], delimiters=",\t;|").delimiter
    except csv.Error:
        return "text", None
    if sum(delim in ln for ln in lines) >= 0.8 * len(lines):
        return "csv", delim
    return "text", None


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


# ------------------------------------------------------------------------------------------------- tables


@dataclass
class _Table:
    """What a tabular reader found: column names, sample rows (aligned to columns) to guess from, records."""

    columns: list[str]
    sample: list[list[Any]]
    records: list[Any]
    has_header: bool = True
    kind: str = "csv"  # csv, jsonl or parquet (how records are laid out)


def _parse_records(text: str, delim: str, quoting: int) -> tuple[list[tuple[int, list[str]]], list[str], int]:
    """Non-blank records as (line where the record starts, fields); also the lines and the last line read."""
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(lines, delimiter=delim, quoting=quoting)
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


class _CsvError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


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


def _delimited_table(text: str, delim: str, name: str, named: set[str], complete: bool) -> _Table:
    """Parse a delimited table. complete=False: text is only the head of the file (for a preview), so a
    record cut at the end or a header without rows is not an error."""
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
    has_header = _has_header(first, [row for _, row in records[1 : _SAMPLE_ROWS + 1]], named)
    if has_header:
        columns = _unique_names(first)
        records = records[1:]
        if not records and complete:
            raise DataError(f"{name} has a header row but no data rows; add some rows.")
    else:
        width = max(len(row) for _, row in records[:_SAMPLE_ROWS])
        columns = [f"column_{j + 1}" for j in range(width)]
    sample = [row for _, row in records[:_SAMPLE_ROWS]]
    return _Table(columns, sample, records, has_header, "csv")


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


def _is_number(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


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
                and (_name_rank(cell, TEXT_NAMES) is not None or _name_rank(cell, LABEL_NAMES) is not None)
            )
        ):
            return True
        if not values:
            continue
        numeric = sum(map(_is_number, values)) / len(values)
        if numeric >= 0.9:
            votes += -1 if _is_number(cell) else 1
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


def _name_rank(column: str, names: tuple[str, ...]) -> int | None:
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


def _guess_columns(columns: list[str], sample: list[list[Any]]) -> tuple[str | None, str | None]:
    """(text column, label column) from names, else from the values: the text column is the non-numeric
    column with the longest mean length, the label column one with few distinct values for its rows."""
    stats = []
    for j in range(len(columns)):
        values = [v.strip() for row in sample if j < len(row) and isinstance(v := row[j], str) and v.strip()]
        stats.append(values)

    def by_name(names: tuple[str, ...], exclude: int | None) -> int | None:
        ranked = [
            (r, j) for j, c in enumerate(columns) if j != exclude and (r := _name_rank(c, names)) is not None
        ]
        return min(ranked)[1] if ranked else None

    def few_values(values: list[str]) -> bool:
        return len(set(values)) <= max(2, len(values) // 2)

    text = by_name(TEXT_NAMES, None)
    if text is None:
        # Texts are non-numeric and mostly distinct; prefer such columns, then the longest on average.
        wordy = [j for j, v in enumerate(stats) if v and sum(map(_is_number, v)) / len(v) < 0.5]
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


def _resolve(wanted: str, columns: list[str], what: str, name: str, has_header: bool) -> int:
    if wanted in columns:
        return columns.index(wanted)
    lowered = [c.strip().lower() for c in columns]
    if wanted.strip().lower() in lowered:
        return lowered.index(wanted.strip().lower())
    shown = ", ".join(columns[:20]) + (f" and {len(columns) - 20} more" if len(columns) > 20 else "")
    why = "" if has_header else " (the file has no header row, so its columns are numbered)"
    raise DataError(f"{name} has no {what} column {wanted!r}{why}; its columns are: {shown}.")


def _pick_columns(
    table: _Table,
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
    guessed_text, guessed_label = _guess_columns(columns, table.sample)
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
            _, other = _guess_columns(rest, sample)
            li = columns.index(other) if other is not None else None
        if li == ti:
            raise DataError(
                f"The text and the label of {name} cannot both be column {columns[ti]!r}; choose two columns."
            )
    return ti, li


# ------------------------------------------------------------------------------------------------- readers


def _extract(
    table: _Table,
    info: _FileInfo,
    text_column: str | None,
    label_column: str | None,
    labelled: bool,
    prefer: tuple[str | None, str | None],
) -> Dataset:
    name = info.name
    ti, li = _pick_columns(table, name, text_column, label_column, labelled, prefer)
    texts: list[str] = []
    labels: list[str] | None = [] if li is not None else None
    skipped: list[SkippedRow] = []
    if table.kind == "csv":
        ncols = len(table.columns)
        for line, row in table.records:
            n = len(row)
            if n <= ti:
                skipped.append(SkippedRow(line, f"missing text (the row has {n} of {ncols} fields)"))
                continue
            text = row[ti].strip()
            if not text:
                skipped.append(SkippedRow(line, "empty text"))
                continue
            if labels is not None:
                if n <= li:  # type: ignore[operator]
                    skipped.append(SkippedRow(line, f"missing label (the row has {n} of {ncols} fields)"))
                    continue
                label = row[li].strip()  # type: ignore[index]
                if not label:
                    skipped.append(SkippedRow(line, "empty label"))
                    continue
                labels.append(label)
            texts.append(text)
    else:
        # JSON Lines records are objects keyed by column name; Parquet records are keyed by column index.
        tkey: Any = table.columns[ti] if table.kind == "jsonl" else ti
        lkey: Any = None if li is None else table.columns[li] if table.kind == "jsonl" else li
        for line, record, problem in table.records:
            if problem:
                skipped.append(SkippedRow(line, problem))
                continue
            text = _plain(record.get(tkey))
            reason = _value_problem(text, "text")
            if reason:
                skipped.append(SkippedRow(line, reason))
                continue
            if labels is not None:
                label = _plain(record.get(lkey))
                reason = _value_problem(label, "label")
                if reason:
                    skipped.append(SkippedRow(line, reason))
                    continue
                labels.append(label.strip())
            texts.append(text.strip())
    if not texts:
        total = len(table.records)
        first = "; ".join(f"line {s.line}: {s.reason}" for s in skipped[:3])
        raise DataError(
            f"{name} has no usable rows: all {total} row(s) were skipped ({first}); fix them or choose other "
            "columns."
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


def _value_problem(value: Any, what: str) -> str | None:
    if value is None:
        return f"missing {what}"
    if value is _NESTED:
        return f"the {what} is a list or an object, not a single value"
    if not value.strip():
        return f"empty {what}"
    return None


def _plain(value: Any) -> Any:
    """A JSON/Parquet value as a string label or text: None when missing, _NESTED when a list or object."""
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
        return _NESTED
    return str(value)


def _read_plain(text: str, info: _FileInfo) -> Dataset:
    """One example per line, unlabelled; blank lines are simply not examples."""
    texts = [s for line in io.StringIO(text, newline="") if (s := line.strip())]
    return Dataset(texts=texts, labels=None, source=info.name, encoding=info.encoding, sha256=info.sha256)


def _jsonl_table(text: str, name: str, p: Path) -> _Table:
    stripped = text.lstrip()
    if stripped.startswith("["):
        raise DataError(
            f"{name} holds one JSON array, not JSON Lines; write one JSON object per line (.jsonl) or use "
            "CSV."
        )
    records: list[tuple[int, Any, str | None]] = []
    keys: dict[str, None] = {}
    good = 0
    for line_no, line in enumerate(io.StringIO(text, newline=""), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            records.append((line_no, None, f"not valid JSON ({err.msg} at column {err.colno})"))
            continue
        except (ValueError, RecursionError):  # e.g. nested too deeply, or an integer with too many digits
            records.append((line_no, None, "not valid JSON (a value is too large or nested too deeply)"))
            continue
        if not isinstance(obj, dict):
            records.append((line_no, None, "not a JSON object"))
            continue
        keys.update(dict.fromkeys(obj))
        records.append((line_no, obj, None))
        good += 1
    if not good:
        try:
            json.loads(text)
            whole_document = True
        except (ValueError, RecursionError):
            whole_document = False
        if whole_document:
            raise DataError(
                f"{name} holds a single JSON document, not JSON Lines; write one JSON object per line."
            )
        first = "; ".join(f"line {line}: {why}" for line, _, why in records[:3])
        raise DataError(f"{name} has no usable JSON Lines rows ({first}); write one JSON object per line.")
    columns = [str(k) for k in keys]
    sample = []
    for _, obj, problem in records:
        if problem is None:
            sample.append([_sample_value(obj.get(k)) for k in keys])
            if len(sample) >= _SAMPLE_ROWS:
                break
    return _Table(columns, sample, records, True, "jsonl")


def _sample_value(value: Any) -> str | None:
    plain = _plain(value)
    return None if plain is _NESTED else plain


def _import_pyarrow(name: str) -> tuple[Any, Any]:
    try:
        import pyarrow as pa  # optional: only Parquet files need it
        import pyarrow.parquet as pq
    except ImportError:
        raise DataError(
            f"Reading {name} (Parquet) needs pyarrow; install pyarrow (pip install pyarrow) or save the data "
            "as CSV."
        ) from None
    return pa, pq


def _parquet_sample(batch: Any, columns: list[str]) -> list[list[Any]]:
    if batch is None:
        return []
    cols = [[_sample_value(v) for v in batch.column(j).to_pylist()] for j in range(len(columns))]
    return [list(row) for row in zip(*cols, strict=True)]


def _read_parquet(
    raw: bytes,
    info: _FileInfo,
    text_column: str | None,
    label_column: str | None,
    labelled: bool,
    prefer: tuple[str | None, str | None],
) -> Dataset:
    name = info.name
    pa, pq = _import_pyarrow(name)
    try:
        pf = pq.ParquetFile(io.BytesIO(raw))
        columns = list(pf.schema_arrow.names)
        batch = next(pf.iter_batches(batch_size=_SAMPLE_ROWS), None)
        table = _Table(columns, _parquet_sample(batch, columns), [], True, "parquet")
        ti, li = _pick_columns(table, name, text_column, label_column, labelled, prefer)
        wanted = [ti] if li is None else [ti, li]
        data = pf.read(columns=[columns[j] for j in wanted], use_threads=False)
        values = [data.column(k).to_pylist() for k in range(len(wanted))]
    except (pa.ArrowException, OSError, ValueError, KeyError) as err:
        raise DataError(f"{name} is not a readable Parquet file ({_short(err)}).") from None
    if not values[0]:
        raise DataError(f"{name} has no rows; choose a file with data in it.")
    # Records are (row number, {column index: value}, problem); the row number counts from 1.
    if li is None:
        records = [(i, {ti: t}, None) for i, t in enumerate(values[0], 1)]
    else:
        records = [
            (i, {ti: t, li: lab}, None)
            for i, (t, lab) in enumerate(zip(values[0], values[1], strict=True), 1)
        ]
    table.records = records
    info.encoding = None
    return _extract(table, info, columns[ti], columns[li] if li is not None else None, labelled, (None, None))


def _short(err: Exception) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text[:200].rstrip(".")

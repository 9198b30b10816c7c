"""Large data files, read a piece at a time: the file is never held whole, as bytes or as one decoded string.

A file above STREAM_BYTES is read in two passes. The first hashes it and checks its encoding (UTF-8, or the
one its byte-order mark names; any other encoding falls back to reading the file whole, as small files are).
The second parses it line by line: the columns, the header and the delimiter come from the file's first
HEAD_BYTES, exactly as for a preview, and every record then goes straight into the Dataset's lists, so memory
holds the texts and labels, not the file, its lines and its records besides. Both passes report progress.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from workbench.core.data.columns import extract
from workbench.core.data.dataset import Dataset
from workbench.core.data.delimited import delimited_table, unclosed_tail
from workbench.core.data.files import _BOMS, FileInfo, decode, os_error, sniff_kind
from workbench.core.data.jsonl import jsonl_records, jsonl_table
from workbench.core.data.table import Quoting, Table
from workbench.core.errors import DataError

Stage = Callable[[str, int, int], None]  # (stage, done, total): progress of a long step, called often

STREAM_BYTES = 32 << 20  # files larger than this are streamed (tests lower it to stream small files)
HEAD_BYTES = 1 << 20  # the head that decides columns, header and delimiter
_CHUNK = 4 << 20  # bytes read at a time
_REPORT_EVERY = 8192  # records between progress reports


def should_stream(p: Path) -> bool:
    try:
        return p.stat().st_size > STREAM_BYTES
    except OSError:
        return False


def scan(p: Path, name: str, progress: Stage | None = None) -> tuple[FileInfo, str] | None:
    """(FileInfo with the SHA-256, encoding) after one pass over the file; None unless the file is UTF-8 or
    carries a byte-order mark (then it is read whole, where the encoding can be guessed)."""
    digest = hashlib.sha256()
    try:
        size = p.stat().st_size
        if progress is not None:
            progress("checking", 0, size)  # at once: the first chunk can take a while on a slow disk
        with p.open("rb") as fh:
            first = fh.read(_CHUNK)
            if not first:
                raise DataError(f"{name} is empty; choose a file with data in it.")
            encoding = next((enc for bom, enc in _BOMS if first.startswith(bom)), None)
            if encoding is None and b"\x00" in first:
                return None  # UTF-16/32 without a mark, or binary: the whole-file reader decides
            decoder = codecs.getincrementaldecoder(encoding or "utf-8")()
            chunk, done = first, 0
            while chunk:
                digest.update(chunk)
                decoder.decode(chunk)
                done += len(chunk)
                if progress is not None:
                    progress("checking", done, size)
                chunk = fh.read(_CHUNK)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return None
    except OSError as err:
        raise os_error(name, err) from None
    return FileInfo(name=name, sha256=digest.hexdigest()), encoding or "utf-8"


def read_streamed(
    p: Path,
    name: str,
    kind: str | None,
    delim: str | None,
    columns: tuple[str | None, str | None],
    labelled: bool,
    prefer: tuple[str | None, str | None],
    progress: Stage | None = None,
) -> Dataset | None:
    """The Dataset of a large text file, or None when it has to be read whole (an encoding to guess, or a
    first line longer than the head)."""
    named = {c for c in (*columns, *prefer) if c}
    with open_streamed(p, name, kind, delim, named, progress) as opened:
        if opened is None:
            return None
        info, table, lines = opened
        if table is None:
            texts = [s for line in lines if (s := line.strip())]
            if not texts:
                raise DataError(f"{name} holds only blank lines; choose a file with data in it.")
            return Dataset(texts=texts, source=name, encoding=info.encoding, sha256=info.sha256)
        return extract(table, info, columns[0], columns[1], labelled, prefer)


@contextlib.contextmanager
def open_streamed(
    p: Path, name: str, kind: str | None, delim: str | None, named: set[str], progress: Stage | None = None
) -> Iterator[tuple[FileInfo, Table | None, Iterator[str]] | None]:
    """(FileInfo, Table whose records are read lazily, lines) of a large file, or None when it has to be read
    whole. Plain text has no Table: its lines are the rows. Iterate inside the with block."""
    scanned = scan(p, name, progress)
    if scanned is None:
        yield None
        return
    info, encoding = scanned
    info.encoding = encoding
    with p.open("rb") as raw:
        head, _ = decode(raw.read(HEAD_BYTES + 1)[:HEAD_BYTES], name, p, partial=True)
    if head.count("\n") < 2:
        yield None
        return
    if kind is None:
        kind, delim = sniff_kind(head)
    with _Reader(p, name, encoding, progress) as reader:
        if kind == "text":
            yield info, None, reader.lines()
        elif kind == "jsonl":
            table = jsonl_table(head, name)
            table.records = _Counted(jsonl_records(reader.lines()))
            yield info, table, iter(())
        else:
            table = delimited_table(head, delim, name, named, complete=False)
            records = reader.records(table.delimiter or ",", table.quoting, table.has_header)
            first = next(records, None)
            if first is None:
                raise DataError(f"{name} has a header row but no data rows; add some rows.")
            table.records = _Counted(itertools.chain([first], records))
            yield info, table, iter(())


class _Counted:
    """Records handed over lazily, with len() = how many have gone by (for extract's messages)."""

    def __init__(self, records: Iterator[Any]) -> None:
        self._records, self._n = records, 0

    def __iter__(self) -> Iterator[Any]:
        for record in self._records:
            self._n += 1
            yield record

    def __len__(self) -> int:
        return self._n


class _Reader:
    """The decoded lines of a file, with progress by bytes read."""

    def __init__(self, p: Path, name: str, encoding: str, progress: Stage | None) -> None:
        self.name, self.progress = name, progress
        try:
            self._raw = p.open("rb")
            self.size = p.stat().st_size
        except OSError as err:
            raise os_error(name, err) from None
        self._text = io.TextIOWrapper(self._raw, encoding=encoding, newline="")
        self._pending: list[str] = []  # the lines of the record being read (for an unclosed quote at the end)

    def __enter__(self) -> _Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._text.close()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress("reading", self._raw.tell(), self.size)

    def lines(self) -> Iterator[str]:
        for n, line in enumerate(self._text, 1):
            if n == 1:
                line = line.removeprefix("\ufeff")
            if n % _REPORT_EVERY == 0:
                self._report()
            yield line
        self._report()

    def _tracked(self) -> Iterator[str]:
        for line in self.lines():
            self._pending.append(line)
            yield line

    def records(self, delim: str, quoting: Quoting, has_header: bool) -> Iterator[tuple[int, list[str]]]:
        """(line where the record starts, fields) of each non-blank record, the header row left out."""
        reader = csv.reader(self._tracked(), delimiter=delim, quoting=quoting)
        prev, skip, last_lines = 0, has_header, 0
        try:
            for row in reader:
                last_lines = len(self._pending)
                self._pending = []
                if row and (len(row) > 1 or row[0].strip()):
                    if skip:
                        skip = False
                    else:
                        yield prev + 1, row
                prev = reader.line_num
        except csv.Error as err:
            raise DataError(
                f"{self.name} could not be read as a table near line {reader.line_num or prev + 1} ({err})."
            ) from None
        if last_lines > 1 and quoting != csv.QUOTE_NONE:
            # Only the last record can run to the end of the file; re-read its lines to see if a quote is open.
            start = prev - last_lines + 1
            self._reread_last(start, delim)

    def _reread_last(self, start: int, delim: str) -> None:
        self._text.seek(0)
        tail = "".join(line for n, line in enumerate(self._text, 1) if n >= start)
        if unclosed_tail(tail, delim):
            raise DataError(
                f"{self.name} has a quoted field starting on line {start} that is never closed; "
                "check the quotes on that line."
            )

"""Getting at a data file: path checks, reading its bytes, telling text from binary, decoding it, and telling its
format from the extension or, for an unknown extension, from the content."""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import DataError

PARQUET_MAGIC = b"PAR1"  # the first bytes of every Parquet file

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


@dataclass
class FileInfo:
    """What a Dataset records about the file it was read from."""

    name: str
    sha256: str
    encoding: str | None = None


# ------------------------------------------------------------------------------------------ paths and bytes


def checked_file(path: str | Path) -> tuple[str, Path, str | None, str | None]:
    """(name as the user gave it, the path, kind, delimiter) of an existing file; a known binary format is an
    error. kind and delimiter are as kind_from_extension gives them."""
    name = str(path)
    if not name.strip():
        raise DataError("No data file was given; choose a file.")
    p = Path(path).expanduser()
    try:
        # Raised here only to get the same sentence as a failed read.
        if p.is_dir():
            raise IsADirectoryError
        if not p.exists():
            raise FileNotFoundError
    except OSError as err:
        raise os_error(name, err) from None
    kind, delim = kind_from_extension(p)
    if kind == "binary":
        raise binary_error(name, p)
    return name, p, kind, delim


def read_head(p: Path, name: str, n: int) -> bytes:
    """At most the first n bytes of the file."""
    try:
        with p.open("rb") as fh:
            return fh.read(n)
    except OSError as err:
        raise os_error(name, err) from None


def read_all(p: Path, name: str) -> tuple[bytes, FileInfo]:
    """The whole file and its FileInfo (no encoding yet); an empty file is an error."""
    try:
        raw = p.read_bytes()
    except OSError as err:
        raise os_error(name, err) from None
    if not raw:
        raise DataError(f"{name} is empty; choose a file with data in it.")
    return raw, FileInfo(name=name, sha256=hashlib.sha256(raw).hexdigest())


def read_head_text(p: Path, name: str, limit: int) -> str:
    """The decoded text of at most the first limit bytes, ending at the last complete line if the file is longer."""
    raw = read_head(p, name, limit + 1)
    text, _ = decode(raw[:limit], name, p, partial=len(raw) > limit)
    return text


def os_error(name: str, err: OSError) -> DataError:
    if isinstance(err, PermissionError):
        return DataError(f"{name} cannot be read (permission denied); check the file's permissions.")
    if isinstance(err, IsADirectoryError):
        return DataError(f"{name} is a folder, not a file; choose a data file inside it.")
    if isinstance(err, FileNotFoundError):
        return DataError(f"{name} does not exist; check the path.")
    return DataError(f"{name} cannot be read ({err.strerror or err}).")


def binary_error(name: str, p: Path) -> DataError:
    hint = _BINARY_HINTS.get(p.suffix.lower())
    if hint:
        return DataError(f"{name} is not a text file; {hint} and choose the result.")
    return DataError(f"{name} looks like a binary file, not text; choose a CSV, TSV, JSON Lines, text or Parquet file.")


# ------------------------------------------------------------------------------------------------ encoding


def decode(raw: bytes, name: str, p: Path, partial: bool = False) -> tuple[str, str]:
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
                raise binary_error(name, p)
    if text is None:
        try:
            text = _decode_bytes(raw, encoding, partial)
        except UnicodeDecodeError as err:
            line = raw[: err.start].decode(encoding, errors="replace").count("\n") + 1
            raise DataError(
                f"{name} is not valid {encoding} text (a bad byte on line {line}); save it as UTF-8 and try again."
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


# -------------------------------------------------------------------------------------------------- format


def kind_from_extension(p: Path) -> tuple[str | None, str | None]:
    """(kind, delimiter) from the extension; kind is csv, jsonl, text, parquet, binary or None (unknown).
    The delimiter is None where the content decides it (.csv, which may use ; as Excel does in some locales)."""
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


def sniff_kind(text: str) -> tuple[str, str | None]:
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

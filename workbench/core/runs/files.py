"""Writing run files safely: whole files via a temporary file and one rename, a full disk said in plain words,
hashes for checkpoint manifests, and JSON that never carries NaN."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import math
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from workbench.core.errors import RunError

TEMP_SUFFIX = ".tmp"  # every temporary file or folder a writer makes ends so, and starts with a dot


class DiskFullError(RunError):
    """The disk filled up while a run file was written; what was there before is kept."""


def disk_full_message(where: Path) -> str:
    return f"The disk is full: free space in {where} and try again."


@contextlib.contextmanager
def plain_disk_errors(where: Path) -> Iterator[None]:
    """Turn a full disk (or a quota) into DiskFullError naming the folder to free space in."""
    try:
        yield
    except OSError as err:
        if err.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFullError(disk_full_message(Path(where))) from None
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`: readers see the old file or the
    new one, never a half-written one. No fsync: on ext4 one fsync also flushes every dirty checkpoint byte,
    which made stopping a run take seconds; the rename is what keeps the folder consistent after a crash of
    the program (a power cut can still lose the last seconds)."""
    path = Path(path)
    with plain_disk_errors(path.parent):
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_via(path: Path, write: Callable[[str], Any]) -> None:
    """Let `write(tmp_path)` produce the file (for libraries that take a filename), then rename it into place."""
    path = Path(path)
    with plain_disk_errors(path.parent):
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
        os.close(fd)
        try:
            write(tmp)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def finite_json(obj: Any) -> Any:
    """`obj` with every NaN or infinite float replaced by None, so json.dumps writes valid JSON (null)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: finite_json(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [finite_json(v) for v in obj]
    return obj


def is_temporary(path: Path) -> bool:
    return path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX)

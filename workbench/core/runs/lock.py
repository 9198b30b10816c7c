"""One writer per run folder: training, --resume and the app's Continue hold this lock while they write.

The lock is the OS's (filelock: flock on Unix, LockFileEx on Windows), so it dies with its process: a run killed
with kill -9 leaves no lock behind that blocks the next writer. Beside it, .writer.json names the holder (pid,
host, since when) so a second writer can say who is writing; that file from a dead process is simply replaced.
Where the file system has no OS locks, filelock falls back to a lock file of its own, which it recognises as
stale (and takes over) when the pid that wrote it is gone from this machine.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import socket
from inspect import signature
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from workbench.core.errors import RunError

LOCK_FILE = ".writer.lock"
# The lock file stays (empty) after release: deleting it would let two writers lock two different files.
# filelock 3.x never deletes it on Unix; 4.x does unless told not to.
_KEEPS_FILE = "preserve_lock_file" in signature(FileLock.__init__).parameters
HOLDER_FILE = ".writer.json"


class RunBusyError(RunError):
    """Another process is writing this run folder."""


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, owned by someone else (or the OS will not say): treat as alive
    return True


def read_holder(run_dir: Path) -> dict[str, Any]:
    """What .writer.json says about the current writer; {} when there is none or it cannot be read."""
    try:
        holder = json.loads((Path(run_dir) / HOLDER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


def describe_holder(holder: dict[str, Any]) -> str:
    pid, since, host = holder.get("pid"), holder.get("since"), holder.get("host")
    if not isinstance(pid, int):
        return "another process"
    where = f" on {host}" if isinstance(host, str) and host != socket.gethostname() else ""
    when = f", since {since}" if isinstance(since, str) else ""
    return f"process {pid}{where}{when}"


class RunLock:
    """The writer's lock on one run folder. acquire() raises RunBusyError naming the holder."""

    def __init__(self, run_dir: Path, *, announce: bool = True) -> None:
        """announce=False: a short hold (tidying) that leaves .writer.json as it is."""
        self.run_dir = Path(run_dir)
        self.announce = announce
        path = self.run_dir / LOCK_FILE
        if _KEEPS_FILE:
            self._lock = FileLock(path, timeout=0, thread_local=False, preserve_lock_file=True)
        else:
            self._lock = FileLock(path, timeout=0, thread_local=False)
        self.stale_holder: dict[str, Any] = {}

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def acquire(self) -> RunLock:
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            raise RunBusyError(
                f"{self.run_dir} is being written by {describe_holder(read_holder(self.run_dir))}; wait for it to "
                "end (or stop it) before training, resuming or continuing this run."
            ) from None
        except OSError as err:
            raise RunError(f"Cannot lock the run folder {self.run_dir} for writing: {err.strerror or err}.") from None
        if not self.announce:
            return self
        previous = read_holder(self.run_dir)
        # A holder file left by a process that is gone: it was killed while it wrote (the OS freed its lock).
        self.stale_holder = previous if isinstance(previous.get("pid"), int) and not _pid_alive(previous["pid"]) else {}
        now = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
        holder = {"pid": os.getpid(), "host": socket.gethostname(), "since": now}
        from workbench.core.runs.files import atomic_write_text

        try:
            atomic_write_text(self.run_dir / HOLDER_FILE, json.dumps(holder) + "\n")
        except BaseException:
            self._lock.release(force=True)
            raise
        return self

    def release(self) -> None:
        if not self._lock.is_locked:
            return
        with contextlib.suppress(OSError):
            if self.announce and read_holder(self.run_dir).get("pid") == os.getpid():
                (self.run_dir / HOLDER_FILE).unlink(missing_ok=True)
        self._lock.release(force=True)

    def __enter__(self) -> RunLock:
        return self if self.held else self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def is_being_written(run_dir: Path) -> bool:
    """True while another process (or another part of this one) holds the writer's lock on `run_dir`."""
    if not (Path(run_dir) / LOCK_FILE).exists():
        return False
    probe = RunLock(run_dir)
    try:
        probe._lock.acquire(timeout=0)
    except Timeout:
        return True
    except OSError:
        return False
    probe._lock.release(force=True)
    return False

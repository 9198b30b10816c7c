"""One registry of the app's background threads: the training worker, the evaluation and prediction jobs, the
inspection thread and the device probe register while their thread runs; the data jobs run as superqt workers
in Qt's global thread pool. One shutdown path stops them all: the window's close (stop_background), the
application's aboutToQuit, and the tests' leak check.

The registry holds strong references on purpose: a QThread that Python collects while it runs aborts the process.
"""

from __future__ import annotations

import time
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QThreadPool


class Background(Protocol):
    """What the registry asks of a background thread's owner."""

    @property
    def is_running(self) -> bool: ...

    def request_stop(self) -> None:
        """End soon: at the next step or progress report, without waiting for anything to finish."""

    def wait(self, ms: int) -> bool:
        """Block until the thread has ended; False on timeout."""


_RUNNING: dict[int, Background] = {}
_quit_hooked = False


def register(owner: Background) -> None:
    """Call as its thread starts (on the main thread)."""
    global _quit_hooked
    _RUNNING[id(owner)] = owner
    app = QCoreApplication.instance()
    if app is not None and not _quit_hooked:  # a thread still running when Qt is torn down aborts the process
        app.aboutToQuit.connect(lambda: shutdown())
        _quit_hooked = True


def unregister(owner: Background) -> None:
    """Call once its thread has finished and its last signal was delivered (on the main thread)."""
    _RUNNING.pop(id(owner), None)


def running() -> list[Background]:
    """The registered owners whose threads still run."""
    return [owner for owner in list(_RUNNING.values()) if owner.is_running]


def pool_jobs() -> int:
    """Data jobs (superqt workers) running in the global thread pool."""
    return QThreadPool.globalInstance().activeThreadCount()


def shutdown(timeout_ms: int = 15_000) -> list[str]:
    """Ask every background thread to stop and wait for them all, within `timeout_ms` in total. Returns what is
    still running then (type names), so a caller can say so; [] when everything ended."""
    owners = running()
    for owner in owners:
        owner.request_stop()
    deadline = time.monotonic() + timeout_ms / 1000

    def left_ms() -> int:
        return max(0, int((deadline - time.monotonic()) * 1000))

    # Their `ended` signals arrive with the next event loop pass; whether the threads have ended is known now.
    left = [type(owner).__name__ for owner in owners if not owner.wait(left_ms())]
    if not QThreadPool.globalInstance().waitForDone(left_ms()):
        left.append(f"{pool_jobs()} thread-pool job(s)")
    return left

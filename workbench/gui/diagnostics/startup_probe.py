"""Times the app's start: when the window is usable, when torch is ready, and the longest freeze in between.

A 10 ms QTimer ticks from the moment the window is shown; a tick that arrives late is a moment the window could
not react. "Usable" means shown on screen with the default data loaded and Start training enabled; "torch ready"
means the background device probe has reported (torch imported and warmed up). Used by the smoke test and by
`workbench bench startup` (through WORKBENCH_STARTUP_REPORT, see app.py).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from workbench import torch_loader

PROBE_MS = 10
WORST_TICKS = 5
SETTLE_MS = 300  # keep probing this long after torch is ready: the window handles the probe's report then
_IMPORTED_AT = time.time()


def process_started_at() -> float:
    """When this process started (seconds since the epoch); where that cannot be read, when this module loaded."""
    try:
        with open("/proc/self/stat", "rb") as f:
            ticks = int(f.read().rsplit(b")", 1)[1].split()[19])  # field 22: start time in clock ticks after boot
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
        return time.time() - age
    except (OSError, ValueError, IndexError, AttributeError):
        started = getattr(sys.modules.get("__main__"), "STARTED_AT", None)
        return started if isinstance(started, float) else _IMPORTED_AT


class StartupProbe(QObject):
    """Watches a MainWindow from show() on; `settled` fires once it is usable and torch is ready."""

    settled = Signal()

    def __init__(self, window: Any, started_at: float | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window
        self.started_at = process_started_at() if started_at is None else started_at
        self.window_at: float | None = None
        self.torch_at: float | None = None
        self.torch_failed = False
        self.max_stall_ms = 0.0
        self.late_ticks: list[tuple[float, float]] = []  # the worst: (seconds since process start, ms late)
        self._last: float | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(PROBE_MS)
        self._timer.timeout.connect(self._tick)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._finish)

    def start(self) -> None:
        self._last = None
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._settle.stop()

    def usable(self) -> bool:
        w = self._window
        handle = w.windowHandle()
        return bool(
            w.isVisible()
            and handle is not None
            and handle.isExposed()
            and w.data_panel.is_ready()
            and w.train_panel.start_button.isEnabled()
        )

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:  # from the first tick on: the event loop runs and the window is on screen
            late = (now - self._last) * 1000.0 - PROBE_MS
            self.max_stall_ms = max(self.max_stall_ms, late)
            if late > PROBE_MS:  # when it came tells what the app was doing: painting, loading torch, the data
                at = time.time() - (now - self._last) - self.started_at  # when the window stopped
                self.late_ticks = sorted([*self.late_ticks, (at, late)], key=lambda t: -t[1])[:WORST_TICKS]
        self._last = now
        if self.window_at is None and self.usable():
            self.window_at = time.time()
        if self.torch_at is None and not self.torch_failed and self._window.devices_known():
            # The probe reports even when torch cannot load (the CPU entry keeps the window usable): tell apart.
            self.torch_failed = torch_loader.state() == "failed"
            self.torch_at = None if self.torch_failed else time.time()
        torch_done = self.torch_at is not None or self.torch_failed
        if self.window_at is not None and torch_done and not self._settle.isActive():
            self._settle.start()

    def _finish(self) -> None:
        self._timer.stop()
        self.settled.emit()

    def result(self) -> dict[str, Any]:
        """Seconds from process start (None: not reached yet), and the worst late tick in milliseconds."""

        def since_start(at: float | None) -> float | None:
            return None if at is None else round(at - self.started_at, 3)

        return {
            "window_shown_s": since_start(self.window_at),
            "torch_ready_s": since_start(self.torch_at),
            "startup_stall_ms": round(max(0.0, self.max_stall_ms), 1),
            # [seconds since process start when the window stopped responding, ms], worst first
            "late_ticks": [[round(at, 3), round(ms, 1)] for at, ms in self.late_ticks],
            "window_at": self.window_at,
            "torch_at": self.torch_at,
            "torch_import_s": round(torch_loader.timings().get("import_s", 0.0), 3) or None,
            "torch_error": torch_loader.error() if self.torch_failed else None,
        }

"""The device probe: imports torch and lists the devices a person can train on, in a background thread.

Started once the window has painted itself: importing torch is about a second of Python in the probe's thread, and
sharing the interpreter lock with it stretched the window's first paint (pyqtgraph's, in Python too) to 90-164 ms
on a 2-core machine (README, bench startup). Until it reports, the CPU is the only device offered.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QThread, QTimer, Signal
from PySide6.QtWidgets import QWidget

from workbench.core.machine import system_memory
from workbench.gui.threads import registry

FALLBACK_MS = 500  # a window not painted by then is not being shown: probe anyway


@dataclass(frozen=True)
class DeviceInfo:
    """One device a person can train on. spec is what TrainConfig.device takes."""

    spec: str  # "cuda:0", "mps", "cpu"
    label: str  # "NVIDIA H200 (139 GiB)"
    memory_bytes: int  # GPU memory, or system RAM for the CPU (0 when unknown)
    kind: str  # cuda, mps, cpu


def cpu_device() -> DeviceInfo:
    return DeviceInfo("cpu", "CPU", system_memory() or 0, "cpu")


def probe_devices() -> list[DeviceInfo]:
    """The GPUs torch can use, then the CPU. Imports torch, so call it off the main thread."""
    from workbench.torch_loader import import_torch

    torch = import_torch()  # its libraries load with the interpreter lock released: the window keeps running

    found: list[DeviceInfo] = []
    try:
        for i in range(torch.cuda.device_count() if torch.cuda.is_available() else 0):
            props = torch.cuda.get_device_properties(i)
            label = f"{props.name} ({props.total_memory / 2**30:.0f} GiB)"
            found.append(DeviceInfo(f"cuda:{i}", label, int(props.total_memory), "cuda"))
    except RuntimeError:  # a broken driver must not stop CPU training
        pass
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        found.append(DeviceInfo("mps", "Apple GPU (MPS)", system_memory() or 0, "mps"))
    found.append(cpu_device())
    from workbench.core.training.device import warm_up

    warm_up()  # here, in the background, rather than stalling the window when the first run starts
    # The engine's own modules too: imported by the first run's thread, their Python (and PySide's import hook,
    # which reads each new module's source) held the interpreter lock in the first tenth of a second after Start.
    importlib.import_module("workbench.core.training.engine")
    return found


class _ProbeThread(QThread):
    def __init__(self, owner: DeviceProbe) -> None:
        super().__init__()
        self._owner = owner

    def run(self) -> None:
        try:
            self._owner._result = probe_devices()
        except Exception as err:  # torch missing or broken: the CPU entry still works for the UI
            self._owner._result = [cpu_device()]
            self._owner._error = f"{type(err).__name__}: {err}"


class DeviceProbe(QObject):
    """Imports torch and lists devices in the background; `found(list[DeviceInfo])` arrives on the main thread."""

    found = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._result: list[DeviceInfo] = []
        self._error = ""
        self._done = False
        self._started = False
        self._window: QWidget | None = None
        self._fallback: QTimer | None = None
        self._thread = _ProbeThread(self)
        self._thread.finished.connect(self._on_finished)

    def start(self) -> None:
        self._started = True
        registry.register(self)
        self._thread.start(QThread.Priority.LowPriority)

    def start_after_paint(self, window: QWidget, fallback_ms: int = FALLBACK_MS) -> None:
        """Start once `window` has painted itself for the first time, or after fallback_ms if it has not by then
        (a window never shown). The timer belongs to the window, so a window closed first never starts it."""
        self._window = window
        self._fallback = QTimer(window)
        self._fallback.setSingleShot(True)
        self._fallback.timeout.connect(self._start_once)
        self._fallback.start(fallback_ms)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        fallback = self._fallback
        if event.type() == QEvent.Type.Paint and watched is self._window and fallback is not None and not self._started:
            fallback.start(0)  # when this paint (the window's, then its children's) has finished
        return False

    def _start_once(self) -> None:
        if self._started:
            return
        if self._window is not None:
            self._window.removeEventFilter(self)
        self.start()

    @property
    def is_running(self) -> bool:
        return self._started and not self._done

    def request_stop(self) -> None:
        """Importing torch cannot be interrupted: the registry waits for it."""

    @property
    def error(self) -> str:
        return self._error

    def wait(self, ms: int) -> bool:
        return self._thread.wait(ms)

    def _on_finished(self) -> None:
        self._done = True
        self._thread.wait()  # `finished` comes just before the thread ends: let it end before letting go of it
        registry.unregister(self)
        self.found.emit(self._result)

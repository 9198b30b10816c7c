"""The background device probe: it starts once the window has painted, lists the CPU, and loads what the first run
needs."""

from __future__ import annotations

import os
import subprocess
import sys


def test_the_probe_imports_the_engine_so_the_first_run_does_not() -> None:
    # A fresh interpreter: this test process imported the engine long ago. Imported by the first run's thread
    # instead, the engine's modules held the interpreter lock while the window should have been painting.
    code = (
        "import sys\n"
        "from workbench.gui.threads.device_probe import probe_devices\n"
        "before = 'workbench.core.training.engine' in sys.modules\n"
        "found = probe_devices()\n"
        "print(before, 'workbench.core.training.engine' in sys.modules, found[-1].kind)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CUDA_VISIBLE_DEVICES": ""}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "cpu"]


def test_a_shown_window_starts_the_probe_once_it_has_painted(qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    from workbench.gui.threads.device_probe import DeviceProbe

    window = QLabel("a window")
    qtbot.addWidget(window)
    probe = DeviceProbe()
    probe.start_after_paint(window, fallback_ms=600_000)  # only the paint can start it within the test
    assert not probe.is_running
    with qtbot.waitSignal(probe.found, timeout=60_000) as found:
        window.show()
    assert found.args[0][-1].kind == "cpu"


def test_a_window_never_shown_starts_the_probe_after_the_fallback(qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    from workbench.gui.threads.device_probe import DeviceProbe

    window = QLabel("never shown")
    qtbot.addWidget(window)
    probe = DeviceProbe()
    probe.start_after_paint(window, fallback_ms=50)
    with qtbot.waitSignal(probe.found, timeout=60_000) as found:
        pass
    assert found.args[0][-1].kind == "cpu" and not window.isVisible()

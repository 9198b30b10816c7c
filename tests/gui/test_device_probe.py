"""The background device probe at start: it lists the CPU and loads what the first run needs."""

from __future__ import annotations

import os
import subprocess
import sys


def test_the_probe_imports_the_engine_so_the_first_run_does_not() -> None:
    # A fresh interpreter: this test process imported the engine long ago. Imported by the first run's thread
    # instead, the engine's modules held the interpreter lock while the window should have been painting.
    code = (
        "import sys\n"
        "from workbench.gui.threads.training_worker import probe_devices\n"
        "before = 'workbench.core.training.engine' in sys.modules\n"
        "found = probe_devices()\n"
        "print(before, 'workbench.core.training.engine' in sys.modules, found[-1].kind)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "CUDA_VISIBLE_DEVICES": ""}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "cpu"]

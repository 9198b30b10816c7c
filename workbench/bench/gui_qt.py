"""`workbench bench gui`: training inside the real main window against the same training headless.

Offscreen, the window trains the chosen preset on demo:reviews for a fixed number of steps while a 10 ms QTimer
probes the event loop (a late tick is a stall the person would feel); then the same steps run headless with the
same settings, and the two alternate. Both use the engine's default thread count. Also measures the plot's
full-view redraw of a million-point curve (bench/plot_redraw_qt.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

PROBE_MS = 10


def _app() -> Any:
    if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _wait(app: Any, condition: Any, timeout_s: float) -> None:
    """Run the event loop until condition() holds (the window keeps working meanwhile)."""
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not finish in time")
        app.processEvents()
        time.sleep(0.001)


def _train_in_window(app: Any, window: Any, steps: int) -> dict[str, float]:
    from PySide6.QtCore import QEventLoop, QTimer

    ticks: list[float] = []
    probe = QTimer()
    probe.setInterval(PROBE_MS)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    plot = window.plot
    plot.clear()
    redraws_before = plot.redraw_count
    loop = QEventLoop()
    window.trainingEnded.connect(loop.quit)
    probe.start()
    started = time.perf_counter()
    window.start_training()
    worker = window.worker  # kept: the window lets go of it when the run ends
    loop.exec()  # the real event loop runs until the run has ended, as in the application
    elapsed = time.perf_counter() - started
    window.trainingEnded.disconnect(loop.quit)
    probe.stop()
    trainer = worker.trainer if worker is not None else None
    summary = trainer.summary() if trainer is not None else {}
    gaps = np.diff(np.array(ticks)) * 1000.0 - PROBE_MS
    return {
        "stalls": gaps.clip(min=0.0),
        "tokens_per_s": summary.get("tokens_per_s") or 0.0,
        "steps": summary.get("steps") or 0,
        "points": plot.n_points,
        "steps_seen": worker.steps_seen if worker is not None else 0,
        "redraws_per_s": (plot.redraw_count - redraws_before) / elapsed,
    }


def _train_headless(config: Any, train: Any, val: Any, root: Path) -> float:
    from workbench.core.engine import Trainer

    trainer = Trainer(config, train=train, val=val, run_dir=root / f"headless-{time.monotonic_ns()}")
    for _ in trainer.fit():
        pass
    return trainer.summary()["tokens_per_s"] or 0.0


def run(preset: str = "small", steps: int = 200, rounds: int = 2) -> dict[str, Any]:
    app = _app()
    import torch
    from PySide6.QtCore import QSettings

    from workbench.bench.plot_redraw_qt import plot_redraw_ms_1m
    from workbench.core.config import RunConfig
    from workbench.gui.main_window import MainWindow

    threads = torch.get_num_threads()  # the engine's default, used in the window and headless alike
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = QSettings(str(root / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(runs_root=root / "runs", settings=settings)
        window.resize(1400, 900)
        window.show()
        _wait(app, lambda: window.data_panel.is_ready() and window.devices_known(), 60)
        window.model_panel.preset_buttons[preset].click()  # as a person would: the device no longer picks
        panel = window.train_panel
        config = panel.train_config()
        config.max_steps, config.epochs, config.max_time, config.seed = steps, None, None, 0
        panel.set_train_config(config)
        panel.threads_box.setValue(threads)
        app.processEvents()
        train, val = window.data_panel.datasets()
        headless_config = RunConfig(
            data=window.data_panel.data_config(),
            model=window.model_panel.model_config(),
            train=panel.train_config(),
            preset=preset,
        )
        in_app, headless = [], []
        for _ in range(rounds):
            in_app.append(_train_in_window(app, window, steps))
            headless.append(_train_headless(headless_config, train, val, root))
        window.close()
        app.processEvents()
    stalls = np.concatenate([r["stalls"] for r in in_app])
    app_rate = statistics.median(r["tokens_per_s"] for r in in_app)
    headless_rate = statistics.median(headless)
    return {
        "max_stall_ms": round(float(stalls.max()), 1),
        "p99_stall_ms": round(float(np.percentile(stalls, 99)), 1),
        "app_tokens_per_s": round(app_rate),
        "headless_tokens_per_s": round(headless_rate),
        "ratio": round(app_rate / headless_rate, 3) if headless_rate else None,
        "redraws_per_s": round(statistics.median(r["redraws_per_s"] for r in in_app), 1),
        "every_step_plotted": all(r["points"] == r["steps"] == steps for r in in_app),
        "plot_redraw_ms_1m": round(plot_redraw_ms_1m(), 2),
        "preset": headless_config.preset,
        "model": f"{headless_config.model.d_model}/{headless_config.model.n_heads}/{headless_config.model.n_layers}"
        f"/{headless_config.model.d_ff}",
        "steps": steps,
        "threads": threads,
    }


def run_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """`workbench bench gui`."""
    return run(preset=args.preset)

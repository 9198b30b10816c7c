"""`workbench bench gui`: training inside the real main window against the same training headless.

Offscreen, the window (in the application as the app builds it: theme, fonts, the wheel guard) trains the chosen
preset on demo:reviews for a fixed number of steps while a 10 ms QTimer probes the event loop (a late tick is a
stall the person would feel); then the same steps run headless with the same settings and the same rows, and the two
alternate in six pairs (the order swapped every other pair, so a machine getting busier or quieter favours neither;
one pair's ratio swings by several per cent on a shared machine, and the median of six is steadier than that of
four). Both use the engine's default thread count. Also measures the plot's full-view redraw of a million-point
curve (bench/plot_redraw_qt.py).

Headless means the same process, with a plain thread iterating Trainer.fit() while the main thread only waits for
it: no event loop, no window work. (Not the main thread itself: a thread that runs torch work keeps an OpenMP thread
team alive, and the main thread never ends; a finished thread's team goes with it, as the window's worker's does.)

Two speeds are compared: tokens/s inside the training step (`ratio`), and wall-clock steps/s from the end of the
first step to the end of the last (`wall_ratio`), which also counts the time the training thread loses between
steps in the window. The engine's own clock times both sides, so set-up (data, vocabulary, model, the first step's
warm-up) and the final evaluation are left out of both alike. Each ratio is the median of the pairs' ratios, with
their spread beside it. `gui_cpu_ms_per_step` is the CPU time the GUI thread itself used per step while training (a
busy machine stretches wall-clock times, not this). The plot's redraw is also compared with a plain pyqtgraph
PlotWidget drawing the same curves (`plot_redraw_ratio`, see bench/plot_redraw_qt.py).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

PROBE_MS = 10


def _app() -> Any:
    """The application as `workbench` builds it (theme, fonts, translations, the wheel guard's filter), in English.
    The app's error box is left out: offscreen nobody could close it, so an error ends the benchmark instead."""
    if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from workbench.gui.app import create_app

    hook = sys.excepthook
    app = create_app(["workbench"], language="en")
    sys.excepthook = hook
    return app


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
    cpu_started = time.thread_time()  # the GUI thread's own CPU time: what the window takes from training
    window.start_training()
    worker = window.worker  # kept: the window lets go of it when the run ends
    step_times: list[float] = []
    worker.step.connect(lambda event: step_times.append(event.elapsed_s))
    loop.exec()  # the real event loop runs until the run has ended, as in the application
    elapsed = time.perf_counter() - started
    gui_cpu_s = time.thread_time() - cpu_started
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
        "steps_per_s": (summary.get("steps") or 0) / elapsed,
        "wall_steps_per_s": wall_steps_per_s(step_times),
        "gui_cpu_ms_per_step": 1000.0 * gui_cpu_s / max(1, summary.get("steps") or 0),
    }


def wall_steps_per_s(elapsed: list[float]) -> float:
    """Steps a second of wall time from the end of the first step to the end of the last (engine clock)."""
    if len(elapsed) < 2 or elapsed[-1] <= elapsed[0]:
        return 0.0
    return (len(elapsed) - 1) / (elapsed[-1] - elapsed[0])


def _train_headless(config_toml: str, split: tuple[Any, Any], root: Path) -> dict[str, float]:
    """The same steps on a plain thread of this process, the main thread only waiting (no event loop runs)."""
    from workbench.core.config import RunConfig
    from workbench.core.training.engine import Trainer
    from workbench.core.training.events import StepEvent

    trainer = Trainer(
        RunConfig.from_toml(config_toml),  # a fresh copy: the trainer fills in the vocabulary size
        train=split[0],
        val=split[1],
        run_dir=root / f"headless-{time.monotonic_ns()}",
    )
    step_times: list[float] = []
    failed: list[BaseException] = []

    def train() -> None:
        try:
            step_times.extend(event.elapsed_s for event in trainer.fit() if isinstance(event, StepEvent))
        except BaseException as err:  # re-raised on the main thread
            failed.append(err)

    thread = threading.Thread(target=train, name="headless-training")
    thread.start()
    thread.join()
    if failed:
        raise RuntimeError(f"the headless run failed: {failed[0]}") from failed[0]
    return {"tokens_per_s": trainer.summary()["tokens_per_s"] or 0.0, "wall_steps_per_s": wall_steps_per_s(step_times)}


def _pair_ratios(in_app: list[dict[str, Any]], headless: list[dict[str, Any]], key: str) -> list[float]:
    return [a[key] / h[key] for a, h in zip(in_app, headless, strict=True) if h[key]]


def run(preset: str = "small", steps: int = 100, rounds: int = 6) -> dict[str, Any]:
    app = _app()
    import torch
    from PySide6.QtCore import QSettings

    from workbench.bench.plot_redraw_qt import plot_redraws
    from workbench.core.config import RunConfig
    from workbench.gui.app import GuiThreadCollector
    from workbench.gui.window.main_window import MainWindow

    threads = torch.get_num_threads()  # the engine's default, used in the window and headless alike
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        settings = QSettings(str(root / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(runs_root=root / "runs", settings=settings)
        # The app's garbage-collection policy (cyclic GC on the GUI thread only, torch's objects frozen once it
        # has loaded): without it a full collection in the training thread holds the GIL for ~180 ms.
        collector = GuiThreadCollector(interval=1.0)
        collector.hold_while(lambda: not window.devices_known())
        window.resize(1400, 900)
        window.show()
        _wait(app, lambda: window.data_panel.is_ready() and window.devices_known(), 60)
        window.model_panel.preset_buttons[preset].click()  # as a person would: the device no longer picks
        panel = window.train_panel
        config = panel.train_config()
        config.max_steps, config.epochs, config.max_time, config.seed = steps, None, None, 0
        config.early_stopping_patience = None  # the same number of steps every time
        panel.set_train_config(config)
        panel.threads_box.setValue(threads)
        app.processEvents()
        headless_config = RunConfig(
            data=window.data_panel.data_config(),
            model=window.model_panel.model_config(),
            train=panel.train_config(),
            preset=preset,
        )
        split = window.data_panel.datasets()  # the rows the window trains on
        if split is None:
            raise RuntimeError("the built-in data did not load in the window; run `workbench --smoke-test`")
        in_app, headless = [], []
        for pair in range(rounds):
            if pair % 2:  # every other pair headless first: a machine that gets busier favours neither side
                headless.append(_train_headless(headless_config.to_toml(), split, root))
                in_app.append(_train_in_window(app, window, steps))
            else:
                in_app.append(_train_in_window(app, window, steps))
                headless.append(_train_headless(headless_config.to_toml(), split, root))
        window.close()
        app.processEvents()
        collector.timer.stop()
        gc.enable()
    redraws = plot_redraws()
    stalls = np.concatenate([r["stalls"] for r in in_app])
    app_rate = statistics.median(r["tokens_per_s"] for r in in_app)
    headless_rate = statistics.median(r["tokens_per_s"] for r in headless)
    app_wall = statistics.median(r["wall_steps_per_s"] for r in in_app)
    headless_wall = statistics.median(r["wall_steps_per_s"] for r in headless)
    ratios = _pair_ratios(in_app, headless, "tokens_per_s")
    wall_ratios = _pair_ratios(in_app, headless, "wall_steps_per_s")
    return {
        "max_stall_ms": round(float(stalls.max()), 1),
        "p99_stall_ms": round(float(np.percentile(stalls, 99)), 1),
        "app_tokens_per_s": round(app_rate),
        "headless_tokens_per_s": round(headless_rate),
        "ratio": round(statistics.median(ratios), 3) if ratios else None,
        "ratio_spread": [round(min(ratios), 3), round(max(ratios), 3)] if ratios else None,
        "app_wall_steps_per_s": round(app_wall, 2),
        "headless_wall_steps_per_s": round(headless_wall, 2),
        "wall_ratio": round(statistics.median(wall_ratios), 3) if wall_ratios else None,
        "wall_ratio_spread": [round(min(wall_ratios), 3), round(max(wall_ratios), 3)] if wall_ratios else None,
        "gui_cpu_ms_per_step": round(statistics.median(r["gui_cpu_ms_per_step"] for r in in_app), 2),
        "redraws_per_s": round(statistics.median(r["redraws_per_s"] for r in in_app), 1),
        # The plot redraws when a step arrives (within 200 ms): redraws_per_s can only exceed this by redrawing
        # the same data again.
        "steps_per_s": round(statistics.median(r["steps_per_s"] for r in in_app), 1),
        "every_step_plotted": all(r["points"] == r["steps"] == steps for r in in_app),
        "plot_redraw_ms_1m": round(redraws["plot_redraw_ms_1m"], 2),
        "reference_redraw_ms_1m": round(redraws["reference_redraw_ms_1m"], 2),
        "plot_redraw_ratio": round(redraws["plot_redraw_ratio"], 3),
        "preset": headless_config.preset,
        "model": f"{headless_config.model.d_model}/{headless_config.model.n_heads}/{headless_config.model.n_layers}"
        f"/{headless_config.model.d_ff}",
        "steps": steps,
        "rounds": rounds,
        "threads": threads,
        "load_average": round(os.getloadavg()[0], 1),
    }


def run_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """`workbench bench gui`."""
    return run(preset=args.preset)

"""`workbench --smoke-test --report PATH [--screenshot PATH]`: the whole app, end to end, in well under a minute.

Opens the real main window (with the app's theme and start-up path), waits until it is usable with the default
data loaded and torch is ready, trains a tiny model for a few steps through the Train page's flow, renders the
attention of a sentence, optionally saves a screenshot, and writes ONE JSON object to the report: window_shown_s,
torch_ready_s, startup_stall_ms, steps, val_accuracy, attention_ok, language (the window's, following the system:
`LANG=zh_CN.UTF-8` gives "zh_CN"), untranslated (how many visible strings on all pages are still in English; null
in English) with untranslated_examples, total_s (and "error" when anything failed, with a non-zero exit status).
Works the same from source and in the packaged app, so CI can check a bundle.

Everything the app writes (runs, settings) goes to a temporary folder; the person's own are never touched. A
watchdog thread ends the process with the report written if the event loop ever stops responding.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

SENTENCE = "the food was not bad at all"
DEFAULT_TIMEOUT_S = 120.0
DEFAULT_STEPS = 20
_WATCHDOG_GRACE_S = 15.0  # after the soft timeout: time to write the report and close before a hard exit


class SmokeTestError(Exception):
    """A step of the smoke test failed; the message says which and why."""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="workbench --smoke-test", description="Check the app end to end.")
    parser.add_argument("--smoke-test", action="store_true", required=True)
    parser.add_argument("--report", type=Path, required=True, help="where to write the JSON report")
    parser.add_argument("--screenshot", type=Path, help="also save a PNG of the window here")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="give up after this many seconds")
    parser.add_argument("--steps", type=int, default=DEFAULT_STEPS, help="training steps (20)")
    parser.add_argument(
        "--grace",
        type=float,
        default=_WATCHDOG_GRACE_S,
        help="seconds after the timeout before a stuck app is ended without waiting (15)",
    )
    return parser.parse_args(argv)


def _write_report(path: Path, report: dict[str, Any]) -> None:
    text = json.dumps(report, sort_keys=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    os.replace(tmp, path)
    if sys.stdout is not None:  # a windowed build on Windows has no console
        print(text, flush=True)


class _Waiter:
    """Runs the event loop until a condition holds, a signal fires, or the smoke test's deadline passes."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline

    def until(self, condition: Callable[[], bool], what: str, poll_ms: int = 20) -> None:
        from PySide6.QtCore import QEventLoop, QTimer

        if condition():
            return
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(poll_ms)
        timer.timeout.connect(lambda: loop.quit() if condition() or time.monotonic() > self.deadline else None)
        timer.start()
        loop.exec()
        timer.stop()
        if not condition():
            raise SmokeTestError(f"timed out waiting for {what}")

    def signal(self, signal: Any, what: str, already: Callable[[], bool] = lambda: False) -> None:
        fired = []
        slot = lambda *_: fired.append(True)  # noqa: E731
        signal.connect(slot)
        try:
            self.until(lambda: bool(fired) or already(), what)
        finally:
            signal.disconnect(slot)


def _start_window(root: Path) -> tuple[Any, Any, Any]:
    """The main window as the app opens it, shown, with a probe timing it from process start."""
    from PySide6.QtCore import QSettings

    from workbench.gui.app import GuiThreadCollector
    from workbench.gui.diagnostics.startup_probe import StartupProbe
    from workbench.gui.window.main_window import MainWindow

    collector = GuiThreadCollector(interval=1.0)
    # Every QSettings() the app makes (recent files, panels) lands in the temporary folder too.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(root / "settings"))
    settings = QSettings(str(root / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(runs_root=root / "runs", settings=settings)
    collector.hold_while(lambda: not window.devices_known())
    probe = StartupProbe(window, parent=window)
    probe.start()
    window.resize(1280, 820)
    window.show()
    return window, collector, probe


def _train_tiny(waiter: _Waiter, window: Any, steps: int) -> dict[str, Any]:
    """A few steps of the tiny preset on the CPU, started and awaited the way the Train page does it."""
    window.model_panel.preset_buttons["tiny"].click()
    tp = window.train_panel
    tp.device_box.setCurrentIndex(max(0, tp.device_box.findData("cpu")))
    tp.precision_box.setCurrentIndex(max(0, tp.precision_box.findData("fp32")))
    tp.batch_box.setValue(16)
    tp.epochs_box.setValue(tp.epochs_box.maximum())
    tp.max_steps_box.setValue(steps)
    if not tp.start_button.isEnabled():
        raise SmokeTestError("the Start training button is disabled")
    tp.start_button.click()
    worker = window.worker
    if worker is None:
        raise SmokeTestError(f"training did not start: {tp.status_label.text() or 'no reason shown'}")
    waiter.signal(window.trainingEnded, "training to end", already=lambda: not window.is_training)
    if worker.last_error is not None:
        raise SmokeTestError(f"training failed: {worker.last_error.message}")
    done = worker.last_done
    if done is None:
        raise SmokeTestError("training ended without finishing")
    accuracy = done.final_metrics.get("val_accuracy")
    return {
        "steps": done.step,
        "val_accuracy": None if accuracy is None else round(float(accuracy), 4),
        "run_dir": window.run_path,
    }


def _rows_sum_to_one(attention: Any) -> bool:
    a = np.asarray(attention, dtype=np.float64)
    return bool(a.ndim == 4 and a.size and np.isfinite(a).all() and np.allclose(a.sum(axis=-1), 1.0, atol=1e-3))


def _render_attention(waiter: _Waiter, window: Any, run_dir: str) -> dict[str, Any]:
    """The attention of SENTENCE for the trained run: drawn on the Inspect page when it can show a sentence,
    else computed by the core (the same forward pass the page uses). Checks every row sums to 1."""
    from workbench.gui.window.page import Page

    panel = window.inspect_panel
    if all(hasattr(panel, name) for name in ("set_text", "refreshed", "result", "shown_grid")):
        window.show_page(Page.INSPECT)
        if panel.run_path() != run_dir or panel.source() is None:
            panel.set_run(run_dir)
        panel.set_text(SENTENCE)

        def drawn() -> bool:
            result = panel.result()
            return result is not None and result.text == SENTENCE and panel.shown_grid() is not None

        waiter.until(drawn, "the Inspect page to draw the attention")
        waiter.until(lambda: not panel.busy(), "the Inspect page to finish (saliency)")
        attention = panel.result().inspection.attention
        return {"attention_ok": _rows_sum_to_one(attention), "attention_shape": list(np.shape(attention)),
                "attention_from": "inspect_page"}  # fmt: skip

    from workbench.core.inspection.inspector import inspect_text, load_run

    run = load_run(Path(run_dir))
    inspection = inspect_text(run.model, run.tokenizer, SENTENCE)
    attention = inspection.attention
    return {"attention_ok": _rows_sum_to_one(attention), "attention_shape": list(attention.shape),
            "attention_from": "core"}  # fmt: skip


def _count_untranslated(window: Any) -> dict[str, Any]:
    """Every page shown in turn; the visible strings still in English (none are expected in a translation)."""
    from workbench.gui.diagnostics.untranslated import untranslated
    from workbench.gui.widgets.language import translations
    from workbench.gui.window.page import Page

    if translations.current() == translations.ENGLISH:
        return {"untranslated": None}
    shown = window.current_page() if hasattr(window, "current_page") else None
    left = untranslated(window, window.show_page, list(Page))
    if shown is not None:
        window.show_page(shown)
    return {"untranslated": len(left), "untranslated_examples": left[:20]}


def _smoke(args: argparse.Namespace, report: dict[str, Any], deadline: float) -> None:
    from workbench.gui.app import create_app
    from workbench.gui.widgets.language import translations

    app = create_app([sys.argv[0] if sys.argv else "workbench"], language=translations.SYSTEM)
    report["language"] = translations.current()
    waiter = _Waiter(deadline)
    with tempfile.TemporaryDirectory(prefix="workbench-smoke-") as tmp:
        window, collector, probe = _start_window(Path(tmp))
        try:
            waiter.signal(probe.settled, "the window to be usable with the default data and torch to load")
            timing = probe.result()
            report.update({k: timing[k] for k in ("window_shown_s", "torch_ready_s", "startup_stall_ms")})
            if probe.torch_failed:
                raise SmokeTestError(f"torch could not be loaded: {timing['torch_error']}")
            trained = _train_tiny(waiter, window, args.steps)
            report.update(steps=trained["steps"], val_accuracy=trained["val_accuracy"])
            report.update(_render_attention(waiter, window, trained["run_dir"]))
            report.update(_count_untranslated(window))
            if args.screenshot is not None:
                app.processEvents()
                args.screenshot.parent.mkdir(parents=True, exist_ok=True)
                if not window.grab().save(str(args.screenshot)):
                    raise SmokeTestError(f"could not save the screenshot to {args.screenshot}")
                report["screenshot"] = str(args.screenshot)
            if not report.get("attention_ok"):
                raise SmokeTestError("the attention rows do not each sum to 1")
        finally:
            window.close()
            window.stop_background()
            collector.timer.stop()
            app.processEvents()


def run_smoke_test(argv: list[str]) -> int:
    """Run the smoke test; 0 when everything worked, 1 otherwise (the report says why)."""
    started = time.monotonic()
    args = parse_args(argv)
    from workbench import __version__

    report: dict[str, Any] = {"version": __version__, "frozen": bool(getattr(sys, "frozen", False))}
    written = threading.Event()

    def hard_exit() -> None:  # the event loop is stuck (the soft deadline would have ended it by now)
        if not written.is_set():
            report["error"] = f"the app stopped responding (no result after {args.timeout + args.grace:.0f} s)"
            _write_report(args.report, report)
        os._exit(3)

    watchdog = threading.Timer(args.timeout + args.grace, hard_exit)
    watchdog.daemon = True
    watchdog.start()
    try:
        _smoke(args, report, started + args.timeout)
    except SmokeTestError as err:
        report["error"] = str(err)
    except Exception as err:  # the report, not a traceback on a console nobody reads, says what went wrong
        report["error"] = f"{type(err).__name__}: {err}"
        report["details"] = traceback.format_exc()
    report["total_s"] = round(time.monotonic() - started, 2)
    watchdog.cancel()
    written.set()
    _write_report(args.report, report)
    return 1 if "error" in report else 0

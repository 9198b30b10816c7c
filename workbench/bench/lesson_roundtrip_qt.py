"""The `lesson_roundtrip` measurement of `workbench bench demo`: a lesson made in the real window survives a save
and an open in a fresh window, every step restored exactly.

Offscreen: a tiny run is trained (with a few evaluations, so the probe replay has a recording), a window opens it
and five steps are made over different pages and views (mode, head, muted heads, [CLS]/[SEP] hidden, lines view,
the tabs, the replay position, the compared sentence, the plot's range, log scale, the plot hidden). The lesson is
saved, a second window with fresh settings opens the file, and Page Down / Page Up (real key presses) walk the
steps; each view the window then shows is compared field by field with the one saved, and so is the caption.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WAIT_S = 120.0


def _app() -> Any:
    if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _wait(app: Any, condition: Callable[[], bool], timeout_s: float = WAIT_S) -> None:
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the window did not finish in time")
        app.processEvents()
        time.sleep(0.002)


def tiny_run(root: Path) -> Path:
    """A 2-layer, 2-head classifier trained 12 steps with an evaluation every 4 (probe attention recorded)."""
    from workbench.core.config import DataConfig, ModelConfig, Precision, RunConfig, TrainConfig
    from workbench.core.data.dataset import Dataset, stratified_split
    from workbench.core.training.engine import Trainer

    rng = random.Random(0)
    texts, labels = [], []
    for i in range(160):
        word = "good" if i % 2 == 0 else "bad"
        parts = [rng.choice(["the", "a", "very", "was", "not", "it"]) for _ in range(3)]
        parts += [rng.choice(["food", "room", "film"]), word]
        rng.shuffle(parts)
        texts.append(" ".join(parts))
        labels.append("positive" if word == "good" else "negative")
    train, val = stratified_split(Dataset(texts, labels, source="lesson-bench"), 0.2, seed=0)
    cfg = RunConfig(
        data=DataConfig(vocab_size=200),
        model=ModelConfig(d_model=32, n_heads=2, n_layers=2, d_ff=64, max_len=32, dropout=0.0),
        train=TrainConfig(batch_size=16, max_steps=12, eval_every=4, lr=3e-3, seed=0, precision=Precision("fp32")),
        preset=None,
    )
    path = root / "lesson-bench-run"
    for _ in Trainer(cfg, train=train, val=val, run_dir=path).fit():
        pass
    return path


@dataclass
class RoundTrip:
    ok: bool
    steps: int
    mismatches: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _window(app: Any, folder: Path, name: str) -> Any:
    from PySide6.QtCore import QSettings

    from workbench.gui.window.main_window import MainWindow

    settings = QSettings(str(folder / f"{name}.ini"), QSettings.Format.IniFormat)
    w = MainWindow(runs_root=folder / "runs", settings=settings)
    w.lessons.cache_root = folder / f"cache-{name}"
    w.resize(1280, 900)
    w.show()
    _wait(app, w.devices_known)
    return w


def _close(app: Any, w: Any) -> None:
    """Close a window and let its pages' threads and timers end with it."""
    w.close()
    w.inspect_panel.worker.wait()
    w.deleteLater()
    app.processEvents()


def _settle(app: Any, w: Any, view: Any = None) -> None:
    from workbench.gui.lesson import view_capture

    t = w.lessons.targets
    _wait(app, lambda: view_capture.settled(t, view if view is not None else view_capture.capture(t)))


def _make_steps(app: Any, w: Any) -> list[tuple[str, Callable[[], None]]]:
    """Five views over different pages, each set up the way a person's clicks set it."""
    from workbench.gui.window.page import Page

    page, plot = w.inspect_panel, w.plot

    def inspect_head() -> None:
        w.show_page(Page.INSPECT)
        _wait(app, lambda: page.result() is not None)
        page.set_text("the food was not bad")
        page.controls.set_mode("heads")
        page.select_head(1, 1)
        page.toggle_mute(0, 1)
        page.detail.set_style("lines")
        page.extras.show_tab("history")
        _wait(app, lambda: page.extras.replay is not None and page.extras.replay.history() is not None)
        page.extras.replay.set_probe(1)
        page.extras.replay.set_evaluation(0)

    def inspect_mean() -> None:
        page.controls.set_mode("mean")
        page.select_head(1, None)
        page.controls.set_hide_special(True)
        page.extras.show_tab("compare")
        page.extras.compare.set_second("the food was bad")
        plot.follower.hold((0.0, 8.0, 0.25, 0.9))

    def train_log() -> None:
        w.show_page(Page.TRAIN)
        plot.set_log_y(True)
        plot.follower.hold((1.0, 10.0, -0.6, 0.1))
        w.view_modes.set_plot_shown(False)

    def inspect_rollout() -> None:
        w.show_page(Page.INSPECT)
        w.view_modes.set_plot_shown(True)
        plot.set_log_y(False)
        plot.follower.hold(None)
        page.set_text("a very good room")
        page.reset_muted()
        page.toggle_mute(1, 0)
        page.controls.set_mode("rollout_max")
        page.controls.set_hide_special(False)
        page.detail.set_style("heatmap")
        page.extras.show_tab("stats")

    return [
        ("The data: sentences and their labels", lambda: w.show_page(Page.DATA)),
        ("Layer 2, head 2, with head 2 of layer 1 muted", inspect_head),
        ("Each layer's heads averaged, [CLS] and [SEP] hidden", inspect_mean),
        ("The loss on a log scale", train_log),
        ("Rollout: how words flow up the layers", inspect_rollout),
    ]


def roundtrip(folder: Path) -> RoundTrip:
    """Make, save and reopen a five-step lesson in `folder`; compare every restored step with the saved one."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from workbench.gui.lesson import view_capture

    app = _app()
    started = time.perf_counter()
    run = tiny_run(folder / "runs")
    maker = _window(app, folder, "maker")
    try:
        maker.open_run(str(run))
        for caption, set_up in _make_steps(app, maker):
            set_up()
            _settle(app, maker)
            maker.lessons.add_step(caption)
        saved_steps = list(maker.lessons.lesson.steps)
        path = maker.lessons.save(folder / "class.wblesson")
    finally:
        _close(app, maker)
    if path is None:
        return RoundTrip(False, 0, ["the lesson was not saved"])
    player = _window(app, folder, "player")
    mismatches: list[str] = []
    try:
        if not player.lessons.open(str(path)):
            return RoundTrip(False, 0, ["the lesson did not open"])
        order = [*range(len(saved_steps)), len(saved_steps) - 2]  # to the end with Page Down, one back with Page Up
        for n, index in enumerate(order):
            if n > 0:
                key = Qt.Key.Key_PageDown if index > order[n - 1] else Qt.Key.Key_PageUp
                QTest.keyClick(player, key)
            want = saved_steps[index]
            _settle(app, player, want.view)
            got = view_capture.capture(player.lessons.targets)
            if player.lessons.index != index:
                mismatches.append(f"step {index + 1}: the window shows step {player.lessons.index + 1}")
            for name in want.view.__dataclass_fields__:
                if getattr(got, name) != getattr(want.view, name):
                    mismatches.append(
                        f"step {index + 1}: {name} {getattr(got, name)!r} != {getattr(want.view, name)!r}"
                    )
            if player.lessons.caption_bar.caption_text() != want.caption:
                mismatches.append(f"step {index + 1}: caption")
    finally:
        _close(app, player)
    return RoundTrip(not mismatches, len(saved_steps), mismatches, round(time.perf_counter() - started, 1))


def measure_lesson_roundtrip() -> bool:
    """True when a five-step lesson saved from the real window reopens in a fresh one with every step exact."""
    with tempfile.TemporaryDirectory(prefix="workbench-lesson-bench-") as tmp:
        result = roundtrip(Path(tmp))
    return result.ok

"""Steps reach the window in batches, every one of them, and the Train page says what is being prepared before
the first step. The trainer here is a stand-in (no torch work), so the tests control what it reports and when."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from window_driver import start, wait_done

from workbench.core.training.events import DoneEvent, Event, StepEvent
from workbench.gui.pages.train.preparing import stage_text
from workbench.gui.window.main_window import MainWindow


class StandInTrainer:
    """What TrainingWorker needs of a Trainer: prepare() reports a stage and may wait; fit() yields `steps` steps
    as fast as it can."""

    def __init__(self, steps: int, *, hold: threading.Event | None = None) -> None:
        self.steps, self.hold = steps, hold
        self.on_stage: Any = None
        self.run = type("Run", (), {"path": Path("stand-in-run")})()
        self.device = type("Device", (), {"name": "CPU (1 thread)", "precision": "fp32"})()
        self.resuming, self.warnings = False, []

    def prepare(self) -> None:
        self.on_stage("tokenizer", 0, 1_234)
        if self.hold is not None:
            assert self.hold.wait(30), "the test never let the trainer go on"

    def fit(self) -> Iterator[Event]:
        for i in range(1, self.steps + 1):
            yield StepEvent(i, i / self.steps, 3.0 - i / self.steps, 1e-3, 1000.0, self.steps, i * 1e-3)
        yield DoneEvent(self.steps, "finished", {})

    def pause(self) -> None: ...
    def resume(self) -> None: ...
    def stop(self, *, evaluate: bool = True) -> None: ...
    def close(self) -> None: ...


def use(w: MainWindow, trainer: StandInTrainer) -> None:
    w.training._trainer_factory = lambda cfg, split: lambda: trainer  # type: ignore[method-assign]


def test_a_burst_of_steps_reaches_the_plot_whole_in_a_few_deliveries(window: MainWindow, qtbot) -> None:
    w = window
    n = 3_000  # one delivery per step would take the window 600 s at the 200 ms pace
    use(w, StandInTrainer(n))
    start(qtbot, w)
    batches: list[list[StepEvent]] = []
    w.worker.steps.connect(batches.append)
    wait_done(qtbot, w)
    delivered = [e.step for batch in batches for e in batch]
    assert delivered == list(range(1, n + 1))  # every step, once, in order
    assert len(batches) < n / 10
    assert w.plot.n_points == n
    x, y = w.plot.curve_data("loss")
    assert np.array_equal(x, np.arange(1, n + 1))
    assert np.allclose(y, 3.0 - np.arange(1, n + 1) / n)
    assert w.train_panel.progress.last_event is not None and w.train_panel.progress.last_event.step == n


def test_the_train_page_says_what_is_prepared_before_the_first_step(window: MainWindow, qtbot) -> None:
    w = window
    hold = threading.Event()
    use(w, StandInTrainer(5, hold=hold))
    start(qtbot, w)
    status = w.train_panel.status_text
    assert status().startswith("Preparing")  # at once, before the thread has reported anything
    learning = stage_text("tokenizer", 0, 1_234)
    assert "1,234" in learning
    qtbot.waitUntil(lambda: status() == learning, timeout=10_000)
    assert w.plot.n_points == 0
    hold.set()
    wait_done(qtbot, w)
    assert w.plot.n_points == 5
    assert not status().startswith("Preparing")


def test_stage_texts_say_what_comes_next_once_a_stage_is_done() -> None:
    assert stage_text("tokenizer", 1_234, 1_234) == "Preparing: building the model and the run folder…"
    assert stage_text("encoding", 250, 1_000) == "Preparing: tokenizing the texts (250 of 1,000)…"
    assert stage_text("encoding", 1_000, 1_000) == "Preparing: tokenized 1,000 texts; taking the first step…"
    assert stage_text("reading", 512, 2_048) == "Preparing: reading the data (25 %)…"
    assert stage_text("something new", 1, 2) == "Preparing…"

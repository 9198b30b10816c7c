"""Steps reach the window in batches, every one of them, and the Train page says what is being prepared before
the first step. The trainer here is a stand-in (no torch work), so the tests control what it reports and when."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
from window_driver import start, wait_done

from workbench.core.training.events import DoneEvent, Event, StepEvent
from workbench.gui.pages.train.preparing import stage_text
from workbench.gui.threads.training_worker import CPU_DELIVERY_INTERVAL_MS, DELIVERY_INTERVAL_MS
from workbench.gui.window.main_window import MainWindow


class StandInTrainer:
    """What TrainingWorker needs of a Trainer: prepare() reports a stage and may wait; fit() yields `steps` steps
    as fast as it can."""

    def __init__(
        self,
        steps: int,
        *,
        hold: threading.Event | None = None,
        paced: threading.Semaphore | None = None,
        kind: str = "cpu",
    ) -> None:
        self.steps, self.hold, self.paced = steps, hold, paced
        self.on_stage: Any = None
        self.run = type("Run", (), {"path": Path("stand-in-run")})()
        name = "CPU (1 thread)" if kind == "cpu" else "GPU"
        where = type("Where", (), {"type": kind})()
        self.device = type("Device", (), {"name": name, "precision": "fp32", "device": where})()
        self.resuming, self.warnings = False, []

    def prepare(self) -> None:
        self.on_stage("tokenizer", 0, 1_234)
        if self.hold is not None:
            assert self.hold.wait(30), "the test never let the trainer go on"

    def fit(self) -> Iterator[Event]:
        for i in range(1, self.steps + 1):
            if self.paced is not None:  # each step waits for the test to let it go
                assert self.paced.acquire(timeout=30), "the test never let the step go"
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


def _first_two_deliveries(qtbot, w: MainWindow, kind: str) -> tuple[float, int]:
    """(seconds between the deliveries of steps 1 and 2, when step 2 is taken as soon as step 1 has arrived; the
    worker's pace in ms). Step 1 is taken only once the run's set-up has been delivered, so its delivery holds
    nothing else for the window to work on before the step arrives."""
    hold, paced = threading.Event(), threading.Semaphore(0)
    use(w, StandInTrainer(3, hold=hold, paced=paced, kind=kind))  # the third: the run's end is delivered at once
    start(qtbot, w)
    worker = w.worker
    prepared: list[object] = []
    arrived: list[float] = []
    worker.prepared.connect(prepared.append)
    worker.steps.connect(lambda batch: arrived.append(time.monotonic()))
    hold.set()
    qtbot.waitUntil(lambda: len(prepared) == 1, timeout=30_000)
    paced.release()
    qtbot.waitUntil(lambda: len(arrived) == 1, timeout=30_000)
    paced.release()  # step 2 follows at once: its delivery waits for the window's pace
    qtbot.waitUntil(lambda: len(arrived) == 2, timeout=30_000)
    paced.release()
    wait_done(qtbot, w)
    return arrived[1] - arrived[0], worker.delivery_interval_ms


def test_a_run_on_the_cpu_is_delivered_twice_a_second_one_elsewhere_five_times(window: MainWindow, qtbot) -> None:
    # On the CPU the window's work shares the cores and the interpreter lock with the training; a GPU run does not.
    gap, pace = _first_two_deliveries(qtbot, window, "cpu")
    assert pace == CPU_DELIVERY_INTERVAL_MS == 500
    # Lower bounds only, with room for Qt's coarse timers (within 5 %): a timer never fires much before its time,
    # however busy the machine, and 450 ms could not come from the 200 ms pace.
    assert gap >= 0.9 * CPU_DELIVERY_INTERVAL_MS / 1000
    gap, pace = _first_two_deliveries(qtbot, window, "cuda")
    assert pace == DELIVERY_INTERVAL_MS == 200
    assert gap >= 0.9 * DELIVERY_INTERVAL_MS / 1000


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

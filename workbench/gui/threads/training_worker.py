"""Runs the core Trainer on a background QThread and hands its events to the main thread as Qt signals.

The thread only iterates trainer.fit() and queues the events; the main thread drains the queue when woken, at most
every DELIVERY_INTERVAL_MS, and hands the steps that came meanwhile over as one batch (`steps`), so widgets are only
ever touched on the main thread and a fast run (thousands of steps a second on a GPU) costs the window a few
deliveries a second, not one queued signal and one plot update per step. Every step is still delivered.

Before the first step the trainer reports what it is preparing (`stage`: learning the vocabulary, tokenizing, ...),
so the window can say what is happening from the moment Start is pressed.

The Trainer is built inside the thread (a factory is passed in) so that importing torch, training the tokenizer and
creating the run folder never block the window.
"""

from __future__ import annotations

import collections
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from workbench.core.errors import WorkbenchError
from workbench.core.training.events import CheckpointEvent, DoneEvent, ErrorEvent, EvalEvent, StepEvent
from workbench.gui.threads import registry

if TYPE_CHECKING:  # the engine imports torch; the window must not need it to open
    from workbench.core.training.engine import Trainer

# Deliveries to the main thread at most this often: the plot redraws at most every 200 ms anyway, and on a 2-core
# machine each wake-up of the GUI thread takes a core from the training thread's math for a moment.
DELIVERY_INTERVAL_MS = 200
# A run on the CPU shares the cores and the interpreter lock with the window: there the steps, the progress and the
# plot's redraw (which follows the deliveries) come twice a second (README, bench gui).
CPU_DELIVERY_INTERVAL_MS = 500
STARTING = "starting"  # the stage before the trainer reports its own: the thread starts and loads the engine


@dataclass(frozen=True)
class Prepared:
    """Sent once the run is set up: where it is written, on what it runs, and (when continuing) its history."""

    run_path: str
    device: str
    precision: str
    on_cpu: bool
    resumed: bool
    history: list[dict[str, Any]]
    warnings: list[str]


class _TrainThread(QThread):
    """Iterates trainer.fit() and queues events; `wake` tells the main thread there is something to drain."""

    wake = Signal()

    def __init__(self, owner: TrainingWorker) -> None:
        super().__init__()
        self._owner = owner

    def run(self) -> None:  # worker thread: no widgets, no Qt objects other than emitting `wake`
        self._owner._run_in_thread()


class TrainingWorker(QObject):
    """One training run on a background thread. Signals arrive on the main thread.

    pause(), resume() and stop() forward to the trainer's cooperative controls (they take effect after the
    current step); calling them before the trainer exists is remembered and applied as soon as it does.
    `ended` fires after the thread has really finished (after finished/failed), so a window may close then.
    """

    started = Signal()
    stage = Signal(str, int, int)  # preparing: (stage, done, total) as Trainer.on_stage reports it, or STARTING
    prepared = Signal(object)  # Prepared
    step = Signal(object)  # StepEvent, one signal per step (after the batch's `steps`)
    steps = Signal(object)  # list[StepEvent]: the steps that arrived since the last delivery, in order
    evaluated = Signal(object)  # EvalEvent
    checkpoint = Signal(object)  # CheckpointEvent
    finished = Signal(object)  # DoneEvent
    failed = Signal(object)  # ErrorEvent
    pausedAt = Signal(int)  # the trainer is now held before the step after this one
    ended = Signal()

    def __init__(
        self,
        make_trainer: Callable[[], Trainer],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._make_trainer = make_trainer
        self._lock = threading.Lock()
        self._queue: collections.deque[object] = collections.deque()
        self._trainer: Trainer | None = None
        self._want_pause = False
        self._want_stop = False
        self._want_evaluate = True  # False once asked to stop without a last evaluation (closing the app)
        self._paused_at: int | None = None
        self._last_step = 0
        self._started = False
        self._ended = False
        self.last_done: DoneEvent | None = None
        self.last_error: ErrorEvent | None = None
        self.steps_seen = 0
        self.delivery_interval_ms = DELIVERY_INTERVAL_MS  # CPU_DELIVERY_INTERVAL_MS once the run is on the CPU
        self._drained_at = -1e9
        self._delivery = QTimer(self)
        self._delivery.setSingleShot(True)
        self._delivery.timeout.connect(self._drain)
        self._thread = _TrainThread(self)
        self._thread.wake.connect(self._on_wake)
        self._thread.finished.connect(self._on_thread_finished)

    # --- control (main thread) ------------------------------------------------------------------------
    def start(self) -> None:
        if self._started:
            raise RuntimeError("a TrainingWorker runs once; make a new one for the next run")
        self._started = True
        registry.register(self)
        self.started.emit()
        self._thread.start(QThread.Priority.LowPriority)

    def pause(self) -> None:
        with self._lock:
            self._want_pause = True
            if self._trainer is not None:
                self._trainer.pause()

    def resume(self) -> None:
        with self._lock:
            self._want_pause = False
            self._paused_at = None
            if self._trainer is not None:
                self._trainer.resume()

    def stop(self, *, evaluate: bool = True) -> None:
        """Ask the run to stop after the current step; it evaluates (unless evaluate=False) and saves its
        checkpoint."""
        with self._lock:
            self._want_stop = True
            self._want_evaluate = self._want_evaluate and evaluate
            self._want_pause = False
            self._paused_at = None
            if self._trainer is not None:
                self._trainer.stop(evaluate=self._want_evaluate)

    def request_stop(self) -> None:
        """The registry's shutdown: stop after the current step and save without a last evaluation."""
        self.stop(evaluate=False)

    def wait(self, ms: int) -> bool:
        """Block until the thread ends (only for shutdown and tests; the window never waits on it)."""
        return self._thread.wait(ms)

    @property
    def is_running(self) -> bool:
        """True from start() until the thread has finished and every queued event was delivered."""
        return self._started and not self._ended

    @property
    def is_paused(self) -> bool:
        with self._lock:
            return self._want_pause

    @property
    def paused_at(self) -> int | None:
        """The last step done before the trainer was held, once the hold is certain; None otherwise."""
        with self._lock:
            return self._paused_at

    @property
    def stop_requested(self) -> bool:
        with self._lock:
            return self._want_stop

    @property
    def trainer(self) -> Trainer | None:
        with self._lock:
            return self._trainer

    # --- the thread -----------------------------------------------------------------------------------
    def _push(self, item: object) -> None:
        with self._lock:
            was_empty = not self._queue
            self._queue.append(item)
        if was_empty:
            self._thread.wake.emit()

    def _report_stage(self, stage: str, done: int, total: int) -> None:
        """Trainer.on_stage, in the thread: a stage's progress replaces its last report still waiting in the queue
        (a long tokenizing pass reports often; the window only needs the latest)."""
        item = ("stage", stage, done, total)
        with self._lock:
            tail = self._queue[-1] if self._queue else None
            if isinstance(tail, tuple) and tail[0] == "stage" and tail[1] == stage:
                self._queue[-1] = item
                return
        self._push(item)

    def _run_in_thread(self) -> None:
        try:
            with self._lock:
                stop_first = self._want_stop
            if stop_first:  # stopped before anything was set up: nothing to save
                self._push(DoneEvent(0, "stopped", {}))
                return
            self._report_stage(STARTING, 0, 0)
            trainer = self._make_trainer()
            trainer.on_stage = self._report_stage
            with self._lock:
                self._trainer = trainer
                if self._want_stop:
                    trainer.stop(evaluate=self._want_evaluate)
                elif self._want_pause:
                    trainer.pause()
            try:
                trainer.prepare()
            except WorkbenchError as err:
                self._push(ErrorEvent(0, str(err), traceback.format_exc(), kind="input"))
                return
            self._push(self._prepared_info(trainer))
            events = trainer.fit()
            while True:
                with self._lock:
                    # Once the pause flag is seen here, no StepEvent can come before resume(): the engine
                    # checks the flag at the top of its loop, which it reaches only after this point.
                    announce = self._want_pause and trainer.paused and self._paused_at is None
                    if announce:
                        self._paused_at = self._last_step
                if announce:
                    self._push(("paused", self._last_step))
                try:
                    event = next(events)
                except StopIteration:
                    break
                if isinstance(event, StepEvent):
                    with self._lock:
                        self._last_step = event.step
                self._push(event)
        except WorkbenchError as err:
            self._push(ErrorEvent(self._last_step, str(err), traceback.format_exc(), kind="input"))
        except Exception as err:  # never let the thread die silently: the window shows what happened
            details = traceback.format_exc()
            message = self.tr("Training stopped on an unexpected error: {kind}: {err}").format(
                kind=type(err).__name__, err=err
            )
            self._push(ErrorEvent(self._last_step, message, details, kind="error"))
        finally:
            close = getattr(self._trainer, "close", None)
            if close is not None:  # give up the run folder's writer lock, whatever happened
                close()

    def _prepared_info(self, trainer: Trainer) -> Prepared:
        run = trainer.run
        history = run.read_metrics() if (run is not None and trainer.resuming) else []
        return Prepared(
            run_path=str(run.path) if run is not None else "",
            device=trainer.device.name if trainer.device else "",
            precision=trainer.device.precision if trainer.device else "",
            on_cpu=trainer.device is not None and trainer.device.device.type == "cpu",
            resumed=trainer.resuming,
            history=history,
            warnings=list(trainer.warnings),
        )

    # --- back on the main thread ----------------------------------------------------------------------
    def _on_wake(self) -> None:
        """The queue was empty and has something now: deliver at once, or when delivery_interval_ms has passed since
        the last delivery (meanwhile the thread queues without waking the window again)."""
        if self._delivery.isActive():
            return
        wait_ms = self.delivery_interval_ms - 1000.0 * (time.monotonic() - self._drained_at)
        if wait_ms <= 0:
            self._drain()
        else:
            self._delivery.start(max(1, round(wait_ms)))

    def _drain(self) -> None:
        self._delivery.stop()
        self._drained_at = time.monotonic()
        while True:
            with self._lock:
                if not self._queue:
                    return
                items = list(self._queue)
                self._queue.clear()
            batch: list[StepEvent] = []
            for item in items:
                if isinstance(item, StepEvent):
                    batch.append(item)
                    continue
                if batch:  # the steps before an evaluation (or the end) arrive before it
                    self._deliver_steps(batch)
                    batch = []
                self._deliver(item)
            if batch:
                self._deliver_steps(batch)

    def _deliver_steps(self, batch: list[StepEvent]) -> None:
        self.steps_seen += len(batch)
        self.steps.emit(batch)
        for event in batch:
            self.step.emit(event)

    def _deliver(self, item: object) -> None:
        if isinstance(item, EvalEvent):
            self.evaluated.emit(item)
        elif isinstance(item, CheckpointEvent):
            self.checkpoint.emit(item)
        elif isinstance(item, DoneEvent):
            self.last_done = item
            self.finished.emit(item)
        elif isinstance(item, ErrorEvent):
            self.last_error = item
            self.failed.emit(item)
        elif isinstance(item, Prepared):
            if item.on_cpu:
                self.delivery_interval_ms = CPU_DELIVERY_INTERVAL_MS
            self.prepared.emit(item)
        elif isinstance(item, tuple) and item[0] == "paused" and self.is_paused:
            self.pausedAt.emit(int(item[1]))
        elif isinstance(item, tuple) and item[0] == "stage":
            self.stage.emit(str(item[1]), int(item[2]), int(item[3]))

    def _on_thread_finished(self) -> None:
        self._drain()
        if self.last_done is None and self.last_error is None:  # fit() returned without a final event
            self.last_error = ErrorEvent(self._last_step, self.tr("Training ended without a result."), kind="error")
            self.failed.emit(self.last_error)
        self._ended = True
        self._thread.wait()  # `finished` comes just before the thread ends: let it end before letting go of it
        registry.unregister(self)
        self.ended.emit()

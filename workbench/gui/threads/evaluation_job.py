"""Evaluation and prediction off the UI thread, with progress and cancel.

A job is a plain function run on a QThread. It gets a `report(done, total, what)` callable, which also raises
JobCancelled once cancel() was asked for (the core calls it after every batch), and it never raises itself: a
WorkbenchError's message is shown as it is, anything else as one plain line. Signals arrive on the main thread.

Jobs have no Qt parent and are kept alive here until their thread has ended, so closing the window while a job
runs never destroys a running QThread; when the application quits, running jobs are cancelled and waited for.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from workbench.core.errors import WorkbenchError
from workbench.core.evaluation.saved import DataChoice, RunFacts, Scores, load_data, save_scores, weights_step
from workbench.gui.threads import registry
from workbench.gui.threads.data_jobs import short_error

Report = Callable[[int, int, str], None]
_PROGRESS_EVERY_S = 0.05  # at most ~20 progress signals a second, however fast the batches are


class JobCancelled(Exception):
    """Raised inside a job's thread at the next progress report after cancel()."""


@dataclass
class EvalOutcome:
    scores: Scores | None = None
    error: str | None = None
    cancelled: bool = False


@dataclass
class PredictOutcome:
    path: str
    rows: int = 0
    text_column: str | None = None
    error: str | None = None
    cancelled: bool = False


class _Thread(QThread):
    def __init__(self, job: BackgroundJob) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:  # worker thread: touches no widget, only emits signals
        self._job._run_in_thread()


class BackgroundJob(QObject):
    """Runs fn(report) once on its own thread. `done` carries fn's return value, then `ended` fires."""

    progress = Signal(int, int, str)  # done, total (0: unknown), what is happening
    done = Signal(object)
    ended = Signal()

    def __init__(self, fn: Callable[[Report], Any]) -> None:
        super().__init__()
        self._fn = fn
        self._cancel = threading.Event()
        self._last_report = 0.0
        self._running = False
        self._thread = _Thread(self)
        self._thread.finished.connect(self._on_thread_finished)

    def start(self) -> None:
        self._running = True
        registry.register(self)
        self._thread.start(QThread.Priority.LowPriority)

    def cancel(self) -> None:
        self._cancel.set()

    def request_stop(self) -> None:
        """The registry's shutdown: cancel at the next progress report."""
        self.cancel()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    @property
    def is_running(self) -> bool:
        return self._running

    def wait(self, ms: int) -> bool:
        """Block until the thread ends (application exit and tests only)."""
        return self._thread.wait(ms)

    def _report(self, done: int, total: int, what: str) -> None:
        if self._cancel.is_set():
            raise JobCancelled
        now = time.monotonic()
        if done == 0 or done >= total or now - self._last_report >= _PROGRESS_EVERY_S:
            self._last_report = now
            self.progress.emit(done, total, what)

    def _run_in_thread(self) -> None:
        result = self._fn(self._report)
        self.done.emit(result)

    def _on_thread_finished(self) -> None:
        self._running = False
        self._thread.wait()  # `finished` comes just before the thread ends: let it end before letting go of it
        registry.unregister(self)
        self.ended.emit()


# ------------------------------------------------------------------------- the jobs (run in the thread)
def _load_model(facts: RunFacts, report: Report) -> Any:
    from workbench.core.inspection.inspector import load_run

    report(0, 0, QCoreApplication.translate("EvaluationJob", "Loading {name}…").format(name=facts.name))
    loaded = load_run(Path(facts.path))
    _to_fast_device(loaded)
    return loaded


def _to_fast_device(loaded: Any) -> None:
    """Score on the GPU when there is one (as the engine does); the CPU otherwise."""
    import torch

    if torch.cuda.is_available():
        try:
            loaded.model.to("cuda")
        except RuntimeError:  # e.g. out of memory while a run trains there: the CPU still works
            loaded.model.to("cpu")


def evaluate_job(facts: RunFacts, choice: DataChoice) -> Callable[[Report], EvalOutcome]:
    """A job that scores the run on the chosen data."""

    def run(report: Report) -> EvalOutcome:
        try:
            from workbench.core.evaluation.evaluate import evaluate

            report(
                0,
                0,
                QCoreApplication.translate("EvaluationJob", "Reading the {words}…").format(words=choice.words(facts)),
            )
            data, notes = load_data(facts, choice)
            if len(data) == 0:
                return EvalOutcome(
                    error=QCoreApplication.translate(
                        "EvaluationJob", "The {words} has no usable rows to score."
                    ).format(words=choice.words(facts))
                )
            loaded = _load_model(facts, report)
            what = QCoreApplication.translate("EvaluationJob", "Scoring {n_data:,} texts…").format(n_data=len(data))
            result = evaluate(loaded, data, progress=lambda done, total: report(done, total, what))
            step = weights_step(facts)
            if choice.path is None and not notes:  # the run's own rows, matched: what evaluation.json describes
                save_scores(facts, result, step)
            at = (
                QCoreApplication.translate("EvaluationJob", ", weights of step {step:,}").format(step=step)
                if step is not None
                else ""
            )
            return EvalOutcome(
                Scores.of(
                    result,
                    QCoreApplication.translate("EvaluationJob", "{words}, {n_data:,} examples{at}").format(
                        words=choice.words(facts), n_data=len(data), at=at
                    ),
                    notes,
                    step,
                )
            )
        except JobCancelled:
            return EvalOutcome(cancelled=True)
        except WorkbenchError as err:
            return EvalOutcome(error=str(err))
        except MemoryError:
            return EvalOutcome(
                error=QCoreApplication.translate(
                    "EvaluationJob", "There is not enough memory to score this data; try a smaller file."
                )
            )
        except Exception as err:  # a bug or a file the readers did not foresee: still one plain line
            return EvalOutcome(
                error=QCoreApplication.translate(
                    "EvaluationJob", "The evaluation stopped unexpectedly ({reason})."
                ).format(reason=short_error(err))
            )

    return run


def predict_job(facts: RunFacts, source: str, out: str) -> Callable[[Report], PredictOutcome]:
    """A job that labels every text of `source` and writes the predictions CSV to `out`."""

    def run(report: Report) -> PredictOutcome:
        try:
            from workbench.core.data import read_file
            from workbench.core.evaluation.evaluate import write_predictions

            report(0, 0, QCoreApplication.translate("EvaluationJob", "Reading {name}…").format(name=Path(source).name))
            data = read_file(source, labelled=False)
            if len(data) == 0:
                return PredictOutcome(
                    out,
                    error=QCoreApplication.translate("EvaluationJob", "{name} has no texts to label.").format(
                        name=Path(source).name
                    ),
                )
            loaded = _load_model(facts, report)
            what = QCoreApplication.translate("EvaluationJob", "Labelling {n_data:,} texts…").format(n_data=len(data))
            n = write_predictions(loaded, data.texts, Path(out), progress=lambda d, t: report(d, t, what))
            return PredictOutcome(out, n, data.text_column)
        except JobCancelled:
            return PredictOutcome(out, cancelled=True)
        except WorkbenchError as err:
            return PredictOutcome(out, error=str(err))
        except OSError as err:
            return PredictOutcome(
                out,
                error=QCoreApplication.translate(
                    "EvaluationJob", "{out} cannot be written ({value}); choose another place."
                ).format(out=out, value=err.strerror or err),
            )
        except MemoryError:
            return PredictOutcome(
                out,
                error=QCoreApplication.translate(
                    "EvaluationJob", "There is not enough memory to label this file; try a smaller one."
                ),
            )
        except Exception as err:
            return PredictOutcome(
                out,
                error=QCoreApplication.translate(
                    "EvaluationJob", "The prediction stopped unexpectedly ({reason})."
                ).format(reason=short_error(err)),
            )

    return run

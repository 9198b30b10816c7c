"""The Train page's progress: a bar of the planned steps and a line with step, loss, epoch, speed, time spent and
an estimate of the time left. Refreshed at most ten times a second, however fast the steps come."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWidget

from workbench.core.training.events import DoneEvent, StepEvent
from workbench.gui.widgets.formatting import format_duration, format_rate
from workbench.gui.widgets.stable_label import StableLabel

_DONE_TEXT = {
    "finished": QT_TRANSLATE_NOOP("TrainProgress", "Training finished"),
    "time_limit": QT_TRANSLATE_NOOP("TrainProgress", "Training reached its time limit"),
    "early_stopping": QT_TRANSLATE_NOOP(
        "TrainProgress", "Training stopped early: the validation loss stopped improving"
    ),
    "stopped": QT_TRANSLATE_NOOP("TrainProgress", "Training stopped"),
}
_ENDED = QT_TRANSLATE_NOOP("TrainProgress", "Training ended")
INTERVAL_S = 0.25  # four refreshes a second read smoothly; each one repaints the bar (a few ms on a slow CPU)


class TrainProgress(QWidget):
    """`bar` and `stats` (the line of numbers). start() for a new run, record() per step, freeze() at the end."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setTextVisible(True)
        self.bar.setFormat(self.tr("Not started"))
        self.bar.setToolTip(self.tr("How much of the planned training is done."))
        self.stats = StableLabel(lines=2)  # changes several times a second: must not relayout the page each time
        self.stats.setToolTip(self.tr("Step, loss, epoch, speed, time spent and an estimate of the time left."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.stats)
        self._pending: StepEvent | None = None
        self.last_event: StepEvent | None = None
        self.shown = 0  # steps shown since start(): none while the run is being prepared
        self._last_at = 0.0

    def start(self) -> None:
        """A new run: busy until the first step tells the plan."""
        self._pending = self.last_event = None
        self.shown = 0
        self.bar.setRange(0, 0)
        self.bar.setFormat("%p %")
        self.stats.setText("")

    def record(self, event: StepEvent) -> bool:
        """Keep a step; shown now when the last refresh is old enough or the run is at its end. True if shown."""
        self._pending = event
        if time.monotonic() - self._last_at >= INTERVAL_S or event.step >= event.total_steps > 0:
            return self.flush()
        return False

    def flush(self) -> bool:
        """Show the step kept last, if any; True if there was one."""
        event, self._pending = self._pending, None
        if event is None:
            return False
        self._last_at = time.monotonic()
        self.last_event = event
        self.shown += 1
        total = max(event.total_steps, event.step)
        if total > 0:
            if self.bar.maximum() != total:
                self.bar.setRange(0, total)
            self.bar.setValue(event.step)
        self.stats.setText(stats_text(event, live=True))
        return True

    def freeze(self) -> None:
        """The run is over: show where it ended, without a time-left estimate; a busy bar stops."""
        self.flush()
        if self.last_event is not None:
            self.stats.setText(stats_text(self.last_event, live=False))
        if self.bar.maximum() == 0:
            self.bar.setRange(0, 1)


def stats_text(event: StepEvent, *, live: bool) -> str:
    total = max(event.total_steps, event.step)
    if total:
        parts = [
            QCoreApplication.translate("TrainProgress", "Step {step:,} of {total:,}").format(
                step=event.step, total=total
            )
        ]
    else:
        parts = [QCoreApplication.translate("TrainProgress", "Step {step:,}").format(step=event.step)]
    parts.append(
        QCoreApplication.translate("TrainProgress", "loss {loss:.4f}").format(loss=event.loss)
    )  # next to the step: when the line wraps, the rest moves down
    parts.append(QCoreApplication.translate("TrainProgress", "epoch {epoch:.2f}").format(epoch=event.epoch))
    parts.append(format_rate(event.tokens_per_s))
    parts.append(
        QCoreApplication.translate("TrainProgress", "{time} elapsed").format(time=format_duration(event.elapsed_s))
    )
    if live and total and event.step:
        left = event.elapsed_s / event.step * (total - event.step)
        parts.append(
            QCoreApplication.translate("TrainProgress", "about {time} left").format(time=format_duration(left))
        )
    return " · ".join(parts)


def done_text(done: DoneEvent) -> str:
    """How a run ended, with the scores of the weights it ends on (its best) and the step they come from."""
    how = QCoreApplication.translate("TrainProgress", _DONE_TEXT.get(done.reason, _ENDED))
    sentences = [QCoreApplication.translate("TrainProgress", "{how} at step {step:,}.").format(how=how, step=done.step)]
    acc = done.final_metrics.get("val_accuracy")
    masked = done.final_metrics.get("masked_accuracy")
    loss = done.final_metrics.get("val_loss")
    unigram = done.final_metrics.get("unigram_accuracy")
    if loss is not None and masked is not None and unigram is not None:
        sentences.append(
            QCoreApplication.translate(
                "TrainProgress",
                "Validation loss {loss:.4f}, masked-token accuracy {masked:.1%} (always guessing the commonest "
                "word: {unigram:.1%}).",
            ).format(loss=loss, masked=masked, unigram=unigram)
        )
    elif loss is not None and masked is not None:
        sentences.append(
            QCoreApplication.translate(
                "TrainProgress", "Validation loss {loss:.4f}, masked-token accuracy {masked:.1%}."
            ).format(loss=loss, masked=masked)
        )
    elif loss is not None and acc is not None:
        sentences.append(
            QCoreApplication.translate("TrainProgress", "Validation loss {loss:.4f}, accuracy {acc:.1%}.").format(
                loss=loss, acc=acc
            )
        )
    elif loss is not None:
        sentences.append(QCoreApplication.translate("TrainProgress", "Validation loss {loss:.4f}.").format(loss=loss))
    if done.best_step is not None and done.best_step != done.step:
        sentences.append(
            QCoreApplication.translate(
                "TrainProgress",
                "These are the scores of its best weights, from step {step:,}, which Inspect and Evaluate use.",
            ).format(step=done.best_step)
        )
    return " ".join(sentences)

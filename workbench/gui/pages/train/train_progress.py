"""The Train page's progress: a bar of the planned steps and a line with step, loss, epoch, speed, time spent and
an estimate of the time left. Refreshed at most ten times a second, however fast the steps come."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtWidgets import QProgressBar, QVBoxLayout, QWidget

from workbench.core.training.events import StepEvent
from workbench.gui.widgets.formatting import format_duration, format_rate
from workbench.gui.widgets.stable_label import StableLabel

INTERVAL_S = 0.25  # four refreshes a second read smoothly; each one repaints the bar (a few ms on a slow CPU)


class TrainProgress(QWidget):
    """`bar` and `stats` (the line of numbers). start() for a new run, record() per step, freeze() at the end."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setTextVisible(True)
        self.bar.setFormat("Not started")
        self.bar.setToolTip("How much of the planned training is done.")
        self.stats = StableLabel(lines=2)  # changes several times a second: must not relayout the page each time
        self.stats.setToolTip("Step, loss, epoch, speed, time spent and an estimate of the time left.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.bar)
        layout.addWidget(self.stats)
        self._pending: StepEvent | None = None
        self.last_event: StepEvent | None = None
        self._last_at = 0.0

    def start(self) -> None:
        """A new run: busy until the first step tells the plan."""
        self._pending = self.last_event = None
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
    parts = [f"Step {event.step:,} of {total:,}" if total else f"Step {event.step:,}"]
    parts.append(f"loss {event.loss:.4f}")  # next to the step: when the line wraps, the rest moves down
    parts.append(f"epoch {event.epoch:.2f}")
    parts.append(format_rate(event.tokens_per_s))
    parts.append(f"{format_duration(event.elapsed_s)} elapsed")
    if live and total and event.step:
        left = event.elapsed_s / event.step * (total - event.step)
        parts.append(f"about {format_duration(left)} left")
    return " · ".join(parts)

"""The Evaluate page's busy row: what the job is doing, a progress bar and Cancel, shown while a job runs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class JobProgress(QWidget):
    """Hidden until start(); `cancelRequested` when Cancel is pressed."""

    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = QProgressBar()
        self.progress.setMaximumHeight(self.fontMetrics().height() + 4)
        self.label = QLabel()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop after the current batch"))
        self.cancel_button.clicked.connect(self.cancelRequested)
        busy = QHBoxLayout(self)
        busy.setContentsMargins(0, 0, 0, 0)
        busy.addWidget(self.label)
        busy.addWidget(self.progress, 1)
        busy.addWidget(self.cancel_button)
        self.hide()

    def start(self) -> None:
        self.progress.setRange(0, 0)
        self.label.setText(self.tr("Starting…"))
        self.cancel_button.setEnabled(True)
        self.show()

    def report(self, done: int, total: int, what: str) -> None:
        """done of total (0: not known yet), and what is happening."""
        self.label.setText(what)
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
        else:
            self.progress.setRange(0, 0)

    def stopping(self) -> None:
        self.label.setText(self.tr("Stopping…"))
        self.cancel_button.setEnabled(False)

"""The Inspect page: type a sentence and see the model's attention (filled in by the inspector work, issue 4)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class InspectPanel(QWidget):
    """Shows the attention of the run chosen with set_run (a run folder), or of the run training now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._run_path: str | None = None
        self.message = QLabel("Train a model or open a run on the Runs page to look inside it.")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def set_run(self, path: str | None) -> None:
        self._run_path = path

    def run_path(self) -> str | None:
        return self._run_path

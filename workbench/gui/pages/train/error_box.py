"""The Train page's error display: a red-edged box with a bold title, the plain-words message, where the full
report was saved, and "Copy details" / "Dismiss" buttons. Its colours follow the light or dark palette."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from workbench.gui.widgets import theme


class ErrorBox(QFrame):
    """Hidden until show_message(); copy_button and dismiss_button are for the owner to connect."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorBox")
        self.title = QLabel("")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setToolTip(self.tr("What went wrong and what to try. Select the text to copy part of it."))
        self.log_label = QLabel("")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log_label.setToolTip(self.tr("Every error report is also appended to this file, so nothing is lost."))
        self.copy_button = QPushButton(self.tr("&Copy details"))
        self.copy_button.setToolTip(
            self.tr(
                "Copy the full report (message, technical details, versions and settings) to paste into a bug report."
            )
        )
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.dismiss_button.setToolTip(self.tr("Hide this message."))
        self.dismiss_button.clicked.connect(self.hide)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.dismiss_button)
        row.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 8, 8, 8)
        for w in (self.title, self.message, self.log_label):
            box.addWidget(w)
        box.addLayout(row)
        self._restyle()
        self.hide()

    def show_message(self, title: str, message: str, log_note: str) -> None:
        self.title.setText(f"<b>{title}</b>")
        self.message.setText(message)
        self.log_label.setText(log_note)
        self._restyle()
        self.show()

    def _restyle(self) -> None:
        """The error colour of the current palette for the title and edge, a faint tint of it behind the text."""
        colour = QColor(theme.color("error"))
        sheets = (
            (self.title, f"color: {colour.name()};"),
            (self.log_label, f"color: {theme.color('muted')};"),
            (
                self,
                "QFrame#errorBox {"
                f" background-color: rgba({colour.red()},{colour.green()},{colour.blue()},28);"
                f" border: 1px solid {colour.name()}; border-left: 4px solid {colour.name()}; border-radius: 4px; }}",
            ),
        )
        for widget, sheet in sheets:  # only on a real change: a style sheet change is itself a palette change
            if widget.styleSheet() != sheet:
                widget.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ApplicationPaletteChange:  # light/dark switch
            self._restyle()
        super().changeEvent(event)

"""The Train page's "Copy command": a button beside Start and, once pressed, the torchrun command for the page's
settings (written by the session: core.config.command), shown read-only and put on the clipboard."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QBoxLayout, QPlainTextEdit, QPushButton, QWidget


class CommandBox(QObject):
    requested = Signal()  # the button was pressed: the session answers with show_command(text)

    def __init__(self, page: QWidget, buttons: QBoxLayout, below: QBoxLayout) -> None:
        """Adds its button to `buttons` and the command's view to `below`."""
        super().__init__(page)
        self._page = page
        self.button = QPushButton(self.tr("Copy command"))
        self.button.setToolTip(
            self.tr(
                "Copy a torchrun command with these settings, to train this run on several GPUs or machines "
                "(see Clusters in the README)."
            )
        )
        self.button.clicked.connect(self.requested)
        buttons.addWidget(self.button)
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setMaximumHeight(page.fontMetrics().lineSpacing() * 5)
        self.view.setToolTip(self.tr("The command is on the clipboard; run it where the data is."))
        self.view.hide()
        below.addWidget(self.view)

    def show_command(self, text: str) -> None:
        """Show the command and put it on the clipboard."""
        QGuiApplication.clipboard().setText(text)
        self.view.setPlainText(text)
        self.view.show()

    def text(self) -> str:
        return self.view.toPlainText() if not self.view.isHidden() else ""

"""An inline message on a page: a tinted box with plain-words text, an optional expandable list (e.g. every
skipped row) and a close button. Used instead of pop-ups, so a problem stays next to what it is about."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
)


class MessageBox(QFrame):
    """An inline message: a tinted box with plain-words text, an optional expandable list and a close button."""

    COLOURS: ClassVar[dict[str, str]] = {"info": "#3b82f6", "warning": "#e0a100", "error": "#d9423a"}

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBox")
        self.kind = "info"
        self._count = 0
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.RichText)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # Wraps at any width; one long unbreakable word must not make the whole page wider than the window.
        self._label.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 24)
        self._more = QToolButton()
        self._more.setCheckable(True)
        self._more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._more.setArrowType(Qt.ArrowType.RightArrow)
        self._more.setAutoRaise(True)
        self._more.toggled.connect(self._toggle_details)
        self._more.setToolTip(self.tr("Show or hide the full list"))
        self._more.setAccessibleName(self.tr("Show or hide the full list"))
        self.action_button = QPushButton()  # an optional "do it" beside the text (show_message's action)
        self.action_button.clicked.connect(self._act)
        self.action_button.hide()
        self._action: Callable[[], None] | None = None
        self._close = QToolButton()
        self._close.setText("✕")
        self._close.setAutoRaise(True)
        self._close.setToolTip(self.tr("Hide this message"))
        self._close.setAccessibleName(self.tr("Hide this message"))  # a screen reader would say "multiplication x"
        self._close.clicked.connect(self.hide)
        self._details = QPlainTextEdit()
        self._details.setReadOnly(True)
        self._details.setMaximumHeight(self.fontMetrics().height() * 8)
        self._details.setToolTip(self.tr("Every skipped row with its line number in the file and the reason"))
        self._details.hide()
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self._label, 1)
        top.addWidget(self.action_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self._more, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self._close, 0, Qt.AlignmentFlag.AlignTop)
        box = QVBoxLayout(self)
        box.setContentsMargins(10, 6, 6, 6)
        box.addLayout(top)
        box.addWidget(self._details)
        self.hide()

    def show_message(
        self,
        kind: str,
        text: str,
        details: list[str] | None = None,
        closable: bool = True,
        action: tuple[str, Callable[[], None]] | None = None,
    ) -> None:
        """Show `text`; `action` (button text, what it does) adds a button that does it and hides the message."""
        self.kind = kind
        self._action = action[1] if action else None
        self.action_button.setText(action[0] if action else "")
        self.action_button.setVisible(action is not None)
        colour = QColor(self.COLOURS.get(kind, self.COLOURS["info"]))
        tint = QColor(colour)
        tint.setAlpha(40)
        self.setStyleSheet(
            "QFrame#messageBox {"
            f" background-color: rgba({tint.red()},{tint.green()},{tint.blue()},{tint.alpha()});"
            f" border: 1px solid {colour.name()}; border-left: 4px solid {colour.name()}; border-radius: 4px; }}"
        )
        self._label.setText(text)
        self._details.setPlainText("\n".join(details or []))
        has_details = bool(details)
        self._more.setVisible(has_details)
        self._more.setChecked(False)
        self._count = len(details or [])
        self._more.setText(self.tr("Show all {count:,}").format(count=self._count) if details else "")
        lines = min(8, max(2, self._count))
        self._details.setMaximumHeight(self.fontMetrics().height() * lines + 14)
        self._more.setToolTip(self.tr("Show or hide the full list"))
        self._close.setVisible(closable)
        self.show()

    def text(self) -> str:
        return self._label.text()

    def details(self) -> list[str]:
        text = self._details.toPlainText()
        return text.splitlines() if text else []

    def _act(self) -> None:
        action = self._action
        self.hide()
        if action is not None:
            action()

    def _toggle_details(self, on: bool) -> None:
        self._details.setVisible(on)
        self._more.setText(self.tr("Hide the list") if on else self.tr("Show all {count:,}").format(count=self._count))
        self._more.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)

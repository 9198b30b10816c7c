"""A label for text that changes many times a second (live read-outs, progress numbers).

QLabel.setText asks the parent layout to recompute after every change (Qt does that for any widget whose size is
not fixed), and the request climbs to the main window: while training, every plot redraw re-ran the window's whole
layout and repainted the window's background under the label. StableLabel holds its QLabel without a layout and
sizes it itself, so the request stops here; it keeps room for `lines` lines of wrapped text (growing only when a
longer text needs it) and paints its own background, so nothing under it repaints either.
"""

from __future__ import annotations

from typing import Any, overload

from PySide6.QtCore import QMargins, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class StableLabel(QWidget):
    """Word-wrapped, selectable text in a box of fixed height; text()/setText() as on a QLabel."""

    def __init__(self, text: str = "", *, lines: int = 1, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(text, self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._lines = max(1, lines)
        self.setAutoFillBackground(True)  # opaque: the parents need not paint under it when the text changes
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._fit_height()

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:
        if text != self.label.text():
            self.label.setText(text)
            self._fit_height()

    def setToolTip(self, tip: str) -> None:
        super().setToolTip(tip)
        self.label.setToolTip(tip)

    @overload
    def setContentsMargins(self, margins: QMargins, /) -> None: ...
    @overload
    def setContentsMargins(self, left: int, top: int, right: int, bottom: int, /) -> None: ...
    def setContentsMargins(self, *margins: Any) -> None:
        """The label's margins (the box has none), in either of QWidget's forms."""
        self.label.setContentsMargins(*margins)
        self._fit_height()

    def _reserved(self) -> int:
        margins = self.label.contentsMargins()
        return self.fontMetrics().lineSpacing() * self._lines + margins.top() + margins.bottom()

    def _fit_height(self) -> None:
        """Room for the reserved lines, or for the current text at this width if it needs more (rare)."""
        width = self.width() if self.width() > 1 else self.sizeHint().width()
        text, margins = self.label.text(), self.label.contentsMargins()
        fits_one_line = self.fontMetrics().horizontalAdvance(text) <= width - margins.left() - margins.right()
        # Laying the text out to measure it costs more than the rest of a redraw; one line always fits the room.
        needed = self._reserved() if fits_one_line else max(self._reserved(), self.label.heightForWidth(width))
        if needed != self.height() or self.minimumHeight() != needed:
            self.setFixedHeight(needed)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.label.setGeometry(self.rect())
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit_height()

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 40, self._reserved())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 10, self._reserved())

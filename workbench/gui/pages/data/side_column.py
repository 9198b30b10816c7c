"""The Data page's column beside the rows: the classes, the validation share and the tokenizer, one above the
other. It scrolls up and down only, so it is as wide as its widest box needs at the current text size (zoom,
presenter mode), and the page puts it under the rows rather than cut it when that is wider than the room."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QStyle, QVBoxLayout, QWidget


class SideColumn(QScrollArea):
    """`boxes` from top to bottom; fit_width() makes its minimum width that of its boxes (the page calls it when
    the text size changed)."""

    def __init__(self, *boxes: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 4, 0)
        for box in boxes:
            column.addWidget(box)
        column.addStretch(1)
        self.setWidget(side)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fit_width()

    def fit_width(self) -> None:
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        side = self.widget()
        assert side is not None, "the column is made with its boxes"
        self.setMinimumWidth(side.minimumSizeHint().width() + bar)

"""The head view: each query token on the left joined to the key tokens it attends to on the right, the line's
thickness and opacity by weight (as BertViz's head view). Hover a token to see only its lines."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from workbench.gui.pages.inspect.attention.inspect_maps import token_kind

MIN_WEIGHT = 0.02  # lighter lines are invisible anyway; skipping them keeps 256 tokens quick to draw
MAX_PER_ROW = 12  # and at most this many (the strongest) per query token
LABEL_CHARS = 14


def _short(token: str) -> str:
    return token if len(token) <= LABEL_CHARS else token[: LABEL_CHARS - 1] + "…"


def _strongest(att: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(query, key) index pairs of the lines worth drawing: at least MIN_WEIGHT, the MAX_PER_ROW largest a row."""
    keep = att >= MIN_WEIGHT
    if att.shape[1] > MAX_PER_ROW:
        kth = np.partition(att, -MAX_PER_ROW, axis=1)[:, -MAX_PER_ROW][:, None]
        keep &= att >= kth
    return np.nonzero(keep)


class HeadLines(QWidget):
    """Draws one [T, T] map (rows: queries, columns: keys). Tall inputs grow the widget; put it in a scroll area."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._att = np.zeros((0, 0), dtype=np.float32)
        self._rows: list[str] = []
        self._cols: list[str] = []
        self._focus: int | None = None  # the hovered query row
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(
            self.tr("Each query token (left) joined to what it attends to (right). Hover a token to single it out.")
        )

    def set_map(self, att: np.ndarray, row_tokens: list[str], col_tokens: list[str]) -> None:
        self._att = np.asarray(att, dtype=np.float32)
        self._rows, self._cols = list(row_tokens), list(col_tokens)
        if self._focus is not None and self._focus >= len(self._rows):
            self._focus = None
        self.updateGeometry()
        self.setFixedHeight(self._height())
        self.update()

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 4

    def _height(self) -> int:
        return max(len(self._rows), len(self._cols), 1) * self._row_height() + 8

    def sizeHint(self) -> QSize:
        return QSize(360, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(240, self._row_height() * 2)

    def _columns(self) -> tuple[float, float, float]:
        """(label width, x where the left labels end, x where the right labels start)."""
        fm = self.fontMetrics()
        label = float(fm.horizontalAdvance("M" * 8))
        return label, label + 8.0, self.width() - label - 8.0

    def _y(self, index: int) -> float:
        return 4 + (index + 0.5) * self._row_height()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        _label, left, _right = self._columns()
        x, y = event.position().x(), event.position().y()
        index = int((y - 4) // self._row_height())
        focus = index if x <= left and 0 <= index < len(self._rows) else None
        if focus != self._focus:
            self._focus = focus
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: Any) -> None:
        if self._focus is not None:
            self._focus = None
            self.update()
        super().leaveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        line = QColor(pal.color(QPalette.ColorRole.Highlight))
        label, left, right = self._columns()
        rh = self._row_height()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        att = self._att
        if att.size:
            rows, cols = _strongest(att)
            for q, k in zip(rows.tolist(), cols.tolist(), strict=True):
                if self._focus is not None and q != self._focus:
                    continue
                w = float(att[q, k])
                color = QColor(line)
                color.setAlphaF(min(1.0, 0.15 + 0.85 * w))
                pen = QPen(color, 0.5 + 4.0 * w)
                painter.setPen(pen)
                painter.drawLine(QPointF(left + 2, self._y(q)), QPointF(right - 2, self._y(k)))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for tokens, x, align in ((self._rows, 0.0, Qt.AlignmentFlag.AlignRight), (self._cols, right + 6, 0)):
            for i, tok in enumerate(tokens):
                special = token_kind(tok) in ("special", "unknown")
                focus = tokens is self._rows and i == self._focus
                font = painter.font()
                font.setItalic(special)
                font.setBold(focus)
                painter.setFont(font)
                painter.setPen(muted if special and not focus else text)
                rect = QRectF(x, self._y(i) - rh / 2, label, rh)
                painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), _short(tok))
        painter.end()

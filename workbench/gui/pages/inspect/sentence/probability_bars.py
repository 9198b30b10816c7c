"""A bar per class probability, the predicted class highlighted. With heads muted, a thin mark on each bar shows
the probability of the unmuted model, so the effect of muting reads at a glance."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

MAX_ROWS = 10  # the most likely classes; the rest are summed in one line
LABEL_CHARS = 18


class ProbabilityBars(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: list[str] = []
        self._probs = np.zeros(0, dtype=np.float64)
        self._before: np.ndarray | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_probabilities(self, labels: list[str], probs: np.ndarray | None, before: np.ndarray | None = None) -> None:
        """probs [n_classes]; `before` the unmuted model's, or None. Labels are the class names in id order."""
        self._probs = np.zeros(0) if probs is None else np.asarray(probs, dtype=np.float64)
        names = (
            list(labels)
            if len(labels) == len(self._probs)
            else [self.tr("class {i}").format(i=i) for i in range(len(self._probs))]
        )
        self._labels = names
        self._before = None if before is None else np.asarray(before, dtype=np.float64)
        self.setFixedHeight(self._height())
        self.update()

    def probabilities(self) -> np.ndarray:
        return self._probs.copy()

    def predicted(self) -> str | None:
        return self._labels[int(np.argmax(self._probs))] if self._probs.size else None

    def _rows(self) -> list[int]:
        order = np.argsort(-self._probs, kind="stable")
        return [int(i) for i in order[:MAX_ROWS]]

    def _row_height(self) -> int:
        return QFontMetrics(self.font()).height() + 6

    def _height(self) -> int:
        n = min(len(self._probs), MAX_ROWS) + (1 if len(self._probs) > MAX_ROWS else 0)
        return max(1, n) * self._row_height() + 2

    def sizeHint(self) -> QSize:
        return QSize(360, self._height())

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self._height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pal = self.palette()
        fm = QFontMetrics(self.font())
        text = pal.color(QPalette.ColorRole.WindowText)
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        track = pal.color(
            QPalette.ColorRole.Mid
            if pal.color(QPalette.ColorRole.Window).lightness() < 128
            else QPalette.ColorRole.Midlight
        )
        accent = pal.color(QPalette.ColorRole.Highlight)
        other = QColor(muted)
        label_w = min(fm.horizontalAdvance("M" * 12), self.width() // 3)
        value_w = fm.horizontalAdvance("100.0 %") + 8
        bar_x = label_w + 8
        bar_w = max(10, self.width() - bar_x - value_w)
        rh = self._row_height()
        top = int(self._probs.argmax()) if self._probs.size else -1
        for row, i in enumerate(self._rows()):
            y = row * rh
            p = float(self._probs[i])
            best = i == top
            font = QFont(self.font())
            font.setBold(best)
            painter.setFont(font)
            painter.setPen(text)
            name = fm.elidedText(self._labels[i], Qt.TextElideMode.ElideRight, label_w)
            flags = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            painter.drawText(QRectF(0, y, label_w, rh), flags, name)
            bar = QRectF(bar_x, y + 3, bar_w, rh - 6)
            painter.fillRect(bar, track)
            painter.fillRect(QRectF(bar.x(), bar.y(), bar.width() * p, bar.height()), accent if best else other)
            if self._before is not None and i < len(self._before):
                x = bar.x() + bar.width() * float(self._before[i])
                painter.setPen(QPen(text, 2))
                painter.drawLine(int(x), int(bar.top()) - 2, int(x), int(bar.bottom()) + 2)
            painter.setPen(text)
            left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            painter.drawText(QRectF(bar.right() + 6, y, value_w, rh), left, f"{p:.1%}".replace("%", " %"))
        if len(self._probs) > MAX_ROWS:
            rest = float(np.sort(self._probs)[:-MAX_ROWS].sum())
            painter.setPen(muted)
            painter.setFont(self.font())
            y = MAX_ROWS * rh
            msg = (
                self.tr("… {n_probs} more classes, {rest:.1%} together")
                .format(n_probs=len(self._probs) - MAX_ROWS, rest=rest)
                .replace("%", " %")
            )
            painter.drawText(QRectF(bar_x, y, bar_w + value_w, rh), int(Qt.AlignmentFlag.AlignVCenter), msg)
        painter.end()

    def describe(self) -> str:
        """The bars in words (tooltip, tests)."""
        parts = [f"{self._labels[i]} {self._probs[i]:.1%}" for i in self._rows()]
        return ", ".join(parts)

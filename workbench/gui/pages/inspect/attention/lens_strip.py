"""The lens strip beside the attention grid: what the model would answer if it stopped after each layer.

For a classifier, a layers × classes table of probabilities (row 0 the embeddings, the last row the model's own
answer), each cell shaded by its probability, the row where the decision settles marked: where in the stack the
decision forms. For a masked-LM model, the top word guessed for the first [MASK] after each layer."""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from workbench.gui.widgets import theme

MAX_CLASSES = 8  # more classes: the 8 the model finally finds likeliest
CELL_W, WORD_W, LABEL_W = 60, 120, 28


class LensStrip(QWidget):
    """Empty until set_classes / set_words; cell_text(row, col) is what a cell shows (for tests)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self._rows: list[str] = []
        self._columns: list[str] = []
        self._values = np.zeros((0, 0), np.float32)
        self._texts: list[list[str]] = []
        self._settles: int | None = None
        self._title = ""
        self._words = False  # showing guessed words (wider cells) rather than class probabilities
        self.setToolTip(
            self.tr(
                "The lens: the model's answer read out after the embeddings (row E) and after each layer, with "
                "its own classifier (for BERT: pooler and classifier). Where the colours stop changing, the "
                "decision has formed."
            )
        )
        self.hide()

    # --- inputs ---------------------------------------------------------------------------------------
    def show_lens(self, lens: Any, labels: list[str]) -> None:
        """A ClassifierLens, a MaskLens (its first [MASK]) or None (nothing to show)."""
        if lens is None:
            self.clear()
        elif hasattr(lens, "probabilities"):
            self.set_classes(lens.probabilities, labels, lens.settles_at())
        else:
            self.set_words(lens.guesses[0])

    def set_classes(self, probabilities: np.ndarray, labels: list[str], settles: int | None) -> None:
        """probabilities [layers + 1, classes] from the classifier lens."""
        probs = np.asarray(probabilities, np.float32)
        names = labels if len(labels) == probs.shape[1] else [f"{i}" for i in range(probs.shape[1])]
        keep = np.arange(probs.shape[1])
        if len(keep) > MAX_CLASSES:
            keep = np.sort(np.argsort(-probs[-1], kind="stable")[:MAX_CLASSES])
        self._columns = [names[i] for i in keep]
        self._values = probs[:, keep]
        self._texts = [[f"{v * 100:.0f}" for v in row] for row in self._values]
        self._rows = self._row_names(len(probs))
        self._settles = settles
        self._title, self._words = self.tr("Per layer (%)"), False
        self._changed()

    def set_words(self, guesses: list[list[tuple[str, float]]]) -> None:
        """For one [MASK]: per row (embeddings, then each layer), the top guesses (word, probability)."""
        self._rows = self._row_names(len(guesses))
        self._columns = [self.tr("[MASK] guess")]
        self._values = np.array([[g[0][1] if g else 0.0] for g in guesses], np.float32)
        self._texts = [[f"{g[0][0]} {g[0][1] * 100:.0f}%" if g else ""] for g in guesses]
        self._settles = None
        self._title, self._words = self.tr("Per layer"), True
        self._changed()

    def clear(self) -> None:
        self._rows, self._columns, self._texts = [], [], []
        self._values = np.zeros((0, 0), np.float32)
        self.hide()

    def rows(self) -> list[str]:
        return list(self._rows)

    def columns(self) -> list[str]:
        return list(self._columns)

    def cell_text(self, row: int, column: int) -> str:
        return self._texts[row][column]

    def settles_at(self) -> int | None:
        return self._settles

    # --- drawing --------------------------------------------------------------------------------------
    def _row_names(self, n: int) -> list[str]:
        return ["E", *[str(i) for i in range(1, n)]]

    def _cell_width(self) -> int:
        return WORD_W if self._words else CELL_W

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 6

    def _changed(self) -> None:
        self.setFixedWidth(LABEL_W + self._cell_width() * max(1, len(self._columns)) + 4)
        self.setMinimumHeight(self._row_height() * (len(self._rows) + 2))
        self.show()
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(self.width(), self._row_height() * (len(self._rows) + 2))

    def paintEvent(self, _event: Any) -> None:
        if not self._rows:
            return
        painter = QPainter(self)
        fm = self.fontMetrics()
        h, w = self._row_height(), self._cell_width()
        text_color = self.palette().windowText().color()
        accent = QColor(theme.color("accent"))
        painter.setPen(text_color)
        painter.drawText(
            QRect(0, 0, self.width(), h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self._title
        )
        for c, name in enumerate(self._columns):
            rect = QRect(LABEL_W + c * w, h, w, h)
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignCenter, fm.elidedText(name, Qt.TextElideMode.ElideRight, w - 4)
            )
        for r, name in enumerate(self._rows):
            y = (r + 2) * h
            painter.setPen(text_color)
            painter.drawText(
                QRect(0, y, LABEL_W - 4, h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name
            )
            for c in range(len(self._columns)):
                rect = QRect(LABEL_W + c * w, y, w - 2, h - 2)
                fill = QColor(accent)
                fill.setAlphaF(float(np.clip(self._values[r, c], 0.0, 1.0)) * 0.85)
                painter.fillRect(rect, fill)
                painter.setPen(text_color)
                painter.drawText(
                    rect,
                    Qt.AlignmentFlag.AlignCenter,
                    fm.elidedText(self._texts[r][c], Qt.TextElideMode.ElideRight, w - 4),
                )
            if self._settles is not None and r == self._settles and r > 0:
                painter.setPen(QPen(accent, 2))
                painter.drawLine(LABEL_W, y, LABEL_W + w * len(self._columns), y)
        painter.end()

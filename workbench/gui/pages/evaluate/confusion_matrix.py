"""The confusion matrix: rows are the true classes, columns the predicted ones, each cell's colour its share of the
row (so a rare class reads as clearly as a common one), the count written in when it fits.

Works from 2 to a few hundred classes: the cells shrink to fit the room, down to a few pixels, and then the view
scrolls; labels are thinned so they never overlap; Ctrl+wheel or the buttons zoom. Hover shows a cell's count and
share, a click (or arrows + Enter) emits cellClicked(true, predicted). save_png renders the whole matrix.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.widgets import theme
from workbench.gui.widgets.heatmap.matrix_table import MatrixTable

MIN_CELL, MAX_CELL, FIT_MAX_CELL = 4, 96, 56
LABEL_CHARS = 18  # longer class names are shortened in the margins (the tooltip has the whole name)
EXPORT_MAX_PX = 6000
NORMAL_LINE_PX = 17  # a line of the normal font: FIT_MAX_CELL grows with the text beyond it (zoom, presenter)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    t = min(1.0, max(0.0, t))
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


def _ink_for(fill: QColor) -> QColor:
    """Black or white text, whichever reads better on `fill`."""
    lum = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF()
    return QColor(20, 20, 20) if lum > 0.5 else QColor(250, 250, 250)


@dataclass
class _Geometry:
    """Where everything goes for a given cell size: margins for labels, then the grid."""

    left: int
    top: int
    cell: int
    n: int
    pad: int
    title: int = 0  # the axis titles' width: the grid's sides are never shorter, so neither title is cut

    @property
    def span(self) -> int:
        """The length of a side the titles are centred on: the grid's, or the longer title's."""
        return max(self.cell * self.n, self.title)

    @property
    def size(self) -> QSize:
        return QSize(self.left + self.span + self.pad, self.top + self.span + self.pad)

    def cell_rect(self, r: int, c: int) -> QRect:
        return QRect(self.left + c * self.cell, self.top + r * self.cell, self.cell, self.cell)

    def hit(self, pos: QPoint) -> tuple[int, int] | None:
        c = math.floor((pos.x() - self.left) / self.cell)
        r = math.floor((pos.y() - self.top) / self.cell)
        return (r, c) if 0 <= r < self.n and 0 <= c < self.n else None


class MatrixCanvas(QWidget):
    """Paints the matrix at a chosen cell size; sized to fit it all (the scroll area around it scrolls)."""

    cellClicked = Signal(int, int)
    zoomRequested = Signal(int)  # +1 in, -1 out (Ctrl+wheel)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: list[str] = []
        self.counts = np.zeros((0, 0), dtype=np.int64)
        self.share = np.zeros((0, 0), dtype=np.float64)
        self.cell = 32
        self.selected: tuple[int, int] | None = None
        self.current: tuple[int, int] = (0, 0)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    # --- data and size --------------------------------------------------------------------------------
    def set_matrix(self, labels: list[str], counts: np.ndarray) -> None:
        self.labels = list(labels)
        self.counts = np.asarray(counts, dtype=np.int64)
        totals = self.counts.sum(axis=1, keepdims=True)
        self.share = np.divide(self.counts, totals, out=np.zeros(self.counts.shape), where=totals > 0)
        self.selected = None
        self.current = (0, 0)
        self._resize()

    def set_cell(self, px: int) -> None:
        self.cell = int(min(MAX_CELL, max(MIN_CELL, px)))
        self._resize()

    def geometry_for(self, cell: int, fm: QFontMetrics | None = None) -> _Geometry:
        fm = fm or self.fontMetrics()
        longest = max((fm.horizontalAdvance(self._short(x)) for x in self.labels), default=0)
        margin = longest + fm.height() * 2 + 8  # labels, the axis title, a gap
        bold = QFont(self.font())
        bold.setBold(True)
        title = max(QFontMetrics(bold).horizontalAdvance(t) for t in self.titles()) + 8
        return _Geometry(margin, margin, cell, len(self.labels), 4, title)

    def titles(self) -> tuple[str, str]:
        """The axis titles: across the top (predicted) and down the side (true)."""
        return self.tr("Predicted class"), self.tr("True class")

    def margin_for_labels(self) -> int:
        return self.geometry_for(self.cell).left

    def _resize(self) -> None:
        self.setFixedSize(self.geometry_for(self.cell).size if self.labels else QSize(0, 0))
        self.update()

    @staticmethod
    def _short(label: str) -> str:
        return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"

    def select(self, cell: tuple[int, int] | None) -> None:
        self.selected = cell
        if cell is not None:
            self.current = cell
        self.update()

    def describe(self, r: int, c: int) -> str:
        """The words a cell's tooltip shows: names, count and share of the true class."""
        count = int(self.counts[r, c])
        total = int(self.counts[r].sum())
        share = (
            self.tr("{share:.1%} of the {total:,} true “{labels}”").format(
                share=self.share[r, c], total=total, labels=self.labels[r]
            )
            if total
            else self.tr("no examples")
        )
        if r == c:
            examples = (
                self.tr("1 correct example, {share}") if count == 1 else self.tr("{count:,} correct examples, {share}")
            )
        else:
            examples = (
                self.tr("1 mistaken example, {share}")
                if count == 1
                else self.tr("{count:,} mistaken examples, {share}")
            )
        return self.tr("True: {true}\nPredicted: {predicted}\n{examples}").format(
            true=self.labels[r], predicted=self.labels[c], examples=examples.format(count=count, share=share)
        )

    # --- painting -------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.labels:
            return
        painter = QPainter(self)
        self.paint(painter, self.geometry_for(self.cell), event.rect(), self.palette(), focus=self.hasFocus())
        painter.end()

    def paint(self, p: QPainter, g: _Geometry, clip: QRect, pal: QPalette, focus: bool = False) -> None:
        """Draw the matrix with geometry g (the widget and the PNG export share this)."""
        base = pal.color(QPalette.ColorRole.Base)
        ink = pal.color(QPalette.ColorRole.WindowText)
        dark = theme.is_dark()
        right = QColor("#4c8df6") if dark else QColor("#1d5fd1")  # correct: blue
        wrong = QColor("#f08a4b") if dark else QColor("#d9480f")  # mistaken: orange
        fm = p.fontMetrics()
        n = g.n
        c0 = max(0, (clip.left() - g.left) // g.cell)
        c1 = min(n, (clip.right() - g.left) // g.cell + 1)
        r0 = max(0, (clip.top() - g.top) // g.cell)
        r1 = min(n, (clip.bottom() - g.top) // g.cell + 1)
        show_counts = g.cell >= fm.height() + 2
        grid = QPen(_mix(base, ink, 0.15))
        grid.setWidth(0)
        for r in range(r0, r1):
            for c in range(c0, c1):
                rect = g.cell_rect(r, c)
                fill = (
                    _mix(base, right if r == c else wrong, 0.08 + 0.92 * self.share[r, c])
                    if self.counts[r, c]
                    else base
                )
                p.fillRect(rect, fill)
                if show_counts and self.counts[r, c]:
                    text = f"{int(self.counts[r, c]):,}"
                    if fm.horizontalAdvance(text) + 4 <= g.cell:
                        p.setPen(_ink_for(fill))
                        p.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        if g.cell >= 8 and r1 > r0 and c1 > c0:
            p.setPen(grid)
            for r in range(r0, r1 + 1):
                p.drawLine(g.left + c0 * g.cell, g.top + r * g.cell, g.left + c1 * g.cell, g.top + r * g.cell)
            for c in range(c0, c1 + 1):
                p.drawLine(g.left + c * g.cell, g.top + r0 * g.cell, g.left + c * g.cell, g.top + r1 * g.cell)
        self._paint_labels(p, g, ink, fm)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        for cell, width in ((self.selected, 3), (self.current if focus else None, 1)):
            if cell is not None and cell[0] < n and cell[1] < n:
                pen = QPen(highlight if width > 1 else ink, width)
                pen.setStyle(Qt.PenStyle.SolidLine if width > 1 else Qt.PenStyle.DotLine)
                p.setPen(pen)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(g.cell_rect(*cell).adjusted(1, 1, -1, -1))

    def _paint_labels(self, p: QPainter, g: _Geometry, ink: QColor, fm: QFontMetrics) -> None:
        n, h = g.n, fm.height()
        step = max(1, math.ceil((h + 1) / g.cell))  # thin the labels so neighbours never overlap
        p.setPen(ink)
        for i in range(0, n, step):
            text = self._short(self.labels[i])
            y = g.top + i * g.cell + g.cell // 2
            p.drawText(
                QRect(0, y - h // 2, g.left - 6, h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text
            )
            x = g.left + i * g.cell + g.cell // 2
            p.save()
            p.translate(x, g.top - 6)
            p.rotate(-90)  # column labels read upwards, right-aligned against the grid
            p.drawText(
                QRect(0, -h // 2, g.top - 6 - h - 4, h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            p.restore()
        bold = QFont(p.font())
        bold.setBold(True)
        p.setFont(bold)
        span = g.span
        predicted, true = self.titles()
        p.drawText(QRect(g.left, 0, max(span, 1), h), Qt.AlignmentFlag.AlignCenter, predicted)
        p.save()
        p.translate(0, g.top + span)
        p.rotate(-90)
        p.drawText(QRect(0, 0, max(span, 1), h), Qt.AlignmentFlag.AlignCenter, true)
        p.restore()

    # --- interaction ----------------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self.geometry_for(self.cell).hit(event.position().toPoint()) if self.labels else None
        if hit is None:
            QToolTip.hideText()
            self.setToolTip("")
        else:
            QToolTip.showText(event.globalPosition().toPoint(), self.describe(*hit), self)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.geometry_for(self.cell).hit(event.position().toPoint()) if self.labels else None
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            self.select(hit)
            self.cellClicked.emit(*hit)
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        n = len(self.labels)
        moves = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0)}
        key = Qt.Key(event.key())
        if n and key in moves:
            dr, dc = moves[key]
            self.current = (min(n - 1, max(0, self.current[0] + dr)), min(n - 1, max(0, self.current[1] + dc)))
            self.update()
            return
        if n and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.select(self.current)
            self.cellClicked.emit(*self.current)
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.angleDelta().y():
            self.zoomRequested.emit(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        event.ignore()  # plain wheel: the scroll area scrolls


class ConfusionMatrixView(QWidget):
    """The matrix in a scroll area with zoom buttons. It fits the room until the person zooms."""

    cellClicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = MatrixCanvas()
        self.canvas.cellClicked.connect(self.cellClicked)
        self.canvas.zoomRequested.connect(self.zoom)
        self.canvas.setToolTip("")
        self.scroll_area = QScrollArea()  # not `scroll`: that is QWidget.scroll(dx, dy)
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setWidgetResizable(False)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self._fit = True

        self.hint = QLabel(
            self.tr("Rows: the true class. Columns: what the model said. Click a cell to list its examples.")
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(f"color: {theme.color('muted')}")
        self.zoom_out = self._button("−", self.tr("Smaller cells (Ctrl+wheel)"), lambda: self.zoom(-1))
        self.zoom_in = self._button("+", self.tr("Bigger cells (Ctrl+wheel)"), lambda: self.zoom(1))
        self.fit_button = self._button(self.tr("Fit"), self.tr("Fit the matrix to the room"), self.fit)
        self.save_button = QToolButton()
        self.save_button.setText(self.tr("Save as PNG…"))
        self.save_button.setToolTip(self.tr("Save the whole matrix as a picture"))
        self.table_button = QToolButton()
        self.table_button.setText(self.tr("Table"))
        self.table_button.setCheckable(True)
        self.table_button.setToolTip(self.tr("Show the counts as a table, the classes as its headers"))
        self.table_button.setAccessibleName(self.tr("Show as a table"))
        self.table_button.toggled.connect(self._show_table)
        self.table = MatrixTable(self.tr("Confusion matrix: rows are the true classes, columns the predicted ones"))
        self.table.clicked.connect(lambda index: self.cellClicked.emit(index.row(), index.column()))
        self.table.activated.connect(lambda index: self.cellClicked.emit(index.row(), index.column()))
        self.views = QStackedWidget()
        self.views.addWidget(self.scroll_area)
        self.views.addWidget(self.table)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.hint, 1)
        for b in (self.zoom_out, self.zoom_in, self.fit_button, self.table_button, self.save_button):
            bar.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.views, 1)
        self._enable()

    @staticmethod
    def _button(text: str, tip: str, slot: Any) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setToolTip(tip)
        b.setAccessibleName(tip.split(" (")[0])  # "+" means nothing read aloud
        b.clicked.connect(slot)
        return b

    def _enable(self) -> None:
        has = bool(self.canvas.labels)
        for b in (self.zoom_out, self.zoom_in, self.fit_button, self.save_button, self.table_button):
            b.setEnabled(has)

    def set_matrix(self, labels: list[str], counts: np.ndarray) -> None:
        self.canvas.set_matrix(labels, counts)
        self._fit = True
        self._apply_fit()
        self._enable()
        if self.table_button.isChecked():
            self._fill_table()

    def _show_table(self, on: bool) -> None:
        """The counts as a table in the picture's place (the zoom buttons are for the picture)."""
        if on:
            self._fill_table()
        self.views.setCurrentIndex(1 if on else 0)
        for b in (self.zoom_out, self.zoom_in, self.fit_button):
            b.setVisible(not on)

    def _fill_table(self) -> None:
        labels = list(self.canvas.labels)
        self.table.set_matrix(
            self.canvas.counts, labels, fmt="{:,.0f}", about=self.tr("texts of the row's class given the column's")
        )

    def clear(self) -> None:
        self.set_matrix([], np.zeros((0, 0), dtype=np.int64))

    def select(self, true: int, predicted: int) -> None:
        self.canvas.select((true, predicted))

    def cell_size(self) -> int:
        return self.canvas.cell

    def zoom(self, direction: int) -> None:
        if not self.canvas.labels:
            return
        self._fit = False
        cell = self.canvas.cell
        self.canvas.set_cell(round(cell * 1.25) if direction > 0 else math.floor(cell / 1.25))

    def fit(self) -> None:
        self._fit = True
        self._apply_fit()

    def _apply_fit(self) -> None:
        n = len(self.canvas.labels)
        if not n:
            return
        room = self.scroll_area.viewport().size()
        margin = self.canvas.margin_for_labels()
        usable = min(room.width(), room.height()) - margin - 8
        fm = self.canvas.fontMetrics()
        largest = round(FIT_MAX_CELL * max(1.0, fm.height() / NORMAL_LINE_PX))
        # Room for every count when there are few classes (the view scrolls if that is taller than the room).
        widest = fm.horizontalAdvance(f"{int(self.canvas.counts.max()):,}") + 8 if self.canvas.counts.size else 0
        readable = max(fm.height() + 4, widest) if n <= 12 else MIN_CELL
        self.canvas.set_cell(max(readable, min(largest, usable // n)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit:
            self._apply_fit()

    def cell_center(self, true: int, predicted: int) -> QPoint:
        """Where a cell is, in canvas coordinates (for tests and scrolling to it)."""
        return self.canvas.geometry_for(self.canvas.cell).cell_rect(true, predicted).center()

    def render_image(self) -> QImage:
        """The whole matrix as an image, cells big enough for their counts when that fits in EXPORT_MAX_PX."""
        canvas = self.canvas
        fm = canvas.fontMetrics()
        n = len(canvas.labels)
        widest = fm.horizontalAdvance(f"{int(canvas.counts.max()) if n else 0:,}") + 8
        cell = max(canvas.cell, fm.height() + 4, widest)
        g = canvas.geometry_for(cell, fm)
        if g.size.width() > EXPORT_MAX_PX:
            g = canvas.geometry_for(max(MIN_CELL, canvas.cell), fm)
        image = QImage(g.size, QImage.Format.Format_ARGB32)
        image.fill(canvas.palette().color(QPalette.ColorRole.Base))
        painter = QPainter(image)
        painter.setFont(canvas.font())
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        canvas.paint(painter, g, QRect(QPoint(0, 0), g.size), canvas.palette())
        painter.end()
        return image

    def save_png(self, path: str) -> bool:
        # PySide6's stub types the format as bytes, but QImage.save takes only a str (bytes raise ValueError).
        return bool(self.canvas.labels) and self.render_image().save(path, "PNG")  # type: ignore[call-overload]

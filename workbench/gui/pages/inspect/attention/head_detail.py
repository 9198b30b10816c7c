"""One head (or one layer's aggregate) large: a heatmap with the tokens on both axes and the exact weight under
the cursor, or the lines view; and a Mute toggle for the head shown."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from superqt import QElidingLabel

from workbench.gui.pages.inspect.attention.head_lines import HeadLines
from workbench.gui.pages.inspect.attention.heatmap_base import (
    DEFAULT_COLORMAP,
    LEVELS,
    FastImageItem,
    colormap,
    style_plot,
)
from workbench.gui.widgets.heatmap.matrix_table import MatrixTable
from workbench.gui.widgets.heatmap.token_axis import TokenAxis, hold_wrapped, out_of_view_text, tall_enough

MIN_HEIGHT = 220


class _HoverImage(FastImageItem):
    def __init__(self, owner: HeadHeatmap) -> None:
        super().__init__(axisOrder="row-major")
        self._owner = owner
        self.setAcceptHoverEvents(True)

    def hoverEvent(self, ev: Any) -> None:
        self._owner.show_value_at(None if ev.isExit() else ev.pos())


class HeadHeatmap(QWidget):
    """A [T, T] map: rows are the queries (left axis), columns the keys (bottom axis). Wheel zooms, drag pans."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._att = np.zeros((0, 0), dtype=np.float32)
        self._moved = False  # zoomed or dragged by the person since the map was drawn
        self._rows: list[str] = []
        self._cols: list[str] = []
        self.left_axis, self.bottom_axis = TokenAxis("left"), TokenAxis("bottom")
        self.view = pg.GraphicsLayoutWidget()
        self.view.setMinimumSize(240, MIN_HEIGHT)
        self.plot = self.view.addPlot(axisItems={"left": self.left_axis, "bottom": self.bottom_axis})
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setLabel("left", self.tr("query (attends)"))
        self.plot.setLabel("bottom", self.tr("key (attended to)"))
        vb = self.plot.getViewBox()
        vb.invertY(True)  # the first token at the top, as in a table; cells need not be square
        vb.setDefaultPadding(0.0)
        self.image = _HoverImage(self)
        self.image.setLookupTable(colormap(DEFAULT_COLORMAP).getLookupTable(0.0, 1.0, 256))
        self.plot.addItem(self.image)
        self.readout = QElidingLabel(self.tr("Point at a cell to read its weight."))
        self.readout.setToolTip(self.tr("The exact attention weight under the cursor"))
        # How many tokens do not fit at a readable size (the map shows fewer at once): one line, all of it on hover.
        self.out_of_view = QElidingLabel()
        self.out_of_view.setElideMode(Qt.TextElideMode.ElideRight)
        self.out_of_view.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.out_of_view)
        layout.addWidget(self.readout)
        vb.sigResized.connect(lambda _vb: self._fit_view(reset=False))
        vb.sigRangeChangedManually.connect(lambda *_: setattr(self, "_moved", True))
        self._apply_palette()

    def set_colormap(self, name: str) -> None:
        self.image.setLookupTable(colormap(name).getLookupTable(0.0, 1.0, 256))

    def set_map(self, att: np.ndarray, row_tokens: list[str], col_tokens: list[str]) -> None:
        reshaped = self._att.shape != att.shape
        self._att = np.ascontiguousarray(att, dtype=np.float32)
        self._rows, self._cols = list(row_tokens), list(col_tokens)
        self.image.setImage(self._att, autoLevels=False, levels=LEVELS)
        self.left_axis.set_tokens(self._rows)
        self.bottom_axis.set_tokens(self._cols)
        self._fit_view(reset=reshaped)

    def _fit_view(self, *, reset: bool) -> None:
        """Every token in view gets its label: zooming out stops where the labels reach their smallest size, and
        a map with more tokens than that shows a part at a time (drag to pan) and says how many are out of view."""
        vb = self.plot.getViewBox()
        rows, cols = self._att.shape
        self.view.setMinimumHeight(tall_enough(self.view, vb, self.left_axis, self.bottom_axis, rows, MIN_HEIGHT))
        if rows == 0 or cols == 0:
            self.out_of_view.hide()
            return
        fit_cols = min(cols, self.bottom_axis.capacity(vb.width()))
        fit_rows = min(rows, self.left_axis.capacity(vb.height()))
        vb.setLimits(xMin=0, xMax=cols, yMin=0, yMax=rows, maxXRange=fit_cols, maxYRange=fit_rows)
        if reset:
            self._moved = False
        (x0, x1), (y0, y1) = vb.viewRange()
        # Not zoomed or dragged since the map was drawn: when the view grows, show what now fits (the first fit
        # often comes before the layout has settled, and would leave part of the map out of view unsaid).
        grow = not self._moved and (x1 - x0 < fit_cols - 1e-6 or y1 - y0 < fit_rows - 1e-6)
        if reset or grow or x1 - x0 > fit_cols + 1e-6 or y1 - y0 > fit_rows + 1e-6:
            vb.setRange(QRectF(0, 0, fit_cols, fit_rows), padding=0)
        hidden = (cols - fit_cols) + (rows - fit_rows)
        text = out_of_view_text(rows, cols, fit_rows, fit_cols) if hidden else ""
        if text != self.out_of_view.text():  # eliding it again is a layout of its own: only when it says otherwise
            self.out_of_view.setText(text)
            self.out_of_view.setToolTip(text)
        self.out_of_view.setVisible(bool(hidden))

    def value_at(self, query: int, key: int) -> float:
        return float(self._att[query, key])

    def describe(self, query: int, key: int) -> str:
        return f"“{self._rows[query]}” → “{self._cols[key]}”: {self._att[query, key]:.4f}"

    def show_value_at(self, pos: QPointF | None) -> None:
        if pos is not None:
            q, k = math.floor(pos.y()), math.floor(pos.x())
            if 0 <= q < self._att.shape[0] and 0 <= k < self._att.shape[1]:
                text = self.describe(q, k)
                self.readout.setText(text)
                self.image.setToolTip(text)
                return
        self.readout.setText(self.tr("Point at a cell to read its weight."))

    def cell_center_in_view(self, query: int, key: int) -> Any:
        return self.view.mapFromScene(self.image.mapToScene(QPointF(key + 0.5, query + 0.5)))

    def _apply_palette(self) -> None:
        style_plot(self.view, self.plot, self.palette())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        super().changeEvent(event)


class HeadDetail(QWidget):
    """The chosen head large, as a heatmap or as lines. `muteToggled(bool)` from the Mute check box."""

    muteToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QElidingLabel(self.tr("Click a head in the grid to see it here."))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.heatmap_button = QRadioButton(self.tr("Hea&tmap"))
        self.lines_button = QRadioButton(self.tr("&Lines"))
        self.heatmap_button.setToolTip(self.tr("The head's attention as a grid: rows attend to columns"))
        self.lines_button.setToolTip(self.tr("The head's attention as lines from each token to what it attends to"))
        self.table_button = QRadioButton(self.tr("T&able"))
        self.table_button.setToolTip(self.tr("The same weights as numbers in a table, the tokens as its headers"))
        self.heatmap_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.heatmap_button)
        group.addButton(self.lines_button)
        group.addButton(self.table_button)
        self.mute_check = QCheckBox(self.tr("M&ute this head"))
        self.mute_check.setToolTip(
            self.tr(
                "Zero this head's output before the layer's output projection and see what changes "
                "(right-click or Ctrl+click a head in the grid does the same)"
            )
        )
        self.mute_check.setEnabled(False)
        self.mute_check.toggled.connect(self.muteToggled)

        self.heatmap = HeadHeatmap()
        self.lines = HeadLines()
        lines_scroll = QScrollArea()
        lines_scroll.setWidgetResizable(True)
        lines_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lines_scroll.setWidget(self.lines)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.heatmap)
        self.stack.addWidget(lines_scroll)
        self.table = MatrixTable(self.tr("Attention weights: each row (query) attends to the columns (keys)"))
        self.stack.addWidget(self.table)
        for index, button in enumerate((self.heatmap_button, self.lines_button, self.table_button)):
            button.toggled.connect(lambda on, i=index: self.stack.setCurrentIndex(i) if on else None)
        self._pending_lines: tuple[np.ndarray, list[str], list[str]] | None = None
        self._pending_table: tuple[np.ndarray, list[str]] | None = None
        self.stack.currentChanged.connect(self._flush_lines)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.heatmap_button)
        header.addWidget(self.lines_button)
        header.addWidget(self.table_button)
        note = QLabel(self.tr("Rows attend to columns; every row sums to 1."))
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        note.setWordWrap(True)
        self.note = note
        footer = QHBoxLayout()
        footer.addWidget(note, 1)
        footer.addWidget(self.mute_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        layout.addLayout(footer)

    def set_colormap(self, name: str) -> None:
        self.heatmap.set_colormap(name)

    def style(self) -> str:
        """How the head is drawn: "heatmap", "lines" or "table"."""
        return "lines" if self.lines_button.isChecked() else "table" if self.table_button.isChecked() else "heatmap"

    def set_style(self, style: str) -> None:
        buttons = {"lines": self.lines_button, "table": self.table_button}
        buttons.get(style, self.heatmap_button).setChecked(True)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        hold_wrapped(self.note)

    def show_map(self, att: np.ndarray, tokens: list[str], title: str, *, mutable: bool, muted: bool) -> None:
        """Show one map; the lines view is drawn only when it is the one on screen."""
        self.title.setText(title)
        self.heatmap.set_map(att, tokens, tokens)
        self._pending_lines = (att, tokens, tokens)
        self._pending_table = (att, tokens)
        self._flush_lines()
        self.mute_check.blockSignals(True)
        self.mute_check.setChecked(muted)
        self.mute_check.blockSignals(False)
        self.mute_check.setEnabled(mutable)

    def show_muted(self, title: str, muted: bool) -> None:
        """The head shown was muted or brought back (its map follows with the next forward pass)."""
        self.title.setText(title)
        self.mute_check.blockSignals(True)
        self.mute_check.setChecked(muted)
        self.mute_check.blockSignals(False)

    def clear(self, message: str) -> None:
        self.title.setText(message)
        self.heatmap.set_map(np.zeros((0, 0), np.float32), [], [])
        self.lines.set_map(np.zeros((0, 0), np.float32), [], [])
        self._pending_lines = None
        self._pending_table = (np.zeros((0, 0), np.float32), [])
        self._flush_lines()
        self.mute_check.setEnabled(False)

    def _flush_lines(self, *_: Any) -> None:
        """Draw the lines or fill the table when it is the view on screen (both cost time at 256 tokens)."""
        if self._pending_lines is not None and self.stack.currentIndex() == 1:
            self.lines.set_map(*self._pending_lines)
            self._pending_lines = None
        if self._pending_table is not None and self.stack.currentIndex() == 2:
            att, tokens = self._pending_table
            self.table.set_matrix(att, tokens, about=self.tr("the row's token attends to the column's"))
            self._pending_table = None

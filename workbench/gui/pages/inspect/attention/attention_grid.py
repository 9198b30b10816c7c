"""The model view: every layer's and head's attention as ONE mosaic image, with one colour bar for all of them.

A single ImageItem over a [rows*(T+gap), cols*(T+gap)] float32 image with fixed levels 0–1 redraws in a few
milliseconds even at 256 tokens × 48 heads, where 48 separate items would not. The gaps between cells, the chosen
cell's outline and the muted heads' grey crosses are three path items drawn over it.

Click a cell to choose it; right-click or Ctrl+click mutes (or unmutes) a head.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPathItem, QGraphicsRectItem, QVBoxLayout, QWidget

from workbench.gui.pages.inspect.attention.heatmap_base import (
    DEFAULT_COLORMAP,
    LEVELS,
    FastImageItem,
    accent,
    colormap,
    style_plot,
)
from workbench.gui.pages.inspect.attention.inspect_maps import MapGrid, mosaic

MIN_HEIGHT, MAX_HEIGHT = 160, 560


def gap_for(tokens: int) -> int:
    """Pixels of image between cells: about a sixteenth of a cell, at least one."""
    return max(1, tokens // 16)


class _MosaicImage(FastImageItem):
    """The mosaic; turns clicks and hovers into grid cells for its owner."""

    def __init__(self, owner: AttentionGrid) -> None:
        super().__init__(axisOrder="row-major")
        self._owner = owner
        self.setAcceptHoverEvents(True)

    def mouseClickEvent(self, ev: Any) -> None:
        cell = self._owner.cell_at(ev.pos())
        if cell is None or ev.button() not in (Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton):
            ev.ignore()
            return
        ev.accept()
        mute = ev.button() == Qt.MouseButton.RightButton or bool(ev.modifiers() & Qt.KeyboardModifier.ControlModifier)
        self._owner._clicked(cell, mute)

    def hoverEvent(self, ev: Any) -> None:
        if ev.isExit():
            self.setToolTip("")
            return
        cell = self._owner.cell_at(ev.pos())
        self.setToolTip(self._owner.cell_tip(cell) if cell is not None else "")


class AttentionGrid(QWidget):
    """Shows a MapGrid. `cellClicked(row, col)` chooses a cell; `muteRequested(row, col)` asks to mute it."""

    cellClicked = Signal(int, int)
    muteRequested = Signal(int, int)
    shapeChanged = Signal()  # a new number of rows, columns or tokens: the height it needs may differ

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid: MapGrid | None = None
        self._shape: tuple[int, int, int] | None = None  # rows, cols, tokens of the drawn layout
        self._gap = 1
        self._ticks: tuple[Any, ...] = ()  # what the axes' labels were set for
        self._selected: tuple[int, int] | None = None
        self._muted: set[tuple[int, int]] = set()  # grid cells drawn as muted
        self._mute_allowed = True
        self._fit_height = False  # stacked under other panes: as tall as the cells need, no empty bands

        self.view = pg.GraphicsLayoutWidget()
        self.view.setMinimumSize(240, MIN_HEIGHT)
        self.view.ci.layout.setContentsMargins(2, 2, 2, 2)
        self.plot = plot = self.view.addPlot()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)  # the wheel scrolls the page; the large view is for zooming
        vb = plot.getViewBox()
        vb.invertY(True)
        vb.setAspectLocked(True)
        vb.setDefaultPadding(0.0)
        for name, show in (("left", True), ("top", True), ("bottom", False), ("right", False)):
            plot.showAxis(name, show)
            plot.getAxis(name).setStyle(tickLength=0)
        self.image = _MosaicImage(self)
        self.image.setAutoDownsample(True)  # 256 tokens make a mosaic several times the size of the screen
        plot.addItem(self.image)
        self._gaps = QGraphicsPathItem()
        self._gaps.setZValue(5)
        self._muted_item = QGraphicsPathItem()
        self._muted_item.setZValue(6)
        self._selected_item = QGraphicsRectItem()
        self._selected_item.setZValue(7)
        self._selected_item.hide()
        for item in (self._gaps, self._muted_item, self._selected_item):
            plot.addItem(item, ignoreBounds=True)
        self.colorbar = pg.ColorBarItem(
            values=LEVELS, colorMap=colormap(DEFAULT_COLORMAP), interactive=False, width=12, label=self.tr("attention")
        )
        self.colorbar.setImageItem(self.image, insert_in=plot)
        self.image.setLevels(LEVELS)
        # Only the mosaic changes from one sentence to the next: the labels and the colour bar are painted from a
        # cached picture of themselves (each is redrawn when it changes).
        for item in (plot.getAxis("left"), plot.getAxis("top"), self.colorbar.axis, self.colorbar.bar):
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self._apply_palette()

    # --- content --------------------------------------------------------------------------------------
    def set_grid(self, grid: MapGrid | None) -> None:
        """Draw a new set of maps (one setImage); the layout is rebuilt only when its shape changes."""
        self._grid = grid
        if grid is None or grid.maps.size == 0:
            self.image.clear()
            self._shape = None
            self._gaps.setPath(QPainterPath())
            self._selected_item.hide()
            self._muted_item.setPath(QPainterPath())
            return
        rows, cols, t, _ = grid.maps.shape
        shape = (rows, cols, t)
        if shape != self._shape:
            self._gap = gap_for(t)
        self.image.setImage(mosaic(grid.maps, self._gap), autoLevels=False, levels=LEVELS)
        if shape != self._shape:
            self._shape = shape
            self._layout_changed(grid)
            self._refit()
            self.shapeChanged.emit()
        else:
            self._set_ticks(grid)
        self._draw_selected()
        self._draw_muted()

    def grid(self) -> MapGrid | None:
        return self._grid

    def set_colormap(self, name: str) -> None:
        self.colorbar.setColorMap(colormap(name))

    def set_selected(self, cell: tuple[int, int] | None) -> None:
        self._selected = cell
        self._draw_selected()

    def set_muted_cells(self, cells: set[tuple[int, int]]) -> None:
        self._muted = set(cells)
        self._draw_muted()

    def set_fit_height(self, fit: bool) -> None:
        """Take the height the grid's shape needs at this width (when stacked), or share the room (side by side)."""
        self._fit_height = fit
        if not fit:
            self.setMinimumHeight(MIN_HEIGHT)
            self.setMaximumHeight(16_777_215)
        self._refit()

    def ideal_height(self, width: int) -> int:
        """The height at which the cells fill the width: the mosaic's aspect plus the axes and colour bar."""
        if self._shape is None:
            return MIN_HEIGHT
        rows, cols, t = self._shape
        step = t + self._gap
        aspect = (rows * step - self._gap) / max(1, cols * step - self._gap)
        fm = self.fontMetrics()
        side = fm.horizontalAdvance("L00") + fm.height() * 6  # left axis and colour bar with its labels
        top = fm.height() * 2 + 8
        return int(min(MAX_HEIGHT, max(MIN_HEIGHT, (width - side) * aspect + top)))

    def _refit(self) -> None:
        if self._fit_height:
            self.setFixedHeight(self.ideal_height(self.width()))

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._refit()

    def set_mute_allowed(self, allowed: bool) -> None:
        """Muting acts on single heads, so it is off while the grid shows per-layer aggregates."""
        self._mute_allowed = allowed

    # --- geometry -------------------------------------------------------------------------------------
    def cell_rect(self, row: int, col: int) -> QRectF:
        """Where a cell lies in image (and plot) coordinates."""
        t = self._shape[2] if self._shape else 0
        step = t + self._gap
        return QRectF(col * step, row * step, t, t)

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        if self._shape is None:
            return None
        rows, cols, t = self._shape
        step = t + self._gap
        col, col_off = divmod(pos.x(), step)
        row, row_off = divmod(pos.y(), step)
        if not (0 <= row < rows and 0 <= col < cols) or col_off >= t or row_off >= t:
            return None
        return int(row), int(col)

    def cell_tip(self, cell: tuple[int, int]) -> str:
        grid = self._grid
        if grid is None:
            return ""
        layer, head = grid.cells[cell[0]][cell[1]]
        if head is None:
            return self.tr("Layer {layer} ({row_labels}). Click to see it large.").format(
                layer=layer + 1, row_labels=grid.row_labels[0].lower()
            )
        if cell in self._muted:
            text = self.tr(
                "Layer {layer}, head {head} (muted). Click to see it large; right-click or Ctrl+click to unmute it."
            )
        else:
            text = self.tr("Layer {layer}, head {head}. Click to see it large; right-click or Ctrl+click to mute it.")
        return text.format(layer=layer + 1, head=head + 1)

    def cell_center_in_view(self, row: int, col: int) -> Any:
        """The viewport position of a cell's centre (for tests and scripted clicks)."""
        center = self.image.mapToScene(self.cell_rect(row, col).center())
        return self.view.mapFromScene(center)

    # --- drawing --------------------------------------------------------------------------------------
    def _layout_changed(self, grid: MapGrid) -> None:
        rows, cols, t = self._shape  # type: ignore[misc]
        step = t + self._gap
        width, height = cols * step - self._gap, rows * step - self._gap
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)  # the strips cross; odd-even would leave the crossings open
        for c in range(1, cols):
            path.addRect(QRectF(c * step - self._gap, 0, self._gap, height))
        for r in range(1, rows):
            path.addRect(QRectF(0, r * step - self._gap, width, self._gap))
        self._gaps.setPath(path)
        self.plot.getViewBox().setRange(QRectF(0, 0, width, height), padding=0)
        self._set_ticks(grid)

    def _set_ticks(self, grid: MapGrid) -> None:
        t = self._shape[2] if self._shape else 0
        key = (t, self._gap, tuple(grid.row_labels), tuple(grid.col_labels))
        if key == self._ticks:
            return  # new ticks would make both axes lay out and draw their labels again: the same labels
        self._ticks = key
        step = t + self._gap
        self.plot.getAxis("left").setTicks([[(r * step + t / 2, label) for r, label in enumerate(grid.row_labels)]])
        self.plot.getAxis("top").setTicks([[(c * step + t / 2, label) for c, label in enumerate(grid.col_labels)]])

    def _draw_selected(self) -> None:
        cell = self._selected
        if cell is None or self._shape is None or not (cell[0] < self._shape[0] and cell[1] < self._shape[1]):
            self._selected_item.hide()
            return
        self._selected_item.setRect(self.cell_rect(*cell))
        self._selected_item.show()

    def _draw_muted(self) -> None:
        path = QPainterPath()
        if self._shape is not None:
            for row, col in self._muted:
                if row < self._shape[0] and col < self._shape[1]:
                    rect = self.cell_rect(row, col)
                    path.addRect(rect)
                    path.moveTo(rect.topLeft())
                    path.lineTo(rect.bottomRight())
                    path.moveTo(rect.topRight())
                    path.lineTo(rect.bottomLeft())
        self._muted_item.setPath(path)

    def _clicked(self, cell: tuple[int, int], mute: bool) -> None:
        if mute and self._mute_allowed:
            self.muteRequested.emit(*cell)
        else:
            self.cellClicked.emit(*cell)

    def _apply_palette(self) -> None:
        pal = self.palette()
        bg = style_plot(self.view, self.plot, pal)
        for name in ("left", "top"):
            self.plot.getAxis(name).setPen(pg.mkPen(None))  # labels only: a line along the cells adds nothing
            self.plot.getAxis(name).setTextPen(pal.color(pal.ColorRole.WindowText))
        gap_pen = QPen(bg, 2)
        gap_pen.setCosmetic(True)  # at least a visible line, however small the cells are drawn
        self._gaps.setPen(gap_pen)
        self._gaps.setBrush(QBrush(bg))
        veil = QColor(bg)
        veil.setAlpha(170)  # a muted head stays readable, greyed out
        cross = QPen(pal.color(pal.ColorRole.WindowText), 1.5)
        cross.setCosmetic(True)
        self._muted_item.setPen(cross)
        self._muted_item.setBrush(QBrush(veil))
        outline = QPen(accent(pal), 2.5)
        outline.setCosmetic(True)
        self._selected_item.setPen(outline)
        self._selected_item.setBrush(Qt.BrushStyle.NoBrush)
        self.colorbar.axis.setPen(pal.color(pal.ColorRole.WindowText))
        self.colorbar.axis.setTextPen(pal.color(pal.ColorRole.WindowText))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        super().changeEvent(event)

    def image_array(self) -> np.ndarray | None:
        """The mosaic as drawn (for tests)."""
        return self.image.image

"""What the attention heatmaps share: the colour maps (perceptually uniform, colour-blind safe), the fixed 0–1
scale, and plot colours that follow the light or dark palette."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor, QImage, QPalette

from workbench.gui.widgets import theme

COLORMAPS = {
    "viridis": QT_TRANSLATE_NOOP("HeatmapBase", "Viridis"),
    "cividis": QT_TRANSLATE_NOOP("HeatmapBase", "Cividis (colour-blind safe)"),
}
DEFAULT_COLORMAP = "viridis"
LEVELS = (0.0, 1.0)  # attention is a probability: one fixed scale, so cells and sentences compare directly


def colormap_title(name: str) -> str:
    return QCoreApplication.translate("HeatmapBase", COLORMAPS[name])


def colormap(name: str) -> pg.ColorMap:
    return pg.colormap.get(name if name in COLORMAPS else DEFAULT_COLORMAP)


def style_plot(view: pg.GraphicsView, plot: pg.PlotItem, palette: QPalette) -> QColor:
    """Background and axis colours from the palette; returns the background (for gaps between cells)."""
    bg, fg = theme.plot_background(palette), palette.color(QPalette.ColorRole.WindowText)
    view.setBackground(bg)
    for name in ("left", "bottom", "top", "right"):
        axis = plot.getAxis(name)
        axis.setPen(fg)
        axis.setTextPen(fg)
    return bg


def accent(palette: QPalette) -> QColor:
    """A colour for the chosen cell that stands out on every colour of the map (viridis ends in yellow)."""
    return QColor("#ff4f9a") if palette.color(QPalette.ColorRole.Window).lightness() < 128 else QColor("#e5006d")


def peak_pool(image: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Each block of rows x cols values (the last ones may be smaller) as its largest value."""
    return _pool_axis(_pool_axis(image, rows, 0), cols, 1)


def _pool_axis(image: np.ndarray, n: int, axis: int) -> np.ndarray:
    # n element-wise maxima of strided views: numpy's reductions over a reshaped block axis (or reduceat) were
    # ten times slower on a 2000 x 1500 mosaic.
    if n <= 1:
        return image
    view = image if axis == 0 else image.T
    out = view[0::n].copy()
    for i in range(1, n):
        part = view[i::n]
        np.maximum(out[: len(part)], part, out=out[: len(part)])
    return out if axis == 0 else np.ascontiguousarray(out.T)


class FastImageItem(pg.ImageItem):
    """An ImageItem that colours a one-channel float picture straight into a premultiplied 32-bit QImage with one
    numpy table lookup. pyqtgraph builds an 8-bit indexed QImage (a Python call per colour of the table) that Qt
    then scales several times slower at every paint; converting it afterwards cost as much again. The colours are
    pyqtgraph's: the same levels, table and rounding (tests compare the two pixel for pixel). Anything else (NaNs,
    colour pictures, tables with transparency) takes pyqtgraph's own path.

    With autoDownsample, a picture with more values than screen pixels is first reduced to about one value per
    pixel, keeping each block's largest value: Qt's scaling would show every n-th row and column (a head that
    attends to the previous token, one value off the diagonal, could vanish whole) and pyqtgraph's own
    downsampling averages (it would dim such a line n-fold); the peaks are what a person scans the grid for."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._argb_for: Any = None  # the lookup table _argb was made from
        self._argb: np.ndarray | None = None

    def render(self) -> None:
        if not self._render_fast():
            super().render()
            image = self.qimage
            if image is not None and image.format() == QImage.Format.Format_Indexed8:
                self.qimage = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)

    def _render_fast(self) -> bool:
        image, lut, levels = self.image, self.lut, self.levels
        if (
            image is None
            or image.ndim != 2
            or image.size == 0
            or image.dtype.kind != "f"
            or not isinstance(lut, np.ndarray)
            or lut.dtype != np.uint8
            or len(lut) > 256
            or levels is None
            or np.ndim(levels) != 1
        ):
            return False
        argb = self._argb_table(lut)
        if argb is None:
            return False
        if self.autoDownsample:
            xds, yds = self._computeDownsampleFactors()
            if xds is None:
                return False
            rows, cols = (yds, xds) if self.axisOrder == "row-major" else (xds, yds)
            image = peak_pool(image, rows, cols)
            self._lastDownsample = (xds, yds)
        low, high = float(levels[0]), float(levels[1])
        scale = len(lut) / ((high - low) or 1.0)
        # pyqtgraph's rescaleData: (x - low) * scale in float32, clipped to the table, truncated to an index.
        index = np.subtract(image, np.float32(low), dtype=np.float32)
        index *= np.float32(scale)
        if np.isnan(index.min()):  # cheap check; NaNs are drawn transparent by pyqtgraph's path
            return False
        np.clip(index, 0, len(lut) - 1, out=index)
        pixels = argb[index.astype(np.uint8)]
        if self.axisOrder == "col-major":
            pixels = np.ascontiguousarray(pixels.T)
        self.qimage = pg.functions.ndarray_to_qimage(pixels, QImage.Format.Format_ARGB32_Premultiplied)
        self._processingBuffer = self._displayBuffer = None
        self._renderRequired = False
        self._unrenderable = False
        return True

    def _argb_table(self, lut: np.ndarray) -> np.ndarray | None:
        """The table as opaque 0xAARRGGBB words (None when it has transparent colours: premultiplying them is
        pyqtgraph's job)."""
        if lut is not self._argb_for:
            self._argb_for = lut
            table = lut.astype(np.uint32)
            if table.ndim != 2 or table.shape[1] not in (3, 4) or (table.shape[1] == 4 and (table[:, 3] < 255).any()):
                self._argb = None
            else:
                self._argb = (0xFF000000 | (table[:, 0] << 16) | (table[:, 1] << 8) | table[:, 2]).astype(np.uint32)
        return self._argb

"""What the attention heatmaps share: the colour maps (perceptually uniform, colour-blind safe), the fixed 0–1
scale, and plot colours that follow the light or dark palette."""

from __future__ import annotations

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


class FastImageItem(pg.ImageItem):
    """An ImageItem whose colour-mapped picture is converted once per new image from pyqtgraph's 8-bit indexed
    QImage to premultiplied 32-bit: Qt scales an indexed image several times slower at every paint."""

    def render(self) -> None:
        super().render()
        image = self.qimage
        if image is not None and image.format() == QImage.Format.Format_Indexed8:
            self.qimage = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)

"""How tall every text on screen is: presenter mode promises at least 24 px, and this is how it is checked (by the
tests and by `workbench bench demo`).

It reads the fonts things are drawn with: every visible widget's font, and inside pyqtgraph views the axes' tick
numbers and titles (the token labels of a heatmap axis in the font they are drawn in now, after shrinking to fit),
legend and text items; and the tooltip font.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QToolTip, QWidget

from workbench.gui.widgets.heatmap.token_axis import TokenAxis


def text_heights(window: QWidget) -> list[tuple[int, str]]:
    """(line height in px, what) of every text on screen in `window`."""
    out = [(QFontMetrics(QToolTip.font()).height(), "tooltips")]
    for widget in [window, *window.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        out.append((QFontMetrics(widget.font()).height(), f"{type(widget).__name__} {widget.objectName()}".strip()))
        if isinstance(widget, pg.GraphicsView) and widget.scene() is not None:
            out.extend(_scene_heights(widget))
    return out


def _scene_heights(view: pg.GraphicsView) -> list[tuple[int, str]]:
    out = []
    for item in view.scene().items():
        if not item.isVisible():
            continue
        if isinstance(item, TokenAxis):
            if item.shown_labels():
                out.append((QFontMetrics(item.label_font()).height(), f"axis {item.orientation} token labels"))
            if item.label.isVisible() and item.labelText:
                out.append((QFontMetrics(item.label.font()).height(), f"axis {item.orientation} title"))
        elif isinstance(item, pg.AxisItem) and item.style["showValues"]:
            font = item.style["tickFont"] or item.font()
            out.append((QFontMetrics(font).height(), f"axis {item.orientation} ticks"))
            if item.label.isVisible() and item.labelText:
                out.append((QFontMetrics(item.label.font()).height(), f"axis {item.orientation} title"))
        elif isinstance(item, pg.LabelItem) and item.text:
            font = QFont(item.item.font())
            size = item.opts.get("size")
            if size:
                font.setPointSizeF(float(str(size).removesuffix("pt")))
            out.append((QFontMetrics(font).height(), f"label {item.text!r}"))
        elif isinstance(item, pg.TextItem) and item.toPlainText():
            out.append((QFontMetrics(item.textItem.font()).height(), f"text {item.toPlainText()!r}"))
    return out

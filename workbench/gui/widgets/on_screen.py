"""Whether any part of a widget is inside its window's visible area (not scrolled away or clipped by a parent).

QWidget.visibleRegion() is not this: it leaves out what the widget's own opaque children cover, so a tab widget
filled by its pages reads as empty while it is in full view."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget


def on_screen(widget: QWidget) -> bool:
    """True when the widget is shown and some of it lies inside every parent's rectangle."""
    if not widget.isVisible():
        return False
    window = widget.window()
    area = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and not area.isEmpty():
        area = area.intersected(QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()))
        if parent is window:
            break
        parent = parent.parentWidget()
    return not area.isEmpty()

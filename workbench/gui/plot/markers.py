"""Lines with a marker at each point (the evaluations) that stay cheap while other curves redraw.

Qt asks every visible item for its bounding box several times per frame. pyqtgraph's ScatterPlotItem works the box
out afresh each time (the markers' size in pixels, mapped through the view), which cost ~0.25 ms per frame per
marked line, more than drawing a 1,000-point loss curve. The box only changes with the data or the view, and
pyqtgraph then replaces `bounds`, so it is kept until then, as PlotCurveItem already does for lines. And since such
a line changes a few times a run while the loss curves under it redraw on every step, Qt keeps it as a pixmap.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem


class _RememberingScatter(pg.ScatterPlotItem):
    """A ScatterPlotItem whose bounding box is computed once per change of data or view."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._rect: QRectF | None = None
        self._rect_of: list[Any] | None = None
        super().__init__(*args, **kwargs)

    def boundingRect(self) -> QRectF:
        # pyqtgraph assigns a fresh `bounds` list on every change of data, marker size or view transform.
        bounds = self.bounds
        if self._rect is None or self._rect_of is not bounds:
            rect = super().boundingRect()
            if bounds[0] is None or bounds[1] is None or self.pixelVectors()[0] is None:
                return rect  # not measurable yet (no data, or not on screen): ask again next time
            self._rect, self._rect_of = rect, bounds
        return self._rect


class MarkedLine(pg.PlotDataItem):
    """A PlotDataItem (line and markers) whose markers remember their bounding box; same API."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # PlotDataItem's own scatter is swapped before it holds data or joins a scene; it goes with its connections
        # (which differ between pyqtgraph versions), and the new one is wired to the same public handlers.
        self.scatter.setParentItem(None)
        self.scatter = _RememberingScatter()
        self.scatter.setParentItem(self)
        self.scatter.sigClicked.connect(self.scatterClicked)
        self.scatter.sigHovered.connect(self.scatterHovered)
        self.updateItems(styleUpdate=True)
        for part in (self.curve, self.scatter):
            part.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

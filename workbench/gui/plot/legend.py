"""The loss plot's legend, in its own row under the plot so it never hides a curve, with as many columns as the
plot's width holds: one row when wide, more rows when narrow, and never wider than the plot."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont, QFontMetrics

POINT_SIZE = 9
SAMPLE, GAP, MARGIN = 24, 14, 6  # the line sample beside each name, the gap between columns, the side margin


class FittingLegend:
    """A pyqtgraph LegendItem (`item`, to add to the layout) whose column count follows the width."""

    def __init__(self, font: QFont) -> None:
        self.item = pg.LegendItem(colCount=4, labelTextSize=f"{POINT_SIZE}pt", horSpacing=8, frame=False)
        self._entries: list[pg.PlotDataItem] = []
        self._widths: list[int] = []  # measured once per set_entries: layouts ask for size hints very often
        self._colour = QColor()
        self._listed: tuple[object, ...] = ()  # what the labels show now: entries, names, colour, text size
        self.set_font(font)

    def set_font(self, font: QFont) -> None:
        """Names in this font's size (the window's zoom), never smaller than POINT_SIZE; call set_entries after."""
        legend_font = QFont(font)
        size = max(float(POINT_SIZE), font.pointSizeF())
        legend_font.setPointSizeF(size)
        self.item.opts["labelTextSize"] = f"{size:g}pt"
        self._fm = QFontMetrics(legend_font)
        self.font = legend_font

    def set_entries(self, entries: list[pg.PlotDataItem], colour: QColor, width: int) -> None:
        """List these curves (in this order) with their names in `colour`, laid out for `width`.

        Nothing is rebuilt when that is what the legend already shows: a run's start asks twice, and new labels
        cost about 4 ms each time on the window's thread."""
        listed = (
            tuple((id(c), c.name()) for c in entries),
            QColor(colour).rgba(),
            self.item.opts["labelTextSize"],
            self.columns_for(width) if self._listed else 0,
        )
        if listed == self._listed:
            self.item.update()  # the line samples draw the curves' pens, which may have changed
            return
        self._entries = list(entries)
        self._widths = [SAMPLE + self._fm.horizontalAdvance(c.name() or "") + GAP for c in self._entries]
        self._colour = QColor(colour)
        self._fill(self.columns_for(width))
        self._listed = (*listed[:3], self.item.columnCount)

    def fit(self, width: int) -> None:
        """Re-lay the entries when the width calls for another number of columns."""
        if self.columns_for(width) != self.item.columnCount:
            self._fill(self.columns_for(width))
            self._listed = (*self._listed[:3], self.item.columnCount)

    def _fill(self, columns: int) -> None:
        # Cleared and filled again: pyqtgraph leaves holes when entries are removed one by one.
        self.item.columnCount = columns
        self.item.clear()
        self.item.setLabelTextColor(self._colour)
        for curve in self._entries:
            self.item.addItem(curve, curve.name())

    def entry_widths(self) -> list[int]:
        """How wide each entry is: its line sample, its name, and the gap to the next column."""
        return self._widths

    def columns_for(self, width: int) -> int:
        """The most columns whose entries fit side by side in `width` (entries fill the rows left to right)."""
        widths = self.entry_widths()
        room = width - 2 * MARGIN
        for n in range(max(1, len(widths)), 1, -1):
            if sum(max(widths[j::n]) for j in range(n)) <= room:
                return n
        return 1

    def widest(self) -> int:
        """The narrowest the legend can be: one entry per row."""
        return max(self.entry_widths(), default=0) + 2 * MARGIN

    def one_row(self) -> int:
        """The width that holds every entry in one row."""
        return sum(self.entry_widths()) + 2 * MARGIN

    def names(self) -> list[str]:
        return [label.text for _sample, label in self.item.items]

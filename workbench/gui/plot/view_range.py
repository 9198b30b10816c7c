"""Keeps the loss view showing the whole run while it trains, moving the range in steps instead of on every point.

pyqtgraph's own auto-range refits the view to the data on every redraw, and a view that moves throws away every
cached picture (axis ticks, grid, curve bounds), so each live redraw did all of that work again. Here the x range
grows to a quarter past the last step and the y range keeps some slack, so the view changes only now and then
and most redraws just draw the new points. Panning or zooming by hand stops the following; pyqtgraph's "A"
button (or follow()) starts it again.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg

Bounds = tuple[float, float, float, float]  # x_min, x_max, y_min, y_max of everything to show (view units)

X_GROW = 1.25  # the x range reaches a quarter past the last step, so it changes once per 20 % of the run
Y_SLACK = 0.08  # room kept above and below the data, as a share of its span
Y_REFIT = 0.6  # refit when the data fill less than this share of the y range (e.g. after the first steps)


class ViewFollower:
    """Owns the main ViewBox's range: follows `bounds()` while `following`, leaves it to the mouse otherwise."""

    def __init__(self, plot_item: pg.PlotItem, bounds: Callable[[], Bounds | None]) -> None:
        self._pi = plot_item
        self._bounds = bounds
        self._applied: tuple[float, float, float, float] | None = None
        self._listeners: list[Callable[[], None]] = []
        self.following = True
        vb = plot_item.vb
        vb.disableAutoRange()
        vb.sigRangeChangedManually.connect(self._on_manual_change)
        plot_item.autoBtn.clicked.disconnect(plot_item.autoBtnClicked)
        plot_item.autoBtn.clicked.connect(self.follow)
        plot_item.hideButtons()  # the "A" button only means something once the person has moved the view

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` whenever following starts or stops."""
        self._listeners.append(listener)

    def follow(self, *_args: object) -> None:
        """Show all the data again and keep following it."""
        changed = not self.following
        self.following = True
        self._applied = None
        self._pi.hideButtons()
        self.update()
        if changed:
            for listener in self._listeners:
                listener()

    def held_range(self) -> tuple[float, float, float, float] | None:
        """(x0, x1, y0, y1) in the view's units (log10 on a log axis) once the person has moved the view; None
        while it follows the data."""
        if self.following:
            return None
        (x0, x1), (y0, y1) = self._pi.vb.viewRange()
        return float(x0), float(x1), float(y0), float(y1)

    def hold(self, bounds: tuple[float, float, float, float] | None) -> None:
        """Show exactly this range and stop following, as if the person had zoomed there (a lesson step); None
        follows the data again."""
        if bounds is None:
            self.follow()
            return
        x0, x1, y0, y1 = bounds
        self._pi.vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0, update=True)
        self._on_manual_change()

    def _on_manual_change(self, *_args: object) -> None:
        if self.following:
            self.following = False
            self._pi.showButtons()
            self._pi.updateButtons()
            for listener in self._listeners:
                listener()

    def update(self) -> None:
        """Move the view if the data have outgrown it (or shrunk well inside it); cheap when nothing changes."""
        if not self.following:
            return
        bounds = self._bounds()
        if bounds is None:
            return
        target = self._target(bounds)
        if target != self._applied:
            self._applied = target
            x0, x1, y0, y1 = target
            self._pi.vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0.0, update=True)

    def _target(self, bounds: Bounds) -> tuple[float, float, float, float]:
        x_min, x_max, y_min, y_max = bounds
        applied = self._applied
        # x: from the first step to a quarter past the last; grows only when the last step passes the edge.
        if applied is not None and applied[0] == x_min and x_max <= applied[1] and x_max > applied[1] / X_GROW**2:
            x0, x1 = applied[0], applied[1]
        else:
            x0, x1 = x_min, x_min + max(1.0, (x_max - x_min) * X_GROW)
        # y: the data plus some slack; moves when the data leave the range or fill too little of it.
        span = y_max - y_min
        if not math.isfinite(span):
            return x0, x1, -1.0, 1.0
        if span <= 0.0:
            span = abs(y_max) * 0.1 or 1.0
        if (
            applied is not None
            and applied[2] <= y_min
            and y_max <= applied[3]
            and span >= Y_REFIT * (applied[3] - applied[2])
        ):
            y0, y1 = applied[2], applied[3]
        else:
            y0, y1 = y_min - Y_SLACK * span, y_max + Y_SLACK * span
        return x0, x1, y0, y1


class RunningRange:
    """The smallest and largest finite value seen so far (and the smallest positive one, for a log axis); O(1)
    per value, so the view can follow a million-point curve without a pass over it on every redraw."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.lo = self.pos_lo = math.inf
        self.hi = -math.inf

    def update(self, value: float) -> None:
        if math.isfinite(value):
            self.lo, self.hi = min(self.lo, value), max(self.hi, value)
            if value > 0.0:
                self.pos_lo = min(self.pos_lo, value)

    def extend(self, values: np.ndarray) -> None:
        finite = values[np.isfinite(values)]
        if finite.size:
            self.lo, self.hi = min(self.lo, float(finite.min())), max(self.hi, float(finite.max()))
            positive = finite[finite > 0.0]
            if positive.size:
                self.pos_lo = min(self.pos_lo, float(positive.min()))

    def view_span(self, log: bool) -> tuple[float, float] | None:
        """(low, high) in the view's units (log10 on a log axis), or None when nothing finite was seen."""
        if log:
            if not (math.isfinite(self.pos_lo) and self.hi > 0.0):
                return None
            return math.log10(self.pos_lo), math.log10(self.hi)
        return (self.lo, self.hi) if math.isfinite(self.lo) else None


def merge(spans: list[tuple[float, float] | None]) -> tuple[float, float] | None:
    """The span covering every given one (None ones ignored)."""
    known = [s for s in spans if s is not None]
    if not known:
        return None
    return min(s[0] for s in known), max(s[1] for s in known)

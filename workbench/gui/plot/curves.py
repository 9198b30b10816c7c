"""Curves of the loss plot: the colours (Okabe–Ito, readable with the common colour-vision deficiencies), the fast
curve used for per-step data, and other runs drawn under the current one as overlays."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt

from workbench.core.training.smoothing import ema_debiased
from workbench.gui.plot.markers import MarkedLine
from workbench.gui.plot.records import parse_records
from workbench.gui.plot.view_range import RunningRange, merge

ORANGE, SKY_BLUE, GREEN, YELLOW = "#E69F00", "#56B4E9", "#009E73", "#F0E442"
BLUE, VERMILLION, PURPLE, BLACK = "#0072B2", "#D55E00", "#CC79A7", "#000000"


def overlay_colours(dark: bool) -> list[str]:
    """Colours for other runs: none of those used by the current run (blue, vermillion, green)."""
    return [ORANGE, PURPLE, BLUE if dark else SKY_BLUE, "#DDDDDD" if dark else BLACK, YELLOW]


def big_curve(pen: Any, name: str | None) -> pg.PlotDataItem:
    """A curve for per-step data: no antialiasing, clipped to the view and peak-downsampled to the pixel width."""
    # Peak downsampling keeps each pixel column's min and max, so one bucket per pixel loses nothing visible.
    item = pg.PlotDataItem(pen=pen, name=name, antialias=False, autoDownsampleFactor=1.0)
    item.setDownsampling(auto=True, method="peak")
    item.setClipToView(True)
    return item


@dataclass
class Overlay:
    """Another run's curves: its smoothed training loss and its validation loss."""

    name: str
    colour: int  # index into the overlay palette
    steps: np.ndarray
    losses: np.ndarray
    eval_steps: np.ndarray
    val_losses: np.ndarray
    smoothed_item: pg.PlotDataItem
    val_item: pg.PlotDataItem
    y_range: RunningRange = field(default_factory=RunningRange)  # of what is drawn: smoothed and validation loss
    x_span: tuple[float, float] | None = None  # first and last step; measured once, asked on every redraw


class Overlays:
    """The overlays on a PlotItem, each in its own colour, smoothed with the plot's current weight."""

    def __init__(self, item: pg.PlotItem) -> None:
        self._item = item
        self.items: list[Overlay] = []

    def __len__(self) -> int:
        return len(self.items)

    def names(self) -> list[str]:
        return [o.name for o in self.items]

    def curves(self) -> list[pg.PlotDataItem]:
        """Their curves in legend order."""
        return [c for o in self.items for c in (o.smoothed_item, o.val_item)]

    def spans(self, log: bool) -> tuple[tuple[float, float] | None, tuple[float, float] | None]:
        """The steps and the loss values the overlays cover (view units), for the view to include them."""
        return merge([o.x_span for o in self.items]), merge([o.y_range.view_span(log) for o in self.items])

    def add(self, name: str, records: Iterable[Mapping[str, Any]], weight: float, dark: bool) -> None:
        """Draw a run's metrics.jsonl records (a run of the same name is replaced)."""
        self.remove(name)
        steps, losses, _lrs, evals = parse_records(records)
        used = {o.colour for o in self.items}
        colour = next(i for i in range(len(self.items) + 1) if i not in used)
        overlay = Overlay(
            name=name,
            colour=colour,
            steps=steps,
            losses=losses,
            eval_steps=np.asarray([s for s, _ in evals], dtype=np.float64),
            val_losses=np.asarray([m.get("val_loss", math.nan) for _, m in evals], dtype=np.float64),
            smoothed_item=big_curve(
                None, QCoreApplication.translate("Overlays", "{name}: training loss").format(name=name)
            ),
            val_item=MarkedLine(
                name=QCoreApplication.translate("Overlays", "{name}: validation loss").format(name=name),
                symbol="t",
                symbolSize=7,
            ),
        )
        overlay.x_span = merge(
            [(float(a.min()), float(a.max())) for a in (overlay.steps, overlay.eval_steps) if a.size]
        )
        self._style(overlay, dark)
        for curve in (overlay.smoothed_item, overlay.val_item):
            curve.setZValue(-1)  # other runs are context: drawn under the current run's curves
            self._item.addItem(curve)
        self.items.append(overlay)
        self._set_data(overlay, weight)

    def remove(self, name: str) -> bool:
        found = [o for o in self.items if o.name == name]
        for overlay in found:
            self._item.removeItem(overlay.smoothed_item)
            self._item.removeItem(overlay.val_item)
            self.items.remove(overlay)
        return bool(found)

    def clear(self) -> None:
        for name in self.names():
            self.remove(name)

    def restyle(self, dark: bool) -> None:
        for overlay in self.items:
            self._style(overlay, dark)

    def resmooth(self, weight: float) -> None:
        for overlay in self.items:
            self._set_data(overlay, weight)

    @staticmethod
    def _style(overlay: Overlay, dark: bool) -> None:
        colours = overlay_colours(dark)
        colour = colours[overlay.colour % len(colours)]
        overlay.smoothed_item.setPen(pg.mkPen(colour, width=2))
        overlay.val_item.setPen(pg.mkPen(colour, width=2, style=Qt.PenStyle.DashLine))
        overlay.val_item.setSymbolBrush(colour)
        overlay.val_item.setSymbolPen(pg.mkPen(colour))

    @staticmethod
    def _set_data(overlay: Overlay, weight: float) -> None:
        overlay.y_range.reset()
        overlay.y_range.extend(overlay.val_losses)
        if overlay.steps.size:
            smoothed = ema_debiased(overlay.losses, weight)
            overlay.y_range.extend(np.asarray(smoothed, dtype=np.float64))
            overlay.smoothed_item.setData(overlay.steps, smoothed)
        if overlay.eval_steps.size:
            overlay.val_item.setData(overlay.eval_steps, overlay.val_losses, connect="finite")

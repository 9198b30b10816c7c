"""The loss plot's hover read-out: a vertical line and a marker that snap to the step under the pointer, and a
line of text under the plot with the values there (or at the latest step when the pointer is elsewhere)."""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from workbench.gui.plot.records import Evals, accuracy, fmt
from workbench.gui.plot.series_buffer import SeriesBuffer
from workbench.gui.widgets.stable_label import StableLabel

DataSource = Callable[[], tuple[SeriesBuffer, Evals]]


class Crosshair(QObject):
    """Follows the mouse over `view` (the plot widget) and writes the values into `label`."""

    def __init__(
        self, view: pg.GraphicsLayoutWidget, item: pg.PlotItem, label: QLabel | StableLabel, data: DataSource
    ) -> None:
        super().__init__(label)
        self._view, self._item, self._label, self._data = view, item, label, data
        self.index: int | None = None
        self.vline = pg.InfiniteLine(angle=90, movable=False)
        self.marker = pg.PlotDataItem(pen=None, symbol="o", symbolSize=9)
        for part in (self.vline, self.marker):
            part.hide()
            item.addItem(part, ignoreBounds=True)
        view.scene().sigMouseMoved.connect(self.on_mouse_moved)
        view.viewport().installEventFilter(self)

    def set_colours(self, fg: QColor, bg: QColor, main: str) -> None:
        self.vline.setPen(pg.mkPen(QColor(fg.red(), fg.green(), fg.blue(), 170), width=1, style=Qt.PenStyle.DashLine))
        self.marker.setSymbolBrush(main)
        self.marker.setSymbolPen(pg.mkPen(bg, width=1.5))

    def on_mouse_moved(self, scene_pos: QPointF) -> None:
        """Snap to the nearest step under the pointer and show its values."""
        buf, _evals = self._data()
        vb = self._item.vb
        if buf.n == 0 or not vb.sceneBoundingRect().contains(scene_pos):
            self.set_hover(None)
            return
        x = vb.mapSceneToView(scene_pos).x()
        steps = buf.view("step")
        # Search with an integer: a float key would make NumPy convert all the (int64) steps on every move.
        i = int(np.searchsorted(steps, min(max(math.ceil(x), -(2**62)), 2**62)))
        if i >= steps.size or (i > 0 and x - steps[i - 1] < steps[i] - x):
            i -= 1
        self.set_hover(i)

    def set_hover(self, index: int | None) -> None:
        """Point at step number `index` (an index into the buffer), or at nothing."""
        self.index = index
        if index is None:
            self.vline.hide()
            self.marker.hide()
        else:
            buf, _evals = self._data()
            step = float(buf.view("step")[index])
            self.vline.setPos(step)
            self.vline.show()
            self.marker.setData([step], [float(buf.view("smoothed")[index])])
            self.marker.show()
        self.update()

    def reset(self) -> None:
        self.index = None
        self.vline.hide()
        self.marker.hide()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Leave and watched is self._view.viewport():
            self.set_hover(None)
        return super().eventFilter(watched, event)

    def update(self) -> None:
        """Write the read-out for the hovered step, or for the latest one."""
        buf, evals = self._data()
        n = buf.n
        if n == 0:
            self._label.setText(
                self.tr("No training steps yet. Point at the curve to read its values.")
                if not evals
                else _eval_text(evals)
            )
            return
        hovering = self.index is not None and self.index < n
        i = self.index if hovering and self.index is not None else n - 1
        step = int(buf.view("step")[i])
        parts = [
            (
                self.tr("Step {step:,}: loss {loss}") if hovering else self.tr("Latest step {step:,}: loss {loss}")
            ).format(step=step, loss=fmt(buf.view("loss")[i])),
            self.tr("smoothed {loss}").format(loss=fmt(buf.view("smoothed")[i])),
            self.tr("learning rate {lr}").format(lr=fmt(buf.view("lr")[i], 3)),
        ]
        text = " · ".join(parts)
        validation = _eval_text(evals, step)
        self._label.setText(f"{text}  |  {validation}" if validation else text)


def _eval_text(evals: Evals, step: float = math.inf) -> str:
    """The latest validation result at or before `step`."""
    i = bisect.bisect_right(evals, step, key=lambda e: e[0])
    if i == 0:
        return ""
    eval_step, metrics = evals[i - 1]
    acc = accuracy(metrics)
    name = (
        QCoreApplication.translate("Readout", "masked-token accuracy")
        if "masked_accuracy" in metrics
        else QCoreApplication.translate("Readout", "accuracy")
    )
    acc_text = f", {name} {acc * 100:.1f} %" if math.isfinite(acc) else ""
    return QCoreApplication.translate("Readout", "validation at step {eval_step:,}: loss {value}{acc_text}").format(
        eval_step=eval_step, value=fmt(metrics.get("val_loss", math.nan)), acc_text=acc_text
    )

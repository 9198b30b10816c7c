"""The live training plot: loss per step with TensorBoard-style smoothing, validation loss and accuracy, the
learning rate, a hover read-out, other runs as overlays, and export to PNG/CSV.

Built for long runs: steps go into doubling NumPy buffers (adding a point is O(1) and never redraws), a
single-shot QTimer redraws at most 5 times a second while data arrives and then stops, and the big curves use
pyqtgraph's clip-to-view + peak downsampling so a million points still redraw in a few milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QGraphicsItem, QVBoxLayout, QWidget

from workbench.gui.plot.chance import ChanceLine
from workbench.gui.plot.controls import PlotControls
from workbench.gui.plot.curves import BLUE, GREEN, SKY_BLUE, VERMILLION, Overlays, big_curve
from workbench.gui.plot.legend import FittingLegend
from workbench.gui.plot.markers import MarkedLine
from workbench.gui.plot.readout import Crosshair
from workbench.gui.plot.records import ACCURACY_KEYS, accuracy, parse_records, write_csv
from workbench.gui.plot.series import RunSeries
from workbench.gui.plot.view_range import Bounds, ViewFollower, merge
from workbench.gui.widgets import theme
from workbench.gui.widgets.stable_label import StableLabel

__all__ = ["ACCURACY_KEYS", "LossPlot", "parse_records"]

REDRAW_INTERVAL_MS = 200  # 5 a second: each redraw's few ms of GUI time come out of training's on 2 cores
# The latest step's numbers under the plot: four times a second reads smoothly and costs a tenth of redrawing them
# on every step (laying out the text cost as much as drawing both loss curves).
READOUT_INTERVAL_MS = 250
DEFAULT_SMOOTHING = 0.9
MAX_SMOOTHING = 0.999

PLOT_MIN_WIDTH = 220  # the drawing area itself, between the axes, at the narrowest


class LossPlot(QWidget):
    """Live loss/accuracy plot. Feed it with add_step/add_eval (main thread), or load_records for a finished run."""

    smoothingChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.series = RunSeries(DEFAULT_SMOOTHING)
        self.redraw_count = 0
        self._dirty = self._resmooth = False
        self._fg = QColor(Qt.GlobalColor.black)  # text colour, set from the palette in _apply_palette
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)  # started by new data only (see _schedule): no ticks while nothing changes
        self._timer.timeout.connect(self._on_timer)
        self._readout_at = self._redrawn_at = 0.0
        self._readout_timer = QTimer(self)
        self._readout_timer.setSingleShot(True)  # the trailing refresh after the last step of a burst
        self._readout_timer.timeout.connect(self._refresh_readout)
        self._build_ui()
        self._apply_palette()

    # ----------------------------------------------------------------------------------------------- layout
    def _build_ui(self) -> None:
        self.controls = controls = PlotControls(DEFAULT_SMOOTHING, MAX_SMOOTHING, self.export_png, self.export_csv)
        self._smoothing, self._lr_check, self._log_check = controls.smoothing, controls.lr_check, controls.log_check
        self._smoothing.valueChanged.connect(self._on_smoothing_moved)
        self._lr_check.toggled.connect(self._on_lr_toggled)
        self._log_check.toggled.connect(self.set_log_y)

        # A layout widget: the plot on top, the legend in its own row below it so it never hides a curve.
        self._plot = pg.GraphicsLayoutWidget(parent=self)
        self.setAccessibleName(self.tr("Training loss plot"))
        self.setAccessibleDescription(
            self.tr(
                "The training loss at each step, the validation loss and accuracy at each evaluation; the values at "
                "the latest step are written under the plot."
            )
        )
        self._plot.setAccessibleName(self.tr("Training loss plot"))
        self._pi = pi = self._plot.addPlot(row=0, col=0)
        self.overlays = Overlays(pi)
        pi.setLabel("bottom", self.tr("step"))
        pi.setLabel("left", self.tr("loss"))
        pi.showGrid(x=True, y=True, alpha=1.0)
        # PlotItem.addItem imposes the plot's own downsampling/clipping on its curves, so set them here too.
        pi.setDownsampling(auto=True, mode="peak")
        pi.setClipToView(True)
        self._raw_item = big_curve(None, self.tr("training loss (each step)"))
        self._smooth_item = big_curve(None, self.tr("training loss (smoothed)"))
        self._val_item = MarkedLine(name=self.tr("validation loss"), symbol="o", symbolSize=7)
        for item in (self._raw_item, self._smooth_item, self._val_item):
            pi.addItem(item)
        self.chance = ChanceLine(pi, refit=lambda: self.follower.following and self.follower.follow())

        # Accuracy on its own right-hand axis fixed at 0–1; the learning rate on a third axis shown on request.
        # Both live in extra ViewBoxes stacked under the main one, so the mouse still pans/zooms the loss view,
        # and the (opaque, for speed) grid goes under all curves instead of pyqtgraph's default over them.
        self._acc_vb = pg.ViewBox(enableMouse=False)
        self._lr_vb = pg.ViewBox(enableMouse=False)
        for vb in (self._acc_vb, self._lr_vb):
            vb.setParentItem(pi)
            vb.setZValue(pi.vb.zValue() - 10)
            vb.setXLink(pi)
        for name in ("left", "bottom"):
            pi.getAxis(name).setZValue(pi.vb.zValue() - 20)
        pi.showAxis("right")
        pi.getAxis("right").setGrid(False)  # one grid (the loss's) is enough
        pi.getAxis("right").linkToView(self._acc_vb)
        pi.getAxis("right").setLabel(self.tr("accuracy"))
        self._acc_vb.setYRange(0.0, 1.0, padding=0.02)
        self._acc_vb.enableAutoRange(y=False)
        self._acc_item = MarkedLine(name=self.tr("validation accuracy"), symbol="s", symbolSize=7)
        self._acc_vb.addItem(self._acc_item)
        self._lr_axis = pg.AxisItem("right")
        self._lr_axis.setLabel(self.tr("learning rate"))
        self._lr_axis.linkToView(self._lr_vb)
        self._lr_axis.hide()
        self._lr_vb.hide()
        self._lr_item = big_curve(None, self.tr("learning rate"))
        self._lr_vb.addItem(self._lr_item)
        # The axes (with the grid) change only when the view moves, yet the loss curves over them redraw every
        # step: Qt keeps them as pixmaps instead of calling their Python paint() each time.
        for axis in (pi.getAxis("left"), pi.getAxis("bottom"), pi.getAxis("right"), self._lr_axis):
            axis.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

        self._legend = FittingLegend(self.font())
        self._plot.addItem(self._legend.item, row=1, col=0)
        self._plot.ci.setContentsMargins(4, 4, 4, 0)
        self._plot.ci.layout.setVerticalSpacing(0)
        self._plot.installEventFilter(self)  # resizes: the legend takes as many columns as fit
        self._empty_text = pg.TextItem(self.tr("The loss curve appears here once training starts."), anchor=(0.5, 0.5))
        self._empty_text.setParentItem(pi.vb)
        pi.vb.sigResized.connect(self._sync_views)
        self.follower = ViewFollower(pi, self._view_bounds)
        self.follower.on_change(self._on_view_state)
        self._on_view_state()

        self._readout = StableLabel(lines=2)  # changes on every redraw: must not relayout the window each time
        self._readout.setToolTip(self.tr("The values at the step under the mouse pointer (or the latest step)."))
        self.crosshair = Crosshair(self._plot, pi, self._readout, lambda: (self.series.buf, self.series.evals))
        layout = QVBoxLayout(self)
        # minimumSizeHint says what the plot needs; the layout must not pin a smaller minimum on the widget.
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        self._readout.setContentsMargins(6, 0, 6, 4)
        layout.addWidget(controls)
        layout.addWidget(self._plot, 1)
        layout.addWidget(self._readout)
        self.crosshair.update()

    def _sync_views(self) -> None:
        pi = self._pi
        rect = pi.vb.geometry()  # the extra views are children of the PlotItem: same coordinates as its ViewBox
        for vb in (self._acc_vb, self._lr_vb):
            vb.setGeometry(rect)
            vb.linkedViewChanged(pi.vb, vb.XAxis)
        self._empty_text.setPos(pi.vb.width() / 2, pi.vb.height() / 2)

    def _on_view_state(self) -> None:
        """pyqtgraph's dynamic range limit guards against drawing far outside a zoomed-in view, but costs full
        passes over the data on every setData; while the view follows the data everything is in view anyway."""
        limit = None if self.follower.following else 1e6
        for item in (self._raw_item, self._smooth_item, *(o.smoothed_item for o in self.overlays.items)):
            if item.opts["dynamicRangeLimit"] != limit:
                item.setDynamicRangeLimit(limit)

    def _apply_palette(self) -> None:
        """Follow the widget palette (light or dark) for background, text and the curve colours."""
        pal = self.palette()
        bg, fg = theme.plot_background(pal), pal.color(QPalette.ColorRole.WindowText)
        self._dark = bg.lightness() < 128
        self._plot.setBackground(bg)
        pi = self._pi
        for axis in [*(pi.getAxis(n) for n in ("left", "bottom", "right")), self._lr_axis]:
            axis.setPen(fg)
            axis.setTextPen(fg)
            if axis.autoSIPrefix:  # once: pyqtgraph works out a prefix on every call, even the one that disables it
                axis.enableAutoSIPrefix(False)  # plain numbers, not "loss (x0.001)"
        # Grid lines in an opaque faint colour: alpha-blended full-width lines cost ~15 ms per paint in Qt's
        # raster engine, opaque ones well under 1 ms. Major lines only, to keep the plot calm.
        grid = QColor(*(round(0.13 * f + 0.87 * b) for f, b in zip(fg.getRgb()[:3], bg.getRgb()[:3], strict=True)))
        for name in ("left", "bottom"):
            axis = pi.getAxis(name)
            axis.setTickPen(pg.mkPen(grid))
            axis.setStyle(tickAlpha=255, maxTickLevel=1)
        self._fg = fg
        main = SKY_BLUE if self._dark else BLUE
        raw = QColor(main)
        raw.setAlpha(70)
        self._raw_item.setPen(pg.mkPen(raw, width=1))
        self._smooth_item.setPen(pg.mkPen(main, width=2))
        self._val_item.setPen(pg.mkPen(VERMILLION, width=2))
        self._val_item.setSymbolBrush(VERMILLION)
        self._val_item.setSymbolPen(pg.mkPen(bg, width=1))
        self._acc_item.setPen(pg.mkPen(GREEN, width=2, style=Qt.PenStyle.DashLine))
        self._acc_item.setSymbolBrush(GREEN)
        self._acc_item.setSymbolPen(pg.mkPen(bg, width=1))
        lr_colour = QColor(fg)
        lr_colour.setAlpha(150)
        self._lr_item.setPen(pg.mkPen(lr_colour, width=1, style=Qt.PenStyle.DotLine))
        self.crosshair.set_colours(fg, bg, main)
        self.chance.restyle(fg)
        self._empty_text.setColor(QColor(fg.red(), fg.green(), fg.blue(), 160))
        self.overlays.restyle(self._dark)
        self._rebuild_legend()

    def _legend_entries(self) -> list[pg.PlotDataItem]:
        entries = [self._raw_item, self._smooth_item, self._val_item, self._acc_item]
        if self._lr_check.isChecked():
            entries.append(self._lr_item)
        return entries + self.overlays.curves()

    def _rebuild_legend(self) -> None:
        """Re-list the legend in a fixed order, in as many columns as fit the plot's width."""
        self._legend.set_entries(self._legend_entries(), self._fg, self._plot.width())
        self.updateGeometry()  # the widest entry sets the narrowest the plot may be

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._plot and event.type() == QEvent.Type.Resize:
            self._legend.fit(event.size().width())  # before the view lays out its scene at the new size
        return super().eventFilter(watched, event)

    def _axes_width(self) -> int:
        """Room the left (loss) and right (accuracy) axes take with their labels and tick numbers."""
        fm = self.fontMetrics()
        return 2 * (fm.horizontalAdvance("0.000") + fm.height() + 24) + 12

    def minimumSizeHint(self) -> QSize:
        # What the plot really needs: the controls, both axes around a usable drawing area, the widest legend
        # entry. (The graphics view would otherwise be squeezed and cut its right side off.)
        base = super().minimumSizeHint()
        width = max(base.width(), self._axes_width() + PLOT_MIN_WIDTH, self._legend.widest())
        return QSize(width, max(base.height(), self.fontMetrics().height() * 18))

    def sizeHint(self) -> QSize:
        base = super().sizeHint()
        one_row = self._legend.one_row()
        width = max(self.minimumSizeHint().width(), base.width(), self._axes_width() + 2 * PLOT_MIN_WIDTH, one_row)
        return QSize(width, max(base.height(), self.fontMetrics().height() * 30))

    # ----------------------------------------------------------------------------------------------- data in
    @property
    def n_points(self) -> int:
        """Training steps received (every one is kept and plotted)."""
        return self.series.n

    @property
    def smoothing(self) -> float:
        return self.series.ema.weight if not self._resmooth else self._slider_weight()

    def set_smoothing(self, weight: float) -> None:
        """Move the smoothing slider (0 … 0.999); the whole smoothed line is recomputed on the next redraw."""
        self._smoothing.setValue(float(weight))

    def add_step(self, step: int, loss: float, lr: float) -> None:
        """Record one training step. O(1): the plot redraws later, at most 5 times a second."""
        self.series.add_step(step, loss, lr)
        self._schedule()

    def add_steps(self, steps: np.ndarray, losses: np.ndarray, lrs: np.ndarray) -> None:
        """Record many steps at once (vectorised), e.g. a finished run's metrics."""
        if self.series.add_steps(steps, losses, lrs):
            self._schedule()

    def add_eval(self, step: int, metrics: Mapping[str, float]) -> None:
        """Record a validation result (val_loss, val_accuracy, ...) at a step."""
        self.series.add_eval(step, metrics)
        self._schedule()

    def load_records(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Show a run's metrics.jsonl records (replaces the current curves; overlays stay)."""
        self.clear()
        steps, losses, lrs, evals = parse_records(records)
        self.add_steps(steps, losses, lrs)
        for step, metrics in evals:
            self.add_eval(step, metrics)

    def clear(self) -> None:
        """Forget the current run's curves (overlays stay; see clear_overlays)."""
        self._timer.stop()
        self.series.clear(self._slider_weight())
        self._dirty = False
        self.crosshair.reset()
        for item in (self._raw_item, self._smooth_item, self._val_item, self._acc_item, self._lr_item):
            item.clear()
        self.follower.follow()  # a new run: show all of it, even if the last one was zoomed
        self._empty_text.setVisible(not self.overlays)
        self._refresh_readout()
        if self._resmooth:  # the slider moved just before: the overlays still need the new smoothing
            self._schedule()

    def add_overlay(self, name: str, records: Iterable[Mapping[str, Any]]) -> None:
        """Draw another run's smoothed training loss and validation loss in its own colour, named in the legend."""
        self.overlays.add(name, records, self.smoothing, self._dark)
        self._on_view_state()
        self._rebuild_legend()
        self._schedule()  # the view takes the overlay in
        self._empty_text.hide()

    def remove_overlay(self, name: str) -> None:
        if self.overlays.remove(name):
            self._rebuild_legend()
            self._schedule()

    def clear_overlays(self) -> None:
        self.overlays.clear()
        self._rebuild_legend()
        self._schedule()
        self._empty_text.setVisible(self.series.n == 0)

    def overlay_names(self) -> list[str]:
        return self.overlays.names()

    # ----------------------------------------------------------------------------------------------- drawing
    def _schedule(self) -> None:
        """Mark the plot out of date; the single-shot timer redraws it within 200 ms, only while it is on screen
        (a hidden plot just keeps the data and redraws when shown, so no timer outlives a closed window)."""
        self._dirty = True
        if not self._timer.isActive() and self.isVisible():
            # At once when the last redraw is 200 ms old (a slow run's step shows without delay), else when it is:
            # a fast run redraws 5 times a second, not once per (timer + next step).
            since_ms = 1000.0 * (time.monotonic() - self._redrawn_at)
            self._timer.start(max(0, round(REDRAW_INTERVAL_MS - since_ms)))

    def _on_timer(self) -> None:
        if self._dirty:
            self._redraw(readout_now=False)

    def redraw_now(self) -> None:
        """Push the buffered data into the curves and the read-out now (normally the timers do this)."""
        self._redraw(readout_now=True)

    def _refresh_readout(self) -> None:
        self._readout_timer.stop()
        self._readout_at = time.monotonic()
        self.crosshair.update()

    def _redraw(self, *, readout_now: bool) -> None:
        self._timer.stop()
        self._redrawn_at = time.monotonic()
        self._dirty = False
        if self._resmooth:
            self._resmooth = False
            weight = self._slider_weight()
            self.series.resmooth(weight)
            self.overlays.resmooth(weight)
        series, buf = self.series, self.series.buf
        n = buf.n
        if n:
            x = buf.view("step")
            # connect="all" when every loss is finite skips pyqtgraph's per-redraw NaN scan of the full arrays.
            connect = "all" if series.all_finite else "finite"
            self._raw_item.setData(x, buf.view("loss"), connect=connect)
            self._smooth_item.setData(x, buf.view("smoothed"), connect=connect)
            if self._lr_check.isChecked():
                self._lr_item.setData(x, buf.view("lr"), connect="finite")
        if series.evals_dirty:
            series.evals_dirty = False
            eval_steps = np.asarray([s for s, _ in series.evals], dtype=np.float64)
            self._val_item.setData(eval_steps, series.eval_values("val_loss"), connect="finite")
            self._acc_item.setData(eval_steps, [accuracy(m) for _, m in series.evals], connect="finite")
        self.follower.update()
        self._empty_text.setVisible(n == 0 and not series.evals and not self.overlays)
        self.redraw_count += 1
        wait_ms = READOUT_INTERVAL_MS - 1000.0 * (time.monotonic() - self._readout_at)
        if readout_now or wait_ms <= 0:
            self._refresh_readout()
        elif not self._readout_timer.isActive():
            self._readout_timer.start(max(1, round(wait_ms)))

    def _view_bounds(self) -> Bounds | None:
        """Everything the view should show: this run's steps and losses, its evaluations, the overlays."""
        log = self.is_log_y()
        own_x, own_y = self.series.spans(log)
        overlay_x, overlay_y = self.overlays.spans(log)
        x, y = merge([own_x, overlay_x]), merge([own_y, overlay_y, self.chance.view_span()])
        if x is None or y is None:
            return None
        # From 0 on a linear axis: a loss that wobbles at chance in the first seconds must look flat, not rising.
        return x[0], x[1], y[0] if log else min(0.0, y[0]), y[1]

    def _slider_weight(self) -> float:
        return min(MAX_SMOOTHING, max(0.0, round(float(self._smoothing.value()), 3)))

    def _on_smoothing_moved(self, _value: float) -> None:
        self._resmooth = True  # recomputed once per redraw, not on every slider tick
        self._schedule()
        self.smoothingChanged.emit(self._slider_weight())

    def _on_lr_toggled(self, on: bool) -> None:
        layout = self._pi.layout
        if on:
            layout.addItem(self._lr_axis, 2, 3)
            self._lr_axis.show()
            self._lr_vb.show()
        else:
            layout.removeItem(self._lr_axis)
            self._lr_axis.hide()
            self._lr_vb.hide()
        self._rebuild_legend()
        self._schedule()

    def show_learning_rate(self, on: bool) -> None:
        self._lr_check.setChecked(on)

    def set_log_y(self, on: bool) -> None:
        """Logarithmic loss axis (the accuracy axis stays 0–1)."""
        if self._log_check.isChecked() != on:
            self._log_check.setChecked(on)  # re-enters through the toggled signal
            return
        pi = self._pi
        pi.setLogMode(x=False, y=on)
        self.chance.set_log(on)
        pi.getAxis("right").setLogMode(False, False)  # PlotItem switches every y axis; accuracy stays linear
        pi.setLabel("left", self.tr("loss (log scale)") if on else self.tr("loss"))
        if self.follower.following:
            self.follower.follow()  # the view's units changed: fit them afresh

    def is_log_y(self) -> bool:
        return self._log_check.isChecked()

    def curve_data(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        """The data last handed to a curve (before downsampling): loss, smoothed, lr, val_loss or val_accuracy."""
        item = {
            "loss": self._raw_item,
            "smoothed": self._smooth_item,
            "lr": self._lr_item,
            "val_loss": self._val_item,
            "val_accuracy": self._acc_item,
        }[name]
        x, y = item.getOriginalDataset()
        return (np.empty(0), np.empty(0)) if x is None else (np.asarray(x), np.asarray(y))

    def legend_names(self) -> list[str]:
        return self._legend.names()

    def set_accuracy_name(self, name: str) -> None:
        """'validation accuracy', or 'masked-token accuracy' for a pre-training run: legend and right axis."""
        self._acc_item.opts["name"] = name
        self._pi.getAxis("right").setLabel(name.removeprefix("validation "))
        self._rebuild_legend()

    # ----------------------------------------------------------------------------------------------- read-out
    def readout_text(self) -> str:
        return self._readout.text()

    # ----------------------------------------------------------------------------------------------- export
    def export_png(self, path: str | Path) -> Path:
        """Save the plot with its axes and legend as a PNG image, at the size it has on screen.

        (pyqtgraph can export larger, but it then scales the axis text and not the legend, so the picture
        would no longer look like the plot.)
        """
        self.redraw_now()
        path = Path(path)
        exporter = ImageExporter(self._plot.ci)  # the plot and the legend row under it
        exporter.parameters()["width"] = max(1, round(self._plot.ci.boundingRect().width()))
        exporter.parameters()["background"] = theme.plot_background(self.palette())
        exporter.export(str(path))
        return path

    def export_csv(self, path: str | Path) -> Path:
        """Save step, loss, smoothed, lr and every validation metric as CSV: one row per step; the validation
        columns are filled on evaluation steps (an evaluation without a training step gets a row of its own)."""
        if self._resmooth:
            self.redraw_now()
        buf = self.series.buf
        columns = {c: buf.view(c) for c in ("loss", "smoothed", "lr")}
        return write_csv(Path(path), buf.view("step"), columns, self.series.evals)

    # ----------------------------------------------------------------------------------------------- lifecycle
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        elif event.type() == QEvent.Type.FontChange:  # zoom or presenter mode: the legend's names follow
            self._legend.set_font(self.font())
            self._rebuild_legend()
        super().changeEvent(event)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._dirty:
            self._timer.start(0)

    def hideEvent(self, event: Any) -> None:
        self._timer.stop()  # nothing to see; the next data (or showing again) restarts it
        if self._readout_timer.isActive():
            self._refresh_readout()
        super().hideEvent(event)

    def closeEvent(self, event: Any) -> None:
        self._timer.stop()
        self._readout_timer.stop()
        super().closeEvent(event)

"""`workbench bench gui` (plot part): the live loss plot's full redraw of a million-step curve, against a plain
pyqtgraph PlotWidget drawing the same curves with pyqtgraph's recommended fast settings.

One redraw = hand the full buffers to the curves (setData, as the throttled timer does) and paint the widget
synchronously (QWidget.grab renders it the way a screen refresh would). The live plot is 1200 x 700; the
reference gets the size of the live plot's graphics view. Both draw the raw and the smoothed training loss (a
million points each, 1-px pens, no antialiasing); the reference uses clipToView, auto peak downsampling and
connect="all" (the data are finite, so "finite" would only add a NaN scan), the settings pyqtgraph's examples
recommend for big live curves. The two are timed alternately in one process, each after the same new step.
Runs offscreen.
"""

from __future__ import annotations

import os
import time
from typing import Any

import numpy as np

N_POINTS = 1_000_000


def _app() -> Any:
    if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def reference_plot(width: int, height: int) -> tuple[Any, list[Any]]:
    """A plain PlotWidget with two fast curves (raw and smoothed loss), shown at width x height."""
    import pyqtgraph as pg

    widget = pg.PlotWidget()
    widget.resize(width, height)
    item = widget.getPlotItem()
    item.setClipToView(True)
    item.setDownsampling(auto=True, mode="peak")
    curves = [item.plot(pen=pg.mkPen(colour, width=1), antialias=False) for colour in ("#0072B2", "#D55E00")]
    widget.show()
    return widget, curves


def plot_redraws(repeats: int = 30, n_points: int = N_POINTS) -> dict[str, float]:
    """p95 milliseconds of full-view redraws of an n_points curve: the live plot's, the reference's, their ratio."""
    app = _app()
    from workbench.core.training.smoothing import ema_debiased
    from workbench.gui.plot.loss_plot import LossPlot

    rng = np.random.default_rng(0)
    total = n_points + repeats
    steps = np.arange(1, total + 1, dtype=np.float64)
    losses = 2.5 * np.exp(-steps / (n_points / 5)) + 0.3 + 0.25 * rng.standard_normal(total) ** 2
    lrs = np.full(total, 3e-4)
    plot = LossPlot()
    reference = None
    try:
        plot.resize(1200, 700)
        plot.show()
        plot.add_steps(steps[:n_points], losses[:n_points], lrs[:n_points])
        for i in range(0, n_points, n_points // 10):
            plot.add_eval(i, {"val_loss": float(losses[i]), "val_accuracy": min(1.0, 0.5 + i / n_points / 2)})
        plot.redraw_now()
        view = plot._plot  # the pyqtgraph widget: what a redraw repaints
        view.grab()
        app.processEvents()
        smoothed = np.asarray(ema_debiased(losses, plot.smoothing), dtype=np.float64)
        reference, ref_curves = reference_plot(view.width(), view.height())
        app.processEvents()

        def draw_reference(n: int) -> None:
            ref_curves[0].setData(steps[:n], losses[:n], connect="all")
            ref_curves[1].setData(steps[:n], smoothed[:n], connect="all")
            reference.grab()

        draw_reference(n_points)
        live_ms, ref_ms = [], []
        for i in range(repeats):
            # A new step arrives each time, so the curves really hold new data (as during training).
            n = n_points + 1 + i
            plot.add_step(n, float(losses[n - 1]), 3e-4)
            t0 = time.perf_counter()
            plot.redraw_now()
            view.grab()  # one full, synchronous paint of the plot
            live_ms.append((time.perf_counter() - t0) * 1000.0)
            app.processEvents()  # outside the timing: the event loop would paint the same frame a second time
            t0 = time.perf_counter()
            draw_reference(n)
            ref_ms.append((time.perf_counter() - t0) * 1000.0)
            app.processEvents()
        live, ref = float(np.percentile(live_ms, 95)), float(np.percentile(ref_ms, 95))
        return {"plot_redraw_ms_1m": live, "reference_redraw_ms_1m": ref, "plot_redraw_ratio": live / ref}
    finally:
        plot.clear()
        plot.close()
        plot.deleteLater()
        if reference is not None:
            reference.close()
            reference.deleteLater()
        app.processEvents()


def plot_redraw_ms_1m(repeats: int = 30, n_points: int = N_POINTS) -> float:
    """p95 in milliseconds of the live plot's full-view redraws of an n_points loss curve and its smoothed line."""
    return plot_redraws(repeats, n_points)["plot_redraw_ms_1m"]


if __name__ == "__main__":
    for key, value in plot_redraws().items():
        print(f"{key}: {value:.3f}")

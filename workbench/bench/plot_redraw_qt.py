"""`workbench bench gui` (plot part): how long the live loss plot takes to redraw a million-step curve.

One redraw = hand the full buffers to the curves (setData, as the throttled timer does) and paint the plot
widget synchronously (QWidget.grab renders it the way a screen refresh would), at 1200 x 700. Runs offscreen.
"""

from __future__ import annotations

import os
import time

import numpy as np

N_POINTS = 1_000_000


def _app() -> object:
    if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def plot_redraw_ms_1m(repeats: int = 30, n_points: int = N_POINTS) -> float:
    """p95 in milliseconds of full-view redraws of an n_points loss curve plus its smoothed line."""
    app = _app()
    from workbench.gui.plot.loss_plot import LossPlot

    rng = np.random.default_rng(0)
    steps = np.arange(1, n_points + 1, dtype=np.float64)
    losses = 2.5 * np.exp(-steps / (n_points / 5)) + 0.3 + 0.25 * rng.standard_normal(n_points) ** 2
    lrs = np.full(n_points, 3e-4)
    plot = LossPlot()
    try:
        plot.resize(1200, 700)
        plot.show()
        plot.add_steps(steps, losses, lrs)
        for i in range(0, n_points, n_points // 10):
            plot.add_eval(i, {"val_loss": float(losses[i]), "val_accuracy": min(1.0, 0.5 + i / n_points / 2)})
        plot.redraw_now()
        view = plot._plot  # the pyqtgraph widget: what a redraw repaints
        view.grab()
        app.processEvents()
        times = []
        for i in range(repeats):
            # A new step arrives each time, so the curves really hold new data (as during training).
            plot.add_step(n_points + 1 + i, float(losses[-1]), 3e-4)
            t0 = time.perf_counter()
            plot.redraw_now()
            view.grab()  # one full, synchronous paint of the plot
            times.append((time.perf_counter() - t0) * 1000.0)
            app.processEvents()  # outside the timing: the event loop would paint the same frame a second time
        return float(np.percentile(times, 95))
    finally:
        plot.clear()
        plot.close()
        plot.deleteLater()
        app.processEvents()


if __name__ == "__main__":
    print(f"plot_redraw_ms_1m: {plot_redraw_ms_1m():.2f}")

"""LossPlot: every step reaches the curves, TensorBoard smoothing is exact, evaluations, hover read-out, export,
overlays, throttled redraws and no timers left behind. The smoothing maths itself: tests/core/test_smoothing.py."""

from __future__ import annotations

import csv
import math
import time

import numpy as np
import pytest
from loss_curves import assert_close, noisy_losses, reference_ema
from PySide6.QtCore import QPointF, QTimer
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from workbench.core.training.smoothing import ema_debiased
from workbench.gui.plot.loss_plot import LossPlot
from workbench.gui.plot.series_buffer import SeriesBuffer

WEIGHTS = [0.0, 0.3, 0.6, 0.9, 0.99, 0.999]


@pytest.fixture
def plot(qtbot) -> LossPlot:
    widget = LossPlot()
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    return widget


@pytest.fixture
def shown(plot: LossPlot, qtbot) -> LossPlot:
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def fill(plot: LossPlot, n: int, seed: int = 0) -> np.ndarray:
    losses = noisy_losses(n, seed)
    for i, loss in enumerate(losses):
        plot.add_step(i + 1, float(loss), 1e-3 * (i + 1) / n)
    return losses


def records(n: int, eval_every: int, seed: int = 0) -> list[dict]:
    out: list[dict] = []
    for i, loss in enumerate(noisy_losses(n, seed)):
        out.append({"type": "step", "step": i + 1, "loss": float(loss), "lr": 1e-3, "tokens_per_s": 10.0})
        if (i + 1) % eval_every == 0:
            out.append({"type": "eval", "step": i + 1, "val_loss": 1.0 / (i + 1), "val_accuracy": 0.5 + i / n / 2})
    return out


# ------------------------------------------------------------------------------------------------ smoothing maths
def test_series_buffer_grows_by_doubling_and_keeps_everything() -> None:
    buf = SeriesBuffer(("a", "b"), capacity=4)
    for i in range(37):
        buf.append(i, -i)
    buf.extend(a=np.arange(37, 100), b=-np.arange(37, 100))
    assert len(buf) == 100 and buf.capacity == 128
    np.testing.assert_array_equal(buf.view("a"), np.arange(100))
    np.testing.assert_array_equal(buf.view("b"), -np.arange(100))
    buf.truncate(10)
    assert buf.last("a") == 9


# ------------------------------------------------------------------------------------------------ the widget
def test_every_step_reaches_the_curves(plot: LossPlot) -> None:
    losses = fill(plot, 700)
    assert plot.n_points == 700
    plot.redraw_now()
    x, y = plot.curve_data("loss")
    np.testing.assert_array_equal(x, np.arange(1, 701))
    np.testing.assert_array_equal(y, losses)
    assert_close(plot.curve_data("smoothed")[1], reference_ema(losses.tolist(), 0.9))


@pytest.mark.parametrize("weight", WEIGHTS)
def test_live_smoothing_and_the_slider_match_the_reference(plot: LossPlot, weight: float) -> None:
    plot.set_smoothing(weight)
    plot.redraw_now()
    losses = fill(plot, 400, seed=3)  # incremental, one point at a time
    plot.add_step(401, float("nan"), 1e-3)
    plot.add_step(402, 0.25, 1e-3)
    values = [*losses.tolist(), math.nan, 0.25]
    plot.redraw_now()
    assert_close(plot.curve_data("smoothed")[1], reference_ema(values, weight))
    other = 0.5 if weight != 0.5 else 0.7  # moving the slider recomputes the whole line
    plot.set_smoothing(other)
    plot.redraw_now()
    assert plot.smoothing == other
    assert_close(plot.curve_data("smoothed")[1], reference_ema(values, other))
    plot.add_step(403, 0.2, 1e-3)  # and later points continue with the new weight
    plot.redraw_now()
    assert_close(plot.curve_data("smoothed")[1], reference_ema([*values, 0.2], other))


def test_adding_a_point_never_redraws_synchronously(shown: LossPlot, qtbot) -> None:
    before = shown.redraw_count
    shown.add_step(1, 1.0, 1e-3)
    assert shown.redraw_count == before and shown.curve_data("loss")[0].size == 0
    qtbot.waitUntil(lambda: shown.curve_data("loss")[0].size == 1, timeout=30_000)


def test_redraws_are_throttled_and_nothing_is_dropped(shown: LossPlot, qtbot) -> None:
    start = shown.redraw_count
    fill(shown, 1000)  # a burst: no event loop in between
    assert shown.redraw_count == start
    qtbot.waitUntil(lambda: shown.curve_data("loss")[0].size == 1000, timeout=30_000)
    assert shown.redraw_count - start <= 2
    # Steps arriving while the event loop runs: at most 5 redraws a second, however many points.
    start, t0 = shown.redraw_count, time.perf_counter()
    for step in range(1001, 5001):
        shown.add_step(step, 0.5, 1e-3)
        QApplication.processEvents()
    elapsed_ms = (time.perf_counter() - t0) * 1000
    qtbot.waitUntil(lambda: shown.curve_data("loss")[0].size == 5000, timeout=30_000)
    assert shown.redraw_count - start <= 2 + elapsed_ms / 190
    assert shown.n_points == 5000


def test_evaluations_land_on_the_accuracy_axis(plot: LossPlot) -> None:
    fill(plot, 300)
    for step in (100, 200, 300):
        plot.add_eval(step, {"val_loss": 1.0 - step / 1000, "val_accuracy": step / 400, "val_macro_f1": 0.5})
    plot.redraw_now()
    x, acc = plot.curve_data("val_accuracy")
    np.testing.assert_array_equal(x, [100, 200, 300])
    np.testing.assert_allclose(acc, [0.25, 0.5, 0.75])
    np.testing.assert_allclose(plot.curve_data("val_loss")[1], [0.9, 0.8, 0.7])
    acc_item = plot._acc_item
    right_axis = plot._pi.getAxis("right")
    assert acc_item.getViewBox() is right_axis.linkedView() is not plot._pi.vb
    low, high = right_axis.linkedView().viewRange()[1]
    assert low <= 0.0 < 1.0 <= high < 1.1  # a fixed 0–1 scale, whatever the loss does
    assert "accuracy" in right_axis.labelText


def test_masked_language_model_accuracy_is_shown_too(plot: LossPlot) -> None:
    plot.add_eval(10, {"val_loss": 3.0, "masked_accuracy": 0.4})
    plot.redraw_now()
    np.testing.assert_allclose(plot.curve_data("val_accuracy")[1], [0.4])


def test_log_scale_toggles_the_loss_axis_only(plot: LossPlot) -> None:
    fill(plot, 50)
    plot.set_log_y(True)
    plot.redraw_now()
    assert plot.is_log_y() and plot._log_check.isChecked()
    assert plot._raw_item.opts["logMode"][1] and plot._smooth_item.opts["logMode"][1]
    assert plot._pi.getAxis("left").logMode and not plot._pi.getAxis("right").logMode
    assert "log" in plot._pi.getAxis("left").labelText
    plot._log_check.setChecked(False)  # the check box drives the same switch
    assert not plot._raw_item.opts["logMode"][1] and not plot._pi.getAxis("left").logMode


def test_learning_rate_curve_on_request(plot: LossPlot) -> None:
    fill(plot, 100)
    assert "learning rate" not in plot.legend_names()
    plot.show_learning_rate(True)
    plot.redraw_now()
    _x, lr = plot.curve_data("lr")
    np.testing.assert_allclose(lr, 1e-3 * np.arange(1, 101) / 100)
    assert "learning rate" in plot.legend_names() and plot._lr_axis.isVisible()
    assert plot._lr_item.getViewBox() is plot._lr_vb and plot._lr_axis.linkedView() is plot._lr_vb
    plot.show_learning_rate(False)
    assert "learning rate" not in plot.legend_names() and not plot._lr_axis.isVisible()


def test_hover_readout_shows_the_step_under_the_pointer(shown: LossPlot, qtbot) -> None:
    for step in range(1, 101):
        shown.add_step(step, 1.0 + step / 1000, 1e-4)
    shown.add_eval(40, {"val_loss": 0.75, "val_accuracy": 0.625})
    shown.redraw_now()
    qtbot.waitUntil(lambda: shown._pi.vb.viewRange()[0][1] >= 100, timeout=30_000)
    vb = shown._pi.vb
    view = shown._plot

    def pointing_at_step_42() -> bool:  # the axes may still settle their width: point again until it shows
        scene_pos = vb.mapViewToScene(QPointF(42.3, 1.05))
        qtbot.mouseMove(view.viewport(), view.mapFromScene(scene_pos))  # a real mouse move over the plot
        return "Step 42:" in shown.readout_text()

    qtbot.waitUntil(pointing_at_step_42, timeout=30_000)
    text = shown.readout_text()
    assert "loss 1.042" in text and "validation at step 40: loss 0.75, accuracy 62.5 %" in text
    assert shown.crosshair.vline.isVisible() and shown.crosshair.vline.value() == 42
    shown.crosshair.on_mouse_moved(vb.mapViewToScene(QPointF(7.6, 1.0)))  # the handler, directly
    assert "Step 8:" in shown.readout_text() and "validation" not in shown.readout_text()
    shown.crosshair.on_mouse_moved(QPointF(-50, -50))  # outside the plot: back to the latest values
    assert shown.readout_text().startswith("Latest step 100:") and not shown.crosshair.vline.isVisible()


def test_csv_export(plot: LossPlot, tmp_path) -> None:
    plot.set_smoothing(0.0)
    for step, loss in [(1, 2.0), (2, 1.5), (3, 1.25)]:
        plot.add_step(step, loss, 1e-3 * step)
    plot.add_eval(2, {"val_loss": 1.4, "val_accuracy": 0.6, "val_macro_f1": 0.55})
    plot.add_eval(4, {"val_loss": 1.2, "val_accuracy": 0.7, "val_macro_f1": 0.65})  # no training row at 4
    with plot.export_csv(tmp_path / "m.csv").open(newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["step", "loss", "smoothed", "lr", "val_loss", "val_accuracy", "val_macro_f1"]
    assert rows[1] == ["1", "2.0", "2.0", "0.001", "", "", ""]
    assert rows[2] == ["2", "1.5", "1.5", "0.002", "1.4", "0.6", "0.55"]
    assert rows[3] == ["3", "1.25", "1.25", "0.003", "", "", ""]
    assert rows[4] == ["4", "", "", "", "1.2", "0.7", "0.65"]
    plot.set_smoothing(0.5)  # the smoothed column follows the slider, even before a redraw
    with plot.export_csv(tmp_path / "m2.csv").open(newline="") as fh:
        smoothed = [row[2] for row in list(csv.reader(fh))[1:4]]
    assert [float(v) for v in smoothed] == pytest.approx(reference_ema([2.0, 1.5, 1.25], 0.5))


def test_png_export_writes_a_real_image(shown: LossPlot, tmp_path) -> None:
    shown.load_records(records(200, 50))
    path = shown.export_png(tmp_path / "plot.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(path))
    assert not image.isNull() and image.width() == shown._plot.width() and image.height() > 200
    # Not blank: the curves are in there (more than a handful of distinct colours).
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 5


def test_overlays_add_and_remove_legend_entries(plot: LossPlot) -> None:
    fill(plot, 100)
    base = plot.legend_names()
    assert base[:4] == [
        "training loss (each step)",
        "training loss (smoothed)",
        "validation loss",
        "validation accuracy",
    ]
    plot.add_overlay("run A", records(300, 100, seed=1))
    plot.add_overlay("run B", records(200, 50, seed=2))
    names = plot.legend_names()
    assert names[len(base) :] == [
        "run A: training loss",
        "run A: validation loss",
        "run B: training loss",
        "run B: validation loss",
    ]
    a, b = plot.overlays.items
    assert a.smoothed_item.opts["pen"].color() != b.smoothed_item.opts["pen"].color()
    assert a.smoothed_item.opts["pen"].color() != plot._smooth_item.opts["pen"].color()
    _x, y = a.smoothed_item.getOriginalDataset()
    np.testing.assert_allclose(y, ema_debiased(noisy_losses(300, 1), 0.9))
    np.testing.assert_array_equal(a.val_item.getOriginalDataset()[0], [100, 200, 300])
    plot.set_smoothing(0.0)  # overlays follow the slider too
    plot.redraw_now()
    np.testing.assert_allclose(a.smoothed_item.getOriginalDataset()[1], noisy_losses(300, 1))
    plot.add_overlay("run A", records(50, 10))  # same name: replaced, not doubled
    assert plot.overlay_names() == ["run B", "run A"]
    plot.remove_overlay("run B")
    assert plot.overlay_names() == ["run A"] and not any(n.startswith("run B") for n in plot.legend_names())
    plot.clear_overlays()
    assert plot.legend_names() == base


def test_legend_keeps_its_labels_until_what_it_shows_changes(plot: LossPlot) -> None:
    def labels() -> list[object]:
        return [label for _sample, label in plot._legend.item.items]

    before = labels()
    plot.clear_overlays()  # what a run's start asks for, twice over: nothing the legend shows has changed
    plot.set_accuracy_name("validation accuracy")
    assert all(a is b for a, b in zip(labels(), before, strict=True))
    plot.set_accuracy_name("masked-token accuracy")
    assert plot.legend_names()[3] == "masked-token accuracy"
    dark = plot.palette()
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    plot.setPalette(dark)  # the names follow the text colour
    assert {label.opts["color"].name() for label in labels()} == {"#f0f0f0"}
    font = plot.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    plot.setFont(font)  # zoom: the names grow
    assert {label.opts["size"] for label in labels()} == {f"{font.pointSizeF():g}pt"}


def test_load_records_replaces_the_run(plot: LossPlot) -> None:
    fill(plot, 30)
    plot.load_records(records(120, 40))
    plot.redraw_now()
    assert plot.n_points == 120
    np.testing.assert_array_equal(plot.curve_data("loss")[1], noisy_losses(120))
    np.testing.assert_array_equal(plot.curve_data("val_loss")[0], [40, 80, 120])


def test_repeated_steps_after_a_resume_replace_the_old_tail(plot: LossPlot) -> None:
    plot.set_smoothing(0.6)
    losses = fill(plot, 50)
    plot.add_eval(30, {"val_loss": 1.0})
    plot.add_eval(40, {"val_loss": 0.9})
    plot.add_step(35, 9.0, 1e-3)  # the run continued from its step-34 checkpoint
    plot.redraw_now()
    assert plot.n_points == 35
    x, y = plot.curve_data("loss")
    assert x[-1] == 35 and y[-1] == 9.0
    assert_close(plot.curve_data("smoothed")[1], reference_ema([*losses[:34].tolist(), 9.0], 0.6))
    np.testing.assert_array_equal(plot.curve_data("val_loss")[0], [30])


def test_no_timer_left_running_after_clear_and_close(shown: LossPlot, qtbot) -> None:
    fill(shown, 10)
    assert shown._timer.isActive()  # a redraw is pending
    shown.clear()
    assert shown.n_points == 0 and not shown._timer.isActive()
    shown.add_step(1, 1.0, 1e-3)
    shown.close()
    assert not [t for t in shown.findChildren(QTimer) if t.isActive()]
    shown.add_step(2, 1.0, 1e-3)  # data after closing is kept, but starts no timer
    assert shown.n_points == 2 and not [t for t in shown.findChildren(QTimer) if t.isActive()]
    shown.show()  # ... and is drawn once the plot is visible again
    qtbot.waitUntil(lambda: shown.curve_data("loss")[0].size == 2, timeout=30_000)
    assert not shown._timer.isActive()


def _view(plot: LossPlot) -> tuple[float, float, float, float]:
    (x0, x1), (y0, y1) = plot._pi.vb.viewRange()
    return x0, x1, y0, y1


def test_the_view_follows_the_run_in_steps_so_most_redraws_keep_it(shown: LossPlot) -> None:
    losses = noisy_losses(400)
    moves, last = 0, None
    for step in range(1, 401):
        shown.add_step(step, float(losses[step - 1]), 1e-3)
        shown.redraw_now()
        x0, x1, y0, y1 = view = _view(shown)
        seen = losses[:step]
        assert x0 <= 1 and x1 >= step and y0 <= seen.min() and y1 >= seen.max(), (step, view)  # all of it shown
        moves += view != last
        last = view
    assert moves < 60, moves  # pyqtgraph's auto-range moved it on each of the 400 redraws
    shown.add_eval(400, {"val_loss": 5.0, "val_accuracy": 0.5})  # above every training loss: the view takes it in
    shown.redraw_now()
    assert _view(shown)[3] >= 5.0


def test_moving_the_view_by_hand_stops_following_until_asked(shown: LossPlot) -> None:
    for step in range(1, 101):
        shown.add_step(step, 1.0, 1e-3)
    shown.redraw_now()
    shown._pi.vb.setXRange(10, 20, padding=0)
    shown._pi.vb.sigRangeChangedManually.emit([True, True])  # what a mouse drag or wheel zoom emits
    assert not shown.follower.following
    for step in range(101, 301):
        shown.add_step(step, 1.0, 1e-3)
    shown.redraw_now()
    assert _view(shown)[:2] == pytest.approx((10, 20))  # the person's zoom stays
    shown._pi.autoBtn.clicked.emit(shown._pi.autoBtn)  # pyqtgraph's "A" button
    assert shown.follower.following and _view(shown)[1] >= 300
    shown.follower._on_manual_change()
    shown.clear()  # a new run shows all of itself again
    assert shown.follower.following


def test_log_axis_follows_in_log_units(shown: LossPlot) -> None:
    for step in range(1, 51):
        shown.add_step(step, 10.0 ** (-step / 10), 1e-3)  # 0.79 down to 1e-5
    shown.set_log_y(True)
    shown.redraw_now()
    _x0, _x1, y0, y1 = _view(shown)
    assert y0 <= -5 and y1 >= math.log10(0.79)


def test_a_pre_training_run_reads_out_masked_token_accuracy(shown: LossPlot) -> None:
    shown.add_step(1, 9.0, 1e-4)
    shown.add_eval(1, {"val_loss": 8.5, "masked_accuracy": 0.125})
    shown.redraw_now()
    assert "validation at step 1: loss 8.5, masked-token accuracy 12.5 %" in shown.readout_text()


def test_the_view_takes_in_the_overlays(shown: LossPlot) -> None:
    for step in range(1, 101):
        shown.add_step(step, 1.0, 1e-3)
    records = [{"type": "step", "step": s, "loss": 3.0} for s in range(1, 501)]
    shown.add_overlay("longer run", records)
    shown.redraw_now()
    _x0, x1, _y0, y1 = _view(shown)
    assert x1 >= 500 and y1 >= 3.0


def test_the_live_readout_refreshes_four_times_a_second_and_ends_on_the_last_step(shown: LossPlot, qtbot) -> None:
    shown.add_step(1, 1.0, 1e-3)
    shown.redraw_now()  # an explicit redraw writes the read-out at once
    assert shown.readout_text().startswith("Latest step 1:")
    refreshes = []
    shown.crosshair.update = lambda real=shown.crosshair.update: (refreshes.append(1), real())[1]
    t0 = time.perf_counter()
    for step in range(2, 402):  # steps as the timer redraws them while training
        shown.add_step(step, 0.5, 1e-3)
        shown._on_timer()
        QApplication.processEvents()
    elapsed_s = time.perf_counter() - t0
    assert shown.redraw_count >= 400
    assert len(refreshes) <= 2 + elapsed_s / 0.25  # not one per redraw
    # The trailing refresh: the text catches up with the last step without any further data.
    qtbot.waitUntil(lambda: shown.readout_text().startswith("Latest step 401:"), timeout=30_000)
    shown.close()
    assert not [t for t in shown.findChildren(QTimer) if t.isActive()]


def test_evaluation_markers_remember_their_box_until_the_data_or_view_changes(shown: LossPlot, qtbot) -> None:
    fill(shown, 50)
    shown.add_eval(10, {"val_loss": 1.0, "val_accuracy": 0.5})
    shown.add_eval(20, {"val_loss": 0.8, "val_accuracy": 0.6})
    shown.redraw_now()
    qtbot.waitUntil(lambda: shown._val_item.scatter.boundingRect().width() > 0, timeout=30_000)
    scatter = shown._val_item.scatter
    first = scatter.boundingRect()
    assert scatter.boundingRect() is first  # asked again (Qt asks several times a frame): not worked out again
    # The same box pyqtgraph's own ScatterPlotItem works out, markers' pixel padding included.
    plain = super(type(scatter), scatter).boundingRect()
    assert first == plain and first.left() < 10 and first.right() > 20
    shown.add_eval(40, {"val_loss": 0.5, "val_accuracy": 0.7})
    shown.redraw_now()
    assert scatter.boundingRect().right() > 40  # new data: a new box
    before = scatter.boundingRect()
    shown._pi.vb.setXRange(0, 400, padding=0)  # a wider view: a pixel spans more data, so the padding grows
    after = scatter.boundingRect()
    assert after is not before and after.width() > before.width() - 1e-9
    assert after == super(type(scatter), scatter).boundingRect()


def test_a_step_after_a_quiet_spell_is_drawn_at_once_and_fast_steps_keep_200_ms_apart(shown: LossPlot, qtbot) -> None:
    shown.add_step(1, 1.0, 1e-3)
    shown.redraw_now()
    shown.add_step(2, 0.9, 1e-3)  # right after a redraw: waits out the rest of the 200 ms
    assert shown._timer.isActive() and 100 < shown._timer.interval() <= 200
    qtbot.waitUntil(lambda: shown.curve_data("loss")[0].size == 2, timeout=30_000)
    shown._redrawn_at -= 1.0  # the last redraw was a second ago (a slow run): the next step needs no wait
    shown.add_step(3, 0.8, 1e-3)
    assert shown._timer.isActive() and shown._timer.interval() == 0
    assert shown.curve_data("loss")[0].size == 2  # still not synchronous: drawn on the next event-loop pass
    qtbot.waitUntil(lambda: shown.curve_data("loss")[0].size == 3, timeout=30_000)

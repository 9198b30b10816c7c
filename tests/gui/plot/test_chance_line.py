"""The chance level (ln of the class count) as a labelled dashed line, and a y-range that keeps a flat loss flat."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt

from workbench.gui.plot.chance import chance_level
from workbench.gui.plot.loss_plot import LossPlot

LN2 = 0.6931471805599453  # the loss of guessing between two classes evenly


@pytest.fixture
def shown(qtbot) -> LossPlot:
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.resize(900, 500)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def test_chance_level_is_ln_of_the_class_count_and_none_for_masked_words() -> None:
    assert chance_level("classify", 2) == pytest.approx(LN2)
    assert chance_level("finetune", 4) == pytest.approx(1.3862943611198906)
    assert chance_level("mlm", 30000) is None  # ln(vocabulary) would sit far above any real curve
    assert chance_level("classify", 0) is None and chance_level("classify", 1) is None


def y_range(plot: LossPlot) -> tuple[float, float]:
    (_x0, _x1), (y0, y1) = plot._pi.vb.viewRange()
    return y0, y1


def test_a_flat_loss_at_chance_looks_flat_beside_a_labelled_dashed_line(shown: LossPlot) -> None:
    plot = shown
    plot.chance.set_level(chance_level("classify", 2), 2)
    rng = np.random.default_rng(0)
    losses = LN2 + rng.uniform(-0.01, 0.01, 40)  # the first seconds: nothing learnt yet, a little noise
    for step, loss in enumerate(losses, start=1):
        plot.add_step(step, float(loss), 1e-3)
    plot.redraw_now()
    y0, y1 = y_range(plot)
    assert y0 <= 0.0 < LN2 < y1  # from 0, with the line inside
    # The wobble takes a sliver of the height (before, the range fitted the wobble and it looked like a climb).
    assert (losses.max() - losses.min()) / (y1 - y0) < 0.05
    line = plot.chance.item
    assert line.isVisible() and line.value() == pytest.approx(LN2)
    assert line.pen.style() == Qt.PenStyle.DashLine
    assert plot.chance.text() == "chance level: ln 2 = 0.69"


def test_the_line_follows_a_log_axis_and_can_be_removed(shown: LossPlot) -> None:
    plot = shown
    plot.chance.set_level(chance_level("classify", 3), 3)
    for step in range(1, 30):
        plot.add_step(step, 2.0 / step, 1e-3)
    plot.set_log_y(True)
    plot.redraw_now()
    assert plot.chance.item.value() == pytest.approx(math.log10(1.0986122886681098))
    y0, y1 = y_range(plot)
    assert y0 < math.log10(1.0986122886681098) < y1
    plot.chance.set_level(None)
    assert not plot.chance.item.isVisible() and plot.chance.text() == ""


def test_training_in_the_window_draws_the_chance_level_of_its_data(window, qtbot) -> None:
    from window_driver import make_tiny, start, wait_done

    w = window
    classes = len(w.data_panel.label_names())
    make_tiny(w, steps=4)
    start(qtbot, w)
    wait_done(qtbot, w)
    assert classes >= 2
    assert w.plot.chance.level == pytest.approx(math.log(classes))
    assert w.plot.chance.text().startswith(f"chance level: ln {classes} = ")

"""`workbench bench gui`: the wall-clock steps/s behind wall_ratio."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.bench.gui_qt import wall_steps_per_s


def test_wall_steps_per_s_counts_from_the_end_of_the_first_step_to_the_end_of_the_last() -> None:
    assert wall_steps_per_s([5.0, 5.5, 6.0, 7.0]) == pytest.approx(3 / 2.0)
    assert wall_steps_per_s([5.0]) == 0.0


def test_the_reference_plot_uses_pyqtgraphs_fast_settings(qtbot) -> None:
    from workbench.bench.plot_redraw_qt import reference_plot

    widget, curves = reference_plot(300, 200)
    qtbot.addWidget(widget)
    curves[0].setData(np.arange(5000.0), np.ones(5000), connect="all")
    for curve in curves:
        assert curve.opts["clipToView"] and curve.opts["autoDownsample"] and curve.opts["downsampleMethod"] == "peak"
        assert not curve.opts["antialias"]
    assert widget.width() == 300


@pytest.mark.benchmark
def test_plot_redraws_reports_both_sides_and_their_ratio(qtbot) -> None:
    from workbench.bench.plot_redraw_qt import plot_redraws

    out = plot_redraws(repeats=3, n_points=20_000)
    assert set(out) == {"plot_redraw_ms_1m", "reference_redraw_ms_1m", "plot_redraw_ratio"}
    assert out["plot_redraw_ratio"] == pytest.approx(out["plot_redraw_ms_1m"] / out["reference_redraw_ms_1m"])

"""`workbench bench gui`: the wall-clock steps/s behind wall_ratio, its headless side and the paired ratios."""

from __future__ import annotations

import numpy as np
import pytest

from workbench.bench.gui_qt import _pair_ratios, _train_headless, wall_steps_per_s
from workbench.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig
from workbench.core.data.dataset import Dataset, stratified_split


def test_wall_steps_per_s_counts_from_the_end_of_the_first_step_to_the_end_of_the_last() -> None:
    assert wall_steps_per_s([5.0, 5.5, 6.0, 7.0]) == pytest.approx(3 / 2.0)
    assert wall_steps_per_s([5.0]) == 0.0


def test_ratios_pair_each_window_round_with_its_own_headless_round() -> None:
    in_app = [{"wall": 2.0}, {"wall": 3.0}, {"wall": 1.0}]
    headless = [{"wall": 4.0}, {"wall": 3.0}, {"wall": 0.0}]  # a headless round without a rate is left out
    assert _pair_ratios(in_app, headless, "wall") == [0.5, 1.0]


def test_the_headless_side_trains_the_given_rows_on_a_thread_that_ends(tmp_path, tiny_texts) -> None:
    import threading

    train, val = stratified_split(Dataset(*tiny_texts, source="tiny"), 0.2, seed=0)
    model = ModelConfig(d_model=32, n_heads=2, n_layers=1, d_ff=64, max_len=32, dropout=0.0)
    settings = TrainConfig(batch_size=16, max_steps=6, precision="fp32", device="cpu", threads=1)
    config = RunConfig(DataConfig(vocab_size=200), model, settings, preset=None)
    before = threading.active_count()
    rates = _train_headless(config.to_toml(), (train, val), tmp_path)
    assert rates["tokens_per_s"] > 0 and rates["wall_steps_per_s"] > 0
    assert threading.active_count() == before
    assert len(list(tmp_path.glob("headless-*"))) == 1


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

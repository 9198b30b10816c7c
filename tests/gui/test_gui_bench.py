"""`workbench bench gui` reports the wall-clock ratio beside the in-step one, for the same steps."""

from __future__ import annotations

import pytest

from workbench.bench.gui_qt import run, wall_steps_per_s


def test_wall_steps_per_s_counts_from_the_end_of_the_first_step_to_the_end_of_the_last() -> None:
    assert wall_steps_per_s([5.0, 5.5, 6.0, 7.0]) == pytest.approx(3 / 2.0)
    assert wall_steps_per_s([5.0]) == 0.0


@pytest.mark.slow
def test_the_gui_bench_reports_wall_ratio_beside_ratio(qapp) -> None:
    result = run(preset="tiny", steps=12, rounds=1)
    assert result["every_step_plotted"] and result["steps"] == 12
    assert result["app_wall_steps_per_s"] > 0 and result["headless_wall_steps_per_s"] > 0
    expected = result["app_wall_steps_per_s"] / result["headless_wall_steps_per_s"]
    assert result["wall_ratio"] == pytest.approx(expected, rel=0.02)
    assert result["ratio"] > 0

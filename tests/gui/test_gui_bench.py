"""`workbench bench gui`: the wall-clock steps/s behind wall_ratio."""

from __future__ import annotations

import pytest

from workbench.bench.gui_qt import wall_steps_per_s


def test_wall_steps_per_s_counts_from_the_end_of_the_first_step_to_the_end_of_the_last() -> None:
    assert wall_steps_per_s([5.0, 5.5, 6.0, 7.0]) == pytest.approx(3 / 2.0)
    assert wall_steps_per_s([5.0]) == 0.0

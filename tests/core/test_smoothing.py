"""The loss smoothing (TensorBoard's debiased EMA), vectorised, against a plain Python loop."""

from __future__ import annotations

import numpy as np
import pytest
from loss_curves import assert_close, noisy_losses, reference_ema

from workbench.core.training.smoothing import Ema, ema_debiased

WEIGHTS = [0.0, 0.3, 0.6, 0.9, 0.99, 0.999]


@pytest.mark.parametrize("weight", WEIGHTS)
def test_vectorised_ema_matches_the_python_loop(weight: float) -> None:
    values = noisy_losses(9000, seed=1)
    values[[3, 500, 4000]] = np.nan  # a NaN loss neither breaks nor shifts the average
    expected = reference_ema(values.tolist(), weight)
    assert_close(ema_debiased(values, weight), expected)
    ema = Ema(weight)  # fed in uneven pieces and single values, it continues exactly
    pieces = [ema.extend(values[:1]), ema.extend(values[1:777]), np.array([ema.update(v) for v in values[777:800]])]
    pieces.append(ema.extend(values[800:]))
    assert_close(np.concatenate(pieces), expected)


def test_ema_of_a_million_points_is_fast_and_exact_at_the_end() -> None:
    values = noisy_losses(1_000_000, seed=2)
    smoothed = ema_debiased(values, 0.999)
    tail = reference_ema(values[-20_000:].tolist(), 0.999)[-1]  # 0.999**20000 ~ 2e-9: the head is forgotten
    assert smoothed[-1] == pytest.approx(tail, rel=1e-6)
    assert smoothed[0] == values[0]  # debiased: the first point is the first value, not 0.1 % of it


def test_ema_rejects_impossible_weights() -> None:
    for weight in (-0.1, 1.0, 1.5):
        with pytest.raises(ValueError):
            Ema(weight)

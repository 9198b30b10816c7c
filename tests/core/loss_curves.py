"""Loss curves for tests: noisy falling losses, and TensorBoard's smoothing written the obvious way."""

from __future__ import annotations

import math

import numpy as np


def reference_ema(values: list[float], weight: float) -> list[float]:
    """TensorBoard's smoothing, written the obvious way: non-finite values pass through untouched."""
    last, n, out = 0.0, 0, []
    for x in values:
        if not math.isfinite(x):
            out.append(x)
            continue
        last = last * weight + (1 - weight) * x
        n += 1
        out.append(last / (1 - weight**n))
    return out


def noisy_losses(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return 2.0 * np.exp(-np.arange(n) / (n / 4)) + 0.3 + 0.2 * rng.random(n)


def assert_close(actual: np.ndarray, expected: list[float]) -> None:
    np.testing.assert_allclose(actual, np.asarray(expected), rtol=1e-10, atol=1e-12, equal_nan=True)

"""TensorBoard-style smoothing of a loss curve: a debiased exponential moving average (NumPy only, no Qt).

ema_n = w * ema_{n-1} + (1 - w) * x_n with ema_0 = 0, shown as ema_n / (1 - w**n) so that the first points are not
pulled towards zero. Non-finite values (a NaN loss) are passed through and do not disturb the average, as in
TensorBoard. `Ema.update` is O(1) per point for live training; `Ema.extend` does a whole array without a Python loop
(needed when the smoothing slider moves on a million-point curve).
"""

from __future__ import annotations

import math

import numpy as np

# Inside a block we scale by w**-k; keep that below 1e100 so float64 neither overflows nor loses the small terms.
_LOG_SPAN = math.log(1e100)
_MAX_BLOCK = 4096
_LOG_EPS = math.log(1e-18)  # w**n below this leaves 1 - w**n == 1.0 in float64


def _check_weight(weight: float) -> float:
    weight = float(weight)
    if not 0.0 <= weight < 1.0:
        raise ValueError(f"smoothing weight must be in [0, 1), got {weight}")
    return weight


def _ema_undebiased(x: np.ndarray, w: float, carry: float) -> np.ndarray:
    """s_i = w*s_{i-1} + (1-w)*x_i with s_{-1} = carry, for finite float64 x, in blocks (no per-point loop).

    Within a block of length B starting after carry c: s_k = w**(k+1) * c + (1-w) * w**k * cumsum_j(w**-j * x_j).
    The block length keeps w**-B within float64's comfortable range; only the block carries are chained in Python.
    """
    n = x.size
    if n == 0:
        return np.empty(0)
    log_w = math.log(w)
    block = int(min(_MAX_BLOCK, max(1, math.floor(_LOG_SPAN / -log_w)), n))
    n_blocks = -(-n // block)
    flat = np.zeros(n_blocks * block)
    flat[:n] = x
    padded = flat.reshape(n_blocks, block)
    k = np.arange(block, dtype=np.float64)
    forward = np.exp(k * log_w)  # w**k
    local = np.cumsum(padded * np.exp(-k * log_w), axis=1)
    local *= forward * (1.0 - w)  # local[b, k]: the block's own contribution, as if the carry were 0
    # Chain the carries: c_{b+1} = w**B * c_b + local[b, B-1]. When w**B is below float64 resolution the previous
    # carry cannot matter, so c_{b+1} = local[b, B-1]; otherwise (w near 1, blocks capped) a short loop over blocks.
    w_block = w**block
    carries = np.empty(n_blocks)
    carries[0] = carry
    if w_block < 1e-30:
        carries[1:] = local[:-1, -1]
    else:
        ends = local[:, -1].tolist()
        c = float(carry)
        for b in range(n_blocks):
            carries[b] = c
            c = w_block * c + ends[b]
    local += carries[:, None] * (forward * w)[None, :]
    return local.reshape(-1)[:n]


class Ema:
    """A debiased exponential moving average that can be fed one value at a time or a whole array at once."""

    def __init__(self, weight: float = 0.9) -> None:
        self.weight = _check_weight(weight)
        self.reset()

    def reset(self, weight: float | None = None) -> None:
        """Forget every value; optionally change the smoothing weight (0 = no smoothing, towards 1 = smoother)."""
        if weight is not None:
            self.weight = _check_weight(weight)
        self.last = 0.0  # the undebiased average
        self.count = 0  # finite values seen so far

    def _debias(self, value: float, count: int) -> float:
        return value / -math.expm1(count * math.log(self.weight))

    def update(self, x: float) -> float:
        """Add one value and return the smoothed value at that point (O(1))."""
        x = float(x)
        if not math.isfinite(x):
            return x
        self.count += 1
        if self.weight == 0.0:
            self.last = x
            return x
        self.last = self.weight * self.last + (1.0 - self.weight) * x
        return self._debias(self.last, self.count)

    def extend(self, values: np.ndarray) -> np.ndarray:
        """Add many values at once and return their smoothed values (float64), continuing from the current state."""
        values = np.asarray(values, dtype=np.float64).reshape(-1)
        out = values.copy()
        finite = np.isfinite(values)
        all_finite = bool(finite.all())
        x = values if all_finite else values[finite]
        if x.size == 0:
            return out
        w = self.weight
        if w == 0.0:
            self.last, self.count = float(x[-1]), self.count + x.size
            return out
        raw = _ema_undebiased(x, w, self.last)
        # Debias only where w**n still matters (beyond that, dividing by 1 - w**n is dividing by 1.0 exactly).
        log_w = math.log(w)
        last_needed = min(x.size, max(0, math.ceil(_LOG_EPS / log_w) - self.count))
        counts = np.arange(self.count + 1, self.count + last_needed + 1, dtype=np.float64)
        smoothed = raw.copy()
        smoothed[:last_needed] /= -np.expm1(counts * log_w)
        self.last, self.count = float(raw[-1]), self.count + x.size
        if all_finite:
            return smoothed
        out[finite] = smoothed
        return out


def ema_debiased(values: np.ndarray, weight: float) -> np.ndarray:
    """The debiased EMA of a whole series (TensorBoard's smoothing), vectorised."""
    return Ema(weight).extend(values)

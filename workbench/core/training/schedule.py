"""Learning-rate schedules: linear warm-up, then cosine decay to a floor (as in nanoGPT's get_lr).

Runs with a step horizon follow the step count (lr_at). Time-limited runs follow the share of the budget used
(lr_at_fraction), as in budgeted training (Li et al., 2020): warm-up and decay are fractions of the time, so
the schedule needs no step estimate, a slow start or a busy machine cannot bend it, and it is monotone after
warm-up.
"""

from __future__ import annotations

import math

WARMUP_FRACTION = 0.05  # time-limited runs warm up over 5 % of the budget ...
MAX_WARMUP_STEPS = 200  # ... or 200 steps, whichever comes first (the step rule of default_warmup)


def lr_at(step: int, *, max_lr: float, warmup: int, total: int, min_ratio: float = 0.1) -> float:
    """Learning rate for optimiser step `step` (0-based). A pure function, so a resumed run continues exactly."""
    min_lr = max_lr * min_ratio
    if warmup > 0 and step < warmup:
        return max_lr * (step + 1) / (warmup + 1)
    if step >= total:
        return min_lr
    progress = (step - warmup) / max(1, total - warmup)
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * progress)) * (max_lr - min_lr)


def lr_at_fraction(
    fraction: float, step: int, *, max_lr: float, min_ratio: float = 0.1, warmup_steps: int | None = None
) -> float:
    """Learning rate when `fraction` (0..1) of the budget is used, before optimiser step `step` (0-based).

    Warm-up ends at WARMUP_FRACTION of the budget or after MAX_WARMUP_STEPS steps, whichever is first (with
    warmup_steps given: after exactly that many steps); the cosine decay runs from WARMUP_FRACTION to the end of
    the budget. Both are pure functions of saved numbers, so a resumed run continues exactly."""
    f = min(max(fraction, 0.0), 1.0)
    if warmup_steps is not None:
        warm = 1.0 if warmup_steps <= 0 else min(1.0, (step + 1) / (warmup_steps + 1))
    else:
        warm = min(1.0, max(f / WARMUP_FRACTION, (step + 1) / (MAX_WARMUP_STEPS + 1)))
    min_lr = max_lr * min_ratio
    u = max(0.0, f - WARMUP_FRACTION) / (1.0 - WARMUP_FRACTION)
    return warm * (min_lr + 0.5 * (1.0 + math.cos(math.pi * u)) * (max_lr - min_lr))


def default_warmup(total: int) -> int:
    """5 % of the run, at most 200 steps."""
    return min(200, max(1, total // 20))

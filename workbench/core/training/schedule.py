"""Learning-rate schedule: linear warm-up, then cosine decay to a floor (as in nanoGPT's get_lr)."""

from __future__ import annotations

import math


def lr_at(step: int, *, max_lr: float, warmup: int, total: int, min_ratio: float = 0.1) -> float:
    """Learning rate for optimiser step `step` (0-based). A pure function, so a resumed run continues exactly."""
    min_lr = max_lr * min_ratio
    if warmup > 0 and step < warmup:
        return max_lr * (step + 1) / (warmup + 1)
    if step >= total:
        return min_lr
    progress = (step - warmup) / max(1, total - warmup)
    return min_lr + 0.5 * (1.0 + math.cos(math.pi * progress)) * (max_lr - min_lr)


def default_warmup(total: int) -> int:
    """5 % of the run, at most 200 steps."""
    return min(200, max(1, total // 20))

"""Where a run stands (step, epoch, time, best metric) and the step budget it plans; saved for an exact resume."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from workbench.core.config import TrainConfig
from workbench.core.training.schedule import default_warmup, lr_at

DEFAULT_EPOCHS = 10  # when no epochs, step or time limit is given
EVALS_PER_RUN = 10
PROVISIONAL_WARMUP = 100  # time-only runs, while the step budget is not known yet


def planned_steps(t: TrainConfig, n_train: int) -> int | None:
    """Steps from epochs and max_steps (whichever ends first); None when only a time limit is set. n_train: the
    rows one process reads in an epoch (all of them without torchrun)."""
    per_epoch = math.ceil(n_train / (t.batch_size * t.accumulate))
    epochs = t.epochs if t.epochs is not None else (None if (t.max_steps or t.max_time) else DEFAULT_EPOCHS)
    candidates = [c for c in (t.max_steps, math.ceil(epochs * per_epoch) if epochs else None) if c]
    return min(candidates) if candidates else None


@dataclass
class Progress:
    """Everything the loop needs to continue exactly where it stopped (trainer_state.json)."""

    step: int = 0
    epoch: int = 0
    batch_in_epoch: int = 0
    total_steps: int | None = None  # None while a time-only run is still timing its first steps
    warmup_steps: int = 0
    eval_every: int | None = None
    elapsed_s: float = 0.0  # training wall time, pauses excluded, evaluation included
    train_time_s: float = 0.0  # optimiser steps only (for tokens/s)
    train_tokens: int = 0
    best_metric: float | None = None
    evals_since_best: int = 0
    horizon: str = "epochs"  # which limit set total_steps: epochs, max_steps or max_time
    recent_losses: list[float] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_json(cls, raw: dict[str, Any], where: str = "trainer_state.json") -> Progress:
        """The saved progress; RunError (naming `where`) when a value has the wrong type."""
        from workbench.core.runs.readers import check_types

        progress = cls(**{k: v for k, v in raw.items() if k in cls.__dataclass_fields__})
        check_types(progress, where)
        return progress

    def plan(self, t: TrainConfig, n_train: int) -> None:
        """Fix the horizon at the start of a run (a time-only run fixes it later, in fix_time_budget)."""
        self.total_steps = planned_steps(t, n_train)
        if self.total_steps is None:
            self.horizon = "max_time"
            return
        self.horizon = "max_steps" if t.max_steps and self.total_steps == t.max_steps else "epochs"
        self.warmup_steps = t.warmup_steps if t.warmup_steps is not None else default_warmup(self.total_steps)
        self.eval_every = t.eval_every or max(1, self.total_steps // EVALS_PER_RUN)

    def fix_time_budget(self, t: TrainConfig, step_s: float, eval_s: float) -> None:
        """After timing a few steps, turn the time limit into a step budget (evaluations included)."""
        assert t.max_time is not None
        budget = t.max_time - self.elapsed_s - eval_s * (EVALS_PER_RUN + 1)
        self.total_steps = self.step + max(1, int(budget / step_s))
        warmup = t.warmup_steps if t.warmup_steps is not None else default_warmup(self.total_steps)
        self.warmup_steps = max(self.step, warmup)  # never jump back into warm-up
        self.eval_every = t.eval_every or max(1, self.total_steps // EVALS_PER_RUN)

    def replan_time_budget(self, t: TrainConfig, step_s: float, eval_s: float) -> None:
        """Re-estimate the step budget from the latest step time; move it only when it is off by over 10 %,
        so the learning-rate schedule changes rarely and little."""
        assert t.max_time is not None and self.total_steps is not None and self.eval_every
        evals_left = max(1, (self.total_steps - self.step) // self.eval_every + 1)
        remaining = t.max_time - self.elapsed_s - eval_s * evals_left
        estimate = self.step + max(1, int(remaining / max(step_s, 1e-9)))
        if abs(estimate - self.total_steps) > 0.1 * self.total_steps:
            self.total_steps = max(self.step + 1, estimate)

    def lr(self, t: TrainConfig) -> float:
        if self.total_steps is None:
            return lr_at(self.step, max_lr=t.lr, warmup=PROVISIONAL_WARMUP, total=10**9, min_ratio=t.min_lr_ratio)
        return lr_at(self.step, max_lr=t.lr, warmup=self.warmup_steps, total=self.total_steps, min_ratio=t.min_lr_ratio)

    def estimated_total(self, t: TrainConfig) -> int:
        """A rough total for progress bars while a time-only run is still timing its first steps."""
        if self.step == 0 or not t.max_time:
            return 0
        return max(self.step, int(t.max_time / (self.elapsed_s / self.step)))

"""Where a run stands (step, epoch, time, best evaluation), its horizon and schedule; saved for an exact resume.

Time is training time: the wall clock while the run trains, evaluates and saves, pauses excluded (a paused run
is not spending its budget) and the set-up before the first step excluded (loading data, building the model).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from workbench.core.config import TrainConfig
from workbench.core.training.schedule import default_warmup, lr_at, lr_at_fraction

DEFAULT_EPOCHS = 10  # when no epochs, step or time limit is given
EVALS_PER_RUN = 10
MIN_EVAL_GAP_STEPS = 20  # step-horizon runs: evaluate every epoch, but not more often than this
EVAL_SHARE = 0.15  # time-limited runs: evaluations (and their checkpoints) take at most this share of the time
END_SHARE = 0.1  # time-limited runs: at most this share of the time is kept back for the final evaluation


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
    total_steps: int | None = None  # the step horizon (epochs or max_steps); None for a time-only run
    warmup_steps: int = 0  # step schedule only
    eval_every: int | None = None  # steps between evaluations (time-limited runs also evaluate by time)
    elapsed_s: float = 0.0  # training time: wall time while training, evaluating and saving; pauses excluded
    train_time_s: float = 0.0  # optimiser steps only (for tokens/s)
    train_tokens: int = 0
    best_metric: float | None = None
    best_step: int | None = None
    evals_since_best: int = 0
    evals: int = 0
    eval_time_s: float = 0.0  # evaluations and their checkpoints
    eval_costs: list[float] = field(default_factory=list)  # seconds, of the latest few evaluations
    last_eval_elapsed_s: float = 0.0
    horizon: str = "epochs"  # which limit ends the run first by plan: epochs, max_steps or max_time
    # "time": the learning rate follows the share of the budget used (runs with a time limit); "steps": it
    # follows the step count (and trainer_state.json files written before time schedules existed).
    schedule: str = "steps"
    memorising_since: int | None = None  # step of the first evaluation that found the run memorising
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
        """Fix the horizon, schedule and evaluation interval at the start of a run."""
        per_epoch = max(1, math.ceil(n_train / (t.batch_size * t.accumulate)))
        self.total_steps = planned_steps(t, n_train)
        if t.max_time is not None:
            self.schedule = "time"
        if self.total_steps is None:
            self.horizon = "max_time"
        else:
            self.horizon = "max_steps" if t.max_steps and self.total_steps == t.max_steps else "epochs"
            self.warmup_steps = t.warmup_steps if t.warmup_steps is not None else default_warmup(self.total_steps)
        if t.eval_every:
            self.eval_every = t.eval_every
            return
        # At least every epoch, so a small data set is watched from its first passes; a step-horizon run keeps
        # MIN_EVAL_GAP_STEPS between evaluations (a fixed, repeatable plan), a time-limited one a share of time.
        gap = per_epoch if self.schedule == "time" else per_epoch * math.ceil(MIN_EVAL_GAP_STEPS / per_epoch)
        if self.total_steps is not None:
            gap = min(gap, max(1, self.total_steps // EVALS_PER_RUN))
        self.eval_every = gap

    def fraction(self, t: TrainConfig) -> float:
        """The share of the budget used: time, or steps, whichever is further along."""
        parts = [self.step / self.total_steps] if self.total_steps else []
        if t.max_time:
            parts.append(self.elapsed_s / t.max_time)
        return min(1.0, max(parts, default=0.0))

    def lr(self, t: TrainConfig) -> float:
        if self.schedule == "time":
            return lr_at_fraction(
                self.fraction(t), self.step, max_lr=t.lr, min_ratio=t.min_lr_ratio, warmup_steps=t.warmup_steps
            )
        total = self.total_steps or 10**9
        return lr_at(self.step, max_lr=t.lr, warmup=self.warmup_steps, total=total, min_ratio=t.min_lr_ratio)

    def time_is_up(self, t: TrainConfig) -> bool:
        """Whether to stop training now. The time the run still needs to end (a final evaluation, and for a
        classifier the scores of evaluation.json: about two evaluations, by the quickest recent one) is kept
        back, at most END_SHARE of the budget, so that the run is done, evaluated and saved at its limit."""
        if t.max_time is None:
            return False
        passes = 2 if t.task == "classify" else 1
        reserve = min(END_SHARE * t.max_time, passes * min(self.eval_costs[-3:], default=0.0))
        return self.elapsed_s + reserve >= t.max_time

    def eval_due(self, t: TrainConfig, *, epoch_ended: bool) -> bool:
        """Whether to evaluate after this step: every eval_every steps, and for a time-limited run also at the end
        of an epoch and every tenth of the time. An automatic evaluation of a time-limited run waits until the
        training since the last one is long enough for it to cost at most EVAL_SHARE of the time (judged by the
        quickest of the latest three, so one slow evaluation on a busy machine does not thin out the rest)."""
        if self.eval_every and self.step % self.eval_every == 0:
            due = True
        elif self.schedule == "time" and not t.eval_every and t.max_time:
            due = epoch_ended or self.elapsed_s - self.last_eval_elapsed_s >= t.max_time / EVALS_PER_RUN
        else:
            return False
        if not due or t.eval_every or self.schedule != "time" or not self.eval_costs:
            return due
        expected = min(self.eval_costs[-3:])
        return (self.elapsed_s - self.last_eval_elapsed_s) * EVAL_SHARE >= expected * (1 - EVAL_SHARE)

    def estimated_total(self, t: TrainConfig) -> int:
        """Steps the run will likely take, for progress bars and ETA (a time-limited run only estimates it)."""
        if self.schedule != "time":
            return self.total_steps or 0
        f = self.fraction(t)
        if self.step == 0 or f <= 0:
            return self.total_steps or 0
        guess = max(self.step, round(self.step / f))
        return min(guess, self.total_steps) if self.total_steps else guess

"""The small typed events the training engine yields; the CLI, the GUI worker and benchmarks consume them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class StepEvent:
    """One optimiser step finished. tokens_per_s counts non-padding tokens, evaluation excluded."""

    step: int
    epoch: float
    loss: float
    lr: float
    tokens_per_s: float
    total_steps: int  # the planned horizon (an estimate while a time-only run is warming up)
    elapsed_s: float


@dataclass(frozen=True)
class EvalEvent:
    """Validation metrics at a step: val_loss, val_accuracy, val_macro_f1 (or masked-token accuracy)."""

    step: int
    metrics: dict[str, float]
    is_best: bool = False
    best_step: int | None = None  # the step of the best evaluation so far (this one when is_best)
    memorising: bool = False  # training loss near zero while validation loss rises
    train_loss: float | None = None  # the mean training loss of the latest steps
    best_val_loss: float | None = None


@dataclass(frozen=True)
class CheckpointEvent:
    step: int
    path: str
    best: bool = False


@dataclass(frozen=True)
class DoneEvent:
    """The run ended; reason is one of: finished, time_limit, stopped, early_stopping."""

    step: int
    reason: str
    final_metrics: dict[str, float] = field(default_factory=dict)  # of the weights the run ends on (its best)
    best_step: int | None = None  # the step those weights come from


@dataclass(frozen=True)
class ErrorEvent:
    """The run stopped on a problem. message is for people; details holds the full report."""

    step: int
    message: str
    details: str = ""
    kind: str = "error"  # error, nan_loss, out_of_memory


Event = StepEvent | EvalEvent | CheckpointEvent | DoneEvent | ErrorEvent

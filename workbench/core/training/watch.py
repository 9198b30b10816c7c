"""Signs that a run has stopped learning what generalises: memorising the training rows."""

from __future__ import annotations

from workbench.core.training.events import EvalEvent

MEMORISING_TRAIN_LOSS = 0.05  # "near zero": the mean loss of the latest steps
MEMORISING_RISE = 1.05  # validation loss at least 5 % above its best


def is_memorising(
    recent_losses: list[float], val_loss: float, best_val_loss: float | None, evals_since_best: int
) -> bool:
    """Training loss near zero while validation loss rises: the model is learning the training rows by heart."""
    if not recent_losses or best_val_loss is None or evals_since_best < 1:
        return False
    tail = recent_losses[-20:]
    return sum(tail) / len(tail) < MEMORISING_TRAIN_LOSS and val_loss > best_val_loss * MEMORISING_RISE


def memorising_message(event: EvalEvent) -> str:
    """One plain sentence for the CLI and the app's status, from an evaluation that found the run memorising."""
    where = f" at step {event.best_step:,}" if event.best_step is not None else ""
    return (
        f"Memorising the training rows: training loss {event.train_loss or 0.0:.3g} is near zero while the "
        f"validation loss rose to {event.metrics['val_loss']:.3f} from its best, {event.best_val_loss or 0.0:.3f}"
        f"{where}. The run keeps its best weights."
    )

"""Signs that a run has stopped learning what generalises: memorising the training rows."""

from __future__ import annotations

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


def memorising_message(train_loss: float, val_loss: float, best_val_loss: float, best_step: int | None) -> str:
    """One plain sentence for the CLI and the app's status."""
    where = f" (step {best_step})" if best_step is not None else ""
    return (
        f"Memorising: training loss {train_loss:.3g} is near zero while validation loss rose to {val_loss:.3f} "
        f"from its best {best_val_loss:.3f}{where}; the run keeps its best weights."
    )

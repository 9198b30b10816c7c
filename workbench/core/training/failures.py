"""What a failed training step means for the person: one message, a kind, and the full report."""

from __future__ import annotations

import traceback

import torch

from workbench.core.errors import WorkbenchError
from workbench.core.training.device import is_out_of_memory
from workbench.core.training.events import ErrorEvent


def nan_loss_event(loss: float, step: int, last_checkpoint: int | None) -> ErrorEvent:
    """`step` is the number of steps done; the loss of the next one was not finite (weights are untouched)."""
    kept = f"the checkpoint from step {last_checkpoint} is kept" if last_checkpoint else "no checkpoint was saved yet"
    message = (
        f"The loss became {loss} at step {step + 1}, so training stopped; {kept}. "
        "Try a lower learning rate (for example half of it) or fp32 precision."
    )
    return ErrorEvent(step, message, kind="nan_loss")


def failure_event(err: BaseException, step: int, device_name: str | None) -> ErrorEvent:
    """Out of memory, a problem with the input, or anything unexpected, as a readable ErrorEvent."""
    details = "".join(traceback.format_exception(err))
    if is_out_of_memory(err):
        message = (
            f"The {device_name or 'device'} ran out of memory at step {step + 1}. "
            "Use a smaller batch size, a shorter maximum length or a smaller model."
        )
        if torch.cuda.is_available():
            torch.cuda.empty_cache()
        return ErrorEvent(step, message, details, kind="out_of_memory")
    if isinstance(err, WorkbenchError):
        return ErrorEvent(step, str(err), details, kind="input")
    message = f"Training stopped on an unexpected error: {type(err).__name__}: {err}"
    return ErrorEvent(step, message, details, kind="error")

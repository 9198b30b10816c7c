"""What a failed training step means for the person: one message, a kind, and the full report."""

from __future__ import annotations

import errno
import traceback
from pathlib import Path

import torch

from workbench.core.errors import WorkbenchError
from workbench.core.runs.files import DiskFullError, disk_full_message
from workbench.core.runs.folder import NonFiniteError
from workbench.core.training.device import is_out_of_memory
from workbench.core.training.events import ErrorEvent


def nan_loss_event(loss: float, step: int, last_checkpoint: int | None) -> ErrorEvent:
    """`step` is the number of steps done; the loss of the next one was not finite (weights are untouched)."""
    kept = (
        f"the checkpoint from step {last_checkpoint} is kept"
        if last_checkpoint is not None
        else "no checkpoint was saved yet"
    )
    message = (
        f"The loss became {loss} at step {step + 1}, so training stopped; {kept}. "
        "Try a lower learning rate (for example half of it) or fp32 precision."
    )
    return ErrorEvent(step, message, kind="nan_loss")


def failure_event(
    err: BaseException, step: int, device_name: str | None, *, kept_step: int | None = None
) -> ErrorEvent:
    """Out of memory, a full disk, non-finite weights, a problem with the input, or anything unexpected, as a
    readable ErrorEvent. `kept_step` is the step of the checkpoint still current in the run folder."""
    details = "".join(traceback.format_exception(err))
    if isinstance(err, NonFiniteError):
        return ErrorEvent(step, str(err), details, kind="nan_loss")
    if isinstance(err, OSError) and err.errno in (errno.ENOSPC, errno.EDQUOT):
        err = DiskFullError(disk_full_message(Path(err.filename).parent if err.filename else Path.cwd()))
    if isinstance(err, DiskFullError):
        kept = f"the checkpoint from step {kept_step} is kept" if kept_step is not None else "no checkpoint was saved"
        return ErrorEvent(step, f"{str(err).rstrip('.')}; {kept}.", details, kind="disk_full")
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

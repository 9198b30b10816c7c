"""How a run ends, as its folder and the CLI see it: a failure recorded in run.json, a run interrupted by Ctrl-C
marked stopped (never left "running"), non-finite weights refused before they reach a file, and the --json
summary, and the settings a resumed run keeps."""

from __future__ import annotations

import contextlib
import json
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.core.runs.folder import NonFiniteError, RunFolder
from workbench.core.runs.training_state import first_non_finite
from workbench.core.training.events import ErrorEvent
from workbench.core.training.failures import failure_event, nan_loss_event

if TYPE_CHECKING:
    import torch

    from workbench.core.config import RunConfig
    from workbench.core.training.engine import Trainer


def check_finite(model: torch.nn.Module, step: int, run: RunFolder) -> None:
    """NonFiniteError naming the kept checkpoint when any weight is NaN or infinite."""
    bad = first_non_finite(dict(model.state_dict()))
    if bad is not None:
        raise NonFiniteError(step, bad, run.checkpoint_step())


def nan_error(run: RunFolder, loss: float, step: int) -> ErrorEvent:
    event = nan_loss_event(loss, step, run.checkpoint_step())
    run.update_info(status="failed", error=event.message)
    return event


def failed(run: RunFolder | None, err: BaseException, step: int, device_name: str | None) -> ErrorEvent:
    kept = run.checkpoint_step() if run is not None else None
    event = failure_event(err, step, device_name, kept_step=kept)
    if run is not None:
        with contextlib.suppress(OSError):  # the report matters more than the status line
            run.update_info(status="failed", error=event.message)
    return event


def mark_interrupted(run: RunFolder | None, *, preparing: bool = False) -> None:
    """Ctrl-C (or a closed generator): a folder this process writes says "stopped", with its checkpoint's step."""
    if run is None or run._writer is None:
        return
    with contextlib.suppress(Exception):  # a second interruption or a full disk: the lock still goes
        if preparing or run.info().get("status") == "running":
            run.update_info(status="stopped", end_reason="interrupted", steps=run.checkpoint_step() or 0)


def resume_config(saved: RunConfig, given: RunConfig | None) -> RunConfig:
    """The saved settings of a run to resume; a caller may extend the horizon, everything else stays as saved."""
    if given is not None:
        saved.train.max_steps = given.train.max_steps or saved.train.max_steps
        saved.train.epochs = given.train.epochs or saved.train.epochs
        saved.train.max_time = given.train.max_time or saved.train.max_time
    saved.validate()
    return saved


def summary(trainer: Trainer) -> dict[str, Any]:
    """The numbers the CLI prints with --json."""
    p, metrics, device = trainer.progress, trainer.last_metrics, trainer.device
    return {
        "run_dir": str(trainer.run.path) if trainer.run else None,
        "steps": p.step,
        "train_loss": float(np.mean(p.recent_losses)) if p.recent_losses else None,
        "val_loss": metrics.get("val_loss"),
        "val_accuracy": metrics.get("val_accuracy"),
        "val_macro_f1": metrics.get("val_macro_f1"),
        "masked_accuracy": metrics.get("masked_accuracy"),
        "best_step": p.best_step,  # the step of the weights the run ends on (and its readers use by default)
        "weights": "best" if p.best_step is not None else "last",
        "end_reason": trainer.run.info().get("end_reason") if trainer.run else None,
        "early_stopping_patience": trainer.config.train.early_stopping_patience if trainer.config else None,
        "memorising": p.memorising_since is not None,
        "elapsed_s": round(p.elapsed_s, 2),
        "tokens_per_s": p.train_tokens / p.train_time_s if p.train_time_s else None,
        "device": device.name if device else None,
        "precision": device.precision if device else None,
        "skipped_rows": len(trainer.train_data.skipped) if trainer.train_data is not None else 0,
    }


def write_evaluation(trainer: Trainer) -> None:
    """evaluation.json: per-class scores and the confusion matrix of the weights the run ends on (its best) on the
    validation data, with their step (a later checkpoint, e.g. a run closed mid-way, makes it stale)."""
    from workbench.core.evaluation.evaluate import evaluate
    from workbench.core.inspection.inspector import LoadedRun
    from workbench.core.runs.folder import EVALUATION_FILE, atomic_write_text

    run, p = trainer.run, trainer.progress
    assert run is not None and trainer.config is not None and trainer.val_data is not None  # prepared
    assert trainer.model is not None and trainer.tokenizer is not None
    loaded = LoadedRun(run.path, trainer.config, trainer.model, trainer.tokenizer, trainer.labels)
    step = p.best_step if p.best_step is not None and run.has_best() else p.step
    result = evaluate(loaded, trainer.val_data, progress=lambda done, total: trainer._stage("evaluation", done, total))
    atomic_write_text(run.path / EVALUATION_FILE, json.dumps({**result.to_json(), "step": step}, indent=2))

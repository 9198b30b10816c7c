"""The summary of a run that the CLI prints with --json."""

from __future__ import annotations

from typing import Any

import numpy as np


def run_summary(trainer: Any) -> dict[str, Any]:
    """Steps, losses and scores of the weights the run ends on (its best), and where they come from."""
    p, t = trainer.progress, trainer.config.train if trainer.config else None
    metrics = trainer.last_metrics
    train_loss = float(np.mean(p.recent_losses)) if p.recent_losses else None
    return {
        "run_dir": str(trainer.run.path) if trainer.run else None,
        "steps": p.step,
        "train_loss": train_loss,
        "val_loss": metrics.get("val_loss"),
        "val_accuracy": metrics.get("val_accuracy"),
        "val_macro_f1": metrics.get("val_macro_f1"),
        "masked_accuracy": metrics.get("masked_accuracy"),
        "best_step": p.best_step,
        "weights": "best" if p.best_step is not None else "last",
        "end_reason": trainer.run.info().get("end_reason") if trainer.run else None,
        "early_stopping_patience": t.early_stopping_patience if t else None,
        "memorising": p.memorising_since is not None,
        "elapsed_s": round(p.elapsed_s, 2),
        "tokens_per_s": p.train_tokens / p.train_time_s if p.train_time_s else None,
        "device": trainer.device.name if trainer.device else None,
        "precision": trainer.device.precision if trainer.device else None,
        "skipped_rows": len(trainer.train_data.skipped) if trainer.train_data is not None else 0,
    }

"""The loss plot's numbers in and out: parsing metrics.jsonl records, and writing the curves as a CSV table.

Plain Python and NumPy (no widgets), so the plot stays about drawing.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

ACCURACY_KEYS = ("val_accuracy", "masked_accuracy")

Evals = list[tuple[int, dict[str, float]]]  # (step, {metric: value}) in step order


def parse_records(records: Iterable[Mapping[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, Evals]:
    """metrics.jsonl records -> (steps, losses, lrs, [(step, {metric: value})]); unknown record types are skipped."""
    steps: list[int] = []
    losses: list[float] = []
    lrs: list[float] = []
    evals: Evals = []
    for rec in records:
        kind, step = rec.get("type"), rec.get("step")
        if step is None:
            continue
        if kind == "step":
            steps.append(int(step))
            losses.append(to_float(rec.get("loss")))
            lrs.append(to_float(rec.get("lr")))
        elif kind == "eval":
            evals.append((int(step), metrics_of(rec)))
    return np.asarray(steps, dtype=np.int64), np.asarray(losses, dtype=np.float64), np.asarray(lrs), evals


def to_float(value: Any) -> float:
    """A number, or NaN for anything that is not one (a missing or garbled value must not break the plot)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


def metrics_of(rec: Mapping[str, Any]) -> dict[str, float]:
    """The numeric fields of an evaluation record."""
    return {
        k: float(v)
        for k, v in rec.items()
        if k not in ("type", "step") and isinstance(v, (int, float)) and not isinstance(v, bool)
    }


def accuracy(metrics: Mapping[str, float]) -> float:
    """Classification accuracy, or masked-token accuracy for pre-training; NaN when neither is there."""
    for key in ACCURACY_KEYS:
        if key in metrics:
            return metrics[key]
    return math.nan


def fmt(value: float, digits: int = 4) -> str:
    """A value for the read-out: 4 significant digits, '–' when not a number."""
    return "–" if not math.isfinite(value) else f"{value:.{digits}g}"


def write_csv(path: Path, steps: np.ndarray, columns: dict[str, np.ndarray], evals: Evals) -> Path:
    """One row per training step (step, loss, smoothed, lr) with every validation metric filled on evaluation
    steps; an evaluation without a training step gets a row of its own."""
    keys: list[str] = []
    for _step, metrics in evals:
        keys += [k for k in metrics if k not in keys]
    keys.sort(key=lambda k: (k != "val_loss", k not in ACCURACY_KEYS, k))
    step_list = [int(s) for s in steps.tolist()]
    names = ("loss", "smoothed", "lr")
    train = dict(zip(step_list, zip(*(columns[c].tolist() for c in names), strict=True), strict=True))
    by_step = dict(evals)
    all_steps = sorted(set(step_list) | set(by_step)) if by_step else step_list
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["step", *names, *keys])
        writer.writerows(
            [step, *train.get(step, ("", "", "")), *(by_step.get(step, {}).get(k, "") for k in keys)]
            for step in all_steps
        )
    return path

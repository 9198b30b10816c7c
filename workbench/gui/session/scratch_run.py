"""The from-scratch twin of a fine-tuning run: the same classification (data, model size, tokenizer kind and
vocabulary size, settings, steps and seed) without the pre-trained start, so that the two curves side by side show
what pre-training was worth. Plain functions over run folders; no widgets, no torch."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from workbench.core.config import RunConfig
from workbench.core.errors import ConfigError
from workbench.core.runs.readers import missing_for_weights, read_run_config, run_info_or_empty

FINE_TUNED_NAME = QT_TRANSLATE_NOOP("ScratchRun", "fine-tuned (pre-trained start)")
# first, so a name shortened in the middle still says it
SCRATCH_PREFIX = QT_TRANSLATE_NOOP("ScratchRun", "from scratch: ")


def run_info(path: str | Path) -> dict[str, Any]:
    """run.json, or {} when it cannot be read."""
    return run_info_or_empty(Path(path))


def pretrained_problem(path: str | None) -> str | None:
    """Why fine-tuning cannot start from this run folder, in plain words; None when it can."""
    if not path:
        return QCoreApplication.translate(
            "ScratchRun",
            "Choose the pre-trained run to start from. There is none yet? Choose Pre-train, press Start training, "
            "and fine-tune the result.",
        )
    folder = Path(path)
    if not folder.is_dir():
        return QCoreApplication.translate(
            "ScratchRun", "The pre-trained run {name} no longer exists; choose another one or pre-train again."
        ).format(name=folder.name)
    missing = missing_for_weights(folder)
    if missing:
        return QCoreApplication.translate(
            "ScratchRun", "The pre-trained run {name} has no {missing}; choose another run or pre-train again."
        ).format(name=folder.name, missing=missing)
    return None


def scratch_config(path: str | Path) -> RunConfig:
    """The config of the from-scratch twin of the fine-tuning run in `path`. Raises ConfigError (plain words)."""
    cfg = read_run_config(Path(path))
    if not cfg.train.init_from:
        raise ConfigError(
            QCoreApplication.translate(
                "ScratchRun", "{name} did not start from a pre-trained run, so it has no twin from scratch."
            ).format(name=Path(path).name)
        )
    twin = copy.deepcopy(cfg)
    twin.train.init_from = None
    twin.train.freeze_steps = 0
    twin.train.encoder_lr_scale = 1.0
    twin.model.n_classes = 0  # set from the data again
    steps = int(run_info(path).get("steps") or 0)
    if steps > 0:  # the same number of steps, even when the fine-tuning was stopped or ran out of time
        twin.train.max_steps = steps
        twin.train.max_time = None
    twin.validate()
    return twin


def comparison_text(finetuned: str | Path, scratch: str | Path) -> str:
    """'Fine-tuned: accuracy 91.0 %, from scratch: 84.0 %' from the two runs' final metrics ('' if unknown)."""

    def accuracy(path: str | Path) -> float | None:
        value = (run_info(path).get("final_metrics") or {}).get("val_accuracy")
        return float(value) if isinstance(value, (int, float)) else None

    a, b = accuracy(finetuned), accuracy(scratch)
    if a is None or b is None:
        return ""
    diff = (a - b) * 100
    verdict = (
        QCoreApplication.translate("ScratchRun", "pre-training gained {diff:.1f} points").format(diff=diff)
        if diff > 0
        else QCoreApplication.translate("ScratchRun", "pre-training gained nothing ({diff:+.1f})").format(diff=diff)
    )
    return QCoreApplication.translate(
        "ScratchRun", "Validation accuracy fine-tuned {a:.1%}, from scratch {b:.1%}: {verdict}."
    ).format(a=a, b=b, verdict=verdict)

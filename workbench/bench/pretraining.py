"""Benchmark of pre-training: masked-LM accuracy on a book, and pre-trained against from-scratch fine-tuning.

    workbench bench pretraining --text BOOK.txt --data LABELLED.csv [--steps N | --seconds S] [--json]
    python -m workbench.bench.pretraining --text BOOK.txt --data LABELLED.csv [--seeds 0,1,2] [--labels 300] ...

book: pre-train the tiny preset on a plain-text book (a book's short lines become passages, as in `workbench
pretrain`) for a step or time budget; report the held-out masked-token accuracy, what always guessing the most
frequent token scores on the same masks (unigram), and the gap in points. Target: gap >= 10 points.

finetune: hold out a fixed stratified test part of a labelled file; pre-train on the text of the rest (labels
ignored), then fine-tune on a stratified sample of `labels` of its labels, once from the pre-trained run and once
from scratch with the same steps, per seed (the seed draws the sample and the initialisation). Both final models
(not the best checkpoints, which would be chosen on the test part) are scored on the test part. Target: the mean
gap over the seeds >= 3 points with no seed worse.

The step budget is the reproducible one on a shared machine; BOOK_STEPS and FINETUNE_PRETRAIN_STEPS are what
5 minutes of tiny give on the 2-core development CPU (a book's full passages, a labelled set's short rows). --steps
sets both. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from workbench.bench.script import print_result
from workbench.core.config import (
    POOLING_KINDS,
    POSITIONAL_KINDS,
    PRECISIONS,
    DataConfig,
    Precision,
    RunConfig,
    Task,
    TrainConfig,
)
from workbench.core.config import preset as preset_config
from workbench.core.data.dataset import Dataset, stratified_split
from workbench.core.errors import DataError, WorkbenchError

TARGETS = {"book_gap_points_min": 10.0, "finetune_mean_gap_points_min": 3.0, "finetune_worst_seed_gap_min": 0.0}
# Step budgets rather than seconds, so results do not depend on the machine's load: each is about 5 minutes of
# the tiny preset on the development CPU, on a book and on a labelled set's short rows (README: bench pretraining).
BOOK_STEPS = 1750
FINETUNE_PRETRAIN_STEPS = 5000
LABELS = 300
TEST_FRACTION = 0.2
SEEDS = (0, 1, 2)


def book_mlm(
    path: str | Path,
    *,
    preset: str = "tiny",
    steps: int | None = BOOK_STEPS,
    seconds: float | None = None,
    seed: int = 0,
    device: str = "cpu",
    threads: int | None = None,
    out: Path | None = None,
    log: Any = None,
    overrides: Overrides | None = None,
) -> dict[str, Any]:
    """Masked-LM pre-training on a plain-text file, as `workbench pretrain PATH --preset P` does it."""
    config = _config(
        preset, "mlm", steps=steps, seconds=seconds, seed=seed, device=device, threads=threads, overrides=overrides
    )
    config.data.source = str(path)
    _log(log, f"book: pre-training {preset} on {path} ({_budget(steps, seconds)})...")
    with _run_root(out) as root:
        run = _train(config, None, None, root / "book_mlm", log)
    if "error" in run:
        return run
    metrics = run.pop("metrics")
    masked, unigram = metrics["masked_accuracy"], metrics["unigram_accuracy"]
    run.update(
        budget="seconds" if seconds else "steps",
        mlm_loss=round(metrics["val_loss"], 4),
        masked_accuracy=round(masked, 4),
        unigram_accuracy=round(unigram, 4),
        gap_points=round(100 * (masked - unigram), 2),
    )
    return run


def finetune_comparison(
    path: str | Path,
    *,
    preset: str = "tiny",
    pretrain_steps: int | None = FINETUNE_PRETRAIN_STEPS,
    pretrain_seconds: float | None = None,
    seeds: Sequence[int] = SEEDS,
    labels: int = LABELS,
    finetune_steps: int | None = None,
    freeze_steps: int = 0,
    encoder_lr_scale: float = 1.0,
    test_fraction: float = TEST_FRACTION,
    device: str = "cpu",
    threads: int | None = None,
    out: Path | None = None,
    log: Any = None,
    overrides: Overrides | None = None,
    pretrained_run: Path | None = None,
) -> dict[str, Any]:
    """Pre-train on the text of a labelled file (test part excluded), then fine-tune on `labels` of its labels
    from the pre-trained run and from scratch, with the same steps, for each seed."""
    from workbench.core.data import read_file

    data = read_file(path)
    data.require_classes()
    pool, test = stratified_split(data, test_fraction, seed=0)
    if len(pool) < labels:
        raise DataError(f"{path} has {len(pool)} rows outside the test part; at least {labels} are needed.")
    # 10 epochs of the labelled sample (the app's default horizon), the same for both starts.
    steps = finetune_steps or 10 * math.ceil(labels / 32)
    result: dict[str, Any] = {
        "data": str(path),
        "rows": len(data),
        "pretrain_rows": len(pool),
        "test_rows": len(test),
        "labels": labels,
        "finetune_steps": steps,
        "freeze_steps": freeze_steps,
        "encoder_lr_scale": encoder_lr_scale,
    }
    unlabelled = Dataset(pool.texts, source=f"{path} (text only)")
    held_out = Dataset(test.texts, source=f"{path} (test text)")
    config = _config(
        preset,
        "mlm",
        steps=pretrain_steps,
        seconds=pretrain_seconds,
        seed=0,
        device=device,
        threads=threads,
        overrides=overrides,
    )
    config.data.source = unlabelled.source
    budget = _budget(pretrain_steps, pretrain_seconds)
    _log(log, f"finetune: pre-training {preset} on the text of {len(pool)} rows ({budget})...")
    with _run_root(out) as root:
        pretrained = Path(pretrained_run) if pretrained_run is not None else root / "pretrained"
        if pretrained_run is not None:  # fine-tuning experiments on one pre-training (kept by an earlier --out)
            _log(log, f"finetune: reusing the pre-trained run {pretrained}")
            result["pretrain"] = {"reused": str(pretrained)}
        else:
            pre = _train(config, unlabelled, held_out, pretrained, log)
            if "error" in pre:
                return result | {"pretrain": pre}
            metrics = pre.pop("metrics")
            pre.update({k: round(metrics[k], 4) for k in ("masked_accuracy", "unigram_accuracy")})
            result["pretrain"] = pre
        runs = []
        for seed in seeds:
            sample = stratified_sample(pool, labels, seed)
            row: dict[str, Any] = {"seed": seed}
            for start in ("pretrained", "scratch"):
                cfg = _config(
                    preset, "classify", steps=steps, seed=seed, device=device, threads=threads, overrides=overrides
                )
                cfg.data.source = f"{path} ({labels} labels)"
                if start == "pretrained":
                    cfg.train.init_from = str(pretrained)
                    cfg.train.freeze_steps, cfg.train.encoder_lr_scale = freeze_steps, encoder_lr_scale
                _log(log, f"seed {seed}: fine-tuning {start} for {steps} steps...")
                run = _train(cfg, sample, test, root / f"seed{seed}_{start}", log)
                if "error" in run:
                    row[start] = run
                    continue
                metrics = run.pop("metrics")
                row[start] = round(metrics["val_accuracy"], 4)
                row[f"{start}_macro_f1"] = round(metrics["val_macro_f1"], 4)
                row[f"{start}_curve"] = run["curve"]
                row[f"{start}_wall_s"] = run["wall_s"]
            if isinstance(row.get("pretrained"), float) and isinstance(row.get("scratch"), float):
                row["gap_points"] = round(100 * (row["pretrained"] - row["scratch"]), 2)
            runs.append(row)
            _log(log, f"seed {seed}: {json.dumps({k: v for k, v in row.items() if 'curve' not in k})}")
    result["runs"] = runs
    done = [r for r in runs if "gap_points" in r]
    if done:
        result["mean"] = {
            "pretrained": round(sum(r["pretrained"] for r in done) / len(done), 4),
            "scratch": round(sum(r["scratch"] for r in done) / len(done), 4),
            "gap_points": round(sum(r["gap_points"] for r in done) / len(done), 2),
            "worst_seed_gap_points": min(r["gap_points"] for r in done),
        }
    return result


def stratified_sample(data: Dataset, n: int, seed: int) -> Dataset:
    """Exactly n rows keeping each class's share (largest remainders), drawn with `seed`, in file order."""
    assert data.labels is not None
    rng = np.random.default_rng(seed)
    by_class: dict[str, list[int]] = {}
    for i, label in enumerate(data.labels):
        by_class.setdefault(label, []).append(i)
    names = sorted(by_class)
    shares = [n * len(by_class[c]) / len(data) for c in names]
    counts = [math.floor(s) for s in shares]
    for j in sorted(range(len(names)), key=lambda j: counts[j] - shares[j])[: n - sum(counts)]:
        counts[j] += 1
    chosen: list[int] = []
    for name, k in zip(names, counts, strict=True):
        chosen.extend(rng.choice(by_class[name], size=min(k, len(by_class[name])), replace=False).tolist())
    return data.subset(sorted(chosen))


def run(
    text: str | Path | None,
    data: str | Path | None,
    *,
    preset: str = "tiny",
    steps: int | None = None,
    seconds: float | None = None,
    seeds: Sequence[int] = SEEDS,
    labels: int = LABELS,
    finetune_steps: int | None = None,
    freeze_steps: int = 0,
    encoder_lr_scale: float = 1.0,
    device: str = "cpu",
    threads: int | None = None,
    out: Path | None = None,
    log: Any = None,
    overrides: Overrides | None = None,
    pretrained_run: Path | None = None,
) -> dict[str, Any]:
    """Both parts (each only when its file is given); `steps`/`seconds` is the budget of each pre-training."""
    if text is None and data is None:
        raise WorkbenchError(
            "Name a book to pre-train on (--text BOOK.txt) and/or a labelled file (--data FILE.csv), e.g. "
            "`workbench bench pretraining --text tinyshakespeare.txt --data sentence_polarity.csv`."
        )
    overrides = overrides or Overrides()
    result: dict[str, Any] = {"preset": preset, "device": device, "targets": TARGETS, **overrides.as_dict()}
    started = time.perf_counter()
    if text is not None:
        book_steps = steps or (None if seconds else BOOK_STEPS)
        result["book"] = book_mlm(
            text,
            preset=preset,
            steps=book_steps,
            seconds=seconds,
            device=device,
            threads=threads,
            out=out,
            log=log,
            overrides=overrides,
        )
        _log(log, f"book: {json.dumps(result['book'])}")
    if data is not None:
        result["finetune"] = finetune_comparison(
            data,
            preset=preset,
            pretrain_steps=steps or (None if seconds else FINETUNE_PRETRAIN_STEPS),
            pretrain_seconds=seconds,
            seeds=seeds,
            labels=labels,
            finetune_steps=finetune_steps,
            freeze_steps=freeze_steps,
            encoder_lr_scale=encoder_lr_scale,
            device=device,
            threads=threads,
            out=out,
            log=log,
            overrides=overrides,
            pretrained_run=pretrained_run,
        )
    result["wall_s"] = round(time.perf_counter() - started, 1)
    result["met"] = targets_met(result)
    return result


def targets_met(result: dict[str, Any]) -> dict[str, bool]:
    """Which targets the numbers in a run() result meet (only those that were measured)."""
    met: dict[str, bool] = {}
    if "gap_points" in result.get("book", {}):
        met["book_gap"] = result["book"]["gap_points"] >= TARGETS["book_gap_points_min"]
    mean = result.get("finetune", {}).get("mean")
    if mean:
        met["finetune_mean_gap"] = mean["gap_points"] >= TARGETS["finetune_mean_gap_points_min"]
        met["finetune_no_seed_worse"] = mean["worst_seed_gap_points"] >= TARGETS["finetune_worst_seed_gap_min"]
    return met


# ------------------------------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Overrides:
    """Settings that differ from the app's defaults in every run of the bench (None keeps the default);
    pretrain_lr applies to the pre-training only, the rest to pre-training and both fine-tunings alike."""

    positional: str | None = None
    pooling: str | None = None
    dropout: float | None = None
    pretrain_lr: float | None = None
    precision: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}

    def apply(self, config: RunConfig) -> RunConfig:
        model = {k: getattr(self, k) for k in ("positional", "pooling", "dropout") if getattr(self, k) is not None}
        config.model = dataclasses.replace(config.model, **model)
        if self.pretrain_lr is not None and config.train.task == Task.MLM:
            config.train.lr = self.pretrain_lr
        if self.precision is not None:
            config.train.precision = Precision(self.precision)
        config.validate()
        return config


def _config(
    preset: str,
    task: str,
    *,
    steps: int | None,
    seconds: float | None = None,
    seed: int,
    device: str,
    threads: int | None,
    overrides: Overrides | None = None,
) -> RunConfig:
    train = TrainConfig(
        task=Task(task),
        max_steps=steps,
        max_time=seconds,
        seed=seed,
        device=device,
        threads=threads,
        epochs=None,
        early_stopping_patience=None,  # budgets are steps (or seconds), as in the numbers the README reports
    )
    config = RunConfig(data=DataConfig(), model=preset_config(preset), train=train, preset=preset)
    return (overrides or Overrides()).apply(config)


def _train(config: RunConfig, train: Dataset | None, val: Dataset | None, run_dir: Path, log: Any) -> dict[str, Any]:
    """One engine run; its steps, speed, validation metrics of the weights it ended on (the best by validation
    loss) and validation curve (or the error)."""
    from workbench.core.training.engine import Trainer
    from workbench.core.training.events import DoneEvent, ErrorEvent, EvalEvent

    started = time.perf_counter()
    trainer = Trainer(config, train=train, val=val, run_dir=run_dir)
    done: DoneEvent | None = None
    curve: list[list[float]] = []
    key = "masked_accuracy" if config.train.task == Task.MLM else "val_accuracy"
    for event in trainer.fit():
        if isinstance(event, ErrorEvent):
            return {"error": event.message}
        if isinstance(event, EvalEvent):
            curve.append([event.step, round(event.metrics[key], 4)])
            _log(log, f"  step {event.step}: {key} {event.metrics[key]:.4f}")
        elif isinstance(event, DoneEvent):
            done = event
    assert done is not None
    p = trainer.progress
    return {
        "steps": p.step,
        "best_step": p.best_step,
        "stop_reason": done.reason,
        "steps_per_s": round(p.step / p.train_time_s, 2) if p.train_time_s else None,
        "tokens_per_s": round(p.train_tokens / p.train_time_s) if p.train_time_s else None,
        "train_loss": round(float(np.mean(p.recent_losses)), 4) if p.recent_losses else None,
        "wall_s": round(time.perf_counter() - started, 1),
        "device": trainer.device.name if trainer.device else None,
        "precision": trainer.device.precision if trainer.device else None,
        "train_rows": len(trainer.train_data) if trainer.train_data is not None else 0,
        "curve": curve,
        "metrics": dict(trainer.last_metrics),
    }


class _run_root:  # used like a function in `with`
    """The folder the runs go to: `out` (kept, to open in the app) or a temporary one."""

    def __init__(self, out: Path | None) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if out is not None:
            self.path = Path(out)
        else:
            self._tmp = tempfile.TemporaryDirectory(prefix="workbench-bench-")
            self.path = Path(self._tmp.name)

    def __enter__(self) -> Path:
        self.path.mkdir(parents=True, exist_ok=True)
        return self.path

    def __exit__(self, *exc: object) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()


def _budget(steps: int | None, seconds: float | None) -> str:
    return f"{seconds:g} s" if seconds else f"{steps} steps"


def _log(stream: Any, line: str) -> None:
    if stream is not None:
        print(line, file=stream, flush=True)


def _seeds(text: str) -> list[int]:
    try:
        return [int(s) for s in text.split(",") if s.strip()]
    except ValueError:
        raise WorkbenchError(f"--seeds must be whole numbers separated by commas (got {text!r}).") from None


def main(argv: Sequence[str] | None = None) -> int:
    from workbench.kernel_caches import bound_kernel_caches

    bound_kernel_caches()  # as `workbench bench pretraining` does through the entry point
    parser = argparse.ArgumentParser(prog="python -m workbench.bench.pretraining", description=__doc__.splitlines()[0])
    parser.add_argument("--text", help="a plain-text book to pre-train on (the book part)")
    parser.add_argument("--data", help="a labelled file (the pre-trained vs scratch part)")
    parser.add_argument("--preset", default="tiny", help="model preset (default tiny)")
    parser.add_argument(
        "--steps",
        type=int,
        help=f"pre-training steps (default {BOOK_STEPS} on the book, {FINETUNE_PRETRAIN_STEPS} on the labelled text)",
    )
    parser.add_argument("--seconds", type=float, help="pre-training time instead of steps")
    parser.add_argument("--seeds", default="0,1,2", help="fine-tuning seeds (default 0,1,2)")
    parser.add_argument("--labels", type=int, default=LABELS, help=f"labelled rows to fine-tune on ({LABELS})")
    parser.add_argument("--finetune-steps", type=int, help="fine-tuning steps (default 10 epochs of the labels)")
    parser.add_argument("--freeze-steps", type=int, default=0, help="fine-tuning: head only for this many steps")
    parser.add_argument("--encoder-lr-scale", type=float, default=1.0, help="fine-tuning: encoder learning rate")
    parser.add_argument("--device", default="cpu", help="cpu (the targets' setting), cuda, mps or auto")
    parser.add_argument("--threads", type=int, help="CPU threads for torch (default: torch's)")
    parser.add_argument("--out", type=Path, help="keep the runs in this folder (to open them in the app)")
    parser.add_argument("--positional", choices=POSITIONAL_KINDS, help="positional encoding of every run")
    parser.add_argument("--pooling", choices=POOLING_KINDS, help="classifier pooling of the fine-tunings")
    parser.add_argument("--dropout", type=float, help="dropout of every run")
    parser.add_argument("--pretrain-lr", type=float, help="learning rate of the pre-training")
    parser.add_argument("--precision", choices=PRECISIONS, help="numeric precision of every run (default auto)")
    parser.add_argument(
        "--pretrained-run",
        type=Path,
        help="fine-tuning part: start from this run (OUT/pretrained of an earlier --out on the same file) "
        "instead of pre-training again",
    )
    args = parser.parse_args(argv)
    return print_result(lambda: run_from_args(args))


def run_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """`workbench bench pretraining` (options the bench parser lacks take their defaults)."""
    return run(
        getattr(args, "text", None),
        getattr(args, "data", None),
        preset=getattr(args, "preset", None) or "tiny",
        steps=getattr(args, "steps", None),
        seconds=getattr(args, "seconds", None),
        seeds=_seeds(getattr(args, "seeds", "0,1,2")),
        labels=getattr(args, "labels", LABELS),
        finetune_steps=getattr(args, "finetune_steps", None),
        freeze_steps=getattr(args, "freeze_steps", 0),
        encoder_lr_scale=getattr(args, "encoder_lr_scale", 1.0),
        device=getattr(args, "device", "cpu"),
        threads=getattr(args, "threads", None),
        out=getattr(args, "out", None),
        log=sys.stderr,
        overrides=Overrides(
            positional=getattr(args, "positional", None),
            pooling=getattr(args, "pooling", None),
            dropout=getattr(args, "dropout", None),
            pretrain_lr=getattr(args, "pretrain_lr", None),
            precision=getattr(args, "precision", None),
        ),
        pretrained_run=getattr(args, "pretrained_run", None),
    )


if __name__ == "__main__":
    sys.exit(main())

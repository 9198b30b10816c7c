"""The train and pretrain commands: settings from the options, the data read before torch loads, the run
(alone or as one process of a torchrun job) with its progress bar, Ctrl-C and the --json summary."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import Any

from workbench.cli_readers import json_line
from workbench.core.config import (
    DataConfig,
    RunConfig,
    Task,
    TrainConfig,
    default_lr,
    preset,
)
from workbench.core.errors import WorkbenchError

_joined = False  # whether this process joined a torchrun job (cli.main then ends it with distributed.end_process)

SIZING = ("preset", "d_model", "heads", "layers", "ff", "max_len", "positional", "tokenizer", "vocab_size")


def _config_from_args(args: argparse.Namespace, task: str) -> RunConfig:
    init_from = getattr(args, "init_from", None)
    checkpoint_lr = None  # BERT's fine-tuning rate when starting from a Hugging Face model folder
    if init_from is not None:
        from workbench.core.model.hf import is_checkpoint_folder

        checkpoint = is_checkpoint_folder(Path(init_from))
        if checkpoint and args.lr is None:
            from workbench.core.training.starting import CHECKPOINT_LR

            checkpoint_lr = CHECKPOINT_LR
        if checkpoint and _started_by_torchrun():
            raise WorkbenchError(f"{init_from} is a Hugging Face model folder; fine-tune it in one process.")
        given = [f"--{name.replace('_', '-')}" for name in SIZING if getattr(args, name) is not None]
        if given:
            kept = "model folder's" if checkpoint else "pre-trained run's"
            raise WorkbenchError(
                f"{', '.join(given)} cannot be used with --from: a fine-tuning run keeps the {kept} "
                "model size and tokenizer."
            )
    name = args.preset or "small"
    model = preset(
        name,
        d_model=args.d_model,
        n_heads=args.heads,
        n_layers=args.layers,
        d_ff=args.ff,
        max_len=args.max_len,
        dropout=args.dropout,
        positional=args.positional,
        pooling=getattr(args, "pooling", None),
    )
    custom = any(v is not None for v in (args.d_model, args.heads, args.layers, args.ff))
    data = DataConfig(
        source=args.data,
        text_column=args.text_column,
        label_column=getattr(args, "label_column", None),
        val_source=args.val_data,
        val_fraction=args.val_fraction,
        val_rows=args.val_rows,
        tokenizer=args.tokenizer or DataConfig.tokenizer,
        vocab_size=args.vocab_size or DataConfig.vocab_size,
    )
    scratch_lr = default_lr(None if custom else name, fine_tuning=init_from is not None, task=task)
    train = TrainConfig(
        task=Task(task),
        batch_size=args.batch_size,
        accumulate=args.accumulate,
        epochs=args.epochs,
        max_steps=args.max_steps,
        max_time=args.max_time,
        lr=args.lr if args.lr is not None else checkpoint_lr or scratch_lr or TrainConfig.lr,
        warmup_steps=args.warmup,
        eval_every=args.eval_every,
        early_stopping_patience=None if args.no_early_stop else args.early_stopping,
        seed=args.seed,
        device=args.device,
        precision=args.precision,
        threads=args.threads,
        init_from=str(init_from) if init_from is not None else None,
        freeze_steps=getattr(args, "freeze_steps", 0),
        encoder_lr_scale=getattr(args, "encoder_lr_scale", 1.0),
    )
    return RunConfig(data=data, model=model, train=train, preset=None if custom else name)


def train(args: argparse.Namespace, task: str = "classify") -> int:
    global _joined
    if _started_by_torchrun():
        from workbench.core.training import distributed

        group = distributed.from_environment(args.device)  # one of several processes
        _joined = group is not None
    else:
        group = None  # torch is not imported yet: a large file's reading shows at once
    if group is None:
        return _train_here(args, task, None)
    try:
        if not group.is_leader:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the leader stops the run and lets us go
            return distributed.follow(group)
        return _train_here(args, task, group)
    finally:
        group.close()


def joined_torchrun() -> bool:
    return _joined


def _started_by_torchrun() -> bool:
    """What torchrun sets for each process (distributed.from_environment reads the same)."""
    return int(os.environ.get("WORLD_SIZE", "1")) > 1 and "RANK" in os.environ


def _train_here(args: argparse.Namespace, task: str, group: Any) -> int:
    from workbench.cli_progress import ProgressPrinter, StageProgress

    stages = StageProgress(enabled=not args.quiet)
    if args.resume is not None:
        if args.data is not None or args.out is not None:
            raise WorkbenchError("--resume continues a run with its own data and folder; drop DATA and --out.")
        from workbench.core.training.engine import Trainer

        horizon = TrainConfig(epochs=args.epochs, max_steps=args.max_steps, max_time=args.max_time)
        trainer = Trainer(RunConfig(train=horizon), run_dir=args.resume, resume=True)
    else:
        if args.data is None:
            raise WorkbenchError(f"Name the data to train on, e.g. `workbench {args.command} demo:reviews`.")
        config = _config_from_args(args, task)
        config.validate()
        if args.out is not None:
            _check_new_run_dir(args.out)  # before the data loads, which can take minutes for a large file
        from workbench.core.data.corpus import Corpus

        corpus = Corpus.find(config.data.source) if task == "mlm" and not config.data.val_source else None
        train = val = None
        if corpus is None:
            # The data is read before torch loads (seconds), so a large file shows its progress at once.
            from workbench.core.data import load_splits

            train, val = load_splits(config.data, task=task, seed=config.split_seed(), progress=stages)
            stages.close()
        from workbench.core.training.device import choose
        from workbench.core.training.engine import Trainer

        choose(config.train.device, config.train.precision)  # a device that is not there: said before anything else
        if train is not None and val is not None:
            _describe_data(train, val, task, quiet=args.quiet)
        elif not args.quiet and corpus is not None:
            print(
                f"data: {corpus.source} ({corpus.size / 1e6:,.0f} MB of text in {len(corpus.files)} file(s)), "
                "read from token shards",
                file=sys.stderr,
            )
        trainer = Trainer(config, train=train, val=val, run_dir=args.out, runs_root=args.runs_dir)
    from workbench.core.training import distributed
    from workbench.core.training.events import DoneEvent, ErrorEvent

    trainer.on_stage = stages
    if group is None:
        trainer.prepare()  # Ctrl-C here ends in main() with one line; prepare() leaves the folder "stopped"
    else:
        trainer.shard = group.shard
        try:
            trainer.prepare()
        except BaseException:
            distributed.setup_failed(group)
            raise
        distributed.lead(group, trainer)
    stages.close()
    assert trainer.config is not None and trainer.run is not None  # prepared
    trainer.warnings += distributed.record_global_batch(trainer, group.backend if group is not None else None)
    for warning in trainer.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for note in trainer.notes:
        print(f"note: {note}", file=sys.stderr)
    printer = ProgressPrinter(trainer, enabled=not args.quiet, stages=stages)
    world = group.world_size if group is not None else 1
    global_batch = trainer.shard.global_batch(trainer.config.train)
    if group is not None:
        printer.note(f"{world} processes ({group.backend}), global batch {global_batch}")
    previous = signal.signal(signal.SIGINT, lambda *_: _interrupt(trainer, printer))
    outcome: DoneEvent | ErrorEvent | None = None
    try:
        for event in trainer.fit():
            printer.handle(event)
            if isinstance(event, DoneEvent | ErrorEvent):
                outcome = event
    except KeyboardInterrupt:  # the second Ctrl-C: fit() has marked the run stopped and kept its checkpoint
        printer.close()
        step = trainer.run.checkpoint_step() if trainer.run is not None else None
        kept = f"the checkpoint from step {step} is kept" if step is not None else "no checkpoint was saved"
        print(f"workbench {args.command}: interrupted; {kept}.", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGINT, previous)
        printer.close()
        stages.close()
        if group is not None:
            distributed.release(group, trainer)
    if isinstance(outcome, ErrorEvent):
        message = outcome.message
        if group is not None:
            message = distributed.explain(message, trainer.run.info().get("last_checkpoint_step"))
        print(f"error: {message}", file=sys.stderr)
        return 2 if outcome.kind == "input" else 1
    if args.json:
        summary = trainer.summary()
        assert trainer.config is not None  # prepared
        if trainer.config.train.task == Task.MLM:
            keys: tuple[str, ...] = ("run_dir", "steps", "train_loss", "best_step", "weights", "end_reason")
            keys += ("early_stopping_patience", "elapsed_s", "tokens_per_s", "device", "precision", "skipped_rows")
            summary = {k: summary[k] for k in keys} | {
                "mlm_loss": trainer.last_metrics.get("val_loss"),
                "masked_accuracy": trainer.last_metrics.get("masked_accuracy"),
                "unigram_accuracy": trainer.last_metrics.get("unigram_accuracy"),
            }
        print(json_line(summary | {"world_size": world, "global_batch": global_batch}))
    return 0


def _describe_data(train: Any, val: Any, task: str, quiet: bool) -> None:
    """What was read, what was decided about it (also with --quiet), and a warning when the label column looks
    like an ID."""
    from workbench.core.data.dataset import MANY_CLASSES

    skipped = f"; {len(train.skipped):,} unusable row(s) skipped" if train.skipped else ""
    if not quiet:
        print(f"data: {len(train):,} training and {len(val):,} validation rows{skipped}", file=sys.stderr)
    for note in dict.fromkeys([*train.notes, *val.notes]):
        hint = " (--val-rows all uses every one)" if note.startswith("validation uses") else ""
        print(f"note: {note}{hint}", file=sys.stderr)
    if task == "classify":
        n = len(train.label_names)
        if n > MANY_CLASSES:
            print(
                f"warning: the label column {train.label_column!r} has {n:,} distinct values; is it an ID column? "
                f"Training goes on; name the label column with --label-column if it is not this one.",
                file=sys.stderr,
            )


def _check_new_run_dir(path: Path) -> None:
    """The checks RunFolder.create makes, early: --out must be a new or empty folder."""
    if path.exists() and not path.is_dir():
        raise WorkbenchError(f"{path} exists and is not a folder; choose another --out.")
    if path.is_dir() and any(path.iterdir()):
        raise WorkbenchError(f"{path} is not empty; choose a new folder for the run, or use --resume {path}.")


def pretrain(args: argparse.Namespace) -> int:
    return train(args, task="mlm")


def _interrupt(trainer: Any, printer: Any) -> None:
    """First Ctrl-C: stop after the current step and save; a second one aborts at once."""
    if trainer.stop_requested:
        raise KeyboardInterrupt
    printer.note("stopping after this step and saving a checkpoint (Ctrl-C again to abort)")
    trainer.stop()

"""The command line: `workbench train`, `workbench inspect` and `workbench bench`.

Bad input exits with status 2 and one line naming the problem; a run that fails while training exits 1.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from workbench.core.config import PRECISIONS, PRESETS, DataConfig, RunConfig, TrainConfig, preset
from workbench.core.errors import WorkbenchError


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not the whole usage text
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a number above 0, got {value}")
    return value


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError(f"expected a number above 0, got {text}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="workbench", description="Size, train and inspect a Transformer encoder on text.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    train = sub.add_parser("train", help="train a classifier on a labelled file or a built-in data set")
    train.add_argument("data", nargs="?", help="a CSV/TSV/JSONL/Parquet file, or demo:NAME (e.g. demo:reviews)")
    train.add_argument("--text-column", help="column with the text (detected if omitted)")
    train.add_argument("--label-column", help="column with the label (detected if omitted)")
    train.add_argument("--val-data", help="a separate validation file (else a share of DATA is held out)")
    train.add_argument("--val-fraction", type=float, default=0.1, help="share held out for validation (0.1)")
    train.add_argument("--tokenizer", choices=["wordpiece", "char"], default="wordpiece")
    train.add_argument("--vocab-size", type=_positive_int, default=8000, help="WordPiece vocabulary size")
    train.add_argument("--preset", choices=list(PRESETS), default="small", help="model size (default small)")
    train.add_argument("--d-model", type=_positive_int)
    train.add_argument("--heads", type=_positive_int)
    train.add_argument("--layers", type=_positive_int)
    train.add_argument("--ff", type=_positive_int, help="feed-forward size")
    train.add_argument("--max-len", type=_positive_int, help="longest input in tokens (default 128)")
    train.add_argument("--dropout", type=float)
    train.add_argument("--positional", choices=["sinusoidal", "learned"])
    train.add_argument("--epochs", type=_positive_float)
    train.add_argument("--max-steps", type=_positive_int)
    train.add_argument("--max-time", type=_positive_float, metavar="SECONDS", help="stop after this long")
    train.add_argument("--batch-size", type=_positive_int, default=32)
    train.add_argument("--lr", type=_positive_float, default=1e-3, help="peak learning rate (1e-3)")
    train.add_argument("--warmup", type=int, help="warm-up steps (default 5%% of the run)")
    train.add_argument("--eval-every", type=_positive_int, help="steps between evaluations (default: ~10 a run)")
    train.add_argument(
        "--early-stopping",
        type=_positive_int,
        metavar="EVALS",
        help="stop after this many evaluations without a better validation loss",
    )
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:N or mps")
    train.add_argument("--precision", choices=list(PRECISIONS), default="auto")
    train.add_argument("--threads", type=_positive_int, help="CPU threads (default: torch's choice)")
    train.add_argument("--out", type=Path, help="the run folder to create (must be new or empty)")
    train.add_argument("--runs-dir", type=Path, help="where new run folders go (default: the user data folder)")
    train.add_argument("--resume", type=Path, metavar="RUN_DIR", help="continue a stopped run in place")
    train.add_argument("--json", action="store_true", help="print a JSON summary as the last line")
    train.add_argument("--quiet", action="store_true", help="no progress bar")

    insp = sub.add_parser("inspect", help="predict a sentence with a trained run and show its attention")
    insp.add_argument("run", type=Path, help="a run folder")
    insp.add_argument("text", help="the sentence")
    insp.add_argument("--best", action="store_true", help="use the best checkpoint instead of the last")
    insp.add_argument("--json", action="store_true", help="JSON with the attention as [layers][heads][T][T]")

    bench = sub.add_parser("bench", help="measure speed and quality (see the README)")
    bench.add_argument("what", choices=["train", "reviews"])
    bench.add_argument("--preset", choices=list(PRESETS), default="small")
    bench.add_argument("--seconds", type=_positive_float, help="reviews: training time per seed (180)")
    bench.add_argument("--json", action="store_true")
    return parser


def _config_from_args(args: argparse.Namespace) -> RunConfig:
    model = preset(
        args.preset,
        d_model=args.d_model,
        n_heads=args.heads,
        n_layers=args.layers,
        d_ff=args.ff,
        max_len=args.max_len,
        dropout=args.dropout,
        positional=args.positional,
    )
    custom = any(v is not None for v in (args.d_model, args.heads, args.layers, args.ff))
    data = DataConfig(
        source=args.data,
        text_column=args.text_column,
        label_column=args.label_column,
        val_source=args.val_data,
        val_fraction=args.val_fraction,
        tokenizer=args.tokenizer,
        vocab_size=args.vocab_size,
    )
    train = TrainConfig(
        batch_size=args.batch_size,
        epochs=args.epochs,
        max_steps=args.max_steps,
        max_time=args.max_time,
        lr=args.lr,
        warmup_steps=args.warmup,
        eval_every=args.eval_every,
        early_stopping_patience=args.early_stopping,
        seed=args.seed,
        device=args.device,
        precision=args.precision,
        threads=args.threads,
    )
    return RunConfig(data=data, model=model, train=train, preset=None if custom else args.preset)


def _train(args: argparse.Namespace) -> int:
    from workbench.cli_progress import ProgressPrinter
    from workbench.core.engine import Trainer
    from workbench.core.events import DoneEvent, ErrorEvent

    if args.resume is not None:
        if args.data is not None or args.out is not None:
            raise WorkbenchError("--resume continues a run with its own data and folder; drop DATA and --out.")
        horizon = TrainConfig(epochs=args.epochs, max_steps=args.max_steps, max_time=args.max_time)
        trainer = Trainer(RunConfig(train=horizon), run_dir=args.resume, resume=True)
    else:
        if args.data is None:
            raise WorkbenchError("Name the data to train on, e.g. `workbench train demo:reviews`.")
        trainer = Trainer(_config_from_args(args), run_dir=args.out, runs_root=args.runs_dir)
    trainer.prepare()
    for warning in trainer.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    printer = ProgressPrinter(trainer, enabled=not args.quiet)
    previous = signal.signal(signal.SIGINT, lambda *_: _interrupt(trainer, printer))
    outcome: DoneEvent | ErrorEvent | None = None
    try:
        for event in trainer.fit():
            printer.handle(event)
            if isinstance(event, DoneEvent | ErrorEvent):
                outcome = event
    finally:
        signal.signal(signal.SIGINT, previous)
        printer.close()
    if isinstance(outcome, ErrorEvent):
        print(f"error: {outcome.message}", file=sys.stderr)
        return 2 if outcome.kind == "input" else 1
    if args.json:
        print(json.dumps(trainer.summary()))
    return 0


def _interrupt(trainer: Any, printer: Any) -> None:
    """First Ctrl-C: stop after the current step and save; a second one aborts at once."""
    if trainer.stop_requested:
        raise KeyboardInterrupt
    printer.note("stopping after this step and saving a checkpoint (Ctrl-C again to abort)")
    trainer.stop()


def _inspect(args: argparse.Namespace) -> int:
    from workbench.core.inspection import inspect_text, load_run

    loaded = load_run(args.run, best=args.best)
    result = inspect_text(loaded.model, loaded.tokenizer, args.text)
    probs = result.probabilities
    out: dict[str, Any] = {
        "tokens": result.tokens,
        "label": result.predicted(loaded.labels),
        "probabilities": dict(zip(loaded.labels, map(float, probs), strict=True)) if probs is not None else None,
    }
    if args.json:
        out["attention"] = result.attention.round(6).tolist()
        print(json.dumps(out))
        return 0
    print("tokens:", " ".join(result.tokens))
    if probs is not None:
        print(f"prediction: {out['label']}")
        for name, p in sorted(out["probabilities"].items(), key=lambda kv: -kv[1]):
            print(f"  {name:<20} {p:6.1%}  {'#' * round(p * 40)}")
    layers, heads = result.attention.shape[:2]
    print(f"attention: {layers} layers x {heads} heads over {len(result.tokens)} tokens (--json for the numbers)")
    return 0


def _bench(args: argparse.Namespace) -> int:
    if args.what == "train":
        from workbench.bench.train import run as bench_train

        result = bench_train(preset=args.preset)
    else:
        from workbench.bench.reviews import run as bench_reviews

        result = bench_reviews(seconds=args.seconds or 180.0, preset=args.preset)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>24}: {value}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {"train": _train, "inspect": _inspect, "bench": _bench}
    try:
        return handlers[args.command](args)
    except WorkbenchError as err:
        print(f"workbench {args.command}: {err}", file=sys.stderr)
        return 2

"""The command line: train, pretrain, inspect, evaluate, predict, export and bench.

Bad input exits with status 2 and one line naming the problem; a run that fails while training exits 1.
"""

from __future__ import annotations

import argparse
import dataclasses
import errno
import json
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from workbench.bench.registry import BENCHES, run_bench
from workbench.core.config import (
    PRESETS,
    DataConfig,
    FieldSpec,
    ModelConfig,
    RunConfig,
    Task,
    TrainConfig,
    field_spec,
    parse_device,
    preset,
)
from workbench.core.errors import ConfigError, WorkbenchError

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

RUN_OR_MODEL = "a run folder, or a Hugging Face model folder (config.json, model.safetensors, tokenizer)"


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


def _checked(spec: FieldSpec) -> Callable[[str], int | float]:
    """An argparse type that parses a number and checks it against the setting's range."""

    def parse(text: str) -> int | float:
        try:
            value: int | float = int(text) if spec.integer else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"expected a {'whole number' if spec.integer else 'number'}, got {text!r}"
            ) from None
        problem = spec.problem(value)
        if problem is not None:
            raise argparse.ArgumentTypeError(problem.rstrip("."))
        return value

    parse.__name__ = spec.name  # argparse names the type in its messages
    return parse


def _device(text: str) -> str:
    try:
        return str(parse_device(text))
    except ConfigError as err:
        raise argparse.ArgumentTypeError(str(err).rstrip(".")) from None


def _setting(
    p: argparse.ArgumentParser,
    flag: str,
    section: type[DataclassInstance],
    name: str,
    *,
    default: bool = False,
    **kw: Any,
) -> None:
    """An option built from a config field: its type and range, choices and help come from the field's spec;
    default=True gives the option the field's default (else None: the config's own default applies)."""
    spec = field_spec(section, name)
    options: dict[str, Any] = {"help": spec.help.replace("%", "%%")}
    if spec.choices is not None:
        options["choices"] = list(spec.choice_values())
    elif spec.minimum is not None or spec.maximum is not None:
        options["type"] = _checked(spec)
        options["help"] += f" ({spec.range_text()})"
    if default:
        value = next(f.default for f in dataclasses.fields(section) if f.name == name)
        options["default"] = str(value) if spec.choices is not None else value
    p.add_argument(flag, **(options | kw))


def _add_run_options(p: argparse.ArgumentParser, *, task: str) -> None:
    """Options shared by `train` (classification) and `pretrain` (masked LM)."""
    p.add_argument("data", nargs="?", help=field_spec(DataConfig, "source").help)
    _setting(p, "--text-column", DataConfig, "text_column")
    if Task(task).labelled:
        _setting(p, "--label-column", DataConfig, "label_column")
    _setting(p, "--val-data", DataConfig, "val_source")
    _setting(p, "--val-fraction", DataConfig, "val_fraction", default=True)
    _setting(p, "--tokenizer", DataConfig, "tokenizer")
    _setting(p, "--vocab-size", DataConfig, "vocab_size")
    p.add_argument("--preset", choices=list(PRESETS), help="model size (default small)")
    _setting(p, "--d-model", ModelConfig, "d_model")
    _setting(p, "--heads", ModelConfig, "n_heads")
    _setting(p, "--layers", ModelConfig, "n_layers")
    _setting(p, "--ff", ModelConfig, "d_ff")
    _setting(p, "--max-len", ModelConfig, "max_len")
    _setting(p, "--dropout", ModelConfig, "dropout")
    _setting(p, "--positional", ModelConfig, "positional")
    _setting(p, "--epochs", TrainConfig, "epochs")
    _setting(p, "--max-steps", TrainConfig, "max_steps")
    _setting(p, "--max-time", TrainConfig, "max_time", metavar="SECONDS")
    _setting(p, "--batch-size", TrainConfig, "batch_size", default=True)
    _setting(p, "--accumulate", TrainConfig, "accumulate", default=True, metavar="N")
    _setting(p, "--lr", TrainConfig, "lr", default=True)
    _setting(p, "--warmup", TrainConfig, "warmup_steps")
    _setting(p, "--eval-every", TrainConfig, "eval_every")
    _setting(p, "--early-stopping", TrainConfig, "early_stopping_patience", metavar="EVALS")
    _setting(p, "--seed", TrainConfig, "seed", default=True)
    p.add_argument("--device", type=_device, default="auto", help=field_spec(TrainConfig, "device").help)
    _setting(p, "--precision", TrainConfig, "precision", default=True)
    _setting(p, "--threads", TrainConfig, "threads")
    p.add_argument("--out", type=Path, help="the run folder to create (must be new or empty)")
    p.add_argument("--runs-dir", type=Path, help="where new run folders go (default: the user data folder)")
    p.add_argument("--resume", type=Path, metavar="RUN_DIR", help="continue a stopped run in place")
    p.add_argument("--json", action="store_true", help="print a JSON summary as the last line")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="workbench", description="Size, train and inspect a Transformer encoder on text.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    train = sub.add_parser("train", help="train a classifier on a labelled file or a built-in data set")
    _add_run_options(train, task="classify")
    train.add_argument(
        "--from",
        dest="init_from",
        type=Path,
        metavar="PRETRAINED_RUN",
        help="start from a pre-trained run's encoder and tokenizer (sizing options are refused)",
    )
    _setting(train, "--pooling", ModelConfig, "pooling")
    _setting(train, "--freeze-steps", TrainConfig, "freeze_steps", default=True)
    _setting(train, "--encoder-lr-scale", TrainConfig, "encoder_lr_scale", default=True)

    pre = sub.add_parser("pretrain", help="pre-train an encoder as a masked language model on unlabelled text")
    _add_run_options(pre, task="mlm")

    insp = sub.add_parser("inspect", help="predict a sentence with a trained run and show its attention")
    insp.add_argument("run", type=Path, help=RUN_OR_MODEL)
    insp.add_argument("text", help="the sentence")
    insp.add_argument("--best", action="store_true", help="use the best checkpoint instead of the last")
    insp.add_argument("--json", action="store_true", help="JSON with the attention as [layers][heads][T][T]")
    insp.add_argument("--lens", action="store_true", help="also the answer read out after every layer")

    ev = sub.add_parser("evaluate", help="score a trained run on a labelled file")
    ev.add_argument("run", type=Path, help=RUN_OR_MODEL)
    ev.add_argument("data", help="a labelled file or demo:NAME (its validation split)")
    ev.add_argument("--text-column")
    ev.add_argument("--label-column")
    ev.add_argument("--best", action="store_true", help="use the best checkpoint instead of the last")
    ev.add_argument("--csv", type=Path, help="also write per-class scores and the confusion matrix here")
    ev.add_argument("--json", action="store_true")

    pred = sub.add_parser("predict", help="label every text of a file with a trained run")
    pred.add_argument("run", type=Path, help=RUN_OR_MODEL)
    pred.add_argument("data", help="a file of texts (labels, if any, are ignored)")
    pred.add_argument("--text-column")
    pred.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    pred.add_argument("--best", action="store_true", help="use the best checkpoint instead of the last")

    exp = sub.add_parser("export", help="write a trained run as an ONNX file (needs the [onnx] extra)")
    exp.add_argument("run", type=Path, help="a run folder")
    exp.add_argument("--onnx", type=Path, required=True, metavar="FILE.onnx", help="the ONNX file to write")
    exp.add_argument("--best", action="store_true", help="use the best checkpoint instead of the last")
    exp.add_argument("--no-check", action="store_true", help="skip the onnxruntime comparison with PyTorch")
    exp.add_argument("--json", action="store_true", help="print a JSON summary as the last line")

    bench = sub.add_parser("bench", help="measure speed and quality (see the README)")
    bench.add_argument(
        "what", choices=list(BENCHES), help="; ".join(f"{name}: {about}" for name, (_, about) in BENCHES.items())
    )
    bench.add_argument("--preset", choices=list(PRESETS), help="model size (default small; pretraining: tiny)")
    bench.add_argument(
        "--seconds", type=_positive_float, help="reviews: training time per seed (180); pretraining: per pre-training"
    )
    bench.add_argument("--steps", type=_positive_int, help="pretraining: steps per pre-training (default 5 min's)")
    bench.add_argument("--text", help="pretraining: a plain-text book to pre-train on")
    bench.add_argument("--data", help="pretraining: a labelled file, for pre-trained vs scratch fine-tuning")
    bench.add_argument("--out", type=Path, help="pretraining: keep the runs in this folder")
    bench.add_argument("--model", type=Path, help="checkpoint: a model folder (default: a random BERT-base)")
    bench.add_argument("--json", action="store_true")
    return parser


SIZING = ("preset", "d_model", "heads", "layers", "ff", "max_len", "positional", "tokenizer", "vocab_size")


def _config_from_args(args: argparse.Namespace, task: str) -> RunConfig:
    init_from = getattr(args, "init_from", None)
    if init_from is not None:
        from workbench.core.model.hf import is_checkpoint_folder

        if is_checkpoint_folder(Path(init_from)):
            raise WorkbenchError(
                f"{init_from} is a Hugging Face model folder: inspect, evaluate and predict open it, but fine-tuning "
                "one is not possible yet; fine-tune from a run made with `workbench pretrain` instead."
            )
        given = [f"--{name.replace('_', '-')}" for name in SIZING if getattr(args, name) is not None]
        if given:
            raise WorkbenchError(
                f"{', '.join(given)} cannot be used with --from: a fine-tuning run keeps the pre-trained "
                "run's model size and tokenizer."
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
        tokenizer=args.tokenizer or DataConfig.tokenizer,
        vocab_size=args.vocab_size or DataConfig.vocab_size,
    )
    train = TrainConfig(
        task=Task(task),
        batch_size=args.batch_size,
        accumulate=args.accumulate,
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
        init_from=str(init_from) if init_from is not None else None,
        freeze_steps=getattr(args, "freeze_steps", 0),
        encoder_lr_scale=getattr(args, "encoder_lr_scale", 1.0),
    )
    return RunConfig(data=data, model=model, train=train, preset=None if custom else name)


def _train(args: argparse.Namespace, task: str = "classify") -> int:
    from workbench.core.training import distributed

    group = distributed.from_environment(args.device)  # started by torchrun: one of several processes
    if group is None:
        return _train_here(args, task, None)
    try:
        if not group.is_leader:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the leader stops the run and lets us go
            return distributed.follow(group)
        return _train_here(args, task, group)
    finally:
        group.close()


def _train_here(args: argparse.Namespace, task: str, group: Any) -> int:
    from workbench.cli_progress import ProgressPrinter
    from workbench.core.training import distributed
    from workbench.core.training.engine import Trainer
    from workbench.core.training.events import DoneEvent, ErrorEvent

    if args.resume is not None:
        if args.data is not None or args.out is not None:
            raise WorkbenchError("--resume continues a run with its own data and folder; drop DATA and --out.")
        horizon = TrainConfig(epochs=args.epochs, max_steps=args.max_steps, max_time=args.max_time)
        trainer = Trainer(RunConfig(train=horizon), run_dir=args.resume, resume=True)
    else:
        if args.data is None:
            raise WorkbenchError(f"Name the data to train on, e.g. `workbench {args.command} demo:reviews`.")
        trainer = Trainer(_config_from_args(args, task), run_dir=args.out, runs_root=args.runs_dir)
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
    assert trainer.config is not None and trainer.run is not None  # prepared
    trainer.warnings += distributed.record_global_batch(trainer, group.backend if group is not None else None)
    for warning in trainer.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    printer = ProgressPrinter(trainer, enabled=not args.quiet)
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
            keys = ("run_dir", "steps", "train_loss", "tokens_per_s", "device", "precision", "skipped_rows")
            summary = {k: summary[k] for k in keys} | {
                "mlm_loss": trainer.last_metrics.get("val_loss"),
                "masked_accuracy": trainer.last_metrics.get("masked_accuracy"),
                "unigram_accuracy": trainer.last_metrics.get("unigram_accuracy"),
            }
        print(_json(summary | {"world_size": world, "global_batch": global_batch}))
    return 0


def _json(obj: Any) -> str:
    """JSON for stdout: a NaN or infinity (never valid JSON) is written as null."""
    from workbench.core.runs.files import finite_json

    return json.dumps(finite_json(obj), allow_nan=False)


def _pretrain(args: argparse.Namespace) -> int:
    return _train(args, task="mlm")


def _evaluate(args: argparse.Namespace) -> int:
    from workbench.core.data import load_source
    from workbench.core.evaluation.evaluate import evaluate
    from workbench.core.inspection.inspector import load_run

    loaded = load_run(args.run, best=args.best)
    data, fixed_val = load_source(args.data, args.text_column, args.label_column)
    result = evaluate(loaded, fixed_val if fixed_val is not None else data)
    if args.csv is not None:
        from workbench.core.runs.folder import atomic_write_text

        atomic_write_text(args.csv, result.to_csv())
    if args.json:
        print(_json(result.to_json()))
        return 0
    print(f"accuracy {result.accuracy:.4f}   macro-F1 {result.macro_f1:.4f}   ({len(result.texts)} examples)")
    width = max(len(name) for name in result.labels)
    for name, s in result.per_class.items():
        print(
            f"  {name:<{width}}  precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
            f"F1 {s['f1']:.3f}  support {s['support']}"
        )
    return 0


def _predict(args: argparse.Namespace) -> int:
    from workbench.core.data import read_file
    from workbench.core.evaluation.evaluate import write_predictions
    from workbench.core.inspection.inspector import load_run

    loaded = load_run(args.run, best=args.best)
    data = read_file(args.data, text_column=args.text_column, labelled=False)
    n = write_predictions(loaded, data.texts, args.out)
    print(f"wrote {n} predictions to {args.out}", file=sys.stderr)
    return 0


def _interrupt(trainer: Any, printer: Any) -> None:
    """First Ctrl-C: stop after the current step and save; a second one aborts at once."""
    if trainer.stop_requested:
        raise KeyboardInterrupt
    printer.note("stopping after this step and saving a checkpoint (Ctrl-C again to abort)")
    trainer.stop()


def _inspect(args: argparse.Namespace) -> int:
    from workbench.core.inspection.inspector import inspect_text, load_run

    loaded = load_run(args.run, best=args.best)
    result = inspect_text(loaded.model, loaded.tokenizer, args.text)
    probs = result.probabilities
    out: dict[str, Any] = {
        "tokens": result.tokens,
        "label": result.predicted(loaded.labels),
        "probabilities": dict(zip(loaded.labels, map(float, probs), strict=True)) if probs is not None else None,
    }
    if args.lens:
        out["lens"] = _lens(loaded, args.text)
    if args.json:
        out["attention"] = result.attention.round(6).tolist()
        print(_json(out))
        return 0
    info = getattr(loaded.model, "info", None)  # a Hugging Face model folder says what it is
    if info is not None:
        print("model:", info.summary())
    print("tokens:", " ".join(result.tokens))
    for row, answer in enumerate(out.get("lens") or []):
        print(f"  {'embeddings' if row == 0 else f'after layer {row}':>16}: {answer}")
    if probs is not None:
        print(f"prediction: {out['label']}")
        for name, p in sorted(out["probabilities"].items(), key=lambda kv: -kv[1]):
            print(f"  {name:<20} {p:6.1%}  {'#' * round(p * 40)}")
    layers, heads = result.attention.shape[:2]
    print(f"attention: {layers} layers x {heads} heads over {len(result.tokens)} tokens (--json for the numbers)")
    return 0


def _export(args: argparse.Namespace) -> int:
    from workbench.core.inspection.inspector import load_run
    from workbench.core.model.hf.checkpoint import is_checkpoint_folder
    from workbench.core.model.onnx_export import export_onnx

    if is_checkpoint_folder(args.run):
        raise WorkbenchError(
            f"{args.run} is a Hugging Face model folder; ONNX export takes a workbench run folder "
            "(Hugging Face's own `optimum-cli export onnx` exports such folders)."
        )
    loaded = load_run(args.run, best=args.best)
    result = export_onnx(
        loaded.model,
        args.onnx,
        tokenizer=loaded.tokenizer,
        labels=loaded.labels,
        metadata={"run": loaded.path.name, "checkpoint": "best" if args.best else "last"},
        check=not args.no_check,
    )
    diff = result.max_difference
    checked = "not checked" if diff is None else f"agrees with PyTorch to {max(diff.values()):.1e} (onnxruntime)"
    if args.json:
        summary = {"onnx": str(result.path), "outputs": list(result.outputs), "bytes": result.size_bytes}
        print(json.dumps(summary | {"max_difference": diff}))
    else:
        print(
            f"wrote {result.path} ({result.size_bytes / 1e6:.1f} MB; outputs {', '.join(result.outputs)}; "
            f"{checked}) with tokenizer.json and labels.json beside it",
            file=sys.stderr,
        )
    return 0


def _lens(loaded: Any, text: str) -> list[Any]:
    """Per row (embeddings, then each layer): class probabilities by label, or each [MASK]'s top words."""
    from workbench.core.inspection.lens import classifier_lens, mask_lens

    if loaded.model.classifier is not None:
        probs = classifier_lens(loaded.model, loaded.tokenizer, text).probabilities
        return [dict(zip(loaded.labels, map(float, row), strict=True)) for row in probs]
    lens = mask_lens(loaded.model, loaded.tokenizer, text)
    return [[[word for word, _ in mask[row]] for mask in lens.guesses] for row in range(len(lens.guesses[0]))]


def _bench(args: argparse.Namespace) -> int:
    args.preset = args.preset or ("tiny" if args.what == "pretraining" else "small")
    result = run_bench(args.what, args)
    if args.json:
        print(_json(result))
    else:
        for key, value in result.items():
            print(f"{key:>24}: {value}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handlers = {
        "train": _train,
        "pretrain": _pretrain,
        "inspect": _inspect,
        "evaluate": _evaluate,
        "predict": _predict,
        "export": _export,
        "bench": _bench,
    }
    try:
        return handlers[args.command](args)
    except WorkbenchError as err:
        print(f"workbench {args.command}: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"workbench {args.command}: interrupted.", file=sys.stderr)
        return 130
    except OSError as err:
        if err.errno in (errno.ENOSPC, errno.EDQUOT):
            where = Path(err.filename).parent if err.filename else Path.cwd()
            print(f"workbench {args.command}: the disk is full: free space in {where} and try again.", file=sys.stderr)
            return 1
        raise

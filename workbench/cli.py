"""The command line: train, pretrain, inspect, evaluate, predict, export and bench.

Bad input exits with status 2 and one line naming the problem; a run that fails while training exits 1.
"""

from __future__ import annotations

import argparse
import dataclasses
import errno
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from workbench import cli_readers, cli_train
from workbench.bench.registry import BENCHES, run_bench
from workbench.core.config import (
    DEFAULT_PATIENCE,
    PRESETS,
    DataConfig,
    FieldSpec,
    ModelConfig,
    Task,
    TrainConfig,
    field_spec,
    parse_device,
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


def _count_or_all(text: str) -> int:
    """A positive whole number, or "all" (stored as 0)."""
    return 0 if text.strip().lower() == "all" else _positive_int(text)


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
    p.add_argument(
        "--val-rows",
        type=_count_or_all,
        default=DataConfig.val_rows,
        metavar="N|all",
        help=f"evaluate on at most N validation rows, a seeded random sample ({DataConfig.val_rows}); all: every one",
    )
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
    _setting(
        p,
        "--lr",
        TrainConfig,
        "lr",
        help="peak learning rate (default: 2e-3 for a tiny classifier from scratch, 3e-5 from a Hugging Face model "
        "folder, else 1e-3)",
    )
    _setting(p, "--warmup", TrainConfig, "warmup_steps")
    _setting(p, "--eval-every", TrainConfig, "eval_every")
    _setting(p, "--early-stopping", TrainConfig, "early_stopping_patience", metavar="EVALS", default=True)
    p.add_argument(
        "--no-early-stop",
        action="store_true",
        help=f"train to the end of the budget (default: stop after {DEFAULT_PATIENCE} evaluations without progress)",
    )
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
        metavar="PRETRAINED",
        help="start from a pre-trained run's, or a Hugging Face model folder's, encoder and tokenizer "
        "(sizing options are refused)",
    )
    _setting(train, "--pooling", ModelConfig, "pooling")
    _setting(train, "--freeze-steps", TrainConfig, "freeze_steps", default=True)
    _setting(train, "--encoder-lr-scale", TrainConfig, "encoder_lr_scale", default=True)

    pre = sub.add_parser("pretrain", help="pre-train an encoder as a masked language model on unlabelled text")
    _add_run_options(pre, task="mlm")

    insp = sub.add_parser("inspect", help="predict a sentence with a trained run and show its attention")
    insp.add_argument("run", type=Path, help=RUN_OR_MODEL)
    insp.add_argument("text", help="the sentence")
    cli_readers.add_weights_options(insp)
    insp.add_argument("--json", action="store_true", help="JSON with the attention as [layers][heads][T][T]")
    insp.add_argument("--lens", action="store_true", help="also the answer read out after every layer")
    insp.add_argument(
        "--words",
        action="store_true",
        help="also the words (WordPiece pieces joined; Chinese segmented) and, with --json, the attention between "
        "them as word_attention [layers][heads][W][W]",
    )

    ev = sub.add_parser("evaluate", help="score a trained run on a labelled file")
    ev.add_argument("run", type=Path, help=RUN_OR_MODEL)
    ev.add_argument("data", help="a labelled file or demo:NAME (its validation split)")
    ev.add_argument("--text-column")
    ev.add_argument("--label-column")
    cli_readers.add_weights_options(ev)
    ev.add_argument("--csv", type=Path, help="also write per-class scores and the confusion matrix here")
    ev.add_argument("--json", action="store_true")
    ev.add_argument(
        "--full-confusion",
        action="store_true",
        help="the whole confusion matrix in --json and --csv even above 200 classes (else its non-zero cells)",
    )

    pred = sub.add_parser("predict", help="label every text of a file with a trained run")
    pred.add_argument("run", type=Path, help=RUN_OR_MODEL)
    pred.add_argument("data", help="a file of texts (labels, if any, are ignored)")
    pred.add_argument("--text-column")
    pred.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    cli_readers.add_weights_options(pred)
    pred.add_argument(
        "--all-probabilities",
        action="store_true",
        help="one probability column per class even above 200 classes (else the 5 most likely)",
    )
    pred.add_argument("--quiet", action="store_true", help="no progress bar")

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
    bench.add_argument("file", nargs="?", help="baseline: a labelled file")
    bench.add_argument(
        "--preset", choices=list(PRESETS), help="model size (default small; pretraining and baseline: tiny)"
    )
    bench.add_argument(
        "--seconds", type=_positive_float, help="reviews: training time per seed (180); pretraining: per pre-training"
    )
    bench.add_argument(
        "--steps", type=_positive_int, help="pretraining: steps per pre-training (default 5 min's); baseline: 1500"
    )
    bench.add_argument("--seeds", type=_positive_int, dest="seed_count", help="baseline: training seeds (3)")
    bench.add_argument("--pretrain", action="append", metavar="TEXT.txt", help="baseline: pre-train on this first")
    bench.add_argument("--pretrain-steps", type=_positive_int, help="baseline: pre-training steps (1000)")
    bench.add_argument("--threads", type=_positive_int, help="baseline: CPU threads for torch")
    bench.add_argument("--text", help="pretraining: a plain-text book to pre-train on")
    bench.add_argument("--data", help="pretraining: a labelled file, for pre-trained vs scratch fine-tuning")
    bench.add_argument("--out", type=Path, help="pretraining, baseline: keep the runs in this folder")
    bench.add_argument("--model", type=Path, help="checkpoint: a model folder (default: a random BERT-base)")
    bench.add_argument("--json", action="store_true")
    return parser


def _export(args: argparse.Namespace) -> int:
    from workbench.core.inspection.inspector import load_run
    from workbench.core.model.hf.folder import is_checkpoint_folder
    from workbench.core.model.onnx_export import export_onnx

    if is_checkpoint_folder(args.run):
        raise WorkbenchError(
            f"{args.run} is a Hugging Face model folder; ONNX export takes a workbench run folder "
            "(Hugging Face's own `optimum-cli export onnx` exports such folders)."
        )
    loaded = load_run(args.run, best=args.best)
    if not hasattr(loaded.model, "encode_for_export"):
        raise WorkbenchError(
            f"{args.run} was fine-tuned from a Hugging Face model; ONNX export takes a run of the workbench's own "
            "encoder (Hugging Face's `optimum-cli export onnx` exports BERT-family models)."
        )
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


def _bench(args: argparse.Namespace) -> int:
    args.preset = args.preset or ("tiny" if args.what in ("pretraining", "baseline") else "small")
    result = run_bench(args.what, args)
    if args.json:
        print(cli_readers.json_line(result))
    else:
        for key, value in result.items():
            print(f"{key:>24}: {value}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    status = _run(args)
    if cli_train.joined_torchrun():
        from workbench.core.training import distributed

        distributed.end_process(status)  # never returns: see why there
    return status


def _run(args: argparse.Namespace) -> int:
    handlers = {
        "train": cli_train.train,
        "pretrain": cli_train.pretrain,
        "inspect": cli_readers.inspect,
        "evaluate": cli_readers.evaluate,
        "predict": cli_readers.predict,
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

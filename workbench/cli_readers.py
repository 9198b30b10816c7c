"""The commands that read a trained run: inspect, evaluate and predict, with their choice of weights (the best
by default, --last for the last ones) and the JSON they print."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from workbench.core.errors import WorkbenchError

SHOWN_CLASSES = 50  # evaluate prints at most this many classes' scores


def json_line(obj: Any) -> str:
    """JSON for stdout: a NaN or infinity (never valid JSON) is written as null."""
    from workbench.core.runs.files import finite_json

    return json.dumps(finite_json(obj), allow_nan=False)


def add_weights_options(p: argparse.ArgumentParser) -> None:
    which = p.add_mutually_exclusive_group()
    which.add_argument("--last", action="store_true", help="use the last weights instead of the best ones")
    which.add_argument("--best", action="store_true", help="use the best weights (lowest validation loss; default)")


def load(args: argparse.Namespace) -> Any:
    from workbench.core.inspection.inspector import load_run

    return load_run(args.run, best=False if args.last else (True if args.best else None))


def evaluate(args: argparse.Namespace) -> int:
    from workbench.core.data import load_source
    from workbench.core.evaluation.evaluate import evaluate

    loaded = load(args)
    data, fixed_val = load_source(args.data, args.text_column, args.label_column)
    result = evaluate(loaded, fixed_val if fixed_val is not None else data)
    if args.csv is not None:
        from workbench.core.runs.folder import atomic_write_text

        atomic_write_text(args.csv, result.to_csv(full_confusion=args.full_confusion))
    if args.json:
        scores = result.to_json(full_confusion=args.full_confusion)
        print(json_line(scores | {"weights": loaded.weights, "weights_step": loaded.step}))
        return 0
    print(f"{loaded.describe_weights()} of {args.run}")
    print(f"accuracy {result.accuracy:.4f}   macro-F1 {result.macro_f1:.4f}   ({len(result.texts)} examples)")
    shown = list(result.per_class.items())
    if len(shown) > SHOWN_CLASSES:  # the most frequent classes; --json or --csv has them all
        shown = sorted(shown, key=lambda kv: -kv[1]["support"])[:SHOWN_CLASSES]
    width = max(len(name) for name, _ in shown)
    for name, s in shown:
        print(
            f"  {name:<{width}}  precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
            f"F1 {s['f1']:.3f}  support {s['support']}"
        )
    if len(shown) < len(result.per_class):
        print(f"  ... and {len(result.per_class) - len(shown):,} more classes (--json or --csv for all)")
    return 0


def predict(args: argparse.Namespace) -> int:
    from workbench.cli_progress import StageProgress
    from workbench.core.data import TextChunks

    _check_output_file(args.out)
    texts = TextChunks(args.data, text_column=args.text_column)
    stages = StageProgress(enabled=not args.quiet)
    stages("loading", 0, 1)  # torch and the model load first: a few seconds
    from workbench.core.evaluation.evaluate import write_predictions

    loaded = load(args)
    stages("loading", 1, 1)
    read = [0, 0]  # bytes read of a large file, read while predicting: shown in the predicting bar

    def reading(stage: str, done: int, total: int) -> None:
        if stage == "reading" and texts.streamed:
            read[:] = [done, total]
        else:
            stages(stage, done, total)

    def predicting(done: int, total: int) -> None:
        if texts.streamed:  # a large file: the share read so far is the progress
            stages("predicting-file", read[0], read[1])
        else:
            stages("predicting", done, total or texts.rows)

    texts.progress = reading
    try:
        n = write_predictions(loaded, texts, args.out, progress=predicting, all_probabilities=args.all_probabilities)
    except OSError as err:
        raise WorkbenchError(f"Cannot write {args.out} ({err.strerror or err}); nothing was written.") from None
    finally:
        stages.close()
    skipped = f"; {len(texts.skipped):,} unusable row(s) skipped" if texts.skipped else ""
    print(f"wrote {n:,} predictions to {args.out} with the {loaded.describe_weights()}{skipped}", file=sys.stderr)
    return 0


def _check_output_file(path: Path) -> None:
    """predict's --out, before anything is read: a file path whose folder exists (it is created if missing)."""
    if path.is_dir():
        raise WorkbenchError(f"{path} is a folder; give --out a file name such as {path / 'predictions.csv'}.")
    folder = path.parent
    if not folder.is_dir():
        if folder.exists():
            raise WorkbenchError(f"{folder} is not a folder; choose another --out.")
        try:
            folder.mkdir(parents=True)
        except OSError as err:
            raise WorkbenchError(f"Cannot create the folder {folder} for --out ({err.strerror or err}).") from None
        print(f"created the folder {folder}", file=sys.stderr)


def inspect(args: argparse.Namespace) -> int:
    from workbench.core.inspection.inspector import inspect_text

    loaded = load(args)
    result = inspect_text(loaded.model, loaded.tokenizer, args.text)
    probs = result.probabilities
    out: dict[str, Any] = {
        "tokens": result.tokens,
        "label": result.predicted(loaded.labels),
        "probabilities": dict(zip(loaded.labels, map(float, probs), strict=True)) if probs is not None else None,
        "weights": loaded.weights,
        "weights_step": loaded.step,
    }
    if args.lens:
        out["lens"] = _lens(loaded, args.text)
    groups = None
    if args.words:
        from workbench.core.inspection.words import group_words, word_attention

        groups = group_words(loaded.tokenizer, args.text, loaded.model.cfg.max_len)
        out["words"] = groups.words
        out["word_tokens"] = [list(group) for group in groups.groups]
    if args.json:
        out["attention"] = result.attention.round(6).tolist()
        if groups is not None:
            out["word_attention"] = word_attention(result.attention, groups).round(6).tolist()
        print(json_line(out))
        return 0
    info = getattr(loaded.model, "info", None)  # a Hugging Face model folder says what it is
    if info is not None:
        print("model:", info.summary())
    print(f"{loaded.describe_weights()} of {args.run}")
    print("tokens:", " ".join(result.tokens))
    if groups is not None:
        print("words:", " | ".join(groups.words))
    for row, answer in enumerate(out.get("lens") or []):
        print(f"  {'embeddings' if row == 0 else f'after layer {row}':>16}: {answer}")
    if probs is not None:
        print(f"prediction: {out['label']}")
        for name, p in sorted(out["probabilities"].items(), key=lambda kv: -kv[1]):
            print(f"  {name:<20} {p:6.1%}  {'#' * round(p * 40)}")
    layers, heads = result.attention.shape[:2]
    print(f"attention: {layers} layers x {heads} heads over {len(result.tokens)} tokens (--json for the numbers)")
    return 0


def _lens(loaded: Any, text: str) -> list[Any]:
    """Per row (embeddings, then each layer): class probabilities by label, or each [MASK]'s top words."""
    from workbench.core.inspection.lens import classifier_lens, mask_lens

    if loaded.model.classifier is not None:
        probs = classifier_lens(loaded.model, loaded.tokenizer, text).probabilities
        return [dict(zip(loaded.labels, map(float, row), strict=True)) for row in probs]
    lens = mask_lens(loaded.model, loaded.tokenizer, text)
    return [[[word for word, _ in mask[row]] for mask in lens.guesses] for row in range(len(lens.guesses[0]))]

"""The commands that read a trained run: inspect, evaluate and predict, with their choice of weights (the best
by default, --last for the last ones) and the JSON they print."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def _json(obj: Any) -> str:
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

        atomic_write_text(args.csv, result.to_csv())
    if args.json:
        print(_json(result.to_json() | {"weights": loaded.weights, "weights_step": loaded.step}))
        return 0
    print(f"{loaded.describe_weights()} of {args.run}")
    print(f"accuracy {result.accuracy:.4f}   macro-F1 {result.macro_f1:.4f}   ({len(result.texts)} examples)")
    width = max(len(name) for name in result.labels)
    for name, s in result.per_class.items():
        print(
            f"  {name:<{width}}  precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
            f"F1 {s['f1']:.3f}  support {s['support']}"
        )
    return 0


def predict(args: argparse.Namespace) -> int:
    from workbench.core.data import read_file
    from workbench.core.evaluation.evaluate import write_predictions

    loaded = load(args)
    data = read_file(args.data, text_column=args.text_column, labelled=False)
    n = write_predictions(loaded, data.texts, args.out)
    print(f"wrote {n} predictions to {args.out} with the {loaded.describe_weights()}", file=sys.stderr)
    return 0


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
    if args.json:
        out["attention"] = result.attention.round(6).tolist()
        print(_json(out))
        return 0
    info = getattr(loaded.model, "info", None)  # a Hugging Face model folder says what it is
    if info is not None:
        print("model:", info.summary())
    print(f"{loaded.describe_weights()} of {args.run}")
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


def _lens(loaded: Any, text: str) -> list[Any]:
    """Per row (embeddings, then each layer): class probabilities by label, or each [MASK]'s top words."""
    from workbench.core.inspection.lens import classifier_lens, mask_lens

    if loaded.model.classifier is not None:
        probs = classifier_lens(loaded.model, loaded.tokenizer, text).probabilities
        return [dict(zip(loaded.labels, map(float, row), strict=True)) for row in probs]
    lens = mask_lens(loaded.model, loaded.tokenizer, text)
    return [[[word for word, _ in mask[row]] for mask in lens.guesses] for row in range(len(lens.guesses[0]))]

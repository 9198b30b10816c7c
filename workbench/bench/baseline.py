"""Benchmark of a labelled file: TF-IDF + logistic regression baselines against the workbench model trained a
fixed number of steps, from scratch and (with --pretrain) pre-trained first, over several seeds.

    workbench bench baseline FILE.csv [--steps 1500] [--seeds 3] [--preset tiny] [--pretrain TEXT.txt ...]
                                      [--pretrain-steps 1000] [--threads N] [--out DIR] [--json]
    python -m workbench.bench.baseline FILE.csv [the same] [--lr LR] [--max-len N] [--tokenizer char] ...

The rows are deduplicated first (a text is kept once; a text given two different labels is dropped), so no text
is on both sides of the split; then a stratified split with a fixed seed holds out a test part. Baselines:
character TF-IDF (single characters, and 1-2 character n-grams) + logistic regression with C = 1 and 10, and
word 1-2 grams for text that is not Chinese; `strongest` is the best of them on the test rows, which favours
the baseline. The model: `steps` steps of the preset with the app's defaults (its learning rate included) on 90 %
of the training rows, ending, as the app does, on its weights of lowest loss on the other 10 % (no early stop),
which are then scored on the test rows, per seed (the initialisation and batch order) with the mean, spread and
worst seed. With --pretrain (or --pretrain-rows: the training rows alone), masked-LM pre-training
first on those files plus the text of the training rows (never the test rows), then the same fine-tuning per
seed. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workbench.bench.bag import correct, ngram_classifier, share
from workbench.bench.pretraining import _config, _log, _run_root, _train
from workbench.bench.script import print_result
from workbench.core.config import TokenizerKind, TrainConfig, default_lr
from workbench.core.data.cjk import has_cjk
from workbench.core.data.dataset import Dataset, stratified_split
from workbench.core.errors import DataError, WorkbenchError
from workbench.core.evaluation.evaluate import evaluate
from workbench.core.inspection.inspector import load_run

STEPS = 1500
SEEDS = 3
PRETRAIN_STEPS = 1000
TEST_FRACTION = 0.2
VALIDATION_FRACTION = 0.1  # of the training rows, for the model's choice of weights
SPLIT_SEED = 0
C_VALUES = (1.0, 10.0)


def unique_rows(data: Dataset) -> tuple[Dataset, dict[str, int]]:
    """Each text once, in file order (surrounding spaces ignored); texts seen with two labels are dropped."""
    labels: dict[str, set[str]] = {}
    for text, label in zip(data.texts, data.labels or [], strict=True):
        labels.setdefault(text.strip(), set()).add(label)
    seen: set[str] = set()
    keep: list[int] = []
    for i, text in enumerate(data.texts):
        key = text.strip()
        if key not in seen and len(labels[key]) == 1:
            keep.append(i)
        seen.add(key)
    conflicting = sum(len(v) > 1 for v in labels.values())
    counts = {"rows": len(data), "unique_rows": len(keep), "texts_with_two_labels_dropped": conflicting}
    return data.subset(keep), counts


def split(path: str | Path, test_fraction: float = TEST_FRACTION) -> tuple[Dataset, Dataset, dict[str, Any]]:
    """The deduplicated file's fixed stratified split (train, test) and its counts."""
    from workbench.core.data import read_file

    data = read_file(path)
    data.require_classes()
    unique, counts = unique_rows(data)
    train, test = stratified_split(unique, test_fraction, seed=SPLIT_SEED)
    if (train.labels is None or len(set(train.labels)) < 2) or (test.labels is None or not test.labels):
        raise DataError(f"{path} has too few distinct labelled rows for a train and test part.")
    counts.update(train_rows=len(train), test_rows=len(test), classes=len(set(train.labels)))
    return train, test, counts


def baselines(train: Dataset, test: Dataset) -> tuple[dict[str, Any], list[bool]]:
    """Test accuracy of each TF-IDF baseline by C, and the strongest one; and, per test row, whether the
    strongest got it right (for the paired comparison with the model)."""
    kinds: list[tuple[str, str, tuple[int, int]]] = [("char_1", "char", (1, 1)), ("char_1_2", "char", (1, 2))]
    if not has_cjk("".join(test.texts[:200])):
        kinds.append(("word_1_2", "word", (1, 2)))
    out: dict[str, Any] = {}
    best: tuple[str, float, list[bool]] = ("", -1.0, [])
    for name, analyzer, ngrams in kinds:
        scores = {}
        for c in C_VALUES:
            flags = correct(ngram_classifier(train, analyzer=analyzer, ngrams=ngrams, tfidf=True, c=c), test)
            scores[f"C={c:g}"] = accuracy = share(flags)
            if accuracy > best[1]:
                best = (f"{name} C={c:g}", accuracy, flags)
        out[name] = scores
    out["strongest"] = {"name": best[0], "accuracy": best[1]}
    return out, best[2]


def paired(model: Sequence[bool], baseline: Sequence[bool]) -> dict[str, Any]:
    """McNemar's exact test on the same test rows: the rows only the model got right, those only the baseline
    got right, and the two-sided p-value that both are equally good (a binomial test on the rows they differ on)."""
    from scipy.stats import binomtest  # scipy comes with scikit-learn

    model_only = sum(m and not b for m, b in zip(model, baseline, strict=True))
    baseline_only = sum(b and not m for m, b in zip(model, baseline, strict=True))
    differ = model_only + baseline_only
    p = binomtest(model_only, differ, 0.5).pvalue if differ else 1.0
    return {"model_only": model_only, "baseline_only": baseline_only, "p": float(f"{p:.3g}")}


def spread(values: Sequence[float]) -> dict[str, float]:
    """Mean, sample standard deviation (0 for one value), min and max, rounded to 4 places."""
    return {
        "mean": round(statistics.fmean(values), 4),
        "std": round(statistics.stdev(values), 4) if len(values) > 1 else 0.0,
        "min": min(values),
        "max": max(values),
    }


def run(
    path: str | Path,
    *,
    preset: str = "tiny",
    steps: int = STEPS,
    seeds: Sequence[int] = tuple(range(SEEDS)),
    pretrain: Sequence[str | Path] = (),
    pretrain_steps: int = PRETRAIN_STEPS,
    pretrain_rows: bool = False,
    pretrain_lr: float | None = None,
    pretrain_batch: int | None = None,
    lr: float | None = None,
    max_len: int | None = None,
    tokenizer: str | None = None,
    test_fraction: float = TEST_FRACTION,
    device: str = "cpu",
    threads: int | None = None,
    out: Path | None = None,
    pretrained_run: Path | None = None,
    scratch: bool = True,
    log: Any = None,
) -> dict[str, Any]:
    """Baselines, then the model from scratch (and pre-trained, when text is given) for each seed."""
    started = time.perf_counter()
    train, test, counts = split(path, test_fraction)
    result: dict[str, Any] = {"data": str(path), **counts, "split_seed": SPLIT_SEED}
    _log(log, f"{json.dumps(counts)}; baselines...")
    strongest_flags: list[bool] = []
    try:
        result["baselines"], strongest_flags = baselines(train, test)
    except WorkbenchError as err:
        result["baselines"] = {"error": str(err)}
    _log(log, f"baselines: {json.dumps(result['baselines'])}")
    strongest = result["baselines"].get("strongest", {}).get("accuracy")
    # The model chooses its weights as the app does, by validation loss, on a part of the training rows: the
    # test rows stay unseen until scored (the baselines, fitted on every training row, pick their best on them).
    fit, val = stratified_split(train, VALIDATION_FRACTION, seed=SPLIT_SEED)
    result["model_split"] = {"fit_rows": len(fit), "validation_rows": len(val)}
    result["model"] = {"preset": preset, "steps": steps, "device": device, "threads": threads}
    with _run_root(out) as root:
        starts: list[tuple[str, Path | None]] = [("scratch", None)] if scratch else []
        if pretrained_run is not None:
            starts.append(("pretrained", Path(pretrained_run)))
            result["pretraining"] = {"reused": str(pretrained_run)}
        elif pretrain or pretrain_rows:
            pre = _pretrain(
                pretrain,
                train,
                root,
                preset,
                pretrain_steps,
                max_len,
                tokenizer,
                device,
                threads,
                log,
                pretrain_lr,
                pretrain_batch,
            )
            result["pretraining"] = pre
            if "error" not in pre:
                starts.append(("pretrained", root / "pretrained"))
        for name, init in starts:
            runs = []
            for seed in seeds:
                _log(log, f"{name}, seed {seed}: {steps} steps of {preset}...")
                config = _config(preset, "classify", steps=steps, seed=seed, device=device, threads=threads)
                config.data.source = f"{path} (training part)"
                config.data.val_rows = 0  # every validation row
                if init is not None:
                    config.train.init_from = str(init)
                else:
                    config.model.max_len = max_len or config.model.max_len
                    config.data.tokenizer = TokenizerKind(tokenizer or config.data.tokenizer)
                config.train.lr = lr or default_lr(preset, fine_tuning=init is not None) or TrainConfig.lr
                run_dir = root / f"{name}_seed{seed}"
                one = _train(config, fit, val, run_dir, log)
                if "error" not in one:
                    metrics, scored = one.pop("metrics"), evaluate(load_run(run_dir), test)
                    one = {
                        "seed": seed,
                        "accuracy": round(scored.accuracy, 4),
                        "macro_f1": round(scored.macro_f1, 4),
                        "validation_accuracy": round(metrics["val_accuracy"], 4),
                        "lr": config.train.lr,
                        **(
                            {"vs_strongest": paired((scored.true == scored.predicted).tolist(), strongest_flags)}
                            if strongest_flags
                            else {}
                        ),
                        **{k: one[k] for k in ("steps", "best_step", "steps_per_s", "wall_s", "curve")},
                    }
                runs.append(one)
                _log(log, f"{name}, seed {seed}: {json.dumps({k: v for k, v in one.items() if k != 'curve'})}")
            part: dict[str, Any] = {"runs": runs}
            scores = [r["accuracy"] for r in runs if "accuracy" in r]
            if scores:
                part.update(spread(scores))
                if strongest is not None:
                    part["margin_points"] = round(100 * (part["mean"] - strongest), 2)
                    part["worst_seed_margin_points"] = round(100 * (part["min"] - strongest), 2)
            result[name] = part
    result["wall_s"] = round(time.perf_counter() - started, 1)
    return result


def _pretrain(
    files: Sequence[str | Path],
    train: Dataset,
    root: Path,
    preset: str,
    steps: int,
    max_len: int | None,
    tokenizer: str | None,
    device: str,
    threads: int | None,
    log: Any,
    lr: float | None = None,
    batch: int | None = None,
) -> dict[str, Any]:
    """Masked-LM pre-training on the given files (if any) and the training rows' text, joined into one
    plain-text file."""
    text = root / "pretrain.txt"
    with text.open("w", encoding="utf-8") as joined:
        for name in files:
            try:
                body = Path(name).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                raise DataError(f"Cannot read the pre-training text {name}: {err}") from None
            joined.write(body if body.endswith("\n") else body + "\n")
        for row in train.texts:
            joined.write(" ".join(row.split()) + "\n")
    config = _config(preset, "mlm", steps=steps, seed=0, device=device, threads=threads)
    config.data.source = str(text)
    config.model.max_len = max_len or config.model.max_len
    config.data.tokenizer = TokenizerKind(tokenizer or config.data.tokenizer)
    config.train.lr = lr or config.train.lr
    config.train.batch_size = batch or config.train.batch_size
    sources = [*map(str, files), "the training rows"]
    _log(log, f"pre-training {preset} for {steps} steps on {' + '.join(sources)}...")
    pre = _train(config, None, None, root / "pretrained", log)
    if "error" in pre:
        return pre
    metrics = pre.pop("metrics")
    pre.pop("curve", None)
    pre.update({k: round(metrics[k], 4) for k in ("masked_accuracy", "unigram_accuracy")})
    return pre


def _seeds(value: int | None) -> list[int]:
    return list(range(SEEDS if value is None else value))


def add_options(parser: argparse.ArgumentParser) -> None:
    """The options `python -m workbench.bench.baseline` has beyond `workbench bench`'s."""
    parser.add_argument("file", help="a labelled CSV/TSV/JSONL/Parquet file")
    parser.add_argument("--preset", default="tiny")
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--seeds", type=int, dest="seed_count", help=f"how many seeds, 0.. (default {SEEDS})")
    parser.add_argument("--pretrain", action="append", default=[], metavar="TEXT.txt")
    parser.add_argument("--pretrain-steps", type=int, default=PRETRAIN_STEPS)
    parser.add_argument(
        "--pretrain-rows", action="store_true", help="pre-train on the training rows' text (alone, without --pretrain)"
    )
    parser.add_argument("--pretrain-lr", type=float, help="the pre-training's peak learning rate (default 1e-3)")
    parser.add_argument("--pretrain-batch", type=int, help="the pre-training's batch size (default 32)")
    parser.add_argument("--pretrained-run", type=Path, help="fine-tune from this kept pre-training (OUT/pretrained)")
    parser.add_argument("--no-scratch", action="store_true", help="only the pre-trained start (skip from-scratch runs)")
    parser.add_argument("--lr", type=float, help="peak learning rate (default: the app's for the preset)")
    parser.add_argument("--max-len", type=int, help="longest input in tokens (default: the preset's)")
    parser.add_argument("--tokenizer", choices=("wordpiece", "char"))
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--out", type=Path, help="keep the runs in this folder")


def run_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """`workbench bench baseline FILE` (options the bench parser lacks take their defaults)."""
    path = getattr(args, "file", None) or getattr(args, "data", None)
    if path is None:
        raise WorkbenchError("Name a labelled file: `workbench bench baseline FILE.csv [--pretrain TEXT.txt]`.")
    return run(
        path,
        preset=getattr(args, "preset", None) or "tiny",
        steps=getattr(args, "steps", None) or STEPS,
        seeds=_seeds(getattr(args, "seed_count", None)),
        pretrain=getattr(args, "pretrain", None) or (),
        pretrain_steps=getattr(args, "pretrain_steps", None) or PRETRAIN_STEPS,
        pretrain_rows=bool(getattr(args, "pretrain_rows", False)),
        pretrain_lr=getattr(args, "pretrain_lr", None),
        pretrain_batch=getattr(args, "pretrain_batch", None),
        pretrained_run=getattr(args, "pretrained_run", None),
        scratch=not getattr(args, "no_scratch", False),
        lr=getattr(args, "lr", None),
        max_len=getattr(args, "max_len", None),
        tokenizer=getattr(args, "tokenizer", None),
        device=getattr(args, "device", None) or "cpu",
        threads=getattr(args, "threads", None),
        out=getattr(args, "out", None),
        log=sys.stderr,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workbench.bench.baseline", description=__doc__.splitlines()[0])
    add_options(parser)
    parser.add_argument(
        "--json", action="store_true", help="accepted as `workbench bench` takes it: the result is JSON"
    )
    args = parser.parse_args(argv)
    return print_result(lambda: run_from_args(args))


if __name__ == "__main__":
    sys.exit(main())

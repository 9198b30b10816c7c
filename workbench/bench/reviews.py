"""Benchmark of demo:reviews: bag-of-words baselines against the encoder on held-out sentence shapes.

    python -m workbench.bench.reviews [--seconds 180] [--seeds 0,1,2] [--preset small] [--baselines-only]

Targets: on the test part (held-out sentence frames only) a unigram model scores <= 60 % and a bigram one
<= 65 %; the encoder after `seconds` of CPU training scores >= 75 % (mean over the seeds) and at least 15
points above the unigram model, and >= 95 % on seen_test (new sentences of the training frames). Prints one
JSON object on stdout, progress on stderr. scikit-learn (a dev extra) is needed for the baselines only.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workbench.bench.bag import correct, ngram_classifier, share
from workbench.bench.script import print_result
from workbench.core.data.dataset import Dataset
from workbench.core.data.demo import reviews_benchmark, reviews_frame_ids
from workbench.core.errors import WorkbenchError

TARGETS = {
    "unigram_test_max": 0.60,
    "bigram_test_max": 0.65,
    "encoder_test_min": 0.75,
    "encoder_margin_over_unigram_min": 0.15,
    "encoder_seen_test_min": 0.95,
}
PARTS = ("test", "seen_test")


def baselines(split: dict[str, Dataset] | None = None) -> dict[str, dict[str, Any]]:
    """CountVectorizer + LogisticRegression (default settings, with enough iterations to converge), unigrams
    and uni+bigrams, trained on train: accuracy on test and seen_test, and on each held-out frame."""
    split = split or reviews_benchmark()
    frames = reviews_frame_ids()["test"]
    out: dict[str, dict[str, Any]] = {}
    for name, ngrams in (("unigram", (1, 1)), ("bigram", (1, 2))):
        predict = ngram_classifier(split["train"], ngrams=ngrams)
        scores: dict[str, Any] = {}
        for part in PARTS:
            right = correct(predict, split[part])
            scores[part] = share(right)
            if part == "test":
                scores["test_frames"] = _by_frame(right, frames)
        out[name] = scores
    return out


def train_encoder(
    split: dict[str, Dataset],
    seconds: float,
    seed: int,
    preset: str = "small",
    device: str = "cpu",
    threads: int | None = None,
) -> dict[str, Any]:
    """One engine run of `seconds` on train (validation: test). The final model (not the best checkpoint, which
    would be chosen on the test part) is scored on test, seen_test and each held-out frame."""
    import numpy as np

    from workbench.core.config import RunConfig
    from workbench.core.config import preset as preset_config
    from workbench.core.training.batching import EncodedSet
    from workbench.core.training.engine import Trainer
    from workbench.core.training.events import DoneEvent, ErrorEvent, StepEvent

    config = RunConfig(model=preset_config(preset), preset=preset)
    config.data.source = "demo:reviews"
    config.train.max_time = seconds
    config.train.seed = seed
    config.train.device = device
    config.train.threads = threads
    config.train.early_stopping_patience = None  # a fixed training time; the test rows must not pick the stop
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="workbench-bench-") as tmp:
        trainer = Trainer(config, train=split["train"], val=split["test"], run_dir=Path(tmp) / "run")
        steps, done = 0, None
        for event in trainer.fit():
            if isinstance(event, StepEvent):
                steps = event.step
            elif isinstance(event, ErrorEvent):
                return {"seed": seed, "error": event.message}
            elif isinstance(event, DoneEvent):
                done = event
        assert done is not None and trainer.tokenizer is not None and trainer.run is not None
        assert trainer.model is not None
        # The run ends on its best weights by validation loss, and its validation rows here are the test rows:
        # score the last weights, as a fixed training time gives them, so the test set picks nothing.
        trainer.run.load_model_weights(trainer.model)
        tokenizer, index = trainer.tokenizer, {name: i for i, name in enumerate(trainer.labels)}

        def accuracy(texts: list[str], labels: list[str]) -> float:
            rows = tokenizer.encode_ids(texts, config.model.max_len)
            ids = np.array([index[x] for x in labels], dtype=np.int64)
            return round(float(trainer.evaluate(EncodedSet.build(rows, tokenizer.pad_id, ids))["val_accuracy"]), 4)

        result: dict[str, Any] = {"seed": seed}
        for part in PARTS:
            result[part] = accuracy(split[part].texts, split[part].labels or [])
        rows_by_frame: dict[str, list[int]] = defaultdict(list)
        for i, fid in enumerate(reviews_frame_ids()["test"]):
            rows_by_frame[fid].append(i)
        test = split["test"]
        result["test_frames"] = {
            fid: accuracy([test.texts[i] for i in rows], [(test.labels or [])[i] for i in rows])
            for fid, rows in sorted(rows_by_frame.items())
        }
    result.update(steps=steps, stop_reason=done.reason, wall_s=round(time.perf_counter() - started, 1))
    return result


def run(
    seconds: float = 180,
    seeds: Sequence[int] = (0, 1, 2),
    preset: str = "small",
    device: str = "cpu",
    threads: int | None = None,
    log: Any = None,
) -> dict[str, Any]:
    """Baselines and (when the engine is installed) one encoder run per seed; the means and targets met."""
    split = reviews_benchmark()
    result: dict[str, Any] = {"data": {part: len(data) for part, data in split.items()}, "targets": TARGETS}
    try:
        result["baselines"] = baselines(split)
    except WorkbenchError as err:
        result["baselines"] = {"error": str(err)}
    _log(log, f"baselines: {json.dumps(result['baselines'])}")
    if not seeds:
        result["encoder"] = {"skipped": "no seeds were given"}
    elif importlib.util.find_spec("workbench.core.training.engine") is None:
        result["encoder"] = {"error": "The training engine (workbench.core.training.engine) is not available."}
    else:
        runs = []
        for seed in seeds:
            _log(log, f"training the {preset} encoder for {seconds:g} s on {device}, seed {seed}...")
            runs.append(train_encoder(split, seconds, seed, preset, device, threads))
            _log(log, f"seed {seed}: {json.dumps(runs[-1])}")
        done = [r for r in runs if "error" not in r]
        encoder: dict[str, Any] = {"preset": preset, "seconds": seconds, "device": device, "runs": runs}
        if done:
            encoder["mean"] = {part: round(sum(r[part] for r in done) / len(done), 4) for part in PARTS}
        result["encoder"] = encoder
    result["met"] = targets_met(result)
    return result


def targets_met(result: dict[str, Any]) -> dict[str, bool]:
    """Which targets the numbers in a run() result meet (only those that could be measured)."""
    met: dict[str, bool] = {}
    base = result.get("baselines", {})
    if "unigram" in base:
        met["unigram_test"] = base["unigram"]["test"] <= TARGETS["unigram_test_max"]
        met["bigram_test"] = base["bigram"]["test"] <= TARGETS["bigram_test_max"]
    mean = result.get("encoder", {}).get("mean")
    if mean:
        met["encoder_test"] = mean["test"] >= TARGETS["encoder_test_min"]
        met["encoder_seen_test"] = mean["seen_test"] >= TARGETS["encoder_seen_test_min"]
        if "unigram" in base:
            margin = mean["test"] - base["unigram"]["test"]
            met["encoder_margin"] = margin >= TARGETS["encoder_margin_over_unigram_min"]
    return met


def _by_frame(right: list[bool], frames: list[str]) -> dict[str, float]:
    groups: dict[str, list[bool]] = defaultdict(list)
    for ok, fid in zip(right, frames, strict=True):
        groups[fid].append(ok)
    return {fid: share(flags) for fid, flags in sorted(groups.items())}


def _log(stream: Any, line: str) -> None:
    if stream is not None:
        print(line, file=stream, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="workbench bench reviews", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=180, help="training time per seed (default 180)")
    parser.add_argument("--seeds", default="0,1,2", help="comma-separated training seeds (default 0,1,2)")
    parser.add_argument("--preset", default="small", help="model preset (default small)")
    parser.add_argument("--device", default="cpu", help="cpu (the targets' setting), cuda, mps or auto")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads for torch (default: torch's)")
    parser.add_argument("--baselines-only", action="store_true", help="skip the encoder (seconds, not minutes)")
    args = parser.parse_args(argv)
    try:
        seeds = [] if args.baselines_only else [int(s) for s in args.seeds.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--seeds must be whole numbers separated by commas (got {args.seeds!r})")
    return print_result(lambda: run(args.seconds, seeds, args.preset, args.device, args.threads, log=sys.stderr))


if __name__ == "__main__":
    sys.exit(main())


def run_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """`workbench bench reviews`."""
    return run(seconds=args.seconds or 180.0, preset=args.preset)

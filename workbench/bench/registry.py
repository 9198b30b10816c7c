"""The benchmarks `workbench bench NAME` can run: NAME → (module, one-line help).

Each module has `run(args: argparse.Namespace) -> dict` returning the JSON-able result. Modules are imported only
when chosen, so `workbench bench train` never loads Qt and `workbench --help` never loads torch.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

BENCHES: dict[str, tuple[str, str]] = {
    "train": ("workbench.bench.train", "engine vs nn.TransformerEncoder: tokens/s, loss gap, MFU"),
    "reviews": ("workbench.bench.reviews", "accuracy on held-out review frames vs unigram/bigram baselines"),
    "baseline": (
        "workbench.bench.baseline",
        "a labelled file: character TF-IDF + logistic regression vs the model after N steps, scratch and pre-trained",
    ),
    "gui": ("workbench.bench.gui_qt", "training inside the real window: event-loop stalls, speed ratio, redraws"),
    "startup": ("workbench.bench.startup", "time to a usable window and to torch ready, from source and packaged"),
    "pretraining": ("workbench.bench.pretraining", "masked-LM on a book vs unigram; pre-trained vs scratch"),
    "inspect": ("workbench.bench.inspect_qt", "the Inspect page: sentence to repainted grid, small/base/256 tokens"),
    "checkpoint": ("workbench.bench.checkpoint", "open a base-size BERT model folder, inspect 32-token sentences"),
    "demo": (
        "workbench.bench.demo_qt",
        "the first minute in the real window: loss drop, trained attention, presenter text",
    ),
}


def run_bench(name: str, args: argparse.Namespace) -> dict[str, Any]:
    module = importlib.import_module(BENCHES[name][0])
    result: dict[str, Any] = module.run_from_args(args)
    return result

"""`workbench bench checkpoint`: opening a base-size BERT model folder and inspecting a sentence with it.

Without --model it writes a random BERT-base classifier (110 M parameters, BERT's own init: N(0, 0.02)) in the
Hugging Face layout to a temporary folder, with the workbench's own modules and safetensors (transformers is not
needed), then measures what `workbench inspect` does: open the folder, then tokens + probabilities + every head's
attention for 32-token sentences. The folder was just written, so its file is in the page cache (a warm open).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import save_file

from workbench.core.inspection.inspector import inspect_text, load_run
from workbench.core.model.hf.bert import BertSpec, build

SENTENCE = "the food was not very good but the service and staff were really great and the view never"
WORDS = SENTENCE.split()
SENTENCES = 20
OPENS = 3


BASE = {"hidden_size": 768, "num_hidden_layers": 12, "num_attention_heads": 12, "intermediate_size": 3072}


def write_random_bert(folder: Path, seed: int = 0, vocab_size: int = 30522, **sizes: int) -> None:
    """A sequence classifier with random weights (BERT-base unless sizes say otherwise), as save_pretrained lays
    it out."""
    dims = BASE | sizes
    spec = BertSpec(
        vocab_size=vocab_size,
        hidden_size=dims["hidden_size"],
        num_hidden_layers=dims["num_hidden_layers"],
        num_attention_heads=dims["num_attention_heads"],
        intermediate_size=dims["intermediate_size"],
    )
    spec.num_labels, spec.labels = 2, ["negative", "positive"]
    model = build(spec)
    gen = torch.Generator().manual_seed(seed)
    state = {}
    for name, tensor in model.state_dict().items():
        if "LayerNorm.weight" in name:
            value = torch.ones_like(tensor)
        elif tensor.dim() == 1:
            value = torch.zeros_like(tensor)
        else:
            value = torch.empty_like(tensor).normal_(0.0, 0.02, generator=gen)
        state[name if name.startswith("classifier") else f"bert.{name}"] = value
    folder.mkdir(parents=True, exist_ok=True)
    save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})
    config = {
        "architectures": ["BertForSequenceClassification"],
        "model_type": "bert",
        "vocab_size": spec.vocab_size,
        "hidden_size": spec.hidden_size,
        "num_hidden_layers": spec.num_hidden_layers,
        "num_attention_heads": spec.num_attention_heads,
        "intermediate_size": spec.intermediate_size,
        "id2label": {"0": "negative", "1": "positive"},
    }
    (folder / "config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    vocab = ["[PAD]", *[f"[unused{i}]" for i in range(99)], "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    vocab += sorted(set(WORDS))
    vocab += [f"tok{i}" for i in range(spec.vocab_size - len(vocab))]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")


def measure(folder: Path) -> dict[str, Any]:
    opens = []
    for _ in range(OPENS):
        start = time.perf_counter()
        loaded = load_run(folder)
        opens.append(time.perf_counter() - start)
    model, tok = loaded.model, loaded.tokenizer
    texts = [" ".join((WORDS[i:] + WORDS * 3)[:30]) for i in range(SENTENCES)]
    start = time.perf_counter()
    inspect_text(model, tok, texts[0])  # the first pass also pages the weights in from the file
    first = time.perf_counter() - start
    times = []
    for text in texts:
        start = time.perf_counter()
        inspect_text(model, tok, text)
        times.append(time.perf_counter() - start)
    times.sort()
    info = getattr(model, "info", None)
    return {
        "open_s": round(statistics.median(opens), 3),
        "first_inspect_s": round(first, 3),
        "inspect_p50_ms": round(1000 * statistics.median(times), 1),
        "inspect_p95_ms": round(1000 * times[int(0.95 * (len(times) - 1))], 1),
        "tokens": len(tok.encode_ids([texts[0]], model.cfg.max_len)[0]),
        "parameters_m": round(sum(p.numel() for p in model.parameters()) / 1e6, 1),
        "model": info.summary() if info is not None else str(folder),
        "threads": torch.get_num_threads(),
    }


def run_from_args(args: argparse.Namespace) -> dict[str, Any]:
    if getattr(args, "model", None) is not None:
        return measure(Path(args.model))
    with tempfile.TemporaryDirectory(prefix="workbench-bert-") as tmp:
        write_random_bert(Path(tmp) / "bert-base")
        return measure(Path(tmp) / "bert-base")

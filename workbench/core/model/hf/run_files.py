"""A run fine-tuned from a Hugging Face checkpoint keeps the checkpoint's architecture and tokenizer: its folder
holds architecture.json (the BertSpec: post-norm, learned positions, token types, pooler, the heads it has, and
the tokenizer's special tokens) beside the usual files, and every reader builds the model from it.

A run folder without architecture.json is the workbench's own encoder, as it always was."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from torch import nn

from workbench.core.config import ModelConfig
from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.errors import RunError
from workbench.core.model.hf.bert import ACTIVATIONS, POOLER_ACTIVATIONS, BertSpec, build
from workbench.core.model.hf.tokenizer import CheckpointTokenizer, load_saved_tokenizer
from workbench.core.runs.files import atomic_write_text
from workbench.core.runs.readers import check_types, read_object

ARCHITECTURE_FILE = "architecture.json"
TOKENIZER_FILE = "tokenizer.json"
FORMAT = "bert-family/1"


@dataclasses.dataclass
class Architecture:
    spec: BertSpec
    special: dict[str, str]  # tokenizer role → token text ([CLS] ...), whose ids the tokenizer looks up
    model_type: str = "bert"
    source: str = ""  # the checkpoint folder the run started from


def save_architecture(
    run_dir: Path, spec: BertSpec, tokenizer: CheckpointTokenizer, model_type: str, source: str
) -> None:
    data = {
        "format": FORMAT,
        "model_type": model_type,
        "source": source,
        "spec": dataclasses.asdict(spec),
        "special_tokens": tokenizer.special,
    }
    atomic_write_text(Path(run_dir) / ARCHITECTURE_FILE, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def read_architecture(run_dir: Path) -> Architecture | None:
    """The run's architecture.json, or None for a run of the workbench's own encoder; RunError when damaged."""
    path = Path(run_dir) / ARCHITECTURE_FILE
    if not path.exists():
        return None
    data = read_object(path)
    if data.get("format") != FORMAT:
        raise RunError(f"{path} is of an unknown format ({data.get('format')!r}); a newer app wrote it?")
    spec_data, special = data.get("spec"), data.get("special_tokens")
    if not isinstance(spec_data, dict) or not isinstance(special, dict):
        raise RunError(f"{path} is damaged (no spec or special_tokens); the run folder is damaged.")
    try:
        spec = BertSpec(**spec_data)
    except TypeError as err:
        raise RunError(f"{path} is damaged ({err}).") from None
    check_types(spec, str(path))
    if spec.hidden_act not in ACTIVATIONS or spec.pooler_act not in POOLER_ACTIVATIONS:
        raise RunError(f"{path} names an activation that does not open here; the file was edited.")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in special.items()):
        raise RunError(f"{path}: special_tokens is damaged (expected role → token text).")
    return Architecture(spec, dict(special), str(data.get("model_type", "bert")), str(data.get("source", "")))


def run_tokenizer(run_dir: Path) -> TextTokenizer:
    """The run's tokenizer: the checkpoint's own (special tokens at its ids) or the workbench's."""
    arch = read_architecture(run_dir)
    if arch is None:
        return TextTokenizer.load(Path(run_dir) / TOKENIZER_FILE)
    return load_saved_tokenizer(Path(run_dir) / TOKENIZER_FILE, arch.special)


def run_model(run_dir: Path, model_cfg: ModelConfig) -> nn.Module:
    """A model of the run's architecture and shape, for its saved weights to be loaded into."""
    from workbench.core.model.encoder import EncoderModel

    arch = read_architecture(run_dir)
    if arch is None:
        return EncoderModel(model_cfg)
    return build(spec_for(arch.spec, model_cfg.n_classes))


def spec_for(spec: BertSpec, n_classes: int) -> BertSpec:
    """The spec with a classifier of n_classes outputs (0: none), as config.toml's [model] says."""
    if n_classes == spec.num_labels:
        return spec
    return dataclasses.replace(spec, num_labels=n_classes, has_pooler=spec.has_pooler or n_classes > 0)


def same_structure(model: nn.Module) -> nn.Module:
    """An empty model of model's class and shape (for a copy of its weights to be loaded into)."""
    from workbench.core.model.encoder import EncoderModel

    spec: Any = getattr(model, "spec", None)
    cfg: Any = model.cfg
    if isinstance(spec, BertSpec):
        return build(spec_for(spec, cfg.n_classes))
    return EncoderModel(cfg)

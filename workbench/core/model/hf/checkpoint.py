"""Opening a Hugging Face checkpoint folder: config.json + safetensors weights + the tokenizer, all offline.

Weights are read with `safetensors` only; pickle files (pytorch_model.bin, *.pt, *.ckpt, *.pth) are refused
without being opened, since unpickling can run any code. The model is built without a random init and the
checkpoint's tensors are assigned into it, so no time goes to a random init that would be overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file

from workbench.core.errors import RunError
from workbench.core.model.hf.bert import ACTIVATIONS, BertSpec, BertWorkbenchModel, build
from workbench.core.model.hf.families import Family, family_of
from workbench.core.model.hf.folder import (
    CONFIG_JSON,
    CONVERT_HINT,
    PICKLE_SUFFIXES,
    _labels,
    _pickle_files,
    _read_config,
    _weight_files,
)
from workbench.core.model.hf.info import CheckpointInfo
from workbench.core.model.hf.tokenizer import CheckpointTokenizer, load_checkpoint_tokenizer

SAFETENSORS = "model.safetensors"


def _state_dict(files: list[Path], family: Family) -> dict[str, torch.Tensor]:
    state: dict[str, torch.Tensor] = {}
    for f in files:
        try:
            state.update(load_file(f))
        except (SafetensorError, OSError, ValueError) as err:
            raise RunError(f"{f} cannot be read as safetensors ({err}).") from None
    out = {}
    for key, value in state.items():
        out[family.rename(key)] = value.float() if value.is_floating_point() else value
    return out


def _spec(config: dict[str, Any], folder: Path, state: dict[str, torch.Tensor], family: Family, arch: str) -> BertSpec:
    if config.get("position_embedding_type", "absolute") != "absolute":
        raise RunError(f"{folder} uses {config['position_embedding_type']} positions; only absolute ones open here.")
    if config.get("is_decoder") or config.get("add_cross_attention"):
        raise RunError(f"{folder} is a decoder; only encoders open here.")
    values: dict[str, Any] = {field: config[key] for field, key in family.keys.items() if config.get(key) is not None}
    values.update(family.fixed)
    if "pad_token_id" in family.keys:  # RoBERTa: positions count from pad_token_id + 1
        values.setdefault("pad_token_id", 1)
        values["position_offset"] = int(values["pad_token_id"]) + 1
    for key in ("vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size"):
        if not isinstance(values.get(key), int) or isinstance(values[key], bool) or values[key] <= 0:
            raise RunError(f"{folder / CONFIG_JSON} has no usable {family.keys[key]} (got {values.get(key)!r}).")
    if values.get("hidden_act", "gelu") not in ACTIVATIONS:
        raise RunError(f"{folder} uses the activation {values['hidden_act']!r}; these open: {', '.join(ACTIVATIONS)}.")
    if values["hidden_size"] % values["num_attention_heads"]:
        raise RunError(f"{folder / CONFIG_JSON}: the hidden size is not a multiple of the number of heads.")
    has_classifier = "classifier.weight" in state
    if arch == family.classifier_architecture and not has_classifier:
        raise RunError(f"{folder} is a {arch} without classifier weights.")
    n_labels = int(state["classifier.weight"].shape[0]) if has_classifier else 0
    if has_classifier and n_labels < 2:
        raise RunError(f"{folder} is a regression model (1 output); only classifiers with 2 or more classes open.")
    if has_classifier and config.get("problem_type") == "multi_label_classification":
        raise RunError(f"{folder} is a multi-label classifier; only single-label classifiers open here.")
    try:
        return BertSpec(
            **values,
            tie_word_embeddings=bool(config.get("tie_word_embeddings", True)),
            num_labels=n_labels,
            has_pooler="pooler.dense.weight" in state,
            has_mlm="cls.predictions.transform.dense.weight" in state,
            labels=_labels(config, n_labels),
        )
    except (TypeError, ValueError) as err:
        raise RunError(f"{folder / CONFIG_JSON} has an unusable value ({err}).") from None


def _assign(model: BertWorkbenchModel, state: dict[str, torch.Tensor], folder: Path) -> None:
    expected = model.state_dict()
    if model.spec.tie_word_embeddings:  # the decoder is the embedding matrix; a saved copy is redundant
        state.pop("cls.predictions.decoder.weight", None)
    if "cls.predictions.decoder.bias" in state:  # the bias the decoder applies (untied: not predictions.bias)
        state["cls.predictions.bias"] = state.pop("cls.predictions.decoder.bias")
    missing = [k for k in expected if k not in state]
    if missing:
        raise RunError(f"{folder} lacks the weight {missing[0]} that its config.json implies; the files do not match.")
    for key, tensor in expected.items():
        if tuple(state[key].shape) != tuple(tensor.shape):
            raise RunError(
                f"{folder}: the weight {key} has shape {list(state[key].shape)} but config.json implies "
                f"{list(tensor.shape)}; the config and the weights do not belong together."
            )
    # Unexpected keys (the next-sentence head, old position_ids buffers) are left out on purpose.
    model.load_state_dict({k: state[k] for k in expected}, strict=True, assign=True)


@dataclass
class OpenedCheckpoint:
    model: BertWorkbenchModel
    tokenizer: CheckpointTokenizer
    labels: list[str]
    info: CheckpointInfo


def open_checkpoint(path: Path) -> OpenedCheckpoint:
    """Open a Hugging Face model folder (CPU, fp32, eval mode). Raises RunError with one line if it cannot."""
    path = Path(path)
    if path.is_file():
        if path.suffix in PICKLE_SUFFIXES:
            raise RunError(
                f"{path} is a pickle file, which is never opened here because unpickling can run any "
                f"code; {CONVERT_HINT}."
            )
        path = path.parent
    if not (path / CONFIG_JSON).is_file():
        if path.is_dir() and _pickle_files(path):
            raise RunError(
                f"{path} holds pickle weights ({_pickle_files(path)[0]}) and no config.json; {CONVERT_HINT}."
            )
        raise RunError(f"{path} is not a model folder (no config.json) nor a run folder.")
    config = _read_config(path)
    family, arch = family_of(config, str(path))
    files = _weight_files(path)
    tokenizer = load_checkpoint_tokenizer(path, family.special)
    state = _state_dict(files, family)
    spec = _spec(config, path, state, family, arch)
    if tokenizer.vocab_size > spec.vocab_size:
        raise RunError(
            f"The tokenizer in {path} has {tokenizer.vocab_size} tokens but the model only {spec.vocab_size} "
            "embeddings; the tokenizer belongs to another model."
        )
    model = build(spec)
    _assign(model, state, path)
    model.eval()
    model.requires_grad_(False)
    info = CheckpointInfo(
        path=path,
        model_type=family.model_type,
        architecture=arch,
        parameters=sum(p.numel() for p in model.parameters()),
        vocab_size=spec.vocab_size,
        layers=spec.num_hidden_layers,
        heads=spec.num_attention_heads,
        hidden=spec.hidden_size,
        has_classifier=spec.num_labels > 0,
        has_mlm=spec.has_mlm,
    )
    model.info = info
    return OpenedCheckpoint(model, tokenizer, spec.labels, info)

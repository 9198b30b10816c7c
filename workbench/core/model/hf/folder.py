"""A Hugging Face model folder read without torch: is it one, its config.json, its weight files (pickle refused),
and what the app shows before opening it (the class names, the shape). checkpoint.py opens the weights."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from workbench.core.config import ModelConfig, Pooling, Positional
from workbench.core.errors import RunError
from workbench.core.model.hf.families import family_of

CONFIG_JSON = "config.json"
SAFETENSORS = "model.safetensors"
SAFETENSORS_INDEX = "model.safetensors.index.json"
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl")
CONVERT_HINT = (
    "convert it to model.safetensors on a machine where you trust it, e.g. with transformers: "
    "`AutoModelForMaskedLM.from_pretrained(FOLDER).save_pretrained(FOLDER)` (the model's own Auto class keeps its head)"
)


def is_checkpoint_folder(path: Path) -> bool:
    """True for a folder in the Hugging Face layout (config.json, safetensors or pickle weights), which
    open_checkpoint should open (or refuse with its reason) rather than the run-folder reader."""
    path = Path(path)
    if path.is_file():
        return path.suffix in PICKLE_SUFFIXES or path.name == CONFIG_JSON
    if not path.is_dir() or (path / "run.json").exists():
        return False
    return (path / CONFIG_JSON).is_file() or bool(_pickle_files(path))


def _pickle_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix in PICKLE_SUFFIXES and p.is_file())


def _read_config(folder: Path) -> dict[str, Any]:
    try:
        config = json.loads((folder / CONFIG_JSON).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise RunError(f"{folder / CONFIG_JSON} cannot be read ({err}).") from None
    if not isinstance(config, dict):
        raise RunError(f"{folder / CONFIG_JSON} is not a model configuration (expected a JSON object).")
    return config


def _weight_files(folder: Path) -> list[Path]:
    """The safetensors files holding the weights (one file, or the shards an index names)."""
    if (folder / SAFETENSORS).is_file():
        return [folder / SAFETENSORS]
    if (folder / SAFETENSORS_INDEX).is_file():
        try:
            weight_map = json.loads((folder / SAFETENSORS_INDEX).read_text(encoding="utf-8"))["weight_map"]
            names = sorted(set(weight_map.values()))
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as err:
            raise RunError(f"{folder / SAFETENSORS_INDEX} cannot be read ({err}).") from None
        missing = [n for n in names if not (folder / n).is_file()]
        if missing:
            raise RunError(f"{folder} lacks the weight shard {missing[0]} named in {SAFETENSORS_INDEX}.")
        return [folder / n for n in names]
    shards = sorted(folder.glob("*.safetensors"))
    if len(shards) == 1:
        return shards
    pickles = _pickle_files(folder)
    if pickles:
        raise RunError(
            f"{folder} holds its weights only as a pickle ({pickles[0]}), which is never opened here because "
            f"unpickling can run any code; {CONVERT_HINT}."
        )
    raise RunError(f"{folder} has a config.json but no weights (model.safetensors); it is not a model folder.")


def _labels(config: dict[str, Any], n: int) -> list[str]:
    id2label = config.get("id2label")
    if isinstance(id2label, dict):
        try:
            by_id = {int(k): str(v) for k, v in id2label.items()}
        except ValueError:
            by_id = {}
        if sorted(by_id) == list(range(n)):
            return [by_id[i] for i in range(n)]
    return [f"LABEL_{i}" for i in range(n)]


def folder_labels(path: Path) -> tuple[str, list[str]]:
    """(architecture, class names) from config.json alone (no weights read): the class names of a sequence
    classifier, [] for other heads. RunError (one line) for a folder that is not a model folder that opens."""
    path = Path(path)
    if not (path / CONFIG_JSON).is_file():
        if path.is_dir() and _pickle_files(path):
            raise RunError(f"{path} holds pickle weights and no config.json; {CONVERT_HINT}.")
        raise RunError(f"{path} is not a model folder (no config.json) nor a run folder.")
    config = _read_config(path)
    family, arch = family_of(config, str(path))
    _weight_files(path)  # pickle-only or weightless folders are refused here, before anything else
    if arch != family.classifier_architecture:
        return arch, []
    id2label = config.get("id2label")
    n = len(id2label) if isinstance(id2label, dict) else int(config.get("num_labels", 2) or 2)
    return arch, _labels(config, n)


def folder_model_config(path: Path) -> ModelConfig:
    """The shape config.json describes (no weights read), for the pages that show or lock a model's size."""
    path = Path(path)
    config = _read_config(path)
    family, _arch = family_of(config, str(path))
    values: dict[str, Any] = {field: config.get(key) for field, key in family.keys.items()}
    _arch, labels = folder_labels(path)
    try:
        return ModelConfig(
            vocab_size=int(values["vocab_size"]),
            d_model=int(values["hidden_size"]),
            n_heads=int(values["num_attention_heads"]),
            n_layers=int(values["num_hidden_layers"]),
            d_ff=int(values["intermediate_size"]),
            max_len=int(values.get("max_position_embeddings") or 512),
            positional=Positional.LEARNED,
            n_classes=len(labels),
            pooling=Pooling.CLS,
        )
    except (TypeError, ValueError) as err:
        raise RunError(f"{path / CONFIG_JSON} has an unusable size ({err}).") from None

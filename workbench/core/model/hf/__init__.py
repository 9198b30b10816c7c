"""Hugging Face checkpoint folders (BERT family), read offline with safetensors and tokenizers, run on torch.

The names below load lazily: the app asks whether a folder is a model folder (folder.py, torch-free) long before
torch has loaded."""

from typing import Any

from workbench.core.model.hf.families import OPENS
from workbench.core.model.hf.folder import is_checkpoint_folder

__all__ = ["OPENS", "CheckpointInfo", "OpenedCheckpoint", "is_checkpoint_folder", "open_checkpoint"]


def __getattr__(name: str) -> Any:
    if name in ("OpenedCheckpoint", "open_checkpoint"):
        from workbench.core.model.hf import checkpoint

        return getattr(checkpoint, name)
    if name == "CheckpointInfo":
        from workbench.core.model.hf.info import CheckpointInfo

        return CheckpointInfo
    raise AttributeError(name)

"""Hugging Face checkpoint folders (BERT family), read offline with safetensors and tokenizers, run on torch."""

from workbench.core.model.hf.checkpoint import (
    OpenedCheckpoint,
    is_checkpoint_folder,
    open_checkpoint,
)
from workbench.core.model.hf.families import OPENS
from workbench.core.model.hf.info import CheckpointInfo

__all__ = ["OPENS", "CheckpointInfo", "OpenedCheckpoint", "is_checkpoint_folder", "open_checkpoint"]

"""What an opened checkpoint is, for a title bar or a CLI line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class CheckpointInfo:
    """What an opened checkpoint is, for a title bar or a CLI line."""

    path: Path
    model_type: str
    architecture: str
    parameters: int
    vocab_size: int
    layers: int
    heads: int
    hidden: int
    has_classifier: bool
    has_mlm: bool

    def summary(self) -> str:
        heads = f"{self.layers} layers x {self.heads} heads, hidden {self.hidden}"
        return f"{self.architecture}: {self.parameters / 1e6:.1f} M parameters, {heads}, vocabulary {self.vocab_size}"

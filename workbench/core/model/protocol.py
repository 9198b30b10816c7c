"""What the inspection tools need of a model: the workbench's EncoderModel and opened checkpoints both have it."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from torch import Tensor, nn

from workbench.core.config import ModelConfig


@runtime_checkable
class InspectableModel(Protocol):
    """encode/classify with an explicit fp32 attention path, head muting, token embeddings for saliency, and
    per-layer states that the classifier lens reads out. Masked-LM models also have mlm_logits / mlm_states."""

    cfg: ModelConfig  # the shape: n_layers, n_heads, d_model, max_len, n_classes
    classifier: nn.Module | None

    @property
    def tok_emb(self) -> nn.Embedding: ...

    def encode(
        self, ids: Tensor, pad_mask: Tensor, *, need_attention: bool = False, head_mask: Tensor | None = None
    ) -> tuple[Tensor, Tensor | None]: ...

    def classify(
        self, ids: Tensor, pad_mask: Tensor, *, need_attention: bool = False, head_mask: Tensor | None = None
    ) -> tuple[Tensor, Tensor | None]: ...

    def layer_states(self, ids: Tensor, pad_mask: Tensor) -> list[Tensor]: ...

    def classify_states(self, h: Tensor, pad_mask: Tensor) -> Tensor: ...

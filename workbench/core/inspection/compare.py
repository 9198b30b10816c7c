"""Two models on one sentence: how much each head's attention differs, and the heads that changed most.

For a model before and after fine-tuning, or two checkpoints of one run. Both must split the sentence into the
same tokens (the same tokenizer) and have the same number of layers and heads. A head's change is the total
variation distance between its two attention rows (half the summed absolute difference, from 0 = the same
to 1 = no overlap), averaged over the query tokens: the share of its attention that moved.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.errors import ConfigError
from workbench.core.inspection.inspector import Inspection, inspect_text
from workbench.core.inspection.words import group_words, to_words
from workbench.core.model.protocol import InspectableModel


@dataclass
class ModelComparison:
    a: Inspection
    b: Inspection
    difference: np.ndarray  # [layers, heads, T, T]: a's attention minus b's
    change: np.ndarray  # [layers, heads]: mean total variation distance per head, 0..1

    @property
    def tokens(self) -> list[str]:
        return self.a.tokens

    def ranking(self, top: int | None = None) -> list[tuple[int, int, float]]:
        """(layer, head, change), the most changed head first."""
        flat = np.argsort(-self.change, axis=None, kind="stable")[:top]
        heads = self.change.shape[1]
        return [(int(i) // heads, int(i) % heads, float(self.change.flat[i])) for i in flat]


def compare_models(
    model_a: InspectableModel,
    tokenizer_a: TextTokenizer,
    model_b: InspectableModel,
    tokenizer_b: TextTokenizer,
    text: str,
    *,
    words: bool = False,
) -> ModelComparison:
    """Inspect text with both models and measure each head's attention change (with words=True, of the attention
    between words: see inspection.words). Raises ConfigError if the models cannot be compared (different tokens or
    different numbers of layers or heads)."""
    shape_a = (model_a.cfg.n_layers, model_a.cfg.n_heads)
    shape_b = (model_b.cfg.n_layers, model_b.cfg.n_heads)
    if shape_a != shape_b:
        raise ConfigError(
            f"The models differ in shape ({shape_a[0]} layers x {shape_a[1]} heads against {shape_b[0]} x "
            f"{shape_b[1]}); compare two versions of one model."
        )
    a = inspect_text(model_a, tokenizer_a, text)  # type: ignore[arg-type]
    b = inspect_text(model_b, tokenizer_b, text)  # type: ignore[arg-type]
    if a.tokens != b.tokens:
        raise ConfigError(
            "The two models split the sentence into different tokens; compare models that share a tokenizer."
        )
    if words:
        groups = group_words(tokenizer_a, text, model_a.cfg.max_len)
        a, b = to_words(a, groups), to_words(b, groups)
    difference = a.attention - b.attention
    change = 0.5 * np.abs(difference).sum(axis=-1).mean(axis=-1)
    return ModelComparison(a, b, difference, change.astype(np.float32))

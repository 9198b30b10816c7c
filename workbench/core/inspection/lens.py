"""Lenses: what the model would answer if it stopped after each layer.

The classifier lens applies the model's own read-out (for the workbench's encoder: final norm, pooling and
classifier; for BERT: pooler and classifier) to the states after the embeddings and after every layer, giving a
(layers + 1) x classes table: where in the stack the decision forms. The mask lens does the same with the
masked-LM head for each [MASK]: the top words per layer. Row 0 is the embeddings; the last row is exactly the
model's own answer. fp32, eval mode, no gradients; the model's mode is restored.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import torch

from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.errors import ConfigError
from workbench.core.inspection.fill_in import MASK_TOKEN, NO_MASK_MESSAGE
from workbench.core.model.protocol import InspectableModel


@dataclass
class ClassifierLens:
    tokens: list[str]
    probabilities: np.ndarray  # [layers + 1, n_classes]: row 0 after the embeddings, row i after layer i

    def predicted(self, labels: list[str]) -> list[str]:
        """The class each row would predict."""
        return [labels[i] for i in self.probabilities.argmax(axis=1)]

    def settles_at(self) -> int:
        """The first row from which the predicted class no longer changes (0 = the embeddings already decide)."""
        best = self.probabilities.argmax(axis=1)
        row = len(best) - 1
        while row > 0 and best[row - 1] == best[-1]:
            row -= 1
        return row


@dataclass
class MaskLens:
    tokens: list[str]
    positions: list[int]  # the [MASK] positions in tokens, left to right
    guesses: list[list[list[tuple[str, float]]]]  # [mask][row] → top-k (token, probability); rows as above


@contextmanager
def _eval_fp32(model: InspectableModel) -> Iterator[torch.device]:
    module = model  # an nn.Module in practice
    was_training = module.training  # type: ignore[attr-defined]
    module.eval()  # type: ignore[attr-defined]
    device = next(module.parameters()).device  # type: ignore[attr-defined]
    try:
        with torch.no_grad(), torch.autocast(device.type, enabled=False):
            yield device
    finally:
        module.train(was_training)  # type: ignore[attr-defined]


def classifier_lens(model: InspectableModel, tokenizer: TextTokenizer, text: str) -> ClassifierLens:
    """Class probabilities read out after every layer, [layers + 1, n_classes]."""
    if model.classifier is None:
        raise ConfigError("The classifier lens needs a model with a classifier; this one only guesses words.")
    with _eval_fp32(model) as device:
        ids = torch.tensor(tokenizer.encode_ids([text], model.cfg.max_len), dtype=torch.long, device=device)
        mask = torch.ones_like(ids, dtype=torch.bool)
        states = model.layer_states(ids, mask)
        logits = torch.cat([model.classify_states(h, mask) for h in states]).float()
        probs = torch.softmax(logits, dim=-1).cpu().numpy()
    return ClassifierLens([tokenizer.id_to_token(int(i)) for i in ids[0].cpu()], probs)


def mask_lens(model: InspectableModel, tokenizer: TextTokenizer, text: str, top_k: int = 5) -> MaskLens:
    """For each [MASK], the masked-LM head's top_k words read out after every layer (special tokens left out)."""
    if not hasattr(model, "mlm_states"):
        raise ConfigError("This model has no word-guessing (masked-LM) head, so it has no mask lens.")
    if top_k < 1:
        raise ValueError("top_k must be at least 1")
    with _eval_fp32(model) as device:
        row = tokenizer.encode_ids([text], model.cfg.max_len)[0]
        positions = [i for i, t in enumerate(row) if t == tokenizer.mask_id]
        if not positions:
            raise ConfigError(
                NO_MASK_MESSAGE if MASK_TOKEN not in text else "Every [MASK] lies past the maximum length."
            )
        ids = torch.tensor([row], dtype=torch.long, device=device)
        states = model.layer_states(ids, torch.ones_like(ids, dtype=torch.bool))
        where = torch.tensor(positions, device=device)
        probs = torch.stack([model.mlm_states(h[0, where]).float().softmax(-1) for h in states])
    special = [i for i in tokenizer.special_ids if i < probs.shape[-1]]
    probs[..., special] = -1.0
    probs[..., tokenizer.vocab_size :] = -1.0  # spare embedding rows that no token maps to
    top_p, top_i = probs.topk(min(top_k, tokenizer.vocab_size - len(special)), dim=-1)  # [rows, masks, k]
    guesses = [
        [
            [(tokenizer.id_to_token(int(i)), float(p)) for p, i in zip(top_p[r, m], top_i[r, m], strict=True)]
            for r in range(probs.shape[0])
        ]
        for m in range(len(positions))
    ]
    return MaskLens([tokenizer.id_to_token(i) for i in row], positions, guesses)

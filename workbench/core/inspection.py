"""Looking inside a trained model: the prediction and every layer's and head's attention for one sentence.

Inspection always runs in fp32 and in eval mode, whatever precision training used.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from workbench.core.config import RunConfig
from workbench.core.model import EncoderModel
from workbench.core.runs import RunFolder
from workbench.core.tokenizer import TextTokenizer


@dataclass
class LoadedRun:
    """A run's model (on the CPU, fp32, eval mode), tokenizer and class names."""

    path: Path
    config: RunConfig
    model: EncoderModel
    tokenizer: TextTokenizer
    labels: list[str]


@dataclass
class Inspection:
    tokens: list[str]
    probabilities: np.ndarray | None  # [n_classes] or None for a model without a classifier
    attention: np.ndarray  # [layers, heads, T, T] float32

    def predicted(self, labels: list[str]) -> str | None:
        if self.probabilities is None or not labels:
            return None
        return labels[int(np.argmax(self.probabilities))]


def load_run(path: Path, *, best: bool = False) -> LoadedRun:
    """Open a run folder for inspection. Raises RunError with a plain message if it cannot be used."""
    run = RunFolder.open(path)
    config = run.load_config()
    tokenizer = TextTokenizer.load(run.tokenizer_path)
    labels = run.load_labels()
    model = EncoderModel(config.model)
    run.load_model_weights(model, best=best)
    model.eval()
    return LoadedRun(Path(path), config, model, tokenizer, labels)


@torch.no_grad()
def inspect_text(
    model: EncoderModel,
    tokenizer: TextTokenizer,
    text: str,
    *,
    head_mask: torch.Tensor | None = None,
) -> Inspection:
    """Tokens, class probabilities and attention [L, H, T, T] from one fp32 forward pass."""
    max_len = model.cfg.max_len
    ids = torch.tensor(tokenizer.encode_ids([text], max_len), dtype=torch.long)
    mask = torch.ones_like(ids, dtype=torch.bool)
    was_training = model.training
    model.eval()
    try:
        if model.cfg.n_classes > 0:
            logits, attention = model.classify(ids, mask, need_attention=True, head_mask=head_mask)
            probs = torch.softmax(logits.float(), dim=-1)[0].numpy()
        else:
            _, attention = model.encode(ids, mask, need_attention=True, head_mask=head_mask)
            probs = None
    finally:
        model.train(was_training)
    assert attention is not None
    tokens = [tokenizer.id_to_token(int(i)) for i in ids[0]]
    return Inspection(tokens, probs, attention[:, 0].float().numpy())

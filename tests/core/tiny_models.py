"""A small tokenizer and a perturbed tiny classifier shared by the inspection and saliency tests."""

from __future__ import annotations

import torch

from workbench.core.config import ModelConfig
from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.model.encoder import EncoderModel

SENTENCE = "the food was really good"


def tiny_tokenizer() -> TextTokenizer:
    texts = ["the food was good", "the film was bad", "a very good view", "quite a bad room and staff"] * 3
    return TextTokenizer.train(texts, "wordpiece", vocab_size=120)


def tiny_classifier(
    tokenizer: TextTokenizer,
    n_classes: int = 3,
    seed: int = 0,
    spread: float = 0.3,
    pooling: str = "cls",
    positional: str = "sinusoidal",
) -> EncoderModel:
    """Weights pushed `spread` away from the init, so every head matters and the logit is clearly non-linear.
    Pooling defaults to [CLS], the reading these checks were written against."""
    torch.manual_seed(seed)
    cfg = ModelConfig(
        vocab_size=tokenizer.vocab_size,
        d_model=32,
        n_heads=2,
        n_layers=2,
        d_ff=64,
        max_len=16,
        n_classes=n_classes,
        pooling=pooling,
        positional=positional,
    )
    model = EncoderModel(cfg)
    with torch.no_grad():
        model.tok_emb.weight.mul_(0.02 * cfg.d_model**0.5)  # the embedding std (0.02) these checks were tuned with
        for p in model.parameters():
            p.add_(torch.randn_like(p) * spread)
    return model.eval()

"""Which tokens drove a prediction: gradient × input and integrated gradients on the token embeddings.

Scores are attributions to each token's embedding (the output of model.tok_emb; the position embedding is
held fixed), one number per token, summed over d_model. The embedding output is replaced through a forward
hook, so the model code is untouched; gradients are taken with torch.autograd.grad with respect to that
tensor only, so nothing accumulates in the parameters' .grad and their requires_grad flags are not changed.
The hook is removed and the train/eval mode restored before returning. Do not run these on a model another
thread is training (the hook would reach the trainer): use inspection.snapshot_model first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import torch
from torch import Tensor

from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.errors import ConfigError
from workbench.core.model.encoder import EncoderModel

BASELINES = ("pad", "zero")
IG_BATCH = 32  # interpolation points per forward pass


@contextmanager
def _eval_fp32(model: EncoderModel) -> Iterator[None]:
    was_training = model.training
    model.eval()
    try:
        with torch.enable_grad(), torch.autocast(next(model.parameters()).device.type, enabled=False):
            yield
    finally:
        model.train(was_training)


def _constant(value: Tensor) -> Callable[[Tensor], Tensor]:
    return lambda _out: value


@contextmanager
def _replace_embeddings(model: EncoderModel, make: Callable[[Tensor], Tensor]) -> Iterator[None]:
    """While active, tok_emb's output e is replaced by make(e) (same shape, or a batch of it)."""
    handle = model.tok_emb.register_forward_hook(lambda _mod, _inp, out: make(out))
    try:
        yield
    finally:
        handle.remove()


def _prepare(model: EncoderModel, tokenizer: TextTokenizer, text: str) -> tuple[list[str], Tensor]:
    if model.classifier is None:
        raise ConfigError(
            "Saliency explains a class prediction, and this model has no classifier (it was trained for "
            "masked-language modelling); fine-tune it on labelled text first."
        )
    device = next(model.parameters()).device
    ids = torch.tensor(tokenizer.encode_ids([text], model.cfg.max_len), dtype=torch.long, device=device)
    return [tokenizer.id_to_token(int(i)) for i in ids[0].cpu()], ids


def _check_target(model: EncoderModel, target: int) -> int:
    n = model.cfg.n_classes
    if not 0 <= int(target) < n:
        raise ConfigError(f"The class to explain must be between 0 and {n - 1} (got {target}).")
    return int(target)


def _logits(model: EncoderModel, ids: Tensor) -> Tensor:
    logits, _ = model.classify(ids, torch.ones_like(ids, dtype=torch.bool))
    return logits.float()


def gradient_x_input(
    model: EncoderModel, tokenizer: TextTokenizer, text: str, target: int | None = None
) -> tuple[list[str], np.ndarray]:
    """(tokens, scores [T]): (∂ logit_target / ∂ e_t) · e_t per token, target = the predicted class if None."""
    tokens, ids = _prepare(model, tokenizer, text)
    with _eval_fp32(model):
        captured: list[Tensor] = []

        def leaf(out: Tensor) -> Tensor:
            emb = out.detach().float().requires_grad_(True)
            captured.append(emb)
            return emb

        with _replace_embeddings(model, leaf):
            logits = _logits(model, ids)[0]
        cls = int(logits.argmax()) if target is None else _check_target(model, target)
        (grad,) = torch.autograd.grad(logits[cls], captured[0])
        scores = (grad * captured[0]).sum(-1)[0]
    return tokens, scores.detach().cpu().numpy().astype(np.float32)


def _baseline(model: EncoderModel, tokenizer: TextTokenizer, ids: Tensor, emb: Tensor, baseline: str) -> Tensor:
    """The reference input: [CLS] and [SEP] kept, every other token's embedding replaced by [PAD]'s (or 0)."""
    keep = (ids == tokenizer.cls_id) | (ids == tokenizer.sep_id)  # [1, T]
    if baseline == "pad":
        other = model.tok_emb.weight[tokenizer.pad_id].detach().float().expand_as(emb)
    elif baseline == "zero":
        other = torch.zeros_like(emb)
    else:
        raise ConfigError(f"The baseline must be one of {', '.join(BASELINES)} (got {baseline!r}).")
    return torch.where(keep[..., None], emb, other)


def integrated_gradients(
    model: EncoderModel,
    tokenizer: TextTokenizer,
    text: str,
    target: int | None = None,
    steps: int = 32,
    baseline: str = "pad",
) -> tuple[list[str], np.ndarray]:
    """(tokens, scores [T]) by integrated gradients (Sundararajan et al. 2017) from a baseline to the text.

    The baseline keeps [CLS] and [SEP] and replaces every other token's embedding by [PAD]'s ("pad") or by
    zeros ("zero"); so the special tokens score 0. The path integral uses the midpoint rule with `steps`
    points; the scores add up to logit(text) - logit(baseline) up to that approximation (completeness).
    """
    if not 1 <= steps <= 4096:
        raise ConfigError(f"The number of integration steps must be between 1 and 4096 (got {steps}).")
    tokens, ids = _prepare(model, tokenizer, text)
    with _eval_fp32(model):
        with torch.no_grad():
            emb = model.tok_emb(ids).float()  # [1, T, D]
            cls = int(_logits(model, ids)[0].argmax()) if target is None else _check_target(model, target)
            base = _baseline(model, tokenizer, ids, emb, baseline)
        delta = emb - base
        alphas = (torch.arange(steps, dtype=torch.float32, device=ids.device) + 0.5) / steps
        total = torch.zeros_like(emb[0])
        for start in range(0, steps, IG_BATCH):
            a = alphas[start : start + IG_BATCH].view(-1, 1, 1)
            points = (base + a * delta).requires_grad_(True)  # [n, T, D]
            batch_ids = ids.expand(points.shape[0], -1)
            with _replace_embeddings(model, _constant(points)):
                logits = _logits(model, batch_ids)
            (grad,) = torch.autograd.grad(logits[:, cls].sum(), points)
            total += grad.sum(0)
        scores = (total / steps * delta[0]).sum(-1)
    return tokens, scores.detach().cpu().numpy().astype(np.float32)

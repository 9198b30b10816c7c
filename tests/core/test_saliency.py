"""Saliency: gradient × input against finite differences, integrated-gradients completeness, model untouched."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
from tiny_models import SENTENCE, tiny_classifier

from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.errors import ConfigError
from workbench.core.inspection.inspector import inspect_text
from workbench.core.inspection.saliency import gradient_x_input, integrated_gradients
from workbench.core.model.encoder import EncoderModel

torch.set_num_threads(1)


def make_model(tokenizer: TextTokenizer, n_classes: int = 3, seed: int = 0) -> EncoderModel:
    return tiny_classifier(tokenizer, n_classes, seed, spread=0.4)


@pytest.fixture
def model(tokenizer: TextTokenizer) -> EncoderModel:
    return make_model(tokenizer)


def ids_of(tokenizer: TextTokenizer, text: str) -> torch.Tensor:
    return torch.tensor(tokenizer.encode_ids([text], 16))


def logits_with_embeddings(model: EncoderModel, ids: torch.Tensor, change) -> torch.Tensor:
    """Logits when tok_emb's output e is replaced by change(e): an independent way to perturb the input."""
    handle = model.tok_emb.register_forward_hook(lambda _m, _i, out: change(out))
    try:
        with torch.no_grad():
            logits, _ = model.classify(ids, torch.ones_like(ids, dtype=torch.bool))
    finally:
        handle.remove()
    return logits[0]


@pytest.mark.parametrize("pooling", ["cls", "mean"])
def test_gradient_x_input_matches_finite_differences(tokenizer, pooling: str) -> None:
    model = tiny_classifier(tokenizer, 3, 0, spread=0.4, pooling=pooling)
    tokens, scores = gradient_x_input(model, tokenizer, SENTENCE)
    ids = ids_of(tokenizer, SENTENCE)
    assert tokens == inspect_text(model, tokenizer, SENTENCE).tokens
    assert scores.shape == (len(tokens),) and scores.dtype == np.float32
    target = int(inspect_text(model, tokenizer, SENTENCE).logits.argmax())
    # grad_t · e_t is the derivative of the logit when token t's embedding is scaled by (1 + eps)
    double = copy.deepcopy(model).double()
    eps = 1e-4
    for t in range(len(tokens)):

        def scaled(factor: float, t: int = t):
            def change(out: torch.Tensor) -> torch.Tensor:
                out = out.clone()
                out[:, t] *= factor
                return out

            return change

        up = logits_with_embeddings(double, ids, scaled(1 + eps))[target]
        down = logits_with_embeddings(double, ids, scaled(1 - eps))[target]
        assert scores[t] == pytest.approx(float((up - down) / (2 * eps)), rel=1e-3, abs=1e-4), tokens[t]


def test_gradient_x_input_explains_the_requested_class(model, tokenizer) -> None:
    _, first = gradient_x_input(model, tokenizer, SENTENCE, target=0)
    _, second = gradient_x_input(model, tokenizer, SENTENCE, target=1)
    assert not np.allclose(first, second)
    with torch.no_grad():  # works even when the caller disabled gradients
        _, again = gradient_x_input(model, tokenizer, SENTENCE, target=0)
    np.testing.assert_array_equal(first, again)
    with pytest.raises(ConfigError, match="between 0 and 2"):
        gradient_x_input(model, tokenizer, SENTENCE, target=3)


def completeness_gap(model: EncoderModel, tokenizer: TextTokenizer, steps: int, baseline: str) -> float:
    _, scores = integrated_gradients(model, tokenizer, SENTENCE, steps=steps, baseline=baseline)
    ids = ids_of(tokenizer, SENTENCE)
    with torch.no_grad():
        logits, _ = model.classify(ids, torch.ones_like(ids, dtype=torch.bool))
    target = int(logits[0].argmax())
    if baseline == "pad":
        base_ids = ids.clone()
        base_ids[0, 1:-1] = tokenizer.pad_id  # [CLS] [PAD] ... [PAD] [SEP], every position attended
        with torch.no_grad():
            base_logits, _ = model.classify(base_ids, torch.ones_like(ids, dtype=torch.bool))
        base = base_logits[0, target]
    else:

        def zero_inside(out: torch.Tensor) -> torch.Tensor:
            out = out.clone()
            out[:, 1:-1] = 0.0
            return out

        base = logits_with_embeddings(model, ids, zero_inside)[target]
    assert scores[0] == 0.0 and scores[-1] == 0.0  # [CLS] and [SEP] are the same in the baseline
    expected = float(logits[0, target] - base)
    assert abs(expected) > 0.1  # a gap worth explaining
    return abs(float(scores.sum()) - expected) / abs(expected)


@pytest.mark.parametrize("baseline", ["pad", "zero"])
def test_integrated_gradients_completeness(model, tokenizer, baseline: str) -> None:
    gaps = {steps: completeness_gap(model, tokenizer, steps, baseline) for steps in (8, 32, 64)}
    assert gaps[32] < 0.02 and gaps[64] < 0.02, gaps
    assert gaps[8] > 0.03, gaps  # too few steps visibly miss: the path is non-linear, so the check has teeth


def test_saliency_leaves_the_model_unchanged(model, tokenizer) -> None:
    model.train()
    model.classifier.bias.requires_grad_(False)  # a mixed state, to check flags are left alone
    flags = {n: p.requires_grad for n, p in model.named_parameters()}
    state = {k: v.clone() for k, v in model.state_dict().items()}
    gradient_x_input(model, tokenizer, SENTENCE)
    integrated_gradients(model, tokenizer, SENTENCE, steps=40)  # two interpolation batches
    assert model.training
    assert {n: p.requires_grad for n, p in model.named_parameters()} == flags
    assert all(p.grad is None for p in model.parameters())
    assert not model.tok_emb._forward_hooks
    for k, v in model.state_dict().items():
        assert torch.equal(v, state[k]), k


def test_saliency_refuses_what_it_cannot_explain(model, tokenizer) -> None:
    with pytest.raises(ConfigError, match="no classifier"):
        gradient_x_input(make_model(tokenizer, n_classes=0), tokenizer, SENTENCE)
    with pytest.raises(ConfigError, match="baseline"):
        integrated_gradients(model, tokenizer, SENTENCE, baseline="noise")
    with pytest.raises(ConfigError, match="steps"):
        integrated_gradients(model, tokenizer, SENTENCE, steps=0)

"""Comparing two models on one sentence: per-head attention change and the ranking of the heads that moved."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
from tiny_models import SENTENCE, tiny_classifier, tiny_tokenizer

from workbench.core.errors import ConfigError
from workbench.core.inspection.compare import compare_models
from workbench.core.inspection.inspector import inspect_text


def test_a_changed_head_ranks_first_and_earlier_layers_do_not_move() -> None:
    tok = tiny_tokenizer()
    before = tiny_classifier(tok)
    after = copy.deepcopy(before)
    d, dh = before.cfg.d_model, before.cfg.d_model // before.cfg.n_heads
    with torch.no_grad():  # the query rows of head 1 in layer 1 (qkv rows: q, k, v; heads contiguous inside q)
        after.blocks[1].attn.qkv.weight[dh : 2 * dh] += torch.randn(dh, d) * 2.0
    result = compare_models(before, tok, after, tok, SENTENCE)
    assert result.ranking(1)[0][:2] == (1, 1)
    assert np.all(result.change[0] == 0) and result.change[1, 0] == 0  # nothing before it, nor its neighbour
    assert 0 < result.change[1, 1] <= 1
    a, b = inspect_text(before, tok, SENTENCE).attention, inspect_text(after, tok, SENTENCE).attention
    np.testing.assert_allclose(result.difference, a - b, atol=1e-7)
    np.testing.assert_allclose(result.change[1, 1], 0.5 * np.abs(a[1, 1] - b[1, 1]).sum(-1).mean(), rtol=1e-5)
    assert result.tokens[0] == "[CLS]" and len(result.ranking()) == 4


def test_models_that_cannot_be_compared_are_refused() -> None:
    tok = tiny_tokenizer()
    model = tiny_classifier(tok)
    with pytest.raises(ConfigError, match="different tokens"):
        other = type(tok).train(["completely other words here"] * 4, "char", vocab_size=60)
        compare_models(model, tok, tiny_classifier(other), other, SENTENCE)

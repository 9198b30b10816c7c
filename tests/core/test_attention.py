"""Attention in training on the CPU (workbench/core/model/attention.py): the explicit path against SDPA."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from test_model import batch, make

from workbench.core.model.attention import attend
from workbench.core.model.encoder import EncoderModel


@pytest.mark.parametrize("positional", ["sinusoidal", "sinusoidal+alibi"])
def test_training_attention_on_the_cpu_matches_sdpa_when_nothing_is_dropped(positional: str) -> None:
    # A dropout small enough to keep every element sends training through the explicit attention branch with
    # the same arithmetic as evaluation's scaled_dot_product_attention.
    model: EncoderModel = make(positional=positional, dropout=1e-9)
    ids, mask = batch()
    evaluated = model.eval().encode(ids, mask)[0]
    trained = model.train().encode(ids, mask)[0]
    assert (trained - evaluated).abs().max().item() < 1e-5


@pytest.mark.parametrize("bias", [False, True])
def test_training_attention_in_bf16_matches_float32_sdpa_within_bf16_rounding(bias: bool) -> None:
    # The CPU training path runs its two matmuls in bf16 (softmax and dropout in float32): against float32
    # SDPA on the same values it may differ by bf16 rounding (about 0.01 here), not by a wrong scale or an
    # ignored mask (about 2 and 1.6).
    g = torch.Generator().manual_seed(5)
    q, k, v = (torch.randn(2, 4, 12, 16, generator=g) for _ in range(3))
    if bias:
        mask = torch.randn(1, 4, 12, 12, generator=g)
    else:
        mask = torch.ones(2, 1, 1, 12, dtype=torch.bool)
        mask[1, ..., 8:] = False
    expected = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
    y, probs = attend(q.bfloat16(), k.bfloat16(), v.bfloat16(), mask, 1e-9, need_attention=False)
    assert probs is None and y.dtype == torch.bfloat16
    assert (y.float() - expected).abs().max().item() < 0.05

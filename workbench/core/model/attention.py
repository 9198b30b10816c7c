"""Scaled dot-product attention, shared by this project's encoder and the Hugging Face BERT family."""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor

from workbench.core.model.dropout import dropout


def attend(
    q: Tensor, k: Tensor, v: Tensor, attn_mask: Tensor | None, dropout_p: float, need_attention: bool
) -> tuple[Tensor, Tensor | None]:
    """softmax(QK^T/sqrt(dh) + mask) V for q, k, v [B,H,T,dh]. attn_mask: bool [B,1,1,T] (True = may be
    attended), a float bias ([B or 1,H,T,T], -inf = never attended), or None; dropout_p: the attention dropout
    (0 outside training). Returns y [B,H,T,dh] in v's dtype and, with need_attention, the float32 probabilities
    [B,H,T,T] (else None)."""
    if need_attention:
        with torch.autocast(q.device.type, enabled=False):  # inspection: every step in float32
            q32 = q.float() * (1.0 / math.sqrt(q.shape[-1]))  # on q: smaller than the scores when T > dh
            probs = _masked(q32 @ k.float().transpose(-2, -1), attn_mask).softmax(dim=-1)
            return (probs @ v.float()).to(v.dtype), probs
    if dropout_p > 0.0 and q.device.type == "cpu":
        # On the CPU, SDPA with dropout takes its math path, with torch's slow per-element dropout and a check
        # for fully masked rows these models never have ([CLS] is real). Here every step runs in the inputs'
        # dtype (bf16 under autocast): the softmax computes in float32 inside and rounds its output once, as the
        # cast before the second matmul would; the dropout's mask is exact in bf16 (dropout.py).
        B, H, T, dh = q.shape
        # baddbmm scales inside the matmul (beta=0 ignores its first argument): no pass over the scores for it.
        scores = torch.baddbmm(
            q.new_zeros(()).expand(B * H, T, T),
            q.reshape(B * H, T, dh),
            k.reshape(B * H, T, dh).transpose(1, 2),
            beta=0.0,
            alpha=1.0 / math.sqrt(dh),
        ).view(B, H, T, T)
        probs = _masked(scores, attn_mask).softmax(dim=-1)
        return dropout(probs, dropout_p, True) @ v, None
    if attn_mask is not None and attn_mask.dtype != torch.bool:
        attn_mask = attn_mask.to(q.dtype)  # SDPA wants a float bias in the query's (autocast) dtype
    return F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask, dropout_p=dropout_p), None


def _masked(scores: Tensor, attn_mask: Tensor | None) -> Tensor:
    """scores + mask in the scores' dtype, for scores already divided by sqrt(dh)."""
    if attn_mask is not None and attn_mask.dtype == torch.bool:
        return scores.masked_fill(~attn_mask, float("-inf"))  # exp(-inf) = 0: [PAD] keys get exactly 0
    if attn_mask is not None:
        return scores + attn_mask.to(scores.dtype)
    return scores

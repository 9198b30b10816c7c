"""Summaries of attention maps for the inspector, in plain numpy (no torch, no Qt).

Every function takes one sentence's attention as returned by inspection: [layers, heads, T, T] with query rows
and key columns, each row a probability distribution. Float32 and float64 inputs keep their dtype.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np

DEFAULT_SPECIAL = frozenset({"[CLS]", "[SEP]"})
PAD_TOKEN = "[PAD]"
HEAD_FUSIONS = ("mean", "max", "min")


def _as_float(att: Any, ndim: int = 4) -> np.ndarray:
    arr = np.asarray(att)
    if not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    if arr.ndim != ndim or arr.shape[-1] != arr.shape[-2]:
        names = "[layers, heads, T, T]" if ndim == 4 else f"{ndim} dimensions ending in [T, T]"
        raise ValueError(f"attention must have shape {names}, got {arr.shape}")
    return arr


def mean_over_heads(att: np.ndarray) -> np.ndarray:
    """[L, H, T, T] → [L, T, T], the heads averaged (rows still sum to 1)."""
    return _as_float(att).mean(axis=1)


def rollout(att: np.ndarray, head_fusion: str = "mean") -> np.ndarray:
    """Attention rollout (Abnar & Zuidema 2020): how much each input token flows into each position.

    Per layer the heads are fused ("mean", "max" or "min"), the identity is added for the residual connection
    and every row is renormalised to sum 1; these matrices are multiplied from the first layer up. Returns the
    rollout after each layer, [L, T, T]; every row sums to 1. Computed in float64, returned in att's dtype.
    """
    arr = _as_float(att)
    if head_fusion == "mean":
        fused = arr.mean(axis=1, dtype=np.float64)
    elif head_fusion == "max":
        fused = arr.max(axis=1).astype(np.float64)
    elif head_fusion == "min":
        fused = arr.min(axis=1).astype(np.float64)
    else:
        raise ValueError(f"head_fusion must be one of {', '.join(HEAD_FUSIONS)}, got {head_fusion!r}")
    n_layers, t = fused.shape[0], fused.shape[-1]
    eye = np.eye(t)
    step = fused + eye
    step /= step.sum(axis=-1, keepdims=True)  # > 0 thanks to the identity
    out = np.empty_like(step)
    joint = eye
    for layer in range(n_layers):
        joint = step[layer] @ joint  # a later layer mixes the positions the earlier layers produced
        out[layer] = joint
    return out.astype(arr.dtype, copy=False)


def _renormalise_rows(arr: np.ndarray) -> np.ndarray:
    sums = arr.sum(axis=-1, keepdims=True)
    out = np.zeros_like(arr)
    np.divide(arr, sums, out=out, where=sums > 0)
    return out


def hide_special(
    att: np.ndarray, tokens: Sequence[str], special: Collection[str] = DEFAULT_SPECIAL
) -> tuple[np.ndarray, list[str]]:
    """Drop the rows and columns of special tokens and renormalise each remaining row to sum 1.

    att is [..., T, T] (one map or a whole [L, H, T, T] stack). A row that put all its attention on the hidden
    tokens has nothing left to renormalise and stays all zero, rather than being invented.
    """
    arr = np.asarray(att)
    if not np.issubdtype(arr.dtype, np.floating):
        arr = arr.astype(np.float64)
    if arr.ndim < 2 or arr.shape[-1] != arr.shape[-2] or arr.shape[-1] != len(tokens):
        raise ValueError(f"attention {arr.shape} does not match {len(tokens)} tokens")
    keep = np.array([tok not in special for tok in tokens], dtype=bool)
    sub = arr[..., keep, :][..., :, keep]
    return _renormalise_rows(sub), [tok for tok, k in zip(tokens, keep, strict=True) if k]


def head_statistics(att: np.ndarray, tokens: Sequence[str]) -> list[dict[str, Any]]:
    """One dict per (layer, head), layer-major, describing what the head looks at.

    Keys: layer, head; entropy (nats, mean over query rows) and entropy_norm (divided by log of the number of
    real tokens, so 1 = uniform); cls_share, sep_share (mean attention put on [CLS] / [SEP] tokens);
    self_share (on the query itself); prev_share / next_share (on the token just before / after, averaged over
    the queries that have one, so a perfect previous-token head scores 1); mean_distance (mean |i - j| weighted
    by attention). [PAD] query rows are left out of every mean.
    """
    arr = _as_float(att)
    n_layers, n_heads, t, _ = arr.shape
    if len(tokens) != t:
        raise ValueError(f"attention over {t} tokens does not match {len(tokens)} tokens")
    real = np.array([tok != PAD_TOKEN for tok in tokens], dtype=bool)
    if not real.any():
        real[:] = True
    rows = np.flatnonzero(real)
    p = arr[:, :, rows, :].astype(np.float64)  # [L, H, Q, T]

    logp = np.zeros_like(p)
    np.log(p, out=logp, where=p > 0)  # 0 · log 0 = 0
    entropy = -(p * logp).sum(-1).mean(-1)
    n_real = int(real.sum())
    entropy_norm = entropy / math.log(n_real) if n_real > 1 else np.zeros_like(entropy)

    def share_on(token: str) -> np.ndarray:
        cols = np.array([tok == token for tok in tokens], dtype=bool)
        return p[..., cols].sum(-1).mean(-1)

    def mean_at(offset: int) -> np.ndarray:
        # Queries i (real) whose neighbour i + offset exists and is a real token.
        qi = [k for k, i in enumerate(rows) if 0 <= i + offset < t and real[i + offset]]
        if not qi:
            return np.zeros((n_layers, n_heads))
        return p[:, :, qi, rows[qi] + offset].mean(-1)

    distance = np.abs(rows[:, None] - np.arange(t)[None, :]).astype(np.float64)  # [Q, T]
    table = {
        "entropy": entropy,
        "entropy_norm": entropy_norm,
        "cls_share": share_on("[CLS]"),
        "sep_share": share_on("[SEP]"),
        "self_share": mean_at(0),
        "prev_share": mean_at(-1),
        "next_share": mean_at(1),
        "mean_distance": (p * distance).sum(-1).mean(-1),
    }
    return [
        {"layer": layer, "head": head, **{name: float(values[layer, head]) for name, values in table.items()}}
        for layer in range(n_layers)
        for head in range(n_heads)
    ]


def align_tokens(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs (i in a, j in b) of the tokens two sentences share, matched as a diff matches them."""
    # autojunk off: on long inputs it would treat frequent tokens ("the", [PAD]) as junk and skip them.
    matcher = difflib.SequenceMatcher(None, list(a), list(b), autojunk=False)
    pairs: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2), strict=True))
    return pairs


def difference_on_shared(att_a: np.ndarray, att_b: np.ndarray, pairs: Sequence[tuple[int, int]]) -> np.ndarray:
    """att_a - att_b restricted to the shared tokens: out[..., s, r] = att_a[..., ia_s, ia_r] - att_b[..., ib_s, ib_r].

    Shapes [L, H, Ta, Ta] and [L, H, Tb, Tb] → [L, H, S, S] for S pairs. The values are the raw probabilities
    (not renormalised over the shared tokens), so a row's differences need not sum to 0.
    """
    a, b = _as_float(att_a), _as_float(att_b)
    if a.shape[:2] != b.shape[:2]:
        raise ValueError(f"the two attention stacks come from different models: {a.shape} vs {b.shape}")
    ia = np.array([i for i, _ in pairs], dtype=np.intp)
    ib = np.array([j for _, j in pairs], dtype=np.intp)
    return a[..., ia[:, None], ia[None, :]] - b[..., ib[:, None], ib[None, :]]

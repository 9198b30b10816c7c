"""attention_stats: rollout, special-token hiding, head statistics and diff alignment on hand-made matrices."""

from __future__ import annotations

import math

import numpy as np
import pytest

from workbench.core.inspection.attention_stats import (
    align_tokens,
    difference_on_shared,
    head_statistics,
    hide_special,
    mean_over_heads,
    rollout,
)


def random_attention(layers: int = 3, heads: int = 2, t: int = 5, seed: int = 0, dtype=np.float32) -> np.ndarray:
    rng = np.random.default_rng(seed)
    scores = rng.normal(size=(layers, heads, t, t)) * 2
    p = np.exp(scores)
    return (p / p.sum(-1, keepdims=True)).astype(dtype)


def test_mean_over_heads() -> None:
    att = random_attention()
    out = mean_over_heads(att)
    assert out.shape == (3, 5, 5) and out.dtype == np.float32
    np.testing.assert_allclose(out[1], (att[1, 0] + att[1, 1]) / 2, rtol=1e-6)


@pytest.mark.parametrize("fusion", ["mean", "max", "min"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_rollout_rows_sum_to_one(fusion: str, dtype) -> None:
    att = random_attention(layers=6, t=7, dtype=dtype)
    out = rollout(att, head_fusion=fusion)
    assert out.shape == (6, 7, 7) and out.dtype == dtype
    np.testing.assert_allclose(out.sum(-1), 1.0, atol=1e-6)
    assert (out >= 0).all()


def test_rollout_by_hand() -> None:
    t = 3
    uniform = np.full((t, t), 1 / t)
    shift = np.array([[1.0, 0, 0], [1.0, 0, 0], [0, 1.0, 0]])  # each token looks at the previous one
    att = np.stack([np.stack([uniform, uniform]), np.stack([shift, shift])])  # [2, 2, 3, 3]
    out = rollout(att)
    a1 = (uniform + np.eye(t)) / 2  # rows of A + I sum to 2
    a2 = (shift + np.eye(t)) / 2
    np.testing.assert_allclose(out[0], a1)
    np.testing.assert_allclose(out[1], a2 @ a1)  # the later layer on the left
    assert not np.allclose(a2 @ a1, a1 @ a2)  # so the order is really checked


def test_rollout_of_identity_attention_is_identity_and_max_fusion_renormalises() -> None:
    eye = np.broadcast_to(np.eye(4), (2, 3, 4, 4))
    np.testing.assert_allclose(rollout(eye), np.broadcast_to(np.eye(4), (2, 4, 4)))
    one_hot = np.zeros((1, 2, 2, 2))
    one_hot[0, 0, :, 0] = 1.0  # head 0 always looks at token 0, head 1 at token 1
    one_hot[0, 1, :, 1] = 1.0
    # max over heads is all ones; + I gives [[2,1],[1,2]], renormalised by 3
    np.testing.assert_allclose(rollout(one_hot, "max")[0], np.array([[2, 1], [1, 2]]) / 3)
    with pytest.raises(ValueError):
        rollout(one_hot, "median")
    with pytest.raises(ValueError):
        rollout(one_hot[0])


def test_hide_special_drops_and_renormalises() -> None:
    tokens = ["[CLS]", "a", "b", "[SEP]"]
    m = np.array(
        [
            [0.25, 0.25, 0.25, 0.25],
            [0.5, 0.3, 0.1, 0.1],  # a: keeps 0.3, 0.1 → 0.75, 0.25
            [0.5, 0.0, 0.0, 0.5],  # b: everything on specials → stays all zero
            [0.0, 0.2, 0.2, 0.6],
        ]
    )
    sub, kept = hide_special(m, tokens)
    assert kept == ["a", "b"]
    np.testing.assert_allclose(sub, [[0.75, 0.25], [0.0, 0.0]])
    stack = np.broadcast_to(m, (2, 3, 4, 4))
    sub4, _ = hide_special(stack, tokens)
    assert sub4.shape == (2, 3, 2, 2)
    np.testing.assert_allclose(sub4[1, 2], sub)
    only_cls, kept = hide_special(m, tokens, special={"[CLS]"})
    assert kept == ["a", "b", "[SEP]"]
    np.testing.assert_allclose(only_cls.sum(-1), 1.0)
    with pytest.raises(ValueError):
        hide_special(m, tokens[:3])


def stats_of(matrix: np.ndarray, tokens: list[str]) -> dict:
    (row,) = head_statistics(matrix[None, None], tokens)
    return row


def test_head_statistics_identity_and_uniform() -> None:
    tokens = ["[CLS]", "x", "y", "z", "[SEP]"]
    t = len(tokens)
    ident = stats_of(np.eye(t), tokens)
    assert ident["layer"] == 0 and ident["head"] == 0
    assert ident["self_share"] == 1.0 and ident["entropy"] == 0.0 and ident["mean_distance"] == 0.0
    assert ident["prev_share"] == 0.0 and ident["next_share"] == 0.0
    assert ident["cls_share"] == pytest.approx(1 / t) and ident["sep_share"] == pytest.approx(1 / t)

    uni = stats_of(np.full((t, t), 1 / t), tokens)
    assert uni["entropy"] == pytest.approx(math.log(t)) and uni["entropy_norm"] == pytest.approx(1.0)
    for key in ("cls_share", "sep_share", "self_share", "prev_share", "next_share"):
        assert uni[key] == pytest.approx(1 / t), key
    # mean over i of mean_j |i - j| for T = 5: row sums 10, 7, 6, 7, 10 → 40 / 25
    assert uni["mean_distance"] == pytest.approx(40 / 25)


def test_head_statistics_previous_token_head_and_hand_values() -> None:
    tokens = ["[CLS]", "a", "b", "[SEP]"]
    prev = np.array([[1.0, 0, 0, 0], [1.0, 0, 0, 0], [0, 1.0, 0, 0], [0, 0, 1.0, 0]])
    s = stats_of(prev, tokens)
    assert s["prev_share"] == 1.0 and s["next_share"] == 0.0
    assert s["self_share"] == 0.25 and s["cls_share"] == 0.5 and s["sep_share"] == 0.0
    assert s["mean_distance"] == 0.75

    m = np.array(
        [
            [0.5, 0.5, 0.0, 0.0],
            [0.2, 0.2, 0.6, 0.0],
            [0.1, 0.1, 0.1, 0.7],
            [0.0, 0.0, 0.0, 1.0],
        ]
    )
    s = stats_of(m, tokens)
    h = lambda *ps: -sum(p * math.log(p) for p in ps)  # noqa: E731
    entropy = (h(0.5, 0.5) + h(0.2, 0.2, 0.6) + h(0.1, 0.1, 0.1, 0.7) + 0.0) / 4
    assert s["entropy"] == pytest.approx(entropy) and s["entropy_norm"] == pytest.approx(entropy / math.log(4))
    assert s["cls_share"] == pytest.approx((0.5 + 0.2 + 0.1 + 0) / 4)
    assert s["sep_share"] == pytest.approx((0 + 0 + 0.7 + 1.0) / 4)
    assert s["self_share"] == pytest.approx((0.5 + 0.2 + 0.1 + 1.0) / 4)
    assert s["prev_share"] == pytest.approx((0.2 + 0.1 + 0.0) / 3)  # rows 1..3
    assert s["next_share"] == pytest.approx((0.5 + 0.6 + 0.7) / 3)  # rows 0..2
    assert s["mean_distance"] == pytest.approx((0.5 + (0.2 + 0.6) + (0.2 + 0.1 + 0.7) + 0) / 4)


def test_head_statistics_layout_and_padding() -> None:
    att = random_attention(layers=2, heads=3, t=4)
    rows = head_statistics(att, ["[CLS]", "a", "b", "[SEP]"])
    assert [(r["layer"], r["head"]) for r in rows] == [(layer, h) for layer in range(2) for h in range(3)]
    # [PAD] query rows are ignored, and the padded map equals the unpadded one when [PAD] gets no attention
    real = np.eye(3)[None, None]
    padded = np.zeros((1, 1, 5, 5))
    padded[..., :3, :3] = real
    padded[..., 3:, :3] = 1 / 3  # what padded queries do in the model: attend over the real keys
    a = stats_of(real[0, 0], ["[CLS]", "a", "[SEP]"])
    b = stats_of(padded[0, 0], ["[CLS]", "a", "[SEP]", "[PAD]", "[PAD]"])
    assert a == b


def test_align_tokens_follows_a_diff() -> None:
    a = ["[CLS]", "the", "food", "was", "good", "[SEP]"]
    b = ["[CLS]", "the", "film", "was", "very", "good", "[SEP]"]
    assert align_tokens(a, b) == [(0, 0), (1, 1), (3, 3), (4, 5), (5, 6)]
    assert align_tokens(a, a) == [(i, i) for i in range(len(a))]
    assert align_tokens(["x"], ["y"]) == []
    long_a = ["the"] * 300 + ["end"]  # frequent tokens are not dropped as "junk" on long inputs
    assert len(align_tokens(long_a, long_a)) == 301


def test_difference_on_shared() -> None:
    att_a = random_attention(layers=2, heads=2, t=4, seed=1)
    att_b = random_attention(layers=2, heads=2, t=5, seed=2)
    pairs = [(0, 0), (2, 3), (3, 4)]
    diff = difference_on_shared(att_a, att_b, pairs)
    assert diff.shape == (2, 2, 3, 3)
    for s, (ia, ib) in enumerate(pairs):
        for r, (ja, jb) in enumerate(pairs):
            np.testing.assert_allclose(diff[1, 0, s, r], att_a[1, 0, ia, ja] - att_b[1, 0, ib, jb], rtol=1e-6)
    assert difference_on_shared(att_a, att_b, []).shape == (2, 2, 0, 0)
    with pytest.raises(ValueError):
        difference_on_shared(att_a, random_attention(layers=3, t=4), pairs[:1])

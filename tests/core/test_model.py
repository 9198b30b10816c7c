"""EncoderModel: shapes, the two attention paths agree, nn.MultiheadAttention parity, head masks, heads."""

from __future__ import annotations

import dataclasses

import pytest
import torch
import torch.nn.functional as F

from workbench.core.config import ModelConfig
from workbench.core.errors import ConfigError
from workbench.core.model.encoder import EncoderModel, param_groups

torch.set_num_threads(1)

V, D, H, L, FF, T = 50, 32, 4, 2, 64, 12


def make(**kw) -> EncoderModel:
    torch.manual_seed(0)
    cfg = ModelConfig(vocab_size=V, d_model=D, n_heads=H, n_layers=L, d_ff=FF, max_len=16, n_classes=3)
    for k, v in kw.items():
        setattr(cfg, k, v)
    return EncoderModel(cfg).eval()


def batch(B: int = 3, lengths: tuple[int, ...] = (12, 7, 4)) -> tuple[torch.Tensor, torch.Tensor]:
    """Random ids with [CLS]=2 first and [PAD]=0 after each length."""
    g = torch.Generator().manual_seed(1)
    ids = torch.randint(5, V, (B, T), generator=g)
    ids[:, 0] = 2
    mask = torch.arange(T)[None, :] < torch.tensor(lengths)[:, None]
    return ids.masked_fill(~mask, 0), mask


def test_shapes() -> None:
    model = make()
    ids, mask = batch()
    h, attn = model.encode(ids, mask)
    assert h.shape == (3, T, D) and attn is None
    h, attn = model.encode(ids, mask, need_attention=True)
    assert attn is not None and attn.shape == (L, 3, H, T, T) and attn.dtype == torch.float32
    logits, _ = model.classify(ids, mask)
    assert logits.shape == (3, 3)
    assert model.mlm_logits(ids, mask).shape == (3, T, V)
    positions = torch.zeros(3, T, dtype=torch.bool)
    positions[0, 3] = positions[1, 1] = True
    sel = model.mlm_logits(ids, mask, positions)
    assert sel.shape == (2, V)
    torch.testing.assert_close(sel, model.mlm_logits(ids, mask)[positions])


def test_pooling_reads_the_mean_of_real_tokens_or_cls() -> None:
    ids, mask = batch()
    for pooling in ("mean", "cls"):
        model = make(pooling=pooling)
        h, _ = model.encode(ids, mask)
        rows = [h[b, : int(mask[b].sum())].mean(0) if pooling == "mean" else h[b, 0] for b in range(3)]
        assert model.classifier is not None
        torch.testing.assert_close(model.classify(ids, mask)[0], model.classifier(torch.stack(rows)))
    with pytest.raises(ConfigError, match="pooling"):
        make(pooling="max")


# The reference implementation's get_slopes (ofirpress/attention_with_linear_biases) for 12 and 24 heads: the
# slopes of 8 (16) heads, then every other slope of 16 (32) heads, written out rather than computed here.
PAPER_SLOPES_12 = [
    0.5, 0.25, 0.125, 0.0625, 0.03125, 0.015625, 0.0078125, 0.00390625,
    0.7071067811865476, 0.3535533905932738, 0.1767766952966369, 0.08838834764831845,
]  # fmt: skip
PAPER_SLOPES_24 = [
    0.7071067811865476, 0.5, 0.3535533905932738, 0.25, 0.1767766952966369, 0.125, 0.08838834764831845, 0.0625,
    0.04419417382415922, 0.03125, 0.02209708691207961, 0.015625, 0.011048543456039806, 0.0078125,
    0.005524271728019903, 0.00390625,
    0.8408964152537145, 0.5946035575013605, 0.42044820762685725, 0.29730177875068026,
    0.21022410381342863, 0.14865088937534013, 0.10511205190671431, 0.07432544468767006,
]  # fmt: skip
# What runs saved before the rule was recorded used for 12 heads: 2^(-8h/12), h = 1..12.
GEOMETRIC_SLOPES_12 = [
    0.6299605249474366, 0.3968502629920499, 0.25, 0.15749013123685915, 0.09921256574801246, 0.0625,
    0.03937253280921478, 0.024803141437003122, 0.015625, 0.009843133202303695, 0.0062007853592507805, 0.00390625,
]  # fmt: skip


def test_alibi_slopes_follow_the_paper_for_any_head_count() -> None:
    from workbench.core.model.encoder import alibi_slopes

    assert alibi_slopes(12).tolist() == pytest.approx(PAPER_SLOPES_12, rel=1e-6)
    assert alibi_slopes(24).tolist() == pytest.approx(PAPER_SLOPES_24, rel=1e-6)
    assert alibi_slopes(12, "geometric").tolist() == pytest.approx(GEOMETRIC_SLOPES_12, rel=1e-6)
    for n in (1, 2, 4, 8, 16):  # powers of two: both rules agree, so no saved run changes
        assert alibi_slopes(n).tolist() == alibi_slopes(n, "geometric").tolist()


def test_a_run_saved_before_the_slope_rule_keeps_its_slopes(tmp_path) -> None:
    from workbench.core.config import RunConfig
    from workbench.core.model.encoder import alibi_bias

    old = tmp_path / "config.toml"  # as written before alibi_slopes existed: no such line
    old.write_text(
        '[data]\nsource = "demo:reviews"\n\n[model]\nvocab_size = 50\nd_model = 48\nn_heads = 12\n'
        'n_layers = 1\nd_ff = 64\nmax_len = 16\npositional = "alibi"\nn_classes = 3\npooling = "mean"\n\n'
        "[train]\nseed = 0\n",
        encoding="utf-8",
    )
    cfg = RunConfig.load(old).model
    assert cfg.alibi_slopes == "geometric"
    assert ModelConfig().alibi_slopes == "paper"  # new runs
    torch.manual_seed(0)
    model = EncoderModel(cfg).eval()
    ids, mask = batch()
    _, probs = model.encode(ids, mask, need_attention=True)
    # One layer, no positions: the first layer's scores are q.k plus the bias of the recorded slopes.
    expected = (
        -torch.tensor(GEOMETRIC_SLOPES_12).view(12, 1, 1) * (torch.arange(T)[None, :] - torch.arange(T)[:, None]).abs()
    )
    torch.testing.assert_close(alibi_bias(12, T, rule=cfg.alibi_slopes)[0], expected.float())
    paper = EncoderModel(dataclasses.replace(cfg, alibi_slopes="paper")).eval()
    paper.load_state_dict(model.state_dict())
    _, paper_probs = paper.encode(ids, mask, need_attention=True)
    assert not torch.allclose(probs, paper_probs)  # the rule reaches the attention: a new default would change it


def test_alibi_penalises_distance_per_head() -> None:
    from workbench.core.model.encoder import alibi_bias, alibi_slopes

    assert alibi_slopes(4).tolist() == [0.25, 0.0625, 0.015625, 0.00390625]
    bias = alibi_bias(4, 5)
    assert bias.shape == (1, 4, 5, 5)
    assert bias[0, 0, 2].tolist() == [-0.5, -0.25, 0.0, -0.25, -0.5]  # symmetric: an encoder reads both ways
    model = make(positional="alibi")
    assert model.pos_table is None and model.pos_emb is None  # no position vectors at all
    both = make(positional="sinusoidal+alibi")  # the classic position vectors, and the same penalty
    assert both.pos_table is not None
    ids, mask = batch()
    _, with_bias = both.encode(ids, mask, need_attention=True)
    plain = make(positional="sinusoidal")
    plain.load_state_dict(both.state_dict())
    _, without = plain.encode(ids, mask, need_attention=True)
    assert not torch.allclose(with_bias, without)  # the bias changes where heads look


@pytest.mark.parametrize("positional", ["sinusoidal", "learned", "alibi", "sinusoidal+alibi"])
def test_fast_path_equals_inspection_path_with_padding(positional: str) -> None:
    model = make(positional=positional)
    ids, mask = batch()
    fast, _ = model.encode(ids, mask)
    slow, _ = model.encode(ids, mask, need_attention=True)
    assert (fast - slow).abs().max().item() < 1e-5
    # and without any padding (SDPA gets no mask at all)
    full = torch.ones_like(mask)
    assert (model.encode(ids, full)[0] - model.encode(ids, full, need_attention=True)[0]).abs().max() < 1e-5


def test_attention_rows_sum_to_one_and_ignore_pad() -> None:
    model = make()
    ids, mask = batch()
    _, attn = model.encode(ids, mask, need_attention=True)
    assert torch.isfinite(attn).all()
    torch.testing.assert_close(attn.sum(-1), torch.ones(L, 3, H, T))  # every row, padded queries too
    pad_keys = ~mask[None, :, None, None, :].expand_as(attn)
    assert attn[pad_keys].abs().max().item() == 0.0


def test_block_matches_torch_multihead_attention() -> None:
    model = make()
    block = model.blocks[0]
    mha = torch.nn.MultiheadAttention(D, H, bias=True, batch_first=True).eval()
    with torch.no_grad():
        mha.in_proj_weight.copy_(block.attn.qkv.weight)
        mha.in_proj_bias.copy_(block.attn.qkv.bias)
        mha.out_proj.weight.copy_(block.attn.proj.weight)
        mha.out_proj.bias.copy_(block.attn.proj.bias)
    _, mask = batch()
    x = torch.randn(3, T, D, generator=torch.Generator().manual_seed(2))
    key_ok = mask[:, None, None, :]
    with torch.no_grad():
        ref_out, ref_w = mha(x, x, x, key_padding_mask=~mask, need_weights=True, average_attn_weights=False)
        out_slow, probs = block.attn(x, key_ok, None, True)
        out_fast, _ = block.attn(x, key_ok, None, False)
    torch.testing.assert_close(probs, ref_w, atol=1e-6, rtol=1e-5)
    torch.testing.assert_close(out_slow, ref_out, atol=1e-6, rtol=1e-5)
    torch.testing.assert_close(out_fast, ref_out, atol=1e-5, rtol=1e-5)


def test_head_mask_mutes_one_head_slice() -> None:
    model = make()
    ids, mask = batch()
    layer, head = 1, 2
    head_mask = torch.ones(L, H)
    head_mask[layer, head] = 0.0

    # Reference: hook the output projection of that layer and zero the head's slice of its input.
    dh = D // H

    def zero_slice(_module, args):
        (y,) = args
        y = y.clone()
        y[..., head * dh : (head + 1) * dh] = 0.0
        return (y,)

    handle = model.blocks[layer].attn.proj.register_forward_pre_hook(zero_slice)
    try:
        ref, _ = model.classify(ids, mask)
    finally:
        handle.remove()
    plain, _ = model.classify(ids, mask)
    for need in (False, True):
        muted, _ = model.classify(ids, mask, need_attention=need, head_mask=head_mask)
        torch.testing.assert_close(muted, ref, atol=1e-5, rtol=1e-5)
    assert (muted - plain).abs().max() > 1e-4  # the head mattered
    # all ones: exactly the plain forward, on both paths
    ones = torch.ones(L, H)
    assert torch.equal(model.classify(ids, mask, head_mask=ones)[0], plain)
    slow_plain = model.classify(ids, mask, need_attention=True)[0]
    assert torch.equal(model.classify(ids, mask, need_attention=True, head_mask=ones)[0], slow_plain)


@pytest.mark.parametrize(("pooling", "positional"), [("mean", "sinusoidal"), ("cls", "sinusoidal"), ("mean", "alibi")])
def test_padding_does_not_change_logits(pooling: str, positional: str) -> None:
    model = make(pooling=pooling, positional=positional)
    ids, mask = batch(1, (6,))
    short_ids, short_mask = ids[:, :6], mask[:, :6]
    a, _ = model.classify(short_ids, short_mask)
    b, _ = model.classify(ids, mask)  # same text + 6 [PAD]
    torch.testing.assert_close(a, b, atol=1e-5, rtol=1e-5)


def test_mlm_decoder_is_tied_to_embedding() -> None:
    model = make()
    ids, mask = batch()
    positions = mask.clone()
    # The decoder uses the embedding matrix itself: changing it in place changes the logits accordingly.
    h, _ = model.encode(ids, mask)
    hh = model.mlm_ln(F.gelu(model.mlm_dense(h[positions])))
    expected = hh @ model.tok_emb.weight.T + model.mlm_bias
    torch.testing.assert_close(model.mlm_logits(ids, mask, positions), expected)
    # gradient of the decoder reaches the embedding; the state dict holds no second copy
    model.train()
    model.mlm_logits(ids, mask, positions).sum().backward()
    assert model.tok_emb.weight.grad is not None
    shapes = [tuple(v.shape) for v in model.state_dict().values()]
    assert shapes.count((V, D)) == 1
    ptrs = [v.data_ptr() for v in model.state_dict().values()]
    assert len(ptrs) == len(set(ptrs))  # no shared tensors: safetensors can save it as is


def test_param_groups_cover_every_parameter_once() -> None:
    model = make()
    groups = param_groups(model, 0.1)
    listed = [p for g in groups for p in g["params"]]
    assert len(listed) == len({id(p) for p in listed})
    assert {id(p) for p in listed} == {id(p) for p in model.parameters()}
    decay = next(g for g in groups if g["weight_decay"] == 0.1)
    assert all(p.dim() >= 2 for p in decay["params"])
    assert any(p is model.tok_emb.weight for p in decay["params"])
    no_decay = next(g for g in groups if g["weight_decay"] == 0.0)
    assert any(p is model.ln_f.weight for p in no_decay["params"])
    torch.optim.AdamW(groups, lr=1e-3)  # accepted as is


def test_bf16_autocast_forward_and_backward() -> None:
    model = make(dropout=0.1).train()
    ids, mask = batch()
    positions = mask & (torch.arange(T) % 3 == 1)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        logits, _ = model.classify(ids, mask)
        mlm = model.mlm_logits(ids, mask, positions)
        loss = F.cross_entropy(logits.float(), torch.tensor([0, 1, 2])) + F.cross_entropy(mlm.float(), ids[positions])
        _, attn = model.encode(ids, mask, need_attention=True)  # inspection stays fp32 under autocast
    assert torch.isfinite(logits.float()).all() and torch.isfinite(mlm.float()).all()
    assert attn is not None and attn.dtype == torch.float32
    loss.backward()
    grads = [p.grad for p in model.parameters() if p.grad is not None]
    assert grads and all(torch.isfinite(g).all() for g in grads)


def test_learned_positions() -> None:
    model = make(positional="learned")
    assert model.pos_emb is not None and model.pos_emb.weight.shape == (16, D)
    assert "pos_table" not in dict(model.named_buffers())
    ids, mask = batch()
    fast, _ = model.encode(ids, mask)
    slow, _ = model.encode(ids, mask, need_attention=True)
    assert (fast - slow).abs().max() < 1e-5
    sinus = make()
    assert sinus.pos_emb is None and "pos_table" not in sinus.state_dict()
    assert all(not n.startswith("pos") for n, _ in sinus.named_parameters())


def test_classifier_replacement_and_errors() -> None:
    model = make(n_classes=0)
    ids, mask = batch()
    with pytest.raises(ValueError):
        model.classify(ids, mask)
    model.replace_classifier(5)
    assert model.cfg.n_classes == 5 and model.classify(ids, mask)[0].shape == (3, 5)
    with pytest.raises(ValueError):
        model.encode(torch.zeros(1, 17, dtype=torch.long), torch.ones(1, 17, dtype=torch.bool))
    with pytest.raises(ConfigError):
        make(n_heads=5)


def test_dropout_only_in_training() -> None:
    model = make(dropout=0.5)
    ids, mask = batch()
    assert torch.equal(model.classify(ids, mask)[0], model.classify(ids, mask)[0])
    model.train()
    assert not torch.equal(model.classify(ids, mask)[0], model.classify(ids, mask)[0])


def test_bf16_autocast_on_the_cpu_carries_the_residual_stream_in_bf16_but_returns_float32() -> None:
    model = make().train()
    ids, mask = batch()
    seen: list[torch.dtype] = []
    model.blocks[0].register_forward_pre_hook(lambda _module, args: seen.append(args[0].dtype))
    with torch.autocast("cpu", dtype=torch.bfloat16):
        hidden, _ = model.encode(ids, mask)
        inspected, maps = model.encode(ids, mask, need_attention=True)
    assert seen == [torch.bfloat16, torch.float32]  # inspection stays float32 throughout
    assert hidden.dtype == inspected.dtype == torch.float32 and maps is not None and maps.dtype == torch.float32

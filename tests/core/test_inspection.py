"""Inspection: head ablation against a hand-written forward pass, padding, snapshots, probe history, the CLI."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from tiny_models import SENTENCE, tiny_classifier

from workbench.cli import main
from workbench.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig
from workbench.core.data.dataset import Dataset, stratified_split
from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.errors import ConfigError, RunError
from workbench.core.inspection.inspector import (
    PROBE_TEXTS_FILE,
    PROBES_FILE,
    Inspection,
    ablate,
    head_mask_from_muted,
    inspect_pair,
    inspect_text,
    load_probe_history,
    load_run,
    probe_attention,
    save_probe_history,
    snapshot_model,
    truncate_probe_history,
)
from workbench.core.model.encoder import EncoderModel
from workbench.core.training.engine import Trainer

torch.set_num_threads(1)


def make_model(tokenizer: TextTokenizer, n_classes: int = 3, seed: int = 0) -> EncoderModel:
    return tiny_classifier(tokenizer, n_classes, seed, spread=0.3)


@pytest.fixture
def model(tokenizer: TextTokenizer) -> EncoderModel:
    return make_model(tokenizer)


def reference_logits(model: EncoderModel, ids: torch.Tensor, muted: set[tuple[int, int]]) -> torch.Tensor:
    """The classifier logits for one unpadded sentence [1, T], written out head by head with plain torch ops,
    zeroing each muted head's output before the output projection."""
    cfg = model.cfg
    d, h = cfg.d_model, cfg.n_heads
    dh = d // h
    t = ids.shape[1]
    x = model.tok_emb.weight[ids[0]] * math.sqrt(d)  # [T, D]
    if cfg.positional.startswith("sinusoidal"):
        x = x + model.pos_table[:t]
    distance = (torch.arange(t)[None, :] - torch.arange(t)[:, None]).abs()
    for layer, block in enumerate(model.blocks):
        y = F.layer_norm(x, (d,), block.ln1.weight, block.ln1.bias, block.ln1.eps)
        qkv = y @ block.attn.qkv.weight.T + block.attn.qkv.bias
        q, k, v = qkv[:, :d], qkv[:, d : 2 * d], qkv[:, 2 * d :]
        outs = []
        for head in range(h):
            cols = slice(head * dh, (head + 1) * dh)
            scores = q[:, cols] @ k[:, cols].T / math.sqrt(dh)
            if cfg.positional.endswith("alibi"):  # ALiBi: slope 2^(-8(head+1)/h) times the distance, subtracted
                scores = scores - 2.0 ** (-8.0 * (head + 1) / h) * distance
            probs = torch.softmax(scores, dim=-1)
            out = probs @ v[:, cols]
            outs.append(torch.zeros_like(out) if (layer, head) in muted else out)
        x = x + torch.cat(outs, dim=-1) @ block.attn.proj.weight.T + block.attn.proj.bias
        y = F.layer_norm(x, (d,), block.ln2.weight, block.ln2.bias, block.ln2.eps)
        x = x + F.gelu(y @ block.ff1.weight.T + block.ff1.bias) @ block.ff2.weight.T + block.ff2.bias
    x = F.layer_norm(x, (d,), model.ln_f.weight, model.ln_f.bias, model.ln_f.eps)
    pooled = x[0] if cfg.pooling == "cls" else x.mean(0)
    return pooled @ model.classifier.weight.T + model.classifier.bias


@pytest.mark.parametrize(
    ("pooling", "positional"),
    [("cls", "sinusoidal"), ("mean", "sinusoidal"), ("mean", "alibi"), ("mean", "sinusoidal+alibi")],
)
@pytest.mark.parametrize("muted", [set(), {(0, 1)}, {(1, 0)}, {(0, 0), (1, 1)}, {(0, 0), (0, 1), (1, 0), (1, 1)}])
def test_muting_heads_matches_a_hand_written_forward(tokenizer, muted, pooling, positional) -> None:
    model = tiny_classifier(tokenizer, 3, 0, spread=0.3, pooling=pooling, positional=positional)
    ids = torch.tensor(tokenizer.encode_ids([SENTENCE], model.cfg.max_len))
    with torch.no_grad():
        expected = reference_logits(model, ids, muted)
        unmuted = reference_logits(model, ids, set())
    result = ablate(model, tokenizer, SENTENCE, muted)
    np.testing.assert_allclose(result.logits, expected.numpy(), atol=1e-5, rtol=0)
    np.testing.assert_allclose(result.probabilities, torch.softmax(expected, -1).numpy(), atol=1e-6)
    if muted:  # the reference is sensitive enough for the comparison to mean something
        assert (expected - unmuted).abs().max().item() > 1e-2


def test_muting_nothing_reproduces_the_plain_forward(model, tokenizer) -> None:
    plain = inspect_text(model, tokenizer, SENTENCE)
    none_muted = ablate(model, tokenizer, SENTENCE, set())
    np.testing.assert_array_equal(none_muted.logits, plain.logits)
    np.testing.assert_array_equal(none_muted.attention, plain.attention)
    ids = torch.tensor(tokenizer.encode_ids([SENTENCE], model.cfg.max_len))
    with torch.no_grad():
        logits, _ = model.classify(ids, torch.ones_like(ids, dtype=torch.bool))  # the fast (SDPA) path
    # SDPA and the explicit softmax sum in different orders: ~1e-6 apart in fp32, not always below it
    np.testing.assert_allclose(plain.logits, logits[0].numpy(), atol=5e-6, rtol=0)
    assert plain.tokens[0] == "[CLS]" and plain.tokens[-1] == "[SEP]"
    assert plain.attention.shape == (2, 2, len(plain.tokens), len(plain.tokens))
    assert plain.attention.dtype == np.float32
    np.testing.assert_allclose(plain.attention.sum(-1), 1.0, atol=1e-6)
    # muting a whole layer leaves its attention as it was (the mask acts after the softmax)
    muted = ablate(model, tokenizer, SENTENCE, {(1, 0), (1, 1)})
    np.testing.assert_array_equal(muted.attention[:2], plain.attention[:2])


def test_muted_heads_are_checked(model, tokenizer) -> None:
    mask = head_mask_from_muted([(1, 0)], 2, 2)
    assert mask.tolist() == [[1.0, 1.0], [0.0, 1.0]]
    with pytest.raises(ConfigError, match="no head 2 in layer 0"):
        ablate(model, tokenizer, SENTENCE, {(0, 2)})
    with pytest.raises(ConfigError):
        ablate(model, tokenizer, SENTENCE, {(-1, 0)})


def test_inspection_restores_training_mode_and_keeps_old_names(model, tokenizer) -> None:
    model.train()
    result = inspect_text(model, tokenizer, SENTENCE)
    assert model.training
    assert isinstance(result, Inspection)
    assert result.predicted(["a", "b", "c"]) == ["a", "b", "c"][int(np.argmax(result.probabilities))]
    assert result.predicted([]) is None
    legacy = Inspection(["[CLS]"], None, np.zeros((1, 1, 1, 1), np.float32))  # the three-field form still works
    assert legacy.logits is None and legacy.predicted(["x"]) is None


def test_a_model_without_classifier_gives_attention_only(tokenizer) -> None:
    mlm = make_model(tokenizer, n_classes=0)
    result = inspect_text(mlm, tokenizer, SENTENCE)
    assert result.probabilities is None and result.logits is None
    np.testing.assert_allclose(result.attention.sum(-1), 1.0, atol=1e-6)


def test_probe_attention_pads_without_changing_any_map(model, tokenizer) -> None:
    texts = ["good", SENTENCE, "the film was bad and the room was bad too", ""]
    maps = probe_attention(model, tokenizer, texts)
    assert len(maps) == len(texts)
    for text, att in zip(texts, maps, strict=True):
        single = inspect_text(model, tokenizer, text).attention
        assert att.shape == single.shape and att.dtype == np.float32
        np.testing.assert_allclose(att, single, atol=1e-6, rtol=0)
        np.testing.assert_allclose(att.sum(-1), 1.0, atol=1e-6)
    assert probe_attention(model, tokenizer, []) == []

    # the padded batch itself: [PAD] keys get exactly zero attention
    rows = tokenizer.encode_ids(texts, model.cfg.max_len)
    width = max(map(len, rows))
    ids = torch.tensor([r + [tokenizer.pad_id] * (width - len(r)) for r in rows])
    mask = ids != tokenizer.pad_id
    with torch.no_grad():
        _, att = model.encode(ids, mask, need_attention=True)
    pad_keys = ~mask[None, :, None, None, :].expand_as(att)
    assert pad_keys.any() and att[pad_keys].abs().max().item() == 0.0


def test_probe_attention_draws_no_random_numbers_and_keeps_the_mode(model, tokenizer) -> None:
    model.train()
    state = torch.get_rng_state()
    probe_attention(model, tokenizer, ["the food", "a view"])
    assert torch.equal(state, torch.get_rng_state()) and model.training


def test_inspect_pair_aligns_shared_tokens(model, tokenizer) -> None:
    pair = inspect_pair(model, tokenizer, "the food was good", "the film was good")
    assert pair.shared_tokens == ["[CLS]", "the", "was", "good", "[SEP]"]
    assert pair.difference.shape == (2, 2, 5, 5)
    (ia, ib), (ja, jb) = pair.pairs[1], pair.pairs[2]
    assert pair.difference[1, 0, 1, 2] == pytest.approx(pair.a.attention[1, 0, ia, ja] - pair.b.attention[1, 0, ib, jb])


def test_snapshot_is_an_independent_cpu_fp32_eval_copy(model, tokenizer) -> None:
    model.train()
    snap = snapshot_model(model)
    assert not snap.training and model.training and snap is not model
    assert all(p.dtype == torch.float32 and p.device.type == "cpu" for p in snap.parameters())
    assert all(p.requires_grad for p in model.parameters())  # the original is untouched
    before = inspect_text(snap, tokenizer, SENTENCE)
    np.testing.assert_array_equal(before.logits, inspect_text(model, tokenizer, SENTENCE).logits)
    with torch.no_grad():
        model.classifier.weight.add_(1.0)  # a training step on the original...
    np.testing.assert_array_equal(inspect_text(snap, tokenizer, SENTENCE).logits, before.logits)  # ...not seen
    # from an explicit state dict, as Trainer.snapshot_state() gives it
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    from_state = snapshot_model(model, state)
    np.testing.assert_array_equal(
        inspect_text(from_state, tokenizer, SENTENCE).logits, inspect_text(model, tokenizer, SENTENCE).logits
    )


def test_probe_history_round_trip(model, tokenizer, tmp_path: Path) -> None:
    texts = ["the food was good", "a bad room"]
    save_probe_history(tmp_path, 10, probe_attention(model, tokenizer, texts), texts=texts)
    with torch.no_grad():
        model.blocks[0].attn.qkv.weight.mul_(2.0)
    later = probe_attention(model, tokenizer, texts)
    save_probe_history(tmp_path, 20, later)
    history = load_probe_history(tmp_path)
    assert history.texts == texts and history.steps == [10, 20]
    assert [a.shape for a in history.attention[20]] == [a.shape for a in later]
    for got, want in zip(history.attention[20], later, strict=True):
        np.testing.assert_array_equal(got, want)
    assert len(history.of_probe(1)) == 2
    assert not np.array_equal(history.attention[10][0], history.attention[20][0])
    assert json.loads((tmp_path / PROBE_TEXTS_FILE).read_text())["texts"] == texts
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*"))  # atomic: no temporary left

    save_probe_history(tmp_path, 10, later, texts=texts)  # the same step again replaces it
    np.testing.assert_array_equal(load_probe_history(tmp_path).attention[10][0], later[0])
    truncate_probe_history(tmp_path, 15)
    assert load_probe_history(tmp_path).steps == [10]

    with pytest.raises(RunError, match="differ"):
        save_probe_history(tmp_path, 30, later, texts=["something else", "a bad room"])
    with pytest.raises(ValueError):
        save_probe_history(tmp_path, 30, later[:1])
    assert load_probe_history(tmp_path / "missing").steps == []
    (tmp_path / PROBES_FILE).write_bytes(b"not safetensors")
    with pytest.raises(RunError, match="cannot be read"):
        load_probe_history(tmp_path)


def test_cli_inspect_json_matches_inspect_text(tiny_texts, tmp_path: Path, capsys) -> None:
    texts, labels = tiny_texts
    train, val = stratified_split(Dataset(texts, labels, source="tiny"), 0.2, seed=0)
    cfg = RunConfig(
        data=DataConfig(vocab_size=200),
        model=ModelConfig(d_model=32, n_heads=2, n_layers=2, d_ff=64, max_len=32, dropout=0.1),
        train=TrainConfig(batch_size=16, max_steps=3, lr=3e-3, seed=0, precision="fp32"),
        preset=None,
    )
    trainer = Trainer(cfg, train=train, val=val, run_dir=tmp_path / "run")
    for _ in trainer.fit():
        pass
    text = "the food was really good"
    assert main(["inspect", str(tmp_path / "run"), text, "--json"]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])

    loaded = load_run(tmp_path / "run")
    direct = inspect_text(loaded.model, loaded.tokenizer, text)
    assert out["tokens"] == direct.tokens and out["label"] == direct.predicted(loaded.labels)
    cli_att = np.array(out["attention"], dtype=np.float64)
    assert cli_att.shape == direct.attention.shape == (2, 2, len(direct.tokens), len(direct.tokens))
    np.testing.assert_allclose(cli_att, direct.attention, atol=1e-6, rtol=0)  # the CLI rounds to 6 decimals
    # a snapshot of the trainer's final weights sees the same as the saved run
    snap = snapshot_model(trainer.model, trainer.snapshot_state())
    np.testing.assert_allclose(inspect_text(snap, loaded.tokenizer, text).attention, direct.attention, atol=1e-6)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_inspection_runs_on_the_models_own_cuda_device(model, tokenizer) -> None:
    from workbench.core.inspection.saliency import integrated_gradients

    on_cpu = inspect_text(model, tokenizer, SENTENCE)
    texts = [SENTENCE, "a bad room"]
    cpu_probes = probe_attention(model, tokenizer, texts)
    cuda = model.to("cuda")
    with torch.autocast("cuda", dtype=torch.bfloat16):  # as during training: inspection stays fp32
        on_gpu = inspect_text(cuda, tokenizer, SENTENCE)
        gpu_probes = probe_attention(cuda, tokenizer, texts)
    np.testing.assert_allclose(on_gpu.attention, on_cpu.attention, atol=1e-4)
    np.testing.assert_allclose(on_gpu.logits, on_cpu.logits, atol=1e-4)
    for got, want in zip(gpu_probes, cpu_probes, strict=True):
        np.testing.assert_allclose(got, want, atol=1e-4)
    muted = ablate(cuda, tokenizer, SENTENCE, {(0, 1)})
    assert not np.allclose(muted.logits, on_gpu.logits)
    _, scores = integrated_gradients(cuda, tokenizer, SENTENCE)
    assert np.isfinite(scores).all()
    snap = snapshot_model(cuda)
    assert next(snap.parameters()).device.type == "cpu"

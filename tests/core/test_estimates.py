"""Size estimates: exact parameter counts, FLOPs formula, and a sanity check of the memory estimate."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from workbench.core.config import ModelConfig, preset
from workbench.core.errors import ConfigError
from workbench.core.model.encoder import EncoderModel
from workbench.core.model.estimates import flops_per_token, param_count, training_memory_bytes

torch.set_num_threads(1)

BERT_BASE = ModelConfig(
    vocab_size=30522, d_model=768, n_heads=12, n_layers=12, d_ff=3072, max_len=512, positional="learned"
)


def encoder_only(model: EncoderModel) -> int:
    heads = ("mlm_", "classifier.")
    return sum(p.numel() for n, p in model.named_parameters() if not n.startswith(heads))


def test_bert_base_size() -> None:
    # BERT-base's 109,482,240 less its pooler (590,592) and segment embeddings (1,536).
    assert param_count(BERT_BASE, heads=False) == 109_482_240 - 590_592 - 1_536 == 108_890_112


@pytest.mark.parametrize(
    "cfg",
    [
        ModelConfig(vocab_size=97, d_model=24, n_heads=3, n_layers=2, d_ff=40, max_len=20, n_classes=4),
        ModelConfig(vocab_size=50, d_model=16, n_heads=2, n_layers=3, d_ff=32, max_len=8, positional="learned"),
        preset("tiny", vocab_size=300, n_classes=2),
    ],
)
def test_param_count_is_exact(cfg: ModelConfig) -> None:
    model = EncoderModel(cfg)
    assert param_count(cfg) == sum(p.numel() for p in model.parameters())  # tied decoder counted once
    assert param_count(cfg, heads=False) == encoder_only(model)


def test_flops_per_token() -> None:
    cfg = preset("small", vocab_size=8000)
    n = param_count(cfg, heads=False) - 8000 * 256  # sinusoidal: no position parameters
    assert flops_per_token(cfg, 64) == 6 * n + 12 * 4 * 256 * 64
    assert flops_per_token(cfg, 64, training=False) == 2 * n + 4 * 4 * 256 * 64
    assert flops_per_token(cfg, 128) > flops_per_token(cfg, 64)


def test_memory_is_monotonic_and_sized_right() -> None:
    cfg = preset("base", vocab_size=8000, n_classes=2)
    base = training_memory_bytes(cfg, 32, 128)
    assert training_memory_bytes(cfg, 64, 128) > base
    assert training_memory_bytes(cfg, 32, 256) > base
    assert training_memory_bytes(preset("small", vocab_size=8000, n_classes=2), 32, 128) < base
    assert training_memory_bytes(cfg, 32, 128, "bf16") < base
    # base preset, batch 32 × 128 in fp32: ~0.4 GB of weights/optimizer state + ~1.3 GB of activations
    assert 0.5e9 < base < 5e9
    with pytest.raises(ConfigError):
        training_memory_bytes(cfg, 32, 128, "fp8")


@pytest.mark.parametrize(("precision", "n_classes"), [("fp32", 3), ("bf16", 3), ("fp32", 0)])
def test_activation_estimate_matches_saved_tensors(precision: str, n_classes: int) -> None:
    """No GPU peak to compare with here: instead count the bytes autograd keeps for backward on the CPU."""
    torch.manual_seed(0)
    cfg = preset("tiny", vocab_size=500, max_len=64, n_classes=n_classes)
    B, T = 4, 64
    model = EncoderModel(cfg).train()
    params = {p.untyped_storage().data_ptr() for p in model.parameters()}
    saved: dict[int, int] = {}

    def pack(t: torch.Tensor) -> torch.Tensor:
        s = t.untyped_storage()
        if s.data_ptr() not in params:
            saved[s.data_ptr()] = s.nbytes()
        return t

    ids = torch.randint(5, 500, (B, T))
    mask = torch.ones(B, T, dtype=torch.bool)
    mask[0, 40:] = False
    with (
        torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t),
        torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"),
    ):
        if n_classes:
            loss = F.cross_entropy(model.classify(ids, mask)[0].float(), torch.zeros(B, dtype=torch.long))
        else:
            positions = torch.rand(B, T, generator=torch.Generator().manual_seed(0)) < 0.15
            loss = F.cross_entropy(model.mlm_logits(ids, mask, positions).float(), ids[positions])
    loss.backward()
    n = param_count(cfg)
    # the estimate's non-activation part: 16 bytes/parameter (weights, grads, AdamW); autocast's weight
    # copies are saved tensors too, so they stay on the measured side.
    estimated = training_memory_bytes(cfg, B, T, precision) - 16 * n
    measured = sum(saved.values())
    assert 0.65 * measured <= estimated <= 1.35 * measured

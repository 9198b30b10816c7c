"""`workbench bench train`: both sides use the same optimizer, the keys the README lists are there."""

from __future__ import annotations

import pytest
import torch

from workbench.bench import train as bench_train
from workbench.core.config import TrainConfig
from workbench.core.config import preset as model_preset
from workbench.core.model.encoder import EncoderModel
from workbench.core.training.device import choose
from workbench.core.training.optim import build_optimizer


def _implementation(optimizer: torch.optim.Optimizer) -> tuple[object, object]:
    return optimizer.defaults.get("fused"), optimizer.defaults.get("foreach")


def test_the_baseline_uses_the_engines_adamw_implementation() -> None:
    engine_opt, _ = build_optimizer(
        EncoderModel(model_preset("tiny", vocab_size=50, n_classes=2, max_len=16)), TrainConfig(), choose("cpu", "fp32")
    )
    baseline_opt = bench_train.same_adamw(torch.nn.Linear(4, 2).parameters())
    assert type(baseline_opt) is type(engine_opt)
    assert _implementation(baseline_opt) == _implementation(engine_opt)
    assert baseline_opt.defaults["betas"] == engine_opt.defaults["betas"]


def test_the_matmul_peak_is_measured_at_the_size_asked_for(monkeypatch) -> None:
    sizes = []
    real_randn = torch.randn

    def randn(*shape: int) -> torch.Tensor:
        sizes.append(shape)
        return real_randn(*shape)

    monkeypatch.setattr(bench_train.torch, "randn", randn)
    assert bench_train.matmul_peak_flops(torch.float32, size=64, repeats=2) > 0
    assert sizes == [(64, 64), (64, 64)]


@pytest.mark.benchmark
def test_bench_train_reports_ratios_and_both_peaks() -> None:
    out = bench_train.run(preset="tiny", rounds=1, steps=8)
    for key in ("ratio", "fp32_ratio", "loss_gap", "mfu", "mfu_fp32", "bf16_peak_tflops", "fp32_peak_tflops"):
        assert out[key] is not None and out[key] >= 0, key
    assert out["peak_size"] == 2048
    assert out["peak_tflops"] in (out["bf16_peak_tflops"], out["fp32_peak_tflops"])


def test_the_sides_take_turns_step_by_step() -> None:
    order: list[str] = []

    def side(name: str, steps: int):  # type: ignore[no-untyped-def]
        for i in range(steps):
            order.append(name)
            yield float(i)

    rates = bench_train.in_turns({"engine": side("engine", 3), "plain": side("plain", 2)}, skip=1)
    assert order == ["engine", "plain", "engine", "plain", "engine"]
    assert rates == {"engine": [1.0, 2.0], "plain": [1.0]}

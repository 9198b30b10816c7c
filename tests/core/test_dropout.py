"""The CPU dropout that draws four elements' masks per random number (workbench/core/model/dropout.py)."""

from __future__ import annotations

import pytest
import torch

from workbench.core.model.dropout import Dropout, dropout, keep_mask

N = 1 << 20


@pytest.mark.parametrize("p", [0.1, 0.5, 0.9])
def test_each_of_the_four_lanes_keeps_one_minus_p(p: float) -> None:
    torch.manual_seed(0)
    keep = keep_mask((N,), p).view(-1, 4).float()
    # Binomial standard deviation at N/4 draws is under 0.001; 0.005 is five of them. A lane built from a
    # sign-limited draw would keep all (or none) of its elements.
    for lane in range(4):
        assert abs(keep[:, lane].mean().item() - (1 - p)) < 0.005
    assert keep_mask((3, 5, 7), p).shape == (3, 5, 7)


def test_kept_values_are_scaled_so_the_mean_is_unchanged() -> None:
    torch.manual_seed(1)
    x = torch.ones(N)
    y = dropout(x, 0.1, True)
    kept = y[y != 0]
    assert torch.all(kept == kept[0])
    assert kept[0].item() == pytest.approx(1 / 0.9, rel=1e-4)
    assert abs(y.mean().item() - 1.0) < 0.005
    assert abs((y == 0).float().mean().item() - 0.1) < 0.002


def test_the_gradient_passes_through_kept_elements_only() -> None:
    torch.manual_seed(2)
    x = torch.randn(64, 32, requires_grad=True)
    y = dropout(x, 0.3, True)
    y.sum().backward()
    assert x.grad is not None
    torch.testing.assert_close(x.grad, y.detach() / x.detach())


def test_same_seed_same_mask() -> None:
    x = torch.randn(8, 16, dtype=torch.bfloat16)
    torch.manual_seed(3)
    a = dropout(x, 0.2, True)
    torch.manual_seed(3)
    assert torch.equal(a, dropout(x, 0.2, True))
    torch.manual_seed(4)
    assert not torch.equal(a, dropout(x, 0.2, True))


def test_bf16_keeps_its_dtype_and_its_expectation() -> None:
    # bf16 holds 1 / 0.9 as 1.109375; elements are kept with probability 1 / 1.109375 = 0.9014 so the mean stays
    # 1. A 1.109375 scale on a 0.9 keep probability would shrink the mean by 0.16 % (about five standard errors).
    torch.manual_seed(5)
    y = dropout(torch.ones(N, dtype=torch.bfloat16), 0.1, True)
    assert y.dtype == torch.bfloat16
    assert set(y.unique().tolist()) == {0.0, 1.109375}
    assert abs((y != 0).float().mean().item() - 1 / 1.109375) < 0.0015
    assert abs(y.double().mean().item() - 1.0) < 0.001


def test_off_outside_training_and_at_the_ends() -> None:
    x = torch.randn(10, 10)
    assert torch.equal(dropout(x, 0.5, False), x)
    assert torch.equal(dropout(x, 0.0, True), x)
    assert torch.count_nonzero(dropout(x, 1.0, True)) == 0
    module = Dropout(0.5).eval()
    assert torch.equal(module(x), x) and repr(module) == "Dropout(p=0.5, inplace=False)"


def test_a_probability_too_small_to_round_keeps_everything() -> None:
    assert keep_mask((1000,), 1e-9).all()
    assert not keep_mask((1000,), 1 - 1e-9).any()


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_the_scaled_mask_keeps_the_elements_keep_mask_keeps(dtype: torch.dtype) -> None:
    torch.manual_seed(6)
    y = dropout(torch.ones(4096, dtype=dtype), 0.3, True)
    torch.manual_seed(6)
    assert y.dtype == dtype
    assert torch.equal(y != 0, keep_mask((4096,), 0.3))


def test_float16_holds_its_own_scale_and_keeps_the_expectation() -> None:
    torch.manual_seed(7)
    y = dropout(torch.ones(N, dtype=torch.float16), 0.1, True)
    scale = torch.tensor(1 / 0.9, dtype=torch.float16).item()  # 1.111328125: float16 has 10 fraction bits
    assert y.dtype == torch.float16 and scale != pytest.approx(1.109375)
    assert set(y.unique().tolist()) == {0.0, scale}
    assert abs(y.double().mean().item() - 1.0) < 0.001

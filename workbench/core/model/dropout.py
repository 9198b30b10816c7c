"""Dropout that draws its CPU mask four elements per random number.

torch's CPU dropout draws one Bernoulli sample per element, which is slow enough to be a large share of a small
model's training step (README, `bench train`). Here each 64-bit random number gives four 16-bit
uniforms; an element is kept when its uniform falls under the keep probability rounded to 1/65536, and kept
elements are scaled by the exact inverse of that rounded probability, so the expectation is unchanged. Other
devices keep torch's fused kernels.
"""

from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

_LEVELS = 1 << 16


def keep_mask(shape: torch.Size | tuple[int, ...], p: float, generator: torch.Generator | None = None) -> Tensor:
    """A CPU bool tensor of `shape`, True with probability 1 - p (rounded to a multiple of 1/65536)."""
    n, levels = math.prod(shape), _keep_levels(p)
    if levels >= _LEVELS:  # the threshold would not fit the 16-bit compare below
        return torch.ones(shape, dtype=torch.bool)
    # The bits come from numpy's PCG64, which fills an array faster than torch's CPU generator (a Mersenne
    # Twister, one word at a time); one draw from torch's generator seeds it, so torch.manual_seed (or the
    # generator given) still fixes every mask.
    seed = int(torch.empty((), dtype=torch.int64).random_(0, 2**62, generator=generator))
    words = torch.from_numpy(np.random.PCG64(seed).random_raw((n + 3) // 4).view(np.int64))
    uniforms = words.view(torch.int16)[:n].view(shape)  # each in [-32768, 32767], equally likely
    return uniforms < levels - _LEVELS // 2


def _keep_levels(p: float) -> int:
    return round((1.0 - p) * _LEVELS)


def dropout(x: Tensor, p: float, training: bool) -> Tensor:
    """F.dropout(x, p, training), with the mask drawn by keep_mask on the CPU; there, while training, a bf16 or
    fp16 x gives a float32 result."""
    if not training or p == 0.0 or x.device.type != "cpu":
        return F.dropout(x, p, training)
    levels = _keep_levels(p)
    if levels == 0:
        return x * 0.0
    if levels == _LEVELS:
        return x
    # The mask carries the scale, in float32 (a bf16 scale is off by up to 0.4 %, which showed in the loss), and
    # the product is at least float32: a bf16 activation joins the float32 residual stream without a second
    # rounding or a separate cast. One multiply forward and one backward, as torch's fused kernels do.
    mask = keep_mask(x.shape, p).to(torch.promote_types(x.dtype, torch.float32)).mul_(_LEVELS / levels)
    return x * mask


class Dropout(nn.Dropout):
    """nn.Dropout (same state, same repr) using dropout() above."""

    def forward(self, x: Tensor) -> Tensor:
        return dropout(x, self.p, self.training)

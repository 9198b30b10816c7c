"""Dropout that draws its CPU mask four elements per random number.

torch's CPU dropout draws one Bernoulli sample per element, which is slow enough to be a large share of a small
model's training step (README, `bench train`). Here each 64-bit random number gives four 16-bit
uniforms; an element is kept when its uniform falls under the keep probability rounded to 1/65536, and the kept
elements' scale and that probability are each other's inverse, so the expectation is unchanged (in bf16, to the
scale bf16 can hold). Other devices keep torch's fused kernels.

Each mask's bits come from a stream named by one draw from torch's generator, or, inside drawing_from(source),
from the source: a training step takes its masks from step_masks.StepMasks, which names each mask by the step
and the call and draws them ahead.
"""

from __future__ import annotations

import contextlib
import functools
import math
import threading
from collections.abc import Iterator, Sequence
from typing import Protocol

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

_LEVELS = 1 << 16

Entropy = int | Sequence[int]  # what names a mask's random stream: a seed, or a list of numbers (step_masks.py)


class MaskSource(Protocol):
    """Where dropout takes its masks from while drawing_from(source) is in effect (a training step's)."""

    def mask(self, shape: torch.Size, levels: int, scale: float, dtype: torch.dtype) -> Tensor: ...


_sources = threading.local()  # per thread: the app inspects in one thread while it trains in another


@contextlib.contextmanager
def drawing_from(source: MaskSource) -> Iterator[None]:
    """Dropout in this thread takes its CPU masks from `source` inside the block, not from torch's generator."""
    outer = getattr(_sources, "current", None)
    _sources.current = source
    try:
        yield
    finally:
        _sources.current = outer


def keep_mask(shape: torch.Size | tuple[int, ...], p: float, generator: torch.Generator | None = None) -> Tensor:
    """A CPU bool tensor of `shape`, True with probability 1 - p (rounded to a multiple of 1/65536)."""
    levels = _keep_levels(p)
    if levels >= _LEVELS:  # the threshold would not fit the 16-bit compare below
        return torch.ones(shape, dtype=torch.bool)
    return torch.from_numpy(_kept(math.prod(shape), levels, _seed(generator))).view(shape)


def _seed(generator: torch.Generator | None = None) -> int:
    """One draw from torch's generator (or the one given), so torch.manual_seed still fixes every mask."""
    return int(torch.empty((), dtype=torch.int64).random_(0, 2**62, generator=generator))


def _kept(n: int, levels: int, entropy: Entropy) -> np.ndarray:
    """n booleans, True with probability levels / 65536 (levels < 65536), from the stream `entropy` names."""
    # The bits come from numpy's SFC64, which fills an array faster than torch's CPU generator (a Mersenne
    # Twister, one word at a time) and than numpy's default PCG64.
    uniforms = np.random.SFC64(entropy).random_raw((n + 3) // 4).view(np.int16)[:n]  # equally likely in [-2^15, 2^15)
    kept: np.ndarray = uniforms < np.int16(levels - _LEVELS // 2)
    return kept


def scaled_mask(shape: torch.Size, levels: int, scale: float, dtype: torch.dtype, entropy: Entropy) -> Tensor:
    """`scale` where an element is kept (probability levels / 65536), else 0, in `dtype`, from the stream
    `entropy` names.

    numpy builds it in the calling thread (the training thread, or step_masks' helper): the compare, then one pass
    that writes the scale (for bf16 and fp16, which numpy lacks, the scale's 16 bits). torch's compare, cast and
    scaling took three passes, each a parallel region that wakes torch's sleeping threads for a fraction of a
    millisecond of work (README, bench train)."""
    kept = _kept(math.prod(shape), levels, entropy).view(np.uint8)
    if dtype.itemsize == 2 and dtype.is_floating_point:
        bits = np.int16(_bits(scale, dtype))
        return torch.from_numpy(np.multiply(kept, bits, dtype=np.int16)).view(dtype).view(shape)
    if dtype in (torch.float32, torch.float64):
        numpy_type = np.float32 if dtype == torch.float32 else np.float64
        return torch.from_numpy(np.multiply(kept, numpy_type(scale), dtype=numpy_type)).view(shape)
    return torch.from_numpy(kept).view(shape).to(dtype).mul_(scale)


def _keep_levels(p: float) -> int:
    return round((1.0 - p) * _LEVELS)


@functools.cache
def _bits(scale: float, dtype: torch.dtype) -> int:
    """The 16 bits of `scale` in a 16-bit float dtype (once per scale, not once per mask)."""
    return int(torch.tensor(scale, dtype=dtype).view(torch.int16))


@functools.cache
def _levels_and_scale(p: float, dtype: torch.dtype) -> tuple[int, float]:
    """(keep levels out of 65536, scale of the kept elements) for dropout p on a tensor of `dtype`: in bf16 and
    fp16 the scale as that dtype holds it and the keep probability its inverse. Once per (p, dtype): the layers
    ask for it on every forward pass."""
    levels = _keep_levels(p)
    if levels <= 0:
        return 0, 0.0
    scale = _LEVELS / levels
    if dtype in (torch.bfloat16, torch.float16):
        scale = float(torch.tensor(scale, dtype=dtype))
        levels = round(_LEVELS / scale)
    return levels, scale


def dropout(x: Tensor, p: float, training: bool) -> Tensor:
    """F.dropout(x, p, training), with the mask drawn as above on the CPU. There a bf16 or fp16 x is scaled
    by 1 / (1 - p) as its dtype holds it (1.109375 for p = 0.1 in bf16) and elements are kept with the inverse of
    that scale (0.9014), so the expectation stays x."""
    if not training or p == 0.0 or x.device.type != "cpu":
        return F.dropout(x, p, training)
    levels, scale = _levels_and_scale(p, x.dtype)
    if levels <= 0:
        return x * 0.0
    if levels >= _LEVELS:
        return x
    source: MaskSource | None = getattr(_sources, "current", None)
    if source is not None:
        mask = source.mask(x.shape, levels, scale, x.dtype)
    else:
        mask = scaled_mask(x.shape, levels, scale, x.dtype, _seed())
    # The mask carries the scale, so one multiply forward and one backward, as torch's fused kernels do.
    return x * mask


class Dropout(nn.Dropout):
    """nn.Dropout (same state, same repr) using dropout() above."""

    def forward(self, x: Tensor) -> Tensor:
        return dropout(x, self.p, self.training)

"""Choosing the device and numeric precision for training, and reporting what was chosen."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

import torch

from workbench.core.config import DEVICES_HINT, Precision, parse_device
from workbench.core.errors import ConfigError


@dataclass(frozen=True)
class DeviceChoice:
    device: torch.device
    precision: Precision  # fp32, bf16 or fp16 (never auto)
    name: str  # for people: "CPU (2 threads)", "NVIDIA H200 (139 GiB)"

    @property
    def autocast_dtype(self) -> torch.dtype | None:
        return {Precision.BF16: torch.bfloat16, Precision.FP16: torch.float16}.get(Precision(self.precision))

    def autocast(self) -> contextlib.AbstractContextManager[None]:
        dtype = self.autocast_dtype
        if dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(self.device.type, dtype=dtype)


def cpu_has_native_bf16() -> bool:
    """True on CPUs with bf16 instructions (AVX512-BF16 or AMX), where bf16 autocast is faster than fp32."""
    checks = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(bool(getattr(torch.cpu, name, lambda: False)()) for name in checks)


def _mps_available() -> bool:
    return bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())


def resolve_device(spec: str = "auto") -> torch.device:
    """auto picks CUDA, then Apple MPS, then the CPU. An unavailable device is a ConfigError."""
    parsed = parse_device(spec)
    if parsed.auto:
        if torch.cuda.is_available():
            return torch.device("cuda")
        return torch.device("mps") if _mps_available() else torch.device("cpu")
    try:
        device = torch.device(str(parsed))
    except RuntimeError:
        raise ConfigError(f"Unknown device {spec!r}; use {DEVICES_HINT}.") from None
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise ConfigError("No CUDA GPU is available here; use --device cpu (or auto).")
        if device.index is not None and device.index >= torch.cuda.device_count():
            raise ConfigError(f"There is no GPU {device.index}; this machine has {torch.cuda.device_count()}.")
    elif device.type == "mps" and not _mps_available():
        raise ConfigError("Apple MPS is not available here; use --device cpu (or auto).")
    elif device.type not in ("cpu", "cuda", "mps"):
        raise ConfigError(f"Unsupported device {spec!r}; use {DEVICES_HINT}.")
    return device


def resolve_precision(device: torch.device, spec: Precision | str = Precision.AUTO) -> Precision:
    """auto: bf16 autocast on CUDA GPUs that support it and on CPUs with native bf16; fp32 otherwise."""
    if spec not in Precision.values():
        raise ConfigError(f"precision must be one of {', '.join(Precision.values())} (got {spec!r}).")
    precision = Precision(spec)
    if precision is Precision.AUTO:
        if device.type == "cuda":
            return Precision.BF16 if torch.cuda.is_bf16_supported() else Precision.FP32
        if device.type == "cpu":
            return Precision.BF16 if cpu_has_native_bf16() else Precision.FP32
        return Precision.FP32
    if precision is Precision.FP16 and device.type == "cpu":
        raise ConfigError("fp16 training is not supported on the CPU; use bf16 or fp32.")
    if precision is Precision.BF16 and device.type == "cuda" and not torch.cuda.is_bf16_supported():
        raise ConfigError("This GPU does not support bf16; use fp16 or fp32.")
    return precision


def device_name(device: torch.device) -> str:
    if device.type == "cuda":
        props = torch.cuda.get_device_properties(device)
        return f"{props.name} ({props.total_memory / 2**30:.0f} GiB)"
    if device.type == "mps":
        return "Apple GPU (MPS)"
    n = torch.get_num_threads()
    return f"CPU ({n} thread{'' if n == 1 else 's'})"


def choose(device: str = "auto", precision: Precision | str = Precision.AUTO) -> DeviceChoice:
    dev = resolve_device(device)
    return DeviceChoice(dev, resolve_precision(dev, precision), device_name(dev))


def is_out_of_memory(err: BaseException) -> bool:
    if isinstance(err, torch.cuda.OutOfMemoryError):
        return True
    return isinstance(err, RuntimeError) and "out of memory" in str(err).lower()


@contextlib.contextmanager
def torch_threads(n: int | None) -> Iterator[None]:
    """Use n CPU threads inside the block (None: leave torch's setting alone), then restore.

    torch work on a long-lived thread other than the training thread (the GUI thread) runs with n=1: a thread that
    once ran a multi-threaded op keeps an OpenMP team alive, and with more OpenMP threads than cores libgomp stops
    spinning, which slowed training in another thread by ~25 % on 2 cores (bench gui's notes).
    """
    if n is None:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def warm_up() -> None:
    """Pay torch's one-time lazy imports now (the optimizer pulls in torch._dynamo: ~150 ms holding the GIL).

    The app calls this from its background device probe at start, so the first training run does not freeze
    the window for that long when it builds its optimizer.
    """
    weight = torch.nn.Parameter(torch.zeros(2, 2))
    try:
        optimizer = torch.optim.AdamW([weight], lr=1e-3, fused=True)
    except (RuntimeError, TypeError):
        optimizer = torch.optim.AdamW([weight], lr=1e-3)
    x = torch.zeros(1, 1, 2, 2)
    (torch.nn.functional.scaled_dot_product_attention(x, x, x).sum() + (weight * 1.0).sum()).backward()
    optimizer.step()

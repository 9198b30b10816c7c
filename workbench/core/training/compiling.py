"""Optional torch.compile (inductor) of the training forward pass, with a clean fall-back to eager.

Only the training steps run through the compiled module; evaluation, inspection, checkpoints and exports keep
using the model itself, so the state dict's keys are unchanged (torch.compile wraps the module, it does not
rename its parameters). Compiling happens at the first step (and again when a new batch shape first arrives);
where it cannot work (no C++ compiler for the CPU backend, a Python that dynamo does not support, or an
inductor failure) training goes on eagerly and says so once.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import Any

import torch


def unavailable_reason(device: torch.device) -> str | None:
    """Why torch.compile cannot be used here, or None when it can (checked without compiling anything)."""
    try:
        import torch._dynamo as dynamo
    except ImportError:  # pragma: no cover - every supported torch has it
        return "this torch build has no torch.compile"
    if not dynamo.is_dynamo_supported():
        return "torch.compile does not support this Python version"
    if device.type == "cpu" and not any(shutil.which(cc) for cc in ("g++", "c++", "clang++")):
        return "torch.compile needs a C++ compiler (g++ or clang++) for the CPU, and none was found"
    return None


class CompiledForward:
    """Calls the compiled module; if compiling fails, the eager module for the rest of the run.

    `compile_fn` is torch.compile unless a test injects another; `on_fallback` hears the reason once.
    """

    def __init__(
        self,
        module: torch.nn.Module,
        *,
        on_fallback: Callable[[str], None] | None = None,
        compile_fn: Callable[[torch.nn.Module], Callable[..., Any]] | None = None,
    ) -> None:
        self.module = module
        self.on_fallback = on_fallback
        self.fallback_reason: str | None = unavailable_reason(_device_of(module))
        self._compiled: Callable[..., Any] | None = None
        if self.fallback_reason is None:
            try:
                self._compiled = (compile_fn or torch.compile)(module)
            except Exception as err:  # torch.compile itself refuses (e.g. a backend that is missing)
                self._fall_back(err)
        elif on_fallback is not None:
            on_fallback(self.fallback_reason)

    @property
    def compiled(self) -> bool:
        return self._compiled is not None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._compiled is not None:
            try:
                return self._compiled(*args, **kwargs)
            except Exception as err:
                if not _is_compile_error(err):
                    raise  # a real error of the model or the data (out of memory...): the caller reports it
                self._fall_back(err)
        return self.module(*args, **kwargs)

    def _fall_back(self, err: BaseException) -> None:
        self._compiled = None
        first_line = (str(err).strip().splitlines() or [type(err).__name__])[0]
        self.fallback_reason = f"torch.compile failed ({first_line[:200]}); training continues without it"
        if self.on_fallback is not None:
            self.on_fallback(self.fallback_reason)


def _device_of(module: torch.nn.Module) -> torch.device:
    param = next(module.parameters(), None)
    return param.device if param is not None else torch.device("cpu")


def _is_compile_error(err: BaseException) -> bool:
    """Errors raised by dynamo or inductor while compiling (not by the model's own computation)."""
    try:
        from torch._dynamo.exc import TorchDynamoException
    except ImportError:  # pragma: no cover
        return False
    return isinstance(err, TorchDynamoException) or type(err).__module__.startswith(
        ("torch._inductor", "torch._dynamo")
    )

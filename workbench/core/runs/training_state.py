"""Optimizer, schedule and RNG state without pickle: tensors to safetensors, everything else to JSON; and the
check that keeps non-finite weights or optimizer state out of every checkpoint."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetensors import SafetensorError

from workbench.core.errors import RunError
from workbench.core.runs.files import finite_json

if TYPE_CHECKING:
    import torch


def split_optimizer(optimizer: torch.optim.Optimizer) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """The optimizer's tensors (plus the RNG states) and its JSON-able rest."""
    import torch

    opt = optimizer.state_dict()
    tensors: dict[str, torch.Tensor] = {}
    scalars: dict[str, dict[str, Any]] = {}
    for pid, pstate in opt["state"].items():
        for key, value in pstate.items():
            if isinstance(value, torch.Tensor):
                tensors[f"{pid}.{key}"] = value.detach().to("cpu").contiguous()
            else:
                scalars.setdefault(str(pid), {})[key] = value
    tensors["rng.torch"] = torch.get_rng_state()
    if torch.cuda.is_available():
        for i, s in enumerate(torch.cuda.get_rng_state_all()):
            tensors[f"rng.cuda.{i}"] = s
    groups = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in g.items()} for g in opt["param_groups"]]
    return tensors, {"param_groups": groups, "scalars": scalars}


def first_non_finite(named: dict[str, torch.Tensor]) -> str | None:
    """The name of the first floating-point tensor holding a NaN or an infinity; None when all are finite."""
    import torch

    floats = [(name, v) for name, v in named.items() if v.is_floating_point() and v.numel()]
    if not floats:
        return None
    # One sum per tensor (NaN and infinities survive a sum), then one look: a read of the weights, no mask.
    parts = [v.detach().sum(dtype=torch.float32) for _, v in floats]
    devices = {p.device for p in parts}
    sums = torch.stack(parts) if len(devices) == 1 else torch.stack([p.cpu() for p in parts])  # one GPU sync
    if bool(torch.isfinite(sums).all()):
        return None
    return next(name for (name, _), total in zip(floats, sums.tolist(), strict=True) if not math.isfinite(total))


def write_state_json(path: Path, state: dict[str, Any], optimizer_rest: dict[str, Any]) -> None:
    # A non-finite number (an infinite validation loss as the best so far) is written as null, never as NaN.
    text = json.dumps(finite_json({**state, "optimizer": optimizer_rest}), allow_nan=False)
    Path(path).write_text(text, encoding="utf-8")


def restore(
    optimizer: torch.optim.Optimizer, state_path: Path, tensors_path: Path, *, step: int | None
) -> dict[str, Any]:
    """Restore the optimizer and RNG in place from the two files; return the trainer's state (step, schedule...).
    Any damage (a file cut short, edited JSON, a state of another model) is a RunError naming the file."""
    import torch
    from safetensors.torch import load_file

    try:
        state: dict[str, Any] = json.loads(Path(state_path).read_bytes().decode("utf-8"))
        saved = state.pop("optimizer")
        groups = [{k: (tuple(v) if k == "betas" else v) for k, v in g.items()} for g in saved["param_groups"]]
        scalars = dict(saved["scalars"].items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise RunError(
            f"{state_path} cannot be read ({type(err).__name__}: {err}); the checkpoint is damaged."
        ) from None
    if not isinstance(state.get("step"), int) or (step is not None and state["step"] != step):
        raise RunError(f"{state_path} is of step {state.get('step')!r}, not {step}: the checkpoint mixes steps.")
    try:
        tensors = load_file(tensors_path)
    except (SafetensorError, OSError, ValueError) as err:
        raise RunError(f"{tensors_path} cannot be loaded ({err}); the checkpoint is damaged.") from None
    per_param: dict[int, dict[str, Any]] = {}
    try:
        for name, value in tensors.items():
            if name.startswith("rng."):
                continue
            pid, key = name.split(".", 1)
            per_param.setdefault(int(pid), {})[key] = value
        for pid, extra in scalars.items():
            per_param.setdefault(int(pid), {}).update(extra)
        optimizer.load_state_dict({"state": per_param, "param_groups": groups})
        rng = tensors["rng.torch"]
        torch.set_rng_state(rng)
    except (ValueError, KeyError, TypeError, AttributeError, RuntimeError, IndexError) as err:
        raise RunError(
            f"The optimizer state in {tensors_path.parent} does not match the model ({type(err).__name__}: {err})."
        ) from None
    cuda_states = [tensors[k] for k in sorted(tensors) if k.startswith("rng.cuda.")]
    if cuda_states and torch.cuda.is_available() and len(cuda_states) == torch.cuda.device_count():
        torch.cuda.set_rng_state_all(cuda_states)
    return state

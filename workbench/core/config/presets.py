"""The named model sizes. The table is unpacked here only: everything else asks these functions."""

from __future__ import annotations

import dataclasses
from typing import Any, NamedTuple

from workbench.core.config.model import ModelConfig
from workbench.core.errors import ConfigError


class Preset(NamedTuple):
    """A model size: width, heads, layers and feed-forward size."""

    d_model: int
    n_heads: int
    n_layers: int
    d_ff: int

    def fields(self) -> dict[str, int]:
        """As ModelConfig keyword arguments."""
        return self._asdict()


# "base" is the classic Transformer base size.
PRESETS: dict[str, Preset] = {
    "tiny": Preset(128, 4, 2, 512),
    "small": Preset(256, 8, 4, 1024),
    "base": Preset(512, 8, 6, 2048),
}


# A from-scratch classifier's peak learning rate, where it differs from TrainConfig.lr (1e-3): the tiny model
# learns faster and more evenly at 2e-3 (README, Busy machines). Fine-tuning and pre-training keep 1e-3.
SCRATCH_LR: dict[str, float] = {"tiny": 2e-3}


def default_lr(preset_name: str | None, *, fine_tuning: bool = False, task: str = "classify") -> float | None:
    """The learning rate a run of this preset gets when none is given; None: TrainConfig's default."""
    if fine_tuning or task != "classify" or preset_name is None:
        return None
    return SCRATCH_LR.get(preset_name)


def preset(name: str, **overrides: Any) -> ModelConfig:
    """A ModelConfig for a named preset, with optional field overrides (None values are ignored)."""
    if name not in PRESETS:
        raise ConfigError(f"Unknown preset {name!r}; choose one of {', '.join(PRESETS)}.")
    size = PRESETS[name]
    cfg = ModelConfig(d_model=size.d_model, n_heads=size.n_heads, n_layers=size.n_layers, d_ff=size.d_ff)
    return dataclasses.replace(cfg, **{k: v for k, v in overrides.items() if v is not None})


def shape_of(cfg: ModelConfig) -> Preset:
    """The size part of a config, comparable with the PRESETS values."""
    return Preset(cfg.d_model, cfg.n_heads, cfg.n_layers, cfg.d_ff)


def preset_name(shape: Preset | ModelConfig) -> str | None:
    """The preset of this size (width, heads, layers, feed-forward), or None for a custom size."""
    if isinstance(shape, ModelConfig):
        shape = shape_of(shape)
    return next((name for name, values in PRESETS.items() if values == tuple(shape)), None)

"""A whole run's settings (RunConfig) and how config.toml files of every age load."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, TypeVar

from workbench.core.config import toml
from workbench.core.config.data import DataConfig
from workbench.core.config.model import ModelConfig
from workbench.core.config.train import TrainConfig
from workbench.core.errors import ConfigError

_Section = TypeVar("_Section", DataConfig, ModelConfig, TrainConfig)


@dataclass
class RunConfig:
    """Everything needed to repeat a run; written to config.toml in the run folder."""

    data: DataConfig = field(default_factory=DataConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    preset: str | None = "small"

    def validate(self) -> None:
        self.data.validate()
        self.model.validate()
        self.train.validate()

    def split_seed(self) -> int:
        """The seed that drew this run's validation rows (runs saved before split_seed used the training seed)."""
        return self.data.split_seed if self.data.split_seed is not None else self.train.seed

    def to_dict(self) -> dict[str, Any]:
        """Plain tables (choices as strings). TOML has no null: unset optional values are left out, and
        from_dict fills the defaults back in."""

        def clean(obj: Any) -> dict[str, Any]:
            return {k: toml.plain(v) for k, v in dataclasses.asdict(obj).items() if v is not None}

        out: dict[str, Any] = {
            "data": clean(self.data),
            "model": clean(self.model),
            "train": clean(self.train),
        }
        if self.preset:
            out["preset"] = self.preset
        return out

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> RunConfig:
        return cls(
            data=_build(DataConfig, raw.get("data", {}), "data", LEGACY_DATA),
            model=_build(ModelConfig, raw.get("model", {}), "model", LEGACY_MODEL),
            train=_build(TrainConfig, raw.get("train", {}), "train", LEGACY_TRAIN),
            preset=raw.get("preset"),
        )

    def to_toml(self) -> str:
        return toml.dumps(self.to_dict())

    @classmethod
    def from_toml(cls, text: str) -> RunConfig:
        return cls.from_dict(toml.loads(text))

    @classmethod
    def load(cls, path: Path) -> RunConfig:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as err:
            raise ConfigError(f"Cannot read {path}: {err.strerror}.") from None
        return cls.from_toml(text)


# Settings that config.toml files written before them lack, and what those runs used: they must load (and predict)
# as they were trained, whatever today's default for new runs is.
LEGACY_MODEL: dict[str, Any] = {"pooling": "cls", "positional": "sinusoidal", "alibi_slopes": "geometric"}
LEGACY_DATA: dict[str, Any] = {"split_seed": None}
# Early stopping off is written as no setting (TOML has no null), as runs from before it was on by default were.
LEGACY_TRAIN: dict[str, Any] = {"early_stopping_patience": None}


def _build(kind: type[_Section], raw: Any, section: str, legacy: dict[str, Any] | None = None) -> _Section:
    if not isinstance(raw, dict):
        raise ConfigError(f"[{section}] in config.toml must be a table of settings.")
    raw = {**(legacy or {}), **raw}
    known = {f.name for f in fields(kind)}
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"Unknown setting(s) in [{section}]: {', '.join(sorted(unknown))}.")
    return kind(**raw)

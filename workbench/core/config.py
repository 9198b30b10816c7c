"""Settings of a run as validated dataclasses, the model presets, and their TOML form (config.toml)."""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import tomli_w

from workbench.core.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

POSITIONAL_KINDS = ("sinusoidal", "learned", "alibi", "sinusoidal+alibi")
POOLING_KINDS = ("mean", "cls")
ALIBI_SLOPE_RULES = ("paper", "geometric")
TOKENIZER_KINDS = ("wordpiece", "char")
TASKS = ("classify", "mlm")
PASSAGE_MODES = ("auto", "lines", "chunks")
DEVICES_HINT = "auto, cpu, cuda, cuda:N or mps"
PRECISIONS = ("auto", "fp32", "bf16", "fp16")
MAX_LEN_LIMIT = 512


@dataclass
class ModelConfig:
    """Shape of the encoder. n_classes is filled in from the data (0 = no classifier head)."""

    vocab_size: int = 8000
    d_model: int = 256
    n_heads: int = 8
    n_layers: int = 4
    d_ff: int = 1024
    max_len: int = 128
    dropout: float = 0.1
    # "sinusoidal+alibi" (default): the founding design's sinusoidal positions added to the token embeddings, plus
    # ALiBi's distance penalty in attention, so masked-LM pre-training reads the neighbouring words from the first
    # step (a 1 MB book, tiny, 1750 steps: 14.1 points over unigram; sinusoidal alone 8.8, where after them no
    # head had learnt to look at its neighbours). Also "sinusoidal" (the classic design), "learned", and "alibi"
    # (the penalty without position vectors).
    positional: str = "sinusoidal+alibi"
    n_classes: int = 0
    # What the classifier reads: "mean" (default) of the real tokens' final states, which masked-LM pre-training
    # trains, or "cls", the [CLS] state alone (BERT's way; pre-training never trains it, so a pre-trained start
    # helped little: subjectivity +0.5 points with [CLS], +9.7 with mean).
    pooling: str = "mean"
    # ALiBi's slopes when the head count is not a power of two: "paper" (Press et al.'s rule), or "geometric"
    # (2^(-8h/H) for every head count), which runs saved before this setting used. Equal for 1, 2, 4, 8... heads.
    alibi_slopes: str = "paper"

    def validate(self) -> None:
        for name in ("vocab_size", "d_model", "n_heads", "n_layers", "d_ff"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be a positive number (got {getattr(self, name)}).")
        if self.d_model % self.n_heads:
            divisors = [h for h in range(1, min(self.d_model, 64) + 1) if self.d_model % h == 0]
            raise ConfigError(
                f"The number of heads ({self.n_heads}) must divide d_model ({self.d_model}); "
                f"choose one of {', '.join(map(str, divisors))}."
            )
        if not 8 <= self.max_len <= MAX_LEN_LIMIT:
            raise ConfigError(f"max_len must be between 8 and {MAX_LEN_LIMIT} tokens (got {self.max_len}).")
        if not 0.0 <= self.dropout < 1.0:
            raise ConfigError(f"dropout must be at least 0 and below 1 (got {self.dropout}).")
        if self.positional not in POSITIONAL_KINDS:
            raise ConfigError(f"positional must be one of {', '.join(POSITIONAL_KINDS)} (got {self.positional!r}).")
        if self.alibi_slopes not in ALIBI_SLOPE_RULES:
            raise ConfigError(
                f"alibi_slopes must be one of {', '.join(ALIBI_SLOPE_RULES)} (got {self.alibi_slopes!r})."
            )
        if self.pooling not in POOLING_KINDS:
            raise ConfigError(f"pooling must be one of {', '.join(POOLING_KINDS)} (got {self.pooling!r}).")
        if self.n_classes < 0 or self.n_classes == 1:
            raise ConfigError(f"A classifier needs at least two classes (got {self.n_classes}).")

    @property
    def head_dim(self) -> int:
        return self.d_model // self.n_heads


# (d_model, heads, layers, ffn). "base" is the classic Transformer base size.
PRESETS: dict[str, tuple[int, int, int, int]] = {
    "tiny": (128, 4, 2, 512),
    "small": (256, 8, 4, 1024),
    "base": (512, 8, 6, 2048),
}


def preset(name: str, **overrides: Any) -> ModelConfig:
    """A ModelConfig for a named preset, with optional field overrides (None values are ignored)."""
    if name not in PRESETS:
        raise ConfigError(f"Unknown preset {name!r}; choose one of {', '.join(PRESETS)}.")
    d_model, heads, layers, ff = PRESETS[name]
    cfg = ModelConfig(d_model=d_model, n_heads=heads, n_layers=layers, d_ff=ff)
    return dataclasses.replace(cfg, **{k: v for k, v in overrides.items() if v is not None})


@dataclass
class DataConfig:
    """Where the text comes from and how it is tokenized."""

    source: str = "demo:reviews"
    text_column: str | None = None
    label_column: str | None = None
    val_source: str | None = None
    val_fraction: float = 0.1
    tokenizer: str = "wordpiece"
    vocab_size: int = 8000
    # Pre-training text: "lines" keeps one passage per line; "chunks" joins lines into passages of about the
    # maximum length (a book); "auto" chunks when lines are short, as in a book or a play.
    passages: str = "auto"
    # Draws the validation rows (and a built-in set's sentences). Not the training seed: runs that differ only in
    # their seed are scored on the same rows. None: a run saved before this setting, split with its training seed.
    split_seed: int | None = 0

    def validate(self) -> None:
        if self.split_seed is not None and self.split_seed < 0:
            raise ConfigError(f"split_seed cannot be negative (got {self.split_seed}).")
        if not 0.0 < self.val_fraction < 0.9:
            raise ConfigError(f"The validation share must be between 0 and 0.9 (got {self.val_fraction}).")
        if self.tokenizer not in TOKENIZER_KINDS:
            raise ConfigError(f"tokenizer must be one of {', '.join(TOKENIZER_KINDS)} (got {self.tokenizer!r}).")
        if self.passages not in PASSAGE_MODES:
            raise ConfigError(f"passages must be one of {', '.join(PASSAGE_MODES)} (got {self.passages!r}).")
        if not 50 <= self.vocab_size <= 200_000:
            raise ConfigError(f"The vocabulary size must be between 50 and 200000 (got {self.vocab_size}).")


@dataclass
class TrainConfig:
    """How to train. Horizon: epochs, max_steps and max_time; whichever ends first stops the run."""

    task: str = "classify"
    batch_size: int = 32
    epochs: float | None = None
    max_steps: int | None = None
    max_time: float | None = None
    lr: float = 1e-3
    warmup_steps: int | None = None  # None: 5 % of the planned steps, at most 200
    min_lr_ratio: float = 0.1
    weight_decay: float = 0.01
    grad_clip: float = 1.0
    seed: int = 0
    device: str = "auto"
    precision: str = "auto"
    eval_every: int | None = None  # None: about ten evaluations per run
    early_stopping_patience: int | None = None  # evaluations without improvement before stopping
    threads: int | None = None  # CPU threads for torch; None keeps torch's default
    init_from: str | None = None  # a pre-trained run folder: its encoder and tokenizer start this run
    freeze_steps: int = 0  # fine-tuning: train only the new head for this many steps
    encoder_lr_scale: float = 1.0  # fine-tuning: the encoder's learning rate relative to the head's

    def validate(self) -> None:
        if self.task not in TASKS:
            raise ConfigError(f"task must be one of {', '.join(TASKS)} (got {self.task!r}).")
        if self.batch_size <= 0:
            raise ConfigError(f"The batch size must be a positive number (got {self.batch_size}).")
        if self.epochs is not None and self.epochs <= 0:
            raise ConfigError(f"epochs must be above 0 (got {self.epochs}).")
        if self.max_steps is not None and self.max_steps <= 0:
            raise ConfigError(f"max_steps must be above 0 (got {self.max_steps}).")
        if self.max_time is not None and self.max_time <= 0:
            raise ConfigError(f"The time limit must be above 0 seconds (got {self.max_time}).")
        if not 0.0 < self.lr < 1.0:
            raise ConfigError(f"The learning rate must be between 0 and 1 (got {self.lr}).")
        if self.warmup_steps is not None and self.warmup_steps < 0:
            raise ConfigError(f"warmup_steps cannot be negative (got {self.warmup_steps}).")
        if self.precision not in PRECISIONS:
            raise ConfigError(f"precision must be one of {', '.join(PRECISIONS)} (got {self.precision!r}).")
        if self.eval_every is not None and self.eval_every <= 0:
            raise ConfigError(f"eval_every must be a positive number of steps (got {self.eval_every}).")
        if self.threads is not None and self.threads <= 0:
            raise ConfigError(f"threads must be a positive number (got {self.threads}).")
        if self.freeze_steps < 0:
            raise ConfigError(f"freeze_steps cannot be negative (got {self.freeze_steps}).")
        if not 0.0 <= self.encoder_lr_scale <= 10.0:
            raise ConfigError(
                f"The encoder learning-rate scale must be between 0 and 10 (got {self.encoder_lr_scale})."
            )
        if self.init_from is not None and self.task == "mlm":
            raise ConfigError("Pre-training starts from scratch; use a pre-trained run to start fine-tuning instead.")
        if self.grad_clip < 0 or self.weight_decay < 0:
            raise ConfigError("Gradient clipping and weight decay cannot be negative.")


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
        # TOML has no null: leave unset optional values out, from_dict fills the defaults back in.
        def clean(obj: Any) -> dict[str, Any]:
            return {k: v for k, v in dataclasses.asdict(obj).items() if v is not None}

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
            train=_build(TrainConfig, raw.get("train", {}), "train"),
            preset=raw.get("preset"),
        )

    def to_toml(self) -> str:
        return tomli_w.dumps(self.to_dict())

    @classmethod
    def from_toml(cls, text: str) -> RunConfig:
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"config.toml is not valid TOML: {err}.") from None
        return cls.from_dict(raw)

    @classmethod
    def load(cls, path: Path) -> RunConfig:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as err:
            raise ConfigError(f"Cannot read {path}: {err.strerror}.") from None
        return cls.from_toml(text)


# Settings that config.toml files written before them lack, and what those runs used: they must load (and predict)
# as they were trained, whatever today's default for new runs is.
LEGACY_MODEL = {"pooling": "cls", "positional": "sinusoidal", "alibi_slopes": "geometric"}
LEGACY_DATA = {"split_seed": None}


def _build(kind: type, raw: Any, section: str, legacy: dict[str, Any] | None = None) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(f"[{section}] in config.toml must be a table of settings.")
    raw = {**(legacy or {}), **raw}
    known = {f.name for f in fields(kind)}
    unknown = set(raw) - known
    if unknown:
        raise ConfigError(f"Unknown setting(s) in [{section}]: {', '.join(sorted(unknown))}.")
    return kind(**raw)

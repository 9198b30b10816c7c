"""Every setting that is one of a few named choices, as an enum that knows what each choice means.

The enums are str-valued: a member equals its string ("alibi" == Positional.ALIBI), hashes like it and prints
as it, so config.toml, JSON and older code that compares strings keep working. Code that needs to know what a
choice does asks the member (Positional.ALIBI.uses_alibi) instead of comparing strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from workbench.core.errors import ConfigError


class Choice(str, Enum):
    """A str-valued enum member that behaves as its value in f-strings, dict keys and TOML."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    def __hash__(self) -> int:  # Enum hashes the member's name; a str-valued choice must hash as its value
        return hash(str(self.value))

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(str(m.value) for m in cls)

    @property
    def label(self) -> str:
        """A short name for people (combo boxes, summaries)."""
        return _LABELS.get((type(self).__name__, str(self.value)), str(self.value))


class Positional(Choice):
    """How the model knows word order."""

    SINUSOIDAL = "sinusoidal"
    LEARNED = "learned"
    ALIBI = "alibi"
    SINUSOIDAL_ALIBI = "sinusoidal+alibi"

    @property
    def adds_vectors(self) -> bool:
        """A position vector is added to each token's embedding (every kind but ALiBi alone)."""
        return self is not Positional.ALIBI

    @property
    def sinusoidal(self) -> bool:
        """The added vectors are the fixed sin/cos table (a buffer, no parameters)."""
        return self in (Positional.SINUSOIDAL, Positional.SINUSOIDAL_ALIBI)

    @property
    def learned(self) -> bool:
        """The added vectors are trained parameters, one per position up to max_len."""
        return self is Positional.LEARNED

    @property
    def uses_alibi(self) -> bool:
        """Attention scores get ALiBi's distance penalty."""
        return self in (Positional.ALIBI, Positional.SINUSOIDAL_ALIBI)


class Pooling(Choice):
    """What the classifier reads."""

    MEAN = "mean"
    CLS = "cls"

    @property
    def reads_cls(self) -> bool:
        """The classifier reads the [CLS] position's final state alone."""
        return self is Pooling.CLS


class AlibiSlopes(Choice):
    """ALiBi's per-head slopes (Press et al., 2022). Both rules agree for 1, 2, 4, 8, 16... heads."""

    PAPER = "paper"  # the paper's rule: a power of two below, then every other slope of the next power
    GEOMETRIC = "geometric"  # 2^(-8h/H) for every head count: what runs saved before the rule was recorded used


class Task(Choice):
    """What a run learns."""

    CLASSIFY = "classify"
    MLM = "mlm"

    @property
    def labelled(self) -> bool:
        """The task needs a label per text (masked-LM pre-training ignores labels)."""
        return self is Task.CLASSIFY


class Precision(Choice):
    """Numeric precision of training: fp32 or mixed precision with bf16/fp16 autocast; auto picks per device."""

    AUTO = "auto"
    FP32 = "fp32"
    BF16 = "bf16"
    FP16 = "fp16"

    @property
    def autocast(self) -> bool:
        """Matrix products run in a 16-bit type under autocast (auto: not known before the device is)."""
        return self in (Precision.BF16, Precision.FP16)

    @property
    def activation_bytes(self) -> int:
        """Bytes per activation value: 2 under autocast, else 4 (auto estimated as fp32, the safe side)."""
        return 2 if self.autocast else 4


class TokenizerKind(Choice):
    WORDPIECE = "wordpiece"
    CHAR = "char"


class PassageMode(Choice):
    """How pre-training text becomes passages: one per line, lines joined to the model's length, or decided
    from the text (auto chunks when lines are short, as in a book or a play)."""

    AUTO = "auto"
    LINES = "lines"
    CHUNKS = "chunks"


# Keyed by class and value: members of different choices may share a value ("auto") and so compare equal.
_LABELS: dict[tuple[str, str], str] = {
    ("Positional", "sinusoidal"): "Sinusoidal (fixed waves)",
    ("Positional", "learned"): "Learned (one vector per position)",
    ("Positional", "alibi"): "ALiBi (attention favours nearby words)",
    ("Positional", "sinusoidal+alibi"): "Sinusoidal + ALiBi (both)",
    ("AlibiSlopes", "paper"): "ALiBi paper's slopes",
    ("AlibiSlopes", "geometric"): "2^(-8h/H) for every head count",
    ("Pooling", "mean"): "Mean of all words",
    ("Pooling", "cls"): "The [CLS] token",
    ("Task", "classify"): "classify",
    ("Task", "mlm"): "pre-train",
    ("TokenizerKind", "wordpiece"): "WordPiece",
    ("TokenizerKind", "char"): "characters",
}


# ------------------------------------------------------------------------------------------------ devices
DEVICE_KINDS = ("cpu", "cuda", "mps")
DEVICES_HINT = "auto, cpu, cuda, cuda:N or mps"
_DEVICE = re.compile(r"(?P<kind>[a-z]+)(?::(?P<index>\d+))?")


@dataclass(frozen=True)
class DeviceSpec:
    """A device as a person writes it: auto, cpu, cuda, cuda:N or mps. Parsing says nothing of availability
    (that needs torch: core.training.device.resolve_device)."""

    kind: str  # "auto", "cpu", "cuda" or "mps"
    index: int | None = None

    @classmethod
    def parse(cls, text: str | None) -> DeviceSpec:
        spec = (text or "auto").strip().lower()
        match = _DEVICE.fullmatch(spec)
        if match is None or match["kind"] not in ("auto", *DEVICE_KINDS):
            raise ConfigError(f"Unknown device {text!r}; use {DEVICES_HINT}.")
        index = None if match["index"] is None else int(match["index"])
        if index is not None and match["kind"] != "cuda":
            raise ConfigError(f"Only CUDA devices are numbered ({text!r}); use {DEVICES_HINT}.")
        return cls(match["kind"], index)

    @property
    def auto(self) -> bool:
        return self.kind == "auto"

    def __str__(self) -> str:
        return self.kind if self.index is None else f"{self.kind}:{self.index}"


def parse_device(text: str | None) -> DeviceSpec:
    """The one parser of device strings (config validation, the engine, the GUI's device list)."""
    return DeviceSpec.parse(text)

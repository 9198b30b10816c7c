"""Ranges, steps, choices and help text of the settings, kept on the dataclass fields themselves.

A field declared with `setting(default, help, minimum=..., maximum=...)` carries a FieldSpec in its metadata.
The validators check values against it, the CLI builds its options from it and the app's spin boxes take their
ranges from it, so the three cannot disagree. `field_spec(ModelConfig, "vocab_size")` reads one.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from workbench.core.errors import ConfigError

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_KEY = "workbench"
T = TypeVar("T")


@dataclass(frozen=True)
class FieldSpec:
    """What values a setting takes. Bounds are inclusive unless min_open/max_open; None: unbounded.

    optional: None is a valid value (it means "not set": the default behaviour described in help).
    """

    name: str = ""
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    decimals: int | None = None
    choices: type[Enum] | None = None
    min_open: bool = False
    max_open: bool = False
    label: str = ""  # how errors name it: "The vocabulary size"; default: the field's name
    optional: bool = False
    integer: bool = False

    @property
    def subject(self) -> str:
        return self.label or self.name

    def choice_values(self) -> tuple[str, ...]:
        return tuple(str(m.value) for m in self.choices) if self.choices is not None else ()

    def range_text(self) -> str:
        """The allowed range as people read it: 'between 8 and 512', 'at least 0', 'above 0'."""
        lo, hi = self.minimum, self.maximum
        if lo is not None and hi is not None:
            edges = ("above " if self.min_open else "", "below " if self.max_open else "")
            if not any(edges):
                return f"between {_num(lo)} and {_num(hi)}"
            return f"{edges[0] or 'at least '}{_num(lo)} and {edges[1] or 'at most '}{_num(hi)}"
        if lo is not None:
            return f"above {_num(lo)}" if self.min_open else f"at least {_num(lo)}"
        if hi is not None:
            return f"below {_num(hi)}" if self.max_open else f"at most {_num(hi)}"
        return "any number"

    def problem(self, value: Any) -> str | None:
        """Why value is not allowed (one sentence), or None when it is."""
        if value is None:
            return None if self.optional else f"{self.subject} must be set."
        if self.choices is not None:
            if value in self.choice_values():
                return None
            return f"{self.subject} must be one of {', '.join(self.choice_values())} (got {value!r})."
        if self.minimum is None and self.maximum is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            return f"{self.subject} must be a number (got {value!r})."
        if self.integer and not isinstance(value, int):
            return f"{self.subject} must be a whole number (got {value!r})."
        lo, hi = self.minimum, self.maximum
        low = lo is not None and (value <= lo if self.min_open else value < lo)
        high = hi is not None and (value >= hi if self.max_open else value > hi)
        if low or high:
            return f"{self.subject} must be {self.range_text()} (got {_num(value)})."
        return None

    def check(self, value: Any) -> None:
        problem = self.problem(value)
        if problem is not None:
            raise ConfigError(problem)

    def spin_range(self) -> tuple[float, float]:
        """Inclusive bounds for a spin box: an open bound moves in by one unit of the last decimal shown (or one
        step, or 1, without decimals); an unbounded side gets a large finite number."""
        nudge = 10.0**-self.decimals if self.decimals is not None else (self.step or 1.0)
        lo = -1e12 if self.minimum is None else self.minimum + (nudge if self.min_open else 0)
        hi = 1e12 if self.maximum is None else self.maximum - (nudge if self.max_open else 0)
        return lo, hi


def _num(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:,}" if isinstance(value, int) and abs(value) >= 100_000 else str(value)


def setting(
    default: T,
    help: str = "",
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    step: float | None = None,
    decimals: int | None = None,
    choices: type[Enum] | None = None,
    min_open: bool = False,
    max_open: bool = False,
    label: str = "",
    optional: bool = False,
    integer: bool = False,
) -> T:
    """A dataclass field with its FieldSpec in the metadata (the name is filled in by field_spec). Typed as its
    default, as dataclasses.field is, so `x: int = setting(8, ...)` type-checks."""
    spec = FieldSpec(
        help=help,
        minimum=minimum,
        maximum=maximum,
        step=step,
        decimals=decimals,
        choices=choices,
        min_open=min_open,
        max_open=max_open,
        label=label,
        optional=optional or default is None,
        integer=integer,
    )
    return dataclasses.field(default=default, metadata={_KEY: spec})


def field_spec(cls: DataclassInstance | type[DataclassInstance], name: str) -> FieldSpec:
    """The spec of a config field: field_spec(ModelConfig, "vocab_size").minimum, .maximum, .step, .help."""
    for f in dataclasses.fields(cls):
        if f.name == name:
            spec: FieldSpec = f.metadata.get(_KEY, FieldSpec())
            return dataclasses.replace(spec, name=name)
    raise KeyError(f"{getattr(cls, '__name__', cls)} has no field {name!r}")


def field_specs(cls: DataclassInstance | type[DataclassInstance]) -> dict[str, FieldSpec]:
    """Every field's spec, in declaration order (fields declared without one get an empty spec)."""
    return {f.name: field_spec(cls, f.name) for f in dataclasses.fields(cls)}


def check_fields(obj: DataclassInstance) -> None:
    """Raise ConfigError for the first field whose value its spec refuses."""
    for name, spec in field_specs(obj).items():
        spec.check(getattr(obj, name))


def coerce_choices(obj: DataclassInstance) -> None:
    """Turn valid strings in choice fields into their enum members (invalid ones stay for validate to name)."""
    for name, spec in field_specs(obj).items():
        value = getattr(obj, name)
        if spec.choices is not None and isinstance(value, str) and value in spec.choice_values():
            setattr(obj, name, spec.choices(value))

"""config.toml's text form: TOML in, plain tables out (enum members written as their strings)."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Any

import tomli_w

from workbench.core.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def plain(value: Any) -> Any:
    """Enum members as their values, recursively, so TOML and JSON writers see only built-in types."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def dumps(table: dict[str, Any]) -> str:
    return tomli_w.dumps(plain(table))


def loads(text: str, name: str = "config.toml") -> dict[str, Any]:
    try:
        table: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{name} is not valid TOML: {err}.") from None
    return table

"""Reading a run folder's small files so that anything in them, damaged or edited by hand, gives either the data
or one RunError naming the file and the problem. Torch-free: the app's Runs page lists runs with these."""

from __future__ import annotations

import dataclasses
import enum
import json
import math
import types
import typing
from pathlib import Path
from typing import Any

from workbench.core.config import RunConfig
from workbench.core.errors import RunError, WorkbenchError

# Far above any model this app trains; a config.toml beyond them was edited, and building it would hang or
# exhaust memory before any other check could refuse it.
SANE_LIMITS = {"vocab_size": 2_000_000, "d_model": 65_536, "n_heads": 1024, "n_layers": 1024, "d_ff": 1_048_576}
SANE_LIMITS["n_classes"] = 1_000_000


def read_json(path: Path) -> Any:
    """Parse a JSON file; RunError (missing, unreadable, not UTF-8, not JSON) naming it."""
    path = Path(path)
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise RunError(f"The run folder {path.parent} has no {path.name}.") from None
    except IsADirectoryError:
        raise RunError(f"{path} is a folder, not a file; the run folder is damaged.") from None
    except OSError as err:
        raise RunError(f"{path} cannot be read ({err.strerror or err}).") from None
    except UnicodeDecodeError:
        raise RunError(f"{path} is not text (not UTF-8); the run folder is damaged.") from None
    except RecursionError:
        raise RunError(f"{path} is not valid JSON (nested too deeply); the run folder is damaged.") from None
    except ValueError as err:
        raise RunError(f"{path} is not valid JSON ({err}); the run folder is damaged.") from None


def read_object(path: Path) -> dict[str, Any]:
    value = read_json(path)
    if not isinstance(value, dict):
        raise RunError(f"{path} is damaged (expected a JSON object, found {type(value).__name__}).")
    return value


def _allowed(hint: Any, value: Any) -> bool:
    """Whether `value` (as read from a file) fits the annotation `hint` of a settings field."""
    if hint is Any:
        return True
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return any(_allowed(h, value) for h in typing.get_args(hint))
    if hint is type(None):
        return value is None
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return isinstance(value, hint) or any(value == m.value for m in hint)
    if hint is float:
        return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint in (str, bool):
        return isinstance(value, hint)
    origin = typing.get_origin(hint) or hint
    return isinstance(value, origin) if isinstance(origin, type) else True


def check_types(obj: Any, where: str) -> None:
    """RunError when a field of the dataclass `obj` (read from a file) has a value of the wrong type or a NaN."""
    hints = typing.get_type_hints(type(obj))
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if not _allowed(hints[f.name], value):
            raise RunError(f"{where}: {f.name} has an unusable value ({value!r}); the file was edited.")


def check_config(path: Path) -> RunConfig:
    """config.toml as a RunConfig whose every setting has the right type and range; RunError otherwise."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise RunError(f"The run folder {path.parent} has no {path.name}.") from None
    except OSError as err:
        raise RunError(f"{path} cannot be read ({err.strerror or err}).") from None
    except UnicodeDecodeError:
        raise RunError(f"{path} is not text (not UTF-8); the run folder is damaged.") from None
    try:
        config = RunConfig.from_toml(text)
        for section, obj in (("data", config.data), ("model", config.model), ("train", config.train)):
            check_types(obj, f"{path} [{section}]")
        if config.preset is not None and not isinstance(config.preset, str):
            raise RunError(f"{path}: preset has an unusable value ({config.preset!r}); the file was edited.")
        config.validate()
        for name, limit in SANE_LIMITS.items():
            if getattr(config.model, name) > limit:
                raise RunError(f"{path}: {name} in [model] is {getattr(config.model, name)}, over {limit}.")
    except RunError:
        raise
    except WorkbenchError as err:
        raise RunError(f"{path} cannot be used: {err}") from None
    except (TypeError, ValueError, RecursionError) as err:
        raise RunError(f"{path} is damaged ({type(err).__name__}: {err}).") from None
    return config


def read_metrics_file(path: Path) -> list[dict[str, Any]]:
    """Every complete, well-formed record of metrics.jsonl: an object with a "type" and a whole-number "step".
    Lines that are cut short (a crash mid-write), not JSON or not such an object are left out."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as err:
        raise RunError(f"{path} cannot be read ({err.strerror or err}).") from None
    out = []
    for line in data.splitlines():
        try:
            record = json.loads(line.decode("utf-8"))
        except (ValueError, RecursionError):
            continue
        if (
            isinstance(record, dict)
            and isinstance(record.get("type"), str)
            and isinstance(record.get("step"), int)
            and not isinstance(record["step"], bool)
        ):
            out.append(record)
    return out


# --- whole-folder readers for the app (torch-free): the GUI names no run file itself --------------------------
RUN_FILE, CONFIG_FILE = "run.json", "config.toml"


def is_run_folder(path: Path) -> bool:
    """A folder that training made (it has run.json, readable or not)."""
    return (Path(path) / RUN_FILE).exists()


def read_run_info(run_dir: Path) -> dict[str, Any]:
    """run.json as a dict; RunError naming the file when it is missing or damaged."""
    return read_object(Path(run_dir) / RUN_FILE)


def run_info_or_empty(run_dir: Path) -> dict[str, Any]:
    """run.json, or {} when it cannot be read (for a figure that is only nice to have)."""
    try:
        return read_run_info(run_dir)
    except RunError:
        return {}


def read_run_config(run_dir: Path) -> RunConfig:
    """The run's config.toml, every setting checked; RunError naming the file and the problem otherwise."""
    return check_config(Path(run_dir) / CONFIG_FILE)


def missing_for_weights(run_dir: Path) -> str | None:
    """Why the run's model cannot be loaded from this folder, in a few words ('a readable config.toml', 'saved
    weights'...); None when config, tokenizer and weights are all there."""
    from workbench.core.runs.checkpoint import has_model

    run_dir = Path(run_dir)
    try:
        read_run_config(run_dir)
    except RunError:
        return f"readable {CONFIG_FILE}"
    if not (run_dir / "tokenizer.json").is_file():
        return "tokenizer.json"
    if not has_model(run_dir):
        return "weights (no checkpoint)"
    return None

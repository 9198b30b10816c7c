"""Run folders: one folder per training, written atomically, readable without unpickling anything.

Layout: run.json (format version, status, provenance), config.toml, tokenizer.json, labels.json,
model.safetensors (+ best.safetensors), optimizer.safetensors + trainer_state.json, metrics.jsonl,
skipped_rows.jsonl. metrics.jsonl is append-only (one whole line per write); a resume rewrites it atomically.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetensors import SafetensorError

from workbench.core.config import RunConfig
from workbench.core.data.dataset import Dataset, SkippedRow
from workbench.core.errors import RunError

if TYPE_CHECKING:  # torch loads lazily: the app lists and renames runs before torch has loaded
    import torch

FORMAT_VERSION = 1
RUN_FILE = "run.json"
CONFIG_FILE = "config.toml"
TOKENIZER_FILE = "tokenizer.json"
LABELS_FILE = "labels.json"
MODEL_FILE = "model.safetensors"
BEST_MODEL_FILE = "best.safetensors"
OPTIMIZER_FILE = "optimizer.safetensors"
STATE_FILE = "trainer_state.json"
METRICS_FILE = "metrics.jsonl"
SKIPPED_FILE = "skipped_rows.jsonl"
EVALUATION_FILE = "evaluation.json"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`: readers see the old file or the
    new one, never a half-written one. No fsync: on ext4 one fsync also flushes every dirty checkpoint byte,
    which made stopping a run take seconds; the rename is what keeps the folder consistent."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def _atomic_via(path: Path, write: Any) -> None:
    """Let `write(tmp_path)` produce the file (for libraries that take a filename), then rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def provenance(config: RunConfig, train: Dataset, val: Dataset, device: str, precision: str) -> dict[str, Any]:
    """What run.json records of where a run came from: data file and hash, versions, device, precision."""
    import numpy as np
    import torch

    from workbench import __version__

    return {
        "app_version": __version__,
        "task": config.train.task,
        "init_from": config.train.init_from,
        "data": {
            "source": config.data.source,
            "sha256": train.sha256,
            "encoding": train.encoding,
            "text_column": train.text_column,
            "label_column": train.label_column,
            "train_rows": len(train),
            "val_rows": len(val),
            "skipped_rows": len(train.skipped),
        },
        "versions": {"torch": torch.__version__, "numpy": np.__version__},
        "device": device,
        "precision": precision,
    }


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:40] or "data"


def new_run_path(root: Path, data_source: str, preset: str | None) -> Path:
    """A fresh folder name: date-time, data and preset, e.g. 2026-11-28_2301_reviews_small."""
    stamp = _dt.datetime.now().strftime("%Y-%m-%d_%H%M%S")
    base = f"{stamp}_{_slug(Path(data_source.removeprefix('demo:')).stem)}_{preset or 'custom'}"
    path, n = Path(root) / base, 2
    while path.exists():
        path, n = Path(root) / f"{base}-{n}", n + 1
    return path


class RunFolder:
    """Reads and writes the files of one run folder."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    # --- creating and opening -------------------------------------------------------------------------
    @classmethod
    def create(cls, path: Path, *, info: dict[str, Any]) -> RunFolder:
        """Make a new run folder; an existing non-empty folder is refused so nothing is overwritten."""
        path = Path(path)
        if path.exists() and not path.is_dir():
            raise RunError(f"{path} exists and is not a folder; choose another --out.")
        if path.is_dir() and any(path.iterdir()):
            raise RunError(f"{path} is not empty; choose a new folder for the run, or use --resume {path}.")
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise RunError(f"Cannot create the run folder {path}: {err.strerror}.") from None
        run = cls(path)
        now = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
        run.write_info({"format_version": FORMAT_VERSION, "status": "created", "created": now, **info})
        return run

    @classmethod
    def open(cls, path: Path) -> RunFolder:
        path = Path(path)
        if not (path / RUN_FILE).is_file():
            raise RunError(f"{path} is not a run folder (it has no {RUN_FILE}).")
        run = cls(path)
        version = run.info().get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise RunError(f"{path} was written by a newer Transformer Workbench (format {version}); update the app.")
        return run

    # --- small JSON / TOML files ----------------------------------------------------------------------
    def _read_json(self, name: str) -> Any:
        try:
            return json.loads((self.path / name).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise RunError(f"The run folder {self.path} has no {name}.") from None
        except (OSError, ValueError) as err:
            raise RunError(f"{self.path / name} cannot be read ({err}); the run folder is damaged.") from None

    def _write_json(self, name: str, obj: Any) -> None:
        atomic_write_text(self.path / name, json.dumps(obj, indent=2, ensure_ascii=False) + "\n")

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = self._read_json(RUN_FILE)
        return info

    def write_info(self, info: dict[str, Any]) -> None:
        self._write_json(RUN_FILE, info)

    def update_info(self, **fields: Any) -> dict[str, Any]:
        info = {**self.info(), **fields}
        self.write_info(info)
        return info

    def save_config(self, config: RunConfig) -> None:
        atomic_write_text(self.path / CONFIG_FILE, config.to_toml())

    def load_config(self) -> RunConfig:
        if not (self.path / CONFIG_FILE).is_file():
            raise RunError(f"The run folder {self.path} has no {CONFIG_FILE}.")
        return RunConfig.load(self.path / CONFIG_FILE)

    def save_labels(self, labels: list[str]) -> None:
        self._write_json(LABELS_FILE, labels)

    def load_labels(self) -> list[str]:
        labels = self._read_json(LABELS_FILE)
        if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
            raise RunError(f"{self.path / LABELS_FILE} is damaged (expected a list of names).")
        return labels

    @property
    def tokenizer_path(self) -> Path:
        return self.path / TOKENIZER_FILE

    def save_skipped(self, rows: Iterable[SkippedRow]) -> None:
        lines = "".join(json.dumps({"line": r.line, "reason": r.reason}) + "\n" for r in rows)
        atomic_write_text(self.path / SKIPPED_FILE, lines)

    # --- metrics --------------------------------------------------------------------------------------
    def append_metrics(self, records: Iterable[dict[str, Any]]) -> None:
        text = "".join(json.dumps(r) + "\n" for r in records)
        if text:
            with open(self.path / METRICS_FILE, "a", encoding="utf-8") as fh:
                fh.write(text)

    def read_metrics(self) -> list[dict[str, Any]]:
        """All complete records; a torn last line (from a crash mid-write) is ignored."""
        path = self.path / METRICS_FILE
        if not path.is_file():
            return []
        out = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue
        return out

    def truncate_metrics(self, last_step: int) -> None:
        """Drop records logged after the checkpoint at `last_step`, so a resumed curve continues exactly."""
        kept = [r for r in self.read_metrics() if r.get("step", 0) <= last_step]
        atomic_write_text(self.path / METRICS_FILE, "".join(json.dumps(r) + "\n" for r in kept))

    # --- weights and training state -------------------------------------------------------------------
    def save_model(self, model: torch.nn.Module, *, best: bool = False) -> Path:
        from safetensors.torch import save_model

        path = self.path / (BEST_MODEL_FILE if best else MODEL_FILE)
        # save_model handles the tied embedding/decoder weight that save_file refuses.
        _atomic_via(path, lambda tmp: save_model(model, tmp))
        return path

    def load_model_weights(self, model: torch.nn.Module, *, best: bool = False, skip: tuple[str, ...] = ()) -> None:
        """Load weights into `model`. Parameters named with a prefix in `skip` keep their values (a fine-tuning
        run takes the pre-trained encoder and starts a new classifier)."""
        from safetensors.torch import load_file

        path = self.path / (BEST_MODEL_FILE if best else MODEL_FILE)
        if not path.is_file():
            raise RunError(f"The run folder {self.path} has no saved model yet ({path.name}).")
        try:
            state = load_file(path, device="cpu")
            if skip:
                state = {k: v for k, v in state.items() if not k.startswith(skip)}
            missing, unexpected = model.load_state_dict(state, strict=False)
        except (SafetensorError, OSError, RuntimeError) as err:
            raise RunError(f"{path} cannot be loaded ({err}); the file is damaged or from another model.") from None
        missing = [k for k in missing if not k.startswith(skip)] if skip else missing
        if missing or unexpected:
            raise RunError(f"{path} does not match the model in config.toml (missing: {sorted(missing)[:3]}).")

    def save_training_state(
        self, optimizer: torch.optim.Optimizer, state: dict[str, Any], scaler: torch.amp.GradScaler | None = None
    ) -> None:
        """Optimizer tensors go to safetensors, everything else (step, schedule, RNG, fp16's gradient scale) to
        JSON. No pickle."""
        import torch
        from safetensors.torch import save_file

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
        _atomic_via(self.path / OPTIMIZER_FILE, lambda tmp: save_file(tensors, tmp))
        extra = {"grad_scaler": scaler.state_dict()} if scaler is not None and scaler.is_enabled() else {}
        self._write_json(STATE_FILE, {**state, **extra, "optimizer": {"param_groups": groups, "scalars": scalars}})

    def load_training_state(
        self, optimizer: torch.optim.Optimizer, scaler: torch.amp.GradScaler | None = None
    ) -> dict[str, Any]:
        """Restore the optimizer, RNG and fp16's gradient scale in place; return the trainer's saved state (step,
        schedule...). A checkpoint saved before the scale was kept resumes with a fresh scaler."""
        import torch
        from safetensors.torch import load_file

        state: dict[str, Any] = self._read_json(STATE_FILE)
        try:
            tensors = load_file(self.path / OPTIMIZER_FILE)
        except (SafetensorError, OSError) as err:
            raise RunError(f"{self.path / OPTIMIZER_FILE} cannot be loaded ({err}).") from None
        saved = state.pop("optimizer")
        scaler_state = state.pop("grad_scaler", None)
        per_param: dict[int, dict[str, Any]] = {}
        for name, value in tensors.items():
            if name.startswith("rng."):
                continue
            pid, key = name.split(".", 1)
            per_param.setdefault(int(pid), {})[key] = value
        for pid, extra in saved["scalars"].items():
            per_param.setdefault(int(pid), {}).update(extra)
        groups = [{k: (tuple(v) if k == "betas" else v) for k, v in g.items()} for g in saved["param_groups"]]
        try:
            optimizer.load_state_dict({"state": per_param, "param_groups": groups})
        except (ValueError, KeyError) as err:
            raise RunError(f"The optimizer state in {self.path} does not match the model ({err}).") from None
        if scaler is not None and scaler_state is not None:
            scaler.load_state_dict(scaler_state)
        torch.set_rng_state(tensors["rng.torch"])
        cuda_states = [tensors[k] for k in sorted(tensors) if k.startswith("rng.cuda.")]
        if cuda_states and torch.cuda.is_available() and len(cuda_states) == torch.cuda.device_count():
            torch.cuda.set_rng_state_all(cuda_states)
        return state

    def has_checkpoint(self) -> bool:
        return all((self.path / f).is_file() for f in (MODEL_FILE, OPTIMIZER_FILE, STATE_FILE))

    def disk_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())

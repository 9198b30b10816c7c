"""Run folders: one folder per training, written atomically by one writer at a time, readable without
unpickling anything, and every reader says in one line which file is damaged and how.

Layout: run.json (format version, status, provenance), config.toml, tokenizer.json, labels.json, checkpoint.json
naming the current checkpoint's files under checkpoints/ (see checkpoint.py), metrics.jsonl, skipped_rows.jsonl.
metrics.jsonl is append-only (one whole line per write); a resume rewrites it atomically.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetensors import SafetensorError

from workbench.core.config import RunConfig
from workbench.core.data.dataset import Dataset, SkippedRow
from workbench.core.errors import RunError
from workbench.core.runs import checkpoint as ckpt
from workbench.core.runs.files import atomic_write_bytes as atomic_write_bytes  # imported from here elsewhere
from workbench.core.runs.files import atomic_write_text as atomic_write_text
from workbench.core.runs.files import plain_disk_errors
from workbench.core.runs.lock import RunLock
from workbench.core.runs.readers import check_config, read_json, read_metrics_file

if TYPE_CHECKING:  # torch loads lazily: the app lists and renames runs before torch has loaded
    import torch

FORMAT_VERSION = 1
RUN_FILE = "run.json"
CONFIG_FILE = "config.toml"
TOKENIZER_FILE = "tokenizer.json"
LABELS_FILE = "labels.json"
MANIFEST_FILE = ckpt.MANIFEST_FILE
METRICS_FILE = "metrics.jsonl"
SKIPPED_FILE = "skipped_rows.jsonl"
EVALUATION_FILE = "evaluation.json"


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
        self._writer: RunLock | None = None

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
        if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT_VERSION:
            raise RunError(f"{path} was written by a newer Transformer Workbench (format {version}); update the app.")
        run.tidy()
        return run

    def open_for_resume(self) -> list[str]:
        """Open this folder to continue its training: check it, become its writer, check its checkpoint is
        complete. Returns warnings for the person (a writer that was killed). RunError otherwise."""
        type(self).open(self.path)
        self.lock()
        stale = self._writer.stale_holder if self._writer else {}
        found = self.checkpoint()  # a damaged checkpoint.json is refused here, in its own words
        if found is None or not found.complete:
            raise RunError(f"{self.path} has no checkpoint to resume from; start a new run instead.")
        return [f"process {stale['pid']} stopped writing this run without closing it (killed?)."] if stale else []

    # --- one writer at a time -------------------------------------------------------------------------
    def lock(self) -> RunLock:
        """Become this folder's only writer (RunBusyError naming the holder if another process is), then remove
        what killed writes left behind. Hold it until release()."""
        if self._writer is None or not self._writer.held:
            self._writer = RunLock(self.path).acquire()
            with contextlib.suppress(OSError):
                ckpt.prune(self.path)
        return self._writer

    def release(self) -> None:
        if self._writer is not None:
            self._writer.release()
            self._writer = None

    def tidy(self) -> list[Path]:
        """Remove temporary files of killed writes and unused checkpoint folders, when nobody is writing."""
        try:
            if not ckpt.leftovers(self.path):
                return []
            if self._writer is not None and self._writer.held:
                return ckpt.prune(self.path)
            with RunLock(self.path, announce=False):
                return ckpt.prune(self.path)
        except (RunError, OSError):
            return []  # someone is writing (they tidy), or the folder is read-only: leave it as it is

    # --- small JSON / TOML files ----------------------------------------------------------------------
    def _read_json(self, name: str) -> Any:
        return read_json(self.path / name)

    def _write_json(self, name: str, obj: Any) -> None:
        atomic_write_text(self.path / name, json.dumps(obj, indent=2, ensure_ascii=False) + "\n")

    def info(self) -> dict[str, Any]:
        info: dict[str, Any] = self._read_json(RUN_FILE)
        if not isinstance(info, dict):
            raise RunError(f"{self.path / RUN_FILE} is damaged (expected a JSON object); the run folder is damaged.")
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
        """config.toml, every setting checked (type and range); RunError naming the file otherwise."""
        return check_config(self.path / CONFIG_FILE)

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
            with plain_disk_errors(self.path.parent), open(self.path / METRICS_FILE, "a", encoding="utf-8") as fh:
                fh.write(text)

    def read_metrics(self) -> list[dict[str, Any]]:
        """All complete records; a torn line (from a crash mid-write) or a line that is not a record is ignored."""
        return read_metrics_file(self.path / METRICS_FILE)

    def truncate_metrics(self, last_step: int) -> None:
        """Drop records logged after the checkpoint at `last_step`, so a resumed curve continues exactly."""
        kept = [r for r in self.read_metrics() if r["step"] <= last_step]
        atomic_write_text(self.path / METRICS_FILE, "".join(json.dumps(r) + "\n" for r in kept))

    # --- checkpoints: weights, optimizer and trainer state as one transaction ---------------------------
    def checkpoint(self) -> ckpt.Checkpoint | None:
        """The current complete checkpoint, or None; RunError when checkpoint.json is damaged."""
        return ckpt.current(self.path)

    def has_checkpoint(self) -> bool:
        """A complete checkpoint to resume from (False when there is none or checkpoint.json is damaged)."""
        try:
            found = self.checkpoint()
        except RunError:
            return False
        return found is not None and found.complete

    def has_model(self) -> bool:
        return ckpt.has_model(self.path)

    def checkpoint_step(self) -> int | None:
        """The step of the current checkpoint (None when there is none or it cannot be read)."""
        try:
            found = self.checkpoint()
        except RunError:
            return None
        return found.step if found is not None else None

    def save_checkpoint(
        self, model: torch.nn.Module, optimizer: torch.optim.Optimizer, state: dict[str, Any], *, best: bool
    ) -> ckpt.Checkpoint:
        """Save weights, optimizer and trainer state of `state["step"]` as one checkpoint, made current in one
        rename. Non-finite weights or optimizer state are refused (NonFiniteError) and nothing is written."""
        from safetensors.torch import save_file, save_model

        from workbench.core.runs.training_state import first_non_finite, split_optimizer, write_state_json

        step = int(state["step"])
        bad = first_non_finite(dict(model.state_dict()))
        if bad is not None:
            raise NonFiniteError(step, bad, self.checkpoint_step())
        tensors, rest = split_optimizer(optimizer)
        bad = first_non_finite({k: v for k, v in tensors.items() if not k.startswith("rng.")})
        if bad is not None:
            raise NonFiniteError(step, bad, self.checkpoint_step(), what="optimizer state")
        meta = {"step": str(step)}
        writers = {  # save_model handles the tied embedding/decoder weight that save_file refuses
            "model": lambda p: save_model(model, str(p), metadata=meta),
            "optimizer": lambda p: save_file(tensors, str(p), metadata=meta),
            "state": lambda p: write_state_json(p, state, rest),
        }
        return ckpt.save(self.path, step, writers, best=best, fail_at=self.fail_at)

    fail_at = None  # tests set a callable to interrupt a checkpoint write at a named point

    def load_model_weights(self, model: torch.nn.Module, *, best: bool = False, skip: tuple[str, ...] = ()) -> None:
        """Load the current (or best) checkpoint's weights into `model`, after checking the file is the one the
        manifest names. Parameters named with a prefix in `skip` keep their values (a fine-tuning run takes the
        pre-trained encoder and starts a new classifier)."""
        from safetensors.torch import load_file

        from workbench.core.runs.training_state import first_non_finite

        found = self.checkpoint()
        if found is None:
            raise RunError(f"The run folder {self.path} has no saved model yet.")
        try:
            path = found.verified_best() if best else found.verified("model")
        except RunError:  # a writer made a newer checkpoint current (and tidied the old) while this one was read
            newer = self.checkpoint()
            if newer is None or newer.files["model"] == found.files["model"]:
                raise
            found, path = newer, newer.verified_best() if best else newer.verified("model")
        if path is None:
            raise RunError(f"The run folder {self.path} has no best model yet; use the last one.")
        try:
            state = load_file(path, device="cpu")
            if skip:
                state = {k: v for k, v in state.items() if not k.startswith(skip)}
            missing, unexpected = model.load_state_dict(state, strict=False)
        except (SafetensorError, OSError, RuntimeError, ValueError) as err:
            raise RunError(f"{path} cannot be loaded ({err}); the file is damaged or from another model.") from None
        missing = [k for k in missing if not k.startswith(skip)] if skip else missing
        if missing or unexpected:
            raise RunError(f"{path} does not match the model in config.toml (missing: {sorted(missing)[:3]}).")
        bad = first_non_finite(state)
        if bad is not None:
            raise RunError(f"{path} holds non-finite weights (NaN or infinity in {bad}); it cannot be used.")

    def load_training_state(self, optimizer: torch.optim.Optimizer) -> dict[str, Any]:
        """Restore the optimizer and RNG in place from the current checkpoint; return the trainer's saved state
        (step, schedule...). Files of another step than the manifest's are refused."""
        from workbench.core.runs.training_state import restore

        found = self.checkpoint()
        if found is None or not found.complete:
            raise RunError(f"{self.path} has no checkpoint to resume from; start a new run instead.")
        return restore(optimizer, found.verified("state"), found.verified("optimizer"), step=found.step)

    def disk_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())


class NonFiniteError(RunError):
    """Weights or optimizer state that are NaN or infinite: never saved as a checkpoint."""

    def __init__(self, step: int, tensor: str, kept_step: int | None, *, what: str = "weights") -> None:
        kept = f"the checkpoint from step {kept_step} is kept" if kept_step is not None else "no checkpoint was saved"
        super().__init__(
            f"The {what} became NaN or infinite at step {step} (first in {tensor}), so training stopped and it was "
            f"not saved; {kept}. Try a lower learning rate (for example half of it) or fp32 precision."
        )
        self.step, self.kept_step = step, kept_step

"""Checkpoints as transactions: a checkpoint's files are written into a new folder, then made current by one
atomic rename of checkpoint.json, which names each file with its step and SHA-256.

    checkpoints/step-00000120-8f3a/model.safetensors, optimizer.safetensors, trainer_state.json
    checkpoint.json  {"step": 120, "files": {"model": {"path": ..., "step": 120, "sha256": ...}, ...}, "best": ...}

A crash or a full disk before the rename leaves the previous checkpoint current (and a temporary folder that the
next writer removes); after it, the new one. Readers check each file's hash before they use it, so files of
different steps, or a tampered file, are refused in one line instead of being loaded. A run folder written before
manifests existed (model.safetensors, optimizer.safetensors and trainer_state.json at the top) is read as one
checkpoint, as it always was; its next checkpoint is written the new way.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.errors import RunError
from workbench.core.runs.files import (
    TEMP_SUFFIX,
    atomic_write_text,
    is_temporary,
    plain_disk_errors,
    sha256_file,
)

MANIFEST_FILE = "checkpoint.json"
CHECKPOINTS_DIR = "checkpoints"
PART_FILES = {"model": "model.safetensors", "optimizer": "optimizer.safetensors", "state": "trainer_state.json"}
LEGACY_BEST = "best.safetensors"
MANIFEST_VERSION = 1


@dataclass
class Checkpoint:
    """One complete checkpoint: the files of `step`, and the best weights so far (maybe of an earlier step)."""

    step: int | None  # None for a legacy folder whose trainer_state.json cannot be read
    files: dict[str, Path]  # part (model, optimizer, state) → file
    sha256: dict[str, str] = field(default_factory=dict)  # empty for a legacy folder
    best: Path | None = None
    best_step: int | None = None
    best_sha256: str | None = None
    legacy: bool = False

    @property
    def complete(self) -> bool:
        """Weights, optimizer and trainer state are all there (a legacy folder may hold only the weights)."""
        return all(p.is_file() for p in self.files.values())

    def verified(self, part: str) -> Path:
        """The file of `part`, after checking it is the one the manifest names (a RunError if not)."""
        path = self.files[part]
        return _verify(path, self.sha256.get(part), self.step)

    def verified_best(self) -> Path | None:
        return None if self.best is None else _verify(self.best, self.best_sha256, self.best_step)


def _verify(path: Path, expected: str | None, step: int | None) -> Path:
    if not path.is_file():
        raise RunError(f"{path} is missing, though {MANIFEST_FILE} names it; the checkpoint is incomplete.")
    if expected is not None:
        try:
            actual = sha256_file(path)
        except OSError as err:
            raise RunError(f"{path} cannot be read ({err.strerror or err}).") from None
        if actual != expected:
            raise RunError(
                f"{path} is not the file {MANIFEST_FILE} names for step {step} (its SHA-256 differs): it was changed "
                "or damaged after it was saved; the checkpoint cannot be used."
            )
    return path


# --- reading ------------------------------------------------------------------------------------------
def _rel(run_dir: Path, raw: Any, what: str) -> Path:
    if not isinstance(raw, str) or not raw or Path(raw).is_absolute() or ".." in Path(raw).parts:
        raise RunError(f"{run_dir / MANIFEST_FILE} is damaged ({what} has no usable path).")
    return run_dir / raw


def _entry(run_dir: Path, raw: Any, what: str) -> tuple[Path, int | None, str]:
    if not isinstance(raw, dict):
        raise RunError(f"{run_dir / MANIFEST_FILE} is damaged (no entry for the {what} file).")
    sha, step = raw.get("sha256"), raw.get("step")
    if not isinstance(sha, str) or len(sha) != 64:
        raise RunError(f"{run_dir / MANIFEST_FILE} is damaged (the {what} file has no SHA-256).")
    if step is not None and (not isinstance(step, int) or isinstance(step, bool)):
        raise RunError(f"{run_dir / MANIFEST_FILE} is damaged (the {what} file's step is not a number).")
    return _rel(run_dir, raw.get("path"), f"the {what} file"), step, sha


def read_manifest(run_dir: Path) -> Checkpoint | None:
    """The current checkpoint named by checkpoint.json; None when the folder has none. RunError when damaged."""
    run_dir = Path(run_dir)
    path = run_dir / MANIFEST_FILE
    try:
        raw = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise RunError(f"{path} cannot be read ({err}); the run folder is damaged.") from None
    if not isinstance(raw, dict):
        raise RunError(f"{path} is damaged (expected a JSON object).")
    version, step = raw.get("format_version"), raw.get("step")
    if not isinstance(version, int) or version > MANIFEST_VERSION:
        raise RunError(f"{path} was written by a newer Transformer Workbench (format {version!r}); update the app.")
    if not isinstance(step, int) or isinstance(step, bool) or step < 0:
        raise RunError(f"{path} is damaged (its step is not a number).")
    files_raw = raw.get("files")
    if not isinstance(files_raw, dict):
        raise RunError(f"{path} is damaged (no list of files).")
    files, hashes = {}, {}
    for part in PART_FILES:
        file, file_step, sha = _entry(run_dir, files_raw.get(part), part)
        if file_step != step:  # the manifest itself mixes steps: never written so, so it was edited
            raise RunError(f"{path} names the {part} file of step {file_step} for step {step}; it is damaged.")
        files[part], hashes[part] = file, sha
    best = best_step = best_sha = None
    if raw.get("best") is not None:
        best, best_step, best_sha = _entry(run_dir, raw["best"], "best model")
    return Checkpoint(step, files, hashes, best, best_step, best_sha)


def _legacy(run_dir: Path) -> Checkpoint | None:
    files = {part: run_dir / name for part, name in PART_FILES.items()}
    if not files["model"].is_file():
        return None
    step = None
    with contextlib.suppress(OSError, ValueError, AttributeError):
        value = json.loads(files["state"].read_text(encoding="utf-8")).get("step")
        step = value if isinstance(value, int) and not isinstance(value, bool) else None
    best = run_dir / LEGACY_BEST
    return Checkpoint(step, files, best=best if best.is_file() else None, legacy=True)


def current(run_dir: Path) -> Checkpoint | None:
    """The checkpoint a reader should use: the manifest's, else (an older folder) the top-level files."""
    found = read_manifest(run_dir)
    return found if found is not None else _legacy(Path(run_dir))


def has_model(run_dir: Path) -> bool:
    """Whether the folder has saved weights (a cheap look, without hashing; False when the manifest is damaged)."""
    try:
        found = read_manifest(run_dir)
    except RunError:
        return False
    if found is not None:
        return found.files["model"].is_file()
    return (Path(run_dir) / PART_FILES["model"]).is_file()


# --- writing ------------------------------------------------------------------------------------------
def _manifest_entry(run_dir: Path, path: Path, step: int | None, sha: str | None) -> dict[str, Any]:
    return {"path": path.relative_to(run_dir).as_posix(), "step": step, "sha256": sha or sha256_file(path)}


def save(
    run_dir: Path,
    step: int,
    writers: dict[str, Callable[[Path], None]],
    *,
    best: bool,
    fail_at: Callable[[str], None] | None = None,
) -> Checkpoint:
    """Write one checkpoint: writers[part](path) writes each part (model, optimizer, state) into a new folder,
    then checkpoint.json is replaced in one rename. The caller holds the run's writer lock. `fail_at(point)` is
    called between the stages (tests use it to interrupt the write at every point)."""
    run_dir = Path(run_dir)
    hook = fail_at or (lambda _point: None)
    try:
        previous = current(run_dir)
    except RunError:  # a damaged manifest: the new checkpoint replaces it (the best weights are not known)
        previous = None
    root = run_dir / CHECKPOINTS_DIR
    name = f"step-{step:08d}-{secrets.token_hex(2)}"
    with plain_disk_errors(run_dir.parent):
        root.mkdir(exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=root))
        try:
            for part, write in writers.items():
                hook(f"before {part}")
                write(tmp / PART_FILES[part])
            hook("before rename")
            final = root / name
            tmp.rename(final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        files = {part: final / PART_FILES[part] for part in PART_FILES}
        entries = {part: _manifest_entry(run_dir, files[part], step, None) for part in PART_FILES}
        if best:
            best_entry: dict[str, Any] | None = entries["model"]
        elif previous is not None and previous.best is not None and previous.best.is_file():
            best_entry = _manifest_entry(run_dir, previous.best, previous.best_step, previous.best_sha256)
        else:
            best_entry = None
        manifest = {"format_version": MANIFEST_VERSION, "step": step, "files": entries, "best": best_entry}
        hook("before manifest")
        try:
            atomic_write_text(run_dir / MANIFEST_FILE, json.dumps(manifest, indent=2) + "\n")
        except BaseException:
            shutil.rmtree(final, ignore_errors=True)
            raise
    hook("before prune")
    with contextlib.suppress(OSError):  # the new checkpoint is current; tidying can wait for the next open
        prune(run_dir)
    return Checkpoint(
        step,
        files,
        {p: e["sha256"] for p, e in entries.items()},
        (run_dir / best_entry["path"]) if best_entry else None,
        best_entry["step"] if best_entry else None,
        best_entry["sha256"] if best_entry else None,
    )


def leftovers(run_dir: Path) -> list[Path]:
    """Files and folders that no checkpoint needs: temporary files of killed writes, checkpoint folders the
    manifest does not name, and an older folder's top-level checkpoint files once a manifest replaced them."""
    run_dir = Path(run_dir)
    out = [p for p in run_dir.iterdir() if is_temporary(p)] if run_dir.is_dir() else []
    try:
        manifest = read_manifest(run_dir)
    except RunError:
        return out  # without a readable manifest nothing can be known to be unused: keep every checkpoint
    root = run_dir / CHECKPOINTS_DIR
    if manifest is None:
        return out + ([p for p in root.iterdir() if is_temporary(p)] if root.is_dir() else [])
    needed = {p.resolve() for p in manifest.files.values()}
    if manifest.best is not None:
        needed.add(manifest.best.resolve())
    out += [run_dir / n for n in [*PART_FILES.values(), LEGACY_BEST] if (run_dir / n).resolve() not in needed]
    out = [p for p in out if p.exists()]
    if root.is_dir():
        for folder in root.iterdir():
            if is_temporary(folder) or not folder.is_dir():
                out.append(folder)
                continue
            inside = list(folder.iterdir())
            unused = [p for p in inside if p.resolve() not in needed]
            out += [folder] if len(unused) == len(inside) else unused
    return out


def prune(run_dir: Path) -> list[Path]:
    """Delete leftovers(); the caller holds the writer lock. Returns what was removed."""
    removed = []
    for path in leftovers(run_dir):
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    return removed


__all__ = [
    "CHECKPOINTS_DIR",
    "MANIFEST_FILE",
    "Checkpoint",
    "current",
    "has_model",
    "leftovers",
    "prune",
    "read_manifest",
    "save",
]

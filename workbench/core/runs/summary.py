"""What the Runs page knows about one run folder: read from run.json, config.toml and checkpoint.json (plain
text, no torch) through the core's readers, so the list fills at once and a damaged run is listed, not hidden.
The settings and final metrics are kept as numbers for sorting and as the RunConfig for "Train again"."""

from __future__ import annotations

import contextlib
import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.config import RunConfig
from workbench.core.errors import RunError
from workbench.core.runs import checkpoint as ckpt
from workbench.core.runs.lock import is_being_written
from workbench.core.runs.readers import is_run_folder, read_run_config, read_run_info

TASK_TITLES = {"classify": "classify", "mlm": "pre-train", "finetune": "fine-tune"}


def format_lr(lr: float | None) -> str:
    """As the Train page's box writes it: 1.0e-03, 0.02."""
    if lr is None:
        return "—"
    return f"{lr:.2g}" if lr >= 0.01 else f"{lr:.1e}"


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


@dataclass
class RunRow:
    """What the list shows about one run folder."""

    path: Path
    name: str
    created: str
    data: str
    model: str
    status: str
    steps: int
    val_accuracy: float | None
    disk_bytes: int
    note: str = ""
    error: str = ""
    has_checkpoint: bool = False
    info: dict[str, Any] = field(default_factory=dict)
    config: RunConfig | None = None  # None when config.toml is missing or unreadable
    task: str = "classify"  # classify, mlm (pre-training) or finetune (classify from a pre-trained run)
    masked_accuracy: float | None = None
    val_loss: float | None = None
    problem: str = ""  # why the run is "damaged": a file that cannot be read, in one line
    has_model: bool = False

    @property
    def can_continue(self) -> bool:
        return self.has_checkpoint and not self.problem and self.status in ("stopped", "failed", "interrupted")

    @property
    def accuracy(self) -> float | None:
        """The run's headline score: validation accuracy, or masked-token accuracy for pre-training."""
        return self.masked_accuracy if self.task == "mlm" else self.val_accuracy

    @property
    def task_title(self) -> str:
        return TASK_TITLES.get(self.task, self.task)

    @property
    def batch_size(self) -> int | None:
        return self.config.train.batch_size if self.config else None

    @property
    def lr(self) -> float | None:
        return self.config.train.lr if self.config else None

    @property
    def size_key(self) -> tuple[int, int, int]:
        """(width, layers, heads) for sorting by model size."""
        m = self.config.model if self.config else None
        return (m.d_model, m.n_layers, m.n_heads) if m else (0, 0, 0)

    @property
    def is_pretrained(self) -> bool:
        """A pre-training run whose weights a fine-tuning run can start from."""
        return self.task == "mlm" and self.status not in ("running", "damaged") and self.has_model


def _text(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


def read_run(path: Path, active: Path | None = None) -> RunRow | None:
    """A RunRow for a run folder; None only when the folder is not a run (no run.json). A run whose run.json,
    config.toml or checkpoint.json is damaged is still listed, with status "damaged" and the problem, so it can
    be deleted (or repaired by hand) from the app."""
    path = Path(path)
    if not is_run_folder(path):
        return None
    problem = ""
    try:
        info = read_run_info(path)
    except RunError as err:
        info, problem = {}, str(err)
    model = "?"
    cfg: RunConfig | None = None
    try:
        cfg = read_run_config(path)
        shape = f"{cfg.model.d_model}×{cfg.model.n_layers}×{cfg.model.n_heads}"
        model = f"{cfg.preset} ({shape})" if cfg.preset else f"custom ({shape})"
    except RunError as err:
        problem = problem or str(err)
    try:
        found = ckpt.current(path)
    except RunError as err:
        found, problem = None, problem or str(err)
    is_active = active is not None and path.resolve() == active.resolve()
    status = _text(info.get("status"), "unknown")
    if status in ("running", "created") and not is_active and not is_being_written(path):
        status = "interrupted"  # the app closed (or crashed) while it trained; a terminal's training holds the lock
    if problem and not is_active:
        status = "damaged"
    task = _text(info.get("task")) or (cfg.train.task if cfg else "classify")
    if task == "classify" and (info.get("init_from") or (cfg and cfg.train.init_from)):
        task = "finetune"
    raw_data, raw_metrics = info.get("data"), info.get("final_metrics")
    data_info: dict[str, Any] = raw_data if isinstance(raw_data, dict) else {}
    source = _text(data_info.get("source"))
    data = source.removeprefix("demo:") + " (built-in)" if source.startswith("demo:") else Path(source).name
    created = _text(info.get("created"))
    with contextlib.suppress(ValueError):
        created = _dt.datetime.fromisoformat(created).strftime("%Y-%m-%d %H:%M")
    metrics: dict[str, Any] = raw_metrics if isinstance(raw_metrics, dict) else {}
    try:
        disk = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    except OSError:
        disk = 0
    steps = info.get("steps")
    return RunRow(
        path=path,
        name=_text(info.get("name")) or path.name,
        created=created,
        data=data,
        model=model,
        status=status,
        steps=steps if isinstance(steps, int) and not isinstance(steps, bool) and steps >= 0 else 0,
        val_accuracy=_number(metrics.get("val_accuracy")),
        disk_bytes=disk,
        note=_text(info.get("note")),
        error=_text(info.get("error")),
        has_checkpoint=found is not None and found.complete,
        info=info,
        config=cfg,
        task=task,
        masked_accuracy=_number(metrics.get("masked_accuracy")),
        val_loss=_number(metrics.get("val_loss")),
        problem=problem,
        has_model=found is not None and found.files["model"].is_file(),
    )

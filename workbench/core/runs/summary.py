"""What the Runs page knows about one run folder: read from run.json and config.toml (plain text, no torch), so
the list fills at once. The settings and final metrics are kept as numbers for sorting and as the RunConfig for
"Train again"."""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.config import RunConfig
from workbench.core.errors import WorkbenchError

CHECKPOINT_FILES = ("model.safetensors", "optimizer.safetensors", "trainer_state.json")
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

    @property
    def can_continue(self) -> bool:
        return self.has_checkpoint and self.status in ("stopped", "failed", "interrupted")

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
        return self.task == "mlm" and self.status != "running" and (self.path / "model.safetensors").is_file()


def read_run(path: Path, active: Path | None = None) -> RunRow | None:
    """A RunRow for a run folder, or None when the folder is not a readable run."""
    try:
        info = json.loads((path / "run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict):
        return None
    status = str(info.get("status", "unknown"))
    if status in ("running", "created") and (active is None or path.resolve() != active.resolve()):
        status = "interrupted"  # the app closed (or crashed) while it trained
    model = "?"
    cfg: RunConfig | None = None
    with contextlib.suppress(WorkbenchError, TypeError, ValueError):
        cfg = RunConfig.load(path / "config.toml")
        shape = f"{cfg.model.d_model}×{cfg.model.n_layers}×{cfg.model.n_heads}"
        model = f"{cfg.preset} ({shape})" if cfg.preset else f"custom ({shape})"
    task = str(info.get("task") or (cfg.train.task if cfg else "classify"))
    if task == "classify" and (info.get("init_from") or (cfg and cfg.train.init_from)):
        task = "finetune"
    source = str(info.get("data", {}).get("source", ""))
    data = source.removeprefix("demo:") + " (built-in)" if source.startswith("demo:") else Path(source).name
    created = str(info.get("created", ""))
    with contextlib.suppress(ValueError):
        created = _dt.datetime.fromisoformat(created).strftime("%Y-%m-%d %H:%M")
    metrics = info.get("final_metrics") or {}
    try:
        disk = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    except OSError:
        disk = 0
    return RunRow(
        path=path,
        name=str(info.get("name") or path.name),
        created=created,
        data=data,
        model=model,
        status=status,
        steps=int(info.get("steps", 0) or 0),
        val_accuracy=_number(metrics.get("val_accuracy")),
        disk_bytes=disk,
        note=str(info.get("note", "")),
        error=str(info.get("error", "")),
        has_checkpoint=all((path / f).is_file() for f in CHECKPOINT_FILES),
        info=info,
        config=cfg,
        task=task,
        masked_accuracy=_number(metrics.get("masked_accuracy")),
        val_loss=_number(metrics.get("val_loss")),
    )

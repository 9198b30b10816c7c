"""The Runs page's columns: each run's key settings beside its final metrics, and how each column sorts (numbers as
numbers, dates as dates, a missing value last when sorting up)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QTreeWidgetItem

from workbench.core.machine import format_bytes
from workbench.core.runs.summary import RunRow, format_lr
from workbench.gui.widgets.language.noop import QT_TRANSLATE_NOOP

SORT_ROLE = Qt.ItemDataRole.UserRole
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
_MISSING = float("inf")  # a run without the value sorts after every run with it (ascending)


@dataclass(frozen=True)
class Column:
    title: str
    tip: str
    text: Callable[[RunRow], str]
    key: Callable[[RunRow], Any] | None = None  # None: sort by the text
    numeric: bool = False  # right-aligned


def _percent(value: float | None, masked: bool = False) -> str:
    if value is None:
        return "—"
    return f"{value:.1%}" + (QCoreApplication.translate("RunsColumns", " masked") if masked else "")


# What the Status and Task columns say (core keeps the English words; the window shows them translated).
STATUS_WORDS = {
    "finished": QT_TRANSLATE_NOOP("RunsColumns", "finished"),
    "stopped": QT_TRANSLATE_NOOP("RunsColumns", "stopped"),
    "failed": QT_TRANSLATE_NOOP("RunsColumns", "failed"),
    "interrupted": QT_TRANSLATE_NOOP("RunsColumns", "interrupted"),
    "running": QT_TRANSLATE_NOOP("RunsColumns", "running"),
    "damaged": QT_TRANSLATE_NOOP("RunsColumns", "damaged"),
    "created": QT_TRANSLATE_NOOP("RunsColumns", "created"),
    "unknown": QT_TRANSLATE_NOOP("RunsColumns", "unknown"),
}
TASK_WORDS = {
    "classify": QT_TRANSLATE_NOOP("RunsColumns", "classify"),
    "mlm": QT_TRANSLATE_NOOP("RunsColumns", "pre-train"),
    "finetune": QT_TRANSLATE_NOOP("RunsColumns", "fine-tune"),
}


SIZE_WORDS = {
    "tiny": QT_TRANSLATE_NOOP("RunsColumns", "tiny"),
    "small": QT_TRANSLATE_NOOP("RunsColumns", "small"),
    "base": QT_TRANSLATE_NOOP("RunsColumns", "base"),
    "custom": QT_TRANSLATE_NOOP("RunsColumns", "custom"),
}
BUILT_IN = " (built-in)"  # how core names a built-in data set: "reviews (built-in)"


def model_text(r: RunRow) -> str:
    """'tiny (128×2×4)' with the size's name in the window's language."""
    word, _, rest = r.model.partition(" ")
    if word in SIZE_WORDS:
        return " ".join([QCoreApplication.translate("RunsColumns", SIZE_WORDS[word]), rest]).strip()
    return r.model


def data_text(r: RunRow) -> str:
    if r.data.endswith(BUILT_IN):
        name = r.data.removesuffix(BUILT_IN)
        return QCoreApplication.translate("RunsColumns", "{name} (built in)").format(name=name)
    return r.data


def status_word(status: str) -> str:
    return QCoreApplication.translate("RunsColumns", STATUS_WORDS[status]) if status in STATUS_WORDS else status


def task_word(r: RunRow) -> str:
    return QCoreApplication.translate("RunsColumns", TASK_WORDS[r.task]) if r.task in TASK_WORDS else r.task_title


def title(column: Column) -> str:
    return QCoreApplication.translate("RunsColumns", column.title)


def tip(column: Column) -> str:
    return QCoreApplication.translate("RunsColumns", column.tip)


def _or_missing(value: float | None) -> float:
    return _MISSING if value is None else value


def _size_key(r: RunRow) -> int:
    width, layers, heads = r.size_key
    return width * 10_000 + layers * 100 + heads


COLUMNS: tuple[Column, ...] = (
    Column(
        QT_TRANSLATE_NOOP("RunsColumns", "Name"),
        QT_TRANSLATE_NOOP("RunsColumns", "The run's name (rename it with Rename…); the folder name until renamed."),
        lambda r: r.name,
    ),
    Column(
        QT_TRANSLATE_NOOP("RunsColumns", "Task"),
        QT_TRANSLATE_NOOP(
            "RunsColumns",
            "classify: learnt the labels; pre-train: learnt to fill in masked words (labels ignored); fine-tune: "
            "learnt the labels starting from a pre-trained run.",
        ),
        task_word,
    ),
    Column(
        QT_TRANSLATE_NOOP("RunsColumns", "Accuracy"),
        QT_TRANSLATE_NOOP(
            "RunsColumns",
            "At the end (or the last evaluation): the share of validation texts classified correctly; for pre-training "
            "runs ('masked') the share of masked words guessed right.",
        ),
        lambda r: _percent(r.accuracy, masked=r.task == "mlm"),
        lambda r: -1.0 if r.accuracy is None else r.accuracy,
        True,
    ),
    Column(
        QT_TRANSLATE_NOOP("RunsColumns", "Val. loss"),
        QT_TRANSLATE_NOOP("RunsColumns", "Validation loss at the end (or the last evaluation); lower is better."),
        lambda r: "—" if r.val_loss is None else f"{r.val_loss:.4f}",
        lambda r: _or_missing(r.val_loss),
        True,
    ),
    Column(
        QT_TRANSLATE_NOOP("RunsColumns", "Model"),
        QT_TRANSLATE_NOOP(
            "RunsColumns", "Model size: the preset (or 'custom') with its width (d_model) × layers × attention heads."
        ),
        model_text,
        _size_key,
    ),
    Column(
        QT_TRANSLATE_NOOP("RunsColumns", "Batch"),
        QT_TRANSLATE_NOOP("RunsColumns", "Texts per training step."),
        lambda r: str(r.batch_size or "—"),
        lambda r: r.batch_size or 0,
        True,
    ),
    Column(
        QT_TRANSLATE_NOOP("RunsColumns", "LR"),
        QT_TRANSLATE_NOOP("RunsColumns", "Peak learning rate."),
        lambda r: format_lr(r.lr),
        lambda r: _or_missing(r.lr),
        True,
    ),
    Column(
        QT_TRANSLATE_NOOP("RunsColumns", "Steps"),
        QT_TRANSLATE_NOOP("RunsColumns", "Training steps done."),
        lambda r: f"{r.steps:,}",
        lambda r: r.steps,
        True,
    ),
    Column(
        QT_TRANSLATE_NOOP("RunsColumns", "Status"),
        QT_TRANSLATE_NOOP(
            "RunsColumns",
            "finished, stopped (can be continued), failed, interrupted (the app closed while training), running, or "
            "damaged (a file of the run cannot be read: the tooltip says which; delete the run or repair the file).",
        ),
        lambda r: status_word(r.status),
    ),
    Column(
        QT_TRANSLATE_NOOP("RunsColumns", "Data"),
        QT_TRANSLATE_NOOP("RunsColumns", "The data it was trained on."),
        data_text,
    ),
    Column(
        QT_TRANSLATE_NOOP("RunsColumns", "Created"),
        QT_TRANSLATE_NOOP("RunsColumns", "When the run started."),
        lambda r: r.created,
        lambda r: f"{r.info.get('created', '')}|{r.path.name}",
    ),
    Column(
        QT_TRANSLATE_NOOP("RunsColumns", "Disk"),
        QT_TRANSLATE_NOOP("RunsColumns", "Space the run folder takes on disk."),
        lambda r: format_bytes(r.disk_bytes),
        lambda r: r.disk_bytes,
        True,
    ),
)
TITLES = tuple(c.title for c in COLUMNS)
CREATED = TITLES.index("Created")


class RunItem(QTreeWidgetItem):
    """One run's row; sorts by each column's key (in SORT_ROLE), else by its text."""

    def __init__(self, row: RunRow) -> None:
        super().__init__([c.text(row) for c in COLUMNS])
        self.setData(0, PATH_ROLE, str(row.path))
        for i, column in enumerate(COLUMNS):
            if column.key is not None:
                self.setData(i, SORT_ROLE, column.key(row))
            if column.numeric:
                self.setTextAlignment(i, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        col = self.treeWidget().sortColumn() if self.treeWidget() else 0
        a, b = self.data(col, SORT_ROLE), other.data(col, SORT_ROLE)
        if a is not None and b is not None:
            try:
                return bool(a < b)
            except TypeError:
                pass
        return self.text(col).lower() < other.text(col).lower()

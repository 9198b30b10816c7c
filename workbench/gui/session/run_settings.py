""" "Train again": put a run's settings (its config.toml) back on the Data, Model and Train pages, so that changing
one setting and starting is two clicks. Whatever cannot be restored (a data file that moved, a pre-trained run
that was deleted) is said in plain words; everything else is still filled in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from workbench.core.config import RunConfig, Task
from workbench.core.errors import WorkbenchError
from workbench.core.runs.readers import read_run_config
from workbench.gui.pages.data.data_page import DataPanel
from workbench.gui.pages.model.model_page import ModelPanel
from workbench.gui.pages.train.train_page import TrainPanel


def load_run_config(path: str | Path) -> RunConfig:
    """The run's settings; RunError (plain words, naming the file) when they are missing or unreadable."""
    return read_run_config(Path(path))


def is_text_file_source(cfg: RunConfig) -> bool:
    """A pre-training run that read a plain-text file itself (not the Data page's data)."""
    return cfg.train.task == Task.MLM and not cfg.data.source.startswith("demo:") and not cfg.data.label_column


def apply_run_config(data: DataPanel, model: ModelPanel, train: TrainPanel, cfg: RunConfig) -> list[str]:
    """Fill the three pages with these settings; returns what could not be restored, in plain words."""
    problems: list[str] = []
    if not train.set_train_config(cfg.train):  # also chooses the task (and locks the sizing for fine-tuning)
        problems.append(
            QCoreApplication.translate(
                "RunSettings",
                "The pre-trained run {name} it started from is no longer in the runs folder; choose another one "
                "under Fine-tune, or choose Classify.",
            ).format(name=Path(cfg.train.init_from or "").name)
        )
    if not cfg.train.init_from:  # a fine-tuning run's size and tokenizer are its pre-trained run's
        model.set_model_config(cfg.model)
        data.set_data_config(cfg.data, source=False)
    source = cfg.data.source
    if is_text_file_source(cfg):
        if Path(source).is_file():
            train.set_text_file(source)
        else:
            train.set_text_file(None)
            problems.append(
                QCoreApplication.translate(
                    "RunSettings",
                    "The text it was pre-trained on, {name}, is no longer at {source}; choose it (or another text) "
                    "under Pre-train on the Train page.",
                ).format(name=Path(source).name, source=source)
            )
        return problems
    if cfg.train.task == Task.MLM:
        train.set_text_file(None)
    problem = data.set_data_config(cfg.data, tokenizer=False)  # data already loaded is not read again
    if problem:
        problems.append(problem)
    return problems


def train_again(data: DataPanel, model: ModelPanel, train: TrainPanel, path: str) -> list[str]:
    """Read the run's settings and fill the pages with them; problems in plain words (none: [])."""
    try:
        cfg = load_run_config(path)
    except WorkbenchError as err:
        return [
            QCoreApplication.translate("RunSettings", "The settings of {name} cannot be read: {err}").format(
                name=Path(path).name, err=err
            )
        ]
    return apply_run_config(data, model, train, cfg)

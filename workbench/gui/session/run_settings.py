""" "Train again": put a run's settings (its config.toml) back on the Data, Model and Train pages, so that changing
one setting and starting is two clicks. Whatever cannot be restored (a data file that moved, a pre-trained run
that was deleted) is said in plain words; everything else is still filled in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.config import RunConfig, Task
from workbench.core.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.gui.window.main_window import MainWindow


def load_run_config(path: str | Path) -> RunConfig:
    """The run's settings; ConfigError (plain words) when config.toml is missing or unreadable."""
    return RunConfig.load(Path(path) / "config.toml")


def is_text_file_source(cfg: RunConfig) -> bool:
    """A pre-training run that read a plain-text file itself (not the Data page's data)."""
    return cfg.train.task == Task.MLM and not cfg.data.source.startswith("demo:") and not cfg.data.label_column


def apply_run_config(window: MainWindow, cfg: RunConfig) -> list[str]:
    """Fill the three pages with these settings; returns what could not be restored, in plain words."""
    problems: list[str] = []
    tp, dp, mp = window.train_panel, window.data_panel, window.model_panel
    if not tp.set_train_config(cfg.train):  # also chooses the task (and locks the sizing for fine-tuning)
        problems.append(
            f"The pre-trained run {Path(cfg.train.init_from or '').name} it started from is no longer in the runs "
            "folder; choose another one under Fine-tune, or choose Classify."
        )
    if not cfg.train.init_from:  # a fine-tuning run's size and tokenizer are its pre-trained run's
        mp.set_model_config(cfg.model)
        index = dp.kind_combo.findData(cfg.data.tokenizer)
        if index >= 0:
            dp.kind_combo.setCurrentIndex(index)
        dp.vocab_spin.setValue(cfg.data.vocab_size)
    source = cfg.data.source
    if is_text_file_source(cfg):
        if Path(source).is_file():
            tp.task_picker.set_text_file(source)
        else:
            tp.task_picker.set_text_file(None)
            problems.append(
                f"The text it was pre-trained on, {Path(source).name}, is no longer at {source}; choose it (or "
                "another text) under Pre-train on the Train page."
            )
        return problems
    if cfg.train.task == Task.MLM:
        tp.task_picker.set_text_file(None)
    problem = _restore_data(window, cfg)
    if problem:
        problems.append(problem)
    return problems


def _restore_data(window: MainWindow, cfg: RunConfig) -> str | None:
    """Load the run's data on the Data page (unless it is loaded already) with its columns and validation share."""
    dp = window.data_panel
    source, current = cfg.data.source, dp.data_config()
    same = (source, cfg.data.text_column, cfg.data.label_column) == (
        current.source,
        current.text_column,
        current.label_column,
    )
    if not same:
        if source.startswith("demo:"):
            dp.load_demo(source.removeprefix("demo:"))
        elif Path(source).is_file():
            # The columns it used, not the ones a fresh read would guess. (The Data page has no public way to
            # open a file with given columns; its reader takes them.)
            dp.open_file(source, cfg.data.text_column, cfg.data.label_column)
        else:
            return (
                f"The data file {Path(source).name} is no longer at {source}; open it (or another file) on the Data "
                "page. The other settings are filled in."
            )
    dp.split_spin.setValue(round(cfg.data.val_fraction * 100))
    return None


def train_again(window: MainWindow, path: str) -> list[str]:
    """Read the run's settings and fill the pages with them; problems in plain words (none: [])."""
    try:
        cfg = load_run_config(path)
    except WorkbenchError as err:
        return [f"The settings of {Path(path).name} cannot be read: {err}"]
    return apply_run_config(window, cfg)

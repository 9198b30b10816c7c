"""The window's wiring for the full loop: the Train page's task choice locks what a pre-trained start fixes, the
pre-trained runs listed under Fine-tune follow the Runs page, "Train from scratch beside it" starts the twin run,
and "Train again" on the Runs page fills the other pages with a run's settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbench.gui.session.run_settings import train_again

if TYPE_CHECKING:
    from workbench.gui.window.main_window import MainWindow

TRAIN_PAGE = 2


def connect_loop(w: MainWindow) -> None:
    tp, runs, picker = w.train_panel, w.runs_panel, w.train_panel.task_picker
    tp.taskChanged.connect(lambda _task: w.training.sync_pretrained_lock())
    tp.pretrainedChanged.connect(lambda _path: w.training.sync_pretrained_lock())
    tp.scratchRequested.connect(lambda: w.training.start_scratch())
    runs.listed.connect(lambda: picker.set_pretrained_runs(runs.runs()))
    runs.trainAgainRequested.connect(lambda path: fill_from_run(w, path))
    runs.openRequested.connect(lambda path: name_accuracy_for(w, path))
    w.data_panel.dataChanged.connect(lambda: picker.set_data_title(w.data_panel.source_title()))
    picker.set_pretrained_runs(runs.runs())
    picker.set_data_title(w.data_panel.source_title())


def fill_from_run(w: MainWindow, path: str) -> None:
    """Train again: fill the Data, Model and Train pages with a run's settings and show the Train page."""
    if w.is_training:
        return
    problems = train_again(w, path)
    w.show_page(TRAIN_PAGE)
    name = w.run_name(path)
    if problems:
        w.train_panel.set_status(" ".join(problems), "warning")
        w.statusBar().showMessage(f"Settings of {name} filled in, except: {problems[0]}", 10_000)
    else:
        w.train_panel.set_status(f"The settings of {name} are filled in: change one and press Start training.")
        w.statusBar().showMessage(f"Settings of {name} filled in.", 5000)


def name_accuracy_for(w: MainWindow, path: str) -> None:
    """An opened pre-training run's accuracy curve is the masked-token accuracy."""
    row = w.runs_panel.row(path)
    mlm = row is not None and row.task == "mlm"
    w.plot.set_accuracy_name("masked-token accuracy" if mlm else "validation accuracy")

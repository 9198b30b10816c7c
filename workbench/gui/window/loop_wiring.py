"""The window's wiring for the full loop: the Train page's task choice locks what a pre-trained start fixes, the
pre-trained runs listed under Fine-tune follow the Runs page, "Train from scratch beside it" starts the twin run,
and "Train again" on the Runs page fills the other pages with a run's settings."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from workbench.gui.plot.chance import chance_level
from workbench.gui.session.controller import SessionPages, TrainingController
from workbench.gui.session.run_settings import train_again


def connect_loop(
    pages: SessionPages,
    training: TrainingController,
    *,
    show_train_page: Callable[[], None],
    status: Callable[[str, int], None],
) -> None:
    tp, runs, data = pages.train, pages.runs, pages.data
    tp.taskChanged.connect(lambda _task: training.sync_pretrained_lock())
    tp.pretrainedChanged.connect(lambda _path: training.sync_pretrained_lock())
    tp.scratchRequested.connect(lambda: training.start_scratch())
    runs.listed.connect(lambda: tp.set_pretrained_runs(runs.runs()))
    runs.trainAgainRequested.connect(
        lambda path: fill_from_run(pages, training, path, show_train_page=show_train_page, status=status)
    )
    runs.openRequested.connect(lambda path: name_accuracy_for(pages, path))
    data.dataChanged.connect(lambda: tp.set_data_title(data.source_title()))
    tp.set_pretrained_runs(runs.runs())
    tp.set_data_title(data.source_title())


def fill_from_run(
    pages: SessionPages,
    training: TrainingController,
    path: str,
    *,
    show_train_page: Callable[[], None],
    status: Callable[[str, int], None],
) -> None:
    """Train again: fill the Data, Model and Train pages with a run's settings and show the Train page."""
    if training.is_training:
        return
    problems = train_again(pages.data, pages.model, pages.train, path)
    show_train_page()
    name = training.run_name(path)
    if problems:
        pages.train.set_status(" ".join(problems), "warning")
        status(
            QCoreApplication.translate("LoopWiring", "Settings of {name} filled in, except: {problems}").format(
                name=name, problems=problems[0]
            ),
            10_000,
        )
    else:
        pages.train.set_status(
            QCoreApplication.translate(
                "LoopWiring", "The settings of {name} are filled in: change one and press Start training."
            ).format(name=name)
        )
        status(QCoreApplication.translate("LoopWiring", "Settings of {name} filled in.").format(name=name), 5000)


def name_accuracy_for(pages: SessionPages, path: str) -> None:
    """An opened pre-training run's accuracy curve is the masked-token accuracy."""
    row = pages.runs.row(path)
    mlm = row is not None and row.task == "mlm"
    pages.plot.set_accuracy_name(
        QCoreApplication.translate("LoopWiring", "masked-token accuracy")
        if mlm
        else QCoreApplication.translate("LoopWiring", "validation accuracy")
    )
    classes = row.config.model.n_classes if row is not None and row.config is not None else 0
    pages.plot.chance.set_level(chance_level(row.task if row is not None else "", classes), classes)

"""The Train page in Simple view: which settings it hides (the device's threads and precision, the step limit and
the whole "How it learns" box), and the accumulation box that only All settings shows. Hidden controls keep their
values; the page reads them for every run all the same."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QSpinBox, QVBoxLayout, QWidget

from workbench.core.config import TrainConfig, field_spec
from workbench.gui.pages.train.explanations import add_markers
from workbench.gui.widgets.field_spin import apply_spec
from workbench.gui.widgets.info_marker import InfoMarker, row_of
from workbench.gui.widgets.settings_level import SettingsLevelSwitch

if TYPE_CHECKING:
    from workbench.gui.pages.train.train_page import TrainPanel


def accumulate_box() -> QSpinBox:
    """Batches read per learning step (TrainConfig.accumulate)."""
    box = QSpinBox()
    apply_spec(box, field_spec(TrainConfig, "accumulate"))
    box.setToolTip(
        QCoreApplication.translate(
            "TrainPanel",
            "Batches read before each learning step: the step learns from batch size × this many texts, with the "
            "memory of one batch. 1 = every batch is a step.",
        )
    )
    return box


def add_switch_and_markers(page: TrainPanel, outer: QVBoxLayout) -> tuple[SettingsLevelSwitch, dict[str, InfoMarker]]:
    """The Simple / All switch at the top of the built page, and a "?" with a plain sentence beside each setting."""
    switch = SettingsLevelSwitch()  # the window keeps it in step with the View menu and the Model page
    outer.insertWidget(0, switch)
    return switch, add_markers(page)


def advanced_controls(page: TrainPanel) -> list[QWidget]:
    """The controls Simple hides."""
    return [
        page.threads_box, page.precision_box, page.max_steps_box, page.batch_box, page.accumulate_box,
        page.lr_box, page.warmup_box, page.seed_box,
    ]  # fmt: skip


def show_simple(page: TrainPanel, simple: bool) -> None:
    """Hide (simple) or show the advanced controls' rows; what to train, the device, how long and the buttons stay."""
    page.level_switch.set_simple(simple)
    for field in (page.threads_box, page.precision_box, page.max_steps_box):
        row = row_of(field)
        form = row.parentWidget().layout() if row.parentWidget() is not None else None
        if isinstance(form, QFormLayout):
            form.setRowVisible(row, not simple)
    learn = row_of(page.batch_box).parentWidget()
    if learn is not None:
        learn.setVisible(not simple)

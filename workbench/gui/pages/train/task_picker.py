"""What to train: classify the labels, pre-train on text (masked words), or fine-tune a pre-trained run, each with
the few options it has. The Train page shows it at the top; only the chosen task's options are visible."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import TrainConfig, field_spec
from workbench.core.runs.summary import RunRow
from workbench.gui.pages.train.pretrained_picker import PretrainedPicker
from workbench.gui.widgets.field_spin import apply_spec

TASKS = ("classify", "mlm", "finetune")
_CHOOSE = "__choose__"  # the text box's last entry: pick a plain-text file
TEXT_FILTERS = QT_TRANSLATE_NOOP("TaskPicker", "Plain text (*.txt *.text *.md);;All files (*)")
DESCRIPTIONS = {
    "classify": QT_TRANSLATE_NOOP("TaskPicker", "Learn the labels: the model learns to predict each text's label."),
    "mlm": QT_TRANSLATE_NOOP(
        "TaskPicker",
        "Learn the language first by filling in masked words (15 % of them); labels are ignored. Fine-tune "
        "the result on the labels afterwards.",
    ),
    "finetune": QT_TRANSLATE_NOOP(
        "TaskPicker",
        "Learn the labels starting from a pre-trained run: its encoder and tokenizer are kept and a new "
        "classifier is trained on top.",
    ),
}


class TaskPicker(QGroupBox):
    """The task radio buttons and the chosen task's options. task() is classify, mlm or finetune."""

    taskChanged = Signal(str)
    pretrainedChanged = Signal(object)  # the chosen pre-trained run folder (str) or None
    scratchRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("What to train"), parent)
        self._text_index = 0
        self._build()
        self._show_options()

    def _build(self) -> None:
        # One row of choices and a line saying what the chosen one does: the page stays short enough for the
        # Start button to show on a small screen.
        self.classify_radio = QRadioButton(self.tr("Classif&y"))
        self.pretrain_radio = QRadioButton(self.tr("P&re-train"))
        self.finetune_radio = QRadioButton(self.tr("Fi&ne-tune a pre-trained run"))
        self.group = QButtonGroup(self)
        choices = QHBoxLayout()
        for i, radio in enumerate((self.classify_radio, self.pretrain_radio, self.finetune_radio)):
            radio.setToolTip(self.tr(DESCRIPTIONS[TASKS[i]]))
            self.group.addButton(radio, i)
            choices.addWidget(radio)
        choices.addStretch(1)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.classify_radio.setChecked(True)
        self.group.idToggled.connect(self._on_toggled)

        # ---- pre-training: which text
        self.text_box = QComboBox()
        self.text_box.addItem(self.tr("The Data page's texts (labels ignored)"), None)
        self.text_box.addItem(self.tr("Choose a plain-text file…"), _CHOOSE)
        self.text_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.text_box.setMinimumContentsLength(24)
        self.text_box.setToolTip(
            self.tr(
                "The text to pre-train on: the Data page's texts (their labels are not used), or a plain-text file "
                "(one passage per line, or a whole book: short lines are joined into passages)."
            )
        )
        self.text_box.activated.connect(self._on_text_activated)
        self.pretrain_options = QWidget()
        pf = QFormLayout(self.pretrain_options)
        pf.setContentsMargins(0, 0, 0, 0)
        self.text_label = QLabel(self.tr("S&ource text:"))
        self.text_label.setBuddy(self.text_box)
        pf.addRow(self.text_label, self.text_box)

        # ---- fine-tuning: from which run, how
        self.pretrained_box = PretrainedPicker()
        self.pretrained_box.pathChanged.connect(self.pretrainedChanged)
        self.freeze_box = QSpinBox()
        apply_spec(self.freeze_box, field_spec(TrainConfig, "freeze_steps"))
        self.freeze_box.setSuffix(self.tr(" steps"))
        self.freeze_box.setSpecialValueText(self.tr("no freezing"))
        self.freeze_box.setToolTip(
            self.tr(
                "Train only the new classifier for this many steps, with the pre-trained encoder held still, so the "
                "untrained head cannot disturb what pre-training learnt. 0 = train everything from the start."
            )
        )
        self.encoder_lr_box = QDoubleSpinBox()
        apply_spec(self.encoder_lr_box, field_spec(TrainConfig, "encoder_lr_scale"))
        self.encoder_lr_box.setValue(TrainConfig().encoder_lr_scale)
        self.encoder_lr_box.setPrefix("× ")
        self.encoder_lr_box.setToolTip(
            self.tr(
                "The encoder's learning rate as a share of the learning rate below (the new classifier gets all of "
                "it). "
                "Below 1 (e.g. 0.3) changes the pre-trained encoder more gently; 0 keeps it fixed."
            )
        )
        self.scratch_check = QCheckBox(self.tr("Then train it from scratch too"))
        self.scratch_check.setToolTip(
            self.tr(
                "When this fine-tuning ends, train the same classification with the same settings, steps and seed but "
                "no pre-trained start; the two curves are drawn together."
            )
        )
        self.scratch_button = QPushButton(self.tr("Train fro&m scratch beside it"))
        self.scratch_button.clicked.connect(self.scratchRequested)
        self.set_scratch_available(False)
        self.finetune_options = QWidget()
        ff = QFormLayout(self.finetune_options)
        ff.setContentsMargins(0, 0, 0, 0)
        rows = (
            (self.tr("Start fr&om:"), self.pretrained_box),
            (self.tr("Free&ze encoder for:"), self.freeze_box),
            (self.tr("Encoder learning rate:"), self.encoder_lr_box),
        )
        for text, field in rows:
            label = QLabel(text)
            label.setBuddy(field)
            ff.addRow(label, field)
        scratch_row = QHBoxLayout()
        scratch_row.addWidget(self.scratch_check)
        scratch_row.addWidget(self.scratch_button)
        scratch_row.addStretch(1)
        ff.addRow(scratch_row)

        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.description)
        layout.addWidget(self.pretrain_options)
        layout.addWidget(self.finetune_options)

    # --- the task -------------------------------------------------------------------------------------
    def task(self) -> str:
        return TASKS[max(0, self.group.checkedId())]

    def set_task(self, task: str) -> None:
        self.group.button(TASKS.index(task) if task in TASKS else 0).setChecked(True)

    def _on_toggled(self, _id: int, checked: bool) -> None:
        if checked:
            self._show_options()
            self.taskChanged.emit(self.task())

    def _show_options(self) -> None:
        task = self.task()
        self.description.setText(self.tr(DESCRIPTIONS[task]))
        self.pretrain_options.setVisible(task == "mlm")
        self.finetune_options.setVisible(task == "finetune")

    # --- pre-training text ----------------------------------------------------------------------------
    def text_file(self) -> str | None:
        """The plain-text file to pre-train on; None: the Data page's texts."""
        data = self.text_box.currentData()
        return None if data in (None, _CHOOSE) else str(data)

    def set_text_file(self, path: str | None) -> None:
        """Pre-train on this file (added to the list), or on the Data page's texts (None)."""
        if path is None:
            self.text_box.setCurrentIndex(0)
        else:
            index = self.text_box.findData(str(path))
            if index < 0:
                index = self.text_box.count() - 1  # just above "Choose…"
                self.text_box.insertItem(index, Path(path).name, str(path))
                self.text_box.setItemData(index, str(path), Qt.ItemDataRole.ToolTipRole)
            self.text_box.setCurrentIndex(index)
        self._text_index = self.text_box.currentIndex()

    def set_data_title(self, title: str) -> None:
        """Name the Data page's current data in the first entry."""
        what = self.tr("Data page: {title}").format(title=title) if title else self.tr("The Data page's texts")
        self.text_box.setItemText(0, self.tr("{what} · labels ignored").format(what=what))

    def _on_text_activated(self, index: int) -> None:
        if self.text_box.itemData(index) != _CHOOSE:
            self._text_index = index
            return
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a text to pre-train on"), "", self.tr(TEXT_FILTERS))
        if path:
            self.set_text_file(path)
        else:  # cancelled: keep the previous choice
            self.text_box.setCurrentIndex(self._text_index)

    # --- fine-tuning ----------------------------------------------------------------------------------
    def set_pretrained_runs(self, rows: list[RunRow]) -> None:
        self.pretrained_box.set_runs(rows)

    def pretrained_path(self) -> str | None:
        return self.pretrained_box.path()

    def select_pretrained(self, path: str) -> bool:
        return self.pretrained_box.select(path)

    def set_scratch_available(self, available: bool, why: str = "") -> None:
        """The button trains the last fine-tuning run's classification from scratch; `why` says why it can't."""
        self.scratch_button.setEnabled(available)
        self.scratch_button.setToolTip(
            self.tr(
                "Train the same classification with the same settings, steps and seed as the last fine-tuning run, "
                "but without the pre-trained start, and draw both curves together."
            )
            if available
            else why or self.tr("Fine-tune a pre-trained run first; then this trains the same from scratch to compare.")
        )

"""The Data page's "Data" box: a built-in data set or a file (open, recent), the text and label columns, a busy
line while a file is read, and a one-line summary of what will be used. It only shows; the Data page decides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
)
from superqt import QElidingLabel

from workbench.gui.widgets.language.noop import QT_TRANSLATE_NOOP

TEXT_TIP = QT_TRANSLATE_NOOP("SourcePicker", "The column that holds the text the model reads")
LABEL_TIP = QT_TRANSLATE_NOOP(
    "SourcePicker", "The column that holds the class to predict (at least two different values)"
)
BUILT_IN_TIP = QT_TRANSLATE_NOOP("SourcePicker", "Built-in data has fixed columns")


class SourcePicker(QGroupBox):
    """Where the data comes from. `demos` is {name: description} of the built-in data sets."""

    def __init__(self, demos: dict[str, str], parent: Any = None) -> None:
        super().__init__(self.tr("Data"), parent)
        self.demo_combo = QComboBox()
        for name, description in demos.items():
            self.demo_combo.addItem(f"{name.capitalize()} — {description}", name)
            self.demo_combo.setItemData(self.demo_combo.count() - 1, description, Qt.ItemDataRole.ToolTipRole)
        self.demo_combo.setPlaceholderText(
            self.tr("— a file is loaded —") if demos else self.tr("none in this installation")
        )
        self.demo_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.demo_combo.setMinimumContentsLength(16)
        self.demo_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.demo_combo.setToolTip(
            self.tr("Ready-made example data sets that need no file: pick one to start training at once")
        )
        self.demo_combo.setEnabled(bool(demos))
        demo_label = QLabel(self.tr("&Built-in data:"))
        demo_label.setBuddy(self.demo_combo)

        self.open_button = QPushButton(self.tr("&Open file…"))
        self.open_button.setToolTip(
            self.tr(
                "Load your own data: a CSV, TSV, JSON Lines, Parquet or plain text file with one text per row "
                "and a label column (you can also drop a file on the window)"
            )
        )
        self.recent_button = QToolButton()
        self.recent_button.setText(self.tr("&Recent"))
        self.recent_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.recent_button.setToolTip(self.tr("Files you opened before (the last 8)"))
        self.recent_menu = QMenu(self.recent_button)
        self.recent_button.setMenu(self.recent_menu)

        self.text_combo = QComboBox()
        self.text_combo.setProperty("showsData", True)  # column names: data, not words to translate
        self.text_combo.setToolTip(self.tr(TEXT_TIP))
        self.label_combo = QComboBox()
        self.label_combo.setProperty("showsData", True)  # column names: data, not words to translate
        self.label_combo.setToolTip(self.tr(LABEL_TIP))
        for combo in (self.text_combo, self.label_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        text_label = QLabel(self.tr("&Text column:"))
        text_label.setBuddy(self.text_combo)
        label_label = QLabel(self.tr("&Label column:"))
        label_label.setBuddy(self.label_combo)

        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # indeterminate: reading has no known length
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumWidth(120)
        self.busy_bar.setMaximumHeight(self.fontMetrics().height())
        self.busy_label = QLabel()
        self.busy_bar.hide()
        self.busy_label.hide()

        self.source_label = QElidingLabel()
        self.source_label.setElideMode(Qt.TextElideMode.ElideMiddle)
        self.source_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.summary_label = QLabel()
        font = self.summary_label.font()
        font.setBold(True)
        self.summary_label.setFont(font)
        self.summary_label.setToolTip(self.tr("What will be used for training and for measuring accuracy"))
        self.summary_label.setWordWrap(True)

        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.addWidget(demo_label, 0, 0)
        pick = QHBoxLayout()
        pick.addWidget(self.demo_combo, 1)
        or_label = QLabel(self.tr("or"))
        or_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        pick.addWidget(or_label)
        pick.addWidget(self.open_button)
        pick.addWidget(self.recent_button)
        grid.addLayout(pick, 0, 1, 1, 3)
        grid.addWidget(text_label, 1, 0)
        grid.addWidget(self.text_combo, 1, 1)
        grid.addWidget(label_label, 1, 2)
        grid.addWidget(self.label_combo, 1, 3)
        busy = QHBoxLayout()
        busy.addWidget(self.busy_bar)
        busy.addWidget(self.busy_label, 1)
        grid.addLayout(busy, 2, 0, 1, 4)
        grid.addWidget(self.source_label, 3, 0, 1, 4)
        grid.addWidget(self.summary_label, 4, 0, 1, 4)

    def show_demo(self, source: str) -> None:
        """Select the built-in data set in use ("demo:NAME"), or nothing when a file is in use."""
        self.demo_combo.blockSignals(True)
        index = self.demo_combo.findData(source.removeprefix("demo:")) if source.startswith("demo:") else -1
        self.demo_combo.setCurrentIndex(index)
        self.demo_combo.blockSignals(False)

    def show_columns(self, columns: list[str], text: str | None, label: str | None, *, enabled: bool) -> None:
        """A file's columns with the chosen ones selected; built-in data ([] columns) shows fixed, disabled ones."""
        for combo, chosen, fixed in ((self.text_combo, text, "text"), (self.label_combo, label, "label")):
            combo.blockSignals(True)
            combo.clear()
            if columns:
                combo.addItems(columns)
                combo.setCurrentIndex(max(0, combo.findText(chosen or "")))
                combo.setEnabled(enabled)
            else:
                combo.addItem(fixed)
                combo.setEnabled(False)
            combo.blockSignals(False)
        self.text_combo.setToolTip(self.tr(TEXT_TIP if columns else BUILT_IN_TIP))
        self.label_combo.setToolTip(self.tr(LABEL_TIP if columns else BUILT_IN_TIP))

    def show_reading(self, path: str | None, *, columns: bool) -> None:
        """The busy line while `path` is read (None: done); the column pickers wait meanwhile."""
        busy = path is not None
        self.busy_bar.setVisible(busy)
        self.busy_label.setVisible(busy)
        self.busy_label.setText(self.tr("Reading {name}…").format(name=Path(path).name) if path else "")
        self.text_combo.setEnabled(not busy and columns)
        self.label_combo.setEnabled(not busy and columns)

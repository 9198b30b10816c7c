"""The "Simple / All settings" switch shown at the top of the Model and Train pages: Simple hides the advanced
controls (they keep their values, and runs use them), All shows every one. The window keeps the pages and the
View menu in step and remembers the choice."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QWidget


class SettingsLevelSwitch(QWidget):
    """Two radio buttons, Simple and All settings; `simpleChanged(bool)` when the person picks one."""

    simpleChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self.tr("Settings:"))
        self.simple_button = QRadioButton(self.tr("Simple"))
        self.simple_button.setToolTip(self.tr("Show only what a first run needs; the other settings keep their values"))
        self.all_button = QRadioButton(self.tr("All settings"))
        self.all_button.setToolTip(self.tr("Show every setting, each with a ? that explains it"))
        self.group = QButtonGroup(self)
        self.group.addButton(self.simple_button)
        self.group.addButton(self.all_button)
        self.all_button.setChecked(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.simple_button)
        row.addWidget(self.all_button)
        row.addStretch(1)
        self.simple_button.toggled.connect(self.simpleChanged)

    def is_simple(self) -> bool:
        return self.simple_button.isChecked()

    def set_simple(self, simple: bool) -> None:
        """Show the level without announcing it (the window sets every switch from one place)."""
        button = self.simple_button if simple else self.all_button
        if not button.isChecked():
            self.blockSignals(True)
            button.setChecked(True)
            self.blockSignals(False)

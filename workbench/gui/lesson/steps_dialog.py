"""Edit a lesson's steps: change a caption (double-click or F2), move a step up or down (or drag it), delete one.
Nothing changes until OK."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.lessons import LessonStep

_STEP = Qt.ItemDataRole.UserRole


class StepsDialog(QDialog):
    """steps() gives the edited list once accepted."""

    def __init__(self, steps: list[LessonStep], current: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Lesson steps"))
        self._original = list(steps)
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setAccessibleName(self.tr("Lesson steps"))
        for i, step in enumerate(steps):
            item = QListWidgetItem(step.caption)
            item.setData(_STEP, i)
            item.setToolTip(self.tr("Page: {page}").format(page=step.view.page))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.list.addItem(item)
        self.list.setCurrentRow(min(max(current, 0), len(steps) - 1) if steps else -1)
        self.up_button = QPushButton(self.tr("Move &up"))
        self.down_button = QPushButton(self.tr("Move &down"))
        self.delete_button = QPushButton(self.tr("&Delete"))
        self.up_button.clicked.connect(lambda: self.move_step(-1))
        self.down_button.clicked.connect(lambda: self.move_step(1))
        self.delete_button.clicked.connect(self.delete)
        side = QVBoxLayout()
        for b in (self.up_button, self.down_button, self.delete_button):
            side.addWidget(b)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        hint = QLabel(self.tr("Double-click a caption to change it; drag a step or use the buttons to reorder."))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(row, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def move_step(self, delta: int) -> None:
        """Moves the selected step up (-1) or down (1). (Not `move`: that is QWidget's, placing the dialog.)"""
        row = self.list.currentRow()
        to = row + delta
        if row < 0 or not 0 <= to < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(to, item)
        self.list.setCurrentRow(to)

    def delete(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)

    def set_caption(self, row: int, caption: str) -> None:
        self.list.item(row).setText(caption)

    def steps(self) -> list[LessonStep]:
        out = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            out.append(replace(self._original[int(item.data(_STEP))], caption=item.text()))
        return out

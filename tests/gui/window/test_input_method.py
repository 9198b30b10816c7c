"""Every text box of the window takes text committed by an input method (Chinese typed with pinyin)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit

from workbench.gui.window.page import Page


def test_every_text_box_takes_committed_chinese(window, qtbot) -> None:
    boxes = []
    for page in Page:
        window.show_page(page)
        QApplication.processEvents()
        for box in (
            window.findChildren(QLineEdit) + window.findChildren(QPlainTextEdit) + window.findChildren(QTextEdit)
        ):
            parent = box.parentWidget()
            numeric = isinstance(box, QLineEdit) and box.validator() is not None  # e.g. a slider's value box
            if isinstance(parent, (QAbstractSpinBox, QComboBox)) or numeric or box.isReadOnly():
                continue  # numbers and choices, not text
            if not box.isVisibleTo(window):
                continue
            if box not in boxes:
                boxes.append(box)
    assert len(boxes) >= 2  # at least the Data page's "Try" box and the Inspect sentence box
    for box in boxes:
        assert box.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled), type(box).__name__
        box.setFocus()
        event = QInputMethodEvent()
        event.setCommitString("中文")
        QApplication.sendEvent(box, event)
        text = box.text() if isinstance(box, QLineEdit) else box.toPlainText()
        assert "中文" in text, type(box).__name__

"""StableLabel: text that changes many times a second must not relayout the window, yet stays readable."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from workbench.gui.widgets.stable_label import StableLabel


class LayoutRequests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def _count_relayouts(qtbot, label: QWidget) -> int:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    layout.addWidget(label)
    layout.addWidget(QLabel("something else"))
    window.resize(400, 200)
    window.show()
    qtbot.waitExposed(window)
    label.setText("Step 0: starting")  # the first text may settle the size once
    QApplication.processEvents()
    requests = LayoutRequests()
    window.installEventFilter(requests)
    for i in range(30):
        label.setText(f"Step {i:,}: loss {1 / (i + 1):.4f}")
        QApplication.processEvents()  # deliver the layout requests posted so far
    window.removeEventFilter(requests)
    return requests.count


def test_changing_text_does_not_relayout_the_window(qtbot) -> None:
    assert _count_relayouts(qtbot, QLabel()) > 0  # what a plain QLabel does, so the check below means something
    assert _count_relayouts(qtbot, StableLabel(lines=2)) == 0


def test_a_longer_text_gets_the_room_it_needs(qtbot) -> None:
    label = StableLabel(lines=1)
    qtbot.addWidget(label)
    label.resize(200, label.height())
    label.show()
    one_line = label.height()
    label.setText(" ".join(["words"] * 60))
    assert label.height() > one_line * 2 and label.text().startswith("words")
    label.setText("short")
    assert label.height() == one_line


def test_margins_in_either_of_qwidgets_forms_reach_the_text_and_its_height(qtbot) -> None:
    label = StableLabel("text", lines=1)
    qtbot.addWidget(label)
    bare = label.height()
    label.setContentsMargins(QMargins(1, 5, 2, 7))  # the QMargins form (a TypeError before)
    assert label.label.contentsMargins() == QMargins(1, 5, 2, 7) and label.height() == bare + 12
    label.setContentsMargins(3, 0, 4, 1)
    assert label.label.contentsMargins() == QMargins(3, 0, 4, 1) and label.height() == bare + 1

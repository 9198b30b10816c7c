"""The wheel scrolls the page over a combo or spin box that does not have focus, and changes it once it has."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QScrollArea, QSpinBox, QVBoxLayout, QWidget

from workbench.gui.widgets import wheel_guard


def _wheel(widget: QWidget, notches: int = -1) -> None:
    """A real wheel event at the widget's centre, through the window system as a mouse wheel sends it (only such
    spontaneous events travel on to the parent when a widget ignores them)."""
    top = widget.window()
    pos = QPointF(widget.mapTo(top, widget.rect().center()))
    QTest.wheelEvent(top.windowHandle(), pos, QPoint(0, 120 * notches))
    QApplication.processEvents()


def _page(qtbot) -> tuple[QScrollArea, QComboBox, QSpinBox]:
    inner = QWidget()
    layout = QVBoxLayout(inner)
    for _ in range(20):
        layout.addWidget(QSpinBox())
    combo = QComboBox()
    combo.addItems(["WordPiece", "Characters", "Bytes"])
    spin = QSpinBox()
    spin.setRange(1, 12)
    spin.setValue(4)
    layout.addWidget(combo)
    layout.addWidget(spin)
    for _ in range(20):
        layout.addWidget(QSpinBox())
    area = QScrollArea()
    area.setWidget(inner)
    area.setWidgetResizable(True)
    area.resize(300, 200)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    area.ensureWidgetVisible(combo)
    return area, combo, spin


def test_wheel_over_unfocused_combo_and_spin_scrolls_the_page(qtbot, qapp) -> None:
    wheel_guard.install(qapp)
    area, combo, spin = _page(qtbot)
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus
    before = bar.value()
    _wheel(combo)  # wheel down
    assert combo.currentIndex() == 0
    assert not combo.hasFocus()
    assert bar.value() > before
    area.ensureWidgetVisible(spin)
    before = bar.value()
    _wheel(spin)
    assert spin.value() == 4
    assert bar.value() > before


def test_wheel_changes_a_control_that_has_focus(qtbot, qapp) -> None:
    wheel_guard.install(qapp)
    _area, combo, spin = _page(qtbot)
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    _wheel(spin, notches=1)  # wheel up: one step more
    assert spin.value() == 5
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    _wheel(combo, notches=-1)
    assert combo.currentIndex() == 1


def test_install_is_once_per_app(qapp) -> None:
    assert wheel_guard.install(qapp) is wheel_guard.install(qapp)

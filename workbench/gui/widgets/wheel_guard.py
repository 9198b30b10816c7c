"""The mouse wheel scrolls the page: a combo box, spin box or slider that merely passes under the pointer keeps
its value (scrolling a long page once switched the tokenizer and changed the layer count). Click or Tab into the
control first, and the wheel changes it as usual.

One filter on the application does it for every such widget, present and future: when a widget is polished it
stops taking focus from the wheel, and a wheel event reaching it without focus is passed on to its parent (the
scroll area), as if the control were not there.
"""

from __future__ import annotations

from typing import TypeGuard

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QApplication, QComboBox, QScrollBar, QWidget

GUARDED = (QAbstractSpinBox, QComboBox, QAbstractSlider)


def _guarded(obj: QObject) -> TypeGuard[QWidget]:
    return isinstance(obj, GUARDED) and not isinstance(obj, QScrollBar)


class WheelGuard(QObject):
    """Application event filter: see the module's doc."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and _guarded(watched):
            if watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel alone never focuses it
        elif kind == QEvent.Type.Wheel and _guarded(watched) and not watched.hasFocus():
            # Not delivered to the control, and not accepted: Qt hands the event on to the parent widget.
            event.ignore()
            return True
        return False


_GUARDS: dict[int, WheelGuard] = {}


def install(app: QApplication) -> WheelGuard:
    """Install the guard on `app` once (later calls return the same guard)."""
    guard = _GUARDS.get(id(app))
    if guard is None:
        guard = _GUARDS[id(app)] = WheelGuard(app)
        app.installEventFilter(guard)
        for widget in app.allWidgets():  # made before the guard: polished already
            if _guarded(widget) and widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return guard

"""A small "?" beside a control that explains it in one plain sentence: on hover (tooltip), and on a click, Enter
or Space (a bubble that stays until the next click or Esc), so it works without a mouse and on a projector.

`explain(field, text)` puts a marker beside a control already in a layout (the control keeps its place, its
label buddy and its value); screen readers get the sentence as the control's accessible description too.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLayout, QToolButton, QVBoxLayout, QWidget

MARKER_PROPERTY = "_workbench_info_marker"  # on a control: its InfoMarker


class ExplanationBubble(QFrame):
    """The sentence in a popup under the marker; a click anywhere or Esc closes it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.Box)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setAutoFillBackground(True)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.label)

    def show_text(self, text: str, below: QWidget) -> None:
        self.label.setText(text)
        self.setFont(below.font())
        self.label.setFont(below.font())
        width = self.fontMetrics().averageCharWidth() * 48
        self.label.setFixedWidth(width)
        self.adjustSize()
        at = below.mapToGlobal(QPoint(0, below.height() + 2))
        screen = below.screen()
        if screen is not None:  # keep the whole bubble on the screen
            room = screen.availableGeometry()
            at.setX(max(room.left(), min(at.x(), room.right() - self.width())))
            if at.y() + self.height() > room.bottom():
                at.setY(below.mapToGlobal(QPoint(0, 0)).y() - self.height() - 2)
        self.move(at)
        self.show()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.close()
            return
        super().keyPressEvent(event)


class InfoMarker(QToolButton):
    """A round "?" that says what its control means (hover, click, Enter or Space)."""

    def __init__(self, text: str, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = text
        self.bubble: ExplanationBubble | None = None
        self.setText("?")
        self.setAutoRaise(True)
        bold = self.font()
        bold.setBold(True)  # weight only: its size still follows zoom and presenter mode
        self.setFont(bold)
        self.setCursor(Qt.CursorShape.WhatsThisCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(text)
        title = name or QCoreApplication.translate("InfoMarker", "this setting")
        self.setAccessibleName(QCoreApplication.translate("InfoMarker", "What is {name}?").format(name=title))
        self.setAccessibleDescription(text)
        self.clicked.connect(self.show_explanation)

    def text_shown(self) -> str:
        """The sentence it explains."""
        return self._text

    def show_explanation(self) -> None:
        if self.bubble is None:
            self.bubble = ExplanationBubble(self)
        self.bubble.show_text(self._text, self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.show_explanation()
            return
        super().keyPressEvent(event)  # Space clicks a tool button already


def explain(field: QWidget, text: str, name: str = "") -> InfoMarker:
    """Put an InfoMarker saying `text` beside `field`, which must already be in a layout; returns the marker.

    The field moves into a small row (field, marker) that takes its place in the layout, so a form row keeps its
    label; `row_of(field)` is that row (hide it to hide both)."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(4)
    layout = _layout_holding(field)
    if layout is None:
        raise ValueError("explain() needs a control that is already in a layout")
    layout.replaceWidget(field, holder)
    marker = InfoMarker(text, name)
    row.addWidget(field, 1)
    row.addWidget(marker, 0)
    field.setProperty(MARKER_PROPERTY, marker)
    if not field.accessibleDescription():
        field.setAccessibleDescription(text)
    return marker


def marker_of(field: QWidget) -> InfoMarker | None:
    """The marker `explain` put beside `field`, if any."""
    marker = field.property(MARKER_PROPERTY)
    return marker if isinstance(marker, InfoMarker) else None


def row_of(field: QWidget) -> QWidget:
    """The widget that holds `field` and its marker (the field itself when it has none)."""
    parent = field.parentWidget()
    return parent if marker_of(field) is not None and parent is not None else field


def _layout_holding(field: QWidget) -> QLayout | None:
    parent = field.parentWidget()
    layout = parent.layout() if parent is not None else None
    if layout is not None:
        return _search(layout, field)
    return None


def _search(layout: QLayout, field: QWidget) -> QLayout | None:
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        if item.widget() is field:
            return layout
        inner = item.layout()
        if inner is not None:
            found = _search(inner, field)
            if found is not None:
                return found
    return None

"""A see-through layer over the whole window that dims everything but one widget, rings that widget in the accent
colour and draws an arrow to it from a card (the guided tour's). Clicks and keys pass straight through it."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

RING_PX = 4  # the ring's width: seen from the back of a classroom
DIM_ALPHA = 80  # how dark the rest of the window gets (of 255)


class Spotlight(QWidget):
    """Covers its parent; `show_at(hole, card)` rings `hole` (parent coordinates) and points from `card` to it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._hole = QRect()
        self._card = QRect()

    def hole(self) -> QRect:
        """The ringed rectangle, in the parent's coordinates (empty: nothing ringed)."""
        return QRect(self._hole)

    def show_at(self, hole: QRect, card: QRect) -> None:
        parent = self.parentWidget()
        if parent is not None and self.geometry() != parent.rect():
            self.setGeometry(parent.rect())
        if hole != self._hole or card != self._card:
            self._hole, self._card = QRect(hole), QRect(card)
            self.update()
        self.raise_()
        self.show()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ring = QRectF(self._hole).adjusted(-RING_PX, -RING_PX, RING_PX, RING_PX)
        ring = ring.intersected(QRectF(self.rect()).adjusted(RING_PX / 2, RING_PX / 2, -RING_PX / 2, -RING_PX / 2))
        outside = QPainterPath()
        outside.addRect(QRectF(self.rect()))
        inside = QPainterPath()
        inside.addRoundedRect(ring, 6, 6)
        painter.fillPath(outside.subtracted(inside), QColor(0, 0, 0, DIM_ALPHA))
        if self._hole.isEmpty():
            return
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        pen = QPen(accent, RING_PX)
        painter.setPen(pen)
        painter.drawRoundedRect(ring, 6, 6)
        self._arrow(painter, accent, ring)

    def _arrow(self, painter: QPainter, colour: QColor, ring: QRectF) -> None:
        """A line from the card's nearest edge to the ring's, with a head at the ring (none when they touch)."""
        card = QRectF(self._card)
        if card.isEmpty() or card.intersects(ring):
            return
        start = _edge_point(card, ring.center())
        end = _edge_point(ring, card.center())
        line = QLineF(start, end)
        if line.length() < 12:
            return
        painter.setPen(QPen(colour, RING_PX, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawLine(line)
        size = 6 * RING_PX
        back = QLineF(end, start)
        back.setLength(size)
        left, right = QLineF(back), QLineF(back)
        left.setAngle(back.angle() + 25)
        right.setAngle(back.angle() - 25)
        painter.setBrush(colour)
        painter.drawPolygon(QPolygonF([end, left.p2(), right.p2()]))


def _edge_point(rect: QRectF, towards: QPointF) -> QPointF:
    """Where the line from `rect`'s centre to `towards` leaves `rect`."""
    c = rect.center()
    dx, dy = towards.x() - c.x(), towards.y() - c.y()
    if dx == 0 and dy == 0:
        return c
    sx = (rect.width() / 2) / abs(dx) if dx else float("inf")
    sy = (rect.height() / 2) / abs(dy) if dy else float("inf")
    s = min(sx, sy, 1.0)
    return QPointF(c.x() + dx * s, c.y() + dy * s)

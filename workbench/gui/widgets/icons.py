"""Small line icons drawn with QPainter in the palette's own colours, so they read in light and dark themes alike.

The style's standard media icons are dark grey bitmaps that vanish on a dark palette; these are redrawn whenever
the palette changes (call `icon()` again from a PaletteChange handler).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap, QPolygonF

from workbench.gui.widgets import theme

_SIZES = (16, 20, 24, 32, 48)
KINDS = ("play", "pause", "stop", "open", "data", "model", "train", "inspect", "evaluate", "runs")
# Icons that carry a meaning beyond their shape get a message colour (start = go, stop = halt).
_ACCENTS = {"play": "ok", "stop": "error"}


def _play(p: QPainter, s: float) -> None:
    p.drawPolygon(QPolygonF([QPointF(s * 0.28, s * 0.18), QPointF(s * 0.82, s * 0.5), QPointF(s * 0.28, s * 0.82)]))


def _pause(p: QPainter, s: float) -> None:
    for x in (0.24, 0.58):
        p.drawRoundedRect(QRectF(s * x, s * 0.18, s * 0.18, s * 0.64), s * 0.04, s * 0.04)


def _stop(p: QPainter, s: float) -> None:
    p.drawRoundedRect(QRectF(s * 0.22, s * 0.22, s * 0.56, s * 0.56), s * 0.08, s * 0.08)


def _open(p: QPainter, s: float) -> None:
    path = QPainterPath()
    path.moveTo(s * 0.1, s * 0.26)
    path.lineTo(s * 0.38, s * 0.26)
    path.lineTo(s * 0.46, s * 0.36)
    path.lineTo(s * 0.9, s * 0.36)
    path.lineTo(s * 0.9, s * 0.8)
    path.lineTo(s * 0.1, s * 0.8)
    path.closeSubpath()
    _outline(p, s)
    p.drawPath(path)


def _data(p: QPainter, s: float) -> None:
    _outline(p, s)
    p.drawRoundedRect(QRectF(s * 0.12, s * 0.18, s * 0.76, s * 0.64), s * 0.06, s * 0.06)
    for y in (0.39, 0.6):
        p.drawLine(QPointF(s * 0.12, s * y), QPointF(s * 0.88, s * y))
    p.drawLine(QPointF(s * 0.36, s * 0.18), QPointF(s * 0.36, s * 0.82))


def _model(p: QPainter, s: float) -> None:
    _outline(p, s)
    for y in (0.14, 0.41, 0.68):
        p.drawRoundedRect(QRectF(s * 0.16, s * y, s * 0.68, s * 0.18), s * 0.05, s * 0.05)


def _train(p: QPainter, s: float) -> None:
    _outline(p, s)
    p.drawPolyline(QPolygonF([QPointF(s * 0.14, s * 0.12), QPointF(s * 0.14, s * 0.86), QPointF(s * 0.9, s * 0.86)]))
    curve = QPainterPath()
    curve.moveTo(s * 0.24, s * 0.2)
    curve.cubicTo(s * 0.34, s * 0.62, s * 0.5, s * 0.7, s * 0.86, s * 0.72)
    p.drawPath(curve)


def _inspect(p: QPainter, s: float) -> None:
    """A 3x3 grid of cells, the diagonal filled: an attention map."""
    colour = _brush_colour(p)
    _outline(p, s)
    p.drawRoundedRect(QRectF(s * 0.12, s * 0.12, s * 0.76, s * 0.76), s * 0.06, s * 0.06)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    cell = s * 0.76 / 3
    for i in range(3):
        p.drawRect(QRectF(s * 0.12 + i * cell, s * 0.12 + i * cell, cell, cell))


def _evaluate(p: QPainter, s: float) -> None:
    """A tick in a box: how well the model does."""
    _outline(p, s)
    p.drawRoundedRect(QRectF(s * 0.12, s * 0.12, s * 0.76, s * 0.76), s * 0.06, s * 0.06)
    p.drawPolyline(QPolygonF([QPointF(s * 0.28, s * 0.52), QPointF(s * 0.44, s * 0.68), QPointF(s * 0.74, s * 0.34)]))


def _runs(p: QPainter, s: float) -> None:
    colour = _brush_colour(p)
    _outline(p, s)
    for y in (0.25, 0.5, 0.75):
        p.drawLine(QPointF(s * 0.4, s * y), QPointF(s * 0.88, s * y))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    for y in (0.25, 0.5, 0.75):
        p.drawEllipse(QPointF(s * 0.2, s * y), s * 0.07, s * 0.07)


def _outline(p: QPainter, s: float) -> None:
    """Switch the painter from filled shapes to a line drawing in the same colour."""
    colour = _brush_colour(p)
    p.setPen(QPen(colour, max(1.2, s * 0.085), Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                  Qt.PenJoinStyle.RoundJoin))  # fmt: skip
    p.setBrush(Qt.BrushStyle.NoBrush)


def _brush_colour(p: QPainter) -> QColor:
    return QColor(p.brush().color()) if p.brush().style() != Qt.BrushStyle.NoBrush else QColor(p.pen().color())


_DRAW: dict[str, Callable[[QPainter, float], None]] = {
    "play": _play,
    "pause": _pause,
    "stop": _stop,
    "open": _open,
    "data": _data,
    "model": _model,
    "train": _train,
    "inspect": _inspect,
    "evaluate": _evaluate,
    "runs": _runs,
}


def pixmap(kind: str, size: int, colour: QColor, ratio: float = 1.0) -> QPixmap:
    """One icon image: `size` logical pixels square, drawn at the screen's pixel ratio."""
    pix = QPixmap(max(1, round(size * ratio)), max(1, round(size * ratio)))
    pix.setDevicePixelRatio(ratio)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(colour, 1))
    p.setBrush(colour)
    _DRAW[kind](p, float(size))
    p.end()
    return pix


def icon(kind: str, palette: QPalette | None = None) -> QIcon:
    """A QIcon for `kind` (see KINDS) in the palette's text colour; greyed when disabled, light when selected."""
    if kind not in _DRAW:
        raise ValueError(f"unknown icon {kind!r}; choose one of {', '.join(KINDS)}")
    pal = palette if palette is not None else QGuiApplication.palette()
    accent = _ACCENTS.get(kind)
    normal = QColor(theme.color(accent)) if accent else pal.color(QPalette.ColorRole.WindowText)
    colours = {
        QIcon.Mode.Normal: normal,
        QIcon.Mode.Active: normal,
        QIcon.Mode.Disabled: pal.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText),
        QIcon.Mode.Selected: pal.color(QPalette.ColorRole.HighlightedText),
    }
    screen = QGuiApplication.primaryScreen()
    ratio = screen.devicePixelRatio() if screen is not None else 1.0
    out = QIcon()
    for mode, colour in colours.items():
        for size in _SIZES:
            out.addPixmap(pixmap(kind, size, colour, ratio), mode, QIcon.State.Off)
    return out

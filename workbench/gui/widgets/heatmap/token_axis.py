"""A heatmap axis that labels every token it shows: never every other one.

When the labels do not fit across the cells they are turned on their side (the bottom axis), then drawn smaller,
down to a floor: the smallest readable size, or presenter mode's 24 px. When even the floor does not fit, the map
shows fewer tokens at once (`capacity` tells its owner how many fit; the owner limits the zoom and says how many
are out of view), rather than leaving a cell without its word.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, TypeVar

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QGuiApplication, QPainter, QStaticText, QTextLayout
from PySide6.QtWidgets import QLabel, QWidget

from workbench.gui.widgets import text_scale

K = TypeVar("K")
V = TypeVar("V")

LABEL_CHARS = 10  # longer tokens are shortened on the axis; the read-out and the table have them whole
MIN_LABEL_PX = 9  # the smallest label line height outside presenter mode (about a 6-point font)
MAX_LABELLED = 64  # up to this many tokens a map shows every one at once (more: the owner says how many are out)
_GAP = 1.0  # pixels between neighbouring labels


# Label sizes are asked for on every new sentence, several times per axis, at several font sizes: measuring a
# token once per font (by the font's key) keeps refitting cheap.
_MEASURED: dict[str, tuple[QFontMetricsF, dict[str, float]]] = {}
_FLOOR_FONTS: dict[tuple[str, int], QFont] = {}
_LADDERS: dict[tuple[str, str], list[tuple[QFont, float]]] = {}
_STATIC: dict[tuple[str, bool], dict[str, tuple[QStaticText, float]]] = {}


def _static_texts(font: QFont, turned: bool, texts: list[str]) -> list[tuple[QStaticText, float]]:
    """(QStaticText, line height) per text, kept per font and direction: Qt lays each one out once and reuses its
    glyphs while the painter's transformation stays the same (a turned axis keeps its own, prepared for the turned
    painter). The height is the text's own line's: taller than the font's when a fallback font draws part of it
    (CJK), and it is centred by that height, as QPainter.drawText centres it in a rectangle."""
    found: dict[str, tuple[QStaticText, float]] = _cached(_STATIC, (font.key(), turned), dict, 16)
    return _each(found, texts, lambda text: _static_text(text, font), 4096)


def _static_text(text: str, font: QFont) -> tuple[QStaticText, float]:
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)
    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(1e6)
    layout.endLayout()
    return static, line.ascent() + line.descent()  # height() is rounded up


def _measured(font: QFont) -> tuple[QFontMetricsF, dict[str, float]]:
    return _cached(_MEASURED, font.key(), lambda: (QFontMetricsF(font), {}), 64)


def _cached(cache: dict[K, V], key: K, make: Callable[[], V], most: int) -> V:
    """cache[key], made when missing; the cache is emptied when it holds more than `most` entries."""
    found = cache.get(key)
    if found is None:
        if len(cache) > most:
            cache.clear()
        found = cache[key] = make()
    return found


def text_widths(font: QFont, texts: list[str]) -> list[float]:
    """QFontMetricsF(font).horizontalAdvance of each text, remembered per font."""
    metrics, widths = _measured(font)
    return _each(widths, texts, metrics.horizontalAdvance, 8192)


def _each(found: dict[str, V], texts: list[str], make: Callable[[str], V], most: int) -> list[V]:
    """found[text] for each text, made when missing; emptied first when it holds more than `most`."""
    if len(found) > most:
        found.clear()
    out = []
    for text in texts:
        entry = found.get(text)
        if entry is None:
            entry = found[text] = make(text)
        out.append(entry)
    return out


def widest(font: QFont, texts: list[str]) -> float:
    """The largest of text_widths (0 for none)."""
    return max(text_widths(font, texts), default=0.0)


def line_height(font: QFont) -> float:
    """QFontMetricsF(font).height(), remembered."""
    return _measured(font)[0].height()


def _ladder(base: QFont, floor: QFont) -> list[tuple[QFont, float]]:
    """(font, line height) from `base` down in half points while above `floor`: the sizes fit() tries, made and
    measured once per pair of fonts."""
    key = (base.key(), floor.key())
    found = _LADDERS.get(key)
    if found is None:
        if len(_LADDERS) > 64:
            _LADDERS.clear()
        found = []
        font = QFont(base)
        while font.pointSizeF() > floor.pointSizeF():
            found.append((QFont(font), line_height(font)))
            font.setPointSizeF(max(floor.pointSizeF(), font.pointSizeF() - 0.5))
        _LADDERS[key] = found
    return found


def short(token: str, chars: int = LABEL_CHARS) -> str:
    return token if len(token) <= chars else token[: chars - 1] + "…"


def label_floor_px() -> int:
    """The smallest label line height allowed now: presenter mode's floor or the readable minimum."""
    return max(MIN_LABEL_PX, text_scale.min_px_now())


class TokenAxis(pg.AxisItem):  # type: ignore[misc]  # pyqtgraph has no type information
    """Token labels at the centres of the cells. `centre` is where token 0's cell centre lies in view
    coordinates (0.5 for cells drawn from 0 to n, 0.0 for cells centred on the integers)."""

    def __init__(self, orientation: str, *, centre: float = 0.5) -> None:
        self._tokens: list[str] = []  # before the base class: its constructor already resizes the axis
        self._centre = centre
        self._rotated = False
        self._label_font: QFont | None = None
        self._tokens_version = 0  # counts new token lists: part of what refit remembers it was fitted for
        self._fitted_for: tuple[Any, ...] | None = None
        self._ready = False
        super().__init__(orientation)
        # Token positions have no units: pyqtgraph's SI prefix would only rewrite the title on every range change
        # (and append "(x0.001)" to it when zoomed into the first cell).
        self.enableAutoSIPrefix(False)
        self._ready = True
        self.setStyle(tickLength=0, autoExpandTextSpace=False)

    # --- data ----------------------------------------------------------------------------------------------------
    def set_tokens(self, tokens: list[str]) -> None:
        labels = [short(t) for t in tokens]
        if labels != self._tokens:
            self._tokens = labels
            self._tokens_version += 1
        self.refit()

    def tokens(self) -> list[str]:
        return list(self._tokens)

    def base_font(self) -> QFont:
        font = self.style.get("tickFont")
        return QFont(font) if isinstance(font, QFont) else QFont(self.font())

    # --- fitting -------------------------------------------------------------------------------------------------
    def _vertical(self) -> bool:
        return self.orientation in ("left", "right")

    def _length_px(self) -> float:
        rect: QRectF = self.geometry()
        return rect.height() if self._vertical() else rect.width()

    def _visible(self) -> tuple[int, int]:
        """The first and last token whose cell centre is in view (hi < lo: none)."""
        lo_v, hi_v = sorted(float(v) for v in self.range)
        n = len(self._tokens)
        lo = max(0, math.ceil(lo_v - self._centre - 1e-6))
        hi = min(n - 1, math.floor(hi_v - self._centre + 1e-6))
        return lo, hi

    def _px_per_token(self) -> float:
        lo_v, hi_v = sorted(float(v) for v in self.range)
        return self._length_px() / max(1e-9, hi_v - lo_v)

    def _needed(self, font: QFont, rotated: bool, labels: list[str]) -> float:
        if self._vertical() or rotated:
            return line_height(font) + _GAP
        return widest(font, labels) + 3 * _GAP

    def floor_font(self) -> QFont:
        """The smallest font labels may shrink to: the axis font made smaller while a line stays at least
        label_floor_px() high (the axis font made bigger if even it is under the floor)."""
        floor = label_floor_px()
        base = self.base_font()
        key = (base.key(), floor)
        found = _FLOOR_FONTS.get(key)
        if found is not None:
            return QFont(found)
        font = base
        if line_height(font) < floor:
            font = text_scale.at_least(font, floor)
        else:
            while font.pointSizeF() > 1.0:
                smaller = QFont(font)
                smaller.setPointSizeF(font.pointSizeF() - 0.5)
                if line_height(smaller) < floor:
                    break
                font = smaller
        if len(_FLOOR_FONTS) > 64:
            _FLOOR_FONTS.clear()
        _FLOOR_FONTS[key] = QFont(font)
        return font

    def fit(self, per_token: float, labels: list[str] | None = None) -> tuple[QFont, bool, bool]:
        """(font, rotated, fits) for labels `per_token` pixels apart: the largest font up to the axis font, upright
        when it fits, else on its side; at the floor `fits` says whether even that is enough."""
        labels = self._tokens if labels is None else labels
        base = self.base_font()
        if self._needed(base, False, labels) <= per_token:
            return base, False, True
        rotated = not self._vertical()  # then every step down needs a line height per token, whatever the labels
        floor = self.floor_font()
        for font, height in _ladder(base, floor):
            if height + _GAP <= per_token:
                return QFont(font), rotated, True
        return floor, rotated, line_height(floor) + _GAP <= per_token

    def floor_step(self) -> float:
        """Pixels per token with labels at the floor size (side by side across a rotated or vertical axis)."""
        return line_height(self.floor_font()) + _GAP

    def capacity(self, length_px: float) -> int:
        """How many tokens can be labelled at once across `length_px` pixels, each at least at the floor size."""
        return max(1, int(length_px // self.floor_step()))

    def room_for(self, count: int) -> int:
        """Pixels along the axis that label `count` tokens at the floor size (at most MAX_LABELLED of them)."""
        return math.ceil(min(count, MAX_LABELLED) * self.floor_step())

    def refit(self) -> None:
        """Choose the font and direction for the tokens in view and make room for them across the axis."""
        if not self._ready:
            return
        label_space = self.label.boundingRect().height() if self.label.isVisible() else 0.0
        # The view's range, the axis's length, the fonts and the floor: refitting for the same ones again (a resize
        # or range signal that changed nothing, the same sentence drawn again) would only repeat the layout.
        inputs = (
            self._tokens_version,
            tuple(self.range),
            self._length_px(),
            self.base_font().key(),
            label_floor_px(),
            label_space,
        )
        if inputs == self._fitted_for:
            return
        self._fitted_for = inputs
        lo, hi = self._visible()
        shown = self._tokens[lo : hi + 1] if hi >= lo else []
        font, rotated, _ = self.fit(self._px_per_token(), shown) if shown else (self.base_font(), False, True)
        self._label_font, self._rotated = font, rotated
        longest = widest(font, self._tokens)
        if self._vertical():
            self.setWidth(math.ceil(longest + 3 * _GAP + label_space))
        else:
            across = longest if rotated else line_height(font)
            self.setHeight(math.ceil(across + 3 * _GAP + label_space))
        self.picture = None
        self.update()

    def label_font(self) -> QFont:
        """The font the labels are drawn in now (after refit)."""
        return QFont(self._label_font) if self._label_font is not None else self.base_font()

    def is_rotated(self) -> bool:
        return self._rotated

    def shown_labels(self) -> list[str]:
        """The labels drawn now: one per token in view, in order."""
        lo, hi = self._visible()
        return self._tokens[lo : hi + 1] if hi >= lo else []

    # --- pyqtgraph hooks -----------------------------------------------------------------------------------------
    def setStyle(self, **kwds: Any) -> None:
        super().setStyle(**kwds)
        if self._ready:  # a new tick font (presenter mode, zoom): the labels need another size and more room
            self.refit()

    def _updateLabel(self) -> None:
        super()._updateLabel()
        if self._ready:  # the title's font changed with the text size: its height is part of the room
            self.refit()

    def linkedViewChanged(self, view: Any = None, newRange: Any = None) -> None:
        super().linkedViewChanged(view, newRange)
        self.refit()

    def resizeEvent(self, ev: Any = None) -> None:
        super().resizeEvent(ev)
        self.refit()

    def paint(self, p: QPainter, *args: Any) -> None:
        """Every label in view, straight onto the painter (no QPicture to record and play back: a new sentence or
        a pan changes the labels anyway), as prepared QStaticTexts, the bottom axis's turned ones under one
        rotation of the painter."""
        p.save()
        try:
            self._draw(p)
        finally:
            p.restore()

    def _draw(self, p: QPainter) -> None:
        bounds = self.mapRectFromParent(self.geometry())
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.setPen(self.pen())
        if self.orientation == "left":
            p.drawLine(bounds.topRight(), bounds.bottomRight())
        else:
            p.drawLine(bounds.topLeft(), bounds.topRight())
        lo_v, hi_v = float(self.range[0]), float(self.range[1])
        dif = hi_v - lo_v
        lo, hi = self._visible()
        if dif == 0 or hi < lo:
            return
        font = self.label_font()
        labels = self._tokens[lo : hi + 1]
        widths = text_widths(font, labels)
        statics = _static_texts(font, self._rotated, labels)
        p.setFont(font)
        p.setPen(self.textPen())
        room = bounds.width() if self._vertical() else bounds.height() if self._rotated else math.inf
        if max(widths) > room - 2 * _GAP:  # not laid out for these labels yet: keep them inside the axis
            p.setClipRect(bounds)
        if self._vertical():  # right-aligned beside the cells; pyqtgraph's mapping may come reversed (inverted view)
            right = bounds.width() - 2 * _GAP
            scale = bounds.height() / dif
            for i, (width, (static, height)) in enumerate(zip(widths, statics, strict=True)):
                y = bounds.height() - (lo + i + self._centre - lo_v) * scale
                p.drawStaticText(QPointF(right - width, y - height / 2), static)
        elif self._rotated:  # top to bottom reads the word from the axis outwards, like a spreadsheet's header
            p.rotate(90)  # (x, y) on the axis is (y, -x) in the turned frame
            scale = bounds.width() / dif
            for i, (static, height) in enumerate(statics):
                x = (lo + i + self._centre - lo_v) * scale
                p.drawStaticText(QPointF(_GAP, -x - height / 2), static)
        else:
            scale = bounds.width() / dif
            for i, (width, (static, _)) in enumerate(zip(widths, statics, strict=True)):
                x = (lo + i + self._centre - lo_v) * scale
                p.drawStaticText(QPointF(x - width / 2, _GAP), static)


def out_of_view_text(rows: int, cols: int, fit_rows: int, fit_cols: int) -> str:
    """What to say when a map shows only part of its tokens at once (every shown one labelled)."""
    if fit_rows < rows and fit_cols < cols:
        return QCoreApplication.translate(
            "TokenAxis",
            "Out of view, so that every shown token has its label: {rows} of {total_rows} rows and {cols} of "
            "{total_cols} columns. Drag to see them.",
        ).format(rows=rows - fit_rows, total_rows=rows, cols=cols - fit_cols, total_cols=cols)
    if fit_rows < rows:
        return QCoreApplication.translate(
            "TokenAxis",
            "{hidden} of the {total} rows are out of view, so that every shown token has its label: drag to see them.",
        ).format(hidden=rows - fit_rows, total=rows)
    return QCoreApplication.translate(
        "TokenAxis",
        "{hidden} of the {total} columns are out of view, so that every shown token has its label: drag to see them.",
    ).format(hidden=cols - fit_cols, total=cols)


def tall_enough(view: QWidget, box: Any, left: TokenAxis, bottom: TokenAxis, rows: int, least: int) -> int:
    """A map view's minimum height: every row labelled at the floor size (up to MAX_LABELLED rows, and at most
    three quarters of the screen), plus what the view holds besides its cells (the bottom axis with its turned
    labels, the axis title, margins), and never under `least`. `box` is the view's ViewBox."""
    screen = QGuiApplication.primaryScreen()
    cap = int(screen.availableGeometry().height() * 0.75) if screen is not None else 800
    laid_out = box.height() > 0 and view.height() > box.height()
    overhead = view.height() - box.height() if laid_out else bottom.height() + 48
    return int(max(least, min(cap, left.room_for(rows) + overhead + 2)))


def hold_wrapped(label: QLabel) -> None:
    """Keep a word-wrapped label's lines at its current width: layouts size it by its one-line hint otherwise,
    and with big text the widget above would be drawn over its second line."""
    height = label.heightForWidth(max(1, label.width())) if label.isVisible() and label.text() else 0
    if height > 0 and label.minimumHeight() != height:
        label.setMinimumHeight(height)

"""One size for every text in the app: zoom (Ctrl+= / Ctrl+- / Ctrl+0) and presenter mode's floor of 24 px.

Qt has no run-time zoom, so this scales fonts: the application font (every widget that does not set its own size
follows it, and so do the painted heatmaps, which draw with their widget's font), every widget that does set its
own size (a big number, a title: kept in the same proportion to the application font as when it was made), the
axes of every pyqtgraph plot, and tooltips. A floor in pixels (presenter mode) then raises any font still smaller.
Widgets made later are scaled when Qt polishes them, so dialogs and lazily built tabs follow too.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QGraphicsView, QToolTip, QWidget

ZOOM_STEPS = (0.5, 0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
SETTINGS_KEY = "view/zoom"
PRESENTER_MIN_PX = 24  # the smallest text height (QFontMetrics.height) in presenter mode
_SIZE_RESOLVED = 0x2  # QFont.ResolveProperties.SizeResolved: the widget set its own size
_RATIO = "_workbench_font_ratio"  # on a widget: its own size / the application font's, when first seen
_BASE_FONT = "_workbench_base_font"  # on the application: its font before any zoom
_MIN_PX = "_workbench_min_px"  # on the application: the floor in force (painted labels that shrink respect it)


def at_least(font: QFont, min_px: int) -> QFont:
    """`font`, made just big enough that a line of it is at least `min_px` pixels high (unchanged if it is)."""
    out = QFont(font)
    for _ in range(40):
        height = QFontMetrics(out).height()
        if height >= min_px or out.pointSizeF() <= 0:
            break
        out.setPointSizeF(max(out.pointSizeF() * min_px / max(height, 1), out.pointSizeF() + 0.5))
    return out


def min_px_now() -> int:
    """The floor in force now (0 outside presenter mode): labels that shrink to fit never go below it."""
    app = QApplication.instance()
    value = app.property(_MIN_PX) if app is not None else None
    return value if isinstance(value, int) else 0


def grown(px: int, widget: QWidget) -> int:
    """`px`, a width chosen for the normal text size, grown with `widget`'s text (zoom, presenter mode)."""
    app = QApplication.instance()
    normal = QFontMetrics(base_font(app)).height() if isinstance(app, QApplication) else 0
    return max(px, round(px * widget.fontMetrics().height() / normal)) if normal > 0 else px


def base_font(app: QApplication) -> QFont:
    """The application font before any zoom (captured the first time it is asked for)."""
    saved = app.property(_BASE_FONT)
    if not isinstance(saved, QFont):
        saved = QFont(app.font())
        app.setProperty(_BASE_FONT, saved)
    return QFont(saved)


class TextScale(QObject):
    """The zoom (remembered in `settings`) and the presenter floor, applied to the whole application."""

    changed = Signal()

    def __init__(self, app: QApplication, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._settings = settings
        self._base = base_font(app)
        stored = settings.value(SETTINGS_KEY, 1.0)  # a str in an .ini file, a float in the registry
        try:
            zoom = float(stored) if isinstance(stored, (str, int, float)) else 1.0
        except ValueError:
            zoom = 1.0  # an edited settings file: start at 100 %
        self._zoom = min(ZOOM_STEPS, key=lambda z: abs(z - zoom))
        self._min_px = 0
        self._watching = False
        if self._zoom != 1.0 or app.font() != self._base:
            self.apply()

    # --- the two knobs ---------------------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def min_px(self) -> int:
        return self._min_px

    def set_zoom(self, zoom: float) -> None:
        zoom = min(ZOOM_STEPS, key=lambda z: abs(z - zoom))
        if zoom != self._zoom:
            self._zoom = zoom
            self._settings.setValue(SETTINGS_KEY, zoom)
            self.apply()

    def zoom_in(self) -> None:
        bigger = [z for z in ZOOM_STEPS if z > self._zoom]
        if bigger:
            self.set_zoom(bigger[0])

    def zoom_out(self) -> None:
        smaller = [z for z in ZOOM_STEPS if z < self._zoom]
        if smaller:
            self.set_zoom(smaller[-1])

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def set_min_px(self, px: int) -> None:
        """The smallest line height any text may have (0: no floor)."""
        if px != self._min_px:
            self._min_px = px
            self._app.setProperty(_MIN_PX, px)
            self.apply()

    # --- fonts -----------------------------------------------------------------------------------------------
    def font(self, ratio: float = 1.0) -> QFont:
        """The font for a text `ratio` times the application's own size, at this zoom and floor."""
        font = QFont(self._base)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * ratio * self._zoom)
        return at_least(font, self._min_px) if self._min_px else font

    def apply(self) -> None:
        """Scale every text now (called by the knobs; also after the palette or a page was rebuilt)."""
        app = self._app
        widgets = app.allWidgets()
        for widget in widgets:  # ratios against the application font as it is before this change
            self._remember_ratio(widget)
        self._watch(True)  # the font changes below arrive as FontChange events, sent before setFont returns
        app.setFont(self.font())
        QToolTip.setFont(self.font())
        for widget in widgets:
            self._scale_widget(widget)
            if isinstance(widget, QGraphicsView):
                scale_graphics(widget, self.font())
        self._watch(self._active())
        self.changed.emit()

    @property
    def watching(self) -> bool:
        """Whether new widgets are being scaled as Qt polishes them (only while zoomed or in presenter mode)."""
        return self._watching

    def _watch(self, on: bool) -> None:
        """Filter the application's events only while zoomed or in presenter mode (new widgets are scaled when Qt
        polishes them) and during apply(). A Python filter on the application is called for every event of every
        object, and while a run trains on the CPU each call takes the interpreter lock from the training thread
        (README, bench gui)."""
        if on != self._watching:
            self._watching = on
            if on:
                self._app.installEventFilter(self)
            else:
                self._app.removeEventFilter(self)

    def _remember_ratio(self, widget: QWidget) -> None:
        font = widget.font()
        if font.resolveMask() & _SIZE_RESOLVED and widget.property(_RATIO) is None:
            app_size = self._app.font().pointSizeF()
            if font.pointSizeF() > 0 and app_size > 0:
                widget.setProperty(_RATIO, font.pointSizeF() / app_size)

    def _scale_widget(self, widget: QWidget) -> None:
        ratio = widget.property(_RATIO)
        if isinstance(ratio, float):
            font = QFont(widget.font())
            font.setPointSizeF(self.font(ratio).pointSizeF())
            widget.setFont(font)
        elif self._min_px and widget.font().pointSizeF() > 0:  # e.g. a font set in pixels: the floor still holds
            small = widget.font()
            if QFontMetrics(small).height() < self._min_px:
                widget.setFont(at_least(small, self._min_px))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FontChange and hasattr(watched, "_update_size"):
            watched._update_size()  # superqt's slider labels fix their size to their font once: fit it again
        elif kind == QEvent.Type.Polish and isinstance(watched, QWidget) and self._active():
            self._remember_ratio(watched)
            self._scale_widget(watched)
            if isinstance(watched, QGraphicsView):
                scale_graphics(watched, self.font())
        return False

    def _active(self) -> bool:
        return self._zoom != 1.0 or self._min_px > 0

    def detach(self) -> None:
        """Back to the unzoomed font and no floor, and stop watching new widgets (tests, a closing window)."""
        self._zoom, self._min_px = 1.0, 0
        self._app.setProperty(_MIN_PX, 0)
        self.apply()  # leaves the filter off: nothing is zoomed now


def scale_graphics(view: QGraphicsView, font: QFont) -> None:
    """The axes' tick numbers and titles of a pyqtgraph view in `font` (pyqtgraph does not follow font changes)."""
    import pyqtgraph as pg

    scene = view.scene()
    if scene is None:
        return
    for item in scene.items():
        if isinstance(item, pg.AxisItem):
            item.setStyle(tickFont=QFont(font))
            item.label.setFont(QFont(font))
            item.labelStyle.pop("font-size", None)
            item._updateLabel()
            item.update()
        elif isinstance(item, pg.TextItem):
            item.setFont(QFont(font))

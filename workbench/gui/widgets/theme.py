"""Look of the app: Fusion style, a light or dark palette that follows the system, the bundled font if any,
and pyqtgraph colours that match. Colours for messages (error, warning, success) come from here too, so they stay
readable in both palettes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from workbench import paths

_LIGHT_STATUS = {"error": "#b3261e", "warning": "#8a5a00", "ok": "#1b6e3a", "muted": "#5f6368", "accent": "#1a73e8"}
_DARK_STATUS = {"error": "#f28b82", "warning": "#fdd663", "ok": "#81c995", "muted": "#9aa0a6", "accent": "#8ab4f8"}


def is_dark() -> bool:
    """True when the application palette is dark (whatever chose it: the system, or apply_theme)."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    window = QGuiApplication.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def color(name: str) -> str:
    """A message colour as '#rrggbb': error, warning, ok, muted or accent, adjusted to the palette."""
    return (_DARK_STATUS if is_dark() else _LIGHT_STATUS)[name]


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else Qt.ColorScheme.Unknown
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    # Unknown (some Linux desktops): trust the platform palette Qt picked up.
    return QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    p = QPalette()
    # Fields (Base) a little lighter than the window, as on other dark desktops: Fusion outlines check boxes and
    # fields with a darkened window colour, which would vanish against fields darker than the window.
    window, base, alt, text = QColor(37, 38, 41), QColor(50, 52, 56), QColor(56, 58, 62), QColor(228, 230, 235)
    button, highlight, disabled = QColor(58, 60, 64), QColor(66, 133, 244), QColor(128, 130, 135)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: alt,
        QPalette.ColorRole.ToolTipBase: QColor(50, 52, 56),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: disabled,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: button,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 110, 100),
        QPalette.ColorRole.Link: QColor(138, 180, 248),
        QPalette.ColorRole.Highlight: highlight,
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
        QPalette.ColorRole.Light: QColor(70, 72, 76),
        QPalette.ColorRole.Midlight: QColor(58, 60, 64),
        QPalette.ColorRole.Mid: QColor(44, 45, 48),
        QPalette.ColorRole.Dark: QColor(22, 23, 25),
        QPalette.ColorRole.Shadow: QColor(0, 0, 0),
    }
    for role, value in roles.items():
        p.setColor(role, value)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.HighlightedText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Highlight, QColor(70, 72, 76))
    return p


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    p = style.standardPalette() if style is not None else QPalette()
    p.setColor(QPalette.ColorRole.Highlight, QColor(26, 115, 232))
    p.setColor(QPalette.ColorRole.Link, QColor(26, 115, 232))
    return p


def register_fonts() -> str | None:
    """Register .ttf/.otf files under resources/fonts; return the first family, or None when there are none."""
    folder = paths.resource("fonts")
    if not folder.is_dir():
        return None
    family = None
    for path in sorted([*folder.glob("*.ttf"), *folder.glob("*.otf")]):
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families and family is None:
            family = families[0]
    return family


def plot_background(pal: QPalette) -> QColor:
    """Behind plots: the field colour in a light palette (white), darker than the window in a dark one, so the
    curves stand out."""
    window = pal.color(QPalette.ColorRole.Window)
    return window.darker(125) if window.lightness() < 128 else pal.color(QPalette.ColorRole.Base)


def apply_plot_colors() -> None:
    """pyqtgraph background/foreground from the palette, for plots created after this call."""
    import pyqtgraph as pg

    pal = QGuiApplication.palette()
    pg.setConfigOptions(
        background=plot_background(pal),
        foreground=pal.color(QPalette.ColorRole.Text),
        antialias=True,
    )


def apply_theme(app: QApplication, *, follow_system: bool = True, scheme: str | None = None) -> None:
    """Fusion style, the system's light/dark choice (or `scheme`: "light" or "dark"), the bundled font, and
    matching plot colours."""
    app.setStyle("Fusion")
    family = register_fonts()
    if family:
        font = app.font()
        font.setFamily(family)
        app.setFont(font)
    if scheme in ("light", "dark"):
        app.setPalette(dark_palette() if scheme == "dark" else light_palette())
        apply_plot_colors()
        return
    _apply_palette(app)
    if follow_system:
        hints = app.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(lambda _scheme: _apply_palette(app))


def _apply_palette(app: QApplication) -> None:
    app.setPalette(dark_palette() if system_prefers_dark() else light_palette())
    apply_plot_colors()

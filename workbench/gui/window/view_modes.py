"""How the window is shown, for a classroom: zoom (Ctrl+= / Ctrl+- / Ctrl+0, remembered), full screen (F11),
presenter mode (F5: every text at least 24 px high, a projector-safe palette) and the loss plot hidden or shown
(F9), so the attention maps can fill the screen. The View menu lists them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QWidget

from workbench.gui.widgets import theme
from workbench.gui.widgets.text_scale import PRESENTER_MIN_PX, TextScale

# Each with the platform's own key where it has one (standard keys need the application: looked up in __init__).
ZOOM_IN_KEYS = ["Ctrl+=", "Ctrl++"]
ZOOM_OUT_KEYS = ["Ctrl+-"]
FULL_SCREEN_KEYS = ["F11"]
PRESENTER_KEYS = ["F5", "Ctrl+Shift+P"]
PLOT_KEYS = ["F9"]


def _standard(key: QKeySequence.StandardKey) -> str:
    return QKeySequence(key).toString()


def _unique(keys: list[str]) -> list[QKeySequence]:
    seen: list[str] = []
    for key in keys:
        if key and key not in seen:
            seen.append(key)
    return [QKeySequence(k) for k in seen]


class ViewModes:
    """Creates the View actions on `window`; `plot` is the widget that F9 hides."""

    def __init__(self, window: QMainWindow, settings: QSettings, plot: QWidget) -> None:
        self._window = window
        self._plot = plot
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self._app = app
        self._palette_before: QPalette | None = None
        self.text_scale = TextScale(app, settings, parent=window)
        self.zoom_in_action = self._action(
            QCoreApplication.translate("ViewModes", "Zoom &in"),
            QCoreApplication.translate("ViewModes", "Make every text bigger"),
            self.text_scale.zoom_in,
            [*ZOOM_IN_KEYS, _standard(QKeySequence.StandardKey.ZoomIn)],
        )
        self.zoom_out_action = self._action(
            QCoreApplication.translate("ViewModes", "Zoom &out"),
            QCoreApplication.translate("ViewModes", "Make every text smaller"),
            self.text_scale.zoom_out,
            [*ZOOM_OUT_KEYS, _standard(QKeySequence.StandardKey.ZoomOut)],
        )
        self.zoom_reset_action = self._action(
            QCoreApplication.translate("ViewModes", "&Actual size"),
            QCoreApplication.translate("ViewModes", "Every text at its normal size"),
            self.text_scale.reset_zoom,
            ["Ctrl+0"],
        )
        self.full_screen_action = self._action(
            QCoreApplication.translate("ViewModes", "&Full screen"),
            QCoreApplication.translate("ViewModes", "Fill the whole screen (press again to leave)"),
            self.set_full_screen,
            [*FULL_SCREEN_KEYS, _standard(QKeySequence.StandardKey.FullScreen)],
        )
        self.presenter_action = self._action(
            QCoreApplication.translate("ViewModes", "&Presenter mode"),
            QCoreApplication.translate(
                "ViewModes",
                "For a projector: every text at least 24 pixels high, black on white (press again to leave)",
            ),
            self.set_presenter,
            PRESENTER_KEYS,
        )
        self.plot_action = self._action(
            QCoreApplication.translate("ViewModes", "Show the loss &plot"),
            QCoreApplication.translate(
                "ViewModes", "Hide the plot to give the pages (e.g. the attention maps) the room"
            ),
            self.set_plot_shown,
            PLOT_KEYS,
        )
        for action in (self.full_screen_action, self.presenter_action, self.plot_action):
            action.setCheckable(True)
        self.plot_action.setChecked(True)

    def _action(self, text: str, tip: str, slot: Callable[..., Any], keys: list[str]) -> QAction:
        action = QAction(text, self._window)
        shortcuts = _unique(keys)
        action.setShortcuts(shortcuts)
        native = shortcuts[0].toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({native})")
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self._window.addAction(action)  # the shortcut works on every page, with the menu bar hidden too
        return action

    def add_to(self, menu: QMenu) -> None:
        menu.addSeparator()
        for action in (self.zoom_in_action, self.zoom_out_action, self.zoom_reset_action):
            menu.addAction(action)
        menu.addSeparator()
        for action in (self.presenter_action, self.full_screen_action, self.plot_action):
            menu.addAction(action)

    # --- the modes -------------------------------------------------------------------------------------------
    def is_presenting(self) -> bool:
        return self._palette_before is not None

    def set_presenter(self, on: bool) -> None:
        """Presenter mode on or off: the 24 px floor for every text and the projector palette."""
        if on == self.is_presenting():
            return
        if on:
            self._palette_before = QPalette(self._app.palette())
            self._app.setPalette(theme.presenter_palette())
        else:
            self._app.setPalette(self._palette_before or theme.light_palette())
            self._palette_before = None
        theme.apply_plot_colors()
        self.text_scale.set_min_px(PRESENTER_MIN_PX if on else 0)
        self.presenter_action.setChecked(on)
        if on and self._plot.isVisible() and not self._fits_screen():
            self.set_plot_shown(False)  # 24 px text beside the plot is wider than a 1366-px projector: pages first
            self._window.statusBar().showMessage(
                QCoreApplication.translate("ViewModes", "The plot is hidden to make room: F9 shows it again."), 8000
            )

    def _fits_screen(self) -> bool:
        QApplication.processEvents()  # the new fonts reach the widgets in posted events
        screen = self._window.screen() or QApplication.primaryScreen()
        if screen is None:
            return True
        return self._window.minimumSizeHint().width() <= screen.availableGeometry().width()

    def set_full_screen(self, on: bool) -> None:
        state = self._window.windowState()
        if on:
            self._window.setWindowState(state | Qt.WindowState.WindowFullScreen)
        else:
            self._window.setWindowState(state & ~Qt.WindowState.WindowFullScreen)
        self.full_screen_action.setChecked(on)

    def set_plot_shown(self, on: bool) -> None:
        self.plot_action.setChecked(on)
        self._plot.setVisible(on)

    def leave(self) -> None:
        """Back to the everyday window (before its settings are saved, and so the palette does not outlive it)."""
        self.set_presenter(False)
        self.set_full_screen(False)
        self.set_plot_shown(True)

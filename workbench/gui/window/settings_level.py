"""Simple or all settings, for the whole window: the View menu's two choices and the switch at the top of the
Model and Train pages, kept in step and remembered. Simple only hides controls: each keeps its value, and the next
run uses it.

A new user starts in Simple (someone who has never trained a model sees presets, the device, how long, and Start);
someone who used the app before this switch existed keeps seeing every setting they knew.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from workbench.gui.widgets.settings_level import SettingsLevelSwitch

if TYPE_CHECKING:
    from workbench.gui.window.main_window import MainWindow

SETTINGS_KEY = "view/simple_settings"
USED_BEFORE_KEY = "window/geometry"  # saved at every close: present means the app has been used before


class LevelPage(Protocol):
    level_switch: SettingsLevelSwitch

    def set_simple(self, simple: bool) -> None: ...


class SettingsLevel(QObject):
    """The level shown on `pages`, with a pair of View-menu actions; `changed(simple)` after a switch."""

    changed = Signal(bool)

    def __init__(self, window: MainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self._settings = settings
        pages: list[LevelPage] = [window.model_panel, window.train_panel]
        self._pages = pages
        self.simple_action = QAction(self.tr("&Simple settings"), window)
        self.simple_action.setStatusTip(
            self.tr("Show only the settings a first run needs; the others keep their values")
        )
        self.all_action = QAction(self.tr("A&ll settings"), window)
        self.all_action.setStatusTip(self.tr("Show every setting, each with a ? that explains it"))
        self.group = QActionGroup(self)
        for action in (self.simple_action, self.all_action):
            action.setCheckable(True)
            self.group.addAction(action)
        self.simple_action.triggered.connect(lambda: self.set_simple(True))
        self.all_action.triggered.connect(lambda: self.set_simple(False))
        for page in pages:
            page.level_switch.simpleChanged.connect(self.set_simple)
        self._simple = not self._simple_by_default()  # so the first set_simple applies it
        self.set_simple(not self._simple)  # saved at once: the next start must not take this user for an old one
        self.add_to(window.window_actions.view_menu)

    def _simple_by_default(self) -> bool:
        saved = self._settings.value(SETTINGS_KEY)
        if saved is None:
            return not self._settings.contains(USED_BEFORE_KEY)
        return str(saved).lower() in ("true", "1")

    def is_simple(self) -> bool:
        return self._simple

    def set_simple(self, simple: bool, remember: bool = True) -> None:
        simple = bool(simple)
        if remember:
            self._settings.setValue(SETTINGS_KEY, simple)
        if simple == self._simple:
            return
        self._simple = simple
        (self.simple_action if simple else self.all_action).setChecked(True)
        for page in self._pages:
            page.set_simple(simple)
        self.changed.emit(simple)

    def add_to(self, menu: QMenu | None) -> None:
        if menu is None:
            return
        menu.addSeparator()
        menu.addAction(self.simple_action)
        menu.addAction(self.all_action)

"""View > Language: System, English, 简体中文 (each language named in itself), remembered in the settings.

Every widget reads its texts when it is made, so a new language shows from the next start: the menu says so, and
after a choice the app offers to restart at once (not while a model trains; the window's own close asks first).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QLocale, QObject, QProcess, QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMessageBox

from workbench.gui.widgets.language import translations

NATIVE_NAMES = {translations.ENGLISH: "English", translations.CHINESE: "简体中文"}


class LanguageMenu(QObject):
    """`menu` lists the choices; `ask_restart` (replaceable in tests) asks whether to restart now."""

    def __init__(self, window: QMainWindow, settings: QSettings | None = None) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self.ask_restart: Callable[[], bool] = self._ask_restart
        self.menu = QMenu(self.tr("&Language"), window)
        self.menu.setToolTipsVisible(True)
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        chosen = translations.chosen(settings)
        system = NATIVE_NAMES[translations.resolve(translations.SYSTEM, QLocale.system())]
        titles = {
            translations.SYSTEM: self.tr("System ({language})").format(language=system),
            **NATIVE_NAMES,
        }
        for choice in translations.CHOICES:
            action = QAction(titles[choice], self.menu)
            action.setCheckable(True)
            action.setChecked(choice == chosen)
            action.setData(choice)
            action.setToolTip(self.tr("The window's language; it changes when the app starts again"))
            self.group.addAction(action)
            self.menu.addAction(action)
        self.menu.addSeparator()
        note = self.menu.addAction(self.tr("Takes effect when the app starts again"))
        note.setEnabled(False)
        self.group.triggered.connect(self._chosen)

    def actions(self) -> dict[str, QAction]:
        return {str(a.data()): a for a in self.group.actions()}

    def _chosen(self, action: QAction) -> None:
        choice = str(action.data())
        if choice == translations.chosen(self._settings):
            return
        translations.remember(choice, self._settings)
        if translations.resolve(choice) != translations.current() and self.ask_restart():
            restart(self._window)

    def _ask_restart(self) -> bool:
        busy = bool(getattr(self._window, "is_training", False))
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(self.tr("Language"))
        box.setText(self.tr("The new language shows the next time Transformer Workbench starts."))
        if busy:
            box.setInformativeText(self.tr("A model is training: restart when it has finished."))
            box.setStandardButtons(QMessageBox.StandardButton.Ok)
            box.exec()
            return False
        now = box.addButton(self.tr("Restart now"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is now


def restart(window: QMainWindow) -> bool:
    """Close the window (its close event may refuse) and start the app again the way it was started."""
    app = QApplication.instance()
    argv = list(getattr(sys, "orig_argv", sys.argv))

    def again() -> None:
        QProcess.startDetached(sys.executable, argv[1:])

    if app is None:
        return False
    app.aboutToQuit.connect(again)
    if not window.close():
        app.aboutToQuit.disconnect(again)
        return False
    return True

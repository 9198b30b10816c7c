"""The main window's actions (open, start, pause, stop, pages, help), its menus and its toolbar.

Every action is added to the window itself, so its shortcut works on every page. Icons are drawn in the palette's
colours (workbench.gui.widgets.icons) and redrawn when the palette changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from workbench.gui.widgets import icons
from workbench.gui.window.page import Page


@dataclass(frozen=True)
class ActionHandlers:
    """What the actions do: the window's slots, and what the recent-files menu needs to know."""

    open_data_file: Callable[[], None]
    open_path: Callable[[str], None]
    recent_files: Callable[[], list[str]]
    busy: Callable[[], bool]  # a run trains: the data cannot change
    start: Callable[[], None]
    toggle_pause: Callable[[], None]
    stop: Callable[[], None]
    quit: Callable[[], object]  # QWidget.close, which says whether the window closed
    show_page: Callable[[Page], None]
    show_log_folder: Callable[[], None]
    about: Callable[[], None]


def icon_text(text: str) -> str:
    """A toolbar button's text: the menu text without its shortcut letter or dots ("&Open…" -> "Open";
    a translation's "打开(&O)…" -> "打开", where Qt would leave "打开(O)")."""
    text = re.sub(r"\s*\(&[^&\s]\)", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.removesuffix("…").removesuffix("...").strip()


def _native(shortcut: str) -> str:
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


class WindowActions:
    """Creates the actions on `window` and lays out its menu bar and toolbar; `handlers` do the work."""

    def __init__(self, window: QMainWindow, handlers: ActionHandlers) -> None:
        self._window = window
        self._handlers = h = handlers
        self.open_action = self._action(
            QCoreApplication.translate("WindowActions", "&Open data file…"),
            QCoreApplication.translate(
                "WindowActions", "Train on your own file (CSV, TSV, JSON Lines, Parquet or plain text)"
            ),
            h.open_data_file,
            [QKeySequence(QKeySequence.StandardKey.Open).toString() or "Ctrl+O"],
        )
        self.start_action = self._action(
            QCoreApplication.translate("WindowActions", "&Start training"),
            QCoreApplication.translate("WindowActions", "Train a new model with the current settings"),
            h.start,
            ["Ctrl+Return", "Ctrl+Enter"],
        )
        self.pause_action = self._action(
            QCoreApplication.translate("WindowActions", "&Pause"),
            QCoreApplication.translate("WindowActions", "Hold training after the current step (press again to resume)"),
            h.toggle_pause,
            ["Ctrl+P", "Pause"],
        )
        self.stop_action = self._action(
            QCoreApplication.translate("WindowActions", "S&top"),
            QCoreApplication.translate("WindowActions", "End training after the current step; the model is saved"),
            h.stop,
            ["Ctrl+.", "Esc"],
        )
        self.quit_action = self._action(
            QCoreApplication.translate("WindowActions", "&Quit"),
            QCoreApplication.translate("WindowActions", "Close Transformer Workbench"),
            h.quit,
            ["Ctrl+Q"],
        )
        self.page_actions = [
            self._action(
                f"&{page.value + 1} {page.title}", page.tip, lambda _=False, p=page: h.show_page(p), [page.shortcut]
            )
            for page in Page
        ]
        self.log_action = self._action(
            QCoreApplication.translate("WindowActions", "Show the &error log"),
            QCoreApplication.translate("WindowActions", "Open the folder with the error reports"),
            h.show_log_folder,
        )
        self.about_action = self._action(
            QCoreApplication.translate("WindowActions", "&About Transformer Workbench"),
            QCoreApplication.translate("WindowActions", "Versions and what this app does"),
            h.about,
        )
        self.recent_menu: QMenu | None = None
        self.view_menu: QMenu | None = None
        self.file_menu: QMenu | None = None
        self.help_menu: QMenu | None = None
        self.toolbar = self._build_toolbar()
        self._build_menus()
        self.refresh_icons()

    def _action(self, text: str, tip: str, slot: Callable[..., Any], shortcuts: list[str] | None = None) -> QAction:
        action = QAction(text, self._window)
        action.setIconText(icon_text(text))
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
            action.setToolTip(f"{tip} ({_native(shortcuts[0])})")
        action.triggered.connect(slot)
        self._window.addAction(action)  # shortcuts work on every page
        return action

    def _build_toolbar(self) -> QToolBar:
        w = self._window
        toolbar = QToolBar(QCoreApplication.translate("WindowActions", "Training"))
        toolbar.setObjectName("training-toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        size = round(w.fontMetrics().height() * 1.1)
        toolbar.setIconSize(QSize(size, size))
        toolbar.addAction(self.open_action)
        toolbar.addSeparator()
        for action in (self.start_action, self.pause_action, self.stop_action):
            toolbar.addAction(action)
        start_button = toolbar.widgetForAction(self.start_action)
        if start_button is not None:  # the one button a first-time user needs: make it stand out
            font = start_button.font()
            font.setBold(True)
            start_button.setFont(font)
        w.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        return toolbar

    def _build_menus(self) -> None:
        w = self._window
        bar = w.menuBar()
        self.file_menu = file_menu = bar.addMenu(QCoreApplication.translate("WindowActions", "&File"))
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(QCoreApplication.translate("WindowActions", "Open &recent"))
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        train_menu = bar.addMenu(QCoreApplication.translate("WindowActions", "Tra&ining"))
        for action in (self.start_action, self.pause_action, self.stop_action):
            train_menu.addAction(action)
        self.view_menu = view_menu = bar.addMenu(QCoreApplication.translate("WindowActions", "&View"))
        for action in self.page_actions:
            view_menu.addAction(action)
        self.help_menu = help_menu = bar.addMenu(QCoreApplication.translate("WindowActions", "&Help"))
        help_menu.addAction(self.log_action)
        help_menu.addAction(self.about_action)

    def _fill_recent_menu(self) -> None:
        menu, h = self.recent_menu, self._handlers
        if menu is None:
            return
        menu.clear()
        files = h.recent_files()
        if not files:
            menu.addAction(QCoreApplication.translate("WindowActions", "(no recent files)")).setEnabled(False)
        for path in files:
            action = menu.addAction(path)
            action.setToolTip(QCoreApplication.translate("WindowActions", "Open {path}").format(path=path))
            action.triggered.connect(lambda _=False, p=path: h.open_path(p))
            action.setEnabled(not h.busy())

    def refresh_icons(self) -> None:
        """Draw the icons again in the current palette's colours (after a light/dark switch)."""
        pal = self._window.palette()
        for action, kind in (
            (self.open_action, "open"),
            (self.start_action, "play"),
            (self.stop_action, "stop"),
        ):
            action.setIcon(icons.icon(kind, pal))
        paused = self.pause_action.text() == QCoreApplication.translate("WindowActions", "&Resume")
        self.pause_action.setIcon(icons.icon("play" if paused else "pause", pal))
        for action, page in zip(self.page_actions, Page, strict=True):
            action.setIcon(icons.icon(page.icon, pal))

    def update(self, state: str, idle: bool) -> None:
        """Enable what makes sense in this training state (idle, running, paused, stopping)."""
        self.start_action.setEnabled(idle)
        self.pause_action.setEnabled(state in ("running", "paused"))
        paused = state == "paused"
        resume = QCoreApplication.translate("WindowActions", "&Resume")
        if (self.pause_action.text() == resume) != paused:
            self.pause_action.setText(resume if paused else QCoreApplication.translate("WindowActions", "&Pause"))
            self.pause_action.setIconText(icon_text(self.pause_action.text()))
            self.pause_action.setToolTip(
                QCoreApplication.translate("WindowActions", "Continue training from where it was held")
                if paused
                else QCoreApplication.translate(
                    "WindowActions", "Hold training after the current step (press again to resume)"
                )
            )
            self.pause_action.setIcon(icons.icon("play" if paused else "pause", self._window.palette()))
        self.stop_action.setEnabled(state in ("running", "paused"))
        self.open_action.setEnabled(idle)

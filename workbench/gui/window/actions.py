"""The main window's actions (open, start, pause, stop, pages, help), its menus and its toolbar.

Every action is added to the window itself, so its shortcut works on every page. Icons are drawn in the palette's
colours (workbench.gui.widgets.icons) and redrawn when the palette changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from workbench.gui.widgets import icons

if TYPE_CHECKING:
    from workbench.gui.window.main_window import MainWindow

PAGES = ("Data", "Model", "Train", "Inspect", "Evaluate", "Runs")
PAGE_ICONS = ("data", "model", "train", "inspect", "evaluate", "runs")
PAGE_TIPS = (
    "Choose the text to learn from: a built-in data set or your own file.",
    "Choose the size and shape of the Transformer.",
    "Choose where and how long to train, then start and watch the loss fall.",
    "Type a sentence and see what every attention head of the model looks at, and why it decided.",
    "How well a model does on labelled text: accuracy, the confusion matrix and the examples it gets wrong.",
    "Past runs: open their curves, compare them, continue a stopped one.",
)


def _native(shortcut: str) -> str:
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


class WindowActions:
    """Creates the actions on `window` and lays out its menu bar and toolbar."""

    def __init__(self, window: MainWindow) -> None:
        self._window = w = window
        self.open_action = self._action(
            "&Open data file…",
            "Train on your own file (CSV, TSV, JSON Lines, Parquet or plain text)",
            w.open_data_file,
            [QKeySequence(QKeySequence.StandardKey.Open).toString() or "Ctrl+O"],
        )
        self.start_action = self._action(
            "&Start training", "Train a new model with the current settings", w.start_training,
            ["Ctrl+Return", "Ctrl+Enter"],
        )  # fmt: skip
        self.pause_action = self._action(
            "&Pause", "Hold training after the current step (press again to resume)", w.toggle_pause
        )
        self.stop_action = self._action(
            "S&top", "End training after the current step; the model is saved", w.stop_training, ["Ctrl+.", "Esc"]
        )
        self.quit_action = self._action("&Quit", "Close Transformer Workbench", w.close, ["Ctrl+Q"])
        self.page_actions = [
            self._action(f"&{i + 1} {name}", PAGE_TIPS[i], lambda _=False, i=i: w.show_page(i), [f"Ctrl+{i + 1}"])
            for i, name in enumerate(PAGES)
        ]
        self.log_action = self._action(
            "Show the &error log", "Open the folder with the error reports", w.show_log_folder
        )
        self.about_action = self._action("&About Transformer Workbench", "Versions and what this app does", w.about)
        self.recent_menu: QMenu | None = None
        self.toolbar = self._build_toolbar()
        self._build_menus()
        self.refresh_icons()

    def _action(self, text: str, tip: str, slot: Callable[..., Any], shortcuts: list[str] | None = None) -> QAction:
        action = QAction(text, self._window)
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
        toolbar = QToolBar("Training")
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
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        train_menu = bar.addMenu("Tra&ining")
        for action in (self.start_action, self.pause_action, self.stop_action):
            train_menu.addAction(action)
        view_menu = bar.addMenu("&View")
        for action in self.page_actions:
            view_menu.addAction(action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.log_action)
        help_menu.addAction(self.about_action)

    def _fill_recent_menu(self) -> None:
        menu, w = self.recent_menu, self._window
        if menu is None:
            return
        menu.clear()
        files = w.data_panel.recent_files()
        if not files:
            menu.addAction("(no recent files)").setEnabled(False)
        for path in files:
            action = menu.addAction(path)
            action.setToolTip(f"Open {path}")
            action.triggered.connect(lambda _=False, p=path: w.open_path(p))
            action.setEnabled(not w.is_training)

    def refresh_icons(self) -> None:
        """Draw the icons again in the current palette's colours (after a light/dark switch)."""
        pal = self._window.palette()
        for action, kind in (
            (self.open_action, "open"),
            (self.start_action, "play"),
            (self.stop_action, "stop"),
        ):
            action.setIcon(icons.icon(kind, pal))
        paused = self.pause_action.text() == "&Resume"
        self.pause_action.setIcon(icons.icon("play" if paused else "pause", pal))
        for action, kind in zip(self.page_actions, PAGE_ICONS, strict=True):
            action.setIcon(icons.icon(kind, pal))

    def update(self, state: str, idle: bool) -> None:
        """Enable what makes sense in this training state (idle, running, paused, stopping)."""
        self.start_action.setEnabled(idle)
        self.pause_action.setEnabled(state in ("running", "paused"))
        paused = state == "paused"
        if (self.pause_action.text() == "&Resume") != paused:
            self.pause_action.setText("&Resume" if paused else "&Pause")
            self.pause_action.setToolTip(
                "Continue training from where it was held" if paused
                else "Hold training after the current step (press again to resume)"
            )  # fmt: skip
            self.pause_action.setIcon(icons.icon("play" if paused else "pause", self._window.palette()))
        self.stop_action.setEnabled(state in ("running", "paused"))
        self.open_action.setEnabled(idle)

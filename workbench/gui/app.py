"""Starts the desktop app: QApplication, theme, main window, and a safety net for unexpected errors.

Environment (for demos and screenshots; not shown to users):
  WORKBENCH_AUTOSTART=1   press Start training as soon as the data is ready.
  WORKBENCH_PAGE=N        open on page N (0 Data … 5 Runs, as in the sidebar) instead of the remembered one.
  WORKBENCH_THEME=dark    use the dark (or "light") palette whatever the system prefers.
  WORKBENCH_STARTUP_REPORT=PATH  write start-up timings (JSON) there once the window is usable and torch is
                          ready, then quit (`workbench bench startup` uses it).
"""

from __future__ import annotations

import gc
import json
import os
import signal
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from pyqtgraph.util.garbage_collector import GarbageCollector
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench import __version__, paths, torch_loader
from workbench.gui.widgets import error_report, theme, wheel_guard
from workbench.gui.widgets.language import cjk_font, translations

if TYPE_CHECKING:  # imported when the window is made (after the QApplication), for a quick start
    from workbench.gui.window.main_window import MainWindow

ORG_NAME = APP_NAME = paths.APP_NAME
_AUTOSTART_TRIES = 100  # every 100 ms: up to ten seconds for the data to be ready


class GuiThreadCollector(GarbageCollector):  # type: ignore[misc]  # pyqtgraph has no type information
    """pyqtgraph's collector (cyclic GC only on the GUI thread), made aware of torch loading in the background.

    With automatic collection off, the half million objects torch creates while it loads and warms up pile up in
    the young generation, and collecting them would freeze the window for 100-200 ms every second. They live as
    long as the process anyway, so once torch is ready they move to the permanent generation (gc.freeze: no
    traversal) instead of being collected; later full collections are then short too.
    """

    def __init__(self, interval: float) -> None:
        self._loading: Callable[[], bool] = lambda: False
        self._frozen = False
        super().__init__(interval=interval)

    def hold_while(self, loading: Callable[[], bool]) -> None:
        """No collections while loading() is true; freeze what was made meanwhile once it turns false."""
        self._loading = loading

    def check(self) -> None:
        if not self._frozen:
            if self._loading():
                return
            if torch_loader.state() == "loaded":
                self._frozen = True
                gc.freeze()
                return
        super().check()


def _install_excepthook(app: QApplication) -> None:
    """An error in a slot must not vanish in a terminal nobody sees: log it and say so in plain words."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], err: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, err, tb)
            return
        details = "".join(traceback.format_exception(kind, err, tb))
        sys.stderr.write(details)
        message = QCoreApplication.translate("App", "Something went wrong inside the app: {kind}: {err}").format(
            kind=kind.__name__, err=err
        )
        report = error_report.build_report(message, details, kind="internal")
        log = error_report.append_to_log(report)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("App", "Unexpected error"),
            message,
            QMessageBox.StandardButton.Ok,
        )
        box.setInformativeText(
            QCoreApplication.translate(
                "App", "The app keeps running; if something looks wrong, save your work and restart it."
            )
            + (QCoreApplication.translate("App", " The full report is in {log}.").format(log=log) if log else "")
        )
        box.setDetailedText(report)
        box.exec()

    sys.excepthook = hook


def _autostart(window: MainWindow, tries: int = _AUTOSTART_TRIES) -> None:
    if window.data_panel.is_ready() or tries <= 0:
        window.start_training()
    else:
        QTimer.singleShot(100, lambda: _autostart(window, tries - 1))


def _report_startup_and_quit(window: MainWindow, path: str) -> None:
    """For `workbench bench startup`: time this start, write the numbers to `path` and close the app."""
    from workbench.gui.diagnostics.startup_probe import StartupProbe

    probe = StartupProbe(window, parent=window)

    def write() -> None:
        from workbench.core.runs.folder import atomic_write_text

        atomic_write_text(Path(path), json.dumps(probe.result()))
        window.close()

    probe.settled.connect(write)
    probe.start()


def create_app(argv: list[str], language: str | None = None) -> QApplication:
    """The QApplication with the app's names, language, theme and error safety net (the window is made
    separately). `language`: "system", "en" or "zh_CN"; None takes the choice kept in the settings."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):  # none yet (Qt refuses a second application object)
        app = QApplication(argv)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("Transformer Workbench")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("transformer-workbench")
    icon = paths.app_icon()
    if icon.is_file():  # a checkout without resources/ still runs, with the platform's default icon
        app.setWindowIcon(QIcon(str(icon)))
    translations.install(app, translations.resolve(language or translations.chosen()))
    theme.apply_theme(app, scheme=os.environ.get("WORKBENCH_THEME") or None)
    cjk_font.add_fallback(app)  # Chinese text (the translation, Chinese data) renders on any machine
    wheel_guard.install(app)  # the wheel scrolls pages; it changes only the control that has focus
    _install_excepthook(app)
    return app


class _FileOpenFilter(QObject):
    """macOS sends a file opened with the packaged app from the Finder as a FileOpen event, not in argv."""

    def __init__(self, open_lesson: Callable[[str], object], parent: QObject) -> None:
        super().__init__(parent)
        self._open = open_lesson

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent) and event.file():
            from workbench.core.lessons import is_lesson_path

            path = event.file()
            if is_lesson_path(path):
                QTimer.singleShot(0, lambda: self._open(path))
                return True
        return False


def run_app(argv: list[str], lesson: str | None = None) -> int:
    """Create the application and the main window, show it, and run until it closes; returns the exit code.
    `lesson`: a lesson file to open once the window is shown."""
    app = create_app(argv)
    # Python's cyclic GC runs in whichever thread happens to allocate; if the training thread collects a cycle
    # holding a Qt object, Qt deletes it off the GUI thread and crashes. Collect only on the GUI thread.
    collector = GuiThreadCollector(interval=1.0)

    from workbench.gui.window.main_window import MainWindow

    window = MainWindow()
    collector.hold_while(lambda: not window.devices_known())
    from workbench.gui.window.page import Page

    page = os.environ.get("WORKBENCH_PAGE", "")
    if page.isdigit() and int(page) < len(Page):
        window.show_page(Page(int(page)))
    report = os.environ.get("WORKBENCH_STARTUP_REPORT")
    if report:
        _report_startup_and_quit(window, report)
    window.show()
    if sys.platform == "darwin":  # only macOS sends FileOpen; a filter on the application sees every event
        app.installEventFilter(_FileOpenFilter(window.lessons.open, window))
    if lesson:
        QTimer.singleShot(0, lambda: window.lessons.open(lesson))

    # Ctrl+C in the terminal closes the window the normal way (asking first while training); the timer lets
    # Python run its signal handler while Qt's event loop is busy in C++.
    signal.signal(signal.SIGINT, lambda *_: window.close())
    tick = QTimer()
    tick.timeout.connect(lambda: None)
    tick.start(250)

    def shutting_down() -> None:
        tick.stop()
        collector.timer.stop()
        window.stop_background()  # e.g. the session ends while training: save what can be saved

    app.aboutToQuit.connect(shutting_down)
    if os.environ.get("WORKBENCH_AUTOSTART") == "1":
        QTimer.singleShot(300, lambda: _autostart(window))
    return app.exec()

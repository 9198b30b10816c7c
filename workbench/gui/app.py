"""Starts the desktop app: QApplication, theme, main window, and a safety net for unexpected errors.

Environment (for demos and screenshots; not shown to users):
  WORKBENCH_AUTOSTART=1   press Start training as soon as the data is ready.
  WORKBENCH_PAGE=N        open on page N (0 Data, 1 Model, 2 Train, 3 Runs) instead of the remembered one.
  WORKBENCH_THEME=dark    use the dark (or "light") palette whatever the system prefers.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from types import TracebackType

from pyqtgraph.util.garbage_collector import GarbageCollector
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench import __version__, paths
from workbench.gui import error_report, theme

ORG_NAME = APP_NAME = paths.APP_NAME
_AUTOSTART_TRIES = 100  # every 100 ms: up to ten seconds for the data to be ready


def _install_excepthook(app: QApplication) -> None:
    """An error in a slot must not vanish in a terminal nobody sees: log it and say so in plain words."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], err: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, err, tb)
            return
        details = "".join(traceback.format_exception(kind, err, tb))
        sys.stderr.write(details)
        message = f"Something went wrong inside the app: {kind.__name__}: {err}"
        report = error_report.build_report(message, details, kind="internal")
        log = error_report.append_to_log(report)
        box = QMessageBox(QMessageBox.Icon.Warning, "Unexpected error", message, QMessageBox.StandardButton.Ok)
        box.setInformativeText(
            "The app keeps running; if something looks wrong, save your work and restart it."
            + (f" The full report is in {log}." if log else "")
        )
        box.setDetailedText(report)
        box.exec()

    sys.excepthook = hook


def _autostart(window: object, tries: int = _AUTOSTART_TRIES) -> None:
    data = window.data_panel  # type: ignore[attr-defined]
    if data.is_ready() or tries <= 0:
        window.start_training()  # type: ignore[attr-defined]
    else:
        QTimer.singleShot(100, lambda: _autostart(window, tries - 1))


def run_app(argv: list[str]) -> int:
    """Create the application and the main window, show it, and run until it closes; returns the exit code."""
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("Transformer Workbench")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("transformer-workbench")
    theme.apply_theme(app, scheme=os.environ.get("WORKBENCH_THEME") or None)
    _install_excepthook(app)
    # Python's cyclic GC runs in whichever thread happens to allocate; if the training thread collects a cycle
    # holding a Qt object, Qt deletes it off the GUI thread and crashes. Collect only on the GUI thread.
    collector = GarbageCollector(interval=1.0)

    from workbench.gui.main_window import MainWindow

    window = MainWindow()
    page = os.environ.get("WORKBENCH_PAGE", "")
    if page.isdigit():
        window.show_page(int(page))
    window.show()

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

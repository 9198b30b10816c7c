"""Fixtures for the GUI tests: app names for QSettings, fresh settings per test, no modal dialogs, and a leak check.

The leak check fails a test that leaves a thread of the registry running (training, evaluation, inspection,
device probe: workbench.gui.threads.registry), a thread-pool job active, a running QThread under any live widget,
or an active QTimer on a widget that is still alive after qtbot closed the test's widgets. Modal dialogs are
answered automatically (Cancel / no file) unless a test patches them itself, so a forgotten dialog fails a test
instead of hanging the run.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QThread, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

APP_NAME = "TransformerWorkbench"
# How long the leak check lets work that was already ending finish. Not a speed limit: on a busy machine a job that
# has sent its last signal can take seconds more to end, and only work still running after this counts as a leak.
LEAK_WAIT_MS = 30_000


@pytest.fixture(scope="session", autouse=True)
def _app_names(qapp: QApplication) -> None:
    """The names run_app sets, so QSettings() here lands where the app's would (under the test XDG folder)."""
    qapp.setOrganizationName(APP_NAME)
    qapp.setApplicationName(APP_NAME)


@pytest.fixture(autouse=True)
def _fresh_settings(_app_names: None) -> None:
    """Every test starts from empty settings (window geometry, runs folder, recent files...)."""
    settings = QSettings()
    settings.clear()
    settings.sync()


@dataclass
class DialogLog:
    """Which modal dialogs the code tried to open (title, text) while a test ran."""

    calls: list[tuple[str, str]] = field(default_factory=list)

    def titles(self) -> list[str]:
        return [c[0] for c in self.calls]


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> DialogLog:
    """Answer modal dialogs without showing them: message boxes Cancel (or OK), file dialogs no file.

    A test that wants another answer patches the same function again (its patch wins).
    """
    log = DialogLog()

    def box_exec(self: QMessageBox) -> int:
        log.calls.append((self.windowTitle(), self.text()))
        return int(QMessageBox.StandardButton.Cancel.value)

    def static(answer: QMessageBox.StandardButton) -> Any:
        def ask(parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
            log.calls.append((title, text))
            return answer

        return ask

    monkeypatch.setattr(QMessageBox, "exec", box_exec)
    monkeypatch.setattr(QMessageBox, "question", static(QMessageBox.StandardButton.Cancel))
    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, static(QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "about", static(QMessageBox.StandardButton.Ok))

    def no_file(parent: Any = None, caption: str = "", *args: Any, **kwargs: Any) -> tuple[str, str]:
        log.calls.append((caption, ""))
        return "", ""

    def no_dir(parent: Any = None, caption: str = "", *args: Any, **kwargs: Any) -> str:
        log.calls.append((caption, ""))
        return ""

    def no_text(parent: Any = None, title: str = "", label: str = "", *args: Any, **kwargs: Any) -> tuple[str, bool]:
        log.calls.append((title, label))
        return "", False

    monkeypatch.setattr(QFileDialog, "getOpenFileName", no_file)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", no_file)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", no_dir)
    monkeypatch.setattr(QInputDialog, "getText", no_text)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", no_text)
    return log


def _live_widgets() -> list[Any]:
    """Top-level and child widgets whose C++ side still exists (a deleted one must not be touched)."""
    return [w for w in QApplication.allWidgets() if shiboken6.isValid(w)]


def _running_threads() -> list[str]:
    found = []
    for widget in _live_widgets():
        for thread in widget.findChildren(QThread):
            if thread.isRunning() and not thread.wait(LEAK_WAIT_MS):
                found.append(f"{type(thread).__name__} under {type(widget).__name__}")
    return found


def _active_timers() -> list[str]:
    found = []
    for widget in _live_widgets():
        for timer in widget.findChildren(QTimer):
            if timer.isActive() and timer.parent() is widget:
                found.append(f"QTimer({timer.interval()} ms) on {type(widget).__name__}")
    return found


@pytest.fixture(scope="session", autouse=True)
def _collect_garbage_on_the_gui_thread() -> Any:
    """As the app does (app.py): a cyclic-GC pass in a training thread could delete Qt objects off the GUI
    thread, which crashes or deadlocks Qt. Automatic GC is off for the GUI tests; each test collects at teardown."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _no_leaks(qapp: QApplication) -> Any:
    """Fail the test if it leaves threads, pool jobs or timers running (checked after qtbot closed its widgets)."""
    from workbench.gui.threads import registry

    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()
    gc.collect(1)  # the young generations: cheap, and where this test's Qt objects are
    problems: list[str] = []
    pool = QThreadPool.globalInstance()
    if not pool.waitForDone(LEAK_WAIT_MS):
        problems.append(f"{pool.activeThreadCount()} thread-pool job(s) still running")
    qapp.processEvents()  # deliver the finished jobs' signals
    live = registry.running()
    if live:  # clean up (the app's one shutdown path) so one leak does not crash the next tests
        registry.shutdown(LEAK_WAIT_MS)
        qapp.processEvents()
    problems += [f"{type(w).__name__} thread still running" for w in live]
    problems += _running_threads()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    problems += _active_timers()
    if problems:
        pytest.fail("Left running after the test: " + "; ".join(problems), pytrace=False)


@pytest.fixture
def window(qtbot: Any, tmp_path: Any) -> Any:
    """The real main window as a person gets it: the default built-in data loaded, devices probed."""
    from workbench.gui.window.main_window import MainWindow

    w = MainWindow(runs_root=tmp_path / "runs")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.devices_known() and w.data_panel.is_ready(), timeout=30_000)
    return w

"""The real MainWindow end to end: default data, Start, live plot, pause/resume/stop, closing, errors, runs.

Models are tiny (d_model 32, one layer) and runs are a few dozen steps, so each test takes a second or two.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QMessageBox
from window_driver import make_tiny, start, wait_done

from workbench import paths
from workbench.core.config import ModelConfig
from workbench.core.errors import DataError
from workbench.core.runs.folder import RunFolder
from workbench.core.runs.lock import RunLock
from workbench.core.training.events import ErrorEvent, StepEvent
from workbench.gui.widgets import error_report
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.page import Page


def test_opens_ready_to_train_on_the_default_data(window: MainWindow, qtbot) -> None:
    w = window
    assert w.windowTitle() == "Transformer Workbench"
    names = [w.sidebar.item(i).text().split()[-1] for i in range(w.sidebar.count())]
    assert names == ["Data", "Model", "Train", "Inspect", "Evaluate", "Runs"]
    assert w.current_page() == Page.DATA
    assert w.data_panel.is_ready() and w.data_panel.data_config().source.startswith("demo:")
    assert w.start_action.isEnabled() and w.train_panel.start_button.isEnabled()
    assert not w.stop_action.isEnabled() and not w.pause_action.isEnabled()
    assert w.device_label.text().startswith("CPU (") or "GiB" in w.device_label.text()
    # The preset suits the device training will use: tiny on a CPU (a falling loss within seconds), small on a GPU.
    device = w.train_panel.current_device()
    assert w.model_panel.preset_name() == ("tiny" if device.kind == "cpu" else "small")
    if device.kind == "cpu":
        assert "because training runs on the CPU" in w.model_panel.preset_note.text()
    assert not w.model_panel.preset_note.isHidden() and w.train_panel.train_config().batch_size == 32
    for action in (w.open_action, w.start_action, w.stop_action, *w.page_actions):
        assert action.toolTip()
    for i in range(w.sidebar.count()):
        assert w.sidebar.item(i).toolTip()


def test_keyboard_switches_pages_starts_and_stops(window: MainWindow, qtbot) -> None:
    w = window
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=30_000)
    for page in (Page.MODEL, Page.TRAIN, Page.RUNS, Page.DATA):
        qtbot.keyClick(w.sidebar, Qt.Key(Qt.Key.Key_1.value + page), Qt.KeyboardModifier.ControlModifier)
        assert w.current_page() == page
    make_tiny(w, steps=100_000)
    qtbot.keyClick(w.sidebar, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert w.is_training
    qtbot.waitUntil(lambda: w.plot.n_points > 1, timeout=60_000)
    qtbot.keyClick(w.sidebar, Qt.Key.Key_Escape)
    assert w.train_panel.state == "stopping"
    wait_done(qtbot, w)
    assert w.worker is None and w.stop_action.shortcuts()[0].toString() == "Ctrl+."


def test_train_pause_resume_stop(window: MainWindow, qtbot) -> None:
    w = window
    make_tiny(w, steps=100_000)
    start(qtbot, w)
    assert w.data_panel.is_locked() and w.model_panel.is_locked()
    dp = w.data_panel  # the data cannot change, but its rows stay readable (scrollable) while the run trains
    assert not dp.open_button.isEnabled() and not dp.demo_combo.isEnabled() and not dp.vocab_spin.isEnabled()
    assert dp.table.isEnabled() and dp.isEnabled()
    assert not w.train_panel.batch_box.isEnabled() and not w.open_action.isEnabled()
    qtbot.waitUntil(lambda: w.plot.n_points > 3, timeout=60_000)
    assert w.run_label.text().startswith("Run: ") and Path(w.run_path).parent == w.runs_panel.runs_root()
    assert "Step" in w.train_panel.stats_label.text() and w.train_panel.progress_bar.maximum() > 0

    worker = w.worker
    with qtbot.waitSignal(worker.pausedAt, timeout=10_000) as blocker:
        qtbot.mouseClick(w.train_panel.pause_button, Qt.MouseButton.LeftButton)
    held = blocker.args[0]
    assert w.train_panel.state == "paused" and worker.trainer.paused and worker.paused_at == held
    assert "Paused after step" in w.train_panel.status_label.text()
    n = w.plot.n_points
    assert n == held  # every step up to the hold reached the plot, none after it can come before resume
    qtbot.mouseClick(w.train_panel.pause_button, Qt.MouseButton.LeftButton)  # now "Resume"
    assert w.train_panel.state == "running" and not worker.trainer.paused
    qtbot.waitUntil(lambda: w.plot.n_points > n, timeout=30_000)

    with qtbot.waitSignal(w.trainingEnded, timeout=60_000):
        qtbot.mouseClick(w.train_panel.stop_button, Qt.MouseButton.LeftButton)
        assert w.train_panel.state == "stopping"
    assert worker.last_done is not None and worker.last_done.reason == "stopped"
    run = Path(w.run_path)
    assert RunFolder(run).has_checkpoint()
    assert json.loads((run / "run.json").read_text())["status"] == "stopped"
    assert not w.data_panel.is_locked() and w.data_panel.open_button.isEnabled()
    assert not w.model_panel.is_locked() and w.train_panel.start_button.isEnabled()
    assert "Training stopped" in w.train_panel.status_label.text()
    [row] = w.runs_panel.runs()
    assert row.status == "stopped" and row.can_continue


def test_a_short_run_finishes_and_appears_in_the_runs_page(window: MainWindow, qtbot, monkeypatch) -> None:
    w = window
    make_tiny(w, steps=8)
    w.start_action.trigger()  # the toolbar / Ctrl+Return path
    wait_done(qtbot, w)
    assert w.worker is None and w.plot.n_points == 8
    [row] = w.runs_panel.runs()
    assert row.status == "finished" and row.steps == 8 and row.val_accuracy is not None

    w.plot.clear()
    w.runs_panel.select_paths([row.path])
    qtbot.mouseClick(w.runs_panel.open_button, Qt.MouseButton.LeftButton)
    assert w.plot.n_points == 8 and w.run_label.text().startswith("Viewing:")

    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("first", True))
    qtbot.mouseClick(w.runs_panel.rename_button, Qt.MouseButton.LeftButton)
    assert w.runs_panel.runs()[0].name == "first"
    qtbot.mouseClick(w.runs_panel.compare_button, Qt.MouseButton.LeftButton)
    assert w.plot.overlay_names() == ["first"]
    monkeypatch.setattr(QMessageBox, "exec", lambda self: int(QMessageBox.StandardButton.Ok.value))
    qtbot.mouseClick(w.runs_panel.delete_button, Qt.MouseButton.LeftButton)
    assert w.runs_panel.runs() == [] and not row.path.exists()


def test_continue_a_stopped_run(window: MainWindow, qtbot) -> None:
    w = window
    make_tiny(w, steps=10_000)
    start(qtbot, w)
    qtbot.waitUntil(lambda: w.plot.n_points >= 3, timeout=60_000)
    w.stop_action.trigger()
    wait_done(qtbot, w)
    first = Path(w.run_path)
    stopped_at = json.loads((first / "run.json").read_text())["steps"]

    w.runs_panel.select_paths([first])
    assert w.runs_panel.continue_button.isEnabled()
    with RunLock(first):  # as `workbench train --resume` in a terminal holds it: Continue is refused, nothing lost
        qtbot.mouseClick(w.runs_panel.continue_button, Qt.MouseButton.LeftButton)
        wait_done(qtbot, w)
        assert f"being written by process {os.getpid()}" in w.train_panel.error_message
    assert json.loads((first / "run.json").read_text())["status"] == "stopped"
    w.runs_panel.select_paths([first])
    qtbot.mouseClick(w.runs_panel.continue_button, Qt.MouseButton.LeftButton)
    assert w.is_training
    qtbot.waitUntil(lambda: w.plot.n_points >= stopped_at + 3, timeout=60_000)
    assert Path(w.run_path) == first  # the same folder, not a new run
    w.stop_action.trigger()
    wait_done(qtbot, w)
    assert json.loads((first / "run.json").read_text())["steps"] > stopped_at
    assert len(w.runs_panel.runs()) == 1


def test_close_while_training_asks_then_closes_once_the_model_is_saved(
    window: MainWindow, qtbot, monkeypatch, dialogs
) -> None:
    w = window
    make_tiny(w, steps=100_000)
    start(qtbot, w)
    qtbot.waitUntil(lambda: w.plot.n_points > 2, timeout=60_000)

    assert not w.close()  # the conftest answers Cancel: nothing happens
    assert dialogs.titles() == ["Training is running"] and w.is_training and w.train_panel.state == "running"

    monkeypatch.setattr(QMessageBox, "exec", lambda self: int(QMessageBox.StandardButton.Ok.value))
    assert not w.close()  # refused for now: the window waits for the worker without blocking
    assert w.isVisible() and w.train_panel.state == "stopping"
    assert not w.close()  # asking again while stopping does not ask twice
    assert len(dialogs.titles()) == 1
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=30_000)
    assert w.worker is None and RunFolder(w.run_path).has_checkpoint()
    # Quick because it only saved: no validation pass on the way out (what once took seconds), however busy
    # the machine is.
    run = RunFolder(w.run_path)
    saved_at = run.info()["last_checkpoint_step"]
    assert run.info()["status"] == "stopped" and saved_at >= 3
    assert not [r for r in run.read_metrics() if r["type"] == "eval" and r["step"] == saved_at]
    assert QSettings().value("window/page") is not None  # settings saved on the real close


def test_errors_show_a_message_and_copy_details(window: MainWindow, qtbot, monkeypatch) -> None:
    from workbench.core.training import engine

    class FailingTrainer:
        """Yields one step then the NaN error the engine would, so the plot keeps what it had."""

        def __init__(self, config, **kwargs) -> None:
            self.run = None
            self.device = None
            self.resuming = False
            self.warnings: list[str] = []
            self.paused = False

        def prepare(self) -> None:
            pass

        def fit(self):
            yield StepEvent(1, 0.01, 0.69, 1e-3, 1000.0, 100, 0.05)
            yield ErrorEvent(1, "The loss became nan at step 2, so training stopped. Try a lower learning rate.",
                             "the details", kind="nan_loss")  # fmt: skip

        def pause(self) -> None: ...
        def resume(self) -> None: ...
        def stop(self) -> None: ...

    monkeypatch.setattr(engine, "Trainer", FailingTrainer)
    w = window
    make_tiny(w, steps=100)
    start(qtbot, w)
    wait_done(qtbot, w)
    tp = w.train_panel
    assert "loss became nan" in tp.error_message and "loss became nan" in w.statusBar().currentMessage()
    assert w.current_page() == Page.TRAIN and w.plot.n_points == 1 and tp.start_button.isEnabled()
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(tp.copy_button, Qt.MouseButton.LeftButton)
    report = QGuiApplication.clipboard().text()
    assert "loss became nan" in report and "the details" in report and "d_model = 32" in report
    assert "Versions:" in report
    assert "loss became nan" in (paths.user_log_dir() / error_report.LOG_NAME).read_text(encoding="utf-8")

    class BadDataTrainer(FailingTrainer):
        def prepare(self) -> None:
            raise DataError("data.csv has one class; classification needs at least 2. Check the label column.")

    monkeypatch.setattr(engine, "Trainer", BadDataTrainer)
    start(qtbot, w)
    wait_done(qtbot, w)
    assert "one class" in tp.error_message and "cannot be trained" in tp.error_title.text()


def test_impossible_settings_are_refused_before_a_thread_starts(window: MainWindow, monkeypatch) -> None:
    from workbench.core.errors import ConfigError

    def broken() -> ModelConfig:
        raise ConfigError("The number of heads (3) must divide d_model (32); choose one of 1, 2, 4, 8, 16, 32.")

    monkeypatch.setattr(window.model_panel, "model_config", broken)
    window.start_action.trigger()
    assert window.worker is None and "number of heads" in window.train_panel.error_message
    assert window.train_panel.state == "idle" and window.current_page() == Page.TRAIN


def test_settings_remember_the_page_and_splitter(qtbot, tmp_path: Path) -> None:
    w = MainWindow(runs_root=tmp_path)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(w.devices_known, timeout=30_000)
    w.show_page(Page.RUNS)
    w.splitter.setSizes([300, 900])
    sizes = w.splitter.sizes()
    assert w.close()
    again = MainWindow(runs_root=tmp_path)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(again.devices_known, timeout=30_000)
    assert again.current_page() == Page.RUNS and again.splitter.sizes() == sizes


def test_dropping_a_file_opens_it_in_the_data_panel(window: MainWindow, qtbot, tmp_path: Path) -> None:
    csv = tmp_path / "mine.csv"
    rows = [f"text {i} {'good' if i % 2 else 'bad'},{'pos' if i % 2 else 'neg'}" for i in range(40)]
    csv.write_text("text,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(csv))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    window.show_page(Page.RUNS)
    window.dropEvent(event)
    assert window.current_page() == Page.DATA
    qtbot.waitUntil(lambda: not window.data_panel.is_busy() and "mine" in window.data_panel.data_config().source,
                    timeout=30_000)  # fmt: skip
    assert window.data_panel.is_ready()


def test_no_arguments_open_the_app_and_a_subcommand_runs_the_cli(monkeypatch, capsys) -> None:
    import workbench.__main__ as entry
    from workbench.gui import app

    calls: list[list[str]] = []
    monkeypatch.setattr(app, "run_app", lambda argv, lesson=None: calls.append(argv) or 0)
    assert entry.main([]) == 0 and len(calls) == 1
    with pytest.raises(SystemExit) as exit_info:
        entry.main(["train", "--help"])
    assert exit_info.value.code == 0 and "usage: workbench train" in capsys.readouterr().out
    assert len(calls) == 1


def test_theme_follows_a_dark_palette(qapp) -> None:
    from workbench.gui.widgets import theme

    before = qapp.palette()
    try:
        qapp.setPalette(theme.dark_palette())
        assert theme.is_dark() and theme.color("error") == "#f28b82"
        qapp.setPalette(theme.light_palette())
        assert not theme.is_dark() and theme.color("error") == "#b3261e"
    finally:
        qapp.setPalette(before)


def test_the_window_modules_do_not_import_torch() -> None:
    """The window can appear before torch has loaded: only the worker thread and the device probe import it."""
    import subprocess
    import sys

    code = (
        "import sys; import workbench.gui.app, workbench.gui.window.main_window; "
        "mods = ('torch', 'workbench.core.training.engine', 'workbench.core.runs.folder'); "
        "print(sorted(m for m in mods if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_the_model_size_follows_the_device_found(window: MainWindow, qtbot) -> None:
    """A GPU that turns up (the probe reports in the background) gets the small preset, the CPU tiny; once the
    person picks a size, a device change leaves it alone."""
    from workbench.gui.threads.device_probe import DeviceInfo, cpu_device

    w, mp = window, window.model_panel
    gpu = DeviceInfo("cuda:0", "NVIDIA Test GPU (24 GiB)", 24 * 2**30, "cuda")
    w._on_devices_found([gpu, cpu_device()])
    assert mp.preset_name() == "small" and "graphics card (NVIDIA Test GPU (24 GiB))" in mp.preset_note.text()
    tp = w.train_panel
    tp.device_box.setCurrentIndex(tp.device_box.findData("cpu"))
    assert mp.preset_name() == "tiny" and "runs on the CPU" in mp.preset_note.text()
    qtbot.mouseClick(mp.preset_buttons["small"], Qt.MouseButton.LeftButton)
    tp.device_box.setCurrentIndex(tp.device_box.findData("cuda:0"))
    tp.device_box.setCurrentIndex(tp.device_box.findData("cpu"))
    assert mp.preset_name() == "small" and mp.preset_note.isHidden()


def test_icons_are_redrawn_for_a_dark_palette(window: MainWindow, qapp) -> None:
    from workbench.gui.widgets import theme

    before = qapp.palette()
    light = window.pause_action.icon().pixmap(24, 24).toImage()
    try:
        qapp.setPalette(theme.dark_palette())
        qapp.processEvents()
        dark = window.pause_action.icon().pixmap(24, 24).toImage()
        assert light != dark  # drawn again in the dark palette's (light) text colour
    finally:
        qapp.setPalette(before)


def _mnemonics(w: MainWindow) -> list[str]:
    """The Alt+letter keys of everything visible now: menu titles, labels with buddies, buttons."""
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    texts = [a.text() for a in w.menuBar().actions()]
    texts += [lab.text() for lab in w.findChildren(QLabel) if lab.buddy() is not None and lab.isVisibleTo(w)]
    texts += [b.text() for b in w.findChildren(QAbstractButton) if b.isVisibleTo(w)]
    return [m.group(1).lower() for t in texts for m in [re.search(r"(?<!&)&([^&\s])", t)] if m]


@pytest.mark.parametrize("page", [Page.DATA, Page.MODEL, Page.TRAIN, Page.INSPECT, Page.EVALUATE, Page.RUNS])
def test_each_alt_key_does_one_thing_on_every_page(qtbot, tmp_path: Path, page: int) -> None:
    w = MainWindow(runs_root=tmp_path / "runs")
    qtbot.addWidget(w)
    w.show()
    w.show_page(page)
    w.train_panel.error_frame.show()  # its Copy details button counts too
    assert w.settings_level.is_simple()  # a new user's: the Model page shows little more than the presets
    keys = _mnemonics(w)
    assert len(keys) >= 6 and len(keys) == len(set(keys)), sorted(keys)
    w.settings_level.set_simple(False)
    keys = _mnemonics(w)
    minimum = 6 if page in (Page.INSPECT, Page.EVALUATE) else 8  # the menu bar's six, plus the page's own controls
    assert len(keys) >= minimum and len(keys) == len(set(keys)), sorted(keys)
    qtbot.waitUntil(w.devices_known, timeout=30_000)


def test_a_damaged_run_folder_does_not_stop_the_window_from_opening(qtbot, tmp_path: Path) -> None:
    """Issue 18, problem 7: `d_model = "big"` in one config.toml raised in the window's constructor."""
    broken = tmp_path / "runs" / "2026-01-01_100000_reviews_custom"
    broken.mkdir(parents=True)
    (broken / "run.json").write_text(json.dumps({"format_version": 1, "status": "finished", "steps": "many"}))
    (broken / "config.toml").write_text('[model]\nd_model = "big"\n')
    w = MainWindow(runs_root=tmp_path / "runs")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(w.devices_known, timeout=30_000)
    w.show_page(Page.RUNS)
    (row,) = w.runs_panel.runs()
    assert row.status == "damaged" and "d_model" in row.problem

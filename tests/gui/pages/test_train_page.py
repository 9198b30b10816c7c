"""The Train panel (settings, states, progress, errors) and the TrainingWorker that runs a real tiny Trainer."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from workbench import paths
from workbench.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig
from workbench.core.data.dataset import Dataset, stratified_split
from workbench.core.errors import ConfigError
from workbench.core.runs.folder import RunFolder
from workbench.core.training.events import DoneEvent, ErrorEvent, EvalEvent, StepEvent
from workbench.gui.pages.train.train_page import LearningRateBox, TrainPanel, default_threads, format_duration
from workbench.gui.threads.device_probe import DeviceInfo
from workbench.gui.threads.training_worker import TrainingWorker
from workbench.gui.widgets import error_report

GPU = DeviceInfo("cuda:0", "Test GPU (24 GiB)", 24 * 2**30, "cuda")
CPU = DeviceInfo("cpu", "CPU", 16 * 2**30, "cpu")


@pytest.fixture
def panel(qtbot) -> TrainPanel:
    p = TrainPanel()
    qtbot.addWidget(p)
    return p


def tiny_config(**train: object) -> RunConfig:
    model = ModelConfig(d_model=32, n_heads=2, n_layers=1, d_ff=64, max_len=32, dropout=0.0)
    settings = {"batch_size": 16, "max_steps": 12, "lr": 3e-3, "precision": "fp32", "device": "cpu", **train}
    return RunConfig(DataConfig(vocab_size=200), model, TrainConfig(**settings), preset=None)


@pytest.fixture
def splits(tiny_texts) -> tuple[Dataset, Dataset]:
    texts, labels = tiny_texts
    return stratified_split(Dataset(texts, labels, source="tiny"), 0.2, seed=0)


def make_worker(qtbot, splits, tmp_path: Path, **train: object) -> tuple[TrainingWorker, list]:
    from workbench.core.training.engine import Trainer

    train_set, val_set = splits
    cfg = tiny_config(**train)
    worker = TrainingWorker(lambda: Trainer(cfg, train=train_set, val=val_set, runs_root=tmp_path))
    events: list = []
    for sig in (worker.step, worker.evaluated, worker.checkpoint, worker.finished, worker.failed, worker.prepared):
        sig.connect(events.append)
    return worker, events


# ------------------------------------------------------------------------------------------------ settings


def test_defaults_make_a_sensible_cpu_run(panel: TrainPanel) -> None:
    t = panel.train_config()
    t.validate()
    assert (t.batch_size, t.epochs, t.lr, t.device, t.precision) == (32, 10.0, 2e-3, "auto", "auto")
    assert t.max_steps is None and t.max_time is None and t.warmup_steps is None
    assert t.threads == default_threads()  # no GPU known yet: the CPU trains with all cores but one
    assert panel.start_button.isEnabled() and not panel.pause_button.isEnabled()
    for w in (panel.device_box, panel.batch_box, panel.lr_box, panel.epochs_box, panel.start_button):
        assert w.toolTip()


def test_gpus_are_offered_by_name_and_memory(panel: TrainPanel, qtbot) -> None:
    with qtbot.waitSignal(panel.deviceChanged) as blocker:
        panel.set_devices([GPU, CPU])
    assert blocker.args == [GPU.memory_bytes, "Test GPU (24 GiB)"]  # more than 2**31: no overflow
    assert panel.device_box.itemText(0) == "Automatic (Test GPU (24 GiB))"
    assert "GPU 0: Test GPU (24 GiB)" in [panel.device_box.itemText(i) for i in range(panel.device_box.count())]
    assert panel.train_config().threads is None and not panel.threads_box.isEnabled()
    with qtbot.waitSignal(panel.deviceChanged) as blocker:
        panel.device_box.setCurrentIndex(panel.device_box.findData("cpu"))
    assert blocker.args[1] == f"CPU ({panel.threads_box.value()} thread{'s' if default_threads() != 1 else ''})"
    assert panel.train_config().device == "cpu" and panel.threads_box.isEnabled()


def test_settings_map_to_the_train_config(panel: TrainPanel, qtbot) -> None:
    with qtbot.waitSignal(panel.batchSizeChanged) as blocker:
        panel.batch_box.setValue(64)
    assert blocker.args == [64]
    panel.max_steps_box.setValue(500)
    panel.time_box.setValue(2.5)
    panel.warmup_box.setValue(10)
    panel.seed_box.setValue(7)
    panel.precision_box.setCurrentIndex(panel.precision_box.findData("bf16"))
    t = panel.train_config()
    assert (t.batch_size, t.max_steps, t.max_time, t.warmup_steps, t.seed, t.precision) == (
        64,
        500,
        150.0,
        10,
        7,
        "bf16",
    )


def test_learning_rate_box_reads_scientific_notation_and_halves_or_doubles() -> None:
    box = LearningRateBox()
    assert box.text() == "2.0e-03"
    box.lineEdit().selectAll()
    box.lineEdit().insert("3e-4")
    box.interpretText()
    assert box.value() == pytest.approx(3e-4)
    box.stepBy(1)
    assert box.value() == pytest.approx(6e-4)
    box.stepBy(-2)
    assert box.value() == pytest.approx(1.5e-4)


def test_running_locks_the_settings_and_pause_becomes_resume(panel: TrainPanel, qtbot) -> None:
    panel.set_running("running")
    assert not panel.batch_box.isEnabled() and not panel.device_box.isEnabled()
    assert not panel.start_button.isEnabled() and panel.stop_button.isEnabled()
    assert panel.progress_bar.maximum() == 0  # busy while preparing
    with qtbot.waitSignal(panel.pauseRequested):
        qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    panel.set_running("paused")
    assert panel.pause_button.text() == "Resume"
    with qtbot.waitSignal(panel.resumeRequested):
        qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    panel.set_running("stopping")
    assert not panel.pause_button.isEnabled() and not panel.stop_button.isEnabled()
    panel.set_running("idle")
    assert panel.batch_box.isEnabled() and panel.start_button.isEnabled()
    with pytest.raises(ValueError):
        panel.set_running("flying")


def test_progress_shows_steps_speed_and_time_left(panel: TrainPanel) -> None:
    panel.set_running("running")
    panel.show_progress(StepEvent(25, 0.5, 2.0, 1e-3, 12_345.0, 100, 10.0))
    panel.flush_progress()
    text = panel.stats_label.text()
    assert "Step 25 of 100" in text and "12 k tokens/s" in text and "about 0:30 left" in text
    assert (panel.progress_bar.maximum(), panel.progress_bar.value()) == (100, 25)
    assert format_duration(3725) == "1:02:05" and format_duration(float("nan")) == "—"
    panel.show_done(DoneEvent(25, "stopped", {"val_loss": 0.5, "val_accuracy": 0.75}))
    assert "Training stopped at step 25" in panel.status_label.text() and "75.0%" in panel.status_label.text()


def test_an_error_is_readable_and_copy_details_gives_the_full_report(panel: TrainPanel, qtbot) -> None:
    cfg = tiny_config()
    panel.set_report_context(cfg.to_toml(), {"Run folder": "/tmp/some-run"})
    panel.set_running("running")
    event = ErrorEvent(7, "The loss became nan at step 8, so training stopped.", "Traceback: boom", kind="nan_loss")
    panel.show_error(event)
    assert panel.error_frame.isVisibleTo(panel)
    assert panel.error_message == event.message
    assert "unstable" in panel.error_title.text()
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert event.message in copied and "Traceback: boom" in copied and "Step: 7" in copied
    assert "d_model = 32" in copied and "Run folder: /tmp/some-run" in copied
    assert "PySide6-Essentials" in copied and "Python" in copied
    log = paths.user_log_dir() / error_report.LOG_NAME
    assert event.message in log.read_text(encoding="utf-8")
    # Where the report went: the file name in the text (a long path is shortened), the full path in the tooltip.
    assert log.name in panel.error_log_label.text() and str(log) in panel.error_log_label.toolTip()
    panel.set_running("idle")
    panel.set_running("running")  # a new run hides the old error
    assert not panel.error_frame.isVisibleTo(panel)


# ------------------------------------------------------------------------------------------------ worker


def test_worker_delivers_every_event_on_the_main_thread(qtbot, splits, tmp_path: Path) -> None:
    worker, events = make_worker(qtbot, splits, tmp_path, max_steps=12, eval_every=6)
    with qtbot.waitSignal(worker.ended, timeout=60_000):
        worker.start()
    steps = [e.step for e in events if isinstance(e, StepEvent)]
    assert steps == list(range(1, 13))
    assert [e.step for e in events if isinstance(e, EvalEvent)] == [6, 12]
    assert isinstance(events[-1], DoneEvent) and events[-1].reason == "finished"
    prepared = events[0]
    assert Path(prepared.run_path).parent == tmp_path and prepared.device.startswith("CPU")
    assert RunFolder(prepared.run_path).has_checkpoint()
    assert not worker.is_running and worker.steps_seen == 12


def test_pause_holds_the_trainer_then_resume_and_stop_keep_the_checkpoint(qtbot, splits, tmp_path: Path) -> None:
    worker, events = make_worker(qtbot, splits, tmp_path, max_steps=5000)
    seen: list[tuple[int, bool]] = []
    worker.step.connect(lambda e: seen.append((e.step, worker.is_paused)))
    worker.start()
    qtbot.waitUntil(lambda: worker.steps_seen >= 3, timeout=60_000)
    with qtbot.waitSignal(worker.pausedAt, timeout=10_000) as blocker:
        worker.pause()
    held = blocker.args[0]
    assert worker.paused_at == held and worker.trainer.paused
    # Every step up to the hold has been delivered and none after it can come before resume().
    assert max(s for s, _ in seen) == held
    worker.resume()
    assert not worker.trainer.paused
    qtbot.waitUntil(lambda: max(s for s, _ in seen) > held, timeout=10_000)
    with qtbot.waitSignal(worker.ended, timeout=60_000):
        worker.stop()
    done = worker.last_done
    assert done is not None and done.reason == "stopped" and done.step < 5000
    run = Path(events[0].run_path)
    assert RunFolder(run).has_checkpoint()


def test_pause_before_the_first_step_is_confirmed_too(qtbot, splits, tmp_path: Path) -> None:
    worker, _ = make_worker(qtbot, splits, tmp_path, max_steps=50)
    worker.pause()  # remembered until the trainer exists
    with qtbot.waitSignal(worker.pausedAt, timeout=60_000) as blocker:
        worker.start()
    assert blocker.args == [0] and worker.steps_seen == 0
    with qtbot.waitSignal(worker.ended, timeout=60_000):
        worker.stop()
    assert worker.last_done.reason == "stopped"


def test_bad_settings_and_crashes_become_error_events(qtbot, splits, tmp_path: Path) -> None:
    def bad() -> None:
        raise ConfigError("The number of heads (3) must divide d_model (32); choose one of 1, 2, 4.")

    worker = TrainingWorker(bad)
    with qtbot.waitSignal(worker.failed, timeout=10_000) as blocker:
        worker.start()
    qtbot.waitUntil(lambda: not worker.is_running)
    assert blocker.args[0].kind == "input" and "heads" in blocker.args[0].message

    def crash() -> None:
        raise KeyError("surprise")

    worker = TrainingWorker(crash)
    with qtbot.waitSignal(worker.failed, timeout=10_000) as blocker:
        worker.start()
    qtbot.waitUntil(lambda: not worker.is_running)
    err = blocker.args[0]
    assert err.kind == "error" and "KeyError" in err.message and "Traceback" in err.details


class FakeTrainer:
    """Just enough of the Trainer for the worker: one step, then the NaN error the engine would yield."""

    run = None
    device = None
    resuming = False
    warnings: list[str] = []  # noqa: RUF012
    paused = False

    def prepare(self) -> None:
        pass

    def fit(self):
        yield StepEvent(1, 0.1, 0.7, 1e-3, 100.0, 10, 0.1)
        yield ErrorEvent(1, "The loss became nan at step 2, so training stopped.", kind="nan_loss")

    def pause(self) -> None:
        self.paused = True

    def resume(self) -> None:
        self.paused = False

    def stop(self) -> None:
        pass


def test_an_error_event_from_the_trainer_ends_the_run(qtbot) -> None:
    worker = TrainingWorker(FakeTrainer)
    failed: list[ErrorEvent] = []
    worker.failed.connect(failed.append)
    with qtbot.waitSignal(worker.ended, timeout=10_000):
        worker.start()
    assert [e.kind for e in failed] == ["nan_loss"] and worker.last_done is None and worker.steps_seen == 1


def test_stop_before_start_does_nothing_and_ends(qtbot) -> None:
    worker = TrainingWorker(lambda: pytest.fail("the trainer must not be built"))
    worker.stop()
    with qtbot.waitSignal(worker.ended, timeout=10_000):
        worker.start()
    assert worker.last_done == DoneEvent(0, "stopped", {})
    with pytest.raises(RuntimeError):
        worker.start()


# ------------------------------------------------------------------------------------------------ what to train


def fake_pretrained(root: Path, name: str, created: str, masked: float) -> Path:
    """A pre-training run folder as the Runs page lists it (settings, facts and a weights file)."""
    import json

    path = root / name
    path.mkdir(parents=True)
    (path / "config.toml").write_text(tiny_config(task="mlm").to_toml())
    info = {"status": "finished", "created": created, "task": "mlm", "final_metrics": {"masked_accuracy": masked}}
    (path / "run.json").write_text(json.dumps(info))
    (path / "model.safetensors").write_bytes(b"")
    return path


def test_the_task_choice_shows_its_options_and_maps_to_the_train_config(panel: TrainPanel, qtbot, tmp_path) -> None:
    from workbench.core.runs.summary import read_run

    picker = panel.task_picker
    panel.show()
    assert panel.task() == "classify" and panel.train_config().task == "classify"
    assert picker.pretrain_options.isHidden() and picker.finetune_options.isHidden()
    with qtbot.waitSignal(panel.taskChanged) as blocker:
        qtbot.mouseClick(picker.pretrain_radio, Qt.MouseButton.LeftButton)
    assert blocker.args == ["mlm"] and not picker.pretrain_options.isHidden()
    assert "masked words" in picker.description.text()
    t = panel.train_config()
    assert (t.task, t.init_from) == ("mlm", None)
    t.validate()

    older = fake_pretrained(tmp_path, "a", "2026-01-01T10:00:00", 0.25)
    newer = fake_pretrained(tmp_path, "b", "2026-01-02T10:00:00", 0.4)
    rows = [read_run(older), read_run(newer)]
    picker.set_pretrained_runs(rows)
    qtbot.mouseClick(picker.finetune_radio, Qt.MouseButton.LeftButton)
    assert picker.pretrained_path() == str(newer) and "40.0% masked" in picker.pretrained_box.currentText()
    picker.freeze_box.setValue(100)
    picker.encoder_lr_box.setValue(0.3)
    t = panel.train_config()
    assert (t.task, t.init_from, t.freeze_steps, t.encoder_lr_scale) == ("classify", str(newer), 100, 0.3)
    t.validate()
    # The chosen run went away: the picker says so by signal and falls back to the one left.
    with qtbot.waitSignal(panel.pretrainedChanged) as blocker:
        picker.set_pretrained_runs(rows[:1])
    assert blocker.args == [str(older)] and picker.pretrained_path() == str(older)
    # Classify again: the fine-tuning options are not part of the settings.
    qtbot.mouseClick(picker.classify_radio, Qt.MouseButton.LeftButton)
    t = panel.train_config()
    assert (t.init_from, t.freeze_steps, t.encoder_lr_scale) == (None, 0, 1.0)
    panel.set_running("running")
    assert not picker.isEnabled()


def test_a_saved_fine_tuning_config_is_shown_again(panel: TrainPanel, tmp_path) -> None:
    from workbench.core.runs.summary import read_run

    pre = fake_pretrained(tmp_path, "pre", "2026-01-01T10:00:00", 0.3)
    panel.task_picker.set_pretrained_runs([read_run(pre)])
    assert panel.set_train_config(TrainConfig(init_from=str(pre), freeze_steps=7, encoder_lr_scale=0.5))
    assert panel.task() == "finetune" and panel.train_config().init_from == str(pre)
    assert not panel.set_train_config(TrainConfig(init_from=str(tmp_path / "deleted")))
    assert panel.set_train_config(TrainConfig(task="mlm")) and panel.task() == "mlm"


def test_a_plain_text_file_can_be_chosen_to_pre_train_on(panel: TrainPanel, monkeypatch, tmp_path) -> None:
    from PySide6.QtWidgets import QFileDialog

    book = tmp_path / "book.txt"
    book.write_text("It was a dark and stormy night.\n")
    picker = panel.task_picker
    picker.set_task("mlm")
    picker.set_data_title("Reviews (built in)")
    assert picker.text_box.currentText() == "Data page: Reviews (built in) · labels ignored"
    choose = picker.text_box.findData("__choose__")
    picker.text_box.setCurrentIndex(choose)
    picker.text_box.activated.emit(choose)  # the conftest's file dialog answers "no file": the choice stays
    assert picker.text_file() is None and picker.text_box.currentIndex() == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(book), ""))
    picker.text_box.setCurrentIndex(choose)
    picker.text_box.activated.emit(choose)
    assert picker.text_file() == str(book) and picker.text_box.currentText() == "book.txt"


def test_a_finished_pre_training_run_reports_its_masked_accuracy(panel: TrainPanel) -> None:
    metrics = {"val_loss": 4.2, "masked_accuracy": 0.31, "unigram_accuracy": 0.05}
    panel.set_running("running")
    panel.set_running("idle")
    panel.show_done(DoneEvent(40, "finished", metrics))
    text = panel.status_label.text()
    assert "masked-token accuracy 31.0%" in text and "commonest word: 5.0%" in text


def test_fp16_is_offered_on_a_graphics_card_only_and_accumulation_reaches_the_settings(qtbot) -> None:
    panel = TrainPanel()
    qtbot.addWidget(panel)
    box = panel.precision_box
    fp16 = box.model().item(box.findData("fp16"))
    assert not fp16.isEnabled()  # only the CPU is known: fp16 training needs a graphics card
    panel.set_devices([GPU, CPU])
    assert fp16.isEnabled()
    box.setCurrentIndex(box.findData("fp16"))
    panel.accumulate_box.setValue(4)
    settings = panel.train_config()
    assert settings.precision == "fp16" and settings.accumulate == 4
    panel.device_box.setCurrentIndex(panel.device_box.findData("cpu"))
    assert not fp16.isEnabled() and panel.precision() == "fp16"  # greyed out, the choice made stays

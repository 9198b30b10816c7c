"""The Train page: where and how long to train, Start / Pause / Stop, live progress, and readable errors."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import DEFAULT_PATIENCE, Precision, Task, TrainConfig, field_spec
from workbench.core.runs.summary import RunRow
from workbench.core.training.events import DoneEvent, ErrorEvent, StepEvent
from workbench.gui.pages.train.command_box import CommandBox
from workbench.gui.pages.train.device_picker import DevicePicker, default_threads
from workbench.gui.pages.train.error_box import ErrorBox
from workbench.gui.pages.train.lr_box import LearningRateBox
from workbench.gui.pages.train.preparing import stage_text
from workbench.gui.pages.train.simple_view import accumulate_box, add_switch_and_markers, show_simple
from workbench.gui.pages.train.task_picker import TaskPicker
from workbench.gui.pages.train.train_progress import TrainProgress, done_text
from workbench.gui.threads.device_probe import DeviceInfo
from workbench.gui.widgets import error_report, icons, text_scale, theme
from workbench.gui.widgets.field_spin import apply_spec
from workbench.gui.widgets.formatting import format_duration, format_rate, short_path

__all__ = ["LearningRateBox", "TrainPanel", "default_threads", "format_duration", "format_rate"]

DEFAULT_BATCH = 32
# demo:reviews needs a few hundred steps (small preset: ~400) before the loss leaves 0.69; 3 epochs would end there.
DEFAULT_EPOCHS = 10.0

STATES = ("idle", "running", "paused", "stopping")
MAX_PAGE_WIDTH = 560


class TrainPanel(QWidget):
    """Training settings and controls. The main window connects the signals to a TrainingWorker."""

    startRequested = Signal()
    pauseRequested = Signal()
    resumeRequested = Signal()
    stopRequested = Signal()
    batchSizeChanged = Signal(int)
    deviceChanged = Signal("qint64", str)  # memory in bytes (GPU memory, or RAM for the CPU), label
    precisionChanged = Signal(str)  # auto, fp32 or bf16
    taskChanged = Signal(str)  # classify, mlm or finetune
    pretrainedChanged = Signal(object)  # the pre-trained run folder fine-tuning would start from, or None
    scratchRequested = Signal()  # train the last fine-tuning run's classification from scratch beside it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = "idle"
        self._memorising = ""  # the latest memorising warning of the current run
        self._report = ""
        self._config_text: str | None = None
        self._context: dict[str, str] = {}
        self._build()
        self.set_running("idle")

    # --- layout ---------------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)

        intro = QLabel(
            self.tr(
                "Choose what to train, where and for how long, then press <b>Start training</b>. The loss on the right "
                "should fall as the model learns; pause or stop at any time and keep what it learnt."
            )
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)

        self.task_picker = TaskPicker()
        self.task_picker.taskChanged.connect(self.taskChanged)
        self.task_picker.pretrainedChanged.connect(self.pretrainedChanged)
        self.task_picker.pretrainedChanged.connect(
            lambda _path: self.lr_box.suggest_for_model_folder(self.task_picker.pretrained_box.is_model_folder())
        )
        self.task_picker.scratchRequested.connect(self.scratchRequested)
        outer.addWidget(self.task_picker)

        self.where = where = DevicePicker()
        self.device_box, self.threads_box, self.precision_box = where.device_box, where.threads_box, where.precision_box
        where.deviceChanged.connect(self.deviceChanged)
        where.precisionChanged.connect(self.precisionChanged)
        wf = where.form
        outer.addWidget(where)

        how_long = QGroupBox(self.tr("How long"))
        hf = QFormLayout(how_long)
        self.epochs_box = QDoubleSpinBox()
        apply_spec(self.epochs_box, field_spec(TrainConfig, "epochs"))
        self.epochs_box.setValue(DEFAULT_EPOCHS)
        self.epochs_box.setToolTip(
            self.tr(
                "How many times the model reads the whole training set (1–20 is typical). Training ends at whichever "
                "limit comes first."
            )
        )
        hf.addRow(self.tr("&Epochs:"), self.epochs_box)
        self.max_steps_box = QSpinBox()
        apply_spec(self.max_steps_box, field_spec(TrainConfig, "max_steps"))
        self.max_steps_box.setMinimum(0)  # below the setting's range: "no limit"
        self.max_steps_box.setValue(0)
        self.max_steps_box.setSpecialValueText(self.tr("no limit"))
        self.max_steps_box.setToolTip(
            self.tr("Stop after this many training steps (one step = one batch). 'no limit' lets the epochs decide.")
        )
        hf.addRow(self.tr("Stop &after steps:"), self.max_steps_box)
        self.time_box = QDoubleSpinBox()
        self.time_box.setRange(0.0, 24 * 60.0)
        self.time_box.setDecimals(1)
        self.time_box.setSuffix(self.tr(" min"))
        self.time_box.setSpecialValueText(self.tr("no limit"))
        self.time_box.setToolTip(
            self.tr("Stop after this many minutes of training (pauses do not count). 0 = no limit.")
        )
        hf.addRow(self.tr("&Time limit:"), self.time_box)
        self.early_stop_box = QCheckBox(
            self.tr("After {patience} evaluations without a better validation loss").format(patience=DEFAULT_PATIENCE)
        )
        self.early_stop_box.setChecked(True)
        self.early_stop_box.setToolTip(
            self.tr(
                "End training when the validation loss has stopped improving, and keep the best weights (Inspect and "
                "Evaluate use them). Untick to train to the end of the epochs or time whatever happens."
            )
        )
        hf.addRow(self.tr("Stop early:"), self.early_stop_box)  # its letters are all taken as Alt keys
        outer.addWidget(how_long)

        learn = QGroupBox(self.tr("How it learns"))
        lf = QFormLayout(learn)
        self.batch_box = QSpinBox()
        apply_spec(self.batch_box, field_spec(TrainConfig, "batch_size"))
        self.batch_box.setValue(DEFAULT_BATCH)
        self.batch_box.setToolTip(
            self.tr(
                "Texts per training step (8–256 is typical). Larger batches use more memory; the Model page shows "
                "whether it fits."
            )
        )
        self.batch_box.valueChanged.connect(self.batchSizeChanged)
        lf.addRow(self.tr("&Batch size:"), self.batch_box)
        self.accumulate_box = accumulate_box()
        lf.addRow(self.tr("Accu&mulate batches:"), self.accumulate_box)
        self.lr_box = LearningRateBox()  # with its tooltip
        lf.addRow(self.tr("&Learning rate:"), self.lr_box)
        self.warmup_box = QSpinBox()
        apply_spec(self.warmup_box, field_spec(TrainConfig, "warmup_steps"))
        self.warmup_box.setMinimum(-1)  # below the setting's range: automatic
        self.warmup_box.setValue(-1)
        self.warmup_box.setSpecialValueText(self.tr("automatic"))
        self.warmup_box.setToolTip(
            self.tr(
                "Steps over which the learning rate rises from zero at the start. Automatic uses 5 % of the run "
                "(at most 200 steps)."
            )
        )
        lf.addRow(self.tr("&Warm-up steps:"), self.warmup_box)
        self.seed_box = QSpinBox()
        apply_spec(self.seed_box, field_spec(TrainConfig, "seed"))
        self.seed_box.setToolTip(
            self.tr("Starting point for the random numbers. The same seed and settings repeat a run.")
        )
        lf.addRow(self.tr("&Seed:"), self.seed_box)
        outer.addWidget(learn)

        buttons = QHBoxLayout()
        self.start_button = QPushButton(self.tr("Start training"))
        self.start_button.setDefault(True)
        self.start_button.setToolTip(
            self.tr("Train a new model with these settings ({keys}).").format(
                keys=QKeySequence("Ctrl+Return").toString(QKeySequence.NativeText)
            )
        )
        self.start_button.clicked.connect(self.startRequested)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setToolTip(
            self.tr("Hold training after the current step; Resume continues exactly where it was.")
        )
        self.pause_button.clicked.connect(self._on_pause_clicked)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(
            self.tr(
                "End training after the current step. The model is evaluated and saved, so nothing learnt is "
                "lost ({keys})."
            ).format(keys=QKeySequence("Ctrl+.").toString(QKeySequence.NativeText))
        )
        self.stop_button.clicked.connect(self.stopRequested)
        bold = self.start_button.font()
        bold.setBold(True)
        self.start_button.setFont(bold)  # the one button a first-time user needs
        for b in (self.start_button, self.pause_button, self.stop_button):
            b.setIconSize(QSize(self.fontMetrics().height(), self.fontMetrics().height()))
            buttons.addWidget(b)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.command = CommandBox(self, buttons, outer)  # "Copy command": signal requested, then show_command(text)

        self.progress = TrainProgress()
        self.progress_bar, self.stats_label = self.progress.bar, self.progress.stats
        outer.addWidget(self.progress)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        self.status_label.setToolTip(self.tr("What training is doing now."))
        outer.addWidget(self.status_label)

        self.error_frame = ErrorBox()
        self.error_frame.copy_button.clicked.connect(self.copy_details)
        # The box's parts, under the names the rest of the app (and its tests) know them by.
        self.error_title, self.error_label = self.error_frame.title, self.error_frame.message
        self.error_log_label, self.copy_button = self.error_frame.log_label, self.error_frame.copy_button
        self.dismiss_button = self.error_frame.dismiss_button
        outer.addWidget(self.error_frame)
        outer.addStretch(1)

        self._locked_widgets: list[QWidget] = [self.task_picker, where, how_long, learn]
        self.level_switch, self.markers = add_switch_and_markers(self, outer)  # Simple / All, and the "?"s
        # One label column for the three boxes, so their fields line up down the page.
        labels = [f.labelForField(f.itemAt(r, QFormLayout.ItemRole.FieldRole).widget()) for f in (wf, hf, lf)
                  for r in range(f.rowCount())]  # fmt: skip
        width = max(label.sizeHint().width() for label in labels if label is not None)
        for label in labels:
            if label is not None:
                label.setMinimumWidth(width)
        self.setMaximumWidth(MAX_PAGE_WIDTH)  # wider, the fields only stretch further from their labels
        self.refresh_icons()

    # --- devices --------------------------------------------------------------------------------------
    def set_devices(self, devices: list[DeviceInfo]) -> None:
        """Offer these devices (GPUs first, the CPU last); called once torch has looked for them."""
        self.where.set_devices(devices)

    def devices(self) -> list[DeviceInfo]:
        return self.where.devices()

    def current_device(self) -> DeviceInfo:
        """The device training would use now (Automatic resolved to the best one found)."""
        return self.where.current_device()

    def device_text(self) -> str:
        """For the status bar: GPU name and memory, or 'CPU (N threads)'."""
        return self.where.device_text()

    def precision(self) -> str:
        """auto, fp32 or bf16."""
        return self.where.precision()

    def batch_size(self) -> int:
        return self.batch_box.value()

    # --- settings -------------------------------------------------------------------------------------
    def task(self) -> str:
        """classify, mlm (pre-training) or finetune (classify starting from a pre-trained run)."""
        return self.task_picker.task()

    def text_file(self) -> str | None:
        """The plain-text book chosen under Pre-train (None: the Data page's text)."""
        return self.task_picker.text_file()

    def set_text_file(self, path: str | None) -> None:
        self.task_picker.set_text_file(path)

    def set_data_title(self, title: str) -> None:
        """The Data page's data, as Pre-train names it."""
        self.task_picker.set_data_title(title)

    def set_pretrained_runs(self, rows: list[RunRow]) -> None:
        """The runs offered under Fine-tune (the pre-training runs among these)."""
        self.task_picker.set_pretrained_runs(rows)

    def pretrained_path(self) -> str | None:
        """The pre-trained run chosen under Fine-tune (None: none)."""
        return self.task_picker.pretrained_path()

    def scratch_wanted(self) -> bool:
        """True when "Then train it from scratch too" is ticked."""
        return self.task_picker.scratch_check.isChecked()

    def set_scratch_available(self, available: bool) -> None:
        """Whether the last fine-tuning run can be trained again from scratch beside it."""
        self.task_picker.set_scratch_available(available)

    def train_config(self) -> TrainConfig:
        """The settings as a TrainConfig (the engine validates the combination)."""
        warmup = self.warmup_box.value()
        task = self.task()
        picker = self.task_picker
        return TrainConfig(
            task=Task.MLM if task == "mlm" else Task.CLASSIFY,
            init_from=picker.pretrained_path() if task == "finetune" else None,
            freeze_steps=picker.freeze_box.value() if task == "finetune" else 0,
            encoder_lr_scale=float(picker.encoder_lr_box.value()) if task == "finetune" else 1.0,
            batch_size=self.batch_box.value(),
            accumulate=self.accumulate_box.value(),
            epochs=float(self.epochs_box.value()),
            max_steps=self.max_steps_box.value() or None,
            max_time=self.time_box.value() * 60.0 or None,
            lr=float(self.lr_box.value()),
            warmup_steps=None if warmup < 0 else warmup,
            seed=self.seed_box.value(),
            early_stopping_patience=DEFAULT_PATIENCE if self.early_stop_box.isChecked() else None,
            device=self.where.device_spec(),
            precision=Precision(self.where.precision()),
            threads=self.where.threads(),
        )

    def set_train_config(self, t: TrainConfig) -> bool:
        """Show a saved run's settings (when continuing it, or training it again). False when it started from a
        pre-trained run that is no longer listed."""
        picker = self.task_picker
        found = True
        if t.init_from:
            found = picker.select_pretrained(t.init_from)
            picker.set_task("finetune")
        else:
            picker.set_task("mlm" if t.task == Task.MLM else "classify")
        picker.freeze_box.setValue(t.freeze_steps)
        picker.encoder_lr_box.setValue(t.encoder_lr_scale)
        self.batch_box.setValue(t.batch_size)
        self.accumulate_box.setValue(t.accumulate)
        if t.epochs:
            self.epochs_box.setValue(t.epochs)
        self.max_steps_box.setValue(t.max_steps or 0)
        self.time_box.setValue((t.max_time or 0.0) / 60.0)
        self.lr_box.setValue(t.lr)
        self.warmup_box.setValue(-1 if t.warmup_steps is None else t.warmup_steps)
        self.seed_box.setValue(t.seed)
        self.early_stop_box.setChecked(t.early_stopping_patience is not None)
        self.where.set_precision(t.precision)
        return found

    def set_simple(self, simple: bool) -> None:
        show_simple(self, simple)  # simple_view.py: the advanced settings hidden, their values kept

    # --- state ----------------------------------------------------------------------------------------
    @property
    def state(self) -> str:
        return self._state

    def set_running(self, state: str) -> None:
        """idle | running | paused | stopping: enables the right buttons and locks what cannot change."""
        if state not in STATES:
            raise ValueError(f"unknown state {state!r}")
        previous, self._state = self._state, state
        idle = state == "idle"
        for w in self._locked_widgets:
            w.setEnabled(idle)
        self.where.set_idle(idle)
        self.start_button.setEnabled(idle)
        self.pause_button.setEnabled(state in ("running", "paused"))
        self.pause_button.setText(self.tr("Resume") if state == "paused" else self.tr("Pause"))
        self.pause_button.setIcon(icons.icon("play" if state == "paused" else "pause", self.palette()))
        self.pause_button.setToolTip(
            self.tr("Continue training from where it was held.")
            if state == "paused"
            else self.tr("Hold training after the current step; Resume continues exactly where it was.")
        )
        self.stop_button.setEnabled(state in ("running", "paused"))
        if state == "running" and previous == "idle":
            self.clear_error()
            self._memorising = ""
            self.progress.start()
            self.set_status(self.tr("Preparing: reading the data, building the vocabulary and the model…"))
        elif state == "running":
            self.set_status(self._memorising or self.tr("Training…"), "warning" if self._memorising else None)
        elif state == "paused":
            self.set_status(self.tr("Pausing after the current step…"))
        elif state == "stopping":
            self.set_status(self.tr("Stopping after the current step; the model is evaluated and saved first…"))
        elif previous != "idle":
            self.progress.freeze()

    def status_text(self) -> str:
        return self.status_label.text()

    def set_status(self, text: str, kind: str | None = None) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(f"color: {theme.color(kind)};" if kind else "")

    def show_paused(self, step: int) -> None:
        self.set_status(
            self.tr("Paused after step {step:,}. Press Resume to continue, or Stop to end and save.").format(step=step)
        )

    def refresh_icons(self) -> None:
        """The buttons' icons in the palette's colours (again after a light/dark switch)."""
        pal = self.palette()
        self.start_button.setIcon(icons.icon("play", pal))
        self.pause_button.setIcon(icons.icon("play" if self._state == "paused" else "pause", pal))
        self.stop_button.setIcon(icons.icon("stop", pal))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self.refresh_icons()
        elif event.type() == QEvent.Type.FontChange and hasattr(self, "task_picker"):  # grows with the text
            self.setMaximumWidth(max(text_scale.grown(MAX_PAGE_WIDTH, self), self.task_picker.sizeHint().width()))
        super().changeEvent(event)

    # --- progress -------------------------------------------------------------------------------------
    def show_stage(self, stage: str, done: int, total: int) -> None:
        if self._state == "running" and not self.progress.shown:  # what is being prepared, before the first step
            self.set_status(stage_text(stage, done, total))

    def show_progress(self, event: StepEvent | None = None) -> None:
        """Record a step; the text is refreshed at most four times a second (every step on slow runs)."""
        shown = self.progress.record(event) if event is not None else self.progress.flush()
        if shown and self.progress.shown == 1 and self._state == "running":  # the first step: no longer preparing
            self.set_status(self.tr("Training…"))

    def flush_progress(self) -> None:
        self.show_progress(None)

    def _freeze_stats(self) -> None:
        """The run is over: show where it ended, without a time-left estimate."""
        self.progress.freeze()

    def show_done(self, done: DoneEvent) -> None:
        self._freeze_stats()
        text = done_text(done)
        if self._memorising:
            text += " " + self._memorising
        if done.reason != "finished" and done.step:
            text += self.tr(" The checkpoint is saved; you can continue it from the Runs page.")
        self.set_status(text, "ok")

    def show_memorising(self, text: str) -> None:
        """Say plainly that the run is learning its training rows by heart (and keep saying it at the end)."""
        self._memorising = text
        self.set_status(text, "warning")

    # --- errors ---------------------------------------------------------------------------------------
    def set_report_context(self, config_text: str | None, context: dict[str, str] | None = None) -> None:
        """Settings and facts (run folder, device) that go into the next error report."""
        self._config_text = config_text
        self._context = dict(context or {})

    def show_error(self, event: ErrorEvent) -> None:
        """Show the plain message, keep the full report for Copy details, and append it to the log file."""
        self._freeze_stats()
        titles = {
            "input": self.tr("This cannot be trained as set up"),
            "nan_loss": self.tr("Training became unstable"),
            "out_of_memory": self.tr("Not enough memory"),
        }
        self._report = error_report.build_report(
            event.message,
            event.details,
            kind=event.kind,
            step=event.step,
            config_text=self._config_text,
            context=self._context,
        )
        log = error_report.append_to_log(self._report)
        self.error_frame.show_message(
            titles.get(event.kind, "Training stopped on an error"),
            event.message,
            self.tr("The full report was also saved to {short_path}.").format(short_path=short_path(str(log)))
            if log
            else self.tr("The report could not be saved."),
        )
        self.error_log_label.setToolTip(
            self.tr("Every error report is appended to {log}.").format(log=log) if log else ""
        )
        self.set_status("")  # the message is in the box below; saying it twice reads as two problems

    def clear_error(self) -> None:
        self.error_frame.hide()

    @property
    def error_report_text(self) -> str:
        """The full report of the last error shown ('' when none)."""
        return self._report

    @property
    def error_message(self) -> str:
        return self.error_label.text() if self.error_frame.isVisibleTo(self) else ""

    def copy_details(self) -> None:
        if self._report:
            error_report.copy_to_clipboard(self._report)
            self.set_status(self.tr("The full error report is on the clipboard."))

    # --- buttons --------------------------------------------------------------------------------------
    def _on_pause_clicked(self) -> None:
        if self._state == "paused":
            self.resumeRequested.emit()
        elif self._state == "running":
            self.pauseRequested.emit()

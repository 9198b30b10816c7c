"""The training flow: builds a run from the panels' settings, runs it on a TrainingWorker, and routes the worker's
events to the plot, the Train page, the Runs page and the status bar.

Nothing here imports torch: the engine is imported inside the worker thread, so starting a run never blocks the
window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, Signal

from workbench.core.config import DataConfig, RunConfig, Task
from workbench.core.errors import WorkbenchError
from workbench.core.runs.readers import read_run_config
from workbench.core.training.events import CheckpointEvent, DoneEvent, ErrorEvent, EvalEvent, StepEvent
from workbench.core.training.watch import memorising_message
from workbench.gui.pages.data.data_page import DataPanel
from workbench.gui.pages.model.choices import preset_title
from workbench.gui.pages.model.model_page import ModelPanel
from workbench.gui.pages.runs.runs_page import RunsPanel
from workbench.gui.pages.train.train_page import TrainPanel
from workbench.gui.plot.chance import chance_level
from workbench.gui.plot.loss_plot import LossPlot
from workbench.gui.plot.series import step_arrays
from workbench.gui.session.cluster_tools import ClusterTools
from workbench.gui.session.pretrained_lock import PretrainedLock
from workbench.gui.session.scratch_run import (
    FINE_TUNED_NAME,
    SCRATCH_PREFIX,
    comparison_text,
    pretrained_problem,
    scratch_config,
)
from workbench.gui.threads.training_worker import Prepared, TrainingWorker

_DONE_STATUS = {
    "finished": QT_TRANSLATE_NOOP("Controller", "Training finished"),
    "time_limit": QT_TRANSLATE_NOOP("Controller", "Training reached its time limit"),
    "early_stopping": QT_TRANSLATE_NOOP("Controller", "Training stopped early (no more improvement)"),
    "stopped": QT_TRANSLATE_NOOP("Controller", "Training stopped; the checkpoint is saved"),
}
_ENDED = QT_TRANSLATE_NOOP("Controller", "Training ended")


@dataclass(frozen=True)
class SessionPages:
    """The pages and the plot a training session reads its settings from and shows its progress on."""

    data: DataPanel
    model: ModelPanel
    train: TrainPanel
    runs: RunsPanel
    plot: LossPlot


class TrainingController(QObject):
    """One run at a time. `stateChanged` fires when the run starts, pauses, resumes, stops or ends; `ended` once
    the worker's thread has finished and the panels are unlocked again. What is not on a page goes out as signals:
    `statusMessage(text, timeout_ms)` for the status bar (0: until replaced), `runLabelChanged(text, tip)` for the
    run's name beside it, `trainPageWanted` when a problem is shown on the Train page.

    `sync_model` puts the data's vocabulary and classes on the Model page again (after a run that showed its own);
    `closing` says whether the window closes once the run has ended (then nothing new starts or is shown)."""

    stateChanged = Signal()
    ended = Signal()
    statusMessage = Signal(str, int)
    runLabelChanged = Signal(str, str)
    trainPageWanted = Signal()

    def __init__(
        self,
        pages: SessionPages,
        *,
        sync_model: Callable[[], None],
        closing: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._p = pages
        self._sync_model = sync_model
        self._closing = closing
        self._worker: TrainingWorker | None = None
        self._run_path: str | None = None
        self._config: RunConfig | None = None
        self._split: tuple[Any, Any] | None = None  # the rows the current run was given (None: it reads its data)
        self._done: DoneEvent | None = None
        self._then_scratch = False  # train the fine-tuning run's twin from scratch once it ends
        self._scratch_of: str | None = None  # the fine-tuning run the current run is the twin of
        self._last_finetune: str | None = None
        self._finetune_split: tuple[Any, Any] | None = None
        self.lock = PretrainedLock(pages.model, pages.data, pages.runs)
        self.ended.connect(self._after_run)
        self.cluster_tools = ClusterTools(self, pages)  # Copy command, Follow, Export to ONNX…

    # --- state ----------------------------------------------------------------------------------------
    @property
    def is_training(self) -> bool:
        return self._worker is not None and self._worker.is_running

    @property
    def worker(self) -> TrainingWorker | None:
        return self._worker

    @property
    def run_path(self) -> str | None:
        """The folder of the run training now, or of the last one trained or opened."""
        return self._run_path

    @run_path.setter
    def run_path(self, path: str | None) -> None:
        self._run_path = path

    @property
    def idle(self) -> bool:
        return self._worker is None

    def run_name(self, path: str) -> str:
        """The run's name as the Runs page shows it (its folder's name until the page has listed it)."""
        row = self._p.runs.row(path)
        return row.name if row is not None else Path(path).name

    def read_metrics(self, path: str) -> list[dict[str, Any]] | None:
        """A run's recorded metrics; None (and the reason in the status bar) when they cannot be read."""
        from workbench.core.runs.folder import RunFolder  # not needed to open the window (~7 ms of imports)

        try:
            return RunFolder.open(Path(path)).read_metrics()
        except (WorkbenchError, OSError) as err:
            self.statusMessage.emit(str(err), 10_000)
            return None

    # --- starting -------------------------------------------------------------------------------------
    def run_config(self) -> RunConfig | None:
        """The settings the panels describe, checked; None (and the reason shown) when they are not usable."""
        p = self._p
        data, tp = p.data, p.train
        task = tp.task()
        text_file = tp.text_file() if task == "mlm" else None
        if text_file is None and not data.is_ready():
            self.refuse(
                self.tr("The data is still being read; start again in a moment.")
                if data.is_busy()
                else self.tr("There is no usable data yet. Choose a built-in data set or open a file on the Data page.")
            )
            return None
        problem = pretrained_problem(tp.pretrained_path()) if task == "finetune" else None
        if problem:
            self.refuse(problem)
            return None
        try:
            data_cfg = data.data_config()
            if text_file is not None:  # read by the trainer as unlabelled text, with the Data page's tokenizer
                data_cfg = DataConfig(
                    source=text_file,
                    val_fraction=data_cfg.val_fraction,
                    tokenizer=data_cfg.tokenizer,
                    vocab_size=data_cfg.vocab_size,
                )
            cfg = RunConfig(
                data=data_cfg,
                model=p.model.model_config(),
                train=tp.train_config(),
                preset=p.model.preset_name(),
            )
            cfg.validate()
        except WorkbenchError as err:
            self.refuse(str(err))
            return None
        return cfg

    def start(self) -> None:
        """Train a new model from the panels' settings (classify, pre-train or fine-tune); problems are shown,
        never raised."""
        if self._worker is not None:
            return
        p = self._p
        data, tp = p.data, p.train
        task = tp.task()
        text_file = tp.text_file() if task == "mlm" else None
        cfg = self.run_config()
        if cfg is None:
            return
        split = None
        if text_file is None:
            split = data.datasets()
            if split is None:
                self.refuse(self.tr("The data cannot be split into training and validation sets; see the Data page."))
                return
        model = preset_title(cfg.preset) if cfg.preset else self.tr("custom")
        source = Path(text_file).name if text_file else data.source_title() or self.tr("the data")
        message = {
            "mlm": self.tr("Pre-training a {model} model on {source} (filling in masked words)…").format(
                model=model, source=source
            ),
            "finetune": self.tr("Fine-tuning {run_name} on {source}…").format(
                run_name=self.run_name(cfg.train.init_from or ""), source=source
            ),
        }.get(task) or self.tr("Training a {model} model on {source}…").format(model=model, source=source)
        p.plot.clear()
        p.plot.clear_overlays()
        self._launch(self._trainer_factory(cfg, split), cfg, message, split=split)
        self._then_scratch = task == "finetune" and tp.scratch_wanted()

    def start_scratch(self, path: str | None = None) -> None:
        """Train the fine-tuning run in `path` (default: the last one) again without its pre-trained start, with
        the same data, size, settings, steps and seed, drawn over the fine-tuning run's curves."""
        if self._worker is not None:
            return
        p = self._p
        path = path or self._last_finetune
        if not path:
            self.refuse(self.tr("Fine-tune a pre-trained run first; then it can be trained from scratch beside it."))
            return
        try:
            cfg = scratch_config(path)
        except WorkbenchError as err:
            self.refuse(str(err))
            return
        split = self._finetune_split if path == self._last_finetune else None
        if split is None and p.data.is_ready() and p.data.data_config().source == cfg.data.source:
            split = p.data.datasets()  # the same rows and split as a run started from the Data page
        records = self.read_metrics(path) or []
        p.plot.clear()
        p.plot.clear_overlays()
        p.plot.add_overlay(QCoreApplication.translate("ScratchRun", str(FINE_TUNED_NAME)), records)
        self._launch(
            self._trainer_factory(cfg, split),
            cfg,
            self.tr("Training the same classification from scratch, to compare with {run_name}…").format(
                run_name=self.run_name(path)
            ),
            split=split,
        )
        self._scratch_of = path

    def _trainer_factory(self, cfg: RunConfig, split: tuple[Any, Any] | None) -> Any:
        root = self._p.runs.runs_root()
        train, val = split if split is not None else (None, None)

        def make_trainer() -> Any:  # runs in the worker thread: the engine (and torch) load there
            from workbench.core.training.engine import Trainer

            return Trainer(cfg, train=train, val=val, runs_root=root)

        return make_trainer

    def continue_run(self, path: str) -> None:
        """Carry on training a stopped run from its checkpoint, with its saved settings."""
        if self._worker is not None:
            return
        p = self._p
        try:
            cfg = read_run_config(Path(path))
        except WorkbenchError as err:
            self.refuse(str(err))
            return
        p.train.set_train_config(cfg.train)  # first: choosing the task may put other model settings back
        p.model.set_model_config(cfg.model)
        root = p.runs.runs_root()

        def make_trainer() -> Any:
            from workbench.core.training.engine import Trainer

            return Trainer(None, run_dir=Path(path), runs_root=root, resume=True)

        p.plot.clear()
        p.plot.clear_overlays()
        self._launch(
            make_trainer,
            cfg,
            self.tr("Continuing {run_name} with its saved settings…").format(run_name=self.run_name(path)),
        )

    def _launch(self, make_trainer: Any, cfg: RunConfig, message: str, *, split: tuple[Any, Any] | None = None) -> None:
        p = self._p
        self._config = cfg
        self._split = split
        self._then_scratch = False
        self._scratch_of = None
        self._done = None
        p.plot.set_accuracy_name(
            self.tr("masked-token accuracy") if cfg.train.task == Task.MLM else self.tr("validation accuracy")
        )
        classes = cfg.model.n_classes or len(p.data.label_names())
        p.plot.chance.set_level(chance_level(str(cfg.train.task.value), classes), classes)
        worker = TrainingWorker(make_trainer)  # no Qt parent: it must outlive the window if that goes first
        worker.finished.connect(self._remember_done)
        worker.prepared.connect(self._on_prepared)
        worker.stage.connect(p.train.show_stage)
        worker.steps.connect(self._on_steps)
        worker.evaluated.connect(self._on_eval)
        worker.checkpoint.connect(self._on_checkpoint)
        worker.finished.connect(self._on_done)
        worker.failed.connect(self._on_failed)
        worker.pausedAt.connect(self._on_paused)
        worker.ended.connect(self._on_ended)
        worker.prepared.connect(self._name_twin)  # after _on_prepared, which names the run first
        self._worker = worker
        p.train.set_report_context(cfg.to_toml(), {"Device": p.train.device_text()})
        p.train.set_running("running")
        p.data.set_locked(True)
        p.model.set_locked(True)
        p.runs.set_training(True)
        self.runLabelChanged.emit(
            self.tr("Preparing a new run…"), self.tr("The run is being set up: data, vocabulary and model.")
        )
        self.statusMessage.emit(message, 0)
        self.stateChanged.emit()
        worker.start()

    # --- fine-tuning and its twin from scratch ----------------------------------------------------------
    def sync_pretrained_lock(self) -> None:
        """Lock the sizing and tokenizer controls to the chosen pre-trained run while Fine-tune is chosen."""
        tp = self._p.train
        self.lock.apply(tp.pretrained_path() if tp.task() == "finetune" else None)

    def _name_twin(self, info: Prepared) -> None:
        """The plot's own curves are the twin's; say so where the run is named (the legend names the other)."""
        if self._scratch_of and info.run_path:
            name = Path(info.run_path).name
            self.runLabelChanged.emit(
                self.tr("Run: {name} (from scratch)").format(name=name),
                self.tr(
                    "The plot shows this run trained from scratch, over the fine-tuned run {run_name} "
                    "('{overlay}' in the legend). Saved in {run_path}"
                ).format(
                    run_name=self.run_name(self._scratch_of),
                    overlay=QCoreApplication.translate("ScratchRun", str(FINE_TUNED_NAME)),
                    run_path=info.run_path,
                ),
            )

    def _remember_done(self, done: DoneEvent) -> None:
        self._done = done

    def _after_run(self) -> None:
        """Once a run has ended: lock again what a pre-trained start fixes, offer (or start) the twin from scratch
        of a fine-tuning run, and name a finished twin so the Runs page and the legend tell the two apart."""
        p = self._p
        self.lock.reapply()
        path, cfg, done = self._run_path, self._config, self._done
        if path is None or cfg is None or done is None or done.step == 0:
            return
        if cfg.train.init_from:
            self._last_finetune, self._finetune_split = path, self._split
            p.train.set_scratch_available(True)
            if self._then_scratch and done.reason != "stopped" and not self._closing():
                self.start_scratch(path)
        elif self._scratch_of:
            twin_of = self._scratch_of
            p.runs.rename_run(
                path, QCoreApplication.translate("ScratchRun", str(SCRATCH_PREFIX)) + self.run_name(twin_of)
            )
            text = comparison_text(twin_of, path)
            if text:
                tp = p.train
                tp.set_status(f"{tp.status_text()} {text}", "ok")

    def refuse(self, message: str) -> None:
        """A run that cannot start: say why on the Train page (the message names the page to fix it on)."""
        p = self._p
        p.train.show_error(ErrorEvent(0, message, kind="input"))
        self.statusMessage.emit(message, 10_000)
        self.trainPageWanted.emit()

    # --- steering -------------------------------------------------------------------------------------
    def pause(self) -> None:
        if self._worker is not None and self._p.train.state == "running":
            self._worker.pause()
            self._p.train.set_running("paused")
            self.statusMessage.emit(self.tr("Pausing after the current step…"), 0)
            self.stateChanged.emit()

    def resume(self) -> None:
        if self._worker is not None and self._p.train.state == "paused":
            self._worker.resume()
            self._p.train.set_running("running")
            self.statusMessage.emit(self.tr("Training resumed."), 3000)
            self.stateChanged.emit()

    def toggle_pause(self) -> None:
        if self._p.train.state == "paused":
            self.resume()
        else:
            self.pause()

    def stop(self, *, evaluate: bool = True) -> None:
        """End the run after the current step; evaluate=False (closing the window) saves it without a last
        evaluation, so the window can close at once."""
        worker = self._worker
        if worker is None:
            return
        if self._p.train.state in ("running", "paused"):
            worker.stop(evaluate=evaluate)
            self._p.train.set_running("stopping")
            saving = self.tr("evaluated and saved") if evaluate else self.tr("saved")
            self.statusMessage.emit(
                self.tr("Stopping after the current step; the model is {saving} first…").format(saving=saving), 0
            )
            self.stateChanged.emit()
        elif not evaluate and self._p.train.state == "stopping":
            worker.stop(evaluate=False)  # already stopping: skip the last evaluation if it has not begun

    # --- worker events (main thread) ------------------------------------------------------------------
    def _on_prepared(self, info: Prepared) -> None:
        p = self._p
        self._run_path = info.run_path or None
        self.runLabelChanged.emit(
            self.tr("Run: {name}").format(name=Path(info.run_path).name)
            if info.run_path
            else self.tr("Run: not saved"),
            self.tr("The run shown in the plot is saved in {run_path}").format(run_path=info.run_path)
            if info.run_path
            else "",
        )
        device = info.device
        threads = self._config.train.threads if self._config else None
        if device.startswith("CPU") and threads:  # the engine names the device before it sets the threads
            device = self.tr("CPU (1 thread)") if threads == 1 else self.tr("CPU ({n} threads)").format(n=threads)
        context = {
            "Run folder": info.run_path,
            "Device": device,
            "Precision": info.precision,
        }
        p.train.set_report_context(self._config.to_toml() if self._config else None, context)
        p.runs.set_training(True, info.run_path)
        if info.history:
            p.plot.load_records(info.history)
        note = f" ({'; '.join(info.warnings)})" if info.warnings else ""
        self.statusMessage.emit(
            self.tr("Training on {device} in {precision} precision{note}").format(
                device=device, precision=info.precision, note=note
            ),
            0,
        )

    def _on_steps(self, events: list[StepEvent]) -> None:
        """The steps since the last delivery: all go into the plot (one append), the latest into the progress."""
        self._p.plot.add_steps(*step_arrays(events))
        self._p.train.show_progress(events[-1])

    def _on_eval(self, event: EvalEvent) -> None:
        p = self._p
        p.plot.add_eval(event.step, event.metrics)
        m = event.metrics
        text = self.tr("Step {step:,}: validation loss {loss:.4f}").format(
            step=event.step, loss=m.get("val_loss", float("nan"))
        )
        if "val_accuracy" in m:
            text += self.tr(", accuracy {accuracy:.1%}").format(accuracy=m["val_accuracy"])
        elif "masked_accuracy" in m:
            text += self.tr(", masked-token accuracy {accuracy:.1%}").format(accuracy=m["masked_accuracy"])
        if event.memorising:  # said plainly, where the run's state is shown
            p.train.show_memorising(memorising_message(event))
        if p.train.state == "running":
            self.statusMessage.emit(text + (self.tr(" (best so far)") if event.is_best else ""), 0)

    def _on_paused(self, step: int) -> None:
        self._p.train.show_paused(step)
        self.statusMessage.emit(
            self.tr("Paused after step {step:,}. Press Resume to continue, or Stop to save.").format(step=step), 0
        )

    def _on_checkpoint(self, event: CheckpointEvent) -> None:
        pass  # the run folder is always up to date; the Runs page shows it when the run ends

    def _on_done(self, done: DoneEvent) -> None:
        self._p.train.show_done(done)
        how = QCoreApplication.translate("Controller", str(_DONE_STATUS.get(done.reason, _ENDED)))
        self.statusMessage.emit(self.tr("{how} at step {step:,}.").format(how=how, step=done.step), 0)

    def _on_failed(self, event: ErrorEvent) -> None:
        p = self._p
        p.train.show_error(event)
        self.statusMessage.emit(event.message, 0)
        if not self._closing():
            self.trainPageWanted.emit()

    def _on_ended(self) -> None:
        p = self._p
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.deleteLater()
        p.plot.redraw_now()
        p.train.set_running("idle")
        p.data.set_locked(False)
        p.model.set_locked(False)
        self._sync_model()  # a continued run showed its own vocabulary size
        p.runs.set_training(False)
        self.stateChanged.emit()
        self.ended.emit()

"""The main window: a sidebar of pages (Data, Model, Train, Inspect, Evaluate, Runs), the live loss plot beside
them, a status bar, and the window's own duties (remembered geometry, drag and drop, closing while training).

Menus and toolbar live in actions.py, the training flow in session/controller.py. This module is the only one that
knows the whole window: the helpers get the pages they need and report back with signals. Nothing here imports
torch: the engine loads inside the worker thread and devices are probed in the background, so the window appears
at once and stays responsive while a run trains.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)
from superqt import QElidingLabel

from workbench.gui.pages.data.data_page import DataPanel
from workbench.gui.pages.evaluate.evaluate_page import EvaluatePanel
from workbench.gui.pages.inspect.inspect_page import InspectPanel
from workbench.gui.pages.model.model_page import ModelPanel
from workbench.gui.pages.runs.runs_columns import status_word
from workbench.gui.pages.runs.runs_page import RunsPanel
from workbench.gui.pages.train.train_page import TrainPanel
from workbench.gui.plot.loss_plot import LossPlot
from workbench.gui.session.controller import SessionPages, TrainingController
from workbench.gui.threads import registry
from workbench.gui.threads.device_probe import DeviceInfo, DeviceProbe
from workbench.gui.threads.training_worker import TrainingWorker
from workbench.gui.widgets import icons
from workbench.gui.widgets.page_scroll import PageScroll
from workbench.gui.window import dialogs, lesson_wiring
from workbench.gui.window import geometry as window_geometry
from workbench.gui.window.actions import ActionHandlers, WindowActions
from workbench.gui.window.loop_wiring import connect_loop, connect_pickers
from workbench.gui.window.page import Page
from workbench.gui.window.settings_level import SettingsLevel
from workbench.gui.window.tour import GuidedTour
from workbench.gui.window.view_modes import ViewModes

PLOT_SHARE = 0.48  # of the width beside the sidebar, on the first start
SCROLLING_PAGES = (Page.MODEL, Page.TRAIN)  # taller than a small screen when their parts stack; others scroll inside


class MainWindow(QMainWindow):
    """The app's window. runs_root overrides the remembered runs folder (tests point it at a temporary one)."""

    trainingEnded = Signal()

    def __init__(
        self,
        *,
        runs_root: str | Path | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings if settings is not None else QSettings()
        self._close_when_done = False
        self._devices_known = False
        self.setWindowTitle(self.tr("Transformer Workbench"))
        self.setAcceptDrops(True)

        self.data_panel = DataPanel()
        self.model_panel = ModelPanel(settings=self._settings)
        self.train_panel = TrainPanel()
        self.inspect_panel = InspectPanel()
        self.evaluate_panel = EvaluatePanel()
        self.runs_panel = RunsPanel(settings=self._settings)
        if runs_root is not None:
            self.runs_panel.set_runs_root(runs_root, remember=False)
        self.plot = LossPlot()
        self._session_pages = SessionPages(
            data=self.data_panel, model=self.model_panel, train=self.train_panel, runs=self.runs_panel, plot=self.plot
        )
        self.training = TrainingController(
            self._session_pages, sync_model=self.sync_model_with_data, closing=self.closing_after_run, parent=self
        )
        self._build()
        self.window_actions = WindowActions(
            self,
            ActionHandlers(
                open_data_file=self.open_data_file,
                open_path=self.open_path,
                recent_files=self.data_panel.recent_files,
                busy=lambda: self.is_training,
                start=self.start_training,
                toggle_pause=self.toggle_pause,
                stop=self.stop_training,
                quit=self.close,
                show_page=self.show_page,
                show_log_folder=dialogs.show_log_folder,
                about=lambda: dialogs.about(self, self.runs_panel.runs_root()),
            ),
        )
        actions = self.window_actions
        self.open_action, self.start_action = actions.open_action, actions.start_action
        self.pause_action, self.stop_action = actions.pause_action, actions.stop_action
        self.quit_action, self.log_action = actions.quit_action, actions.log_action
        self.about_action = actions.about_action
        self.page_actions = self.window_actions.page_actions
        self.toolbar = self.window_actions.toolbar
        self.view_modes = ViewModes(self, self._settings, self.plot)  # zoom, presenter mode, full screen
        view_menu = self.window_actions.view_menu
        assert view_menu is not None, "WindowActions made the menu bar in its constructor"
        self.view_modes.add_to(view_menu)
        self.settings_level, self.tour = SettingsLevel(self, self._settings), GuidedTour(self, self._settings)
        self.lessons = lesson_wiring.build_lessons(self)  # the Lesson menu, the caption bar; .open(LESSON_FILE)
        self._connect()
        self.sync_model_with_data()
        self.model_panel.set_batch_size(self.train_panel.batch_size())
        self._on_device_changed(self.train_panel.current_device().memory_bytes, self.train_panel.device_text())
        self.model_panel.set_precision(self.train_panel.precision())
        self._restore_settings()
        self._update_actions()
        self._show_ready_message()

        # torch is imported off the main thread once the window has painted; until then the CPU is offered.
        self._probe = DeviceProbe()
        self._probe.found.connect(self._on_devices_found)
        self._probe.start_after_paint(self)

    # --- layout ---------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.sidebar = QListWidget()
        self.sidebar.setToolTip(self.tr("The steps: pick data, size the model, train, and look back at past runs."))
        for page in Page:
            item = QListWidgetItem(page.label)
            item.setToolTip(f"{page.tip} ({page.shortcut})")
            self.sidebar.addItem(item)
        self._fit_sidebar()
        self.sidebar.setFrameShape(QListWidget.Shape.NoFrame)
        self._refresh_sidebar_icons()

        self.stack = QStackedWidget()
        for index, panel in enumerate(self._pages()):
            if index not in SCROLLING_PAGES:  # it scrolls inside (table, list): an outer scroll bar only confuses
                self.stack.addWidget(panel)
                continue
            self.stack.addWidget(PageScroll(panel))  # pages reflow to the width; big text scrolls, never squeezed
        self.sidebar.currentRowChanged.connect(self.stack.setCurrentIndex)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.plot)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self._build_status_bar()
        self.sidebar.setCurrentRow(Page.DATA)

    def _fit_sidebar(self) -> None:
        """Its width, row height and icons from the font (again after a zoom: every title stays whole)."""
        fm = self.fontMetrics()
        for page in Page:
            self.sidebar.item(page).setSizeHint(QSize(0, fm.height() * 2 + 8))
        self.sidebar.setFixedWidth(max(fm.horizontalAdvance(page.label) for page in Page) + fm.height() * 4)
        self.sidebar.setIconSize(QSize(round(fm.height() * 1.1), round(fm.height() * 1.1)))

    def _pages(self) -> tuple[QWidget, ...]:
        """The page widgets in sidebar order (Page.DATA … Page.RUNS)."""
        return (
            self.data_panel, self.model_panel, self.train_panel, self.inspect_panel, self.evaluate_panel,
            self.runs_panel,
        )  # fmt: skip

    def _refresh_sidebar_icons(self) -> None:
        for page in Page:
            self.sidebar.item(page).setIcon(icons.icon(page.icon, self.palette()))

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.run_label = QElidingLabel(self.tr("No run yet"))  # a long run name is shortened, not the window widened
        self.run_label.setElideMode(Qt.TextElideMode.ElideRight)
        self.run_label.setMaximumWidth(self.fontMetrics().horizontalAdvance("x") * 48)
        self.run_label.setToolTip(self.tr("The run shown in the plot and its folder."))
        self.device_label = QLabel("")
        self.device_label.setToolTip(self.tr("Where training runs: the graphics card and its memory, or the CPU."))
        for label in (self.run_label, self.device_label):
            label.setContentsMargins(8, 0, 8, 0)
            separator = QFrame()
            separator.setFrameShape(QFrame.Shape.VLine)
            separator.setFrameShadow(QFrame.Shadow.Sunken)
            bar.addPermanentWidget(separator)
            bar.addPermanentWidget(label)

    def _connect(self) -> None:
        self.data_panel.dataChanged.connect(self.sync_model_with_data)
        self.data_panel.vocabularyLearnt.connect(self.sync_model_with_data)
        self.data_panel.dataChanged.connect(lambda: None if self.is_training else self._show_ready_message())
        tp = self.train_panel
        tp.startRequested.connect(self.start_training)
        tp.pauseRequested.connect(self.pause_training)
        tp.resumeRequested.connect(self.resume_training)
        tp.stopRequested.connect(self.stop_training)
        tp.batchSizeChanged.connect(self.model_panel.set_batch_size)
        tp.deviceChanged.connect(self._on_device_changed)
        tp.precisionChanged.connect(self.model_panel.set_precision)
        self.runs_panel.openRequested.connect(self.open_run)
        self.runs_panel.continueRequested.connect(self.continue_run)
        self.runs_panel.overlayRequested.connect(self.overlay_runs)
        self.training.stateChanged.connect(self._update_actions)
        self.training.ended.connect(self._on_training_ended)
        self.training.statusMessage.connect(lambda text, ms: self.statusBar().showMessage(text, ms))
        self.training.runLabelChanged.connect(self.set_run_label)
        self.training.trainPageWanted.connect(lambda: self.show_page(Page.TRAIN))
        connect_loop(  # pre-train, fine-tune, compare, train again: loop_wiring.py
            self._session_pages,
            self.training,
            show_train_page=lambda: self.show_page(Page.TRAIN),
            status=lambda text, ms: self.statusBar().showMessage(text, ms),
        )
        self._connect_inspect_page()
        self._connect_evaluate_page()
        connect_pickers(self.runs_panel, self.inspect_panel, self.evaluate_panel)  # they list the saved runs

    def _connect_inspect_page(self) -> None:
        """The Inspect page follows the run opened or trained last (unless one is chosen in its picker): snapshots of
        the model while a run trains (at the start and each evaluation, when on screen), then its saved model."""
        page = self.inspect_panel
        self.training.stateChanged.connect(lambda: page.follow_training(self.training.worker))
        self.training.ended.connect(lambda: page.set_run(self.training.run_path) if self.training.run_path else None)

    def _connect_evaluate_page(self) -> None:
        """The Evaluate page follows the run opened or trained last; an example opens on the Inspect page."""
        panel = self.evaluate_panel

        def run_ended() -> None:  # a classification run has written its evaluation.json by now
            if self.run_path:
                panel.set_run(self.run_path)

        def inspect(text: str) -> None:
            if hasattr(self.inspect_panel, "set_text"):
                self.inspect_panel.set_text(text)
            self.show_page(Page.INSPECT)

        self.trainingEnded.connect(run_ended)
        panel.inspectRequested.connect(inspect)

    def changeEvent(self, event: QEvent) -> None:
        palette_events = (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange)
        if event.type() in palette_events and hasattr(self, "window_actions"):
            self.window_actions.refresh_icons()
            self._refresh_sidebar_icons()
        elif event.type() == QEvent.Type.FontChange and hasattr(self, "sidebar"):
            self._fit_sidebar()
        super().changeEvent(event)

    # --- pages and settings ---------------------------------------------------------------------------
    def show_page(self, page: Page) -> None:
        self.sidebar.setCurrentRow(int(page))

    def current_page(self) -> Page:
        return Page(self.stack.currentIndex())

    def _available_geometry(self) -> Any:
        screen = self.screen() or QApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else None

    def _restore_settings(self) -> None:
        s = self._settings
        area = self._available_geometry()
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        elif area is not None:
            self.setGeometry(window_geometry.default_rect(area, self.minimumSizeHint()))
        if area is not None:  # e.g. remembered on a bigger screen: pull it back onto this one, title bar too
            room = area.marginsRemoved(window_geometry.frame_margins(self.style()))
            if not window_geometry.fits(self.geometry(), room):
                self.setGeometry(window_geometry.fit_rect(self.geometry(), room, self.minimumSizeHint()))
        state = s.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        splitter = s.value("window/splitter")
        if not (isinstance(splitter, QByteArray) and not splitter.isEmpty() and self.splitter.restoreState(splitter)):
            self._default_splitter_sizes()
        page = s.value("window/page", int(Page.DATA), type=int)
        self.show_page(Page(page) if isinstance(page, int) and 0 <= page < len(Page) else Page.DATA)

    def _default_splitter_sizes(self) -> None:
        """A fair share for the plot: about half of the room beside the sidebar, never below its minimum."""
        room = max(1, self.width() - self.sidebar.width() - self.splitter.handleWidth())
        plot = max(self.plot.minimumSizeHint().width(), int(room * PLOT_SHARE))
        self.splitter.setSizes([max(1, room - plot), plot])

    def save_settings(self) -> None:
        s = self._settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("window/page", int(self.current_page()))
        s.sync()

    # --- devices and data -----------------------------------------------------------------------------
    def _on_devices_found(self, devices: list[DeviceInfo]) -> None:
        self._devices_known = True
        self.train_panel.set_devices(devices)  # emits deviceChanged: the model panel hears of the device
        self._show_latest_run_inside()
        no_probe = self.tr("Could not look for graphics cards ({error}); using the CPU.")
        if error := self._probe.error:
            self.statusBar().showMessage(no_probe.format(error=error))

    def _show_latest_run_inside(self) -> None:
        """Until a run is trained or opened, the Inspect and Evaluate pages show the newest saved run, so coming
        back to the app shows where the work stopped. (Only now: torch has loaded, reading a run may use it.)"""
        if self.run_path is not None or self.is_training:
            return
        usable = [r for r in self.runs_panel.runs() if r.has_checkpoint and r.status != "failed"]
        if usable:
            latest = str(max(usable, key=lambda r: r.created).path)
            self.inspect_panel.set_run(latest)
            self.evaluate_panel.set_run(latest)

    def devices_known(self) -> bool:
        """True once the background device probe has reported (torch is loaded by then)."""
        return self._devices_known

    def _on_device_changed(self, memory: int, label: str) -> None:
        self.model_panel.set_device_memory(memory, label)
        self.device_label.setText(self.train_panel.device_text())
        if self._devices_known:  # before the probe reports, "CPU" only means "not known yet"
            device = self.train_panel.current_device()
            self.model_panel.suggest_preset_for(device.kind, device.label)

    def _show_ready_message(self) -> None:
        title = self.data_panel.source_title() or self.tr("The data")
        ready = self.tr("Ready: {title} is loaded. Press Start training to train a model.").format(title=title)
        wait = self.tr("Choose a built-in data set or open a file on the Data page to begin.")
        self.statusBar().showMessage(ready if self.data_panel.is_ready() else wait)

    def sync_model_with_data(self) -> None:
        learnt = self.data_panel.preview_vocab_size()  # the real vocabulary once the Data page previewed it
        self.model_panel.set_vocab_size(learnt or self.data_panel.vocab_size(), exact=learnt is not None)
        self.model_panel.set_class_count(len(self.data_panel.label_names()))

    def set_run_label(self, text: str, tip: str = "") -> None:
        # As wide as the text up to a cap; a longer name is shortened at the end (the tooltip has all of it).
        cap = self.run_label.maximumWidth()
        self.run_label.setMinimumWidth(min(cap, self.run_label.fontMetrics().horizontalAdvance(text) + 8))
        self.run_label.setText(text)
        self.run_label.setToolTip(f"{text}\n{tip}" if tip else text)

    def open_data_file(self) -> None:
        if self.is_training:
            self.statusBar().showMessage(self.tr("The data cannot change while a run trains; stop it first."), 5000)
            return
        self.show_page(Page.DATA)
        self.data_panel.choose_file()

    def open_path(self, path: str) -> None:
        """Open a data file on the Data page (from the recent-files menu or a drop)."""
        if self.is_training:
            self.statusBar().showMessage(self.tr("The data cannot change while a run trains; stop it first."), 5000)
            return
        self.show_page(Page.DATA)
        self.data_panel.open_file(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if urls and urls[0].isLocalFile() and not self.is_training:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            lesson_wiring.open_dropped(self, urls[0].toLocalFile())  # a lesson file, or a data file

    # --- training (see training_controller.py) --------------------------------------------------------
    @property
    def is_training(self) -> bool:
        return self.training.is_training

    @property
    def worker(self) -> TrainingWorker | None:
        return self.training.worker

    @property
    def run_path(self) -> str | None:
        """The folder of the run training now, or of the last one trained or opened."""
        return self.training.run_path

    def start_training(self) -> None:
        self.training.start()

    def continue_run(self, path: str) -> None:
        self.training.continue_run(path)

    def pause_training(self) -> None:
        self.training.pause()

    def resume_training(self) -> None:
        self.training.resume()

    def toggle_pause(self) -> None:
        self.training.toggle_pause()

    def stop_training(self) -> None:
        self.training.stop()

    def closing_after_run(self) -> bool:
        """True while the window waits for a stopping run to end so it can close."""
        return self._close_when_done

    def _update_actions(self) -> None:
        self.window_actions.update(self.train_panel.state, self.training.idle)

    def _on_training_ended(self) -> None:
        self.trainingEnded.emit()
        if self._close_when_done:
            self.close()

    # --- runs -----------------------------------------------------------------------------------------
    def run_name(self, path: str) -> str:
        return self.training.run_name(path)

    def open_run(self, path: str) -> None:
        """Show a past run's curves in the plot."""
        if self.is_training:
            return
        records = self.training.read_metrics(path)
        if records is None:
            return
        self.plot.clear_overlays()
        self.plot.load_records(records)
        self.training.run_path = path
        self.inspect_panel.set_run(path, replace_choice=True)  # opened here: replaces a run chosen on the page
        self.evaluate_panel.set_run(path, replace_choice=True)
        name = self.run_name(path)
        row = self.runs_panel.row(path)
        tip = self.tr("The run shown in the plot is saved in {path}").format(path=path)
        self.set_run_label(self.tr("Viewing: {name}").format(name=name), tip)
        text = self.tr("Showing run {name} ({status}, {steps:,} steps).") if row else self.tr("Showing run {name}.")
        status, steps = (status_word(row.status), row.steps) if row else ("", 0)
        self.statusBar().showMessage(text.format(name=name, status=status, steps=steps))

    def overlay_runs(self, chosen: list[str]) -> None:
        """Draw the curves of several runs over each other (the current curves stay)."""
        self.plot.clear_overlays()
        shown = 0
        for path in chosen:
            records = self.training.read_metrics(path)
            if records:
                self.plot.add_overlay(self.run_name(path), records)
                shown += 1
        text = self.tr("Comparing 1 run.") if shown == 1 else self.tr("Comparing {shown} runs.").format(shown=shown)
        self.statusBar().showMessage(text, 5000)

    # --- closing --------------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_training:
            event.ignore()
            if self._close_when_done:
                return  # already stopping; the window closes itself when the worker ends
            if not dialogs.confirm_close(self):
                return
            self._close_when_done = True
            self.training.stop(evaluate=False)  # saved without a last evaluation: the window closes within ~1 s
            self.statusBar().showMessage(self.tr("Stopping: the window closes as soon as the model is saved…"))
            return
        self.view_modes.leave()
        self.save_settings()
        event.accept()

    def stop_background(self, timeout_ms: int = 15_000) -> None:
        """At application exit only: stop a run still training and every other background thread, and wait for
        them (the thread registry's one shutdown path)."""
        registry.shutdown(timeout_ms)

"""The Data page: choose built-in data or a file, check what was read, split it, and preview the tokenizer.

Reading a file and training the preview tokenizer run in superqt workers (a thread pool), so the window never
freezes; results come back as signals on the main thread. Every problem is shown inline in plain words: the
previous data stays loaded when a new file cannot be used.
"""

from __future__ import annotations

import html
import itertools
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QSettings, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import create_worker

from workbench.core.config import DataConfig, RunConfig, TokenizerKind
from workbench.core.data import load_source
from workbench.core.data.dataset import Dataset, stratified_split
from workbench.core.errors import WorkbenchError
from workbench.gui.pages.data import recent_files
from workbench.gui.pages.data.loaded_data import Loaded, demos, reader_message, split_counts, summary_text
from workbench.gui.pages.data.preview_table import PreviewTable
from workbench.gui.pages.data.side_column import SideColumn
from workbench.gui.pages.data.source_picker import SourcePicker
from workbench.gui.pages.data.split_view import SplitView
from workbench.gui.pages.data.table_model import PreviewTableModel
from workbench.gui.pages.data.token_preview import TokenizerPreview
from workbench.gui.threads.data_jobs import ReadOutcome, read_job, short_error
from workbench.gui.widgets.file_filters import file_filters
from workbench.gui.widgets.message_box import MessageBox
from workbench.gui.widgets.reflow import ReflowSplitter

DEFAULT_DEMO = "sentiment"  # learnt in seconds on a laptop CPU (see the README: The first minute)
LAST_DIR_KEY = "data/last_dir"
SPLIT_SEED = RunConfig().split_seed()  # the engine's rule: the same validation rows whatever the training seed
_INLINE_SKIPS = 3  # skipped rows named in the message itself; the rest behind "Show all"


# ------------------------------------------------------------------------------------------------ panel


class DataPanel(QWidget):
    """Choose the text to learn from. Signal dataChanged fires whenever data_config() or datasets() changes."""

    dataChanged = Signal()
    vocabularyLearnt = Signal()  # a tokenizer preview has learnt the real vocabulary (preview_vocab_size)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._demos = demos()
        self._loaded: Loaded | None = None
        self._split: tuple[Dataset, Dataset] | None = None
        self._split_key: tuple[int, float] | None = None
        self._split_error: str | None = None
        self._read_request = 0
        self._reading: str | None = None  # the path being read, for the busy line
        self._busy_jobs = 0
        self._locked = False  # while a run trains
        self._held_tips: dict[int, tuple[QWidget, str]] = {}  # tooltips of the controls held for fine-tuning
        self._build()
        name = DEFAULT_DEMO if DEFAULT_DEMO in self._demos else next(iter(self._demos), None)
        if name:
            self.load_demo(name)
        else:
            self._show_empty()

    # ================================================================== layout
    def _build(self) -> None:
        # ---- where the data comes from
        self.source_box = SourcePicker(self._demos)
        sp = self.source_box
        sp.demo_combo.activated.connect(self._demo_chosen)
        sp.open_button.clicked.connect(self.choose_file)
        sp.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        sp.text_combo.currentIndexChanged.connect(self._columns_chosen)
        sp.label_combo.currentIndexChanged.connect(self._columns_chosen)
        # The box's controls, under the names the rest of the app (and its tests) know them by.
        self.demo_combo, self.open_button, self.recent_button = sp.demo_combo, sp.open_button, sp.recent_button
        self.recent_menu, self.text_combo, self.label_combo = sp.recent_menu, sp.text_combo, sp.label_combo
        self.source_label, self.summary_label = sp.source_label, sp.summary_label

        # ---- messages
        self.problem_box = MessageBox()  # why a file can't be used
        self.skipped_box = MessageBox()  # rows left out of the data in use
        self.split_box = MessageBox()  # the split cannot be made at this share

        # ---- preview table
        self.table_model = PreviewTableModel(self)
        self.table = PreviewTable(self.table_model)
        table_box = QGroupBox(self.tr("Rows"))
        QVBoxLayout(table_box).addWidget(self.table)

        # ---- classes and validation share
        self.split_view = SplitView()
        self.split_view.shareChanged.connect(self._split_changed)
        sv_ = self.split_view
        self.histogram, self.balance_label, self.split_note = sv_.histogram, sv_.balance_label, sv_.split_note
        self.split_slider, self.split_spin = sv_.split_slider, sv_.split_spin

        # ---- tokenizer
        self.token_box = TokenizerPreview(self._run)
        self.token_box.settingsChanged.connect(self.dataChanged)
        self.token_box.previewRequested.connect(self.preview_tokens)
        # The box's controls, under the names the rest of the app (and its tests) know them by.
        tb = self.token_box
        self.kind_combo, self.vocab_spin, self.preview_button = tb.kind_combo, tb.vocab_spin, tb.preview_button
        self.vocab_result, self.sample_labels = tb.vocab_result, tb.sample_labels
        self.try_edit, self.try_label = tb.try_edit, tb.try_label

        self.side_column = scroll = SideColumn(self.split_view, self.token_box)
        self.token_box.previewShown.connect(lambda: scroll.ensureWidgetVisible(self.token_box.try_edit))
        self.token_box.previewShown.connect(self.vocabularyLearnt)

        # Rows beside the classes / validation / tokenizer column when the page is wide, above them when not.
        self.splitter = ReflowSplitter(wide=[3, 2], tall=[1, 1])
        self.splitter.addWidget(table_box)
        self.splitter.addWidget(scroll)
        self._fit_table_room()

        root = QVBoxLayout(self)
        root.addWidget(self.source_box)
        root.addWidget(self.problem_box)
        root.addWidget(self.skipped_box)
        root.addWidget(self.split_box)
        root.addWidget(self.splitter, 1)

        order = [
            self.demo_combo,
            self.open_button,
            self.recent_button,
            self.text_combo,
            self.label_combo,
            self.table,
            self.split_slider,
            self.split_spin,
            self.kind_combo,
            self.vocab_spin,
            self.preview_button,
            self.try_edit,
        ]
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)

    def _fit_table_room(self) -> None:
        """Widths at this text size: the column's, and the table's room for a sentence, number and label."""
        self.side_column.fit_width()
        self.splitter.set_roomy([self.fontMetrics().horizontalAdvance("x") * 64, 0])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange and hasattr(self, "splitter"):
            QTimer.singleShot(0, self, self._fit_table_room)  # once every box has its new font
        super().changeEvent(event)

    # ================================================================== public API
    def data_config(self) -> DataConfig:
        """The data settings as the core takes them (source, columns, validation share, tokenizer)."""
        loaded = self._loaded
        return DataConfig(
            source=loaded.source if loaded else f"demo:{DEFAULT_DEMO}",
            text_column=loaded.data.text_column if loaded and loaded.columns else None,
            label_column=loaded.data.label_column if loaded and loaded.columns else None,
            val_fraction=self.val_fraction(),
            tokenizer=self.tokenizer_kind(),
            vocab_size=self.vocab_spin.value(),
            split_seed=SPLIT_SEED,
        )

    def set_data_config(self, cfg: DataConfig, *, source: bool = True, tokenizer: bool = True) -> str | None:
        """Show saved data settings (Train again): the tokenizer and its vocabulary size (unless tokenizer=False),
        and the source with its columns and validation share (unless source=False; data already loaded is not
        read again). Returns why the source could not be loaded, in plain words, or None."""
        if tokenizer:
            self.token_box.set_settings(cfg.tokenizer, cfg.vocab_size)
        if not source:
            return None
        current = self.data_config()
        if (cfg.source, cfg.text_column, cfg.label_column) != (
            current.source,
            current.text_column,
            current.label_column,
        ):
            if cfg.source.startswith("demo:"):
                self.load_demo(cfg.source.removeprefix("demo:"))
            elif Path(cfg.source).is_file():
                self.open_file(cfg.source, cfg.text_column, cfg.label_column)  # its columns, not guessed ones
            else:
                return self.tr(
                    "The data file {name} is no longer at {source}; open it (or another file) on the Data page. The "
                    "other settings are filled in."
                ).format(name=Path(cfg.source).name, source=cfg.source)
        self.split_spin.setValue(round(cfg.val_fraction * 100))
        return None

    def hold_tokenizer(self, why: str | None) -> None:
        """Fine-tuning keeps a pre-trained run's tokenizer: disable its controls with `why` as their tooltip; None
        gives them back."""
        for widget in (self.kind_combo, self.vocab_spin):
            if why is not None:
                self._held_tips.setdefault(id(widget), (widget, widget.toolTip()))
                widget.setEnabled(False)
                widget.setToolTip(why)
        if why is None:
            for held, tip in self._held_tips.values():
                held.setToolTip(tip)
                held.setEnabled(not self._locked)
            self._held_tips.clear()

    def datasets(self) -> tuple[Dataset, Dataset] | None:
        """(train, validation): split with the slider's share and seed 0, or the built-in validation set."""
        self._ensure_split()
        return self._split

    def label_names(self) -> list[str]:
        return self._loaded.data.label_names if self._loaded else []

    def is_ready(self) -> bool:
        """True when there is data that can be trained on as set now."""
        return self._loaded is not None and self.datasets() is not None

    def set_locked(self, locked: bool) -> None:
        """While a run trains the data cannot change: the pickers, the validation share and the tokenizer
        settings are locked, while the rows, the classes and a tokenizer preview stay readable."""
        self._locked = locked
        for widget in (self.open_button, self.recent_button, self.kind_combo, self.vocab_spin, self.preview_button):
            widget.setEnabled(not locked)
        self.demo_combo.setEnabled(not locked and bool(self._demos))
        self._sync_columns()
        self._refresh_split_views()
        tip = self.tr("The data cannot change while a run trains; stop it first.") if locked else ""
        for view in (self.source_box, self.split_view, self.token_box):
            view.setToolTip(tip)

    def is_locked(self) -> bool:
        return self._locked

    def is_busy(self) -> bool:
        """True while a file is being read or the preview tokenizer trained."""
        return self._busy_jobs > 0

    def val_fraction(self) -> float:
        return self.split_view.share() / 100.0

    def tokenizer_kind(self) -> TokenizerKind:
        return self.token_box.tokenizer_kind()

    def vocab_size(self) -> int:
        return self.token_box.vocab_size()

    def source_title(self) -> str:
        return self._loaded.title if self._loaded else ""

    def load_demo(self, name: str) -> None:
        """Load a built-in data set now (it is generated in memory, which takes a moment at most)."""
        self._read_request += 1  # a file still being read must not replace this choice
        self._set_reading(None)
        try:
            train, val = load_source(f"demo:{name}", seed=SPLIT_SEED)
            train.require_classes()
        except WorkbenchError as err:
            self._show_problem(str(err))
            self._sync_demo_combo()
            return
        except Exception as err:  # a bug in a generator must not take the window down
            problem = self.tr("The built-in data set {name!r} could not be made ({reason}).")
            self._show_problem(problem.format(name=name, reason=short_error(err)))
            self._sync_demo_combo()
            return
        description = self._demos.get(name, "")
        title = self.tr("{name} (built in)").format(name=name.capitalize())
        self._accept(Loaded(f"demo:{name}", title, train, val, []))
        self.source_label.setText(self.tr("Built-in data: made on this computer, no file needed."))
        self.source_label.setToolTip(description)

    def open_file(
        self, path: str | os.PathLike[str], text_column: str | None = None, label_column: str | None = None
    ) -> None:
        """Read a data file in the background (with these columns, or the guessed ones); the current data stays in
        use until it has been read."""
        self._start_read(str(path), text_column, label_column, [])

    def choose_file(self) -> None:
        """Ask for a file with the system dialog and open it."""
        settings = QSettings()
        start = str(settings.value(LAST_DIR_KEY, "") or "") or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open a data file"), start, file_filters())
        if path:
            settings.setValue(LAST_DIR_KEY, str(Path(path).parent))
            self.open_file(path)

    def recent_files(self) -> list[str]:
        return recent_files.paths()

    def preview_tokens(self) -> None:
        """Train the tokenizer on the training texts in the background, then show pieces and vocabulary size."""
        split = self.datasets()
        self.token_box.preview(list(split[0].texts) if split is not None else None)

    def preview_vocab_size(self) -> int | None:
        """The vocabulary size of the last tokenizer preview, or None when there is none for these settings."""
        return self.token_box.preview_vocab_size()

    def messages(self) -> str:
        """All messages shown now, as plain text (for tests and accessibility)."""
        boxes = (self.problem_box, self.skipped_box, self.split_box)
        return "\n".join(b.text() for b in boxes if not b.isHidden())

    # ================================================================== reading files
    def _run(self, fn: Any, done: Any, *args: Any) -> None:
        worker = create_worker(fn, *args, _start_thread=False, _ignore_errors=True)
        worker.returned.connect(done)
        worker.finished.connect(self._job_finished)
        self._busy_jobs += 1
        worker.start()

    def _job_finished(self) -> None:
        self._busy_jobs = max(0, self._busy_jobs - 1)

    def _start_read(self, path: str, text_column: str | None, label_column: str | None, columns: list[str]) -> None:
        self._read_request += 1
        self._set_reading(path)
        self._run(read_job, self._read_done, self._read_request, path, text_column, label_column, columns)

    def _set_reading(self, path: str | None) -> None:
        self._reading = path
        self.source_box.show_reading(path, columns=bool(self._loaded and self._loaded.columns))

    def _read_done(self, out: ReadOutcome) -> None:
        if out.request != self._read_request:
            return  # superseded by a later choice
        self._set_reading(None)
        if out.error is not None:
            # The file's name says which file; its folder is in the tooltip (a long path would widen the page).
            self._show_problem(out.error.replace(out.path, Path(out.path).name))
            self.problem_box.setToolTip(out.path)
            self._sync_columns()
            return
        assert out.data is not None
        name = Path(out.path).name
        if not self._accept(Loaded(out.path, name, out.data, None, out.columns)):
            self._sync_columns()
            return
        self.source_label.setText(self.tr("File: {path}").format(path=out.path))
        self.source_label.setToolTip(out.path)
        self._remember(out.path)

    def _accept(self, loaded: Loaded) -> bool:
        """Use new data if a validation split can be made from it; otherwise explain and keep the old."""
        if loaded.fixed_val is None:
            try:
                split = stratified_split(loaded.data, self.val_fraction(), SPLIT_SEED)
            except WorkbenchError as err:
                self._show_problem(str(err))
                return False
        else:
            split = (loaded.data, loaded.fixed_val)
        self._loaded = loaded
        self._split, self._split_key, self._split_error = split, self._key(), None
        self.problem_box.hide()
        self.split_box.hide()
        self._sync_demo_combo()
        self._sync_columns()
        rows = loaded.data
        if loaded.fixed_val is not None:
            texts = rows.texts + loaded.fixed_val.texts
            labels = (rows.labels or []) + (loaded.fixed_val.labels or [])
            self.table_model.set_rows(texts, labels, [(0, self.tr("training")), (len(rows), self.tr("validation"))])
        else:
            self.table_model.set_rows(rows.texts, rows.labels)
        self._size_row_column()
        self._show_skipped(rows)
        self.token_box.clear()
        self._refresh_split_views()
        self.dataChanged.emit()
        return True

    def _show_problem(self, message: str) -> None:
        text = self.tr("{problem} No data is loaded yet: choose a built-in data set or another file.")
        if self._loaded is not None:
            text = self.tr("{problem} Nothing changed: the data in use is still {title}.")
        self.problem_box.setToolTip("")
        self.problem_box.show_message(
            "error", text.format(problem=html.escape(message), title=self._loaded and self._loaded.title)
        )

    def _show_skipped(self, data: Dataset) -> None:
        """Rows left out, what the reader decided (labels 1.0 read as 1) and a label column that looks like IDs."""
        message = reader_message(data, _INLINE_SKIPS)
        if message is None:
            self.skipped_box.hide()
        else:
            self.skipped_box.show_message("warning", html.escape(message[0]), message[1])

    def _show_empty(self) -> None:
        self.source_label.setText(self.tr("No data loaded."))
        self.summary_label.setText(self.tr("Open a data file to begin."))
        self._refresh_split_views()

    def _size_row_column(self) -> None:
        self.table.fit_columns(self.label_names())

    # ---- recent files
    def _remember(self, path: str) -> None:
        recent_files.remember(path)

    def _fill_recent_menu(self) -> None:
        recent_files.fill_menu(self.recent_menu, self.open_file)

    # ---- pickers
    def _demo_chosen(self, index: int) -> None:
        name = self.demo_combo.itemData(index)
        if name:
            self.load_demo(str(name))

    def _sync_demo_combo(self) -> None:
        self.source_box.show_demo(self._loaded.source if self._loaded else "")

    def _sync_columns(self) -> None:
        """Show the loaded data's columns in the pickers (fixed columns of built-in data: disabled)."""
        loaded = self._loaded
        data = loaded.data if loaded else None
        self.source_box.show_columns(
            loaded.columns if loaded else [],
            data.text_column if data else None,
            data.label_column if data else None,
            enabled=self._reading is None and not self._locked,
        )

    def _columns_chosen(self, _index: int) -> None:
        loaded = self._loaded
        if not loaded or not loaded.columns:
            return
        text, label = self.text_combo.currentText(), self.label_combo.currentText()
        if (text, label) == (loaded.data.text_column, loaded.data.label_column):
            return
        self._start_read(loaded.source, text, label, loaded.columns)

    # ================================================================== split
    def _key(self) -> tuple[int, float]:
        return (id(self._loaded), self.val_fraction())

    def _ensure_split(self) -> None:
        loaded = self._loaded
        if loaded is None:
            self._split, self._split_error = None, None
            return
        if self._split_key == self._key():
            return
        self._split_key = self._key()
        if loaded.fixed_val is not None:
            self._split, self._split_error = (loaded.data, loaded.fixed_val), None
            return
        try:
            self._split, self._split_error = stratified_split(loaded.data, self.val_fraction(), SPLIT_SEED), None
        except WorkbenchError as err:
            self._split, self._split_error = None, str(err)

    def _split_changed(self, _value: int) -> None:
        if self._loaded is None or self._loaded.fixed_val is not None:
            return
        self._ensure_split()
        self.token_box.clear()  # the training text changed
        self._refresh_split_views()
        self.dataChanged.emit()

    def _refresh_split_views(self) -> None:
        self._ensure_split()
        loaded, split = self._loaded, self._split
        fixed = loaded is not None and loaded.fixed_val is not None
        self.split_view.set_share_enabled(loaded is not None and not fixed and not self._locked)
        if self._split_error:
            text = self.tr("{problem} Raise the validation share above {share} %.")
            problem, share = html.escape(self._split_error), self.split_view.share()
            self.split_box.show_message("error", text.format(problem=problem, share=share), closable=False)
        else:
            self.split_box.hide()
        if loaded is None:
            self.split_view.clear()
            return
        counts, val_counts, note = split_counts(loaded, split)
        self.split_view.show_counts(counts, val_counts, note)
        self._update_summary()

    def _update_summary(self) -> None:
        loaded, split = self._loaded, self._split
        if loaded is None:
            return
        self.summary_label.setText(summary_text(loaded, split))

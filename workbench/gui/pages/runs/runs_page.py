"""The Runs page: every training is a folder under the runs folder; list, open, continue, compare and tidy them.

Listing reads each folder through core.runs.summary (plain text, no torch), so the page fills at once and lists a
damaged run (status "damaged", the problem as tooltip) so it can be deleted;
renaming and notes go through the core's RunFolder (atomic writes) when the person asks for them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from superqt import QElidingLabel

from workbench import paths
from workbench.core.errors import WorkbenchError
from workbench.core.machine import format_bytes
from workbench.core.runs.lock import is_being_written
from workbench.core.runs.readers import is_run_folder
from workbench.core.runs.summary import RunRow, format_lr, read_run
from workbench.gui.pages.runs.run_tools import RunTools
from workbench.gui.pages.runs.runs_columns import PATH_ROLE
from workbench.gui.pages.runs.runs_tree import RunsTree
from workbench.gui.widgets import theme
from workbench.gui.widgets.formatting import short_path

__all__ = ["SETTINGS_KEY", "RunRow", "RunsPanel", "read_run"]

SETTINGS_KEY = "runs/folder"


class RunsPanel(QWidget):
    """Past and current runs under the runs folder."""

    openRequested = Signal(str)
    continueRequested = Signal(str)
    overlayRequested = Signal(list)
    trainAgainRequested = Signal(str)  # fill the other pages with this run's settings
    listed = Signal()  # the list was read again (runs() has the new rows)

    def __init__(self, parent: QWidget | None = None, *, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._settings = settings if settings is not None else QSettings()
        saved = self._settings.value(SETTINGS_KEY, "", type=str)
        self._root = Path(saved) if isinstance(saved, str) and saved else paths.default_runs_dir()
        self._active: Path | None = None
        self._training = False
        self._build()
        self.refresh()

    # --- layout ---------------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Every training is kept as a run: its settings, curves and saved model. Open one to see its curves, "
                "select several to compare them, or continue a stopped run."
            )
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)

        folder_row = QHBoxLayout()
        self.folder_label = QElidingLabel()  # a long path is shortened in the middle; the tooltip has all of it
        self.folder_label.setElideMode(Qt.TextElideMode.ElideMiddle)
        self.folder_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.folder_label.setToolTip(self.tr("The folder where runs are saved."))
        self.choose_button = QPushButton(self.tr("&Choose folder…"))
        self.choose_button.setToolTip(self.tr("Keep runs in another folder (for example on a larger disk)."))
        self.choose_button.clicked.connect(self._choose_folder)
        self.show_button = QPushButton(self.tr("Show in file&s"))
        self.show_button.setToolTip(self.tr("Open the runs folder in the file manager."))
        self.show_button.clicked.connect(self._show_folder)
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.choose_button)
        folder_row.addWidget(self.show_button)
        outer.addLayout(folder_row)

        self.tree = RunsTree()
        self.tree.setToolTip(
            self.tr(
                "Your runs, newest first; click a column's title to sort by it. Double-click a run to open it, "
                "right-click for more; Ctrl+click to select several."
            )
        )
        self.tree.customContextMenuRequested.connect(self._show_context_menu)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.open_selected())
        outer.addWidget(self.tree, 1)

        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.setToolTip(self.tr("Show the selected run's curves in the plot."))
        self.open_button.clicked.connect(self.open_selected)
        self.continue_button = QPushButton(self.tr("Con&tinue training"))
        self.continue_button.setToolTip(self.tr("Carry on training a stopped run from its last checkpoint."))
        self.continue_button.clicked.connect(self.continue_selected)
        self.again_button = QPushButton(self.tr("Train &again"))
        self.again_button.setToolTip(
            self.tr("Fill the Data, Model and Train pages with this run's settings, to change one and start again.")
        )
        self.again_button.clicked.connect(self.train_again_selected)
        self.compare_button = QPushButton(self.tr("Co&mpare"))
        self.compare_button.setToolTip(self.tr("Draw the curves of all selected runs on top of each other."))
        self.compare_button.clicked.connect(self.compare_selected)
        self.rename_button = QPushButton(self.tr("&Rename…"))
        self.rename_button.setToolTip(self.tr("Give the selected run a name of your own (the folder keeps its name)."))
        self.rename_button.clicked.connect(self._rename_clicked)
        self.note_button = QPushButton(self.tr("&Note…"))
        self.note_button.setToolTip(self.tr("Write a note about the selected run, e.g. what you were trying."))
        self.note_button.clicked.connect(self._note_clicked)
        self.delete_button = QPushButton(self.tr("&Delete…"))
        self.delete_button.setToolTip(self.tr("Delete the selected runs and their files (asks first)."))
        self.delete_button.clicked.connect(self._delete_clicked)
        self.tools = RunTools(self, self._selected_rows)  # Follow, Export to ONNX…
        self.refresh_button = QPushButton(self.tr("Refr&esh"))
        self.refresh_button.setToolTip(self.tr("Read the runs folder again."))
        self.refresh_button.clicked.connect(self.refresh)
        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_label.setToolTip(self.tr("More about the selected run."))
        outer.addWidget(self.details_label)
        self.summary_label = QLabel()
        self.summary_label.setToolTip(self.tr("How many runs there are and the disk space they take together."))
        outer.addWidget(self.summary_label)
        # The buttons last, at the page's foot: the details above them grow and shrink with the selection, and
        # the buttons stay where the pointer left them. Two rows: what to do with the curves, then tidying up,
        # so the page stays narrow enough beside the plot.
        for b in (self.open_button, self.compare_button, self.again_button, self.continue_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        tidy = QHBoxLayout()
        for b in (self.rename_button, self.note_button, self.delete_button):
            tidy.addWidget(b)
        tidy.addStretch(1)
        tidy.addWidget(self.refresh_button)
        outer.addLayout(tidy)
        outer.addLayout(self.tools.row)

    # --- folder ---------------------------------------------------------------------------------------
    def runs_root(self) -> Path:
        return self._root

    def set_runs_root(self, path: str | Path, *, remember: bool = True) -> None:
        self._root = Path(path)
        if remember:
            self._settings.setValue(SETTINGS_KEY, str(self._root))
        self.refresh()

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose the runs folder"), str(self._root))
        if chosen:
            self.set_runs_root(chosen)

    def _show_folder(self) -> None:
        self._root.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._root)))

    # --- listing --------------------------------------------------------------------------------------
    def set_training(self, training: bool, active: str | Path | None = None) -> None:
        """While a run trains: mark it running, and disable what would disturb it (open, continue, delete).

        Only the runs this changes are read again (the run that starts or ends), not every folder: with 50 runs a
        full re-read took 108 ms of the window's thread, at the moments a run starts and ends."""
        changed = {p for p in (self._active, Path(active) if active else None) if p is not None}
        ended_unannounced = not training and self._training and self._active is None
        self._training = training
        self._active = Path(active) if active else None
        self.choose_button.setEnabled(not training)
        if ended_unannounced:  # it may have made its folder before it failed: look at them all
            self.refresh()
        elif changed:
            for path in sorted(changed):
                self.tree.show_row(path, read_run(path, self._active if training else None))
            self._listing_changed()
        else:  # a run being set up has no folder yet
            self._update_buttons()

    def refresh(self) -> None:
        """Read every run folder again."""
        self.folder_label.setText(self.tr("Runs folder: {root}").format(root=self._root))
        rows: list[RunRow] = []
        if self._root.is_dir():
            try:
                children = [p for p in self._root.iterdir() if p.is_dir()]
            except OSError:
                children = []
            for child in children:
                row = read_run(child, self._active if self._training else None)
                if row is not None:
                    rows.append(row)
        self.tree.show_rows(rows)
        self._listing_changed()

    def _listing_changed(self) -> None:
        rows = self.tree.rows()
        total = sum(r.disk_bytes for r in rows)
        if rows:
            self.summary_label.setText(
                (self.tr("1 run · {size}") if len(rows) == 1 else self.tr("{n} runs · {size}")).format(
                    n=len(rows), size=format_bytes(total)
                )
            )
        else:
            self.summary_label.setText(self.tr("No runs yet: start a training and it appears here."))
        self._update_buttons()
        self.listed.emit()

    def runs(self) -> list[RunRow]:
        """The runs listed, in the order shown."""
        return self.tree.rows()

    def row(self, path: str | Path) -> RunRow | None:
        return self.tree.row(path)

    def selected_paths(self) -> list[str]:
        return self.tree.selected_paths()

    def select_paths(self, chosen: list[str | Path]) -> None:
        self.tree.select_paths(chosen)

    def _selected_rows(self) -> list[RunRow]:
        return self.tree.selected_rows()

    def _is_active(self, row: RunRow) -> bool:
        return self._training and self._active is not None and row.path.resolve() == self._active.resolve()

    def _update_buttons(self) -> None:
        rows = self._selected_rows()
        one = rows[0] if len(rows) == 1 else None
        self.open_button.setEnabled(one is not None and not self._training)
        self.continue_button.setEnabled(one is not None and one.can_continue and not self._training)
        if one is not None and not one.can_continue:
            why = (
                self.tr("This run finished; start a new run to train more.")
                if one.status == "finished"
                else self.tr("This run has no saved checkpoint to continue from.")
            )
            self.continue_button.setToolTip(why)
        else:
            self.continue_button.setToolTip(self.tr("Carry on training a stopped run from its last checkpoint."))
        self.compare_button.setEnabled(len(rows) >= 1)
        self.again_button.setEnabled(one is not None and one.config is not None and not self._training)
        self.again_button.setToolTip(
            self.tr("This run's config.toml is missing or unreadable, so its settings are not known.")
            if one is not None and one.config is None
            else self.tr(
                "Fill the Data, Model and Train pages with this run's settings, to change one and start again."
            )
        )
        self.rename_button.setEnabled(one is not None)
        self.note_button.setEnabled(one is not None)
        self.tools.update(one)
        self.delete_button.setEnabled(bool(rows) and not any(self._is_active(r) for r in rows))
        self.details_label.setText(self._details(one) if one else "")
        self.details_label.setToolTip(
            self.tr("The run's folder: {path}").format(path=one.path)
            if one
            else self.tr("More about the selected run.")
        )

    def _details(self, r: RunRow) -> str:
        lines = [f"<b>{_esc(r.name)}</b> — {_esc(short_path(str(r.path)))}"]
        cfg = r.config
        if cfg is not None:
            t = cfg.train
            what = {"mlm": self.tr("Pre-trained"), "finetune": self.tr("Fine-tuned")}.get(
                r.task, self.tr("Classification")
            )
            if t.init_from:
                what = self.tr("{what} from {run}").format(what=what, run=_esc(Path(t.init_from).name))
            lines.append(
                self.tr("{what}: {model}, batch {batch_size}, learning rate {lr}, seed {seed}, {steps:,} steps").format(
                    what=what,
                    model=_esc(r.model),
                    batch_size=t.batch_size,
                    lr=format_lr(t.lr),
                    seed=t.seed,
                    steps=r.steps,
                )
            )
        metrics = r.info.get("final_metrics") or {}
        if metrics:
            shown = ", ".join(f"{k.replace('_', ' ')} {v:.4g}" for k, v in metrics.items() if isinstance(v, float))
            lines.append(_esc(shown))
        if r.info.get("device"):
            device = str(r.info["device"]).replace("(1 threads)", "(1 thread)")
            lines.append(self.tr("Trained on {text}").format(text=_esc(device)))
        if r.note:
            lines.append(self.tr("Note: {text}").format(text=_esc(r.note)))
        if r.status == "failed" and r.error:
            lines.append(f"<span style='color:{theme.color('error')}'>{_esc(r.error)}</span>")
        if r.problem:
            lines.append(f"<span style='color:{theme.color('error')}'>{_esc(r.problem)}</span>")
        return "<br>".join(lines)

    # --- actions --------------------------------------------------------------------------------------
    def open_selected(self) -> None:
        rows = self._selected_rows()
        if len(rows) == 1 and not self._training:
            self.openRequested.emit(str(rows[0].path))

    def continue_selected(self) -> None:
        rows = self._selected_rows()
        if len(rows) == 1 and rows[0].can_continue and not self._training:
            self.continueRequested.emit(str(rows[0].path))

    def train_again_selected(self) -> None:
        rows = self._selected_rows()
        if len(rows) == 1 and rows[0].config is not None and not self._training:
            self.trainAgainRequested.emit(str(rows[0].path))

    def context_menu(self) -> QMenu:
        """What can be done with the selected runs (the buttons' actions, enabled as they are)."""
        menu = QMenu(self)
        for button, slot in (
            (self.open_button, self.open_selected),
            (self.again_button, self.train_again_selected),
            (self.continue_button, self.continue_selected),
            (self.compare_button, self.compare_selected),
            (None, None),
            (self.rename_button, self._rename_clicked),
            (self.note_button, self._note_clicked),
            (self.delete_button, self._delete_clicked),
        ):
            if button is None or slot is None:
                menu.addSeparator()
                continue
            action = menu.addAction(button.text(), slot)
            action.setEnabled(button.isEnabled())
            action.setToolTip(button.toolTip())
        menu.setToolTipsVisible(True)
        return menu

    def _show_context_menu(self, pos: QPoint) -> None:
        item = self.tree.itemAt(pos)
        if item is None:
            return
        if not item.isSelected():  # right-clicking a run outside the selection acts on that run
            self.select_paths([item.data(0, PATH_ROLE)])
        menu = self.context_menu()
        menu.exec(self.tree.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def compare_selected(self) -> None:
        paths_ = [str(r.path) for r in self._selected_rows()]
        if paths_:
            self.overlayRequested.emit(paths_)

    def rename_run(self, path: str | Path, name: str) -> None:
        """Store a display name in run.json (the folder keeps its name, so nothing that refers to it breaks)."""
        self._update_info(path, name=name.strip())

    def set_note(self, path: str | Path, note: str) -> None:
        self._update_info(path, note=note.strip())

    def _update_info(self, path: str | Path, **fields: Any) -> None:
        from workbench.core.runs.folder import RunFolder  # not needed to open the window (~7 ms of imports)

        try:
            RunFolder.open(Path(path)).update_info(**fields)
        except (WorkbenchError, OSError) as err:
            QMessageBox.warning(self, self.tr("Cannot change the run"), str(err))
        self.refresh()

    def delete_runs(self, chosen: list[str | Path]) -> int:
        """Delete run folders (never the one training now); returns how many were deleted."""
        deleted = 0
        for p in chosen:
            row = self.tree.row(p)
            if row is None or self._is_active(row) or not is_run_folder(row.path):
                continue
            if is_being_written(row.path):
                QMessageBox.warning(
                    self,
                    self.tr("Cannot delete the run"),
                    self.tr("{path} is being written by another process (a training).").format(path=row.path),
                )
                continue
            try:
                shutil.rmtree(row.path)
                deleted += 1
            except OSError as err:
                QMessageBox.warning(
                    self,
                    self.tr("Cannot delete the run"),
                    self.tr("{path} could not be deleted: {err}.").format(path=row.path, err=err),
                )
        self.refresh()
        return deleted

    def _rename_clicked(self) -> None:
        rows = self._selected_rows()
        if len(rows) != 1:
            return
        name, ok = QInputDialog.getText(
            self, self.tr("Rename run"), self.tr("New name for this run:"), text=rows[0].name
        )
        if ok and name.strip():
            self.rename_run(rows[0].path, name)

    def _note_clicked(self) -> None:
        rows = self._selected_rows()
        if len(rows) != 1:
            return
        note, ok = QInputDialog.getMultiLineText(self, self.tr("Note"), self.tr("A note about this run:"), rows[0].note)
        if ok:
            self.set_note(rows[0].path, note)

    def _delete_clicked(self) -> None:
        rows = [r for r in self._selected_rows() if not self._is_active(r)]
        if not rows:
            return
        what = (
            self.tr("the run “{name}”").format(name=rows[0].name)
            if len(rows) == 1
            else self.tr("{n_rows} runs").format(n_rows=len(rows))
        )
        size = format_bytes(sum(r.disk_bytes for r in rows))
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Delete runs"),
            self.tr("Delete {what} and all its files ({size})? This cannot be undone.").format(what=what, size=size),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Delete"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() == QMessageBox.StandardButton.Ok:
            self.delete_runs([r.path for r in rows])


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

"""Making and playing a lesson: "Add this view as a step", edit the steps, "Save lesson…", open one (menu, drop,
command line), and Next / Previous (Page Down / Page Up: what a presenter's remote sends) with the caption large
under the pages.

An opened lesson is read-only: its run is unpacked read-only into a cache folder, and nothing is written anywhere
until "Save lesson…" asks where. The window hands over what it needs (LessonHooks, LessonTargets).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QMenu, QMessageBox, QToolBar

from workbench import paths
from workbench.core.lessons import (
    LESSON_SUFFIX,
    Lesson,
    LessonError,
    LessonStep,
    OpenedLesson,
    open_lesson,
    save_lesson,
)
from workbench.core.lessons.lesson import MAX_CAPTION
from workbench.gui.lesson import view_capture
from workbench.gui.lesson.caption_bar import CaptionBar
from workbench.gui.lesson.steps_dialog import StepsDialog
from workbench.gui.lesson.view_capture import LessonTargets

NEXT_KEYS = ["PgDown"]
PREVIOUS_KEYS = ["PgUp"]


@dataclass(frozen=True)
class LessonHooks:
    """What the window does for a lesson: the run shown now, open a run folder, whether a run trains, a status."""

    run_path: Callable[[], str | None]
    open_run: Callable[[str], None]
    busy: Callable[[], bool]
    status: Callable[[str], None]


class LessonController(QObject):
    """`changed` when a lesson is opened, closed or its steps change; `stepShown(index)` after a step is restored
    (its Inspect view may still be computing: view_capture.settled says when it is done)."""

    changed = Signal()
    stepShown = Signal(int)

    def __init__(
        self,
        window: QMainWindow,
        targets: LessonTargets,
        hooks: LessonHooks,
        *,
        cache_root: str | Path | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self.targets = targets
        self._hooks = hooks
        self.cache_root = Path(cache_root) if cache_root is not None else paths.lesson_cache_dir()
        self.lesson: Lesson | None = None
        self.run_dir: Path | None = None
        self.source: Path | None = None  # the file the lesson was opened from or saved to
        self.index = -1
        self.dirty = False
        self._build_actions()
        self.caption_bar = CaptionBar()
        self.caption_bar.previousRequested.connect(self.previous)
        self.caption_bar.nextRequested.connect(self.next)
        self.caption_bar.closeRequested.connect(self.close_lesson)
        self.toolbar = QToolBar(self.tr("Lesson"))
        self.toolbar.setObjectName("lesson-toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.addWidget(self.caption_bar)
        window.addToolBar(Qt.ToolBarArea.BottomToolBarArea, self.toolbar)
        window.installEventFilter(self)  # closing the window with unsaved steps asks first
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close and not self._may_discard():
            event.ignore()
            return True
        return False

    # --- actions and menus ------------------------------------------------------------------------------
    def _action(self, text: str, tip: str, slot: Callable[[], object], keys: list[str] | None = None) -> QAction:
        action = QAction(text, self._window)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            native = QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({native})")
        action.triggered.connect(lambda _checked=False: slot())
        self._window.addAction(action)  # the shortcut works on every page, with the menu bar hidden too
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action(
            self.tr("Open &lesson…"), self.tr("Open a lesson file: its run and its steps, one view at a time"),
            self.choose_and_open, ["Ctrl+Shift+O"],
        )  # fmt: skip
        self.add_action = self._action(
            self.tr("&Add this view as a step…"),
            self.tr("Keep what is on screen now (page, sentence, head, muted heads, plot range) with a caption"),
            self.add_step,
            ["Ctrl+Shift+A"],
        )
        self.update_action = self._action(
            self.tr("&Update this step"),
            self.tr("Replace the step shown with the view on screen now (its caption stays)"),
            self.update_step,
        )
        self.edit_action = self._action(
            self.tr("&Edit steps…"), self.tr("Change captions, reorder or delete steps"), self.edit_steps
        )
        self.save_action = self._action(
            self.tr("&Save lesson…"), self.tr("Save the steps and their run in one file to open in class"),
            self.save, ["Ctrl+Shift+S"],
        )  # fmt: skip
        self.next_action = self._action(
            self.tr("&Next step"), self.tr("Show the lesson's next step"), self.next, NEXT_KEYS
        )
        self.previous_action = self._action(
            self.tr("&Previous step"), self.tr("Show the lesson's previous step"), self.previous, PREVIOUS_KEYS
        )
        self.close_action = self._action(
            self.tr("&Close lesson"), self.tr("Stop showing the lesson (its run stays open)"), self.close_lesson
        )

    def add_to(self, lesson_menu: QMenu, file_menu: QMenu | None = None, after: QAction | None = None) -> None:
        """Fill the Lesson menu; put "Open lesson…" in the File menu too (after `after`)."""
        lesson_menu.addActions([self.open_action, self.add_action, self.update_action, self.edit_action])
        lesson_menu.addAction(self.save_action)
        lesson_menu.addSeparator()
        lesson_menu.addActions([self.next_action, self.previous_action, self.close_action])
        if file_menu is not None:
            actions = file_menu.actions()
            at = actions.index(after) + 1 if after in actions else len(actions)
            if at < len(actions):
                file_menu.insertAction(actions[at], self.open_action)
            else:
                file_menu.addAction(self.open_action)

    def _update(self) -> None:
        lesson = self.lesson
        count = len(lesson.steps) if lesson else 0
        self.next_action.setEnabled(lesson is not None and self.index + 1 < count)
        self.previous_action.setEnabled(lesson is not None and self.index > 0)
        self.edit_action.setEnabled(count > 0)
        self.update_action.setEnabled(0 <= self.index < count)
        self.save_action.setEnabled(count > 0)
        self.close_action.setEnabled(lesson is not None)
        self.toolbar.setVisible(lesson is not None)
        if lesson is not None:
            caption = lesson.steps[self.index].caption if 0 <= self.index < count else ""
            self.caption_bar.show_step(caption, self.index, count, lesson.title)

    # --- messages ---------------------------------------------------------------------------------------
    def _refuse(self, text: str) -> None:
        self._hooks.status(text)
        QMessageBox.warning(self._window, self.tr("Lesson"), text)

    # --- making a lesson ----------------------------------------------------------------------------------
    def add_step(self, caption: str | None = None) -> bool:
        """Add the view on screen as the last step (asks for its caption unless given)."""
        run = self._hooks.run_path()
        if not run:
            self._refuse(self.tr("Train a model or open a run first: a lesson holds the run its steps show."))
            return False
        if self.lesson is not None and self.run_dir is not None and Path(run) != self.run_dir:
            self._refuse(
                self.tr(
                    "This lesson shows the run “{lesson}”, not “{shown}”. Close the lesson to start a new one "
                    "with this run."
                ).format(lesson=self.run_dir.name, shown=Path(run).name)
            )
            return False
        if caption is None:
            caption, ok = QInputDialog.getText(
                self._window, self.tr("Add this view as a step"), self.tr("Caption (what the class should see):")
            )
            if not ok:
                return False
        view = view_capture.capture(self.targets)
        if self.lesson is None:
            self.lesson = Lesson(title="", run_name=Path(run).name, steps=[])
            self.run_dir, self.source = Path(run), None
        self.lesson.steps.append(LessonStep(caption[:MAX_CAPTION], view))
        self.index = len(self.lesson.steps) - 1
        self.dirty = True
        self._update()
        self.changed.emit()
        self._hooks.status(self.tr("Step {n} added.").format(n=self.index + 1))
        return True

    def update_step(self) -> None:
        """The step shown now takes the view on screen (after the teacher changed something while showing it)."""
        lesson = self.lesson
        if lesson is None or not 0 <= self.index < len(lesson.steps):
            return
        run = self._hooks.run_path()
        if self.run_dir is not None and run and Path(run) != self.run_dir:
            self._refuse(self.tr("This view shows another run than the lesson's; open the lesson's run first."))
            return
        step = lesson.steps[self.index]
        lesson.steps[self.index] = LessonStep(step.caption, view_capture.capture(self.targets))
        self.dirty = True
        self._hooks.status(self.tr("Step {n} now shows this view.").format(n=self.index + 1))

    def edit_steps(self) -> None:
        if self.lesson is None or not self.lesson.steps:
            return
        dialog = StepsDialog(self.lesson.steps, self.index, self._window)
        if dialog.exec() == StepsDialog.DialogCode.Accepted:
            self.set_steps(dialog.steps())

    def set_steps(self, steps: list[LessonStep]) -> None:
        """Replace the steps (edited, reordered, some deleted)."""
        if self.lesson is None:
            return
        self.lesson.steps = list(steps)
        self.index = min(self.index, len(steps) - 1)
        self.dirty = True
        self._update()
        self.changed.emit()

    def save(self, path: str | Path | None = None) -> Path | None:
        """Write the lesson and its run to `path` (asks where unless given). Returns the file, or None."""
        lesson, run_dir = self.lesson, self.run_dir
        if lesson is None or run_dir is None or not lesson.steps:
            self._refuse(self.tr("Add a view as a step first: a lesson needs at least one step."))
            return None
        if self._hooks.busy() and self._hooks.run_path() == str(run_dir):
            self._refuse(self.tr("The lesson's run is still training; save the lesson once it has stopped."))
            return None
        if path is None:
            start = str(self.source or Path.home() / f"{run_dir.name}{LESSON_SUFFIX}")
            chosen, _filter = QFileDialog.getSaveFileName(
                self._window, self.tr("Save lesson"), start, self.tr("Lessons (*{suffix})").format(suffix=LESSON_SUFFIX)
            )
            if not chosen:
                return None
            path = chosen
        path = Path(path)
        if path.suffix.lower() != LESSON_SUFFIX:
            path = path.with_name(path.name + LESSON_SUFFIX)
        try:
            saved = save_lesson(path, lesson, run_dir)
        except LessonError as err:
            self._refuse(str(err))
            return None
        self.source, self.dirty = saved, False
        self._hooks.status(self.tr("Lesson saved to {path}.").format(path=saved))
        return saved

    # --- opening and playing ------------------------------------------------------------------------------
    def choose_and_open(self) -> bool:
        chosen, _filter = QFileDialog.getOpenFileName(
            self._window, self.tr("Open lesson"), "", self.tr("Lessons (*{suffix})").format(suffix=LESSON_SUFFIX)
        )
        return self.open(chosen) if chosen else False

    def _may_discard(self) -> bool:
        if not (self.dirty and self.lesson is not None and self.lesson.steps):
            return True
        answer = QMessageBox.question(
            self._window,
            self.tr("Lesson"),
            self.tr("The lesson being made has unsaved steps. Discard them?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Discard

    def open(self, path: str | Path) -> bool:
        """Open a lesson file and show its first step; a file that cannot be used says why and opens nothing."""
        if self._hooks.busy():
            self._refuse(self.tr("Stop training first: a lesson opens its own run."))
            return False
        if not self._may_discard():
            return False
        try:
            opened: OpenedLesson = open_lesson(path, self.cache_root)
        except LessonError as err:
            self._refuse(str(err))
            return False
        self.lesson, self.run_dir, self.source = opened.lesson, opened.run_dir, opened.source
        self.index, self.dirty = -1, False
        self._hooks.open_run(str(opened.run_dir))
        self.changed.emit()
        if opened.lesson.steps:
            self.go_to(0)
        else:
            self._update()
        n = len(opened.lesson.steps)
        self._hooks.status(
            self.tr("Lesson {name}: {n} steps. Page Down shows the next.").format(name=opened.source.name, n=n)
        )
        return True

    def go_to(self, index: int) -> None:
        """Show step `index` (0-based) exactly as it was saved."""
        if self.lesson is None or not 0 <= index < len(self.lesson.steps):
            return
        self.index = index
        view_capture.restore(self.targets, self.lesson.steps[index].view)
        self._update()
        self.stepShown.emit(index)

    def next(self) -> None:
        self.go_to(self.index + 1)

    def previous(self) -> None:
        self.go_to(self.index - 1)

    def close_lesson(self) -> bool:
        if not self._may_discard():
            return False
        self.lesson, self.run_dir, self.source = None, None, None
        self.index, self.dirty = -1, False
        self._update()
        self.changed.emit()
        return True

    def step_count(self) -> int:
        return len(self.lesson.steps) if self.lesson is not None else 0

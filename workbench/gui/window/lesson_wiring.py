"""Lessons in the window (gui/lesson/): the parts a step shows, what the window does for a lesson, the Lesson menu
before Help, "Open lesson…" in the File menu and the caption bar under the pages."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from workbench.core.lessons import is_lesson_path
from workbench.gui.lesson.lesson_controller import LessonController, LessonHooks
from workbench.gui.lesson.view_capture import LessonTargets
from workbench.gui.window.page import Page


def build_lessons(window: Any) -> LessonController:
    """`window` is the MainWindow (its pages, plot, view modes and actions are built by now)."""
    targets = LessonTargets(
        inspect=window.inspect_panel,
        plot=window.plot,
        current_page=lambda: int(window.current_page()),
        show_page=lambda page: window.show_page(Page(page)),
        plot_shown=lambda: window.view_modes.plot_action.isChecked(),
        show_plot=window.view_modes.set_plot_shown,
    )
    hooks = LessonHooks(
        run_path=lambda: window.inspect_panel.run_path() or window.run_path,  # the run whose attention is shown
        open_run=window.open_run,
        busy=lambda: window.is_training,
        status=lambda text: window.statusBar().showMessage(text, 8000),
    )
    lessons = LessonController(window, targets, hooks)
    actions = window.window_actions
    bar = window.menuBar()
    # No Alt key: every letter of "Lesson" is one of some page's already.
    menu = bar.addMenu(QCoreApplication.translate("LessonController", "Lesson"))
    if actions.help_menu is not None:  # before Help, as menu bars have it
        bar.insertMenu(actions.help_menu.menuAction(), menu)
    lessons.add_to(menu, actions.file_menu, actions.open_action)
    return lessons


def open_dropped(window: Any, path: str) -> None:
    """A file dropped on the window: a lesson opens as one, anything else on the Data page."""
    if is_lesson_path(path):
        window.lessons.open(path)
    else:
        window.open_path(path)

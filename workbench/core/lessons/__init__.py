"""Lesson files: a run and an ordered list of captioned views of the app, in one zip (JSON + safetensors only)."""

from workbench.core.lessons.lesson import (
    DETAIL_STYLES,
    FORMAT_VERSION,
    PAGES,
    TABS,
    VIEW_MODES,
    Lesson,
    LessonError,
    LessonStep,
    LessonView,
)
from workbench.core.lessons.lesson_file import (
    LESSON_SUFFIX,
    OpenedLesson,
    is_lesson_path,
    open_lesson,
    save_lesson,
)

__all__ = [
    "DETAIL_STYLES",
    "FORMAT_VERSION",
    "LESSON_SUFFIX",
    "PAGES",
    "TABS",
    "VIEW_MODES",
    "Lesson",
    "LessonError",
    "LessonStep",
    "LessonView",
    "OpenedLesson",
    "is_lesson_path",
    "open_lesson",
    "save_lesson",
]

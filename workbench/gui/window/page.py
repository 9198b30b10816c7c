"""The window's pages, in sidebar order, with what the sidebar, the View menu and the settings need of each."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QCoreApplication

from workbench.gui.widgets.language.noop import QT_TRANSLATE_NOOP


class Page(IntEnum):
    """A page of the main window; its value is its place in the sidebar (and the remembered page's number)."""

    DATA = 0
    MODEL = 1
    TRAIN = 2
    INSPECT = 3
    EVALUATE = 4
    RUNS = 5

    @property
    def title(self) -> str:
        return QCoreApplication.translate("Page", _TITLES[self])

    @property
    def icon(self) -> str:
        """The name of its icon in workbench.gui.widgets.icons."""
        return self.name.lower()

    @property
    def tip(self) -> str:
        return QCoreApplication.translate("Page", _TIPS[self])

    @property
    def shortcut(self) -> str:
        return f"Ctrl+{self.value + 1}"

    @property
    def label(self) -> str:
        """How the sidebar lists it: its number (the shortcut's key) and its title."""
        return f"{self.value + 1}  {self.title}"


_TITLES = {
    Page.DATA: QT_TRANSLATE_NOOP("Page", "Data"),
    Page.MODEL: QT_TRANSLATE_NOOP("Page", "Model"),
    Page.TRAIN: QT_TRANSLATE_NOOP("Page", "Train"),
    Page.INSPECT: QT_TRANSLATE_NOOP("Page", "Inspect"),
    Page.EVALUATE: QT_TRANSLATE_NOOP("Page", "Evaluate"),
    Page.RUNS: QT_TRANSLATE_NOOP("Page", "Runs"),
}

_TIPS = {
    Page.DATA: QT_TRANSLATE_NOOP("Page", "Choose the text to learn from: a built-in data set or your own file."),
    Page.MODEL: QT_TRANSLATE_NOOP("Page", "Choose the size and shape of the Transformer."),
    Page.TRAIN: QT_TRANSLATE_NOOP("Page", "Choose where and how long to train, then start and watch the loss fall."),
    Page.INSPECT: QT_TRANSLATE_NOOP(
        "Page", "Type a sentence and see what every attention head of the model looks at, and why it decided."
    ),
    Page.EVALUATE: QT_TRANSLATE_NOOP(
        "Page", "How well a model does on labelled text: accuracy, the confusion matrix and the examples it gets wrong."
    ),
    Page.RUNS: QT_TRANSLATE_NOOP("Page", "Past runs: open their curves, compare them, continue a stopped one."),
}

"""The Model page's choices: which head counts a width allows, the presets' titles, and the combo boxes that offer
a setting's choices (the core's enums, shown by their labels)."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox

from workbench.core.config import Choice, ModelConfig, field_spec
from workbench.gui.widgets.language.noop import QT_TRANSLATE_NOOP

MIN_HEAD_DIM = 4  # heads narrower than this learn next to nothing; they are not offered
MAX_HEADS = int(field_spec(ModelConfig, "n_heads").maximum or 64)
PRESET_TITLES = {
    "tiny": QT_TRANSLATE_NOOP("Choices", "Tiny"),
    "small": QT_TRANSLATE_NOOP("Choices", "Small"),
    "base": QT_TRANSLATE_NOOP("Choices", "Base"),
}


def preset_title(name: str) -> str:
    """The preset's name as the window shows it, in the window's language."""
    return QCoreApplication.translate("Choices", PRESET_TITLES.get(name, name.capitalize()))


def head_choices(d_model: int) -> list[int]:
    """Head counts that divide d_model evenly and leave each head at least MIN_HEAD_DIM numbers."""
    out = [h for h in range(1, min(d_model, MAX_HEADS) + 1) if d_model % h == 0 and d_model // h >= MIN_HEAD_DIM]
    return out or [1]


def nearest(value: int, options: list[int]) -> int:
    """The option closest to value on a log scale (8 heads → 8, else 4 or 16, not 7)."""
    return min(options, key=lambda h: (abs(math.log(h) - math.log(max(1, value))), -h))


# The labels of the choices the Model page offers, in the window's language (core keeps the English ones).
CHOICE_TITLES = {
    ("Positional", "sinusoidal"): QT_TRANSLATE_NOOP("Choices", "Sinusoidal (fixed waves)"),
    ("Positional", "learned"): QT_TRANSLATE_NOOP("Choices", "Learned (one vector per position)"),
    ("Positional", "alibi"): QT_TRANSLATE_NOOP("Choices", "ALiBi (attention favours nearby words)"),
    ("Positional", "sinusoidal+alibi"): QT_TRANSLATE_NOOP("Choices", "Sinusoidal + ALiBi (both)"),
    ("Pooling", "mean"): QT_TRANSLATE_NOOP("Choices", "Mean of all words"),
    ("Pooling", "cls"): QT_TRANSLATE_NOOP("Choices", "The [CLS] token"),
}


def choice_title(kind: Choice) -> str:
    key = (type(kind).__name__, str(kind.value))
    return QCoreApplication.translate("Choices", CHOICE_TITLES[key]) if key in CHOICE_TITLES else kind.label


def choice_combo(choice: type[Choice], tip: str) -> QComboBox:
    """A combo box of a setting's choices, shown by their labels, with the choice's value as item data."""
    combo = QComboBox()
    for kind in choice:
        combo.addItem(choice_title(kind), kind.value)
    combo.setToolTip(tip)
    return combo

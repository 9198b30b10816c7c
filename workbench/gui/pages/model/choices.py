"""The Model page's choices: which head counts a width allows, the titles of the presets, positional encodings and
poolings, and the combo boxes that offer them."""

from __future__ import annotations

import math
import os

from PySide6.QtWidgets import QComboBox

MIN_HEAD_DIM = 4  # heads narrower than this learn next to nothing; they are not offered
MAX_HEADS = 64
PRESET_TITLES = {"tiny": "Tiny", "small": "Small", "base": "Base"}
POSITIONAL_TITLES = {
    "sinusoidal": "Sinusoidal (fixed waves)",
    "learned": "Learned (one vector per position)",
    "alibi": "ALiBi (attention favours nearby words)",
    "sinusoidal+alibi": "Sinusoidal + ALiBi (both)",
}
POOLING_TITLES = {"mean": "Mean of all words", "cls": "The [CLS] token"}


def head_choices(d_model: int) -> list[int]:
    """Head counts that divide d_model evenly and leave each head at least MIN_HEAD_DIM numbers."""
    out = [h for h in range(1, min(d_model, MAX_HEADS) + 1) if d_model % h == 0 and d_model // h >= MIN_HEAD_DIM]
    return out or [1]


def system_memory() -> int | None:
    """Total RAM in bytes where the OS says (Linux, macOS); None elsewhere."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        return None


def nearest(value: int, options: list[int]) -> int:
    """The option closest to value on a log scale (8 heads → 8, else 4 or 16, not 7)."""
    return min(options, key=lambda h: (abs(math.log(h) - math.log(max(1, value))), -h))


def choice_combo(kinds: tuple[str, ...], titles: dict[str, str], tip: str) -> QComboBox:
    """A combo box of a setting's values, shown by their titles, with the setting's value as item data."""
    combo = QComboBox()
    for kind in kinds:
        combo.addItem(titles.get(kind, kind), kind)
    combo.setToolTip(tip)
    return combo

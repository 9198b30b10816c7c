"""Chinese text everywhere, on any machine: the app font falls back to a Simplified Chinese font for the characters
its own family lacks (labels, translations, Chinese data and tokens alike).

The system's CJK font is used when there is one (Noto Sans CJK SC on most Linux desktops, Microsoft YaHei on
Windows, PingFang SC on macOS). Only on a machine without any is the bundled font registered: a subset of Noto Sans
CJK SC (SIL Open Font License 1.1, resources/licenses/OFL-1.1.txt) with the 3,755 common characters of GB 2312
level 1 and every character of the translation (resources/fonts/cjk/README.md says how it is made).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from workbench import paths

# In order of preference: the system's own Simplified Chinese UI fonts.
PREFERRED = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "Microsoft YaHei",
    "Microsoft YaHei UI",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)


def system_family() -> str | None:
    """The best Simplified Chinese family the system has, or None."""
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    for name in PREFERRED:
        if name in families:
            return name
    return families[0] if families else None


def bundled_family() -> str | None:
    """Register the bundled subset font and return its family (None when the bundle has none)."""
    folder = paths.resource("fonts", "cjk")
    for path in sorted([*folder.glob("*.otf"), *folder.glob("*.ttf")]) if folder.is_dir() else []:
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            return families[0]
    return None


def add_fallback(app: QApplication, *, system_first: bool = True) -> str | None:
    """Append a Simplified Chinese family to the app font's families; returns it (None when none exists)."""
    family = (system_family() if system_first else None) or bundled_family()
    if family is None:
        return None
    font = QFont(app.font())
    families = font.families() or [font.family()]
    if family not in families:
        font.setFamilies([*families, family])
        app.setFont(font)
    return family

"""Chinese renders on a machine without a Chinese font: the bundled subset covers every character of the
translation, and the app font falls back to it (or to the system's Simplified Chinese font when there is one)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QRawFont

from workbench import paths
from workbench.gui.widgets.language import cjk_font


@pytest.fixture
def app_font(qapp):
    saved = QFont(qapp.font())
    yield qapp
    qapp.setFont(saved)


def _bundled() -> str:
    fonts = sorted(paths.resource("fonts", "cjk").glob("*.otf"))
    assert fonts, "resources/fonts/cjk has no font"
    return str(fonts[0])


def test_the_bundled_font_has_every_character_of_the_translation(qapp) -> None:
    raw = QRawFont(_bundled(), 12)
    assert raw.isValid()
    text = "".join(
        t.text or "" for t in ET.parse(paths.resource("i18n", "workbench_zh_CN.ts")).getroot().iter("translation")
    )
    chinese = sorted({c for c in text if "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"})
    assert len(chinese) > 500
    missing = [
        c for c in chinese if not raw.supportsCharacter(ord(c))
    ]  # the code point: PySide reads a str as a QChar oddly
    assert not missing, f"not in the bundled font: {''.join(missing)} (resources/fonts/cjk/README.md remakes it)"
    assert all(raw.supportsCharacter(ord(c)) for c in "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年")


def test_without_a_system_font_the_app_falls_back_to_the_bundled_one(app_font) -> None:
    family = cjk_font.add_fallback(app_font, system_first=False)
    assert family == "Noto Sans CJK SC"
    families = app_font.font().families()
    assert families[-1] == family and len(families) >= 2  # after the app's own family: Latin text keeps it


def test_a_system_font_is_preferred(app_font) -> None:
    if not QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        pytest.skip("this machine has no Simplified Chinese font")
    family = cjk_font.add_fallback(app_font)
    assert family == cjk_font.system_family() and family in app_font.font().families()

"""The translation loader: which language a choice means, the settings, and the translators it installs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings

from workbench.gui.widgets.language import translations


@pytest.fixture
def english(qapp):
    """Whatever a test installs, the next test starts in English."""
    yield qapp
    translations.install(qapp, translations.ENGLISH)


@pytest.mark.parametrize(
    ("choice", "locale", "want"),
    [
        ("system", "zh_CN", "zh_CN"),
        ("system", "zh_TW", "zh_CN"),  # any Chinese reads the Simplified translation rather than English
        ("system", "en_US", "en"),
        ("system", "de_DE", "en"),  # no German: the source language
        ("system", "C", "en"),
        ("en", "zh_CN", "en"),  # a choice in the menu wins over the system
        ("zh_CN", "en_US", "zh_CN"),
    ],
)
def test_a_choice_resolves_to_a_language_the_app_has(choice: str, locale: str, want: str) -> None:
    assert translations.resolve(choice, QLocale(locale)) == want


def test_the_choice_is_kept_in_the_settings() -> None:
    settings = QSettings()
    assert translations.chosen(settings) == "system"  # the default
    translations.remember("zh_CN", settings)
    assert translations.chosen(QSettings()) == "zh_CN"
    settings.setValue(translations.LANGUAGE_KEY, "klingon")  # a hand-edited file: back to the default
    assert translations.chosen(settings) == "system"
    with pytest.raises(ValueError, match="language must be one of"):
        translations.remember("fr", settings)


def test_chinese_installs_the_apps_and_qts_translations_and_english_removes_them(english) -> None:
    tr = QCoreApplication.translate
    assert translations.install(english, "zh_CN") == "zh_CN" == translations.current()
    assert tr("WindowActions", "&File") == "文件(&F)"
    assert tr("Page", "Inspect") == "查看"
    assert tr("QPlatformTheme", "Cancel") == "取消"  # Qt's own: the standard dialog buttons
    assert translations.install(english, "en") == "en" == translations.current()
    assert tr("WindowActions", "&File") == "&File"
    assert tr("QPlatformTheme", "Cancel") == "Cancel"


def test_a_missing_translation_file_leaves_the_window_in_english(english, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(translations, "app_translation", lambda language: tmp_path / f"none_{language}.qm")
    assert translations.install(english, "zh_CN") == "en"
    assert QCoreApplication.translate("WindowActions", "&File") == "&File"

"""The language the window speaks, and the one place that loads the translations that make it speak it.

English is the source language and needs no file. For Simplified Chinese two Qt translators are installed: the
app's own (resources/i18n/workbench_zh_CN.qm, built from the .ts by pyside6-lrelease) and Qt's (qtbase_zh_CN.qm,
shipped with PySide6: the buttons of standard dialogs, the line edits' context menus). The choice ("system",
"en" or "zh_CN") is kept in the app's settings under LANGUAGE_KEY; "system" follows the system's UI languages
(LANGUAGE, LC_MESSAGES, LANG on Linux). Widgets read their texts when they are made, so a new choice applies
from the next start.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from workbench import paths

log = logging.getLogger(__name__)

LANGUAGE_KEY = "view/language"
SYSTEM, ENGLISH, CHINESE = "system", "en", "zh_CN"
CHOICES = (SYSTEM, ENGLISH, CHINESE)
TRANSLATED = (CHINESE,)  # the languages with a translation file under resources/i18n

_installed: list[QTranslator] = []
_current = ENGLISH


def chosen(settings: QSettings | None = None) -> str:
    """The choice kept in the settings: "system" (the default), "en" or "zh_CN"."""
    value = str((settings or QSettings()).value(LANGUAGE_KEY, SYSTEM) or SYSTEM)
    return value if value in CHOICES else SYSTEM


def remember(choice: str, settings: QSettings | None = None) -> None:
    if choice not in CHOICES:
        raise ValueError(f"language must be one of {', '.join(CHOICES)}, got {choice!r}")
    s = settings or QSettings()
    s.setValue(LANGUAGE_KEY, choice)
    s.sync()


def resolve(choice: str, locale: QLocale | None = None) -> str:
    """The language a choice means here: "en" or "zh_CN". "system" takes the first of the system's UI languages
    the app speaks (any Chinese reads the Simplified translation), else English."""
    if choice in (ENGLISH, *TRANSLATED):
        return choice
    for name in (locale or QLocale.system()).uiLanguages():
        tag = name.replace("_", "-").lower()
        if tag.startswith("zh"):
            return CHINESE
        if tag == "c" or tag.startswith("en"):
            return ENGLISH
    return ENGLISH


def app_translation(language: str) -> Path:
    """The app's compiled translation for a language (it may be missing in a checkout that never built it)."""
    return paths.resource("i18n", f"workbench_{language}.qm")


def qt_translation_dirs() -> list[Path]:
    """Where Qt's own translations are: Qt's configured folder, and PySide6's (a PyInstaller bundle keeps them
    under PySide6/Qt/translations)."""
    import PySide6

    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    dirs.append(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")
    return dirs


def install(app: QCoreApplication, language: str) -> str:
    """Install the translators for `language` ("en" or a translated one) on `app`, removing earlier ones;
    returns the language the window now speaks (English when the translation file is missing)."""
    global _current
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    _current = ENGLISH
    if language not in TRANSLATED:
        return _current
    own = QTranslator(app)
    path = app_translation(language)
    if not own.load(str(path)):
        log.warning("no translation at %s: the window stays in English", path)
        return _current
    app.installTranslator(own)
    _installed.append(own)
    qt = QTranslator(app)
    if any(qt.load(f"qtbase_{language}", str(folder)) for folder in qt_translation_dirs()):
        app.installTranslator(qt)
        _installed.append(qt)
    else:
        log.warning("Qt's own %s translation was not found: standard buttons stay in English", language)
    _current = language
    return _current


def current() -> str:
    """The language installed last ("en" until a translation is installed)."""
    return _current

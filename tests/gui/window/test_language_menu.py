"""View > Language on the real window: the choice is remembered and the next start speaks it, with no English
left on any page (the same count the smoke test reports)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from workbench.gui.diagnostics.untranslated import english_words, untranslated
from workbench.gui.widgets.language import translations
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.page import Page


@pytest.fixture
def english(qapp):
    yield qapp
    translations.install(qapp, translations.ENGLISH)


def _new_window(qtbot, tmp_path) -> MainWindow:
    w = MainWindow(runs_root=tmp_path / "runs")
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitUntil(lambda: w.devices_known() and w.data_panel.is_ready(), timeout=30_000)
    return w


def test_choosing_chinese_is_remembered_and_the_next_start_is_in_chinese(window, qtbot, tmp_path, english) -> None:
    menu = window.view_modes.language
    assert menu.menu.menuAction() in window.window_actions.view_menu.actions()
    actions = menu.actions()
    assert set(actions) == {"system", "en", "zh_CN"}
    assert actions["system"].isChecked()  # the default: the system's language
    assert actions["zh_CN"].text() == "简体中文" and actions["en"].text() == "English"
    asked: list[bool] = []
    menu.ask_restart = lambda: asked.append(True) or False  # "Later"
    actions["zh_CN"].trigger()
    assert QSettings().value(translations.LANGUAGE_KEY) == "zh_CN"
    assert asked == [True]  # said plainly that it applies from the next start, with a restart offered
    assert window.window_actions.view_menu.title() == "&View"  # this window keeps its language

    # The next start: create_app installs what the settings say, then the window is made.
    assert translations.install(english, translations.resolve(translations.chosen())) == "zh_CN"
    w = _new_window(qtbot, tmp_path / "again")
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles[:2] == ["文件(&F)", "训练(&I)"]
    assert w.view_modes.language.actions()["zh_CN"].isChecked()
    assert untranslated(w, w.show_page, list(Page)) == []


def test_the_count_finds_english_on_an_english_window(window) -> None:
    """The check itself: on the English window it finds the interface strings, not the data or the units."""
    left = untranslated(window, window.show_page, list(Page))
    assert "&File" in left and "Start training" in left
    assert english_words("Reviews (built in)", {"reviews"}) == ["built"]  # data and 2-letter words do not count
    assert english_words("12,000 tokens/s · 3.1 GiB · /tmp/runs/x.csv · [CLS] (Ctrl+Return)") == []
    assert english_words("第 3 步：损失 0.51") == []
    # An install command is code, not English (the packaged app shows it: it has no onnx)
    assert english_words('导出 ONNX 需要 onnx + onnxscript：pip install "transformer-workbench[onnx]"。') == []
    assert english_words("需要 onnx and onnxscript") == ["and"]


def test_choosing_the_language_already_shown_asks_nothing(window, english) -> None:
    menu = window.view_modes.language
    asked: list[bool] = []
    menu.ask_restart = lambda: asked.append(True) or False
    menu.actions()["en"].trigger()  # English is what the window speaks now
    QApplication.processEvents()
    assert QSettings().value(translations.LANGUAGE_KEY) == "en"
    assert asked == []

"""Simple / All settings on the real window: a new user starts in Simple, the View menu and the pages' switches
stay in step, hidden controls keep their values (and the run uses them), and the choice is remembered."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QWidget
from window_driver import make_tiny, start, wait_done

from workbench.core.runs.readers import check_config
from workbench.gui.pages.train.simple_view import advanced_controls
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.page import Page
from workbench.gui.window.settings_level import SETTINGS_KEY


def _advanced(w: MainWindow) -> list[QWidget]:
    return [*w.model_panel.advanced_controls(), *advanced_controls(w.train_panel)]


def _shown(w: MainWindow, widget: QWidget) -> bool:
    for page in (Page.MODEL, Page.TRAIN):
        w.show_page(page)
        if widget.isVisible():
            return True
    return False


def test_a_new_user_starts_simple_and_the_switches_show_every_setting(window: MainWindow, qtbot) -> None:
    w = window
    level = w.settings_level
    assert level.is_simple() and level.simple_action.isChecked()
    advanced = _advanced(w)
    assert len(advanced) == 16
    assert not any(_shown(w, c) for c in advanced)
    # Simple still shows what a first run needs.
    w.show_page(Page.TRAIN)
    tp = w.train_panel
    assert tp.start_button.isVisible() and tp.device_box.isVisible() and tp.epochs_box.isVisible()
    w.show_page(Page.MODEL)
    assert all(b.isVisible() for b in w.model_panel.preset_buttons.values())
    assert w.model_panel.diagram.isVisible()

    qtbot.mouseClick(w.model_panel.level_switch.all_button, Qt.MouseButton.LeftButton)
    assert not level.is_simple() and level.all_action.isChecked()
    assert w.train_panel.level_switch.all_button.isChecked()  # the other page follows
    assert all(_shown(w, c) for c in advanced)
    assert QSettings().value(SETTINGS_KEY, type=bool) is False

    w.show_page(Page.TRAIN)
    qtbot.mouseClick(w.train_panel.level_switch.simple_button, Qt.MouseButton.LeftButton)
    assert level.is_simple() and w.model_panel.level_switch.simple_button.isChecked()
    assert not any(_shown(w, c) for c in advanced)
    level.all_action.trigger()  # the View menu
    assert not level.is_simple() and all(_shown(w, c) for c in advanced)
    view_menu = w.window_actions.view_menu
    assert level.simple_action in view_menu.actions() and level.all_action in view_menu.actions()


def test_hidden_settings_keep_their_values_and_the_run_uses_them(window: MainWindow, qtbot) -> None:
    w = window
    w.settings_level.set_simple(False)
    make_tiny(w, steps=2)
    tp, mp = w.train_panel, w.model_panel
    tp.lr_box.setValue(0.0025)
    tp.warmup_box.setValue(1)
    tp.seed_box.setValue(7)
    tp.accumulate_box.setValue(2)
    mp.dropout_spin.setValue(0.2)
    mp.positional_combo.setCurrentIndex(mp.positional_combo.findData("learned"))
    train_before, model_before = tp.train_config(), mp.model_config()
    w.settings_level.set_simple(True)
    assert not any(_shown(w, c) for c in _advanced(w))
    assert tp.train_config() == train_before and mp.model_config() == model_before
    w.settings_level.set_simple(False)
    w.settings_level.set_simple(True)
    assert tp.train_config() == train_before and mp.model_config() == model_before

    start(qtbot, w)
    wait_done(qtbot, w)
    saved = check_config(Path(w.run_path) / "config.toml")
    assert (saved.train.lr, saved.train.warmup_steps, saved.train.seed, saved.train.accumulate) == (0.0025, 1, 7, 2)
    assert (saved.model.d_model, saved.model.n_heads, saved.model.dropout) == (32, 2, 0.2)
    assert saved.model.positional == "learned"
    assert saved.train.batch_size == 16 and saved.train.max_steps == 2
    # A run trained again fills the hidden controls back in, accumulation included.
    tp.set_train_config(dataclasses.replace(saved.train, accumulate=3))
    assert tp.accumulate_box.value() == 3


def test_the_level_is_remembered_and_someone_who_used_the_app_before_sees_all(window: MainWindow, qtbot) -> None:
    w = window
    w.settings_level.set_simple(False)
    second = MainWindow(runs_root=w.runs_panel.runs_root())
    qtbot.addWidget(second)
    assert not second.settings_level.is_simple() and second.model_panel.shape.isVisibleTo(second.model_panel)
    second.settings_level.set_simple(True)
    qtbot.waitUntil(second.devices_known, timeout=30_000)
    second.close()
    third = MainWindow(runs_root=w.runs_panel.runs_root())
    qtbot.addWidget(third)
    assert third.settings_level.is_simple() and not third.model_panel.shape.isVisibleTo(third.model_panel)
    qtbot.waitUntil(third.devices_known, timeout=30_000)
    # Settings from before the switch existed (a saved window, no level): nothing they knew is hidden.
    settings = QSettings()
    settings.remove(SETTINGS_KEY)
    assert settings.contains("window/geometry")  # saved when `second` closed
    fourth = MainWindow(runs_root=w.runs_panel.runs_root())
    qtbot.addWidget(fourth)
    assert not fourth.settings_level.is_simple()
    qtbot.waitUntil(fourth.devices_known, timeout=30_000)


def test_stacked_model_page_gives_the_settings_their_height_after_a_switch(qtbot) -> None:
    from PySide6.QtWidgets import QScrollArea

    from workbench.gui.pages.model.model_page import ModelPanel

    page = ModelPanel()
    scroll = QScrollArea()  # as the window holds it
    scroll.setWidgetResizable(True)
    scroll.setWidget(page)
    qtbot.addWidget(scroll)
    page.set_simple(True)
    scroll.resize(440, 700)  # narrow: the drawing goes under the settings
    scroll.show()
    qtbot.waitUntil(lambda: not page.splitter.is_wide(), timeout=5000)
    page.set_simple(False)  # the Shape box appears: eight more rows
    holder = page.splitter.widget(0)
    need = max(holder.heightForWidth(holder.width()), holder.sizeHint().height())
    qtbot.waitUntil(lambda: page.splitter.sizes()[0] >= need, timeout=5000)  # once the page has grown
    assert page.shape.height() >= page.shape.minimumSizeHint().height()

"""Zoom, presenter mode, full screen and the hidden plot, on the real window."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QLabel
from window_driver import make_tiny, start, wait_done

from workbench.gui.widgets.text_heights import text_heights
from workbench.gui.widgets.text_scale import PRESENTER_MIN_PX
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.page import Page


def _trigger(w: MainWindow, key: str) -> None:
    """Press a shortcut the way the person does: the action that owns it fires."""
    for action in w.actions():
        if any(s.toString() == key for s in action.shortcuts()):
            action.trigger()
            QApplication.processEvents()  # Qt hands the new fonts to the widgets in posted events
            return
    raise AssertionError(f"no action has the shortcut {key}")


def _text_heights(w: MainWindow) -> list[tuple[int, str]]:
    """(line height in px, what) of every text on screen: visible widgets, pyqtgraph axes (heatmap token labels in
    the font they are drawn in), legends, and tooltips."""
    return text_heights(w)


def test_zoom_keys_scale_every_text_and_are_remembered(window: MainWindow, qtbot) -> None:
    w = window
    app = QApplication.instance()
    normal = QFontMetrics(app.font()).height()
    plot_axis = w.plot._pi.getAxis("left")
    _trigger(w, "Ctrl+=")
    _trigger(w, "Ctrl+=")
    bigger = QFontMetrics(app.font()).height()
    assert bigger > normal * 1.15
    assert QFontMetrics(w.sidebar.font()).height() == bigger
    assert QFontMetrics(plot_axis.style["tickFont"]).height() == bigger  # the plot's numbers too
    assert w.view_modes.text_scale.zoom == 1.25
    assert float(QSettings().value("view/zoom")) == 1.25
    # A new window (the next start) comes back at the same zoom.
    w.close()
    second = MainWindow(runs_root=w.runs_panel.runs_root())
    qtbot.addWidget(second)
    assert second.view_modes.text_scale.zoom == 1.25
    assert QFontMetrics(app.font()).height() == bigger
    _trigger(second, "Ctrl+0")
    assert QFontMetrics(app.font()).height() == normal
    _trigger(second, "Ctrl+-")
    assert QFontMetrics(app.font()).height() < normal
    second.view_modes.text_scale.detach()


def test_presenter_mode_makes_every_text_at_least_24_px_on_every_page(window: MainWindow, qtbot) -> None:
    w = window
    make_tiny(w, steps=8)
    start(qtbot, w)
    wait_done(qtbot, w)
    w.inspect_panel.set_text("the food was not good")
    w.resize(1366, 768)
    before = QApplication.instance().palette().color(QPalette.ColorRole.Window)
    _trigger(w, "F5")
    assert w.view_modes.is_presenting() and w.view_modes.presenter_action.isChecked()
    if not w.plot.isVisible():  # hidden to make room on a small screen: measure its texts too
        _trigger(w, "F9")
    assert QApplication.instance().palette().color(QPalette.ColorRole.Window).lightness() == 255
    loss_axis = w.plot._pi.getAxis("left")
    assert loss_axis.autoSIPrefixScale == 1.0 and loss_axis.tickStrings([0.5], 1.0, 0.1) == ["0.5"]  # not "500"
    smoothing_box = w.plot.controls.smoothing._label
    assert smoothing_box.width() >= QFontMetrics(smoothing_box.font()).horizontalAdvance("0.900")  # not cut
    sidebar_fm = QFontMetrics(w.sidebar.font())
    assert w.sidebar.width() > max(sidebar_fm.horizontalAdvance(p.label) for p in Page)  # whole titles
    for page in Page:
        w.show_page(page)
        if page == Page.INSPECT:  # the sentence's attention maps drawn (in a worker): their token labels count
            qtbot.waitUntil(lambda: w.inspect_panel.result() is not None and not w.inspect_panel.busy(), timeout=30_000)
        QApplication.processEvents()
        heights = _text_heights(w)
        assert len(heights) > 20
        if page == Page.INSPECT:
            assert sum("axis" in what for _, what in heights) > 6  # the heatmaps' axes, beside the loss plot's
        small = [(h, what) for h, what in heights if h < PRESENTER_MIN_PX]
        assert not small, f"{page.title}: {small[:8]}"
    _trigger(w, "F5")  # leave: the palette and the sizes come back
    assert not w.view_modes.is_presenting()
    assert QApplication.instance().palette().color(QPalette.ColorRole.Window) == before
    assert min(h for h, _ in _text_heights(w)) < PRESENTER_MIN_PX


def test_full_screen_and_hidden_plot(window: MainWindow, qtbot) -> None:
    w = window
    _trigger(w, "F11")
    qtbot.waitUntil(w.isFullScreen)
    assert w.view_modes.full_screen_action.isChecked()
    _trigger(w, "F11")
    qtbot.waitUntil(lambda: not w.isFullScreen())
    _trigger(w, "F9")
    assert not w.plot.isVisible() and not w.view_modes.plot_action.isChecked()
    width = w.stack.width()
    _trigger(w, "F9")
    assert w.plot.isVisible()
    assert w.stack.width() < width  # the pages had the plot's room while it was hidden


def test_pause_has_a_shortcut(window: MainWindow) -> None:
    keys = [s.toString() for s in window.pause_action.shortcuts()]
    assert "Ctrl+P" in keys
    assert "Ctrl+P" in window.pause_action.toolTip()


def test_icon_only_buttons_and_the_plot_have_names_for_screen_readers(window: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractButton

    w = window
    unnamed = []
    for page in Page:
        w.show_page(page)
        QApplication.processEvents()
        for button in w.findChildren(QAbstractButton):
            wordless = not any(ch.isalpha() for ch in button.text())  # an icon, or a sign such as + or ✕
            if button.isVisible() and wordless and not button.accessibleName():
                unnamed.append(f"{page.title}: {type(button).__name__} {button.toolTip()!r}")
    assert not unnamed
    assert w.plot.accessibleName() == "Training loss plot"
    assert "loss" in w.plot.accessibleDescription()


def test_presenter_mode_hides_the_plot_when_the_window_would_not_fit_the_screen(window: MainWindow, qtbot) -> None:
    w = window
    screen = w.screen().availableGeometry().width()  # 800 px offscreen: 24 px text and the plot cannot both fit
    _trigger(w, "F5")
    assert not w.plot.isVisible() and not w.view_modes.plot_action.isChecked()
    assert "F9" in w.statusBar().currentMessage()
    QApplication.processEvents()
    without_plot = w.minimumSizeHint().width()
    _trigger(w, "F9")  # the teacher asks for it anyway
    QApplication.processEvents()
    assert w.plot.isVisible() and w.minimumSizeHint().width() > max(without_plot, screen)
    _trigger(w, "F5")


def test_a_widget_made_while_zoomed_is_zoomed_and_at_100_percent_the_zoom_filters_no_events(
    window: MainWindow, qtbot
) -> None:
    # An application event filter written in Python runs for every event of every object; at 100 % it has nothing
    # to do, and while a run trains on the CPU each call takes the interpreter lock from the training.
    w = window
    scale = w.view_modes.text_scale

    def big_label() -> QLabel:
        label = QLabel("made later")
        font = label.font()
        font.setPointSizeF(QApplication.instance().font().pointSizeF() * 2)
        label.setFont(font)
        qtbot.addWidget(label)
        label.show()  # polished here
        return label

    first = big_label()
    assert not scale.watching
    _trigger(w, "Ctrl+=")
    assert scale.watching
    second = big_label()
    app_size = QApplication.instance().font().pointSizeF()
    assert abs(second.font().pointSizeF() - 2 * app_size) < 0.01  # polished while zoomed: in proportion
    assert abs(first.font().pointSizeF() - 2 * app_size) < 0.01  # rescaled by the zoom itself
    _trigger(w, "Ctrl+0")
    assert not scale.watching
    third = big_label()
    assert abs(third.font().pointSizeF() - 2 * QApplication.instance().font().pointSizeF()) < 0.01
    scale.set_min_px(PRESENTER_MIN_PX)
    assert scale.watching  # presenter mode's floor applies to new widgets too
    scale.detach()
    assert not scale.watching

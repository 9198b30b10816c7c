"""The guided tour on the real window: Help opens it, every card rings a widget on screen (forward and back),
Esc closes it, it follows resizes and presenter mode, and the first start offers it once without blocking."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget
from window_driver import make_tiny, start, wait_done

from workbench.gui.widgets.text_scale import PRESENTER_MIN_PX
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.page import Page
from workbench.gui.window.tour import OFFERED_KEY
from workbench.gui.window.tour_cards import CARDS


def _rect_in_window(w: MainWindow, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(w, QPoint(0, 0)), widget.size())


def _check_card(qtbot, w: MainWindow, index: int) -> QWidget:
    """Card `index` is shown, its target is on screen, on the page shown (or the plot), and ringed."""
    tour = w.tour
    QApplication.processEvents()
    assert tour.is_open() and tour.index() == index
    title, text = CARDS[index].translated()
    assert tour.card.title.text() == title and tour.card.body.text() == text
    assert tour.card.counter.text() == f"Step {index + 1} of {len(CARDS)}"
    target = tour.target()
    assert target is not None and target.isVisible(), CARDS[index].key
    assert target is w.plot or w.stack.currentWidget().isAncestorOf(target)
    # A page's layout can settle a pass after it is shown (presenter fonts): the tour follows it (its timer).
    qtbot.waitUntil(lambda: _rect_in_window(w, target).contains(tour.spotlight.hole()), timeout=5000)
    hole = tour.spotlight.hole()
    assert not hole.isEmpty() and tour.spotlight.isVisible()
    assert hole.width() * hole.height() > 0.25 * min(target.width() * target.height(), w.width() * w.height() / 4)
    card = tour.card.geometry()
    assert w.rect().contains(card)  # the whole card inside the window
    assert not card.contains(hole.center()) or hole.width() > w.width() // 2  # it does not cover its widget
    return target


def test_help_opens_the_tour_and_it_walks_every_card_forward_and_back(window: MainWindow, qtbot) -> None:
    w = window
    assert w.tour.action in w.window_actions.help_menu.actions()
    w.tour.action.trigger()
    targets = [_check_card(qtbot, w, 0)]
    for index in range(1, len(CARDS)):
        qtbot.mouseClick(w.tour.card.next_button, Qt.MouseButton.LeftButton)
        targets.append(_check_card(qtbot, w, index))
    # Without a model, the concepts are shown where they live: the rows, the tokenizer, the drawing, the plot.
    by_key = dict(zip((c.key for c in CARDS), targets, strict=True))
    assert by_key["text"] is w.data_panel.table
    assert by_key["tokens"] is w.data_panel.token_box
    assert by_key["attention"] is w.inspect_panel.text_box
    assert by_key["layers"] is w.model_panel.diagram
    assert by_key["loss"] is w.plot
    assert w.tour.card.next_button.text() == "Finish" and w.tour.card.back_button.isEnabled()
    for index in range(len(CARDS) - 2, -1, -1):
        qtbot.mouseClick(w.tour.card.back_button, Qt.MouseButton.LeftButton)
        assert _check_card(qtbot, w, index) is targets[index]
    assert not w.tour.card.back_button.isEnabled()
    for _ in CARDS:
        qtbot.mouseClick(w.tour.card.next_button, Qt.MouseButton.LeftButton)
    assert not w.tour.is_open() and not w.tour.spotlight.isVisible()  # Finish on the last card


def test_escape_closes_the_tour_and_only_the_tour(window: MainWindow, qtbot) -> None:
    w = window
    stops: list[bool] = []
    w.stop_action.triggered.connect(lambda: stops.append(True))
    w.stop_action.setEnabled(True)  # as while a run trains: Esc is also the Stop shortcut
    w.tour.start()
    qtbot.mouseClick(w.tour.card.next_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(w.tour.card.next_button, Qt.Key.Key_Escape)
    assert not w.tour.is_open() and not w.tour.card.isVisible() and not w.tour.spotlight.isVisible()
    assert stops == []
    w.tour.start()  # opens again at the first card
    assert w.tour.index() == 0
    w.tour.close()


def test_the_ring_follows_a_resize_and_presenter_mode_keeps_the_card_readable(window: MainWindow, qtbot) -> None:
    w = window
    w.resize(1400, 900)
    w.tour.start()
    w.tour.go(5)  # layers: the Model page's drawing
    _check_card(qtbot, w, 5)
    w.resize(1000, 700)
    qtbot.waitUntil(lambda: w.tour.spotlight.geometry() == w.rect(), timeout=5000)
    w.tour.place()
    _check_card(qtbot, w, 5)
    w.view_modes.set_presenter(True)
    try:
        QApplication.processEvents()
        for index in (0, 7):
            w.tour.go(index)
            target = _check_card(qtbot, w, index)
            assert target.isVisible()
            card = w.tour.card
            small = [
                (QFontMetrics(widget.font()).height(), type(widget).__name__)
                for widget in [card, *card.findChildren(QWidget)]
                if widget.isVisible() and QFontMetrics(widget.font()).height() < PRESENTER_MIN_PX
            ]
            assert not small
    finally:
        w.view_modes.set_presenter(False)
    w.tour.close()


def test_after_a_run_the_tour_points_at_the_models_own_maps(window: MainWindow, qtbot) -> None:
    w = window
    make_tiny(w, steps=3)
    assert w.tour.offer is not None
    start(qtbot, w)
    assert w.tour.offer is None  # the first-start offer steps aside once a run starts
    wait_done(qtbot, w)
    w.show_page(Page.INSPECT)
    qtbot.waitUntil(lambda: w.inspect_panel.result() is not None and not w.inspect_panel.busy(), timeout=30_000)
    w.tour.start()
    keys = [c.key for c in CARDS]
    for key, widget in (
        ("tokens", w.inspect_panel.tokens),
        ("attention", w.inspect_panel.detail),
        ("heads", w.inspect_panel.grid),
        ("decision", w.inspect_panel.prediction),
    ):
        w.tour.go(keys.index(key))
        assert _check_card(qtbot, w, keys.index(key)) is widget
    w.tour.close()


def test_the_first_start_offers_the_tour_once_without_blocking(window: MainWindow, qtbot) -> None:
    w = window
    offer = w.tour.offer
    assert offer is not None and offer.isVisible()
    assert QApplication.activeModalWidget() is None and not offer.isWindow()  # a card on the window, not a dialog
    assert w.rect().contains(offer.geometry())
    assert QSettings().value(OFFERED_KEY, False, type=bool)
    qtbot.mouseClick(offer.later_button, Qt.MouseButton.LeftButton)
    assert w.tour.offer is None and not w.tour.is_open()
    # The next start does not offer it again.
    second = MainWindow(runs_root=w.runs_panel.runs_root())
    qtbot.addWidget(second)
    assert second.tour.offer is None
    qtbot.waitUntil(second.devices_known, timeout=30_000)


def test_take_the_tour_from_the_offer(qtbot, tmp_path) -> None:
    w = MainWindow(runs_root=tmp_path / "runs")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.devices_known() and w.data_panel.is_ready(), timeout=30_000)
    qtbot.mouseClick(w.tour.offer.take_button, Qt.MouseButton.LeftButton)
    assert w.tour.offer is None
    _check_card(qtbot, w, 0)
    w.tour.close()

"""The guided tour: Next/Back cards that point at the real widgets, switching pages as they go (tour_cards.py says
what each card says). Help ▸ Guided tour (F1) opens it; the first start offers it once, in a small card that
blocks nothing. Esc or Close ends it. It follows the window through resizes, zoom and presenter mode.

Each card names the widgets it may point at, best first: the Inspect page's maps once a model is there, else the
Model page's drawing, and so on. The first one on screen is ringed; a card about a control that Simple hides
points at the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QMenu, QScrollArea, QWidget

from workbench.gui.widgets.tour.spotlight import Spotlight
from workbench.gui.widgets.tour.tour_card import OfferCard, TourCard
from workbench.gui.window.page import Page
from workbench.gui.window.tour_cards import CARDS

if TYPE_CHECKING:
    from workbench.gui.window.main_window import MainWindow

OFFERED_KEY = "tour/offered"  # the first-start offer has been shown (it is never shown again)
FOLLOW_MS = 150  # how often the ring follows its widget (scrolling, layout changes) while the tour is open
GAP = 16  # between the card and the ringed widget, and from the window's edges

Candidate = tuple[Page | None, Callable[[], QWidget | None]]


def _targets(w: MainWindow) -> dict[str, list[Candidate]]:
    """For each card, the widgets it may point at, best first, with the page each is on (None: beside the pages)."""
    data, model, inspect = w.data_panel, w.model_panel, w.inspect_panel
    # The Inspect page's widgets are made by build_inspect_page (inspect_layout.py) and not declared on
    # InspectPanel yet, so mypy cannot see them (the ignores go once they are declared).
    return {
        "text": [(Page.DATA, lambda: data.table)],
        "tokens": [(Page.INSPECT, lambda: inspect.tokens), (Page.DATA, lambda: data.token_box)],  # type: ignore[attr-defined]
        "vectors": [(Page.MODEL, lambda: model.d_model_spin), (Page.MODEL, lambda: model.diagram)],
        "attention": [(Page.INSPECT, lambda: inspect.detail), (Page.INSPECT, lambda: inspect.text_box)],  # type: ignore[attr-defined]
        "heads": [
            (Page.INSPECT, lambda: inspect.grid),  # type: ignore[attr-defined]
            (Page.MODEL, lambda: model.heads_combo),
            (Page.MODEL, lambda: model.diagram),
        ],
        "layers": [(Page.MODEL, lambda: model.diagram)],
        "decision": [(Page.INSPECT, lambda: inspect.prediction), (Page.MODEL, lambda: model.diagram)],  # type: ignore[attr-defined]
        "loss": [(Page.TRAIN, lambda: w.plot), (Page.TRAIN, lambda: w.train_panel.start_button)],
    }


class GuidedTour(QObject):
    """The tour over `window`. `action` opens it (the window puts it in the Help menu)."""

    stepShown = Signal(int)
    closed = Signal()

    def __init__(self, window: MainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._targets = _targets(window)
        self._index = -1
        self._target: QWidget | None = None
        self.card: TourCard | None = None
        self.spotlight: Spotlight | None = None
        self.offer: OfferCard | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(FOLLOW_MS)
        self._timer.timeout.connect(self.place)
        self.action = QAction(self.tr("&Guided tour"), window)
        tip = self.tr("A few cards that show, on this window, how a Transformer reads text and learns")
        self.action.setStatusTip(tip)
        self.action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents).toString() or "F1")
        self.action.setToolTip(tip)
        self.action.triggered.connect(self.start)
        window.addAction(self.action)
        window.installEventFilter(self)
        add_tour_to_help(self, window.window_actions.help_menu)
        window.training.stateChanged.connect(lambda: None if window.training.idle else self.dismiss_offer())
        self.offer_once()

    # --- the tour ------------------------------------------------------------------------------------
    def is_open(self) -> bool:
        return self.card is not None and self.card.isVisible()

    def index(self) -> int:
        """The card shown (0-based), or -1 when closed."""
        return self._index if self.is_open() else -1

    def count(self) -> int:
        return len(CARDS)

    def target(self) -> QWidget | None:
        """The widget the card points at now."""
        return self._target if self.is_open() else None

    def start(self) -> None:
        self.dismiss_offer()
        if self.card is None:
            self.spotlight = Spotlight(self._window)
            self.card = TourCard(self._window)
            self.card.nextRequested.connect(self.next)
            self.card.backRequested.connect(self.back)
            self.card.closeRequested.connect(self.close)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()
        self.go(0)
        self.card.show()
        self.card.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def next(self) -> None:
        if self._index >= len(CARDS) - 1:
            self.close()
        else:
            self.go(self._index + 1)

    def back(self) -> None:
        if self._index > 0:
            self.go(self._index - 1)

    def go(self, index: int) -> None:
        """Show card `index`: switch to its page, bring its widget into view and ring it."""
        assert self.card is not None
        self._index = max(0, min(index, len(CARDS) - 1))
        card = CARDS[self._index]
        title, text = card.translated()
        self.card.show_step(self._index, len(CARDS), title, text)
        self._target = self._pick(self._targets[card.key])
        if self._target is not None:
            _scroll_into_view(self._target)
        self.place()
        self.stepShown.emit(self._index)

    def _pick(self, candidates: list[Candidate]) -> QWidget | None:
        chosen = None
        for page, widget_of in candidates:
            widget = widget_of()
            if widget is None:
                continue
            if page is not None:
                self._window.show_page(page)
            chosen = widget
            if widget.isVisible():
                return widget
        return chosen  # none on screen (e.g. the plot is hidden): ring the last, where the page shows it

    def close(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        for widget in (self.card, self.spotlight):
            if widget is not None:
                widget.hide()
        self._target = None
        self._index = -1
        self.closed.emit()

    def place(self) -> None:
        """Put the ring on the target and the card beside it (after a resize, a scroll or a font change too)."""
        if self.card is None or self.spotlight is None or self._index < 0:
            return
        win = self._window
        area = win.rect().adjusted(GAP, GAP, -GAP, -GAP)
        self.card.fit_width(max(120, min(area.width() // 2, area.width() - 2 * GAP)))
        hole = _visible_rect(self._target, win) if self._target is not None else QRect()
        self.card.move(_card_position(self.card.size(), hole, area))
        self.spotlight.show_at(hole, self.card.geometry())
        self.card.raise_()

    # --- the first-start offer -----------------------------------------------------------------------
    def offer_once(self) -> bool:
        """Offer the tour in a small card if it was never offered (remembered); True if offered now."""
        if self._settings.value(OFFERED_KEY, False, type=bool):
            return False
        self._settings.setValue(OFFERED_KEY, True)
        self.offer = OfferCard(self._window)
        self.offer.accepted.connect(self.start)
        self.offer.declined.connect(self.dismiss_offer)
        self._place_offer()
        self.offer.show()
        return True

    def dismiss_offer(self) -> None:
        if self.offer is not None:
            self.offer.hide()
            self.offer.deleteLater()
            self.offer = None

    def _place_offer(self) -> None:
        """Over the empty plot when it is shown (nothing there before the first run), else at the bottom right."""
        offer, win = self.offer, self._window
        if offer is None:
            return
        area = win.rect().adjusted(GAP, GAP, -GAP, -GAP)
        plot = win.plot
        room = plot.width() - 2 * GAP if plot.isVisible() else area.width() // 2
        offer.fit_width(max(120, min(room, area.width())))
        if plot.isVisible():
            top_left = plot.mapTo(win, QPoint((plot.width() - offer.width()) // 2, plot.height() // 6))
        else:
            top_left = QPoint(area.right() - offer.width(), area.bottom() - offer.height() - win.statusBar().height())
        offer.move(_clamp(top_left, offer.size().width(), offer.size().height(), area))
        offer.raise_()

    # --- events ---------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._window:
            if kind in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.LayoutRequest, QEvent.Type.FontChange):
                self._place_offer()
                if self.is_open():
                    self.place()
            elif kind == QEvent.Type.Hide:
                self._timer.stop()
            return False
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and self._is_escape_here(watched, event):
            event.accept()  # the tour takes Esc (it also stops training): Esc closes the tour only
            if kind == QEvent.Type.KeyPress:
                self.close()
            return True
        return False

    def _is_escape_here(self, watched: QObject, event: QEvent) -> bool:
        if not self.is_open() or not isinstance(event, QKeyEvent) or event.key() != Qt.Key.Key_Escape:
            return False
        if QApplication.activePopupWidget() is not None:  # an open list or bubble closes first
            return False
        return isinstance(watched, QWidget) and watched.window() is self._window


def add_tour_to_help(tour: GuidedTour, menu: QMenu | None) -> None:
    """The tour first in the Help menu."""
    if menu is not None:
        first = menu.actions()[0] if menu.actions() else None
        if first is None:
            menu.addAction(tour.action)
        else:
            menu.insertAction(first, tour.action)
            menu.insertSeparator(first)


def _scroll_into_view(widget: QWidget) -> None:
    """Scroll every scroll area around `widget` so that as much of it as fits is on screen."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and (inner := parent.widget()) is not None and inner.isAncestorOf(widget):
            parent.ensureWidgetVisible(widget, 20, 20)
        parent = parent.parentWidget()


def _visible_rect(widget: QWidget, window: QWidget) -> QRect:
    """The part of `widget` on screen, in `window`'s coordinates (clipped by the scroll areas around it)."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            view = parent.viewport()
            rect = rect.intersected(QRect(view.mapTo(window, QPoint(0, 0)), view.size()))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def _card_position(size: QSize, hole: QRect, area: QRect) -> QPoint:
    """Beside the hole (right, left, below, above: the first with room), else in the window's bottom-right corner."""
    w, h = size.width(), size.height()
    if hole.isEmpty():
        return _clamp(QPoint(area.center().x() - w // 2, area.center().y() - h // 2), w, h, area)
    cy, cx = hole.center().y() - h // 2, hole.center().x() - w // 2
    tries = (
        QPoint(hole.right() + GAP, cy),
        QPoint(hole.left() - GAP - w, cy),
        QPoint(cx, hole.bottom() + GAP),
        QPoint(cx, hole.top() - GAP - h),
    )
    for i, spot in enumerate(tries):
        fits_x = area.left() <= spot.x() and spot.x() + w <= area.right() if i < 2 else w <= area.width()
        fits_y = area.top() <= spot.y() and spot.y() + h <= area.bottom() if i >= 2 else h <= area.height()
        if fits_x and fits_y:
            return _clamp(spot, w, h, area)
    return _clamp(QPoint(area.right() - w, area.bottom() - h), w, h, area)


def _clamp(at: QPoint, w: int, h: int, area: QRect) -> QPoint:
    x = max(area.left(), min(at.x(), area.right() - w))
    y = max(area.top(), min(at.y(), area.bottom() - h))
    return QPoint(x, y)

"""Every token labelled on every heatmap axis: the head view, the small maps (probe replay, compare) and the
Compare page's difference map; turned or smaller when room is short, never every other one; in presenter mode
never under 24 px, and when that leaves no room for all of them, the map says how many are out of view."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont, QFontMetricsF, QImage
from PySide6.QtWidgets import QApplication
from tiny_models import tiny_classifier

from workbench.gui.pages.inspect.attention.head_detail import HeadHeatmap
from workbench.gui.pages.inspect.tabs.compare_view import CompareView
from workbench.gui.pages.inspect.tabs.probe_replay import TokenHeatmap
from workbench.gui.widgets.heatmap import token_axis
from workbench.gui.widgets.heatmap.token_axis import MAX_LABELLED, MIN_LABEL_PX, TokenAxis, short
from workbench.gui.widgets.text_scale import PRESENTER_MIN_PX, TextScale, scale_graphics


def _tokens(n: int) -> list[str]:
    words = ["the", "restaurant", "was", "not", "unbelievably", "good", "but", "##s", "[SEP]"]
    return ["[CLS]"] + [f"{words[i % len(words)]}{i}" for i in range(1, n)]


def _map(n: int) -> np.ndarray:
    att = np.random.default_rng(n).random((n, n)).astype(np.float32)
    return att / att.sum(1, keepdims=True)


def _shown(qtbot, widget, width: int, height: int):
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _settle() -> None:
    for _ in range(6):  # the axes refit after the layout settles (posted resize events)
        QApplication.processEvents()


def _assert_all_labelled(axis: TokenAxis, tokens: list[str], floor: int) -> None:
    assert axis.shown_labels() == [short(t) for t in tokens]  # every one, in order: none skipped
    font = axis.label_font()
    assert QFontMetricsF(font).height() >= floor
    # They do not overlap: the room per token holds a label (across it when turned).
    per_token = (axis.geometry().height() if axis.orientation == "left" else axis.geometry().width()) / len(tokens)
    fm = QFontMetricsF(font)
    if axis.orientation == "left" or axis.is_rotated():
        assert fm.height() <= per_token + 0.5
    else:
        assert max(fm.horizontalAdvance(short(t)) for t in tokens) <= per_token


@pytest.mark.parametrize("n", [6, 30, MAX_LABELLED])
def test_the_head_heatmap_labels_every_token(qtbot, n: int) -> None:
    heat = _shown(qtbot, HeadHeatmap(), 900, 900)
    tokens = _tokens(n)
    heat.set_map(_map(n), tokens, tokens)
    _settle()
    for axis in (heat.left_axis, heat.bottom_axis):
        _assert_all_labelled(axis, tokens, MIN_LABEL_PX)
    assert heat.out_of_view.isHidden()
    if n == 6:  # room to spare: upright at the normal size
        assert not heat.bottom_axis.is_rotated()
        assert heat.bottom_axis.label_font().pointSizeF() == heat.bottom_axis.base_font().pointSizeF()
    if n == MAX_LABELLED:
        assert heat.bottom_axis.is_rotated()


@pytest.mark.parametrize("n", [12, 40])
def test_the_small_maps_label_every_token(qtbot, n: int) -> None:
    heat = _shown(qtbot, TokenHeatmap(colorbar=True), 700, 700)
    tokens = _tokens(n)
    heat.set_matrix(_map(n), tokens)
    _settle()
    for axis in (heat.left_axis, heat.bottom_axis):
        _assert_all_labelled(axis, tokens, MIN_LABEL_PX)
    assert heat.out_of_view.isHidden()


def test_more_tokens_than_fit_show_a_part_and_say_how_many_are_out_of_view(qtbot) -> None:
    n = 200
    heat = _shown(qtbot, HeadHeatmap(), 700, 700)
    tokens = _tokens(n)
    heat.set_map(_map(n), tokens, tokens)
    _settle()
    shown = heat.bottom_axis.shown_labels()
    assert 10 < len(shown) < n and shown == [short(t) for t in tokens[: len(shown)]]  # a run of them, each labelled
    assert QFontMetricsF(heat.bottom_axis.label_font()).height() >= MIN_LABEL_PX
    text = heat.out_of_view.text()
    assert heat.out_of_view.isVisible() and f"{n - len(shown)} of {n} columns" in text and "Drag" in text


def test_presenter_mode_keeps_labels_at_24_px_and_says_what_is_out_of_view(qtbot, tmp_path) -> None:
    scale = TextScale(QApplication.instance(), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    try:
        scale.set_min_px(PRESENTER_MIN_PX)
        heat = _shown(qtbot, HeadHeatmap(), 900, 700)
        few = _tokens(8)
        heat.set_map(_map(8), few, few)
        _settle()
        for axis in (heat.left_axis, heat.bottom_axis):
            _assert_all_labelled(axis, few, PRESENTER_MIN_PX)
        many = _tokens(MAX_LABELLED)
        heat.set_map(_map(MAX_LABELLED), many, many)
        _settle()
        for axis in (heat.left_axis, heat.bottom_axis):
            shown = axis.shown_labels()
            assert shown == [short(t) for t in many[: len(shown)]]
            assert QFontMetricsF(axis.label_font()).height() >= PRESENTER_MIN_PX
        rows, cols = len(heat.left_axis.shown_labels()), len(heat.bottom_axis.shown_labels())
        text = heat.out_of_view.text()
        assert heat.out_of_view.isVisible()
        assert f"{MAX_LABELLED - rows} of {MAX_LABELLED} rows" in text and f"{MAX_LABELLED - cols} of" in text
    finally:
        scale.detach()


def test_the_axes_refit_as_soon_as_their_font_changes(qtbot) -> None:
    """Presenter mode switched on with a map drawn gives the axes a bigger font (text_scale.scale_graphics). They
    must make room for it at once: on a real screen no resize came after, so the turned labels stayed squeezed
    into the old room and ran into the axis title and the out-of-view note under the view."""
    heat = _shown(qtbot, HeadHeatmap(), 700, 900)
    tokens = _tokens(30)
    heat.set_map(_map(30), tokens, tokens)
    _settle()
    font = QFont(heat.bottom_axis.base_font())
    font.setPointSizeF(font.pointSizeF() * 2)
    scale_graphics(heat.view, font)  # no events processed after it
    for axis in (heat.left_axis, heat.bottom_axis):
        assert axis.base_font().pointSizeF() == font.pointSizeF()
        fm = QFontMetricsF(axis.label_font())
        widest = max(fm.horizontalAdvance(t) for t in axis.shown_labels())
        title = axis.label.boundingRect().height()
        if axis.orientation == "left":
            assert axis.minimumWidth() >= widest + title  # what the layout gives it next
        else:
            assert axis.minimumHeight() >= (widest if axis.is_rotated() else fm.height()) + title


def test_a_view_that_grows_shows_what_now_fits_but_keeps_a_zoom(qtbot) -> None:
    """Drawn while still small (the page not laid out yet), then given room: the whole map, not the part that fitted
    at first with nothing saying the rest is out of view. A zoom or drag made meanwhile stays."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent

    heat = _shown(qtbot, HeadHeatmap(), 260, 300)
    tokens = _tokens(30)
    heat.set_map(_map(30), tokens, tokens)
    _settle()
    (x0, x1), (y0, y1) = heat.plot.getViewBox().viewRange()
    assert x1 - x0 < 30 or y1 - y0 < 30  # only part of it fits at first
    heat.resize(1000, 1200)
    _settle()
    (x0, x1), (y0, y1) = heat.plot.getViewBox().viewRange()
    assert (x0, x1, y0, y1) == pytest.approx((0, 30, 0, 30))
    assert heat.out_of_view.isHidden()
    viewport = heat.view.viewport()
    centre = QPointF(viewport.rect().center())
    wheel = QWheelEvent(centre, viewport.mapToGlobal(centre), QPoint(), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)  # fmt: skip
    QApplication.sendEvent(viewport, wheel)  # a person zooming in
    zoomed = np.ravel(heat.plot.getViewBox().viewRange())
    assert zoomed[1] - zoomed[0] < 30
    heat.resize(1100, 1300)
    _settle()
    assert np.ravel(heat.plot.getViewBox().viewRange()) == pytest.approx(zoomed)


def test_the_compare_difference_map_has_a_word_under_every_column(qtbot, tokenizer) -> None:
    """The issue's example: the one red column of the difference map had no word under it."""
    view = _shown(qtbot, CompareView(), 700, 900)
    view.set_model(tiny_classifier(tokenizer, n_classes=2), tokenizer, ["negative", "positive"])
    view.set_first("the food was good and the service was friendly and the room was quiet")
    with qtbot.waitSignal(view.compared, timeout=30_000):
        view.set_second("the food was not good and the service was friendly and the room was quiet")
    _settle()
    shared = view.shared_tokens()
    assert len(shared) > 12
    assert view.heat_diff.bottom_axis.shown_labels() == [short(t) for t in shared]
    assert view.heat_diff.left_axis.shown_labels() == [short(t) for t in shared]
    for heat in (view.heat_a, view.heat_b):  # each sentence's own map: all of its tokens
        assert heat.bottom_axis.shown_labels() == heat.bottom_axis.tokens()
        assert heat.left_axis.shown_labels() == heat.left_axis.tokens()
        assert len(heat.bottom_axis.tokens()) == heat.matrix().shape[1]


# --- what the axes remember between sentences (measured text, laid-out labels, the last fit) -------------------------
def _pixels(widget) -> np.ndarray:
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4).copy()


def _drawn(qtbot, tokens: list[str], size: tuple[int, int], before: tuple[list[str], ...] = ()) -> np.ndarray:
    heat = _shown(qtbot, HeadHeatmap(), *size)
    for earlier in [*before, tokens]:
        heat.set_map(_map(len(earlier)), earlier, earlier)
        _settle()
    return _pixels(heat.view)


@pytest.mark.parametrize("n", [8, 32])
def test_a_new_sentence_shows_its_own_labels_exactly_as_if_drawn_first(qtbot, n: int) -> None:
    """Labels, sizes and fits are remembered between sentences: none of it may leak into the next one. The same
    words in another order need the same axis sizes (nothing is laid out again), other words other sizes."""
    first = _tokens(n)
    shuffled = [first[0], *reversed(first[1:])]
    other = ["[CLS]"] + [f"w{i}" for i in range(1, n)]
    for tokens in (shuffled, other):
        fresh = _drawn(qtbot, tokens, (700, 700))
        after = _drawn(qtbot, tokens, (700, 700), before=(first,))
        assert np.array_equal(after, fresh)
    again = _drawn(qtbot, first, (700, 700), before=(first,))  # the same sentence drawn again
    assert np.array_equal(again, _drawn(qtbot, first, (700, 700)))


def test_labels_follow_a_font_change_and_presenter_mode_after_drawing(qtbot, tmp_path) -> None:
    """Text measured and laid out in one font is not reused in another: a map drawn before the font grew (zoom) or
    presenter mode came on looks like one drawn after."""
    tokens = _tokens(30)
    font = QFont(QApplication.instance().font())
    font.setPointSizeF(font.pointSizeF() * 1.6)
    heats = [_shown(qtbot, HeadHeatmap(), 800, 900) for _ in range(2)]
    heats[0].set_map(_map(30), tokens, tokens)
    _settle()
    for heat in heats:
        scale_graphics(heat.view, font)
    heats[1].set_map(_map(30), tokens, tokens)
    _settle()
    assert heats[0].bottom_axis.label_font().pointSizeF() > heats[0].bottom_axis.base_font().pointSizeF() / 1.6
    grown = _pixels(heats[0].view)
    token_axis._STATIC.clear()  # the second is drawn from nothing remembered
    token_axis._MEASURED.clear()
    assert np.array_equal(grown, _pixels(heats[1].view))
    # The label font alone (the title's unchanged) is enough to fit again, as a fit from nothing remembered would.
    axis = heats[0].bottom_axis
    bigger = QFont(font)
    bigger.setPointSizeF(font.pointSizeF() * 1.5)
    axis.setStyle(tickFont=bigger)
    now = (axis.label_font().pointSizeF(), axis.is_rotated(), axis.minimumHeight())
    axis._fitted_for = None
    axis.refit()
    assert now == (axis.label_font().pointSizeF(), axis.is_rotated(), axis.minimumHeight())

    scale = TextScale(QApplication.instance(), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    try:
        early = _shown(qtbot, HeadHeatmap(), 900, 700)
        early.set_map(_map(30), tokens, tokens)
        _settle()
        scale.set_min_px(PRESENTER_MIN_PX)
        _settle()
        late = _shown(qtbot, HeadHeatmap(), 900, 700)
        late.set_map(_map(30), tokens, tokens)
        _settle()
        for axis in (early.left_axis, early.bottom_axis):
            assert QFontMetricsF(axis.label_font()).height() >= PRESENTER_MIN_PX
        assert np.array_equal(_pixels(early.view), _pixels(late.view))
    finally:
        scale.detach()


def _ink(pixels: np.ndarray) -> np.ndarray:
    """Where text is drawn: dark pixels (the light palette's axis text is black on a light background)."""
    return pixels[..., :3].max(-1) < 110


@pytest.mark.parametrize("n", [12, 40])
def test_every_label_is_painted_beside_its_own_cell(qtbot, n: int) -> None:
    """The labels are drawn straight onto the painter (the bottom ones under one turn of it): each row's and each
    column's band beside the cells holds ink, and the bottom labels are turned when there are many."""
    heat = _shown(qtbot, HeadHeatmap(), 800, 800)
    tokens = [f"w{i}" for i in range(n)]
    heat.set_map(_map(n), tokens, tokens)
    _settle()
    ink = _ink(_pixels(heat.view))
    left, bottom = heat.left_axis, heat.bottom_axis
    # The bands where labels go (not the axis titles beyond them): as wide as the widest label, as deep as the
    # bottom labels reach (their width when turned).
    left_end = round(heat.view.mapFromScene(left.mapToScene(left.boundingRect().topRight())).x())
    left_start = left_end - math.ceil(QFontMetricsF(left.label_font()).horizontalAdvance(tokens[-1])) - 3
    below = round(heat.view.mapFromScene(bottom.mapToScene(bottom.boundingRect().topLeft())).y())
    fm = QFontMetricsF(bottom.label_font())
    depth = math.ceil(fm.horizontalAdvance(tokens[-1]) if bottom.is_rotated() else fm.height())
    for i in range(n):
        centre = heat.cell_center_in_view(i, i)
        x, y = round(centre.x()), round(centre.y())
        assert ink[y - 2 : y + 3, left_start : left_end - 1].any(), f"row {i} has no label"
        assert ink[below + 2 : below + depth, x - 2 : x + 3].any(), f"column {i} has no label"
    assert heat.bottom_axis.is_rotated() == (n == 40)

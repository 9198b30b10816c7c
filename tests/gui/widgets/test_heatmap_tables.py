"""Every painted heatmap has a table equivalent (the same numbers, tokens or classes as headers, named for screen
readers), and the saliency bars stay readable on a dark background."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from workbench.gui.pages.evaluate.confusion_matrix import ConfusionMatrixView
from workbench.gui.pages.inspect.attention.head_detail import HeadDetail
from workbench.gui.pages.inspect.sentence.token_strip import TokenStrip, bar_colors, bar_share
from workbench.gui.pages.inspect.tabs.probe_replay import TokenHeatmap
from workbench.gui.widgets import theme
from workbench.gui.widgets.heatmap.matrix_table import MatrixTable

TOKENS = ["[CLS]", "the", "food", "was", "not", "good", "[SEP]"]


def _shown(qtbot, widget, width: int = 700, height: int = 600):
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _cells(table: MatrixTable) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def _headers(table: MatrixTable, orientation: Qt.Orientation) -> list[str]:
    model = table.model()
    count = model.columnCount() if orientation == Qt.Orientation.Horizontal else model.rowCount()
    return [model.headerData(i, orientation) for i in range(count)]


def _attention() -> np.ndarray:
    att = np.random.default_rng(3).random((len(TOKENS), len(TOKENS))).astype(np.float32)
    return att / att.sum(1, keepdims=True)


def test_the_head_view_shows_its_weights_as_a_table(qtbot) -> None:
    detail = _shown(qtbot, HeadDetail())
    att = _attention()
    detail.show_map(att, TOKENS, "Layer 1, head 2", mutable=True, muted=False)
    qtbot.mouseClick(detail.table_button, Qt.MouseButton.LeftButton)
    assert detail.stack.currentWidget() is detail.table and detail.table.isVisible()
    table = detail.table
    assert table.accessibleName()
    assert _headers(table, Qt.Orientation.Horizontal) == TOKENS == _headers(table, Qt.Orientation.Vertical)
    assert _cells(table)[4][5] == f"{att[4, 5]:.3f}"
    spoken = table.model().index(4, 5).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "not" in spoken and "good" in spoken and f"{att[4, 5]:.3f}" in spoken
    # A new head while the table is shown: the table follows.
    other = att[::-1].copy()
    detail.show_map(other, TOKENS, "Layer 2, head 1", mutable=True, muted=False)
    assert _cells(table)[0][0] == f"{other[0, 0]:.3f}"
    qtbot.mouseClick(detail.heatmap_button, Qt.MouseButton.LeftButton)
    assert detail.stack.currentWidget() is detail.heatmap


def test_the_small_maps_have_a_table_switch(qtbot) -> None:
    heat = _shown(qtbot, TokenHeatmap(signed=True))
    diff = _attention() - _attention().T
    heat.set_matrix(diff, TOKENS, levels=(-1.0, 1.0))
    assert heat.table_button.accessibleName() and not heat.table.isVisible()
    qtbot.mouseClick(heat.table_button, Qt.MouseButton.LeftButton)
    assert heat.table.isVisible() and not heat.view.isVisible()
    assert _cells(heat.table)[1][4] == f"{diff[1, 4]:+.3f}"  # differences keep their sign
    assert _headers(heat.table, Qt.Orientation.Horizontal) == TOKENS


def test_the_confusion_matrix_has_a_table_whose_cells_open_their_examples(qtbot) -> None:
    view = _shown(qtbot, ConfusionMatrixView())
    labels = ["negative", "neutral", "positive"]
    counts = np.array([[50, 3, 1], [4, 1200, 7], [0, 2, 33]])
    view.set_matrix(labels, counts)
    qtbot.mouseClick(view.table_button, Qt.MouseButton.LeftButton)
    assert view.table.isVisible() and not view.zoom_in.isVisible()
    assert _headers(view.table, Qt.Orientation.Vertical) == labels
    assert _cells(view.table)[1] == ["4", "1,200", "7"]
    with qtbot.waitSignal(view.cellClicked, timeout=5000) as blocker:
        index = view.table.model().index(1, 2)
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=view.table.visualRect(index).center())
    assert blocker.args == [1, 2]
    assert view.table.model().index(0, 0, QModelIndex()).isValid()


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("palette", [theme.light_palette, theme.dark_palette, theme.presenter_palette])
def test_saliency_bars_stand_out_on_every_palette(palette) -> None:
    pal = palette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        background = pal.color(role)
        for color in bar_colors(background):
            assert _contrast(color, background) >= 3.0  # WCAG's minimum for graphics


def test_saliency_bars_are_drawn_in_the_dark_theme_with_their_length(qtbot) -> None:
    strip = TokenStrip()
    strip.setPalette(theme.dark_palette())
    strip.setAutoFillBackground(True)
    _shown(qtbot, strip, 500, 80)
    strip.set_tokens(TOKENS)
    scores = np.array([0.0, 0.1, -0.5, 0.05, -1.0, 2.0, 0.0], dtype=np.float32)
    strip.set_saliency(scores, "positive")
    QApplication.processEvents()
    image = strip.grab().toImage()
    toward, away = bar_colors(strip.palette().color(strip.backgroundRole()))
    for index, color in ((5, toward), (4, away)):
        bar = strip.bar_rect(index)
        filled = bar.width() * bar_share(float(scores[index]), 2.0)
        pixel = image.pixelColor(int(bar.x() + min(filled - 2, 3)), int(bar.center().y()))
        assert pixel.name() == color.name()
    assert bar_share(2.0, 2.0) == 1.0 > bar_share(-1.0, 2.0) > bar_share(0.1, 2.0) > 0.0  # length = share

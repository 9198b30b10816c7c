"""The Inspect page as typed into quickly: a burst of keys gives one refresh for the last text, one inspection
thread serves sentence after sentence (and ends when the page is hidden), the lens follows the grid, and the
page below the tokens stays put while the saliency note changes.

Models are the shared tiny ones (2 layers × 2 heads, d_model 32).
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
from tiny_models import tiny_classifier

from workbench.core.inspection.inspector import inspect_text
from workbench.core.inspection.lens import classifier_lens
from workbench.gui.pages.inspect.attention.inspect_maps import mosaic
from workbench.gui.pages.inspect.inspect_page import InspectPanel
from workbench.gui.threads import inspection_worker

LABELS = ["negative", "neutral", "positive"]
WAIT = 60_000


@pytest.fixture(scope="module")
def model(tokenizer):
    return tiny_classifier(tokenizer, n_classes=3, spread=0.3)


@pytest.fixture
def panel(qtbot, monkeypatch, model, tokenizer):
    # However slow the machine, the thread must still be waiting when the next sentence comes.
    monkeypatch.setattr(inspection_worker, "LINGER_S", 600.0)
    p = InspectPanel()
    qtbot.addWidget(p, before_close_func=lambda w: qtbot.waitUntil(lambda: not w.busy(), timeout=WAIT))
    p.resize(560, 1400)
    p.show()
    qtbot.waitExposed(p)
    with qtbot.waitSignal(p.refreshed, timeout=WAIT):
        p.use_model(model, tokenizer, LABELS, "tiny")
    settle(qtbot, p)
    yield p
    settle(qtbot, p)
    p.worker.wait()


def settle(qtbot, panel: InspectPanel) -> None:
    qtbot.waitUntil(lambda: not panel.busy(), timeout=WAIT)


def type_sentence(qtbot, panel: InspectPanel, text: str) -> None:
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT):
        panel.text_box.clear()
        qtbot.keyClicks(panel.text_box, text)
    settle(qtbot, panel)


def test_a_burst_of_typing_is_drawn_once_for_the_last_text(qtbot, panel, model, tokenizer) -> None:
    drawn: list[str] = []
    panel.refreshed.connect(lambda: drawn.append(panel.result().text))
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT):
        panel.text_box.clear()
        qtbot.keyClicks(panel.text_box, "the food was bad")  # every key within the typing pause
    settle(qtbot, panel)
    assert drawn == ["the food was bad"]
    want = inspect_text(model, tokenizer, "the food was bad")
    np.testing.assert_allclose(panel.grid.image_array(), mosaic(want.attention, panel.grid._gap), atol=1e-6)
    assert panel.tokens.tokens() == want.tokens


def test_one_thread_serves_every_sentence_and_ends_when_the_page_is_hidden(qtbot, panel) -> None:
    worker = panel.worker
    started = worker.threads_started
    for text in ("the food was good", "the room was bad", "a very good room"):
        type_sentence(qtbot, panel, text)  # the sentence, its lens and its saliency
        assert panel.tokens.saliency() is not None
    assert worker.threads_started == started  # the same thread, waiting between sentences
    assert worker.is_running
    panel.hide()
    assert not worker.is_running  # nothing waits in the background for a page nobody sees
    assert worker.wait(5_000)
    panel.show()
    qtbot.waitExposed(panel)
    type_sentence(qtbot, panel, "the staff was good")
    assert worker.threads_started == started + 1
    assert panel.result().text == "the staff was good"


def test_the_lens_follows_each_sentence(qtbot, panel, model, tokenizer) -> None:
    for text in ("the food was good", "a very bad room"):
        type_sentence(qtbot, panel, text)
        want = classifier_lens(model, tokenizer, text).probabilities
        shown = [[panel.lens_strip.cell_text(r, c) for c in range(want.shape[1])] for r in range(want.shape[0])]
        assert shown == [[f"{v * 100:.0f}" for v in row] for row in want]
        assert panel.lens_strip.isVisible()


class _Moves(QObject):
    """Counts the moves of a widget."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Move:
            self.count += 1
        return False


def test_the_page_below_the_tokens_stays_put_while_the_saliency_note_changes(qtbot, panel) -> None:
    type_sentence(qtbot, panel, "the food was good")
    note = panel.token_view.note
    explained = note.text()
    moves = _Moves(panel.controls)
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT):
        panel.text_box.setText("the room was bad")
    qtbot.waitUntil(lambda: note.text() != explained, timeout=WAIT)  # working on the new saliency
    settle(qtbot, panel)
    QApplication.processEvents()  # the layout pass the last text posted
    assert panel.tokens.saliency() is not None and note.text() != explained
    assert moves.count == 0

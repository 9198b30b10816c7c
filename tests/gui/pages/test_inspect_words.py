"""The Inspect page's "Join pieces into words" switch: the tokens, the grid, the large head, the saliency, the
statistics, the comparison and the export all go over to words, and back."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from tiny_models import tiny_classifier

from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.inspection.inspector import inspect_text
from workbench.core.inspection.saliency import gradient_x_input
from workbench.core.inspection.words import group_words, word_attention, word_scores
from workbench.gui.pages.inspect.attention.inspect_maps import mosaic
from workbench.gui.pages.inspect.inspect_page import InspectPanel

WAIT = 60_000
SENTENCE = "这家餐厅的菜很好吃，但是服务员不热情"
TEXTS = ["这家餐厅的菜很好吃", "服务员一点也不热情", "但是价格有点贵", "the food was good"] * 5


@pytest.fixture(scope="module")
def zh_tokenizer() -> TextTokenizer:
    return TextTokenizer.train(TEXTS, "wordpiece", vocab_size=120)


@pytest.fixture(scope="module")
def zh_model(zh_tokenizer: TextTokenizer):
    return tiny_classifier(zh_tokenizer, n_classes=2)


@pytest.fixture
def panel(qtbot):
    p = InspectPanel()
    qtbot.addWidget(p, before_close_func=lambda w: qtbot.waitUntil(lambda: not w.busy(), timeout=WAIT))
    p.resize(560, 1400)
    p.show()
    qtbot.waitExposed(p)
    yield p
    qtbot.waitUntil(lambda: not p.busy(), timeout=WAIT)
    p.worker.wait()


def test_the_words_switch_redraws_everything_over_words(
    qtbot, panel: InspectPanel, zh_model, zh_tokenizer, tmp_path: Path
) -> None:
    with qtbot.waitSignal(panel.saliencyShown, timeout=WAIT):
        with qtbot.waitSignal(panel.refreshed, timeout=WAIT):
            panel.use_model(zh_model, zh_tokenizer, ["负面", "正面"], "tiny")
        panel.text_box.setText(SENTENCE)
    qtbot.waitUntil(lambda: not panel.busy(), timeout=WAIT)
    tokens = inspect_text(zh_model, zh_tokenizer, SENTENCE).tokens
    assert panel.tokens.tokens() == tokens  # pieces first

    groups = group_words(zh_tokenizer, SENTENCE, zh_model.cfg.max_len)
    with qtbot.waitSignal(panel.saliencyShown, timeout=WAIT):
        qtbot.mouseClick(panel.controls.words_check, Qt.MouseButton.LeftButton)
    assert panel.controls.words()
    assert panel.tokens.tokens() == groups.words and "餐厅" in groups.words
    want = word_attention(inspect_text(zh_model, zh_tokenizer, SENTENCE).attention, groups)
    np.testing.assert_allclose(panel.shown_result().inspection.attention.sum(-1), 1.0, atol=1e-5)
    np.testing.assert_allclose(panel.grid.image_array(), mosaic(want, panel.grid._gap), atol=1e-6)
    assert panel.shown_grid().tokens == groups.words
    _, scores = gradient_x_input(zh_model, zh_tokenizer, SENTENCE)
    np.testing.assert_allclose(panel.tokens.saliency(), word_scores(scores, groups), atol=1e-5)
    assert panel.result().inspection.tokens == tokens  # the forward pass itself is unchanged

    panel.extras.show_tab("stats")
    panel.scroll.ensureWidgetVisible(panel.extras)
    qtbot.waitUntil(lambda: panel.extras._tokens == groups.words, timeout=WAIT)
    qtbot.waitUntil(lambda: panel.extras.stats.row_count() == 4, timeout=WAIT)

    out = tmp_path / "words.csv"
    assert panel.export("all", ".csv", out) == out
    with open(out, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["query_token"] for r in rows} == set(groups.words)

    panel.extras.show_tab("compare")
    compare = panel.extras.compare
    qtbot.waitUntil(lambda: compare._model is not None, timeout=WAIT)
    with qtbot.waitSignal(compare.compared, timeout=WAIT):
        compare.set_second("这家餐厅的菜不好吃")
    assert "餐厅" in compare.shared_tokens() and "好吃" in compare.shared_tokens()

    panel.set_words(False)  # and back to pieces
    assert panel.tokens.tokens() == tokens and panel.shown_grid().tokens == tokens
    qtbot.waitUntil(lambda: not panel.busy(), timeout=WAIT)
    qtbot.waitUntil(lambda: not compare.is_pending(), timeout=WAIT)


def test_the_replay_over_training_shows_words_too(qtbot, zh_model, zh_tokenizer) -> None:
    from workbench.core.inspection.inspector import ProbeHistory, probe_attention
    from workbench.gui.pages.inspect.tabs.probe_replay import ProbeReplay

    texts = ["这家餐厅的菜很好吃", "服务员不热情"]
    history = ProbeHistory(texts=texts, steps=[10], attention={10: probe_attention(zh_model, zh_tokenizer, texts)})
    replay = ProbeReplay()
    qtbot.addWidget(replay)
    replay.resize(560, 420)
    replay.show()
    qtbot.waitExposed(replay)
    replay.set_history(history, zh_tokenizer)
    replay.set_head(1, 0)
    np.testing.assert_array_equal(replay.current_matrix(), history.attention[10][0][1, 0])
    replay.set_words(True)
    groups = group_words(zh_tokenizer, texts[0], zh_model.cfg.max_len)
    np.testing.assert_allclose(replay.current_matrix(), word_attention(history.attention[10][0][1, 0], groups))
    assert replay.current_matrix().shape == (len(groups.words), len(groups.words)) and "餐厅" in groups.words

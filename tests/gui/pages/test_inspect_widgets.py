"""The inspector's self-contained widgets, driven like a person would: the head statistics table, the probe
replay, the two-sentence comparison, the fill-in view, and exporting pictures and CSV files."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
import torch
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from tiny_models import tiny_classifier

from workbench.core.config import ModelConfig
from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.inspection.attention_stats import align_tokens, head_statistics
from workbench.core.inspection.fill_in import fill_mask
from workbench.core.inspection.inspector import ProbeHistory, inspect_pair, inspect_text, probe_attention
from workbench.core.model.encoder import EncoderModel
from workbench.gui.pages.inspect.attention_export import ExportError, export_widget_image, write_attention_csv
from workbench.gui.pages.inspect.sentence.fill_in_view import FillInView
from workbench.gui.pages.inspect.tabs.compare_view import CompareView
from workbench.gui.pages.inspect.tabs.head_stats_table import COLUMNS, HeadStatsTable
from workbench.gui.pages.inspect.tabs.probe_replay import ProbeReplay, TokenHeatmap

LABELS = ["negative", "neutral", "positive"]


@pytest.fixture(scope="module")
def classifier(tokenizer: TextTokenizer) -> EncoderModel:
    return tiny_classifier(tokenizer, n_classes=3, spread=0.3)


@pytest.fixture(scope="module")
def mlm_model(tokenizer: TextTokenizer) -> EncoderModel:
    return tiny_classifier(tokenizer, n_classes=0, spread=0.3)  # every weight moved: a "trained" MLM head


def shown(qtbot, widget, width: int = 560, height: int = 420):
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


# ---------------------------------------------------------------------------------------------- statistics
def test_statistics_table_sorts_by_header_clicks_and_opens_heads(qtbot, classifier, tokenizer) -> None:
    result = inspect_text(classifier, tokenizer, "the food was really good")
    rows = head_statistics(result.attention, result.tokens)
    table = shown(qtbot, HeadStatsTable())
    table.set_statistics(rows)
    assert table.row_count() == 4
    assert [table.head_at(r) for r in range(4)] == [(0, 0), (0, 1), (1, 0), (1, 1)]  # layer-major at first

    header = table.view.horizontalHeader()
    column = [key for key, *_ in COLUMNS].index("entropy")
    for tip_col in range(len(COLUMNS)):  # every column says what it means
        assert len(table.model.headerData(tip_col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)) > 20
    at = QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    entropy = {(r["layer"], r["head"]): r["entropy"] for r in rows}
    shown_order = [entropy[table.head_at(r)] for r in range(4)]
    assert shown_order == sorted(entropy.values()) != sorted(entropy.values(), reverse=True)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert [entropy[table.head_at(r)] for r in range(4)] == sorted(entropy.values(), reverse=True)
    # numeric, not text: "1.02" vs "0.95" would sort the same as text, but shares like "9.6 %" and "25 %" do not
    share_col = [key for key, *_ in COLUMNS].index("cls_share")
    table.view.sortByColumn(share_col, Qt.SortOrder.AscendingOrder)
    cls = {(r["layer"], r["head"]): r["cls_share"] for r in rows}
    assert [cls[table.head_at(r)] for r in range(4)] == sorted(cls.values())

    view = table.view
    rect = view.visualRect(table.proxy.index(2, 1))
    with qtbot.waitSignal(table.headActivated, timeout=30_000) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tuple(blocker.args) == table.head_at(2)
    table.view.setFocus()
    with qtbot.waitSignal(table.headActivated, timeout=30_000) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Up)
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert tuple(blocker.args) == table.head_at(1)

    table.set_statistics(rows)  # new numbers keep the chosen head selected
    assert table.selected_head() == table.head_at(1)
    assert table.model.data(table.model.index(0, 0)) == "L1 · H1"


# ---------------------------------------------------------------------------------------------- replay
def recorded_history(model: EncoderModel, tokenizer: TextTokenizer, evaluations: int = 4) -> ProbeHistory:
    texts = ["the food was good", "a very bad room and staff"]
    history = ProbeHistory(texts=texts)
    gen = torch.Generator().manual_seed(1)
    copy = tiny_classifier(tokenizer, n_classes=3, spread=0.3)
    copy.load_state_dict(model.state_dict())
    for k in range(evaluations):
        with torch.no_grad():  # "training" between evaluations moves the attention
            for p in copy.parameters():
                p.add_(torch.randn(p.shape, generator=gen) * 0.2)
        step = 50 * (k + 1)
        history.steps.append(step)
        history.attention[step] = probe_attention(copy, tokenizer, texts)
    return history


def test_replay_slider_moves_through_the_evaluations(qtbot, classifier, tokenizer) -> None:
    history = recorded_history(classifier, tokenizer)
    replay = shown(qtbot, ProbeReplay())
    assert replay.message.isVisible() and not replay.body.isVisible()  # no history yet: says so
    replay.set_history(history, tokenizer)
    assert not replay.message.isVisible() and replay.body.isVisible()
    replay.set_head(1, 0)
    assert replay.evaluation_index() == 3  # the latest evaluation first
    np.testing.assert_array_equal(replay.current_matrix(), history.attention[200][0][1, 0])
    assert "evaluation 4 of 4" in replay.step_label.text() and "Step 200" in replay.step_label.text()

    with qtbot.waitSignal(replay.stepChanged, timeout=30_000) as blocker:
        replay.slider.setValue(1)
    assert blocker.args == [50]
    np.testing.assert_array_equal(replay.current_matrix(), history.attention[50][0][1, 0])
    assert not np.array_equal(history.attention[50][0][1, 0], history.attention[200][0][1, 0])
    np.testing.assert_array_equal(replay.heatmap.image.image, history.attention[50][0][1, 0])
    assert "evaluation 1 of 4" in replay.step_label.text()

    replay.probe_combo.setCurrentIndex(1)
    expected = history.attention[50][1][1, 0]
    np.testing.assert_array_equal(replay.current_matrix(), expected)
    assert replay.heatmap.left_axis.tokens()[0] == "[CLS]"  # labelled with the tokens

    # hovering a cell reads out its query, key and weight
    heat = replay.heatmap
    tokens = tokenizer.tokens(history.texts[1])
    scene_pos = heat.plot.getViewBox().mapViewToScene(QPointF(2.0, 1.0))  # column 2, row 1
    with qtbot.waitSignal(heat.cellHovered, timeout=30_000) as blocker:
        qtbot.mouseMove(heat.view.viewport(), heat.view.mapFromScene(scene_pos))
    assert blocker.args == [1, 2]
    assert heat.readout.text() == f"“{tokens[1]}” → “{tokens[2]}”: {expected[1, 2]:.3f}"

    later = recorded_history(classifier, tokenizer, evaluations=5)
    replay.slider.setValue(replay.slider.maximum())
    replay.set_history(later)  # training went on: the view follows the newest evaluation, same sentence
    assert replay.evaluation_index() == 4 and replay.probe_combo.currentIndex() == 1

    replay.set_history(None)
    assert replay.message.isVisible() and replay.current_matrix() is None


def test_play_runs_to_the_end_and_stops_when_hidden(qtbot, classifier, tokenizer) -> None:
    replay = shown(qtbot, ProbeReplay())
    replay.set_history(recorded_history(classifier, tokenizer), tokenizer)
    replay.set_play_interval(5)
    seen: list[int] = []
    replay.stepChanged.connect(seen.append)
    qtbot.mouseClick(replay.play_button, Qt.MouseButton.LeftButton)  # at the last evaluation: starts over
    assert replay.is_playing() and replay.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: not replay.is_playing(), timeout=30_000)
    assert seen == [50, 100, 150, 200] and replay.play_button.text() == "Play"
    assert not replay.play_button.isChecked()

    replay.set_evaluation(0)
    qtbot.mouseClick(replay.play_button, Qt.MouseButton.LeftButton)
    assert replay.is_playing()
    replay.hide()  # leaving the page stops the animation (the leak check fails on a running timer)
    assert not replay.is_playing()
    replay.show()
    replay.play()
    replay.close()
    assert not replay.is_playing()


# ---------------------------------------------------------------------------------------------- compare
def test_typing_a_second_sentence_updates_the_difference(qtbot, classifier, tokenizer) -> None:
    view = shown(qtbot, CompareView(), 620, 640)
    assert "Train a model" in view.message.text()
    view.set_model(classifier, tokenizer, LABELS)
    view.set_first("the food was good")
    view.set_head(1, 1)
    with qtbot.waitSignal(view.compared, timeout=30_000):
        qtbot.keyClicks(view.second_edit, "the film was good")
        assert view.is_pending()  # debounced: nothing computed per key press
    pair = inspect_pair(classifier, tokenizer, "the food was good", "the film was good")
    shared = [pair.a.tokens[i] for i, _ in align_tokens(pair.a.tokens, pair.b.tokens)]
    assert view.shared_tokens() == shared
    diff = view.difference_matrix()
    assert diff.shape == (len(shared), len(shared))
    np.testing.assert_allclose(diff, pair.difference[1, 1], atol=1e-6)
    span = view.heat_diff.levels()
    assert span[0] == -span[1] and span[1] >= np.abs(diff).max()  # symmetric around 0
    for label, result in ((view.probs_a, pair.a), (view.probs_b, pair.b)):  # every class, the prediction in bold
        best = int(np.argmax(result.probabilities))
        assert f"<b>{LABELS[best]} {result.probabilities[best] * 100:.0f} %</b>" in label.text()
        assert all(name in label.text() for name in LABELS)

    with qtbot.waitSignal(view.compared, timeout=30_000):
        qtbot.keyClicks(view.second_edit, " and not bad")
    longer = inspect_pair(classifier, tokenizer, "the food was good", "the film was good and not bad")
    assert view.difference_matrix().shape == (len(longer.pairs), len(longer.pairs))
    np.testing.assert_allclose(view.difference_matrix(), longer.difference[1, 1], atol=1e-6)

    with qtbot.waitSignal(view.compared, timeout=30_000):
        view.set_layer_mean(True)
    np.testing.assert_allclose(view.difference_matrix(), longer.difference[1].mean(0), atol=1e-6)
    np.testing.assert_allclose(view.heat_a.matrix(), longer.a.attention[1].mean(0), atol=1e-6)


def test_compare_never_fails_on_empty_text_or_no_model(qtbot, classifier, tokenizer) -> None:
    view = shown(qtbot, CompareView())
    view.set_model(classifier, tokenizer)
    view.set_first("")
    view.set_second("the food")
    view.refresh_now()
    assert view.message.isVisible() and "Type a sentence" in view.message.text()
    view.set_first("good food")
    view.set_second("   ")
    view.refresh_now()
    assert view.message.isVisible() and view.difference_matrix() is None
    view.set_second("bad food")
    qtbot.waitUntil(lambda: view.difference_matrix() is not None, timeout=30_000)
    assert "class 0" in view.probs_a.text()  # no class names given
    view.set_model(None, None)
    assert view.message.isVisible() and view.pair() is None
    view.set_second("the staff")  # a pending update when the widget closes must not leak a timer
    assert view.is_pending()


def test_a_hidden_compare_view_waits_until_shown(qtbot, classifier, tokenizer) -> None:
    view = CompareView()
    qtbot.addWidget(view)
    view.set_model(classifier, tokenizer)
    view.set_first("the food was good")
    view.set_second("the food was bad")
    assert not view.is_pending() and view.pair() is None  # nothing computed for a page nobody sees
    view.show()
    qtbot.waitExposed(view)
    assert view.shared_tokens() == ["[CLS]", "the", "food", "was", "[SEP]"]
    assert view.difference_matrix().shape == (5, 5)


# ---------------------------------------------------------------------------------------------- fill in
def test_clicking_a_word_masks_it_and_shows_guesses(qtbot, mlm_model, tokenizer) -> None:
    view = shown(qtbot, FillInView())
    view.set_model(mlm_model, tokenizer)
    view.set_text("the food was good")
    assert "Type [MASK]" in view.message_text() and view.result() is None
    words = [chip.text() for chip in view.chips()]
    assert words == ["the", "food", "was", "good"]

    with qtbot.waitSignal(view.textChanged, timeout=30_000) as blocker:
        qtbot.mouseClick(view.chips()[1], Qt.MouseButton.LeftButton)
    assert blocker.args == ["the [MASK] was good"] and view.text() == "the [MASK] was good"
    expected = fill_mask(mlm_model, tokenizer, "the [MASK] was good", 5)
    assert view.message_text() == ""
    assert [bars.guesses() for bars in view.guess_bars()] == [expected.masks[0].guesses]
    assert [chip.text() for chip in view.chips()][1] == "[MASK]"

    with qtbot.waitSignal(view.textChanged, timeout=30_000):
        qtbot.mouseClick(view.chips()[3], Qt.MouseButton.LeftButton)
    assert view.text() == "the [MASK] was [MASK]" and len(view.guess_bars()) == 2

    best = view.result().masks[0].guesses[0][0]
    with qtbot.waitSignal(view.textChanged, timeout=30_000) as blocker:  # clicking a blank fills in the best guess
        qtbot.mouseClick(view.chips()[1], Qt.MouseButton.LeftButton)
    filled = blocker.args[0]
    assert filled.endswith("was [MASK]") and filled.count("[MASK]") == 1
    assert best.removeprefix("##") in filled

    view.set_text("fish & <b>chips</b>")  # shown as typed: no shortcut marker, no HTML
    assert [chip.text() for chip in view.chips()] == ["fish", "&&", "<", "b", ">", "chips", "<", "/", "b", ">"]


def test_fill_in_explains_what_is_missing(qtbot, tokenizer) -> None:
    view = shown(qtbot, FillInView())
    view.set_text("the [MASK] was good")
    assert "Pre-train" in view.message_text()
    cfg = ModelConfig(vocab_size=tokenizer.vocab_size, d_model=32, n_heads=2, n_layers=2, d_ff=64, max_len=16)
    view.set_model(EncoderModel(cfg), tokenizer)  # a classification run never trains the MLM head
    assert "never trained" in view.message_text() and view.guess_bars() == []


# ---------------------------------------------------------------------------------------------- export
def test_export_pictures_are_real_png_and_svg(qtbot, classifier, tokenizer, tmp_path: Path) -> None:
    result = inspect_text(classifier, tokenizer, "the food was good")
    heat = shown(qtbot, TokenHeatmap(colorbar=True), 360, 300)
    heat.set_matrix(result.attention[0, 0], result.tokens)
    table = shown(qtbot, HeadStatsTable(), 400, 200)
    table.set_statistics(head_statistics(result.attention, result.tokens))
    for target, name in ((heat.plot, "head"), (heat.view, "view"), (table, "table")):
        png, svg = tmp_path / f"{name}.png", tmp_path / f"{name}.svg"
        export_widget_image(target, png)
        export_widget_image(target, svg)
        image = QImage(str(png))
        assert not image.isNull() and image.width() > 100 and image.height() > 50
        assert QSvgRenderer(str(svg)).isValid()
        assert ET.parse(svg).getroot().tag.endswith("svg")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{n}.{s}" for n in ("head", "view", "table") for s in ("png", "svg")
    )  # no temporary files left behind

    with pytest.raises(ExportError, match=r"\.png or \.svg"):
        export_widget_image(table, tmp_path / "picture.jpg")
    with pytest.raises(ExportError, match="does not exist"):
        export_widget_image(table, tmp_path / "missing" / "picture.png")


def test_attention_csv_rereads_with_rows_summing_to_one(classifier, tokenizer, tmp_path: Path) -> None:
    result = inspect_text(classifier, tokenizer, "the food was good")
    tokens, att = result.tokens, result.attention
    n_layers, n_heads, t, _ = att.shape

    matrix = tmp_path / "head.csv"
    write_attention_csv(matrix, att[1, 0], tokens)
    with matrix.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][1:] == tokens and [r[0] for r in rows[1:]] == tokens
    values = np.array([[float(v) for v in r[1:]] for r in rows[1:]])
    np.testing.assert_allclose(values.sum(axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(values, att[1, 0], atol=1e-6)

    long = tmp_path / "all.csv"
    write_attention_csv(long, att, tokens)
    with long.open(newline="", encoding="utf-8") as fh:
        records = list(csv.DictReader(fh))
    assert len(records) == n_layers * n_heads * t * t
    sums: dict[tuple[str, str, str], float] = {}
    for r in records:
        key = (r["layer"], r["head"], r["query_index"])
        sums[key] = sums.get(key, 0.0) + float(r["weight"])
        assert r["key_token"] == tokens[int(r["key_index"])] and r["query_token"] == tokens[int(r["query_index"])]
    assert len(sums) == n_layers * n_heads * t
    np.testing.assert_allclose(list(sums.values()), 1.0, atol=1e-5)

    with pytest.raises(ExportError, match="does not match"):
        write_attention_csv(tmp_path / "bad.csv", att[0, 0], tokens[:-1])
    with pytest.raises(ExportError, match="does not exist"):
        write_attention_csv(tmp_path / "missing" / "x.csv", att[0, 0], tokens)

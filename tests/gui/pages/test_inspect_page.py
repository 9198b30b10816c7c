"""The Inspect page driven like a person would: typing, clicking and muting heads in the grid, the aggregates, the
[CLS]/[SEP] toggle, saliency, exports, messages for what cannot be shown, and agreement with the core and the CLI.

Models are the shared tiny ones (2 layers × 2 heads, d_model 32); one tiny run folder is trained for the module.
"""

from __future__ import annotations

import csv
import json
import random
import shutil
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication
from tiny_models import SENTENCE, tiny_classifier

from workbench.cli import main
from workbench.core.inspection.inspector import ablate, inspect_text, load_run
from workbench.core.inspection.saliency import gradient_x_input, integrated_gradients
from workbench.core.runs.folder import RunFolder
from workbench.gui.pages.inspect.attention.inspect_maps import build_grid, mosaic
from workbench.gui.pages.inspect.inspect_page import EMPTY_TEXT, NO_RUN, InspectPanel

LABELS = ["negative", "neutral", "positive"]
WAIT = 60_000
NO_MODIFIER = Qt.KeyboardModifier(0)


@pytest.fixture(scope="module")
def model(tokenizer):
    return tiny_classifier(tokenizer, n_classes=3, spread=0.3)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """A tiny classification run, trained for a few steps."""
    from workbench.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig
    from workbench.core.data.dataset import Dataset, stratified_split
    from workbench.core.training.engine import Trainer

    rng = random.Random(0)
    texts, labels = [], []
    for i in range(120):
        word = "good" if i % 2 == 0 else "bad"
        parts = [rng.choice(["the", "a", "very", "was", "it"]) for _ in range(3)] + [rng.choice(["food", "room"]), word]
        rng.shuffle(parts)
        texts.append(" ".join(parts))
        labels.append("positive" if word == "good" else "negative")
    train, val = stratified_split(Dataset(texts, labels, source="tiny"), 0.2, seed=0)
    cfg = RunConfig(
        data=DataConfig(vocab_size=200),
        model=ModelConfig(d_model=32, n_heads=2, n_layers=2, d_ff=64, max_len=32, dropout=0.0),
        train=TrainConfig(batch_size=16, max_steps=3, lr=3e-3, seed=0, precision="fp32"),
        preset=None,
    )
    path = tmp_path_factory.mktemp("runs") / "run"
    for _ in Trainer(cfg, train=train, val=val, run_dir=path).fit():
        pass
    return path


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


def with_model(qtbot, panel: InspectPanel, model, tokenizer, labels=LABELS) -> None:
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT):
        panel.use_model(model, tokenizer, labels, "tiny")


def type_text(qtbot, panel: InspectPanel, text: str) -> None:
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT):
        panel.text_box.clear()
        qtbot.keyClicks(panel.text_box, text)
    qtbot.waitUntil(lambda: panel.result() is not None and panel.result().text == text, timeout=WAIT)
    # The token strip follows the grid's paint (the next turn of the event loop).
    qtbot.waitUntil(lambda: panel.tokens.tokens() == panel.shown_result().inspection.tokens, timeout=WAIT)


def click_cell(
    qtbot, panel: InspectPanel, row: int, col: int, button=Qt.MouseButton.LeftButton, modifier=NO_MODIFIER
) -> None:
    pos = panel.grid.cell_center_in_view(row, col)
    qtbot.mouseClick(panel.grid.view.viewport(), button, modifier, pos)


def settle(qtbot, panel: InspectPanel) -> None:
    qtbot.waitUntil(lambda: not panel.busy(), timeout=WAIT)


# ------------------------------------------------------------------------------------------------ typing
def test_typing_refreshes_tokens_grid_and_probabilities(qtbot, panel, model, tokenizer) -> None:
    with_model(qtbot, panel, model, tokenizer)
    assert panel.text()  # a sentence to start from
    type_text(qtbot, panel, "the food was good")
    first_image = panel.grid.image_array().copy()
    first_probs = panel.bars.probabilities()
    type_text(qtbot, panel, "a very bad room and staff")
    want = inspect_text(model, tokenizer, "a very bad room and staff")
    assert panel.tokens.tokens() == want.tokens
    np.testing.assert_allclose(panel.bars.probabilities(), want.probabilities, atol=1e-6)
    assert not np.allclose(panel.bars.probabilities(), first_probs)
    image = panel.grid.image_array()
    assert image.shape != first_image.shape or not np.array_equal(image, first_image)
    # the mosaic is exactly the forward pass's attention, one cell per (layer, head)
    np.testing.assert_allclose(image, mosaic(want.attention, panel.grid._gap), atol=1e-6)
    assert image.dtype == np.float32 and image.flags["C_CONTIGUOUS"]
    assert panel.bars.predicted() == LABELS[int(np.argmax(want.probabilities))]
    settle(qtbot, panel)


def test_only_the_latest_sentence_is_drawn(qtbot, panel, model, tokenizer) -> None:
    with_model(qtbot, panel, model, tokenizer)
    seen: list[str] = []
    panel.refreshed.connect(lambda: seen.append(panel.result().text))
    for text in ("the food", "the food was", "the food was bad"):
        panel.text_box.setText(text)
        panel.refresh_now()
    settle(qtbot, panel)
    assert seen and seen[-1] == "the food was bad"
    assert panel.result().text == "the food was bad"


def test_the_page_goes_idle_when_the_thread_ends_late(qtbot, panel, model, tokenizer, monkeypatch) -> None:
    """Qt sends a thread's `finished` just before the thread ends; on a busy machine it can still be running
    when that is handled. The page must still go idle (it once stayed busy until the next request)."""
    with_model(qtbot, panel, model, tokenizer)
    monkeypatch.setattr(panel.worker._thread, "isRunning", lambda: True)  # still ending, as under load
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT):
        panel.text_box.setText("the food was bad")
        panel.refresh_now()
    settle(qtbot, panel)
    assert panel.result().text == "the food was bad"


# ------------------------------------------------------------------------------------------------ heads
def test_clicking_a_head_opens_it_large_with_the_weight_on_hover(qtbot, panel, model, tokenizer) -> None:
    with_model(qtbot, panel, model, tokenizer)
    type_text(qtbot, panel, SENTENCE)
    want = inspect_text(model, tokenizer, SENTENCE).attention
    click_cell(qtbot, panel, 1, 0)
    assert panel.selected() == (1, 0)
    assert panel.detail.title.text().startswith("Layer 2 · head 1")
    np.testing.assert_allclose(panel.detail.heatmap.image.image, want[1, 0], atol=1e-6)
    # hover a cell of the large view: its exact weight
    heat = panel.detail.heatmap

    def hovered(query: int, key: int) -> bool:
        # The axes make room for their labels in posted layout passes (later on a busy machine): move again until
        # the cell stays where the pointer went.
        spot = heat.cell_center_in_view(query, key)
        qtbot.mouseMove(heat.view.viewport(), spot)
        QApplication.processEvents()
        return spot == heat.cell_center_in_view(query, key) and "→" in heat.readout.text()

    qtbot.waitUntil(lambda: hovered(2, 1), timeout=WAIT)
    tokens = panel.tokens.tokens()
    assert heat.readout.text() == f"“{tokens[2]}” → “{tokens[1]}”: {want[1, 0, 2, 1]:.4f}"
    # the lines view shows the same head
    qtbot.mouseClick(panel.detail.lines_button, Qt.MouseButton.LeftButton)
    np.testing.assert_allclose(panel.detail.lines._att, want[1, 0], atol=1e-6)
    settle(qtbot, panel)


def test_muting_a_head_matches_core_ablation_and_resets(qtbot, panel, model, tokenizer) -> None:
    with_model(qtbot, panel, model, tokenizer)
    type_text(qtbot, panel, SENTENCE)
    plain = panel.bars.probabilities()
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT):
        click_cell(qtbot, panel, 0, 1, Qt.MouseButton.RightButton)
    assert panel.muted_heads() == {(0, 1)}
    want = ablate(model, tokenizer, SENTENCE, {(0, 1)})
    np.testing.assert_allclose(panel.bars.probabilities(), want.probabilities, atol=1e-6)
    assert np.abs(panel.bars.probabilities() - plain).max() > 1e-3  # the probabilities moved
    np.testing.assert_allclose(panel.bars._before, plain, atol=1e-6)  # the unmuted model's marks
    np.testing.assert_allclose(panel.result().inspection.attention, want.attention, atol=1e-6)  # later layers
    assert panel.detail.mute_check.isChecked() and "muted" in panel.detail.title.text()
    assert not panel.grid._muted_item.path().isEmpty()

    with qtbot.waitSignal(panel.refreshed, timeout=WAIT):  # Ctrl+click mutes a second head
        click_cell(qtbot, panel, 1, 0, modifier=Qt.KeyboardModifier.ControlModifier)
    both = ablate(model, tokenizer, SENTENCE, {(0, 1), (1, 0)})
    np.testing.assert_allclose(panel.bars.probabilities(), both.probabilities, atol=1e-6)
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT):  # the Mute box of the large view unmutes it
        panel.detail.mute_check.click()
    assert panel.muted_heads() == {(0, 1)}

    assert panel.reset_button.isEnabled()
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT):
        qtbot.mouseClick(panel.reset_button, Qt.MouseButton.LeftButton)
    assert panel.muted_heads() == set() and not panel.reset_button.isEnabled()
    np.testing.assert_allclose(panel.bars.probabilities(), plain, atol=1e-7)
    assert panel.grid._muted_item.path().isEmpty() and panel.bars._before is None
    settle(qtbot, panel)


# ------------------------------------------------------------------------------------------------ views
def test_hiding_special_tokens_renormalises_the_rows(qtbot, panel, model, tokenizer) -> None:
    with_model(qtbot, panel, model, tokenizer)
    type_text(qtbot, panel, SENTENCE)
    full = panel.shown_grid()
    assert full.tokens[0] == "[CLS]" and full.maps.shape[:2] == (2, 2)
    panel.controls.hide_check.click()
    grid = panel.shown_grid()
    assert "[CLS]" not in grid.tokens and "[SEP]" not in grid.tokens
    assert grid.maps.shape[-1] == full.maps.shape[-1] - 2
    sums = grid.maps.sum(-1)
    assert np.all((np.abs(sums - 1) < 1e-5) | (sums == 0))
    # what is shown is the renormalised slice of the real attention
    sub = full.maps[..., 1:-1, 1:-1]
    np.testing.assert_allclose(grid.maps, sub / sub.sum(-1, keepdims=True), atol=1e-5)
    assert panel.detail.heatmap.image.image.shape == (grid.maps.shape[-1],) * 2
    settle(qtbot, panel)


@pytest.mark.parametrize("mode", ["mean", "rollout_mean", "rollout_max"])
def test_aggregates_show_one_map_per_layer(qtbot, panel, model, tokenizer, mode: str) -> None:
    with_model(qtbot, panel, model, tokenizer)
    type_text(qtbot, panel, SENTENCE)
    panel.controls.set_mode(mode)
    grid = panel.shown_grid()
    assert grid.maps.shape[:2] == (1, 2) and not grid.per_head
    np.testing.assert_allclose(grid.maps.sum(-1), 1.0, atol=1e-5)  # rollout rows sum to 1 as well
    expected = build_grid(panel.result().inspection.attention, panel.result().inspection.tokens, mode)
    np.testing.assert_array_equal(grid.maps, expected.maps)
    click_cell(qtbot, panel, 0, 1)
    assert panel.selected() == (1, None) and "Layer 2" in panel.detail.title.text()
    assert not panel.detail.mute_check.isEnabled()
    before = panel.muted_heads()
    click_cell(qtbot, panel, 0, 0, Qt.MouseButton.RightButton)  # no single head to mute here
    assert panel.muted_heads() == before
    settle(qtbot, panel)


def test_saliency_under_the_tokens_equals_the_core(qtbot, panel, model, tokenizer) -> None:
    with qtbot.waitSignal(panel.saliencyShown, timeout=WAIT):
        with_model(qtbot, panel, model, tokenizer)
        panel.text_box.setText(SENTENCE)
    settle(qtbot, panel)
    _, want = gradient_x_input(model, tokenizer, SENTENCE)
    np.testing.assert_allclose(panel.tokens.saliency(), want, atol=1e-5)
    assert "“" in panel.token_view.note.text()
    with qtbot.waitSignal(panel.saliencyShown, timeout=WAIT):
        panel.controls.saliency_box.setCurrentIndex(panel.controls.saliency_box.findData("integrated"))
    _, want = integrated_gradients(model, tokenizer, SENTENCE)
    np.testing.assert_allclose(panel.tokens.saliency(), want, atol=1e-4)
    panel.controls.saliency_box.setCurrentIndex(panel.controls.saliency_box.findData("off"))
    assert panel.tokens.saliency() is None and "off" in panel.token_view.note.text()
    assert "saliency" not in panel.tokens.describe(1).lower()
    settle(qtbot, panel)


def test_long_inputs_stay_usable(qtbot, panel, tokenizer) -> None:
    from workbench.core.config import ModelConfig
    from workbench.core.model.encoder import EncoderModel

    cfg = ModelConfig(vocab_size=tokenizer.vocab_size, d_model=32, n_heads=2, n_layers=2, d_ff=64, max_len=256)
    long_model = EncoderModel(cfg).eval()
    with_model(qtbot, panel, long_model, tokenizer, ["a", "b"])
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT):
        panel.text_box.setText(" ".join(["the food was good and the room was bad"] * 40))
    qtbot.waitUntil(lambda: len(panel.tokens.tokens()) == 256, timeout=WAIT)
    assert panel.shown_grid().maps.shape == (2, 2, 256, 256)
    assert panel.token_view.area.height() < 8 * panel.fontMetrics().height() * 2  # the strip scrolls
    QApplication.processEvents()
    heat = panel.detail.heatmap
    shown = heat.bottom_axis.shown_labels()  # as many tokens at once as can each have a label, none skipped
    assert 0 < len(shown) < 256 and shown == heat.bottom_axis.tokens()[: len(shown)]
    assert heat.out_of_view.isVisible() and "256" in heat.out_of_view.text()
    settle(qtbot, panel)


# ------------------------------------------------------------------------------------------------ runs
def test_the_panel_agrees_with_workbench_inspect_json(qtbot, panel, run_dir: Path, capsys) -> None:
    text = "the food was very good"
    panel.set_run(str(run_dir))
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT):
        pass
    assert panel.run_path() == str(run_dir) and "run" in panel.source_label.text()
    type_text(qtbot, panel, text)
    assert main(["inspect", str(run_dir), text, "--json"]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    result = panel.result().inspection
    assert out["tokens"] == result.tokens == panel.tokens.tokens()
    np.testing.assert_allclose(np.array(out["attention"]), result.attention, atol=1e-6)
    labels = panel.source().labels
    np.testing.assert_allclose([out["probabilities"][n] for n in labels], panel.bars.probabilities(), atol=1e-6)
    assert out["label"] == panel.bars.predicted()
    history = panel.extras.replay.history()  # the probe sentences recorded while it trained
    assert history is not None and history.steps
    direct = load_run(run_dir)
    np.testing.assert_allclose(inspect_text(direct.model, direct.tokenizer, text).attention, result.attention, atol=0)
    settle(qtbot, panel)


def test_messages_for_no_run_an_unreadable_folder_and_empty_text(qtbot, panel, run_dir: Path, tmp_path) -> None:
    assert panel.message_text() == NO_RUN
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "config.toml").write_text("this is [not toml", encoding="utf-8")
    damaged = tmp_path / "damaged"
    shutil.copytree(run_dir, damaged)
    RunFolder(damaged).checkpoint().files["model"].write_bytes(b"not a safetensors file")
    found = RunFolder(damaged).checkpoint()
    if found.best is not None:  # the page reads the best weights, else the last
        found.best.write_bytes(b"not a safetensors file")
    for folder in (tmp_path / "missing", broken, damaged):
        panel.set_run(str(folder))
        qtbot.waitUntil(lambda: "cannot be shown" in panel.message_text(), timeout=WAIT)
        assert folder.name in panel.message_text() and "Traceback" not in panel.message_text()
        assert not panel.content.isVisible()
        settle(qtbot, panel)
    panel.set_run(str(run_dir))
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT):
        pass
    assert panel.message_text() == "" and panel.content.isVisible()
    panel.text_box.clear()
    qtbot.waitUntil(lambda: panel.message_text() == EMPTY_TEXT, timeout=WAIT)
    assert not panel.content.isVisible()
    panel.set_run(None)
    assert panel.message_text() == NO_RUN
    settle(qtbot, panel)


def test_a_pretrained_model_gets_a_note_instead_of_class_bars(qtbot, panel, tokenizer) -> None:
    mlm = tiny_classifier(tokenizer, n_classes=0, spread=0.3)
    with_model(qtbot, panel, mlm, tokenizer, [])
    assert panel.bars.isHidden() and panel.prediction.note.isVisible()
    assert "[MASK]" in panel.prediction.note.text()
    assert not panel.controls.saliency_box.isEnabled()
    assert panel.shown_grid().maps.shape[:2] == (2, 2)  # attention as for any model
    fill_in = panel.prediction.fill_in
    assert fill_in is not None and fill_in.isVisible()
    with qtbot.waitSignal(panel.refreshed, timeout=WAIT):
        panel.text_box.setText("the food was [MASK]")
    qtbot.waitUntil(lambda: fill_in.result() is not None, timeout=WAIT)
    settle(qtbot, panel)


def test_exports_write_pictures_and_tables(qtbot, panel, model, tokenizer, tmp_path: Path) -> None:
    with_model(qtbot, panel, model, tokenizer)
    type_text(qtbot, panel, SENTENCE)
    for what, suffix in (("grid", ".png"), ("grid", ".svg"), ("head", ".png"), ("head", ".svg")):
        path = panel.export(what, suffix, tmp_path / f"{what}{suffix}")
        assert path is not None and path.is_file()
        if suffix == ".png":
            assert not QImage(str(path)).isNull()
        else:
            assert QSvgRenderer(str(path)).isValid()
    tokens = panel.tokens.tokens()
    rows = list(csv.reader((tmp_path / "all.csv").open() if panel.export("all", ".csv", tmp_path / "all.csv") else []))
    assert len(rows) == 1 + 2 * 2 * len(tokens) ** 2
    one = panel.export("one", ".csv", tmp_path / "one.csv")
    assert one is not None and len(list(csv.reader(one.open()))) == 1 + len(tokens)
    assert panel.export("grid", ".png", tmp_path / "missing" / "grid.png") is None
    assert "missing" in panel.message_text()
    settle(qtbot, panel)


def test_statistics_tab_follows_the_sentence_and_opens_heads(qtbot, panel, model, tokenizer) -> None:
    panel.resize(560, 500)  # the tabs start below the fold
    with_model(qtbot, panel, model, tokenizer)
    type_text(qtbot, panel, SENTENCE)
    settle(qtbot, panel)
    stats = panel.extras.stats
    assert stats.row_count() == 0  # out of view: not computed
    panel.scroll.ensureWidgetVisible(panel.extras)
    qtbot.waitUntil(lambda: stats.row_count() == 4, timeout=WAIT)  # computed once the tab is in view
    panel.extras.headActivated.emit(1, 1)
    assert panel.selected() == (1, 1) and panel.detail.title.text().startswith("Layer 2 · head 2")
    settle(qtbot, panel)


def test_a_second_click_on_the_canvas_outside_cells_does_nothing(qtbot, panel, model, tokenizer) -> None:
    with_model(qtbot, panel, model, tokenizer)
    type_text(qtbot, panel, SENTENCE)
    before = panel.selected()
    qtbot.mouseClick(panel.grid.view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert panel.selected() == before
    settle(qtbot, panel)


def test_each_alt_key_of_the_page_is_its_own(qtbot, panel, model, tokenizer) -> None:
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    with_model(qtbot, panel, model, tokenizer)
    texts = [lab.text() for lab in panel.findChildren(QLabel) if lab.buddy() is not None and lab.isVisibleTo(panel)]
    texts += [b.text() for b in panel.findChildren(QAbstractButton) if b.isVisibleTo(panel)]
    keys = [m.group(1).lower() for t in texts for m in [re.search(r"(?<!&)&([^&\s])", t)] if m]
    window_keys = {"f", "i", "v", "h", "g", "x"}  # the menu bar's and the loss plot's
    assert len(keys) >= 8 and len(keys) == len(set(keys)) and not set(keys) & window_keys, sorted(keys)
    settle(qtbot, panel)


def test_the_compare_tab_runs_its_own_copy_of_the_model(qtbot, panel, model, tokenizer) -> None:
    with_model(qtbot, panel, model, tokenizer)
    type_text(qtbot, panel, SENTENCE)
    panel.extras.show_tab("compare")
    panel.scroll.ensureWidgetVisible(panel.extras)
    compare = panel.extras.compare
    qtbot.waitUntil(lambda: compare._model is not None, timeout=WAIT)
    assert compare._model is not model  # never the module the inspection thread runs
    with qtbot.waitSignal(compare.compared, timeout=WAIT):
        compare.set_second("the food was bad")
    assert compare.first() == SENTENCE
    np.testing.assert_allclose(
        compare.pair().a.attention, inspect_text(model, tokenizer, SENTENCE).attention, atol=1e-6
    )
    with qtbot.waitSignal(compare.compared, timeout=WAIT):  # the page's sentence follows into the comparison
        panel.text_box.setText("a very good view")
    assert compare.first() == "a very good view"
    settle(qtbot, panel)
    qtbot.waitUntil(lambda: not compare.is_pending(), timeout=WAIT)

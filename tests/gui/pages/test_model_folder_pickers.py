"""Opening a Hugging Face model folder from the pages' pickers ("Open a pre-trained model…"): the Inspect page
shows what the model is, the Evaluate page scores it on a labelled file, the Train page fine-tunes from it at
BERT's rate; a bad folder gets one plain line. A run chosen in a picker stays when training ends elsewhere."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hf_folders import make_bert
from PySide6.QtCore import Qt

from workbench.gui.pages.evaluate.evaluate_page import EvaluatePanel
from workbench.gui.pages.inspect.inspect_page import InspectPanel
from workbench.gui.pages.train.train_page import TrainPanel

pytest.importorskip("transformers")
WAIT = 60_000


@pytest.fixture(scope="module")
def bert(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("models") / "tiny-bert"
    make_bert(folder, "classify", labels=("neg", "pos"))
    return folder


@pytest.fixture
def inspect_panel(qtbot):
    p = InspectPanel()
    qtbot.addWidget(p, before_close_func=lambda w: qtbot.waitUntil(lambda: not w.busy(), timeout=WAIT))
    p.resize(1000, 800)
    p.show()
    return p


def _open(qtbot, picker, folder: Path) -> None:
    """Choose "Open a pre-trained model…" in the picker as a person would; the dialog answers `folder`."""
    picker.ask_folder = lambda _parent: str(folder)
    index = picker.findText("Open a pre-trained model…")
    assert index >= 0
    picker.setCurrentIndex(index)
    picker.activated.emit(index)


def test_inspect_opens_a_model_folder_and_says_what_it_is(qtbot, inspect_panel, bert, tmp_path) -> None:
    p = inspect_panel
    _open(qtbot, p.run_picker, bert)
    qtbot.waitUntil(lambda: p.source() is not None and p.result() is not None, timeout=WAIT)
    text = p.source_label.text()
    assert "tiny-bert" in text and "BertForSequenceClassification" in text and "2 layers x 4 heads" in text
    assert p.result().inspection.attention.shape[:2] == (2, 4)
    assert p.run_picker.currentText() == "tiny-bert (pre-trained model)"
    p.set_run(str(tmp_path / "another-run"))  # e.g. a training that ended: the chosen model stays shown
    assert p.run_path() == str(bert) and p.chosen_run() == str(bert)


def test_a_bad_folder_gets_one_plain_line(qtbot, inspect_panel, tmp_path) -> None:
    folder = tmp_path / "pickled"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"model_type": "bert", "architectures": ["BertModel"]}))
    (folder / "pytorch_model.bin").write_bytes(b"not opened")
    p = inspect_panel
    _open(qtbot, p.run_picker, folder)
    qtbot.waitUntil(lambda: "cannot be opened" in p.message_text(), timeout=WAIT)
    message = p.message_text()
    assert "pickle" in message and "safetensors" in message and "Traceback" not in message
    assert "\n" not in message and p.source() is None
    other = tmp_path / "gpt"
    other.mkdir()
    (other / "config.json").write_text(json.dumps({"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"]}))
    (other / "model.safetensors").write_bytes(b"")
    _open(qtbot, p.run_picker, other)
    qtbot.waitUntil(lambda: "GPT2LMHeadModel" in p.message_text(), timeout=WAIT)
    assert "what opens" in p.message_text()


def test_evaluate_scores_a_model_folder_on_a_labelled_file(qtbot, bert, tmp_path) -> None:
    p = EvaluatePanel()
    qtbot.addWidget(p)
    p.show()
    _open(qtbot, p.run_picker, bert)
    assert "pre-trained BertForSequenceClassification" in p.message_text() and "neg, pos" in p.message_text()
    data = tmp_path / "data.csv"
    with open(data, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([("text", "label"), *[("the food was good", "pos"), ("bad film", "neg")] * 5])
    assert p.set_data_file(str(data))
    with qtbot.waitSignal(p.jobEnded, timeout=WAIT):
        qtbot.mouseClick(p.evaluate_button, Qt.MouseButton.LeftButton)
    assert p.scores() is not None and p.scores().examples == 10
    p.set_run(str(tmp_path / "later-run"))
    assert p.run_path() == str(bert)


def test_the_train_page_fine_tunes_from_a_model_folder_at_bert_s_rate(qtbot, bert) -> None:
    p = TrainPanel()
    qtbot.addWidget(p)
    p.task_picker.set_task("finetune")
    _open(qtbot, p.task_picker.pretrained_box, bert)
    t = p.train_config()
    assert t.init_from == str(bert) and t.lr == pytest.approx(3e-5)
    p.lr_box.setValue(1e-4)  # a rate set by the person stays
    p.task_picker.pretrained_box.open_folder(str(bert))
    assert p.train_config().lr == pytest.approx(1e-4)


def test_the_lens_strip_shows_the_decision_per_layer(qtbot, inspect_panel, bert) -> None:
    from workbench.core.inspection.inspector import load_run
    from workbench.core.inspection.lens import classifier_lens

    p = inspect_panel
    p.choose_run(str(bert))
    qtbot.waitUntil(lambda: p.source() is not None, timeout=WAIT)
    p.set_text("the food was not good")
    qtbot.waitUntil(lambda: not p.busy() and p.lens_strip.isVisible() and p.result().text == p.text(), timeout=WAIT)
    strip = p.lens_strip
    run = load_run(bert)
    want = classifier_lens(run.model, run.tokenizer, "the food was not good")
    assert strip.rows() == ["E", "1", "2"] and strip.columns() == ["neg", "pos"]
    for r in range(3):
        for c in range(2):
            assert strip.cell_text(r, c) == f"{want.probabilities[r, c] * 100:.0f}"
    assert strip.settles_at() == want.settles_at()
    assert strip.grab().width() > 0  # it paints


def test_a_masked_lm_model_shows_its_mask_guess_per_layer(qtbot, inspect_panel, tmp_path) -> None:
    folder = tmp_path / "mlm-bert"
    make_bert(folder, "mlm")
    p = inspect_panel
    p.choose_run(str(folder))
    qtbot.waitUntil(lambda: p.source() is not None, timeout=WAIT)
    p.set_text("the food was good")
    qtbot.waitUntil(lambda: not p.busy() and p.result() is not None and p.result().text == p.text(), timeout=WAIT)
    assert not p.lens_strip.isVisible()  # no [MASK]: nothing to guess
    p.set_text("the food was [MASK]")
    qtbot.waitUntil(lambda: not p.busy() and p.lens_strip.isVisible(), timeout=WAIT)
    assert p.lens_strip.rows() == ["E", "1", "2"]
    assert p.lens_strip.cell_text(2, 0).endswith("%")


def test_compare_models_ranks_the_heads_that_changed_most(qtbot, inspect_panel, bert, tmp_path) -> None:
    import numpy as np

    from workbench.core.inspection.compare import compare_models
    from workbench.core.inspection.inspector import load_run
    from workbench.gui.pages.inspect.tabs.inspect_extras import MODELS

    other = tmp_path / "other-bert"
    make_bert(other, "classify", labels=("neg", "pos"), seed=3)  # same vocabulary, other weights
    p = inspect_panel
    p.choose_run(str(bert))
    qtbot.waitUntil(lambda: p.source() is not None and not p.busy(), timeout=WAIT)
    p.set_text("the food was not good")
    qtbot.waitUntil(lambda: not p.busy() and p.result().text == p.text(), timeout=WAIT)
    p.extras.show_tab(MODELS)
    p.scroll.ensureWidgetVisible(p.extras)
    view = p.extras.models
    with qtbot.waitSignal(view.compared, timeout=WAIT):
        view.picker.ask_folder = lambda _parent: str(other)
        view.picker.open_folder()
    a, b = load_run(bert), load_run(other)
    want = compare_models(a.model, a.tokenizer, b.model, b.tokenizer, "the food was not good")
    top = want.ranking(3)
    assert view.ranked()[:3] == [f"L{la + 1} H{h + 1}: {c * 100:.0f} % moved" for la, h, c in top]
    np.testing.assert_allclose(view.change_map.matrix(), want.change, atol=1e-5)
    view.ranking.setCurrentRow(0)  # the most changed head: its difference map, and the grid selects it
    layer, head, _ = top[0]
    np.testing.assert_allclose(view.difference.matrix(), want.difference[layer, head], atol=1e-5)
    assert p.selected() == (layer, head)

    broken = tmp_path / "broken"
    broken.mkdir()
    view.picker.ask_folder = lambda _parent: str(broken)
    view.picker.open_folder()
    assert "cannot be opened" in view.message.text() and "neither a run folder" in view.message.text()

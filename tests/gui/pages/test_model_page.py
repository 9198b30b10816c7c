"""ModelPanel: presets, heads kept valid, live estimates from the core, memory warning, lock, diagram."""

from __future__ import annotations

import dataclasses
import re

import pytest
from PySide6.QtCore import QSettings, Qt

from workbench.core.config import PRESETS, ModelConfig
from workbench.core.errors import ConfigError
from workbench.core.machine import format_bytes
from workbench.core.model.estimates import param_count, training_memory_bytes
from workbench.gui.pages.model.model_page import PRESET_KEY, ModelPanel, format_count, head_choices


@pytest.fixture
def panel(qtbot):
    p = ModelPanel()
    qtbot.addWidget(p)
    return p


def _heads_offered(panel: ModelPanel) -> list[int]:
    return [panel.heads_combo.itemData(i) for i in range(panel.heads_combo.count())]


def _expected_params(panel: ModelPanel, up_to: bool = True) -> str:
    """Until the tokenizer has learnt its vocabulary, the size is for the most it may learn: "Up to"."""
    cfg = dataclasses.replace(panel.model_config(), n_classes=2)  # the panel estimates for 2 classes by default
    return f"{'Up to ' if up_to else ''}{format_count(param_count(cfg))} parameters"


def test_defaults_are_the_tiny_preset(panel):
    """Until the device is known the panel assumes a CPU, where tiny shows a falling loss within seconds."""
    cfg = panel.model_config()
    assert panel.preset_name() == "tiny"
    assert (cfg.d_model, cfg.n_heads, cfg.n_layers, cfg.d_ff) == PRESETS["tiny"]
    defaults = ModelConfig()
    assert (cfg.max_len, cfg.dropout, cfg.positional, cfg.vocab_size) == (
        defaults.max_len,
        defaults.dropout,
        defaults.positional,
        defaults.vocab_size,
    )
    assert cfg.n_classes == 0
    assert panel.preset_buttons["tiny"].isChecked()
    assert panel.custom_label.text() == ""
    assert panel.params_label.text() == _expected_params(panel)


def test_width_and_layers_update_the_parameter_count(qtbot, panel):
    before = panel.params_label.text()
    with qtbot.waitSignal(panel.modelChanged, timeout=30_000):
        panel.d_model_spin.setValue(512)
    assert panel.params_label.text() == _expected_params(panel) != before
    with qtbot.waitSignal(panel.modelChanged, timeout=30_000):
        panel.layers_spin.setValue(12)
    assert panel.params_label.text() == _expected_params(panel)
    assert panel.model_config().n_layers == 12
    # The vocabulary comes from the data panel and sizes the embedding table.
    panel.set_vocab_size(20_000)
    assert panel.model_config().vocab_size == 20_000
    assert panel.params_label.text() == _expected_params(panel)
    panel.set_class_count(5)
    cfg = dataclasses.replace(panel.model_config(), n_classes=5)
    assert panel.estimate_config() == cfg


def test_sizes_say_up_to_until_the_real_vocabulary_is_known(panel):
    panel.set_vocab_size(8000)  # the Data page's maximum: small data learns fewer pieces
    assert panel.params_label.text() == _expected_params(panel, up_to=True)
    assert "up to about" in panel.memory_label.text() and "up to 8,000 pieces" in panel.params_detail.text()
    assert panel.preset_buttons["tiny"].text().startswith("Tiny · ≤")
    panel.set_vocab_size(312, exact=True)  # what the tokenizer preview learnt: the size the run will have
    assert panel.model_config().vocab_size == 312
    assert panel.params_label.text() == _expected_params(panel, up_to=False)
    assert "up to" not in panel.memory_label.text().replace("up to 128 tokens", "")
    cfg = dataclasses.replace(panel.model_config(), n_classes=2)
    assert format_bytes(training_memory_bytes(cfg, 32, cfg.max_len, "fp32")) in panel.memory_label.text()


def test_the_window_sizes_the_model_with_the_previewed_vocabulary(window, qtbot):
    w = window
    assert w.model_panel.params_label.text().startswith("Up to ")
    w.data_panel.preview_button.click()
    qtbot.waitUntil(lambda: w.data_panel.preview_vocab_size() is not None, timeout=60_000)
    learnt = w.data_panel.preview_vocab_size()
    assert learnt < w.data_panel.vocab_size()  # the built-in data holds fewer pieces than allowed
    assert w.model_panel.model_config().vocab_size == learnt
    assert not w.model_panel.params_label.text().startswith("Up to ")


def test_heads_offer_only_divisors_and_stay_valid(panel):
    for d_model in (96, 100, 480, 2048, 32):
        panel.d_model_spin.setValue(d_model)
        offered = _heads_offered(panel)
        assert offered and all(d_model % h == 0 for h in offered)
        assert offered == head_choices(d_model)
        assert panel.model_config().n_heads in offered
        panel.model_config().validate()
    panel.d_model_spin.setValue(512)
    panel.heads_combo.setCurrentIndex(_heads_offered(panel).index(64))
    panel.d_model_spin.setValue(480)  # 64 does not divide 480: the nearest valid count is chosen
    assert panel.model_config().n_heads == 60
    panel.d_model_spin.setValue(256)
    assert 256 % panel.model_config().n_heads == 0


@pytest.mark.parametrize("name", list(PRESETS))
def test_presets_set_their_values(qtbot, panel, name):
    panel.layers_spin.setValue(9)
    assert panel.preset_name() is None
    assert panel.custom_label.text() == "Custom size"
    with qtbot.waitSignal(panel.modelChanged, timeout=30_000):
        qtbot.mouseClick(panel.preset_buttons[name], Qt.MouseButton.LeftButton)
    cfg = panel.model_config()
    assert (cfg.d_model, cfg.n_heads, cfg.n_layers, cfg.d_ff) == PRESETS[name]
    assert panel.preset_name() == name
    assert panel.preset_buttons[name].isChecked()
    assert sum(b.isChecked() for b in panel.preset_buttons.values()) == 1


def test_base_preset_is_the_classic_size(panel):
    panel.apply_preset("base")
    cfg = panel.model_config()
    assert (cfg.d_model, cfg.n_heads, cfg.n_layers, cfg.d_ff) == (512, 8, 6, 2048)


def test_editing_a_preset_value_makes_it_custom(panel):
    panel.apply_preset("tiny")
    panel.ffn_spin.setValue(640)
    assert panel.preset_name() is None
    assert not any(b.isChecked() for b in panel.preset_buttons.values())
    panel.ffn_spin.setValue(512)
    assert panel.preset_name() == "tiny"


_UNITS = {"bytes": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}


def _bytes_after(prefix: str, text: str) -> float:
    """The byte count written right after prefix ("about <b>3.1 GB</b>", "about 850 MB"), in bytes."""
    match = re.search(re.escape(prefix) + r"(?:<b>)?([\d.]+) (bytes|KB|MB|GB)", text)
    assert match is not None, text
    return float(match[1]) * _UNITS[match[2]]


def test_memory_warning_follows_device_memory_and_batch(panel):
    cfg = panel.estimate_config()
    need = training_memory_bytes(cfg, 32, cfg.max_len, "fp32")
    # Written with 2-3 significant digits: within 5 % of the estimate ("up to": the vocabulary is not learnt yet).
    assert _bytes_after("Training memory: up to about ", panel.memory_label.text()) == pytest.approx(need, rel=0.05)
    panel.set_device_memory(need // 4, "NVIDIA Test GPU (1 GB)")
    assert not panel.warning_label.isHidden()
    text = panel.warning_label.text()
    assert text.startswith("This model needs about ") and " to train at batch 32" in text
    assert _bytes_after("This model needs about ", text) == pytest.approx(need, rel=0.05)
    assert "NVIDIA Test GPU has" in text and "lower the batch size or the model size" in text
    panel.set_device_memory(need * 100, "NVIDIA Test GPU")
    assert panel.warning_label.isHidden()
    # A bigger batch needs more memory than the device has.
    panel.set_batch_size(512)
    bigger = training_memory_bytes(cfg, 512, cfg.max_len, "fp32")
    assert "batch 512" in panel.memory_label.text()
    panel.set_device_memory(bigger - 1, "CPU")
    assert not panel.warning_label.isHidden()
    assert "this computer has" in panel.warning_label.text()
    panel.set_device_memory(None, "")
    assert panel.warning_label.isHidden()


def test_model_config_validates(panel):
    panel.heads_combo.addItem("7", 7)  # a state the panel never offers itself
    panel.heads_combo.setCurrentIndex(panel.heads_combo.count() - 1)
    with pytest.raises(ConfigError):
        panel.model_config()


def test_set_locked_disables_inputs(panel):
    panel.set_locked(True)
    assert panel.is_locked()
    for w in [*panel.inputs, *panel.preset_buttons.values()]:
        assert not w.isEnabled()
    panel.set_locked(False)
    assert all(w.isEnabled() for w in panel.inputs)


def test_diagram_follows_settings(qtbot, panel):
    panel.show()
    qtbot.waitExposed(panel)
    panel.layers_spin.setValue(2)
    painted = panel.diagram.paint_count
    panel.diagram.grab()  # renders the widget through its paintEvent
    assert panel.diagram.paint_count > painted
    assert panel.diagram.config.n_layers == 2 and panel.diagram.drawn_blocks == 2
    panel.layers_spin.setValue(12)
    assert panel.diagram.config.n_layers == 12
    assert panel.diagram.drawn_blocks < 12  # a few blocks and "× 12"
    panel.d_model_spin.setValue(64)
    assert panel.diagram.config.d_model == 64
    assert panel.diagram.config.n_heads == panel.model_config().n_heads
    panel.positional_combo.setCurrentIndex(panel.positional_combo.findData("learned"))
    assert panel.diagram.config.positional == "learned"
    for pooling, words in (("cls", "the [CLS] vector"), ("mean", "the mean of the word vectors")):
        panel.pooling_combo.setCurrentIndex(panel.pooling_combo.findData(pooling))
        assert panel.model_config().pooling == pooling
        assert panel.diagram.classifier_input() == words and words in panel.diagram.accessibleDescription()
        panel.set_model_config(
            dataclasses.replace(panel.model_config(), pooling="cls" if pooling == "mean" else "mean")
        )
        assert panel.pooling_combo.currentData() != pooling
    image = panel.diagram.grab()  # paints without errors at its real size
    assert not image.isNull()


def test_tooltips_and_ranges(panel):
    for w in panel.inputs:
        assert w.toolTip()
    # The ranges are the core's (core.config field specs), so the page cannot offer a value the core refuses.
    assert (panel.d_model_spin.minimum(), panel.d_model_spin.maximum(), panel.d_model_spin.singleStep()) == (
        8,
        2048,
        32,
    )
    assert (panel.layers_spin.minimum(), panel.layers_spin.maximum()) == (1, 24)
    assert (panel.ffn_spin.minimum(), panel.ffn_spin.maximum(), panel.ffn_spin.singleStep()) == (8, 8192, 64)
    assert (panel.dropout_spin.minimum(), panel.dropout_spin.maximum(), panel.dropout_spin.decimals()) == (0.0, 0.5, 2)
    assert (panel.max_len_spin.minimum(), panel.max_len_spin.maximum()) == (8, 512)
    assert "(8–512)" in panel.max_len_spin.toolTip() and "(1–24)" in panel.layers_spin.toolTip()
    for end in ("minimum", "maximum"):
        for spin in (panel.d_model_spin, panel.layers_spin, panel.ffn_spin, panel.dropout_spin, panel.max_len_spin):
            spin.setValue(getattr(spin, end)())
        panel.model_config().validate()  # both ends of every range are valid models
    for label in panel.form_labels:
        assert label.buddy() is not None


def test_formatting():
    assert format_count(850) == "850"
    assert format_count(4_213_000) == "4.2 M"
    assert format_count(42_000_000) == "42 M"


# ------------------------------------------------------------------------------------------ preset per device
def test_the_preset_follows_the_device_until_the_person_chooses(qtbot, panel):
    assert panel.preset_name() == "tiny" and panel.preset_note.isHidden() and not panel.preset_was_chosen()
    with qtbot.waitSignal(panel.modelChanged, timeout=30_000):
        panel.suggest_preset_for("cuda", "NVIDIA Test GPU (24 GiB)")
    assert panel.preset_name() == "small"
    assert "because training runs on the graphics card (NVIDIA Test GPU (24 GiB))" in panel.preset_note.text()
    panel.suggest_preset_for("cpu", "CPU")
    assert panel.preset_name() == "tiny" and not panel.preset_note.isHidden()
    assert panel.preset_note.text().startswith("Tiny is selected because training runs on the CPU")
    # The person picks a size: it stays, whatever device turns up, and it is remembered for the next start.
    qtbot.mouseClick(panel.preset_buttons["base"], Qt.MouseButton.LeftButton)
    assert panel.preset_was_chosen() and panel.preset_note.isHidden()
    panel.suggest_preset_for("cuda", "NVIDIA Test GPU")
    assert panel.preset_name() == "base"
    assert QSettings().value(PRESET_KEY) == "base"
    again = ModelPanel()
    qtbot.addWidget(again)
    assert again.preset_name() == "base" and again.preset_was_chosen()
    again.suggest_preset_for("cpu", "CPU")
    assert again.preset_name() == "base" and again.preset_note.isHidden()


def test_an_edited_shape_or_a_running_model_is_not_replaced(panel):
    panel.layers_spin.setValue(3)  # the person's own shape
    panel.suggest_preset_for("cuda", "GPU")
    assert panel.layers_spin.value() == 3 and panel.preset_name() is None and panel.preset_note.isHidden()
    fresh = panel.__class__()
    try:
        fresh.set_locked(True)  # a run trains: its model cannot change under it
        fresh.suggest_preset_for("cuda", "GPU")
        assert fresh.preset_name() == "tiny"
    finally:
        fresh.deleteLater()


def test_the_panel_is_narrow_enough_to_sit_beside_the_plot(qtbot, panel):
    assert panel.minimumSizeHint().width() <= 560
    panel.resize(520, 700)
    panel.show()
    qtbot.waitExposed(panel)
    assert not panel.splitter.is_wide()  # the drawing goes under the settings
    panel.resize(panel.splitter.wide_width() + 40, 900)
    qtbot.waitUntil(panel.splitter.is_wide, timeout=30_000)  # and beside them when there is room
    d = panel.diagram
    assert d.height() >= d.minimumSizeHint().height() and d.width() >= d.minimumSizeHint().width()


def test_hold_size_keeps_a_pre_trained_shape_but_leaves_dropout_and_pooling_free(panel):
    why = "Fine-tuning keeps the size of the pre-trained run."
    width_tip = panel.d_model_spin.toolTip()
    panel.hold_size(why)
    held = [*panel.preset_buttons.values(), panel.d_model_spin, panel.heads_combo, panel.layers_spin, panel.ffn_spin,
            panel.max_len_spin, panel.positional_combo]  # fmt: skip
    assert all(not w.isEnabled() and w.toolTip() == why for w in held)
    assert panel.dropout_spin.isEnabled() and panel.pooling_combo.isEnabled()
    assert panel.preset_note.isVisibleTo(panel) and panel.preset_note.text() == why
    panel.hold_size(None)
    assert all(w.isEnabled() for w in held) and panel.d_model_spin.toolTip() == width_tip
    assert not panel.preset_note.isVisibleTo(panel)
    panel.pooling_combo.setCurrentIndex(panel.pooling_combo.findData("cls"))
    assert panel.pooling() == "cls" == panel.model_config().pooling

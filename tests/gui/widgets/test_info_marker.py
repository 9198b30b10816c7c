"""The "?" beside each advanced control: a plain sentence on hover, on a click and from the keyboard, for the
Model, Train and Inspect pages' settings and views."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QSpinBox, QWidget

from workbench.gui.pages.inspect.inspect_controls import InspectControls
from workbench.gui.pages.inspect.tabs.head_stats_table import HeadStatsTable
from workbench.gui.pages.model.model_page import ModelPanel
from workbench.gui.pages.train.train_page import TrainPanel
from workbench.gui.widgets.info_marker import InfoMarker, explain, marker_of, row_of

# control -> words its sentence must use (what a student needs to hear)
MODEL = {
    "d_model_spin": ("numbers", "vector"),
    "heads_combo": ("head", "look"),
    "layers_spin": ("layer",),
    "ffn_spin": ("feed-forward", "width"),
    "positional_combo": ("order",),
    "dropout_spin": ("random",),
}
TRAIN = {
    "precision_box": ("bf16", "fp16", "bits", "memory"),
    "lr_box": ("step", "too big"),
    "warmup_box": ("zero", "grows"),
    "batch_box": ("examples", "memory"),
    "accumulate_box": ("batches", "memory"),
}


def _check(marker: InfoMarker | None, words: tuple[str, ...]) -> None:
    assert marker is not None
    text = marker.text_shown()
    for word in words:
        assert word.lower() in text.lower(), (word, text)
    assert 40 < len(text) < 320 and text.count(". ") <= 3  # one or two sentences, not a manual
    assert marker.toolTip() == text and marker.accessibleDescription() == text
    assert marker.accessibleName().startswith("What is")


def test_the_model_pages_settings_are_explained(qtbot) -> None:
    page = ModelPanel()
    qtbot.addWidget(page)
    for name, words in MODEL.items():
        field = getattr(page, name)
        _check(marker_of(field), words)
        assert field.accessibleDescription() == marker_of(field).text_shown()


def test_the_train_pages_settings_are_explained(qtbot) -> None:
    page = TrainPanel()
    qtbot.addWidget(page)
    for name, words in TRAIN.items():
        _check(marker_of(getattr(page, name)), words)


def test_the_inspect_pages_views_and_measures_are_explained(qtbot) -> None:
    controls = InspectControls()
    stats = HeadStatsTable()
    qtbot.addWidget(controls)
    qtbot.addWidget(stats)
    _check(controls.markers["mode"], ("each head", "mean over heads", "rollout", "layers"))
    _check(controls.markers["saliency"], ("words", "decision"))
    _check(controls.markers["hide"], ("[CLS]", "[SEP]"))
    _check(stats.entropy_marker, ("entropy", "spread"))


def test_a_click_enter_or_space_shows_the_sentence_and_esc_closes_it(qtbot) -> None:
    page = TrainPanel()
    qtbot.addWidget(page)
    page.show()
    marker = page.markers["lr_box"]
    qtbot.mouseClick(marker, Qt.MouseButton.LeftButton)
    bubble = marker.bubble
    assert bubble is not None and bubble.isVisible() and bubble.label.text() == marker.text_shown()
    qtbot.keyClick(bubble, Qt.Key.Key_Escape)
    assert not bubble.isVisible()
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Space):
        marker.setFocus()
        qtbot.keyClick(marker, key)
        qtbot.waitUntil(bubble.isVisible, timeout=2000)
        bubble.close()
    assert marker.focusPolicy() & Qt.FocusPolicy.TabFocus  # reachable with Tab


@pytest.mark.parametrize("hidden", [False, True])
def test_explain_keeps_the_form_row_and_hiding_the_row_keeps_the_value(qtbot, hidden: bool) -> None:
    holder = QWidget()
    form = QFormLayout(holder)
    spin = QSpinBox()
    spin.setRange(0, 100)
    spin.setValue(42)
    form.addRow("&Number:", spin)
    qtbot.addWidget(holder)
    marker = explain(spin, "A number, explained.", "the number")
    label = form.labelForField(row_of(spin))
    assert label is not None and label.buddy() is spin  # the label still belongs to the control
    assert marker_of(spin) is marker and row_of(spin).isAncestorOf(marker)
    holder.show()
    form.setRowVisible(row_of(spin), not hidden)
    assert spin.isVisible() is (not hidden) and marker.isVisible() is (not hidden)
    assert spin.value() == 42

"""Spin boxes built from a config field's spec offer exactly the values the core accepts."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

from workbench.core.config import DataConfig, ModelConfig, TrainConfig
from workbench.core.errors import ConfigError
from workbench.gui.widgets.field_spin import field_spin, range_hint


@pytest.mark.parametrize(
    ("section", "name", "kind", "low", "high", "step"),
    [
        (DataConfig, "vocab_size", QSpinBox, 50, 200_000, 500),
        (ModelConfig, "max_len", QSpinBox, 8, 512, 8),
        (TrainConfig, "encoder_lr_scale", QDoubleSpinBox, 0.0, 10.0, 0.1),
        (DataConfig, "val_fraction", QDoubleSpinBox, 0.01, 0.89, 0.05),  # open bounds: one 0.01 inside
    ],
)
def test_a_field_spin_has_the_fields_range_and_step(qtbot, section, name, kind, low, high, step) -> None:
    box = field_spin(section, name)
    qtbot.addWidget(box)
    assert type(box) is kind
    assert (box.minimum(), box.maximum(), box.singleStep()) == pytest.approx((low, high, step))
    for end in (box.minimum(), box.maximum()):
        box.setValue(end)
        dataclasses.replace(section(), **{name: box.value()}).validate()  # both ends are valid settings
    outside = box.maximum() + (1 if kind is QSpinBox else 0.01)
    with pytest.raises(ConfigError):
        dataclasses.replace(section(), **{name: outside}).validate()  # and one past the end is not


def test_range_hints_read_as_the_tooltips_write_them() -> None:
    assert range_hint(ModelConfig, "max_len") == "8–512"
    assert range_hint(DataConfig, "vocab_size") == "50–200,000"
    assert range_hint(ModelConfig, "dropout") == "0–0.5"

"""Spin boxes that take their range, step and decimals from a config field's spec (core.config.field_spec), so the
app offers exactly what the core accepts."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

from workbench.core.config import FieldSpec, field_spec

_INT_MAX = 2_147_483_647  # QSpinBox holds a C int


def apply_spec(box: QSpinBox | QDoubleSpinBox, spec: FieldSpec) -> None:
    """Range (open bounds moved in by a step), single step and decimals from the spec."""
    lo, hi = spec.spin_range()
    if isinstance(box, QSpinBox):
        box.setRange(max(-_INT_MAX, int(lo)), min(_INT_MAX, int(hi)))
        if spec.step is not None:
            box.setSingleStep(int(spec.step))
    else:
        if spec.decimals is not None:
            box.setDecimals(spec.decimals)  # before the range: QDoubleSpinBox rounds the range to its decimals
        box.setRange(lo, hi)
        if spec.step is not None:
            box.setSingleStep(spec.step)


def field_spin(section: type, name: str) -> QSpinBox | QDoubleSpinBox:
    """A QSpinBox (whole numbers) or QDoubleSpinBox for the field, set up by apply_spec."""
    spec = field_spec(section, name)
    box: QSpinBox | QDoubleSpinBox = QSpinBox() if spec.integer else QDoubleSpinBox()
    apply_spec(box, spec)
    return box


def range_hint(section: type, name: str) -> str:
    """The field's range for a tooltip: '8–512', '0–0.5'."""
    spec = field_spec(section, name)
    lo, hi = spec.spin_range()
    return f"{_short(lo)}–{_short(hi)}"


def _short(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:g}"

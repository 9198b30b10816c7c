"""The Data page's classes and validation boxes: how many rows each class has (and how many are held out), a
warning when the classes are unbalanced, and the validation share (slider and spin box moving together)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QSlider, QSpinBox, QVBoxLayout, QWidget

from workbench.gui.pages.data.label_histogram import LabelHistogram

DEFAULT_SHARE = 10  # per cent
SHARE_RANGE = (5, 50)


class SplitView(QWidget):
    """Classes and validation share. `shareChanged(int)` fires with the new share in per cent when the person
    releases the slider or changes the spin box (not on every pixel of a drag)."""

    shareChanged = Signal(int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.histogram = LabelHistogram()
        self.balance_label = QLabel()
        self.balance_label.setWordWrap(True)
        self.balance_label.setToolTip(self.tr("Why an unbalanced data set needs a closer look at the results"))
        self.balance_label.hide()
        classes_box = QGroupBox(self.tr("Classes"))
        cl = QVBoxLayout(classes_box)
        cl.addWidget(self.histogram)
        cl.addWidget(self.balance_label)

        self.split_slider = QSlider(Qt.Orientation.Horizontal)
        self.split_slider.setRange(*SHARE_RANGE)
        self.split_slider.setValue(DEFAULT_SHARE)
        self.split_slider.setPageStep(5)
        self.split_slider.setTickInterval(5)
        self.split_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.split_slider.setTracking(False)  # re-split on release, not on every pixel of a drag
        self.split_slider.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 14)
        self.split_spin = QSpinBox()
        self.split_spin.setRange(*SHARE_RANGE)
        self.split_spin.setValue(DEFAULT_SHARE)
        self.split_spin.setSuffix(" %")
        tip = self.tr(
            "The share of rows held out to measure accuracy on text the model never trained on "
            "(5–50 %; 10 % is a good start). Each class keeps its share."
        )
        self.split_slider.setToolTip(tip)
        self.split_spin.setToolTip(tip)
        self.split_slider.sliderMoved.connect(self.split_spin.setValue)
        self.split_slider.valueChanged.connect(self._slider_changed)
        self.split_spin.valueChanged.connect(self.split_slider.setValue)
        split_label = QLabel(self.tr("Validatio&n share:"))
        split_label.setBuddy(self.split_slider)
        self.split_note = QLabel()
        self.split_note.setWordWrap(True)
        self.split_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        split_box = QGroupBox(self.tr("Validation"))
        sl = QGridLayout(split_box)
        sl.addWidget(split_label, 0, 0)
        sl.addWidget(self.split_slider, 0, 1)
        sl.addWidget(self.split_spin, 0, 2)
        sl.addWidget(self.split_note, 1, 0, 1, 3)
        sl.setColumnStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(classes_box)
        layout.addWidget(split_box)

    def share(self) -> int:
        """The validation share in per cent."""
        return self.split_slider.value()

    def set_share_enabled(self, enabled: bool) -> None:
        self.split_slider.setEnabled(enabled)
        self.split_spin.setEnabled(enabled)

    def show_counts(self, counts: dict[str, int], val_counts: dict[str, int], note: str) -> None:
        """Rows per class (all of them) and how many of each are held out, with a line about the split."""
        self.histogram.set_counts(counts, val_counts)
        self.split_note.setText(note)
        self._show_balance(counts)

    def clear(self) -> None:
        self.histogram.set_counts({})
        self.split_note.setText("")
        self.balance_label.hide()

    def _slider_changed(self, value: int) -> None:
        self.split_spin.blockSignals(True)
        self.split_spin.setValue(value)
        self.split_spin.blockSignals(False)
        self.shareChanged.emit(value)

    def _show_balance(self, counts: dict[str, int]) -> None:
        if len(counts) < 2:
            self.balance_label.hide()
            return
        total = sum(counts.values())
        smallest = min(counts, key=lambda k: counts[k])
        share = counts[smallest] / total
        if counts[smallest] * 10 < max(counts.values()):
            self.balance_label.setText(
                self.tr(
                    "The classes are unbalanced: “{smallest}” has only {counts:,} rows ({share:.1%}). Accuracy can "
                    "look good while that class is mostly missed; watch the macro F1 score."
                ).format(smallest=smallest, counts=counts[smallest], share=share)
            )
            self.balance_label.show()
        else:
            self.balance_label.hide()

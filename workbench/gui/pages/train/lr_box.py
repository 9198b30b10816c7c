"""A learning-rate box that shows 0.001 as 1.0e-03 and steps by halving or doubling, as people tune it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QWidget

DEFAULT_LR = 1e-3
CHECKPOINT_LR = 3e-5  # as the engine's fine-tuning from a Hugging Face model folder (core.training.starting)


class LearningRateBox(QDoubleSpinBox):
    """A learning-rate box that shows 0.001 as 1e-03 and steps by halving/doubling, as people tune it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(10)
        self.setRange(1e-7, 0.99)
        self.setValue(DEFAULT_LR)
        self.setToolTip(
            QCoreApplication.translate(
                "TrainPanel",
                "How big each learning step is (peak value; it warms up, then decays). 1e-3 suits small models, "
                "1e-4 to 3e-4 larger ones. Too high makes the loss jump or become NaN. Arrows halve or double it.",
            )
        )

    def suggest_for_model_folder(self, model_folder: bool) -> None:
        """A Hugging Face model (BERT-size) is fine-tuned at BERT's own rate: the workbench's default would wreck
        its weights within steps. A rate the person set themselves is left as it is."""
        if model_folder and self.value() == DEFAULT_LR:
            self.setValue(CHECKPOINT_LR)

    def textFromValue(self, value: float) -> str:  # Qt override
        return f"{value:.2g}" if value >= 0.01 else f"{value:.1e}"

    def valueFromText(self, text: str) -> float:  # Qt override
        try:
            return float(text.strip().replace(",", "."))
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int) -> object:
        cleaned = text.strip().replace(",", ".")
        if not cleaned:
            return QValidator.State.Intermediate, text, pos
        try:
            value = float(cleaned)
        except ValueError:
            partial = cleaned.rstrip("eE+-.") or "0"
            try:
                float(partial)
            except ValueError:
                return QValidator.State.Invalid, text, pos
            return QValidator.State.Intermediate, text, pos
        ok = self.minimum() <= value <= self.maximum()
        return (QValidator.State.Acceptable if ok else QValidator.State.Intermediate), text, pos

    def stepBy(self, steps: int) -> None:  # Qt override
        self.setValue(min(self.maximum(), max(self.minimum(), self.value() * 2.0**steps)))

"""The prediction under the tokens: a bar per class probability, or, for a model pre-trained to fill in hidden
words (no classifier), a note and the fill-in view with its guesses for each [MASK]."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from workbench.gui.pages.inspect.sentence.probability_bars import ProbabilityBars

NO_CLASSES = QT_TRANSLATE_NOOP(
    "PredictionView",
    "This model was pre-trained to fill in hidden words, so it predicts no classes. Put [MASK] in the sentence "
    "to see its guesses; the attention below works as for any model.",
)


class PredictionView(QWidget):
    """`textEdited(str)` when the fill-in view changes the sentence (a word blanked or a blank filled)."""

    textEdited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars = ProbabilityBars()
        self.bars.setToolTip(self.tr("The model's probability for each class; the predicted one is highlighted"))
        self.note = QLabel(self.tr(NO_CLASSES))
        self.note.setWordWrap(True)
        self.note.hide()
        self.fill_in: Any = None  # FillInView, made for the first pre-trained model (it imports torch)
        self._fill_in_area: Any = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.bars)
        self._layout.addWidget(self.note)

    def set_source(self, source: Any) -> None:
        """A newly loaded model (ModelSource). The fill-in view gets its spare copy, never the model the
        inspection thread runs."""
        classifier = source.n_classes > 0
        self.bars.setVisible(classifier)
        self.note.setVisible(not classifier)
        if not classifier and self.fill_in is None:
            from workbench.gui.pages.inspect.sentence.fill_in_view import FillInView

            self.fill_in = FillInView()
            self.fill_in.textChanged.connect(self.textEdited)
            # A long text makes many word chips: they scroll here rather than push the grid off the page.
            self._fill_in_area = QScrollArea()
            self._fill_in_area.setWidgetResizable(True)
            self._fill_in_area.setFrameShape(QScrollArea.Shape.NoFrame)
            self._fill_in_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self._fill_in_area.setWidget(self.fill_in)
            self._fill_in_area.setMinimumHeight(self.fontMetrics().height() * 8)
            self._fill_in_area.setMaximumHeight(self.fontMetrics().height() * 22)
            self._layout.addWidget(self._fill_in_area)
        if self.fill_in is not None:
            self._fill_in_area.setVisible(not classifier)
            self.fill_in.set_model(
                None if classifier else source.spare_model(), None if classifier else source.tokenizer
            )

    def show_result(self, result: Any, labels: list[str]) -> None:
        """An InspectResult: the bars (with the unmuted model's marks when heads are muted) or the guesses."""
        probs = result.inspection.probabilities
        if probs is not None:
            self.bars.set_probabilities(labels, probs, result.plain_probabilities)
            self.bars.setToolTip(self.bars.describe())
        elif self.fill_in is not None and self.fill_in.isVisibleTo(self):
            self.fill_in.set_text(result.text)

"""Compare two sentences: the chosen head's (or layer's) attention on each, side by side, and their difference on
the tokens they share, aligned as a diff aligns them (e.g. "the food was good" / "the food was not good")."""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.errors import WorkbenchError
from workbench.core.inspection.inspector import Inspection, PairInspection, inspect_pair
from workbench.core.model.encoder import EncoderModel
from workbench.core.training.device import torch_threads
from workbench.gui.pages.inspect.tabs.probe_replay import VIRIDIS, TokenHeatmap
from workbench.gui.widgets import theme

DEBOUNCE_MS = 80
DIVERGING = "CET-D1"  # blue - white - red, symmetric around 0
MIN_DIFF_RANGE = 0.05  # the difference scale never zooms in further: tiny noise stays pale
HEAD, LAYER_MEAN = "head", "layer"


def _probabilities_text(result: Inspection, labels: list[str]) -> str:
    if result.probabilities is None:
        return ""
    probs = result.probabilities.tolist()
    names = (
        labels
        if len(labels) == len(probs)
        else [QCoreApplication.translate("CompareView", "class {i}").format(i=i) for i in range(len(probs))]
    )
    best = max(range(len(probs)), key=lambda i: probs[i])
    # Class order, the same under both sentences so they read side by side; the prediction in bold.
    parts = [f"{html.escape(names[i])} {probs[i] * 100:.0f} %" for i in range(len(probs))]
    parts[best] = f"<b>{parts[best]}</b>"
    return " · ".join(parts)


class CompareView(QWidget):
    """Sentence A (set by the page with set_first) and sentence B (typed here), through the same model."""

    compared = Signal()  # after every recomputation that drew something

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model: EncoderModel | None = None
        self._tokenizer: TextTokenizer | None = None
        self._labels: list[str] = []
        self._first = ""
        self._layer = 0
        self._head = 0
        self._pair: PairInspection | None = None
        self._stale = False  # an update was due while hidden
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh_now)
        self._build()
        self.refresh_now()

    def _build(self) -> None:
        self.second_edit = QLineEdit()
        self.second_edit.setPlaceholderText(self.tr("the food was not good"))
        self.second_edit.setClearButtonEnabled(True)
        self.second_edit.setToolTip(
            self.tr("A second sentence to compare with the one above, e.g. with one word changed")
        )
        self.mode_combo = QComboBox()
        self.mode_combo.addItem(self.tr("This head"), HEAD)
        self.mode_combo.addItem(self.tr("Mean of the layer's heads"), LAYER_MEAN)
        self.mode_combo.setToolTip(self.tr("Compare the chosen head alone, or the average of every head in its layer"))
        self.which_label = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # may quote the model's error text
        self.heat_a = TokenHeatmap(VIRIDIS, (0.0, 1.0))
        self.heat_b = TokenHeatmap(VIRIDIS, (0.0, 1.0), colorbar=True)
        self.heat_diff = TokenHeatmap(DIVERGING, (-1.0, 1.0), colorbar=True, signed=True)
        self.probs_a = QLabel()
        self.probs_b = QLabel()
        for label in (self.probs_a, self.probs_b):
            label.setWordWrap(True)
        self.diff_note = QLabel()
        self.diff_note.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Compare with")))
        top.addWidget(self.second_edit, 1)
        mode = QHBoxLayout()
        mode.addWidget(self.which_label, 1)
        mode.addWidget(self.mode_combo)
        self.maps = QWidget()
        grid = QGridLayout(self.maps)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.heat_a, 0, 0)
        grid.addWidget(self.heat_b, 0, 1)
        grid.addWidget(self.probs_a, 1, 0)
        grid.addWidget(self.probs_b, 1, 1)
        grid.addWidget(self.heat_diff, 2, 0, 1, 2)
        grid.addWidget(self.diff_note, 3, 0, 1, 2)
        grid.setRowStretch(0, 2)
        grid.setRowStretch(2, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(mode)
        layout.addWidget(self.message)
        layout.addWidget(self.maps, 1)

        self.second_edit.textChanged.connect(lambda _t: self._schedule())
        self.mode_combo.currentIndexChanged.connect(lambda _i: self._draw())

    # ------------------------------------------------------------------------------------------------ input
    def set_model(
        self, model: EncoderModel | None, tokenizer: TextTokenizer | None, labels: list[str] | None = None
    ) -> None:
        """The model to compare with (None, None clears). labels name the classes for the probabilities."""
        self._model, self._tokenizer = model, tokenizer
        self._labels = list(labels or [])
        if self.isVisible():
            self.refresh_now()
        else:
            self._forget()

    def set_first(self, text: str) -> None:
        """Sentence A, usually the page's own text box (recomputed after a short pause in typing)."""
        if text != self._first:
            self._first = text
            self._schedule()

    def set_second(self, text: str) -> None:
        """Sentence B, as if typed into the box here."""
        self.second_edit.setText(text)

    def set_head(self, layer: int, head: int) -> None:
        """Compare this head (0-based, as in the core), or its layer's mean when that is chosen."""
        self._layer, self._head = int(layer), int(head)
        self._draw()

    def set_layer_mean(self, on: bool) -> None:
        self.mode_combo.setCurrentIndex(1 if on else 0)

    # ------------------------------------------------------------------------------------------------ state
    def first(self) -> str:
        return self._first

    def second(self) -> str:
        return self.second_edit.text()

    def pair(self) -> PairInspection | None:
        """The last comparison computed, or None."""
        return self._pair

    def shared_tokens(self) -> list[str]:
        return self._pair.shared_tokens if self._pair is not None else []

    def difference_matrix(self) -> np.ndarray | None:
        """The difference drawn now (A minus B over the shared tokens), [S, S]."""
        return self.heat_diff.matrix()

    def is_pending(self) -> bool:
        return self._timer.isActive()

    # ------------------------------------------------------------------------------------------------ work
    def _schedule(self) -> None:
        """Recompute after a short pause in typing; while hidden, only once shown again."""
        if self.isVisible():
            self._timer.start()
        else:
            self._stale = True

    def _forget(self) -> None:
        """Drop the old comparison (it belongs to another model) and recompute when shown."""
        self._pair = None
        self._stale = True
        self._show_message("")

    def refresh_now(self) -> None:
        """Compute the comparison at once (the debounce timer calls this)."""
        self._timer.stop()
        self._pair = None
        a, b = self._first.strip(), self.second().strip()
        if self._model is None or self._tokenizer is None:
            self._show_message(self.tr("Train a model or open a run to compare two sentences."))
            return
        if not a:
            self._show_message(self.tr("Type a sentence in the box above; it is compared with the one typed here."))
            return
        if not b:
            self._show_message(self.tr("Type a second sentence here, e.g. the first with one word changed or added."))
            return
        try:
            with torch_threads(1):  # on the UI thread: see the note in core.device.torch_threads
                self._pair = inspect_pair(self._model, self._tokenizer, self._first, self.second())
        except (WorkbenchError, ValueError, RuntimeError) as err:  # e.g. a model from another tokenizer
            self._show_message(self.tr("These sentences cannot be compared with this model: {err}").format(err=err))
            return
        self.message.hide()
        self.maps.show()
        self._draw()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.maps.hide()
        for heat in (self.heat_a, self.heat_b, self.heat_diff):
            heat.set_matrix(None)

    def _maps(self, attention: np.ndarray) -> np.ndarray:
        """[T, T] for the chosen head or the layer's mean, from [L, H, T, T]."""
        layer = min(self._layer, attention.shape[0] - 1)
        if self.mode_combo.currentData() == LAYER_MEAN:
            return attention[layer].mean(axis=0)
        return attention[layer, min(self._head, attention.shape[1] - 1)]

    def _draw(self) -> None:
        pair = self._pair
        if pair is None:
            return
        n_layers, n_heads = pair.a.attention.shape[:2]
        layer, head = min(self._layer, n_layers - 1), min(self._head, n_heads - 1)
        mean = self.mode_combo.currentData() == LAYER_MEAN
        self.which_label.setText(
            self.tr("Layer {layer}").format(layer=layer + 1)
            + ("" if mean else self.tr(" · head {head}").format(head=head + 1))
        )
        self.heat_a.set_title("A: " + _elide(self._first), self._first)
        self.heat_b.set_title("B: " + _elide(self.second()), self.second())
        self.heat_a.set_matrix(self._maps(pair.a.attention), pair.a.tokens)
        self.heat_b.set_matrix(self._maps(pair.b.attention), pair.b.tokens)
        self.probs_a.setText(_probabilities_text(pair.a, self._labels))
        self.probs_b.setText(_probabilities_text(pair.b, self._labels))

        shared = pair.shared_tokens
        if len(shared) == 0:
            self.heat_diff.set_matrix(None)
            self.heat_diff.set_title(self.tr("A − B: the sentences share no tokens"))
            self.diff_note.setText("")
        else:
            if mean:
                diff = pair.difference[layer].mean(axis=0)
            else:
                diff = pair.difference[layer, head]
            span = max(MIN_DIFF_RANGE, float(np.abs(diff).max()))
            self.heat_diff.set_matrix(diff, shared, levels=(-span, span))
            self.heat_diff.set_title(self.tr("A − B on the {n_shared} tokens both share").format(n_shared=len(shared)))
            low, high = pg.colormap.get(DIVERGING).map([0.0, 1.0], mode="qcolor")
            if theme.is_dark():  # the map's ends are dark: lighter text reads on a dark window
                low, high = low.lighter(170), high.lighter(170)
            color_a, color_b = high.name(), low.name()
            self.diff_note.setText(
                self.tr(
                    "<span style='color:{color_a}'>Red</span>: A attends more there; <span "
                    "style='color:{color_b}'>blue</span>: B attends more. Tokens only one sentence has are left out."
                ).format(color_a=color_a, color_b=color_b)
            )
        self.compared.emit()

    def hideEvent(self, event: Any) -> None:
        if self._timer.isActive():  # the pending update happens when shown again
            self._timer.stop()
            self._stale = True
        super().hideEvent(event)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh_now()


def _elide(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"

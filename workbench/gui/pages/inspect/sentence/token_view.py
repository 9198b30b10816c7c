"""The tokens the model sees with their saliency, and a line saying what the colours mean.

Saliency needs a backward pass, so it is asked of the inspection thread only after the grid is drawn and the
sentence has stayed the same for a moment; a newer sentence cancels a request that has not started.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workbench.gui.pages.inspect.inspect_controls import saliency_title
from workbench.gui.pages.inspect.sentence.token_strip import TokenStrip, TokenStripArea
from workbench.gui.threads.inspection_worker import EXPLAIN, InspectWorker

SALIENCY_DELAY_MS = 150  # after the grid is drawn: a backward pass while someone types would only slow it


class _SteadyNote(QLabel):
    """A wrapped label as tall as the longest text it has shown at this width: its text changes twice per sentence
    (working on the saliency, then what the colours mean), and a changing height would move and repaint
    everything below it each time."""

    def __init__(self) -> None:
        super().__init__()
        self._width = -1
        self._heights: dict[str, int] = {}  # text: its wrapped height at this width (the same few texts return)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:  # type: ignore[override]
        if text == self.text():
            return
        super().setText(text)
        self._hold()

    def _hold(self) -> None:
        width = self.width()
        if width != self._width:
            self._width = width
            self._heights.clear()
            self.setMinimumHeight(0)
        text = self.text()
        need = self._heights.get(text)
        if need is None:
            if len(self._heights) > 64:
                self._heights.clear()
            need = self._heights[text] = self.heightForWidth(width) if text else 0
        if need > self.minimumHeight():
            self.setMinimumHeight(need)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._hold()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._width = -1
        super().changeEvent(event)


class TokenView(QWidget):
    """show_result(result, source, method) draws the tokens and, unless method is "off", fetches saliency.
    `saliencyShown` fires when the colours are drawn."""

    saliencyShown = Signal()

    def __init__(self, worker: InspectWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._request = 0
        self._pending: tuple[Any, Any, str] | None = None  # result, source, method
        self._groups: Any = None  # WordGroups when words are shown instead of tokens
        self.strip = TokenStrip()
        self.area = TokenStripArea(self.strip)
        self.note = _SteadyNote()
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SALIENCY_DELAY_MS)
        self._timer.timeout.connect(self._ask)
        worker.explained.connect(self._on_explained)
        worker.failed.connect(self._on_failed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.area)
        layout.addWidget(self.note)

    def show_result(self, result: Any, source: Any, method: str, groups: Any = None) -> None:
        """groups (core WordGroups): the result is shown over words, and the saliency is summed per word."""
        self._groups = groups
        self.strip.set_tokens(result.inspection.tokens)  # drops the bars of the sentence before
        self.area.refit()
        self.forget_pending()
        if source.n_classes == 0:
            self.note.setText("")
        elif method == "off":
            self.note.setText(self.tr("Saliency is off (see Saliency below)."))
        else:
            self._pending = (result, source, method)
            self.note.setText(
                self.tr("Working out which tokens mattered ({method})…").format(method=saliency_title(method).lower())
            )
            self._timer.start()
        self.note.setVisible(bool(self.note.text()))

    def cancel(self) -> None:
        """Forget saliency not drawn yet and take the bars drawn away (the model is going)."""
        self.forget_pending()
        self.strip.set_saliency(None)

    def forget_pending(self) -> None:
        """Ask for no saliency of the sentence shown (a new one is on its way). What is drawn stays until the new
        tokens replace it: repainting the strip now would only take the interpreter from the forward pass."""
        self._timer.stop()
        self._pending = None
        self._request = 0
        self._worker.cancel(EXPLAIN)

    def busy(self) -> bool:
        return self._timer.isActive() or self._request != 0

    def pause(self) -> None:
        """The page is hidden: keep what is drawn, ask for nothing."""
        if self._timer.isActive():
            self._timer.stop()
            self._pending = None
            self.note.setText("")

    def _ask(self) -> None:
        if self._pending is None:
            return
        result, _source, method = self._pending
        # Explain what the unmuted model predicts: saliency is taken on the whole model.
        probs = result.plain_probabilities
        if probs is None:
            probs = result.inspection.probabilities
        self._request = self._worker.explain(result.text, method, int(np.argmax(probs)))

    def _on_explained(self, request: int, res: Any) -> None:
        if request != self._request or self._pending is None:
            return
        self._request = 0
        result, source, _method = self._pending
        if res.generation != source.generation or res.text != result.text:
            return
        labels = source.labels
        label = (
            labels[res.target] if 0 <= res.target < len(labels) else self.tr("class {target}").format(target=res.target)
        )
        scores = res.scores
        if self._groups is not None:
            from workbench.core.inspection.words import word_scores

            scores = word_scores(scores, self._groups)
        self.strip.set_saliency(scores, f"“{label}”")
        self.note.setText(
            self.tr(
                "Under each token, its saliency for “{label}” ({method}): orange pushes toward it, blue away "
                "from it; a longer bar, a larger share. Hover a token for its value."
            ).format(label=label, method=saliency_title(res.method).lower())
        )
        self.saliencyShown.emit()

    def _on_failed(self, request: int, kind: str, message: str) -> None:
        if kind == EXPLAIN and request == self._request:
            self._request = 0
            self.note.setText(self.tr("No saliency for this sentence: {message}").format(message=message))

"""Compare two models on the page's sentence: the model shown above and a second run or model folder with the same
tokenizer (before and after fine-tuning, two checkpoints). Each head's change (the share of its attention that
moved, core.inspection.compare) as a layers × heads map, the heads that changed most, and the chosen head's
difference map (A − B) over the tokens.

Runs on the UI thread with a copy of each model (one torch thread), only while the tab is on screen, after a
short pause in typing, as the sentence comparison beside it does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from workbench.core.errors import WorkbenchError
from workbench.core.inspection.compare import ModelComparison, compare_models
from workbench.core.training.device import torch_threads
from workbench.gui.pages.inspect.tabs.compare_view import DIVERGING, MIN_DIFF_RANGE
from workbench.gui.pages.inspect.tabs.probe_replay import VIRIDIS, TokenHeatmap
from workbench.gui.widgets.run_picker import RunPicker

DEBOUNCE_MS = 80
TOP = 10  # heads listed in the ranking


class ModelCompareView(QWidget):
    """`compared` after each comparison drawn; `headActivated(layer, head)` when a ranked head is chosen."""

    compared = Signal()
    headActivated = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._a: Any = None  # (model, tokenizer, name) of the model shown on the page (its spare copy)
        self._b: Any = None  # (model, tokenizer, name) of the second model, loaded here
        self._text = ""
        self._layer, self._head = 0, 0
        self._result: ModelComparison | None = None
        self._stale = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.refresh_now)

        self.picker = RunPicker(follow_text=self.tr("Choose a second run or model…"))
        self.picker.runChosen.connect(self.load_second)
        self.picker.followChosen.connect(lambda: self.set_second(None))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # may quote an error's text
        self.change_map = TokenHeatmap(VIRIDIS, (0.0, 1.0), colorbar=True)
        self.ranking = QListWidget()
        self.ranking.setToolTip(self.tr("The heads whose attention on this sentence moved most; click one to see it"))
        self.ranking.currentRowChanged.connect(self._ranked_head_chosen)
        self.difference = TokenHeatmap(DIVERGING, (-1.0, 1.0), colorbar=True, signed=True)
        self.note = QLabel(
            self.tr(
                "A head's change is the share of its attention that moved between the two models (0: the same, "
                "1: no overlap), averaged over the tokens. Red: A (the model above) attends more; blue: B does."
            )
        )
        self.note.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Compare with")))
        top.addWidget(self.picker, 1)
        self.body = QWidget()
        row = QHBoxLayout(self.body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.change_map, 2)
        row.addWidget(self.ranking, 1)
        row.addWidget(self.difference, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.note)
        self._show_message(self.tr("Choose a second run or model with the same tokenizer above."))

    # --- inputs ---------------------------------------------------------------------------------------
    def set_runs(self, rows: list[Any]) -> None:
        self.picker.set_runs(rows)

    def set_first(self, model: Any, tokenizer: Any, name: str) -> None:
        """The page's model (a copy nothing else runs), or None."""
        self._a = (model, tokenizer, name) if model is not None else None
        self._schedule()

    def set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self._schedule()

    def set_head(self, layer: int, head: int) -> None:
        self._layer, self._head = int(layer), int(head)
        self._draw_head()

    def load_second(self, path: str) -> None:
        """Open a run or model folder as model B (RunError's line shown when it cannot be)."""
        from workbench.core.inspection.inspector import load_run

        try:
            with torch_threads(1):
                loaded = load_run(Path(path))
        except WorkbenchError as err:
            self._b = None
            self._show_message(self.tr("{name} cannot be opened: {reason}").format(name=Path(path).name, reason=err))
            return
        loaded.model.requires_grad_(False)
        self.set_second((loaded.model, loaded.tokenizer, Path(path).name))

    def set_second(self, second: Any) -> None:
        """(model, tokenizer, name) of model B, or None."""
        self._b = second
        self._schedule()

    # --- state ----------------------------------------------------------------------------------------
    def result(self) -> ModelComparison | None:
        return self._result

    def ranked(self) -> list[str]:
        return [self.ranking.item(i).text() for i in range(self.ranking.count())]

    def is_pending(self) -> bool:
        return self._timer.isActive()

    # --- work -----------------------------------------------------------------------------------------
    def _schedule(self) -> None:
        if self.isVisible():
            self._timer.start()
        else:
            self._stale = True

    def refresh_now(self) -> None:
        self._timer.stop()
        self._result = None
        if self._a is None:
            self._show_message(self.tr("Open a run or model above first."))
            return
        if self._b is None:
            self._show_message(self.tr("Choose a second run or model with the same tokenizer above."))
            return
        if not self._text.strip():
            self._show_message(self.tr("Type a sentence in the box at the top of the page."))
            return
        (model_a, tok_a, _), (model_b, tok_b, _) = self._a, self._b
        try:
            with torch_threads(1):
                self._result = compare_models(model_a, tok_a, model_b, tok_b, self._text)
        except (WorkbenchError, ValueError, RuntimeError) as err:
            self._show_message(self.tr("These models cannot be compared: {reason}").format(reason=err))
            return
        self.message.hide()
        self.body.show()
        self._draw()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.body.hide()
        self.ranking.clear()
        for heat in (self.change_map, self.difference):
            heat.set_matrix(None)

    def _draw(self) -> None:
        r = self._result
        if r is None:
            return
        layers, heads = r.change.shape
        top = float(max(MIN_DIFF_RANGE, r.change.max()))
        self.change_map.set_matrix(
            r.change, [f"L{i + 1}" for i in range(layers)], [f"H{j + 1}" for j in range(heads)], levels=(0.0, top)
        )
        self.change_map.set_title(self.tr("Change per head: A = {a}, B = {b}").format(a=self._a[2], b=self._b[2]))
        self.ranking.blockSignals(True)
        self.ranking.clear()
        for layer, head, change in r.ranking(TOP):
            item = QListWidgetItem(
                self.tr("L{layer} H{head}: {share} % moved").format(
                    layer=layer + 1, head=head + 1, share=f"{change * 100:.0f}"
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, (layer, head))
            self.ranking.addItem(item)
        self.ranking.blockSignals(False)
        self._draw_head()
        self.compared.emit()

    def _draw_head(self) -> None:
        r = self._result
        if r is None:
            return
        layers, heads = r.change.shape
        layer, head = min(self._layer, layers - 1), min(self._head, heads - 1)
        diff = r.difference[layer, head]
        span = max(MIN_DIFF_RANGE, float(np.abs(diff).max()))
        self.difference.set_matrix(diff, r.tokens, levels=(-span, span))
        self.difference.set_title(
            self.tr("A − B, layer {layer} head {head} ({share} % moved)").format(
                layer=layer + 1, head=head + 1, share=f"{r.change[layer, head] * 100:.0f}"
            )
        )

    def _ranked_head_chosen(self, row: int) -> None:
        item = self.ranking.item(row)
        if item is None:
            return
        layer, head = item.data(Qt.ItemDataRole.UserRole)
        self.set_head(layer, head)
        self.headActivated.emit(layer, head)

    def hideEvent(self, event: Any) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self._stale = True
        super().hideEvent(event)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh_now()

"""The tabs under the Inspect page's grid: per-head statistics, attention over training (probe replay), and
comparing a second sentence. Each is brought up to date only while it is the tab on screen.

The replay and compare views import the core's torch-based inspection, so they are created when the first model
arrives (torch is loaded by then, in the inspection thread); the window itself opens without torch.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from workbench.gui.pages.inspect.tabs.head_stats_table import HeadStatsTable

STATS, HISTORY, COMPARE = "stats", "history", "compare"


class InspectExtras(QTabWidget):
    """`headActivated(layer, head)` when a head is opened from the statistics table."""

    headActivated = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.stats = HeadStatsTable()
        self.stats.headActivated.connect(self.headActivated)
        self.replay: Any = None  # ProbeReplay, once a model has been loaded
        self.compare: Any = None  # CompareView, likewise
        self._tabs: dict[str, QWidget] = {STATS: self.stats}
        self.addTab(self.stats, self.tr("Statistics"))
        self.setTabToolTip(0, self.tr("What each head looks at in this sentence; click a column title to sort"))
        for key, title, tip in (
            (
                HISTORY,
                self.tr("Over training"),
                self.tr("How the chosen head's pattern on a few sentences formed while training"),
            ),
            (
                COMPARE,
                self.tr("Compare"),
                self.tr("A second sentence beside this one, and where their attention differs"),
            ),
        ):
            placeholder = QLabel(self.tr("Open a run or train a model first."))
            placeholder.setWordWrap(True)
            self._tabs[key] = placeholder
            self.addTab(placeholder, title)
            self.setTabToolTip(self.count() - 1, tip)
        self._attention: np.ndarray | None = None
        self._tokens: list[str] = []
        self._text = ""
        self._stale: set[str] = set()
        self._source: Any = None
        self._compare_model: Any = None  # the source whose copy the compare view has
        self.currentChanged.connect(lambda _i: self.bring_up_to_date())

    # --- inputs ---------------------------------------------------------------------------------------
    def set_source(self, source: Any) -> None:
        """A newly loaded model (ModelSource) or None. The other views get its spare copy, never the model the
        inspection thread runs."""
        self._build_model_views()
        self._source = source
        if self.replay is not None:
            self.replay.set_history(getattr(source, "history", None), getattr(source, "tokenizer", None))
        if self.compare is not None:
            self._compare_model = None
            if source is None:
                self.compare.set_model(None, None)
            self._stale.add(COMPARE)
        self.bring_up_to_date()

    def set_inspection(self, text: str, tokens: list[str], attention: np.ndarray | None) -> None:
        self._text, self._tokens, self._attention = text, list(tokens), attention
        self._stale.update((STATS, COMPARE))
        self.bring_up_to_date()

    def set_head(self, layer: int, head: int) -> None:
        if self.replay is not None:
            self.replay.set_head(layer, head)
        if self.compare is not None:
            self.compare.set_head(layer, head)
        if self._attention is not None:
            self.stats.select_head(layer, head)

    def current_key(self) -> str:
        widget = self.currentWidget()
        return next((k for k, w in self._tabs.items() if w is widget), STATS)

    def show_tab(self, key: str) -> None:
        self.setCurrentWidget(self._tabs[key])

    # --- work -----------------------------------------------------------------------------------------
    def _build_model_views(self) -> None:
        if self.replay is not None:
            return
        from workbench.gui.pages.inspect.tabs.compare_view import CompareView
        from workbench.gui.pages.inspect.tabs.probe_replay import ProbeReplay

        current = self.currentIndex()
        self.replay, self.compare = ProbeReplay(), CompareView()
        for key, widget in ((HISTORY, self.replay), (COMPARE, self.compare)):
            index = self.indexOf(self._tabs[key])
            title, tip = self.tabText(index), self.tabToolTip(index)
            self.removeTab(index)
            self._tabs[key].deleteLater()
            self.insertTab(index, widget, title)
            self.setTabToolTip(index, tip)
            self._tabs[key] = widget
        self.setCurrentIndex(current)

    def bring_up_to_date(self) -> None:
        """Recompute what the tab on screen shows, if any of it is on screen (the page scrolls); the other tabs
        wait until they are chosen. Call again when the page is scrolled."""
        if not self.isVisible() or self.visibleRegion().isEmpty():
            return
        key = self.current_key()
        if key not in self._stale:
            return
        self._stale.discard(key)
        if key == STATS:
            if self._attention is None or not self._tokens:
                self.stats.clear()
            else:
                from workbench.core.inspection.attention_stats import head_statistics

                self.stats.set_statistics(head_statistics(self._attention, self._tokens))
        elif key == COMPARE and self.compare is not None:
            source = self._source
            if source is not None and self._compare_model is not source:  # its own copy, made when first shown
                self._compare_model = source
                self.compare.set_model(source.spare_model(), source.tokenizer, source.labels)
            self.compare.set_first(self._text)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.bring_up_to_date()

"""One head (or one layer's aggregate) large: a heatmap with the tokens on both axes and the exact weight under
the cursor, or the lines view; and a Mute toggle for the head shown."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from superqt import QElidingLabel

from workbench.gui.pages.inspect.attention.head_lines import HeadLines
from workbench.gui.pages.inspect.attention.heatmap_base import DEFAULT_COLORMAP, LEVELS, colormap, style_plot

LABEL_CHARS = 10


class TokenAxis(pg.AxisItem):
    """An axis labelled with tokens, as many as fit without overlapping at the current zoom."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self._tokens: list[str] = []
        self.setStyle(tickLength=0, autoExpandTextSpace=True)

    def set_tokens(self, tokens: list[str]) -> None:
        self._tokens = [t if len(t) <= LABEL_CHARS else t[: LABEL_CHARS - 1] + "…" for t in tokens]
        self.picture = None
        self.update()

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:
        n = len(self._tokens)
        minVal, maxVal = sorted((minVal, maxVal))  # an inverted axis (queries top-down) gives them reversed
        if n == 0 or size <= 0:
            return []
        lo, hi = max(0, math.ceil(minVal - 0.5)), min(n - 1, math.floor(maxVal - 0.5))
        if hi < lo:
            return []
        fm = QFontMetricsF(self.style.get("tickFont") or self.font())
        if self.orientation in ("left", "right"):
            per_label = fm.height() + 2
        else:
            per_label = max(fm.horizontalAdvance(t) for t in self._tokens[lo : hi + 1]) + 10
        px_per_token = size / max(1e-9, maxVal - minVal)
        step = max(1, math.ceil(per_label / max(px_per_token, 1e-9)))
        first = lo + (-lo) % step
        return [(float(step), [i + 0.5 for i in range(first, hi + 1, step)])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        out = []
        for v in values:
            i = math.floor(v)
            out.append(self._tokens[i] if 0 <= i < len(self._tokens) else "")
        return out


class _HoverImage(pg.ImageItem):
    def __init__(self, owner: HeadHeatmap) -> None:
        super().__init__(axisOrder="row-major")
        self._owner = owner
        self.setAcceptHoverEvents(True)

    def hoverEvent(self, ev: Any) -> None:
        self._owner.show_value_at(None if ev.isExit() else ev.pos())


class HeadHeatmap(QWidget):
    """A [T, T] map: rows are the queries (left axis), columns the keys (bottom axis). Wheel zooms, drag pans."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._att = np.zeros((0, 0), dtype=np.float32)
        self._rows: list[str] = []
        self._cols: list[str] = []
        self.left_axis, self.bottom_axis = TokenAxis("left"), TokenAxis("bottom")
        self.view = pg.GraphicsLayoutWidget()
        self.view.setMinimumSize(240, 220)
        self.plot = self.view.addPlot(axisItems={"left": self.left_axis, "bottom": self.bottom_axis})
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setLabel("left", self.tr("query (attends)"))
        self.plot.setLabel("bottom", self.tr("key (attended to)"))
        vb = self.plot.getViewBox()
        vb.invertY(True)  # the first token at the top, as in a table; cells need not be square
        vb.setDefaultPadding(0.0)
        self.image = _HoverImage(self)
        self.image.setLookupTable(colormap(DEFAULT_COLORMAP).getLookupTable(0.0, 1.0, 256))
        self.plot.addItem(self.image)
        self.readout = QElidingLabel(self.tr("Point at a cell to read its weight."))
        self.readout.setToolTip(self.tr("The exact attention weight under the cursor"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.readout)
        self._apply_palette()

    def set_colormap(self, name: str) -> None:
        self.image.setLookupTable(colormap(name).getLookupTable(0.0, 1.0, 256))

    def set_map(self, att: np.ndarray, row_tokens: list[str], col_tokens: list[str]) -> None:
        reshaped = self._att.shape != att.shape
        self._att = np.ascontiguousarray(att, dtype=np.float32)
        self._rows, self._cols = list(row_tokens), list(col_tokens)
        self.image.setImage(self._att, autoLevels=False, levels=LEVELS)
        self.left_axis.set_tokens(self._rows)
        self.bottom_axis.set_tokens(self._cols)
        if reshaped:
            self.plot.getViewBox().setRange(QRectF(0, 0, att.shape[1], att.shape[0]), padding=0)

    def value_at(self, query: int, key: int) -> float:
        return float(self._att[query, key])

    def describe(self, query: int, key: int) -> str:
        return f"“{self._rows[query]}” → “{self._cols[key]}”: {self._att[query, key]:.4f}"

    def show_value_at(self, pos: QPointF | None) -> None:
        if pos is not None:
            q, k = math.floor(pos.y()), math.floor(pos.x())
            if 0 <= q < self._att.shape[0] and 0 <= k < self._att.shape[1]:
                text = self.describe(q, k)
                self.readout.setText(text)
                self.image.setToolTip(text)
                return
        self.readout.setText(self.tr("Point at a cell to read its weight."))

    def cell_center_in_view(self, query: int, key: int) -> Any:
        return self.view.mapFromScene(self.image.mapToScene(QPointF(key + 0.5, query + 0.5)))

    def _apply_palette(self) -> None:
        style_plot(self.view, self.plot, self.palette())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        super().changeEvent(event)


class HeadDetail(QWidget):
    """The chosen head large, as a heatmap or as lines. `muteToggled(bool)` from the Mute check box."""

    muteToggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QElidingLabel(self.tr("Click a head in the grid to see it here."))
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.heatmap_button = QRadioButton(self.tr("Hea&tmap"))
        self.lines_button = QRadioButton(self.tr("&Lines"))
        self.heatmap_button.setToolTip(self.tr("The head's attention as a grid: rows attend to columns"))
        self.lines_button.setToolTip(self.tr("The head's attention as lines from each token to what it attends to"))
        self.heatmap_button.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.heatmap_button)
        group.addButton(self.lines_button)
        self.mute_check = QCheckBox(self.tr("M&ute this head"))
        self.mute_check.setToolTip(
            self.tr(
                "Zero this head's output before the layer's output projection and see what changes "
                "(right-click or Ctrl+click a head in the grid does the same)"
            )
        )
        self.mute_check.setEnabled(False)
        self.mute_check.toggled.connect(self.muteToggled)

        self.heatmap = HeadHeatmap()
        self.lines = HeadLines()
        lines_scroll = QScrollArea()
        lines_scroll.setWidgetResizable(True)
        lines_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lines_scroll.setWidget(self.lines)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.heatmap)
        self.stack.addWidget(lines_scroll)
        self.lines_button.toggled.connect(lambda on: self.stack.setCurrentIndex(1 if on else 0))
        self._pending_lines: tuple[np.ndarray, list[str], list[str]] | None = None
        self.stack.currentChanged.connect(self._flush_lines)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.heatmap_button)
        header.addWidget(self.lines_button)
        note = QLabel(self.tr("Rows attend to columns; every row sums to 1."))
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        note.setWordWrap(True)
        self.note = note
        footer = QHBoxLayout()
        footer.addWidget(note, 1)
        footer.addWidget(self.mute_check)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)
        layout.addLayout(footer)

    def set_colormap(self, name: str) -> None:
        self.heatmap.set_colormap(name)

    def show_map(self, att: np.ndarray, tokens: list[str], title: str, *, mutable: bool, muted: bool) -> None:
        """Show one map; the lines view is drawn only when it is the one on screen."""
        self.title.setText(title)
        self.heatmap.set_map(att, tokens, tokens)
        self._pending_lines = (att, tokens, tokens)
        self._flush_lines()
        self.mute_check.blockSignals(True)
        self.mute_check.setChecked(muted)
        self.mute_check.blockSignals(False)
        self.mute_check.setEnabled(mutable)

    def clear(self, message: str) -> None:
        self.title.setText(message)
        self.heatmap.set_map(np.zeros((0, 0), np.float32), [], [])
        self.lines.set_map(np.zeros((0, 0), np.float32), [], [])
        self._pending_lines = None
        self.mute_check.setEnabled(False)

    def _flush_lines(self, *_: Any) -> None:
        if self._pending_lines is not None and self.stack.currentIndex() == 1:
            self.lines.set_map(*self._pending_lines)
            self._pending_lines = None

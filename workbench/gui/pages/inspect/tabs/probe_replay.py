"""Attention over training: replay how one head's pattern on a probe sentence formed, evaluation by evaluation.

Also home of TokenHeatmap, the small labelled heatmap this replay and the compare view draw with.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QPointF, QRectF, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from superqt import QLabeledSlider

from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.inspection.inspector import ProbeHistory
from workbench.gui.widgets import theme

VIRIDIS = "viridis"  # the grid's map: perceptually uniform and colour-blind safe
PLAY_INTERVAL_MS = 350
_LABEL_CHARS = 10  # longer tokens are shortened on the axes; the read-out shows them whole


def _short(token: str) -> str:
    return token if len(token) <= _LABEL_CHARS else token[: _LABEL_CHARS - 1] + "…"


class TokenHeatmap(QWidget):
    """A [rows, cols] map with token labels on both axes (thinned when they would overlap), fixed colour levels,
    an optional colour bar and a read-out of the cell under the mouse. Pan and zoom are off: it is a picture."""

    cellHovered = Signal(int, int)  # row, col

    def __init__(
        self,
        colormap: str = VIRIDIS,
        levels: tuple[float, float] = (0.0, 1.0),
        *,
        colorbar: bool = False,
        signed: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._levels = levels
        self._signed = signed  # read-out with a sign: for differences
        self._matrix: np.ndarray | None = None
        self._rows: list[str] = []
        self._cols: list[str] = []
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # sentences and tokens are shown as typed, never as HTML
        self.view = pg.GraphicsLayoutWidget()
        self.view.setMinimumSize(150, 130)
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.view.ci.setContentsMargins(2, 8, 2, 2)  # room for the colour bar's top label
        self.plot = plot = self.view.addPlot(row=0, col=0)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(x=False, y=False)
        plot.getViewBox().invertY(True)  # the first query on top, as in a table
        plot.getViewBox().setDefaultPadding(0.0)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setColorMap(pg.colormap.get(colormap))
        self.image.setLevels(levels)
        plot.addItem(self.image)
        self.colorbar: pg.ColorBarItem | None = None
        if colorbar:
            self.colorbar = pg.ColorBarItem(
                values=levels, colorMap=pg.colormap.get(colormap), interactive=False, width=12
            )
            self.colorbar.setImageItem(self.image, insert_in=plot)
        # Labels may run up to 24 px past the ends of the axis, so the first and last tokens keep theirs.
        plot.getAxis("bottom").setStyle(hideOverlappingLabels=24)
        self.readout = QLabel(" ")  # the cell under the mouse, on the title's line to save height
        self.readout.setTextFormat(Qt.TextFormat.PlainText)
        self.readout.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(self.title, 3)
        head.addWidget(self.readout, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.view, 1)
        plot.getViewBox().sigResized.connect(self._update_ticks)
        self.view.scene().sigMouseMoved.connect(self._on_mouse)
        self._apply_palette()

    # ------------------------------------------------------------------------------------------------ data
    def set_matrix(
        self,
        matrix: np.ndarray | None,
        row_tokens: Sequence[str] = (),
        col_tokens: Sequence[str] | None = None,
        levels: tuple[float, float] | None = None,
    ) -> None:
        """Show matrix [R, C] (None clears). col_tokens default to row_tokens; levels to the constructor's."""
        if levels is not None:
            self._levels = levels
            if self.colorbar is not None:
                self.colorbar.setLevels(levels)
        if matrix is None or np.asarray(matrix).size == 0:
            self._matrix = None
            self._rows, self._cols = [], []
            self.image.clear()
            self.readout.setText(" ")
            self._update_ticks()
            return
        arr = np.ascontiguousarray(matrix, dtype=np.float32)
        self._matrix = arr
        rows = list(row_tokens)
        cols = list(col_tokens) if col_tokens is not None else rows
        # Labels that do not fit the matrix are replaced by position numbers rather than mislabel cells.
        self._rows = rows if len(rows) == arr.shape[0] else [str(i) for i in range(arr.shape[0])]
        self._cols = cols if len(cols) == arr.shape[1] else [str(i) for i in range(arr.shape[1])]
        self.readout.setText(" ")  # the old cell's value no longer holds
        self.image.setImage(arr, levels=self._levels, autoLevels=False)
        self.image.setRect(QRectF(-0.5, -0.5, arr.shape[1], arr.shape[0]))
        self.plot.setRange(
            xRange=(-0.5, arr.shape[1] - 0.5), yRange=(-0.5, arr.shape[0] - 0.5), padding=0.0, disableAutoRange=True
        )
        self._update_ticks()

    def matrix(self) -> np.ndarray | None:
        """What is drawn now."""
        return self._matrix

    def levels(self) -> tuple[float, float]:
        return self._levels

    def set_title(self, text: str, tooltip: str = "") -> None:
        self.title.setText(text)
        self.title.setToolTip(tooltip)

    def cell_text(self, row: int, col: int) -> str:
        """The read-out for one cell: which query looks at which key, and how much."""
        assert self._matrix is not None
        value = float(self._matrix[row, col])
        shown = f"{value:+.3f}" if self._signed else f"{value:.3f}"
        return f"“{self._rows[row]}” → “{self._cols[col]}”: {shown}"

    # ------------------------------------------------------------------------------------------------ axes
    def _update_ticks(self, *_: Any) -> None:
        """Every token's label where there is room, else every k-th, so labels never overlap."""
        vb = self.plot.getViewBox()
        fm = QFontMetrics(self.plot.getAxis("bottom").font())
        for name, tokens, length in (
            ("bottom", self._cols, vb.width()),
            ("left", self._rows, vb.height()),
        ):
            axis = self.plot.getAxis(name)
            if not tokens:
                axis.setTicks([[]])
                continue
            labels = [_short(t) for t in tokens]
            need = (max(fm.horizontalAdvance(s) for s in labels) + 8) if name == "bottom" else fm.height()
            cell = max(1.0, length / len(tokens))
            step = max(1, math.ceil(need / cell))
            axis.setTicks([[(i, labels[i]) for i in range(0, len(tokens), step)]])

    def _on_mouse(self, pos: QPointF) -> None:
        if self._matrix is None or not self.plot.sceneBoundingRect().contains(pos):
            return
        p = self.plot.getViewBox().mapSceneToView(pos)
        row, col = round(p.y()), round(p.x())
        if 0 <= row < self._matrix.shape[0] and 0 <= col < self._matrix.shape[1]:
            self.readout.setText(self.cell_text(row, col))
            self.cellHovered.emit(row, col)

    # ------------------------------------------------------------------------------------------------ look
    def _apply_palette(self) -> None:
        pal = self.palette()
        fg = pal.color(QPalette.ColorRole.WindowText)
        self.view.setBackground(theme.plot_background(pal))
        axes = [self.plot.getAxis(n) for n in ("left", "bottom")]
        if self.colorbar is not None:
            axes.append(self.colorbar.axis)
        for axis in axes:
            axis.setPen(fg)
            axis.setTextPen(fg)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_palette()
        super().changeEvent(event)


def probe_tokens(tokenizer: TextTokenizer | None, text: str, n: int) -> list[str]:
    """The n tokens a probe text had when it was recorded, or position numbers when they cannot be rebuilt."""
    if tokenizer is not None:
        try:
            tokens = tokenizer.tokens(text, max_len=max(n, 2))
        except Exception:  # a tokenizer from another run: fall back to positions rather than fail
            tokens = []
        if len(tokens) == n:
            return tokens
    return [str(i) for i in range(n)]


class ProbeReplay(QWidget):
    """Pick a probe sentence, move the slider over the recorded evaluations (or press Play), and see the chosen
    head's attention on that sentence at each of them."""

    stepChanged = Signal(int)  # the training step shown

    NO_HISTORY = QT_TRANSLATE_NOOP(
        "ProbeReplay",
        "This run has no recorded attention yet. While a model trains, the attention of a few validation "
        "sentences is saved at every evaluation; once there are some, this view replays how a head's pattern formed.",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history: ProbeHistory | None = None
        self._tokenizer: TextTokenizer | None = None
        self._layer = 0
        self._head = 0
        self._timer = QTimer(self)
        self._timer.setInterval(PLAY_INTERVAL_MS)
        self._timer.timeout.connect(self._advance)
        self._build()
        self.set_history(None)

    def _build(self) -> None:
        self.message = QLabel(self.tr(self.NO_HISTORY))
        self.message.setWordWrap(True)
        self.probe_combo = QComboBox()
        self.probe_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.probe_combo.setMinimumContentsLength(16)
        self.probe_combo.setToolTip(self.tr("The probe sentence whose attention was recorded at every evaluation"))
        self.play_button = QPushButton(self.tr("Play"))
        self.play_button.setCheckable(True)
        self.play_button.setToolTip(self.tr("Step through the evaluations from the one shown to the last"))
        self.slider = QLabeledSlider(Qt.Orientation.Horizontal)
        self.slider.setToolTip(self.tr("Which evaluation to show: the first on the left, the latest on the right"))
        self.step_label = QLabel()
        self.heatmap = TokenHeatmap(VIRIDIS, (0.0, 1.0), colorbar=True)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Sentence")))
        top.addWidget(self.probe_combo, 1)
        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.slider, 1)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(top)
        body.addLayout(controls)
        body.addWidget(self.step_label)
        body.addWidget(self.heatmap, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.body, 1)

        self.probe_combo.currentIndexChanged.connect(self._redraw)
        self.slider.valueChanged.connect(self._redraw)
        self.play_button.toggled.connect(self._on_play_toggled)

    # ------------------------------------------------------------------------------------------------ input
    def set_history(self, history: ProbeHistory | None, tokenizer: TextTokenizer | None = None) -> None:
        """Show a run's recorded probe attention (None or an empty history: a message). Keeps the chosen
        sentence when the texts are the same, and follows the newest evaluation if the latest one was shown."""
        if tokenizer is not None:
            self._tokenizer = tokenizer
        old = self._history
        at_end = old is None or self.slider.value() >= self.slider.maximum()
        same_texts = old is not None and history is not None and old.texts == history.texts
        self._history = history if history is not None and history.steps and history.texts else None
        if self._history is None:
            self.stop()
            self.message.setText(self.tr(self.NO_HISTORY))
            self.message.show()
            self.body.hide()
            self.heatmap.set_matrix(None)
            return
        self.message.hide()
        self.body.show()
        n = len(self._history.steps)
        with QSignalBlocker(self.probe_combo), QSignalBlocker(self.slider):
            if not same_texts:
                self.probe_combo.clear()
                for text in self._history.texts:
                    self.probe_combo.addItem(text if len(text) <= 60 else text[:59] + "…", text)
                    self.probe_combo.setItemData(self.probe_combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
                self.probe_combo.setCurrentIndex(0)
            self.slider.setRange(1, n)  # 1-based: the label beside the slider reads as "evaluation k"
            if at_end or not same_texts:
                self.slider.setValue(n)
        self._redraw()

    def set_tokenizer(self, tokenizer: TextTokenizer | None) -> None:
        """The run's tokenizer, to label the axes with the probe sentences' tokens."""
        self._tokenizer = tokenizer
        self._redraw()

    def set_head(self, layer: int, head: int) -> None:
        """Replay this head (0-based layer and head, as in the core)."""
        self._layer, self._head = int(layer), int(head)
        self._redraw()

    def set_evaluation(self, index: int) -> None:
        """Show the index-th recorded evaluation (0-based)."""
        self.slider.setValue(index + 1)

    # ------------------------------------------------------------------------------------------------ state
    def history(self) -> ProbeHistory | None:
        return self._history

    def evaluation_index(self) -> int:
        """The recorded evaluation shown now (0-based)."""
        return self.slider.value() - 1

    def current_step(self) -> int | None:
        """The training step shown now, or None without history."""
        if self._history is None:
            return None
        return self._history.steps[self.evaluation_index()]

    def current_matrix(self) -> np.ndarray | None:
        return self.heatmap.matrix()

    def is_playing(self) -> bool:
        return self._timer.isActive()

    # ------------------------------------------------------------------------------------------------ drawing
    def _redraw(self, *_: Any) -> None:
        h = self._history
        if h is None:
            return
        probe = max(0, self.probe_combo.currentIndex())
        index = min(max(0, self.evaluation_index()), len(h.steps) - 1)
        step = h.steps[index]
        maps = h.attention[step]
        att = maps[probe] if probe < len(maps) else None
        n = len(h.steps)
        where = self.tr("Step {step:,} · evaluation {index} of {n}").format(step=step, index=index + 1, n=n)
        if att is None or not (0 <= self._layer < att.shape[0] and 0 <= self._head < att.shape[1]):
            self.heatmap.set_matrix(None)
            self.heatmap.set_title("")
            self.step_label.setText(
                self.tr("{where}: no recording of layer {layer}, head {head} here.").format(
                    where=where, layer=self._layer + 1, head=self._head + 1
                )
            )
            return
        self.step_label.setText(where)
        text = h.texts[probe]
        tokens = probe_tokens(self._tokenizer, text, att.shape[-1])
        self.heatmap.set_title(
            self.tr("Layer {layer} · head {head}").format(layer=self._layer + 1, head=self._head + 1), text
        )
        self.heatmap.set_matrix(att[self._layer, self._head], tokens)
        self.stepChanged.emit(step)

    # ------------------------------------------------------------------------------------------------ playing
    def play(self) -> None:
        self.play_button.setChecked(True)

    def set_play_interval(self, ms: int) -> None:
        """Time between evaluations while playing (PLAY_INTERVAL_MS by default)."""
        self._timer.setInterval(max(1, int(ms)))

    def stop(self) -> None:
        self._timer.stop()
        if self.play_button.isChecked():
            with QSignalBlocker(self.play_button):
                self.play_button.setChecked(False)
        self.play_button.setText(self.tr("Play"))

    def _on_play_toggled(self, on: bool) -> None:
        if not on or self._history is None:
            self.stop()
            return
        if self.slider.value() >= self.slider.maximum():
            self.slider.setValue(1)  # from the first evaluation again
        self.play_button.setText(self.tr("Pause"))
        self._timer.start()

    def _advance(self) -> None:
        if self._history is None or not self.isVisible() or self.slider.value() >= self.slider.maximum():
            self.stop()
            return
        self.slider.setValue(self.slider.value() + 1)
        if self.slider.value() >= self.slider.maximum():
            self.stop()

    def hideEvent(self, event: Any) -> None:
        self.stop()  # nothing to animate when nobody sees it; a running timer would also outlive the page
        super().hideEvent(event)

    def closeEvent(self, event: Any) -> None:
        self.stop()
        super().closeEvent(event)

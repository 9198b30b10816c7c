"""Attention over training: replay how one head's pattern on a probe sentence formed, evaluation by evaluation.

Also home of TokenHeatmap, the small labelled heatmap this replay and the compare view draw with.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QPointF, QRectF, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from superqt import QElidingLabel, QLabeledSlider

from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.inspection.inspector import ProbeHistory
from workbench.gui.widgets import theme
from workbench.gui.widgets.heatmap.matrix_table import MatrixTable
from workbench.gui.widgets.heatmap.token_axis import TokenAxis, out_of_view_text, tall_enough

VIRIDIS = "viridis"  # the grid's map: perceptually uniform and colour-blind safe
PLAY_INTERVAL_MS = 350
MIN_HEIGHT = 130


class TokenHeatmap(QWidget):
    """A [rows, cols] map with a label for every token on both axes (turned or smaller when room is short), fixed
    colour levels, an optional colour bar and a read-out of the cell under the mouse. Pan and zoom are off (it is a
    picture) unless more tokens than fit at the smallest label size leave part of it out of view."""

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
        self.view.setMinimumSize(150, MIN_HEIGHT)
        self.view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.view.ci.setContentsMargins(2, 8, 2, 2)  # room for the colour bar's top label
        self.left_axis, self.bottom_axis = TokenAxis("left", centre=0.0), TokenAxis("bottom", centre=0.0)
        self.plot = plot = self.view.addPlot(
            row=0, col=0, axisItems={"left": self.left_axis, "bottom": self.bottom_axis}
        )
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
        self.readout = QLabel(" ")  # the cell under the mouse, on the title's line to save height
        self.readout.setTextFormat(Qt.TextFormat.PlainText)
        self.readout.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        head = QHBoxLayout()
        head.setSpacing(8)
        head.addWidget(self.title, 3)
        head.addWidget(self.readout, 2)
        self.table_button = QToolButton()
        self.table_button.setText(self.tr("Table"))
        self.table_button.setCheckable(True)
        self.table_button.setToolTip(self.tr("Show the same numbers as a table, the tokens as its headers"))
        self.table_button.setAccessibleName(self.tr("Show as a table"))
        head.addWidget(self.table_button)
        self.table = MatrixTable(self.tr("The map's numbers: each row's token attends to the column's"))
        self.maps = QStackedWidget()
        self.maps.addWidget(self.view)
        self.maps.addWidget(self.table)
        self.table_button.toggled.connect(self._show_table)
        # How many tokens do not fit at a readable size (the map shows fewer at once): one line, all of it on hover.
        self.out_of_view = QElidingLabel()
        self.out_of_view.setElideMode(Qt.TextElideMode.ElideRight)
        self.out_of_view.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.maps, 1)
        layout.addWidget(self.out_of_view)
        plot.getViewBox().sigResized.connect(lambda _vb: self._update_ticks())
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
            self._update_ticks(reset=True)
            if self.table_button.isChecked():
                self._fill_table()
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
        self._update_ticks(reset=True)
        if self.table_button.isChecked():
            self._fill_table()

    def matrix(self) -> np.ndarray | None:
        """What is drawn now."""
        return self._matrix

    def _show_table(self, on: bool) -> None:
        """The table in the map's place (filled now: it is not kept up to date while hidden)."""
        if on:
            self._fill_table()
        self.maps.setCurrentIndex(1 if on else 0)
        self.out_of_view.setVisible(not on and bool(self.out_of_view.text()))

    def _fill_table(self) -> None:
        fmt = "{:+.3f}" if self._signed else "{:.3f}"
        self.table.set_matrix(self._matrix, self._rows, self._cols, fmt=fmt)

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
    def _update_ticks(self, *_: Any, reset: bool = False) -> None:
        """Every token in view gets its label (on its side or smaller when room is short). A map with more tokens
        than fit at the smallest label size shows a part at a time (drag to pan) and says how many are out."""
        self.left_axis.set_tokens(self._rows)
        self.bottom_axis.set_tokens(self._cols)
        vb = self.plot.getViewBox()
        rows, cols = len(self._rows), len(self._cols)
        self.view.setMinimumHeight(tall_enough(self.view, vb, self.left_axis, self.bottom_axis, rows, MIN_HEIGHT))
        if rows == 0 or cols == 0:
            self.plot.setMouseEnabled(x=False, y=False)
            self.out_of_view.hide()
            return
        fit_cols = min(cols, self.bottom_axis.capacity(vb.width()))
        fit_rows = min(rows, self.left_axis.capacity(vb.height()))
        vb.setLimits(xMin=-0.5, xMax=cols - 0.5, yMin=-0.5, yMax=rows - 0.5, maxXRange=fit_cols, maxYRange=fit_rows)
        (x0, x1), (y0, y1) = vb.viewRange()
        if reset or x1 - x0 > fit_cols + 1e-6 or y1 - y0 > fit_rows + 1e-6:
            self.plot.setRange(
                xRange=(-0.5, fit_cols - 0.5), yRange=(-0.5, fit_rows - 0.5), padding=0.0, disableAutoRange=True
            )
        cut = fit_cols < cols or fit_rows < rows
        self.plot.setMouseEnabled(x=fit_cols < cols, y=fit_rows < rows)  # a picture, unless part is out of view
        self.out_of_view.setText(out_of_view_text(rows, cols, fit_rows, fit_cols) if cut else "")
        self.out_of_view.setVisible(cut and not self.table_button.isChecked())
        self.out_of_view.setToolTip(self.out_of_view.text())

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
        self._words = False  # show the attention between words (pieces joined, Chinese segmented)
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

    def set_words(self, on: bool) -> None:
        """Replay the attention between words instead of pieces."""
        if on != self._words:
            self._words = on
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

    def probe_index(self) -> int:
        """The probe sentence shown (0-based)."""
        return max(0, self.probe_combo.currentIndex())

    def set_probe(self, index: int) -> None:
        if 0 <= index < self.probe_combo.count():
            self.probe_combo.setCurrentIndex(index)

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
        matrix = att[self._layer, self._head]
        if self._words and self._tokenizer is not None and tokens == self._tokenizer.tokens(text, att.shape[-1]):
            from workbench.core.inspection.words import group_words, word_attention

            groups = group_words(self._tokenizer, text, att.shape[-1])  # the tokens recorded, as words
            matrix, tokens = word_attention(matrix, groups), groups.words
        self.heatmap.set_title(
            self.tr("Layer {layer} · head {head}").format(layer=self._layer + 1, head=self._head + 1), text
        )
        self.heatmap.set_matrix(matrix, tokens)
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

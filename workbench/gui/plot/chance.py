"""The chance level on the loss plot: what a model that has learnt nothing scores, as a labelled dashed line.

For classification that is ln(number of classes): guessing every class equally likely costs ln(k) per example
(0.69 for two classes). A loss at the line means "nothing learnt yet", one below it means the model knows
something. Masked-word pre-training has no such line here: ln(vocabulary) is far above any real curve, and the
honest reference (the entropy of the word frequencies) is not reported by the run.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor


def chance_level(task: str, n_classes: int) -> float | None:
    """The loss of a model that knows nothing, for a run of `task` with `n_classes` labels (None: no line)."""
    if task == "mlm" or n_classes < 2:
        return None
    return math.log(n_classes)


class ChanceLine:
    """A horizontal dashed line with its label at the right end, hidden until a level is set; `refit` makes the
    plot's view take the line in."""

    def __init__(self, plot_item: pg.PlotItem, refit: Callable[[], object]) -> None:
        self._refit = refit
        self.level: float | None = None
        self._log = False
        self.item = pg.InfiniteLine(
            angle=0,
            movable=False,
            label="",
            labelOpts={"position": 0.98, "anchors": [(1, 1), (1, 1)], "movable": False},
        )
        self.item.setZValue(-5)  # under the curves
        self.item.hide()
        plot_item.addItem(self.item, ignoreBounds=True)

    def set_level(self, level: float | None, n_classes: int = 0) -> None:
        """Draw the loss of a model that knows nothing (see chance_level) for `n_classes` classes; None: no line."""
        self.level = level
        self.item.setVisible(level is not None)
        if level is not None:
            self.item.label.setFormat(
                QCoreApplication.translate("ChanceLine", "chance level: ln {n_classes} = {level:.2f}").format(
                    n_classes=n_classes, level=level
                )
            )
            self._place()
        self._refit()

    def set_log(self, on: bool) -> None:
        """Follow the loss axis to a logarithmic scale (the line sits at log10 of the level there)."""
        self._log = on
        self._place()

    def view_span(self) -> tuple[float, float] | None:
        """The level in the view's units, for the automatic range; None when there is no line."""
        if self.level is None or self.level <= 0.0:
            return None
        y = math.log10(self.level) if self._log else self.level
        return y, y

    def _place(self) -> None:
        if self.level is not None and self.level > 0.0:
            self.item.setPos(math.log10(self.level) if self._log else self.level)

    def restyle(self, fg: QColor) -> None:
        colour = QColor(fg)
        colour.setAlpha(170)
        self.item.setPen(pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DashLine))
        self.item.label.setColor(colour)

    def text(self) -> str:
        return self.item.label.toPlainText() if self.item.isVisible() else ""

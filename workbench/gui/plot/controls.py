"""The row of controls above the loss plot: smoothing (a labelled slider), the learning-rate and log-scale
switches, and a Save menu (picture or numbers). They only ask; the plot does the work."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFileDialog, QHBoxLayout, QLabel, QMenu, QMessageBox, QToolButton, QWidget
from superqt import QLabeledDoubleSlider

Saver = Callable[[str], Path]


class PlotControls(QWidget):
    """`smoothing` (0 … maximum), `lr_check`, `log_check`; the Save menu asks for a file name and calls
    save_picture(path) or save_numbers(path), saying so in plain words when the file cannot be written."""

    def __init__(
        self, smoothing: float, maximum: float, save_picture: Saver, save_numbers: Saver, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._save_picture, self._save_numbers = save_picture, save_numbers
        fm = self.fontMetrics()
        self.smoothing = QLabeledDoubleSlider(Qt.Orientation.Horizontal)
        self.smoothing.setRange(0.0, maximum)
        self.smoothing.setDecimals(3)
        self.smoothing.setSingleStep(0.01)
        self.smoothing.setValue(smoothing)
        # A groove long enough to aim at a value, and the number beside it.
        self.smoothing.setMinimumWidth(fm.horizontalAdvance("0.999") + fm.height() * 6)
        tip = self.tr(
            "How much to smooth the training loss (0 = none, 0.999 = very smooth). The faint line is always the\n"
            "raw loss of each step; the solid line is its moving average, as in TensorBoard."
        )
        self.smoothing.setToolTip(tip)
        label = QLabel(self.tr("Smoothing:"))
        label.setBuddy(self.smoothing)
        label.setToolTip(tip)
        self.lr_check = QCheckBox(self.tr("Learning rate"))
        self.lr_check.setToolTip(self.tr("Also draw the learning rate at each step, on its own scale at the right."))
        self.log_check = QCheckBox(self.tr("Lo&g scale"))
        self.log_check.setToolTip(
            self.tr("Show the loss on a logarithmic scale, so late small improvements stay visible.")
        )
        self.save_button = QToolButton()
        self.save_button.setText(self.tr("E&xport"))
        self.save_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.save_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.save_button.setToolTip(self.tr("Save the plot as a picture, or its numbers as a table."))
        menu = QMenu(self.save_button)
        menu.setToolTipsVisible(True)
        png = menu.addAction(self.tr("Save the plot as a &picture (PNG)…"), self._ask_picture)
        png.setToolTip(self.tr("The plot with its axes and legend, as it looks on screen."))
        table = menu.addAction(self.tr("Save the &numbers as a table (CSV)…"), self._ask_numbers)
        table.setToolTip(
            self.tr(
                "Every step's loss, smoothed loss and learning rate, and the validation results (opens in a "
                "spreadsheet)."
            )
        )
        self.save_button.setMenu(menu)

        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 0)
        row.addWidget(label)
        row.addWidget(self.smoothing, 1)
        row.addSpacing(fm.height())
        row.addWidget(self.lr_check)
        row.addWidget(self.log_check)
        row.addSpacing(fm.height() // 2)
        row.addWidget(self.save_button)

    def _ask_picture(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the plot as a picture"), "loss.png", self.tr("PNG image (*.png)")
        )
        if name:
            self._save(self._save_picture, name if name.lower().endswith(".png") else name + ".png")

    def _ask_numbers(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the numbers as CSV"), "metrics.csv", self.tr("CSV table (*.csv)")
        )
        if name:
            self._save(self._save_numbers, name if name.lower().endswith(".csv") else name + ".csv")

    def _save(self, save: Saver, path: str) -> None:
        try:
            save(path)
        except OSError as err:
            reason = err.strerror or str(err)
            QMessageBox.warning(
                self,
                self.tr("Could not save"),
                self.tr("The file could not be written ({reason}). Choose another folder or name.").format(
                    reason=reason
                ),
            )

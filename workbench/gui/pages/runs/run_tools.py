"""The Runs page's third row: Follow (the curves of a run another process is writing) and Export to ONNX…"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget

from workbench.gui.pages.runs.metrics_tail import MetricsTail


def onnx_missing() -> list[str]:
    """The packages ONNX export needs (core.model.onnx_export.EXPORT_PACKAGES) that are not installed; looked up
    without importing them, or torch, so the page opens quickly."""
    return [name for name in ("onnx", "onnxscript") if importlib.util.find_spec(name) is None]


class RunTools(QObject):
    """`row` holds the buttons; update(selected run or None) after every change of selection."""

    followStarted = Signal(str)  # following this run folder: its records come in recordsAppended
    recordsAppended = Signal(list)  # metrics.jsonl records the followed run has added
    followRestarted = Signal()  # the followed run's metrics were cut shorter (a resume): start the curves again
    exportRequested = Signal(str, str)  # run folder, .onnx file to write

    def __init__(self, page: QWidget, selected: Callable[[], list[Any]]) -> None:
        super().__init__(page)
        self._page, self._selected = page, selected
        self.follow_button = QPushButton(self.tr("Follow"))
        self.follow_button.setCheckable(True)
        self.follow_button.setToolTip(
            self.tr("Show the selected run's curves as another process writes them (e.g. a torchrun job).")
        )
        self.follow_button.toggled.connect(self._follow_toggled)
        self.onnx_button = QPushButton(self.tr("Export to ONNX…"))
        self.onnx_button.clicked.connect(self._export_clicked)
        self.tail = MetricsTail(self)
        self.tail.appended.connect(self.recordsAppended)
        self.tail.restarted.connect(self.followRestarted)
        self.row = QHBoxLayout()  # a row of its own, so that the page stays narrow
        self.row.addWidget(self.follow_button)
        self.row.addWidget(self.onnx_button)
        self.row.addStretch(1)

    def update(self, one: Any) -> None:
        self.follow_button.setEnabled(one is not None or self.following() is not None)
        missing = onnx_missing()
        self.onnx_button.setEnabled(one is not None and one.steps > 0 and not missing)
        self.onnx_button.setToolTip(
            self.tr(
                'ONNX export needs {packages}, not installed here: pip install "transformer-workbench[onnx]".'
            ).format(packages=" + ".join(missing))  # no English "and" glued into a translated sentence
            if missing
            else self.tr(
                "Write the selected run's model as an ONNX file (with tokenizer.json and labels.json beside it), to "
                "run it without Python and PyTorch."
            )
        )

    def following(self) -> str | None:
        folder = self.tail.folder
        return str(folder) if folder is not None else None

    def follow(self, path: str | Path) -> None:
        """Show `path`'s curves and keep adding what its writer appends (followStarted, then recordsAppended)."""
        self.followStarted.emit(str(path))
        self.tail.start(path)
        self.follow_button.setChecked(True)

    def stop_following(self) -> None:
        self.tail.stop()
        self.follow_button.setChecked(False)

    def _follow_toggled(self, on: bool) -> None:
        rows = self._selected()
        if on and self.following() is None and len(rows) == 1:
            self.follow(rows[0].path)
        elif not on and self.following() is not None:
            self.tail.stop()
        self.update(rows[0] if len(rows) == 1 else None)

    def _export_clicked(self) -> None:
        rows = self._selected()
        if len(rows) != 1:
            return
        start = str(Path(rows[0].path) / "model.onnx")
        title, kinds = self.tr("Export to ONNX"), self.tr("ONNX models (*.onnx)")
        path, _ = QFileDialog.getSaveFileName(self._page, title, start, kinds)
        if path:
            self.exportRequested.emit(str(rows[0].path), path)

"""The list of pre-trained (masked-LM) runs a fine-tuning run can start from: name, date and masked accuracy."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QWidget

from workbench.core.runs.summary import RunRow

EMPTY_TEXT = QT_TRANSLATE_NOOP("PretrainedPicker", "No pre-trained runs yet: pre-train one first")


def describe(row: RunRow) -> str:
    """'reviews-pre · 2026-01-02 10:00 · 41.3 % masked' (what a person tells pre-trained runs apart by)."""
    parts = [row.name, row.created]
    if row.masked_accuracy is not None:
        parts.append(
            QCoreApplication.translate("PretrainedPicker", "{masked_accuracy:.1%} masked").format(
                masked_accuracy=row.masked_accuracy
            )
        )
    return " · ".join(p for p in parts if p)


class PretrainedPicker(QComboBox):
    """Pre-trained runs, newest first; path() is the chosen run folder (None when there is none)."""

    pathChanged = Signal(object)  # str or None, whether the person chose another run or the chosen one went away

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A long run name must not widen the page: the box shows ~30 characters, the list pops up wider.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        self.view().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.currentIndexChanged.connect(self._on_index_changed)
        self.set_runs([])

    def set_runs(self, rows: Iterable[RunRow]) -> None:
        """Offer these runs' pre-trained ones (the choice is kept when it is still there)."""
        previous = self.path()
        usable = sorted((r for r in rows if r.is_pretrained), key=lambda r: str(r.info.get("created", "")))
        self.blockSignals(True)
        self.clear()
        for r in reversed(usable):
            self.addItem(describe(r), str(r.path))
            self.setItemData(self.count() - 1, describe(r), Qt.ItemDataRole.ToolTipRole)  # in full on hover
            tip = self.tr("{path}\nModel: {model}, {steps:,} steps, {status}").format(
                path=r.path, model=r.model, steps=r.steps, status=r.status
            )
            self.setItemData(self.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        if not usable:
            self.addItem(self.tr(EMPTY_TEXT), None)
        if previous is None or not self.select(previous):
            self.setCurrentIndex(0)
        self.blockSignals(False)
        self._sync_tip()
        if self.path() != previous:
            self.pathChanged.emit(self.path())

    def path(self) -> str | None:
        data = self.currentData()
        return str(data) if data else None

    def select(self, path: str | Path) -> bool:
        """Choose this run; False when it is not listed (deleted, or not a finished pre-training run)."""
        wanted = str(Path(path))
        for i in range(self.count()):
            data = self.itemData(i)
            if data and str(Path(data)) == wanted:
                self.setCurrentIndex(i)
                return True
        return False

    def _on_index_changed(self, _index: int) -> None:
        self._sync_tip()
        self.pathChanged.emit(self.path())

    def _sync_tip(self) -> None:
        path = self.path()
        self.setToolTip(
            self.tr("Fine-tuning starts from this pre-trained run's encoder and tokenizer: {path}").format(path=path)
            if path
            else self.tr(
                "Pre-train a model first (choose Pre-train above and press Start training); it is listed here."
            )
        )

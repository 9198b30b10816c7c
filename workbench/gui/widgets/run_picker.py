"""Which run a page shows: the saved runs (newest first) and "Open a pre-trained model…", which asks for a Hugging
Face model folder (config.json + model.safetensors + its tokenizer). Pages that read a model (Inspect, Evaluate)
put one at their top; the person's choice stays until they choose again."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QWidget

_OPEN = "__open_model_folder__"
_FOLLOW = "__follow__"


def ask_model_folder(parent: QWidget) -> str:
    """The folder dialog: a Hugging Face model folder, or "" when cancelled."""
    return QFileDialog.getExistingDirectory(
        parent,
        QCoreApplication.translate(
            "RunPicker", "Open a pre-trained model folder (config.json, model.safetensors, tokenizer)"
        ),
    )


class RunPicker(QComboBox):
    """`runChosen(str)`: the person chose a run folder or a model folder; `followChosen()`: back to following the
    run trained or opened last. set_runs/show_path never emit."""

    runChosen = Signal(str)
    followChosen = Signal()

    def __init__(self, parent: QWidget | None = None, *, follow_text: str | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        self.view().setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setToolTip(self.tr("The run shown on this page; choose another, or open a pre-trained model folder"))
        self.ask_folder: Callable[[QWidget], str] = ask_model_folder  # tests replace the dialog
        # The first entry: following the latest run (choosing it emits followChosen), or the given text.
        self._follow_text = follow_text
        self._rows: list[tuple[str, str]] = []  # (text, path) of saved runs
        self._folders: list[str] = []  # model folders opened here, kept in the list
        self._shown: str | None = None
        self._index = 0
        self.activated.connect(self._on_activated)
        self._rebuild()

    def set_runs(self, rows: Iterable[Any]) -> None:
        """The saved runs that have weights (RunRow), newest first; the shown choice stays."""
        usable = [r for r in rows if getattr(r, "has_checkpoint", True)]
        usable.sort(key=lambda r: str(getattr(r, "created", "")), reverse=True)
        self._rows = [(str(r.name), str(r.path)) for r in usable]
        self._rebuild()

    def show_path(self, path: str | None) -> None:
        """Show which run the page has now (a model folder not listed yet is added)."""
        self._shown = str(path) if path else None
        if path and not any(_same(p, path) for _, p in self._rows) and not any(_same(p, path) for p in self._folders):
            self._folders.append(str(path))
        self._rebuild()

    def path(self) -> str | None:
        data = self.currentData()
        return str(data) if data and data not in (_OPEN, _FOLLOW) else None

    def choose(self, path: str) -> None:
        """As if the person chose this folder (a run or a model folder)."""
        self.show_path(path)
        self.runChosen.emit(str(path))

    def open_folder(self) -> None:
        """Ask for a model folder; choose it unless cancelled."""
        folder = self.ask_folder(self)
        if folder:
            self.choose(folder)
        else:
            self.setCurrentIndex(self._index)

    def _rebuild(self) -> None:
        self.blockSignals(True)
        self.clear()
        self.addItem(self._follow_text or self.tr("The run trained or opened last"), _FOLLOW)
        for text, path in self._rows:
            self.addItem(text, path)
            self.setItemData(self.count() - 1, path, Qt.ItemDataRole.ToolTipRole)
        for folder in self._folders:
            self.addItem(self.tr("{name} (pre-trained model)").format(name=Path(folder).name), folder)
            self.setItemData(self.count() - 1, folder, Qt.ItemDataRole.ToolTipRole)
        self.addItem(self.tr("Open a pre-trained model…"), _OPEN)
        self.setItemData(
            self.count() - 1,
            self.tr("A Hugging Face model folder: config.json, model.safetensors and its tokenizer (vocab.txt or "
                    "tokenizer.json), e.g. what save_pretrained writes"),
            Qt.ItemDataRole.ToolTipRole,
        )  # fmt: skip
        index = 0
        if self._shown is not None:
            found = next((i for i in range(self.count()) if _same(self.itemData(i), self._shown)), None)
            index = found if found is not None else 0
        self.setCurrentIndex(index)
        self._index = index
        self.blockSignals(False)

    def _on_activated(self, index: int) -> None:
        data = self.itemData(index)
        if data == _OPEN:
            self.open_folder()
        elif data == _FOLLOW:
            self._shown, self._index = None, index
            self.followChosen.emit()
        elif data:
            self._shown, self._index = str(data), index
            self.runChosen.emit(str(data))


def _same(a: Any, b: Any) -> bool:
    if not a or not b or a in (_OPEN, _FOLLOW) or b in (_OPEN, _FOLLOW):
        return False
    return str(Path(str(a))) == str(Path(str(b)))

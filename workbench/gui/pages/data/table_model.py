"""A read-only table model over a Dataset's texts and labels, for the data preview.

It keeps references to the lists and formats a cell only when the view asks for it, so a 100,000-row file
costs nothing more than the visible rows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from workbench.gui.widgets.language.noop import QT_TRANSLATE_NOOP

_TEXT_CHARS = 400  # a cell shows this much of a long text; the tooltip shows more
_TIP_CHARS = 2000

Index = QModelIndex | QPersistentModelIndex


class PreviewTableModel(QAbstractTableModel):
    """Columns: row number, text, label. Rows are the usable rows in the order they were read."""

    COLUMNS = ("#", QT_TRANSLATE_NOOP("PreviewTableModel", "Text"), QT_TRANSLATE_NOOP("PreviewTableModel", "Label"))
    ROW, TEXT, LABEL = range(3)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._texts: list[str] = []
        self._labels: list[str] | None = None
        self._splits: list[tuple[int, str]] = []  # (first row, name) when the rows come from several parts

    def set_rows(self, texts: list[str], labels: list[str] | None, splits: list[tuple[int, str]] | None = None) -> None:
        """Show these rows. splits optionally names where each part starts, e.g. [(0, "training"), (4000, ...)]."""
        self.beginResetModel()
        self._texts = texts
        self._labels = labels
        self._splits = list(splits or [])
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([], None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._texts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def text_at(self, row: int) -> str:
        return self._texts[row]

    def label_at(self, row: int) -> str:
        return self._labels[row] if self._labels is not None else ""

    def _part(self, row: int) -> str:
        name = ""
        for start, part in self._splits:
            if row >= start:
                name = part
        return name

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        if row >= len(self._texts):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.ROW:
                return f"{row + 1:,}"
            if col == self.TEXT:
                text = self._texts[row]
                short = text[:_TEXT_CHARS] + ("…" if len(text) > _TEXT_CHARS else "")
                # One line per row: line breaks inside a text would make rows of different heights.
                return short.replace("\r\n", " ⏎ ").replace("\n", " ⏎ ").replace("\t", " ")
            if col == self.LABEL:
                return self.label_at(row)
        elif role == Qt.ItemDataRole.ToolTipRole:
            if col == self.TEXT:
                text = self._texts[row]
                return text[:_TIP_CHARS] + ("…" if len(text) > _TIP_CHARS else "")
            if col == self.ROW and self._splits:
                return self.tr("Row {row:,} of the {part} data").format(row=row + 1, part=self._part(row))
            if col == self.LABEL:
                return self.label_at(row)
        elif role == Qt.ItemDataRole.TextAlignmentRole:
            if col == self.ROW:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section]) if 0 <= section < len(self.COLUMNS) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                self.tr(
                    "Position among the usable rows (skipped rows are not counted; the messages above give their "
                    "line numbers in the file)"
                ),
                self.tr("The text the model reads"),
                self.tr("The class the model learns to predict"),
            )[section]
        return None

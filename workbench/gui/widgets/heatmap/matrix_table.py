"""The table equivalent of a painted heatmap: the same numbers in a read-only table whose row and column headers
are the tokens (or classes). A screen reader reads it cell by cell with its headers, which a picture cannot give;
it also suits anyone who wants the exact numbers. Each heatmap offers it behind a "Table" switch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

_Index = QModelIndex | QPersistentModelIndex


class MatrixModel(QAbstractTableModel):
    """matrix[r, c] with row and column names; `fmt` turns a value into its text ("{:.3f}", "{:,.0f}", ...)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._matrix = np.zeros((0, 0), dtype=np.float64)
        self._rows: list[str] = []
        self._cols: list[str] = []
        self._fmt = "{:.3f}"
        self._about = ""

    def set_matrix(
        self,
        matrix: np.ndarray | None,
        rows: Sequence[str],
        cols: Sequence[str] | None = None,
        *,
        fmt: str = "{:.3f}",
        about: str = "",
    ) -> None:
        """Show matrix [R, C] (None clears) with R row names and C column names (default: the row names).
        `about` says what a cell is, for the tooltip ("row attends to column", ...)."""
        self.beginResetModel()
        arr = np.zeros((0, 0)) if matrix is None else np.asarray(matrix, dtype=np.float64)
        self._matrix = arr
        names_r = list(rows)
        names_c = list(cols) if cols is not None else names_r
        self._rows = names_r if len(names_r) == arr.shape[0] else [str(i) for i in range(arr.shape[0])]
        self._cols = names_c if len(names_c) == arr.shape[1] else [str(i) for i in range(arr.shape[1])]
        self._fmt, self._about = fmt, about
        self.endResetModel()

    def matrix(self) -> np.ndarray:
        return self._matrix

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else int(self._matrix.shape[0])

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else int(self._matrix.shape[1])

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = float(self._matrix[index.row(), index.column()])
        if role == Qt.ItemDataRole.DisplayRole:
            return self._fmt.format(value)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = f"{self._rows[index.row()]} → {self._cols[index.column()]}: {self._fmt.format(value)}"
            return f"{text} ({self._about})" if self._about and role == Qt.ItemDataRole.ToolTipRole else text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        names = self._cols if orientation == Qt.Orientation.Horizontal else self._rows
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) and 0 <= section < len(names):
            return names[section]
        return None


class MatrixTable(QTableView):
    """A read-only view of a MatrixModel, sized to its numbers; `name` is what a screen reader announces."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix_model = MatrixModel(self)
        self.setModel(self.matrix_model)
        self.setAccessibleName(name)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setAlternatingRowColors(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)

    def set_matrix(
        self,
        matrix: np.ndarray | None,
        rows: Sequence[str],
        cols: Sequence[str] | None = None,
        *,
        fmt: str = "{:.3f}",
        about: str = "",
    ) -> None:
        self.matrix_model.set_matrix(matrix, rows, cols, fmt=fmt, about=about)
        # One width for every column, from the widest number and name (measuring every cell of 256 x 256 is slow).
        model, fm = self.matrix_model, self.fontMetrics()
        sample = fmt.format(float(np.abs(model.matrix()).max()) if model.matrix().size else 0.0)
        names = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
        widest = max(
            [fm.horizontalAdvance(sample), fm.horizontalAdvance("-" + sample)]
            + [fm.horizontalAdvance(n) for n in names]
        )
        self.horizontalHeader().setDefaultSectionSize(widest + 14)

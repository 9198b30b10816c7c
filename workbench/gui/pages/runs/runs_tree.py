"""The Runs page's list: a row per run folder, newest first, sortable by any column, several selectable.

It shows the rows it is given (the page reads the folders): all of them, or one run's again when only that run
changed, which costs one folder's read instead of every folder's (about 2 ms a run).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from workbench.core.runs.summary import RunRow
from workbench.gui.pages.runs.runs_columns import COLUMNS, CREATED, PATH_ROLE, TITLES, RunItem, tip, title

NAME_CHARS = 26  # the name column's widest default (longer names, ~30 characters, shortened at the end)


class RunsTree(QTreeWidget):
    """The runs listed, each row's RunRow kept beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: dict[str, RunRow] = {}
        self.setColumnCount(len(COLUMNS))
        self.setHeaderLabels([title(c) for c in COLUMNS])
        for i, column in enumerate(COLUMNS):
            self.headerItem().setToolTip(i, tip(column))
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setSortingEnabled(True)
        self.sortByColumn(CREATED, Qt.SortOrder.DescendingOrder)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # Columns fit their contents; the name up to NAME_CHARS characters (shortened at the end beyond that,
        # in full in its tooltip; drag the column edge to widen it). A narrow page scrolls the list sideways.
        header = self.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("x") * 6)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)  # a name's start tells runs apart
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 40)

    def show_rows(self, rows: list[RunRow]) -> None:
        """List exactly these runs; those selected before stay selected."""
        selected = set(self.selected_paths())
        self._rows = {str(r.path): r for r in rows}
        self.setSortingEnabled(False)
        self.clear()
        for r in rows:
            item = _item(r)
            self.addTopLevelItem(item)
            item.setSelected(str(r.path) in selected)
        self.setSortingEnabled(True)
        self._fit_name_column()

    def show_row(self, path: Path, row: RunRow | None) -> None:
        """One run folder read again: its row replaced, added (a new run) or removed (None: no longer a run)."""
        key = str(path)
        old = next((item for item in self.items() if item.data(0, PATH_ROLE) == key), None)
        was_selected = old is not None and old.isSelected()
        if old is not None:
            self.takeTopLevelItem(self.indexOfTopLevelItem(old))
        self._rows.pop(key, None)
        if row is not None:
            self._rows[key] = row
            item = _item(row)
            self.addTopLevelItem(item)  # in its place in the current sort order
            item.setSelected(was_selected)
        self._fit_name_column()

    def rows(self) -> list[RunRow]:
        """The runs listed, in the order shown."""
        return [self._rows[item.data(0, PATH_ROLE)] for item in self.items()]

    def row(self, path: str | Path) -> RunRow | None:
        return self._rows.get(str(Path(path)))

    def items(self) -> list[QTreeWidgetItem]:
        return [item for i in range(self.topLevelItemCount()) if (item := self.topLevelItem(i)) is not None]

    def selected_paths(self) -> list[str]:
        return [item.data(0, PATH_ROLE) for item in self.selectedItems()]

    def selected_rows(self) -> list[RunRow]:
        return [self._rows[p] for p in self.selected_paths() if p in self._rows]

    def select_paths(self, chosen: list[str | Path]) -> None:
        wanted = {str(Path(p)) for p in chosen}
        self.clearSelection()
        for item in self.items():
            if item.data(0, PATH_ROLE) in wanted:
                item.setSelected(True)
                self.setCurrentItem(item, 0, self.selectionModel().SelectionFlag.NoUpdate)

    def _fit_name_column(self) -> None:
        self.resizeColumnToContents(0)
        cap = self.fontMetrics().horizontalAdvance("x") * NAME_CHARS
        self.setColumnWidth(0, min(cap, max(self.columnWidth(0), cap // 2)))


def _item(r: RunRow) -> RunItem:
    item = RunItem(r)
    item.setToolTip(0, f"{r.name}\n{r.path}" + (f"\n{r.note}" if r.note else ""))
    if r.status == "failed" and r.error:
        item.setToolTip(TITLES.index("Status"), r.error)
    if r.problem:
        item.setToolTip(TITLES.index("Status"), r.problem)
    return item

"""The Data page's table of rows that were read: fast for 100,000 rows, the text column as wide as possible."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView

from workbench.gui.pages.data.table_model import PreviewTableModel


class PreviewTable(QTableView):
    """Row number, text and label. The text stretches over the width the other two leave; those are sized to
    their contents (the widest row number and class name), and hovering a text shows all of it."""

    def __init__(self, model: PreviewTableModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Fixed row heights: the view never measures rows, so 100k rows scroll as fast as 100.
        vh = self.verticalHeader()
        vh.hide()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        hh = self.horizontalHeader()
        hh.setSectionResizeMode(PreviewTableModel.ROW, QHeaderView.ResizeMode.Fixed)
        hh.setSectionResizeMode(PreviewTableModel.TEXT, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(PreviewTableModel.LABEL, QHeaderView.ResizeMode.Fixed)
        hh.setHighlightSections(False)
        hh.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("#") + 16)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 40)
        self.setAccessibleName(self.tr("Rows that were read"))
        self.fit_columns([])

    def fit_columns(self, label_names: list[str]) -> None:
        """Size # to the largest row number and Label to the widest class name (not by measuring every row)."""
        fm = self.fontMetrics()
        header = self.horizontalHeader().fontMetrics()
        pad = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 16
        digits = f"{max(1, self.model().rowCount()):,}"
        row_w = max(fm.horizontalAdvance(digits), header.horizontalAdvance("#")) + pad
        self.setColumnWidth(PreviewTableModel.ROW, row_w)
        widest = max((fm.horizontalAdvance(n) for n in label_names[:50]), default=0)
        label_w = max(widest, header.horizontalAdvance("Label")) + pad
        self.setColumnWidth(PreviewTableModel.LABEL, min(fm.horizontalAdvance("x") * 30, label_w))

    def text_column_width(self) -> int:
        return self.columnWidth(PreviewTableModel.TEXT)

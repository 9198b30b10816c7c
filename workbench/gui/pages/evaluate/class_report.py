"""The headline (accuracy, macro-F1, what was scored) and the per-class table: precision, recall, F1, support."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from workbench.gui.widgets import theme
from workbench.gui.widgets.language.noop import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole


class ClassScoresModel(QAbstractTableModel):
    """One row per class, in class-id order (the view sorts through a proxy)."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("ClassScoresModel", "Class"),
        QT_TRANSLATE_NOOP("ClassScoresModel", "Precision"),
        QT_TRANSLATE_NOOP("ClassScoresModel", "Recall"),
        QT_TRANSLATE_NOOP("ClassScoresModel", "F1"),
        QT_TRANSLATE_NOOP("ClassScoresModel", "Support"),
    )
    KEYS = (None, "precision", "recall", "f1", "support")
    TIPS = (
        QT_TRANSLATE_NOOP("ClassScoresModel", "The class"),
        QT_TRANSLATE_NOOP("ClassScoresModel", "Of the texts the model put in this class, the share that belong there"),
        QT_TRANSLATE_NOOP("ClassScoresModel", "Of the texts of this class, the share the model found"),
        QT_TRANSLATE_NOOP("ClassScoresModel", "The balance of precision and recall (their harmonic mean)"),
        QT_TRANSLATE_NOOP("ClassScoresModel", "How many texts of this class were scored"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._names: list[str] = []
        self._scores: dict[str, dict[str, float]] = {}

    def set_scores(self, labels: list[str], per_class: dict[str, dict[str, float]]) -> None:
        self.beginResetModel()
        self._names = list(labels)
        self._scores = per_class
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._names)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._names):
            return None
        name, col = self._names[index.row()], index.column()
        key = self.KEYS[col]
        value = self._scores.get(name, {}).get(key) if key else None
        if role == SORT_ROLE:
            return name.lower() if key is None else float(value or 0)
        if role == Qt.ItemDataRole.DisplayRole:
            if key is None:
                return name
            return f"{int(value or 0):,}" if key == "support" else f"{float(value or 0):.3f}"
        if role == Qt.ItemDataRole.ToolTipRole and key is None:
            return name
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignLeft if key is None else Qt.AlignmentFlag.AlignRight
            return int(align | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr(self.TIPS[section])
        return None


class Headline(QWidget):
    """Accuracy and macro-F1 in large type, and a line that says what was scored."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accuracy = QLabel()
        self.macro_f1 = QLabel()
        self.accuracy.setToolTip(self.tr("The share of texts whose class the model got right"))
        self.macro_f1.setToolTip(
            self.tr("F1 averaged over the classes, each class counting the same however rare it is")
        )
        font = self.accuracy.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        for label in (self.accuracy, self.macro_f1):
            label.setFont(font)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source = QLabel()
        self.source.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.accuracy)
        row.addSpacing(self.fontMetrics().horizontalAdvance("x") * 4)
        row.addWidget(self.macro_f1)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.source)
        self.clear()

    def set_scores(self, accuracy: float, macro_f1: float, source: str) -> None:
        self.accuracy.setText(self.tr("Accuracy {accuracy:.1%}").format(accuracy=accuracy))
        self.macro_f1.setText(self.tr("Macro-F1 {macro_f1:.3f}").format(macro_f1=macro_f1))
        self.source.setText(source)
        self.source.setStyleSheet(f"color: {theme.color('muted')}")
        self.setVisible(True)

    def clear(self) -> None:
        self.accuracy.setText("")
        self.macro_f1.setText("")
        self.source.setText("")
        self.setVisible(False)


class ClassReport(QTableView):
    """The per-class table, sortable by any column (click a header)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scores = ClassScoresModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.scores)
        self.proxy.setSortRole(SORT_ROLE)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # class-id order until a header is clicked
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(ClassScoresModel.COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

    def set_scores(self, labels: list[str], per_class: dict[str, dict[str, float]]) -> None:
        self.scores.set_scores(labels, per_class)

    def cell_text(self, row: int, column: int) -> str:
        """What the table shows at (row, column) in its current order."""
        return str(self.proxy.index(row, column).data() or "")

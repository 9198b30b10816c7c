"""The per-head statistics table: what each head looks at, sortable by any column; activate a row to open the head."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from workbench.gui.pages.inspect.explanations import ENTROPY, explain_with

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole  # the raw number, so 10 sorts after 9 and 0.9 % before 12 %

# (key in core head_statistics rows, header, kind, what it means in plain words)
COLUMNS: tuple[tuple[str, str, str, str], ...] = (
    (
        "head",
        QT_TRANSLATE_NOOP("HeadStatsTable", "Head"),
        "head",
        QT_TRANSLATE_NOOP("HeadStatsTable", "Layer and head, counted from 1: L1 is the layer next to the input."),
    ),
    (
        "entropy",
        QT_TRANSLATE_NOOP("HeadStatsTable", "Entropy"),
        "nats",
        QT_TRANSLATE_NOOP(
            "HeadStatsTable",
            "How spread out the head's attention is, averaged over the tokens (in nats). Low: each token looks at one "
            "or two others. High: it looks at everything about equally.",
        ),
    ),
    (
        "entropy_norm",
        QT_TRANSLATE_NOOP("HeadStatsTable", "Spread"),
        "share",
        QT_TRANSLATE_NOOP(
            "HeadStatsTable",
            "The entropy as a share of its largest possible value for this sentence: 100 % means every token spreads "
            "its attention evenly over all tokens, near 0 % means each looks at a single token.",
        ),
    ),
    (
        "cls_share",
        "[CLS]",
        "share",
        QT_TRANSLATE_NOOP(
            "HeadStatsTable",
            "How much of the attention goes to [CLS], the start marker (the classifier reads it alone with [CLS] "
            "pooling).",
        ),
    ),
    (
        "sep_share",
        "[SEP]",
        "share",
        QT_TRANSLATE_NOOP(
            "HeadStatsTable",
            "How much of the attention goes to [SEP], the end marker; heads with nothing to do often park it there.",
        ),
    ),
    (
        "self_share",
        QT_TRANSLATE_NOOP("HeadStatsTable", "Self"),
        "share",
        QT_TRANSLATE_NOOP("HeadStatsTable", "How much each token attends to itself."),
    ),
    (
        "prev_share",
        QT_TRANSLATE_NOOP("HeadStatsTable", "Prev"),
        "share",
        QT_TRANSLATE_NOOP(
            "HeadStatsTable",
            "How much each token attends to the token just before it (100 % is a perfect previous-token head).",
        ),
    ),
    (
        "next_share",
        QT_TRANSLATE_NOOP("HeadStatsTable", "Next"),
        "share",
        QT_TRANSLATE_NOOP("HeadStatsTable", "How much each token attends to the token just after it."),
    ),
    (
        "mean_distance",
        QT_TRANSLATE_NOOP("HeadStatsTable", "Dist"),
        "tokens",
        QT_TRANSLATE_NOOP(
            "HeadStatsTable",
            "How far away, in tokens, the attended tokens are on average. Small: a local head. Large: it links "
            "distant words.",
        ),
    ),
)


def format_value(kind: str, value: float) -> str:
    if kind == "share":
        return f"{value * 100:.0f} %" if value >= 0.0995 else f"{value * 100:.1f} %"
    return f"{value:.2f}"


class HeadStatsModel(QAbstractTableModel):
    """One row per (layer, head), the columns of COLUMNS; SORT_ROLE gives the raw number."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = [dict(r) for r in rows]
        self.endResetModel()

    def row_at(self, row: int) -> dict[str, Any]:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        key, header, kind, _tip = COLUMNS[index.column()]
        row = self._rows[index.row()]
        if kind == "head":  # people count layers and heads from 1; sorting goes layer by layer
            layer, head = int(row["layer"]), int(row["head"])
            if role == Qt.ItemDataRole.DisplayRole:
                return f"L{layer + 1} · H{head + 1}"
            if role == SORT_ROLE:
                return float(layer * 100_000 + head)
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.tr("Layer {layer}, head {head}: double-click to open it").format(
                    layer=layer + 1, head=head + 1
                )
            return None
        value = row.get(key)
        if value is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return format_value(kind, float(value))
        if role == SORT_ROLE:
            return float(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Layer {layer}, head {head}: {header} {value:.4f}").format(
                layer=int(row["layer"]) + 1,
                head=int(row["head"]) + 1,
                header=QCoreApplication.translate("HeadStatsTable", header),
                value=float(value),
            )
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("HeadStatsTable", COLUMNS[section][1])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{tip} Click to sort.").format(
                tip=QCoreApplication.translate("HeadStatsTable", COLUMNS[section][3])
            )
        return None


class _NumericSort(QSortFilterProxyModel):
    """Sort by the raw numbers; ties keep layer-then-head order."""

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return super().lessThan(left, right)
        if a != b:
            return float(a) < float(b)
        return left.row() < right.row()


class _HeadView(QTableView):
    """Enter or Return on a row activates it on every platform (Qt only does it on some)."""

    enterPressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enterPressed.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class HeadStatsTable(QWidget):
    """What each head attends to, per layer and head. Click a header to sort; double-click a row (or press Enter)
    to open that head: headActivated(layer, head), both 0-based as in the core."""

    headActivated = Signal(int, int)

    EMPTY = QT_TRANSLATE_NOOP("HeadStatsTable", "Type a sentence to see what each head attends to.")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = HeadStatsModel(self)
        self.proxy = _NumericSort(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = _HeadView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # layer-major order until a header is clicked
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        # Columns share the width (no sideways scrolling at the page's ~560 px); the header tooltips explain them.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(
            self.view.fontMetrics().horizontalAdvance(QCoreApplication.translate("HeadStatsTable", "Entropy")) + 14
        )
        header.setHighlightSections(False)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 6)
        self.hint = QLabel(self.tr(self.EMPTY))
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        self.entropy_marker = explain_with(self.hint, ENTROPY)  # what entropy, the first measure, means
        self.view.doubleClicked.connect(self._activate)
        self.view.enterPressed.connect(self._activate)

    def set_statistics(self, rows: list[dict]) -> None:
        """Show core head_statistics rows (keys layer, head, entropy, entropy_norm, cls_share, ...). The sort
        order and the selected head are kept."""
        selected = self.selected_head()
        self.model.set_rows(rows)
        if rows:
            self.hint.setText(self.tr("Hover a column title for what it means; double-click a row to open that head."))
        else:
            self.hint.setText(self.tr(self.EMPTY))
        if selected is not None:
            self.select_head(*selected)

    def clear(self) -> None:
        self.set_statistics([])

    def row_count(self) -> int:
        return self.proxy.rowCount()

    def head_at(self, view_row: int) -> tuple[int, int]:
        """(layer, head) of the row shown at view_row, in the current sort order."""
        source = self.proxy.mapToSource(self.proxy.index(view_row, 0))
        row = self.model.row_at(source.row())
        return int(row["layer"]), int(row["head"])

    def selected_head(self) -> tuple[int, int] | None:
        index = self.view.currentIndex()
        return self.head_at(index.row()) if index.isValid() else None

    def select_head(self, layer: int, head: int) -> None:
        """Make (layer, head)'s row current, e.g. when the head is chosen in the grid."""
        for r in range(self.proxy.rowCount()):
            if self.head_at(r) == (layer, head):
                self.view.setCurrentIndex(self.proxy.index(r, 0))
                self.view.scrollTo(self.proxy.index(r, 0))
                return

    def _activate(self, index: QModelIndex) -> None:
        if index.isValid():
            self.headActivated.emit(*self.head_at(index.row()))

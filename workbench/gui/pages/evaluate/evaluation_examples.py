"""The examples behind the scores: those of one confusion-matrix cell, or every mistake, the most confident first,
with what the model gave each class. Double-click (or Enter) an example to look inside the model with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.widgets import theme
from workbench.gui.widgets.language.noop import QT_TRANSLATE_NOOP

if TYPE_CHECKING:  # it imports torch, which the window loads in the background
    from workbench.core.evaluation.evaluate import Evaluation

Index = QModelIndex | QPersistentModelIndex
_TEXT_CHARS = 300
_TIP_CHARS = 1500
_SHOWN_CLASSES = 3  # the Probabilities column lists this many classes; the tooltip lists more
_TIP_CLASSES = 10


class ExamplesModel(QAbstractTableModel):
    """Rows are indices into a core Evaluation, in the order given."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("ExamplesModel", "Text"),
        QT_TRANSLATE_NOOP("ExamplesModel", "True"),
        QT_TRANSLATE_NOOP("ExamplesModel", "Predicted"),
        QT_TRANSLATE_NOOP("ExamplesModel", "Confidence"),
        QT_TRANSLATE_NOOP("ExamplesModel", "Probabilities"),
    )
    TEXT, TRUE, PREDICTED, CONFIDENCE, PROBS = range(5)
    TIPS = (
        QT_TRANSLATE_NOOP("ExamplesModel", "The text; double-click to open it in the inspector"),
        QT_TRANSLATE_NOOP("ExamplesModel", "The class the data gives it"),
        QT_TRANSLATE_NOOP("ExamplesModel", "The class the model chose"),
        QT_TRANSLATE_NOOP("ExamplesModel", "The probability the model gave its choice"),
        QT_TRANSLATE_NOOP("ExamplesModel", "The classes the model found most likely, with their probabilities"),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._eval: Evaluation | None = None
        self._rows = np.zeros(0, dtype=np.int64)

    def set_rows(self, evaluation: Evaluation | None, rows: np.ndarray) -> None:
        self.beginResetModel()
        self._eval = evaluation
        self._rows = np.asarray(rows, dtype=np.int64)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows(None, np.zeros(0, dtype=np.int64))

    def labels(self) -> list[str]:
        return list(self._eval.labels) if self._eval is not None else []

    def has_evaluation(self) -> bool:
        return self._eval is not None

    def example(self, row: int) -> int:
        """The index into the evaluation of a table row."""
        return int(self._rows[row])

    def text_at(self, row: int) -> str:
        assert self._eval is not None, "rows are listed only with their evaluation"
        return self._eval.texts[self.example(row)]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() or self._eval is None else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    @staticmethod
    def _ranked(e: Evaluation, i: int, k: int) -> str:
        probs = e.probabilities[i]
        top = np.argsort(-probs, kind="stable")[:k]
        return " · ".join(f"{e.labels[j]} {probs[j]:.0%}" for j in top)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._eval is None or index.row() >= len(self._rows):
            return None
        e, i, col = self._eval, self.example(index.row()), index.column()
        true, pred = int(e.true[i]), int(e.predicted[i])
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.TEXT:
                text = e.texts[i]
                short = text[:_TEXT_CHARS] + ("…" if len(text) > _TEXT_CHARS else "")
                return short.replace("\r\n", " ⏎ ").replace("\n", " ⏎ ").replace("\t", " ")
            if col == self.TRUE:
                return e.labels[true]
            if col == self.PREDICTED:
                return e.labels[pred]
            if col == self.CONFIDENCE:
                return f"{e.probabilities[i, pred]:.1%}"
            if col == self.PROBS:
                return self._ranked(e, i, _SHOWN_CLASSES)
        elif role == Qt.ItemDataRole.ToolTipRole:
            if col == self.TEXT:
                text = e.texts[i]
                return text[:_TIP_CHARS] + ("…" if len(text) > _TIP_CHARS else "")
            if col == self.PROBS:
                return "\n".join(self._ranked(e, i, _TIP_CLASSES).split(" · "))
            if col == self.TRUE:
                return self.tr("The model gave the true class {probabilities:.1%}").format(
                    probabilities=e.probabilities[i, true]
                )
        elif role == Qt.ItemDataRole.TextAlignmentRole:
            if col == self.CONFIDENCE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        elif role == Qt.ItemDataRole.ForegroundRole and col == self.PREDICTED and true != pred:
            from PySide6.QtGui import QColor

            return QColor(theme.color("error"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return f"{section + 1:,}" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr(self.TIPS[section])
        return None


class _Table(QTableView):
    """Enter on a row opens it, like a double-click."""

    activatedRow = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activatedRow.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class EvaluationExamples(QWidget):
    """A title that says what is listed, the table, and a button to open the chosen example in the inspector."""

    inspectRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ExamplesModel(self)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.mistakes_button = QPushButton(self.tr("All mistakes"))
        self.mistakes_button.setToolTip(self.tr("List every wrong prediction, the most confident first"))
        self.inspect_button = QPushButton(self.tr("Inspect"))
        self.inspect_button.setToolTip(self.tr("Open the chosen example on the Inspect page (or double-click it)"))
        self.table = _Table()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ExamplesModel.TEXT, QHeaderView.ResizeMode.Stretch)
        for col in (ExamplesModel.TRUE, ExamplesModel.PREDICTED, ExamplesModel.CONFIDENCE, ExamplesModel.PROBS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.table.activatedRow.connect(self._open)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.inspect_button.clicked.connect(lambda: self._open(self.table.currentIndex().row()))
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.mistakes_button)
        bar.addWidget(self.inspect_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.show_message("")

    def show_rows(self, evaluation: Evaluation | None, rows: np.ndarray, title: str) -> None:
        self.model.set_rows(evaluation, rows)
        self.title.setText(title)
        self._size_columns()
        if self.model.rowCount():
            self.table.selectRow(0)
        self._enable()

    def show_message(self, text: str) -> None:
        """No examples to list (e.g. the scores were read from disk): say what to do instead."""
        self.model.clear()
        self.title.setText(text)
        self._enable()

    def _size_columns(self) -> None:
        """Class names and probabilities get what they need up to a share of the width; the text the rest."""
        fm = self.fontMetrics()
        room = max(240, self.table.viewport().width())
        labels = self.model.labels()
        label = max((fm.horizontalAdvance(x) for x in labels), default=fm.horizontalAdvance(self.tr("Predicted"))) + 16
        label = max(fm.horizontalAdvance(self.tr("Predicted")) + 16, min(label, int(room * 0.17)))
        self.table.setColumnWidth(ExamplesModel.TRUE, label)
        self.table.setColumnWidth(ExamplesModel.PREDICTED, label)
        self.table.setColumnWidth(ExamplesModel.CONFIDENCE, fm.horizontalAdvance(self.tr("Confidence")) + 16)
        self.table.setColumnWidth(ExamplesModel.PROBS, min(fm.horizontalAdvance("x") * 34, int(room * 0.26)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._size_columns()

    def rows(self) -> list[int]:
        """The evaluation indices listed, in order."""
        return [self.model.example(r) for r in range(self.model.rowCount())]

    def _enable(self) -> None:
        self.inspect_button.setEnabled(self.table.currentIndex().isValid() and self.model.rowCount() > 0)
        self.mistakes_button.setEnabled(self.model.has_evaluation())

    def _open(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.inspectRequested.emit(self.model.text_at(row))

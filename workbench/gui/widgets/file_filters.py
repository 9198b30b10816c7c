"""The file types the open dialogs offer (the Data page and the Evaluate page read the same formats)."""

from PySide6.QtCore import QCoreApplication

from workbench.gui.widgets.language.noop import QT_TRANSLATE_NOOP

_FILTERS = (
    QT_TRANSLATE_NOOP(
        "FileFilters", "Text tables (*.csv *.tsv *.tab *.jsonl *.ndjson *.json *.parquet *.pq *.txt *.text)"
    ),
    QT_TRANSLATE_NOOP("FileFilters", "CSV (*.csv)"),
    QT_TRANSLATE_NOOP("FileFilters", "TSV (*.tsv *.tab)"),
    QT_TRANSLATE_NOOP("FileFilters", "JSON Lines (*.jsonl *.ndjson *.json)"),
    QT_TRANSLATE_NOOP("FileFilters", "Parquet (*.parquet *.pq)"),
    QT_TRANSLATE_NOOP("FileFilters", "Plain text, one sentence per line (*.txt *.text)"),
    QT_TRANSLATE_NOOP("FileFilters", "All files (*)"),
)


def file_filters() -> str:
    """The filter string for QFileDialog, in the window's language (the patterns stay as they are)."""
    return ";;".join(QCoreApplication.translate("FileFilters", f) for f in _FILTERS)

"""The Inspect page's Export menu: the grid or the large head as PNG/SVG, the attention as CSV."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from workbench.core.errors import WorkbenchError

CHOICES = (
    (
        QT_TRANSLATE_NOOP("InspectExport", "The grid as a PNG picture…"),
        "grid",
        ".png",
    ),
    (
        QT_TRANSLATE_NOOP("InspectExport", "The grid as an SVG drawing…"),
        "grid",
        ".svg",
    ),
    (
        QT_TRANSLATE_NOOP("InspectExport", "The large head as a PNG picture…"),
        "head",
        ".png",
    ),
    (
        QT_TRANSLATE_NOOP("InspectExport", "The large head as an SVG drawing…"),
        "head",
        ".svg",
    ),
    (
        QT_TRANSLATE_NOOP("InspectExport", "Every head's attention as CSV…"),
        "all",
        ".csv",
    ),
    (
        QT_TRANSLATE_NOOP("InspectExport", "The large head's attention as CSV…"),
        "one",
        ".csv",
    ),
)
FILTERS = {
    ".png": QT_TRANSLATE_NOOP("InspectExport", "PNG picture (*.png)"),
    ".svg": QT_TRANSLATE_NOOP("InspectExport", "SVG drawing (*.svg)"),
    ".csv": QT_TRANSLATE_NOOP("InspectExport", "CSV table (*.csv)"),
}


def export_menu(parent: QWidget, export: Callable[[str, str], Any]) -> QMenu:
    menu = QMenu(parent)
    for text, what, suffix in CHOICES:
        menu.addAction(QCoreApplication.translate("InspectExport", text), lambda w=what, s=suffix: export(w, s))
    return menu


def export_view(panel: Any, what: str, suffix: str, path: str | Path | None) -> Path | None:
    """Write what the InspectPanel shows; None when the person cancels the file dialog. Raises WorkbenchError
    with a plain message when there is nothing to save or the file cannot be written."""
    result, grid = panel.result(), panel.shown_grid()
    if result is None or grid is None:
        raise WorkbenchError(
            QCoreApplication.translate("InspectExport", "There is nothing to export yet: type a sentence first.")
        )
    if path is None:
        start = str(Path.home() / f"attention-{what}{suffix}")
        chosen, _ = QFileDialog.getSaveFileName(
            panel,
            QCoreApplication.translate("InspectExport", "Export"),
            start,
            QCoreApplication.translate("InspectExport", FILTERS[suffix]),
        )
        if not chosen:
            return None
        path = chosen if chosen.lower().endswith(suffix) else chosen + suffix
    from workbench.gui.pages.inspect.attention_export import (  # core.runs: lazily
        export_widget_image,
        write_attention_csv,
    )

    target = Path(path)
    try:
        if what == "grid":
            export_widget_image(panel.grid.view, target)
        elif what == "head":
            export_widget_image(panel.detail.heatmap.view, target)
        elif what == "all":
            write_attention_csv(target, result.inspection.attention, result.inspection.tokens)
        else:
            cell = grid.find(*panel.selected())
            if cell is None:
                raise WorkbenchError(
                    QCoreApplication.translate("InspectExport", "Choose a head in the grid first, then export it.")
                )
            write_attention_csv(target, grid.maps[cell[0], cell[1]], grid.tokens)
    except OSError as err:
        raise WorkbenchError(
            QCoreApplication.translate("InspectExport", "{name} cannot be saved in {parent} ({strerror}).").format(
                name=target.name, parent=target.parent, strerror=err.strerror
            )
        ) from None
    return target

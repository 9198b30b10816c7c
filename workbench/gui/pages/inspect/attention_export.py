"""Save what the inspector shows: a widget or plot as PNG or SVG, and attention matrices as CSV.

Every file is written to a temporary file beside the target and renamed into place, so a failed or interrupted
export never leaves half a file (or destroys the previous one). Problems come back as ExportError, whose text
says what went wrong and what to do.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.exporters import ImageExporter
from PySide6.QtCore import QCoreApplication, QPoint, QRect
from PySide6.QtGui import QPainter, QRegion
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QWidget

from workbench.core.errors import WorkbenchError
from workbench.gui.widgets import theme

IMAGE_SUFFIXES = (".png", ".svg")
LONG_COLUMNS = ("layer", "head", "query_index", "query_token", "key_index", "key_token", "weight")


class ExportError(WorkbenchError):
    """A picture or table that cannot be saved as asked; the text says why and what to do."""


def _check_folder(path: Path) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(
            QCoreApplication.translate(
                "AttentionExport", "The folder {folder} does not exist; choose another place to save {name}."
            ).format(folder=folder, name=path.name)
        )
    if not os.access(folder, os.W_OK):
        raise ExportError(
            QCoreApplication.translate(
                "AttentionExport", "The folder {folder} cannot be written to; choose another place to save {name}."
            ).format(folder=folder, name=path.name)
        )


def _default_mode() -> int:
    """rw for whom the umask allows, as open() would give a new file (mkstemp's files are private, 0600)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _default_mode()


def _write_via(path: Path, write: Callable[[str], Any]) -> None:
    """Let write(tmp) produce the file under a temporary name with the same suffix, then rename it into place."""
    _check_folder(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
        os.close(fd)
    except OSError as err:
        raise ExportError(
            QCoreApplication.translate("AttentionExport", "{name} cannot be saved in {parent} ({strerror}).").format(
                name=path.name, parent=path.parent, strerror=err.strerror
            )
        ) from None
    try:
        write(tmp)
        os.chmod(tmp, _FILE_MODE)  # a picture or table to share, not a private temporary file
        if os.path.getsize(tmp) == 0:
            raise ExportError(
                QCoreApplication.translate(
                    "AttentionExport", "Nothing was drawn into {name}; show the view first, then export again."
                ).format(name=path.name)
            )
        os.replace(tmp, path)
    except OSError as err:
        raise ExportError(
            QCoreApplication.translate("AttentionExport", "{name} cannot be saved in {parent} ({strerror}).").format(
                name=path.name, parent=path.parent, strerror=err.strerror
            )
        ) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------------- images
def _graphics_target(target: Any) -> QGraphicsItem | QGraphicsScene | None:
    """The item or scene pyqtgraph's exporters should draw for target, or None for a plain widget."""
    if isinstance(target, pg.PlotWidget):
        return target.getPlotItem()
    if isinstance(target, pg.GraphicsLayoutWidget):
        return target.ci
    if isinstance(target, pg.GraphicsView):
        return target.scene()
    if isinstance(target, (QGraphicsItem, QGraphicsScene)):
        return target
    return None


def _widget_png(widget: QWidget, tmp: str) -> None:
    image = widget.grab()
    if image.isNull() or not image.save(tmp, "PNG"):
        raise ExportError(
            QCoreApplication.translate(
                "AttentionExport", "The picture could not be made; make the view visible and larger, then export again."
            )
        )


def _widget_svg(widget: QWidget, tmp: str, region: QRect | None = None) -> None:
    """Paint widget (or the region of it) into an SVG file."""
    rect = region if region is not None else widget.rect()
    if rect.isEmpty():
        raise ExportError(
            QCoreApplication.translate("AttentionExport", "The view has no size yet; show it, then export again.")
        )
    generator = QSvgGenerator()
    generator.setFileName(tmp)
    generator.setSize(rect.size())
    generator.setViewBox(QRect(0, 0, rect.width(), rect.height()))
    generator.setTitle(widget.windowTitle() or "Transformer Workbench")
    painter = QPainter(generator)
    try:
        # QWidget's render, also for a QGraphicsView (whose own render(painter, ...) re-draws the scene).
        QWidget.render(widget, painter, QPoint(0, 0), QRegion(rect))
    finally:
        painter.end()


def _item_png(item: QGraphicsItem | QGraphicsScene, tmp: str) -> None:
    exporter = ImageExporter(item)
    rect = item.sceneBoundingRect() if isinstance(item, QGraphicsItem) else item.sceneRect()
    if rect.width() < 1 or rect.height() < 1:
        raise ExportError(
            QCoreApplication.translate("AttentionExport", "The plot has no size yet; show it, then export again.")
        )
    # Twice the screen size: sharp in slides and documents.
    exporter.parameters()["width"] = max(1, round(rect.width() * 2))
    exporter.parameters()["background"] = theme.plot_background(pg.mkQApp().palette())
    exporter.export(tmp)


def _item_svg(item: QGraphicsItem | QGraphicsScene, tmp: str) -> None:
    # The view's own painting of the item's region into Qt's SVG painter: lines and text stay vector, an
    # ImageItem is embedded as a picture. Not pyqtgraph's SVGExporter: 0.14's fails on the closed paths Qt 6
    # writes (pyqtgraph issue 3495); nor QGraphicsScene.render, which misplaces the axes against the image.
    scene = item if isinstance(item, QGraphicsScene) else item.scene()
    views = scene.views() if scene is not None else []
    if not views:
        raise ExportError(
            QCoreApplication.translate("AttentionExport", "The plot is not on screen; show it, then export again.")
        )
    view = views[0]
    source = item.sceneRect() if isinstance(item, QGraphicsScene) else item.sceneBoundingRect()
    rect = view.mapFromScene(source).boundingRect().intersected(view.rect())
    _widget_svg(view, tmp, rect)


def export_widget_image(target: QWidget | QGraphicsItem | QGraphicsScene, path: Path) -> None:
    """Save target (a widget, or a pyqtgraph item/plot) as PNG or SVG, chosen by path's suffix.

    Plots are drawn by pyqtgraph's ImageExporter (PNG, at twice the screen size) or painted into Qt's
    QSvgGenerator (SVG, vector); other widgets are grabbed (PNG) or painted into a QSvgGenerator (SVG).
    Raises ExportError for an unknown suffix or a folder that cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        got = f"“{path.suffix}”" if path.suffix else QCoreApplication.translate("AttentionExport", "no file type")
        raise ExportError(
            QCoreApplication.translate(
                "AttentionExport", "Pictures can be saved as .png or .svg (got {got}); change the file name's ending."
            ).format(got=got)
        )
    item = _graphics_target(target)
    if item is None and not isinstance(target, QWidget):
        raise TypeError(f"cannot export a {type(target).__name__}")
    if item is None:
        write = (lambda tmp: _widget_png(target, tmp)) if suffix == ".png" else (lambda tmp: _widget_svg(target, tmp))
    else:
        write = (lambda tmp: _item_png(item, tmp)) if suffix == ".png" else (lambda tmp: _item_svg(item, tmp))
    _write_via(path, write)


# ---------------------------------------------------------------------------------------------------- tables
def _weight(value: float) -> str:
    return f"{value:.7g}"  # float32 carries about 7 significant digits


def attention_csv_text(attention: np.ndarray, tokens: Sequence[str]) -> str:
    """The CSV write_attention_csv writes, as text."""
    arr = np.asarray(attention, dtype=np.float64)
    t = len(tokens)
    if arr.ndim not in (2, 4) or arr.shape[-2:] != (t, t):
        raise ExportError(
            QCoreApplication.translate(
                "AttentionExport",
                "Attention of shape {shape} does not match {t} tokens; expected [{t}, {t}] or [layers, heads, "
                "{t}, {t}].",
            ).format(shape=tuple(arr.shape), t=t)
        )
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if arr.ndim == 2:  # a matrix: one row per query token, one column per key token
        writer.writerow(["query \\ key", *tokens])
        for token, row in zip(tokens, arr.tolist(), strict=True):
            writer.writerow([token, *map(_weight, row)])
        return buf.getvalue()
    writer.writerow(LONG_COLUMNS)
    n_layers, n_heads = arr.shape[:2]
    for layer in range(n_layers):
        for head in range(n_heads):
            for q, q_token in enumerate(tokens):
                row = arr[layer, head, q].tolist()
                writer.writerows([layer, head, q, q_token, k, tokens[k], _weight(row[k])] for k in range(t))
    return buf.getvalue()


def write_attention_csv(path: Path, attention: np.ndarray, tokens: list[str]) -> None:
    """Save attention as CSV: a [T, T] matrix with the tokens as row and column headers, or a [L, H, T, T]
    stack in long form (layer, head, query_index, query_token, key_index, key_token, weight; 0-based indices).
    Written atomically; raises ExportError with a plain message when it cannot be."""
    data = attention_csv_text(attention, tokens).encode("utf-8")
    _write_via(Path(path), lambda tmp: Path(tmp).write_bytes(data))

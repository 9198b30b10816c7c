"""Counts the window's visible strings still in English, for the smoke test and the tests of the translation.

Every page is shown in turn and every text a person can read is collected: labels, buttons, group titles,
tooltips, placeholders, combo-box items, tabs, table headers, menus and toolbar actions, progress-bar formats,
spin-box affixes, plot axis titles and legends. What is data is left out: the cells of tables and lists (texts,
labels, run names), file paths, numbers and units, and the technical names that stay as they are in Chinese too
(Transformer, WordPiece, [CLS], CPU, CSV...). A string counts as untranslated when an English word of three or
more letters is left after that.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSpinBox,
    QTabBar,
    QWidget,
)

# Names and terms that stay in Latin letters in the Chinese window (product, formats, tokens, units, keys).
KEEP = {
    "transformer", "workbench", "wordpiece", "cls", "sep", "unk", "mask", "pad", "cpu", "gpu", "gpus", "cpus",
    "cuda", "mps", "csv", "tsv", "png", "svg", "json", "jsonl", "ndjson", "parquet", "tensorboard", "bert",
    "roberta", "alibi", "viridis", "cividis", "nan", "fp32", "fp16", "bf16", "bfloat16", "bfloat", "d_model",
    "d_ff", "ctrl", "shift", "esc", "flops", "gflops", "tflops", "mflops", "kflops", "gib", "mib", "kib",
    "python", "pytorch", "dropout", "config", "toml", "nvidia", "amd", "intel", "apple", "linux", "windows",
    "macos", "rollout", "english", "hugging", "face", "save_pretrained", "safetensors", "onnx", "onnxruntime",
    "torchrun", "pooler", "pip", "readme", "onnxscript", "transformer-workbench",
}  # fmt: skip
_PHRASES = ("pip install", "JSON Lines", "Noto Sans CJK", "tokens/s", "k tokens/s", "M tokens/s")
_TAGS = re.compile(r"<[^>]+>")
_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\\/][^\s,;:()“”'\"<>]+)+")
_KEYS = re.compile(r"\(\s*[A-Za-z0-9+.=\-]+\s*\)")  # a shortcut after a tooltip: (Ctrl+Return), (Esc), (F5)
_GLOB = re.compile(r"\*\.\w+|\*")  # file-dialog patterns: *.csv
_FILE = re.compile(
    r"\b[\w.-]+\.(?:csv|tsv|txt|json|jsonl|toml|png|svg|qm|ts|py|md|parquet|pq|text|ndjson|tab|safetensors|onnx)\b"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'_-]{2,}")


def english_words(text: str, data_words: AbstractSet[str] = frozenset()) -> list[str]:
    """The English words of `text` a translation should have replaced (empty when there are none)."""
    t = html.unescape(_TAGS.sub(" ", text)).replace("&", "")
    for phrase in _PHRASES:
        t = t.replace(phrase, " ")
    t = _FILE.sub(" ", _PATH.sub(" ", _GLOB.sub(" ", _KEYS.sub(" ", t))))
    words = []
    for word in _WORD.findall(t):
        w = word.strip("'-_").lower()
        if len(w) >= 3 and w not in KEEP and w not in data_words and not w.startswith("http"):
            words.append(word)
    return words


def _columns(model: QAbstractItemModel) -> int:
    try:
        return model.columnCount(QModelIndex())
    except TypeError:  # a list model keeps columnCount private: one column
        return 1


def _model_headers(model: QAbstractItemModel) -> Iterable[str]:
    for orientation, count in ((Qt.Orientation.Horizontal, _columns(model)),):
        for section in range(count):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.headerData(section, orientation, role)
                if isinstance(value, str):
                    yield value


def _model_cells(model: QAbstractItemModel, limit: int = 500) -> Iterable[str]:
    for row in range(min(model.rowCount(QModelIndex()), limit)):
        for col in range(_columns(model)):
            value = model.data(model.index(row, col), Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                yield value


def _menu_texts(menu: QMenu) -> Iterable[str]:
    yield menu.title()
    for action in menu.actions():
        if isinstance(sub := action.menu(), QMenu):
            yield from _menu_texts(sub)
        elif not action.isSeparator():
            yield from (action.text(), action.toolTip(), action.statusTip())


def widget_texts(widget: QWidget) -> Iterable[str]:
    """The strings a person can read on one widget (not its children)."""
    yield widget.toolTip()
    yield widget.statusTip()
    yield widget.whatsThis()
    if isinstance(widget, (QLabel, QAbstractButton)):
        yield widget.text()
    elif isinstance(widget, QGroupBox):
        yield widget.title()
    elif isinstance(widget, QLineEdit):
        yield widget.placeholderText()
    elif isinstance(widget, QComboBox) and not widget.property("showsData"):  # not a list of data (columns)
        for i in range(widget.count()):
            yield widget.itemText(i)
            tip = widget.itemData(i, Qt.ItemDataRole.ToolTipRole)
            if isinstance(tip, str):
                yield tip
    elif isinstance(widget, QTabBar):
        for i in range(widget.count()):
            yield from (widget.tabText(i), widget.tabToolTip(i))
    elif isinstance(widget, QProgressBar):
        yield widget.format() if widget.isTextVisible() else ""
    elif isinstance(widget, QAbstractSpinBox):
        yield widget.specialValueText()
        if isinstance(widget, QSpinBox):
            yield from (widget.prefix(), widget.suffix())
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        yield from _model_headers(widget.model())
    for action in widget.actions():
        if action.menu() is None and not action.isSeparator() and widget.isWindow() is False:
            yield from (action.text(), action.toolTip())


def _plot_texts(widget: QWidget) -> Iterable[str]:
    """Axis titles, legend entries and text items of a pyqtgraph view."""
    from PySide6.QtWidgets import QGraphicsView

    if not isinstance(widget, QGraphicsView) or widget.scene() is None:
        return
    import pyqtgraph as pg

    for item in widget.scene().items():
        if not item.isVisible():
            continue
        if isinstance(item, pg.AxisItem) and item.label.isVisible():
            yield str(item.labelText or "")
        elif isinstance(item, pg.LegendItem):
            for _sample, label in item.items:
                yield str(label.text)
        elif isinstance(item, pg.TextItem):
            yield item.textItem.toPlainText()


def _in_combo(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def data_words(window: Any) -> set[str]:
    """Words that are data, not interface: the cells of every table and list in the window."""
    from PySide6.QtWidgets import QTreeWidget

    words: set[str] = set()
    for view in window.findChildren(QAbstractItemView):
        if _in_combo(view):
            continue  # a combo box's list: its items are interface, counted with the combo box
        model = view.model()
        if model is not None and not isinstance(view, QTreeWidget):
            for value in _model_cells(model):
                words.update(w.lower() for w in _WORD.findall(value))
        if isinstance(view, QTreeWidget):
            for i in range(view.topLevelItemCount()):
                item = view.topLevelItem(i)
                if item is not None:
                    words.update(w.lower() for w in _WORD.findall(item.text(0)))
    try:
        from workbench.core.data.demo import DEMOS

        words.update(name.lower() for name in DEMOS)
    except ImportError:
        pass
    labels = getattr(getattr(window, "data_panel", None), "label_names", None)
    if callable(labels):
        for label in labels():
            words.update(w.lower() for w in _WORD.findall(str(label)))
    return words


def collect(window: QMainWindow, show_page: Any = None, pages: Iterable[Any] = ()) -> list[str]:
    """Every distinct visible string of the window, showing each of `pages` in turn with `show_page`."""
    app = QApplication.instance()
    seen: dict[str, None] = {}

    def gather() -> None:
        texts: list[str] = [window.windowTitle()]
        for action in window.menuBar().actions():
            if isinstance(sub := action.menu(), QMenu):
                texts.extend(_menu_texts(sub))
        for widget in [window, *window.findChildren(QWidget)]:
            if widget is window or widget.isVisibleTo(window):
                texts.extend(widget_texts(widget))
                texts.extend(_plot_texts(widget))
        for text in texts:
            if text and text.strip():
                seen.setdefault(text, None)

    pages = list(pages)
    if show_page is None or not pages:
        gather()
    for page in pages:
        show_page(page)
        if app is not None:
            app.processEvents()
        gather()
    return list(seen)


def untranslated(window: QMainWindow, show_page: Any = None, pages: Iterable[Any] = ()) -> list[str]:
    """The visible strings of the window still in English (see the module's docstring)."""
    words = data_words(window)
    return [text for text in collect(window, show_page, pages) if english_words(text, words)]

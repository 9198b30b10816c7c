"""The data the Data page has in use, and what the page says about it: the summary line, the class counts of the
split and the skipped rows. Qt-free, so it is tested without widgets."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from workbench.core.data.dataset import MANY_CLASSES, Dataset
from workbench.gui.widgets.language.noop import QT_TRANSLATE_NOOP


def demos() -> dict[str, str]:
    """The built-in data sets {name: one-line description}, or {} when this installation has none."""
    try:
        module = importlib.import_module("workbench.core.data.demo")
    except ImportError:
        return {}
    found = getattr(module, "DEMOS", None)
    if not isinstance(found, dict):
        return {}
    return {
        str(name): QCoreApplication.translate("LoadedData", _DESCRIPTIONS.get(str(name), str(text)))
        for name, text in found.items()
    }


# The built-in sets' descriptions in the window's language (core keeps the English; a set not listed shows core's).
_DESCRIPTIONS = {
    "sentiment": QT_TRANSLATE_NOOP(
        "LoadedData",
        'Restaurant and film reviews, positive or negative, told mostly by their adjectives, with a few "not"s: '
        "a small model learns it in seconds (the app's first data set).",
    ),
    "reviews-zh": QT_TRANSLATE_NOOP(
        "LoadedData",
        "中文评论 - Chinese restaurant and product reviews, positive (正面) or negative (负面), decided by 不/没 "
        "negation, 但是/不过 contrast and 虽然 concession; validation uses sentence shapes never seen in training.",
    ),
    "reviews": QT_TRANSLATE_NOOP(
        "LoadedData",
        "Restaurant and film reviews, positive or negative, decided by how words relate "
        '("not bad", "good but overpriced"); validation uses sentence shapes never seen in training.',
    ),
    "repeat": QT_TRANSLATE_NOOP(
        "LoadedData", "Rows of random words: does any word occur twice? Needs attention between matching words."
    ),
    "topics": QT_TRANSLATE_NOOP(
        "LoadedData",
        "Short remarks about sport, cooking, travel, music, technology or health; a few content words decide the "
        "topic.",
    ),
}


@dataclass
class Loaded:
    """The data now in use."""

    source: str  # "demo:NAME" or a file path
    title: str  # how the data is named in messages
    data: Dataset  # every usable row (for demo data: the training part)
    fixed_val: Dataset | None  # a built-in validation set, or None to split by the slider
    columns: list[str]  # the file's columns ([] for built-in data)


def data_notes(data: Dataset) -> list[str]:
    """What the reader decided (labels 1.0 read as 1), and a warning when the label column looks like IDs."""
    notes = [f"{x[0].upper()}{x[1:]}." for x in data.notes]
    n = len(data.label_names)
    if n > MANY_CLASSES:
        notes.append(
            QCoreApplication.translate(
                "LoadedData", "The label column {label_column!r} has {n:,} distinct values: is it an ID column?"
            ).format(label_column=data.label_column, n=n)
        )
    return notes


def reader_message(data: Dataset, inline: int) -> tuple[str, list[str] | None] | None:
    """The Data page's note on what the reader left out or decided (None: nothing to say), and the full list of
    skipped rows when there are more than `inline`."""
    notes = data_notes(data)
    if not data.skipped and not notes:
        return None
    text, details = skipped_text(data, inline) if data.skipped else ("", None)
    return " ".join([text] * bool(data.skipped) + notes), details


def skipped_text(data: Dataset, inline: int) -> tuple[str, list[str] | None]:
    """The message about the rows left out (the first `inline` named), and every row when there are more."""
    skipped = data.skipped
    named = ", ".join(
        QCoreApplication.translate("LoadedData", "line {line} {reason}").format(line=s.line, reason=s.reason)
        for s in skipped[:inline]
    )
    extra = len(skipped) - inline
    more = QCoreApplication.translate("LoadedData", ", … and {extra:,} more").format(extra=extra) if extra > 0 else ""
    if len(skipped) == 1:
        text = QCoreApplication.translate(
            "LoadedData", "1 row skipped: {named}{more}. The other rows are used; fix it in the file to use it too."
        ).format(named=named, more=more)
    else:
        text = QCoreApplication.translate(
            "LoadedData",
            "{count:,} rows skipped: {named}{more}. The other rows are used; fix these in the file to use them too.",
        ).format(count=len(skipped), named=named, more=more)
    details = (
        [
            QCoreApplication.translate("LoadedData", "line {line}: {reason}").format(line=s.line, reason=s.reason)
            for s in skipped
        ]
        if len(skipped) > inline
        else None
    )
    return text, details


def split_counts(loaded: Loaded, split: tuple[Dataset, Dataset] | None) -> tuple[dict[str, int], dict[str, int], str]:
    """(rows per class, validation rows per class, the note under the histogram)."""
    if loaded.fixed_val is not None:
        name = loaded.source.removeprefix("demo:").capitalize()
        note = QCoreApplication.translate(
            "LoadedData",
            "{name} comes with its own validation set of {n_fixed_val:,} sentences, so this share does not apply.",
        ).format(name=name, n_fixed_val=len(loaded.fixed_val))
        counts = loaded.data.label_counts()
        val_counts = loaded.fixed_val.label_counts()
        for k, v in val_counts.items():
            counts[k] = counts.get(k, 0) + v
        return counts, val_counts, note
    note = QCoreApplication.translate(
        "LoadedData", "The model never trains on these rows; its accuracy on them shows how it handles new text."
    )
    return loaded.data.label_counts(), split[1].label_counts() if split else {}, note


def summary_text(loaded: Loaded, split: tuple[Dataset, Dataset] | None) -> str:
    """One line: sentences for training and validation, classes, encoding, skipped rows."""
    n_classes = len(loaded.data.label_names)
    parts = []
    if split is not None:
        parts.append(
            QCoreApplication.translate("LoadedData", "{n_split:,} training / {n_split2:,} validation sentences").format(
                n_split=len(split[0]), n_split2=len(split[1])
            )
        )
    else:
        parts.append(
            QCoreApplication.translate("LoadedData", "{n_data:,} sentences (no validation split at this share)").format(
                n_data=len(loaded.data)
            )
        )
    parts.append(QCoreApplication.translate("LoadedData", "{n_classes} classes").format(n_classes=n_classes))
    parts.append(
        QCoreApplication.translate("LoadedData", "encoding {encoding}").format(encoding=loaded.data.encoding)
        if loaded.data.encoding
        else QCoreApplication.translate("LoadedData", "built-in data")
    )
    if loaded.data.skipped:
        parts.append(
            QCoreApplication.translate("LoadedData", "{n_skipped:,} skipped").format(n_skipped=len(loaded.data.skipped))
        )
    return " · ".join(parts)

"""Classification metrics computed from integer predictions (no scikit-learn at run time)."""

from __future__ import annotations

from typing import Any

import numpy as np


def confusion_cells(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """The non-zero cells of the confusion matrix as [K, 3] rows (true, predicted, count), largest count first
    (ties by true, then predicted class): at most one row per example, whatever the number of classes."""
    idx = np.asarray(y_true, dtype=np.int64) * n_classes + np.asarray(y_pred, dtype=np.int64)
    cells, counts = np.unique(idx, return_counts=True)
    order = np.argsort(-counts, kind="stable")
    cells, counts = cells[order], counts[order]
    return np.stack([cells // n_classes, cells % n_classes, counts], axis=1).astype(np.int64)


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """Rows are the true class, columns the predicted one."""
    idx = np.asarray(y_true, dtype=np.int64) * n_classes + np.asarray(y_pred, dtype=np.int64)
    return np.bincount(idx, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


def class_counts(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> dict[str, np.ndarray]:
    """Per class: correct predictions, predictions and true examples (what the scores need, without the
    n_classes x n_classes matrix: 800 MB for 10,000 classes)."""
    y_true, y_pred = np.asarray(y_true, dtype=np.int64), np.asarray(y_pred, dtype=np.int64)
    return {
        "tp": np.bincount(y_true[y_true == y_pred], minlength=n_classes),
        "predicted": np.bincount(y_pred, minlength=n_classes),
        "support": np.bincount(y_true, minlength=n_classes),
    }


def per_class_scores(
    cm: np.ndarray | None = None, counts: dict[str, np.ndarray] | None = None
) -> dict[str, np.ndarray]:
    """Precision, recall, F1 and support per class, from a confusion matrix or class_counts; 0 where a class was
    never predicted or never present."""
    if counts is None:
        assert cm is not None
        counts = {"tp": np.diag(cm), "predicted": cm.sum(axis=0), "support": cm.sum(axis=1)}
    tp = counts["tp"].astype(np.float64)
    predicted = counts["predicted"].astype(np.float64)
    support = counts["support"].astype(np.float64)
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    recall = np.divide(tp, support, out=np.zeros_like(tp), where=support > 0)
    denom = precision + recall
    f1 = np.divide(2 * precision * recall, denom, out=np.zeros_like(tp), where=denom > 0)
    return {"precision": precision, "recall": recall, "f1": f1, "support": support}


def accuracy_and_macro_f1(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> tuple[float, float]:
    """Macro-F1 averages over the classes present in y_true or y_pred (as scikit-learn does)."""
    counts = class_counts(y_true, y_pred, n_classes)
    total = counts["support"].sum()
    acc = float(counts["tp"].sum() / total) if total else 0.0
    scores = per_class_scores(counts=counts)
    seen = (counts["predicted"] + counts["support"]) > 0
    macro = float(scores["f1"][seen].mean()) if seen.any() else 0.0
    return acc, macro


def cells_to_matrix(cells: np.ndarray, n_classes: int) -> np.ndarray:
    """A dense [C, C] confusion matrix from (true, predicted, count) cells."""
    matrix = np.zeros((n_classes, n_classes), dtype=np.int64)
    if len(cells):
        np.add.at(matrix, (cells[:, 0], cells[:, 1]), cells[:, 2])
    return matrix


def confusion_from_json(confusion: dict[str, Any]) -> tuple[list[str], np.ndarray]:
    """(labels, dense matrix) of an evaluation.json "confusion" entry, in either form (rows or cells).

    Raises ValueError, KeyError or TypeError for a damaged entry."""
    labels = [str(x) for x in confusion["labels"]]
    if "matrix" in confusion:
        return labels, np.array(confusion["matrix"], dtype=np.int64).reshape(len(labels), len(labels))
    cells = np.array(confusion["cells"], dtype=np.int64).reshape(-1, 3)
    if len(cells) and (cells.min() < 0 or cells[:, :2].max() >= len(labels)):
        raise ValueError("a confusion cell names a class that does not exist")
    return labels, cells_to_matrix(cells, len(labels))

"""Classification metrics computed from integer predictions (no scikit-learn at run time)."""

from __future__ import annotations

import numpy as np


def confusion_matrix(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """Rows are the true class, columns the predicted one."""
    idx = np.asarray(y_true, dtype=np.int64) * n_classes + np.asarray(y_pred, dtype=np.int64)
    return np.bincount(idx, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


def per_class_scores(cm: np.ndarray) -> dict[str, np.ndarray]:
    """Precision, recall, F1 and support per class; 0 where a class was never predicted or never present."""
    tp = np.diag(cm).astype(np.float64)
    predicted = cm.sum(axis=0).astype(np.float64)
    support = cm.sum(axis=1).astype(np.float64)
    precision = np.divide(tp, predicted, out=np.zeros_like(tp), where=predicted > 0)
    recall = np.divide(tp, support, out=np.zeros_like(tp), where=support > 0)
    denom = precision + recall
    f1 = np.divide(2 * precision * recall, denom, out=np.zeros_like(tp), where=denom > 0)
    return {"precision": precision, "recall": recall, "f1": f1, "support": support}


def accuracy_and_macro_f1(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> tuple[float, float]:
    """Macro-F1 averages over the classes present in y_true or y_pred (as scikit-learn does)."""
    cm = confusion_matrix(y_true, y_pred, n_classes)
    total = cm.sum()
    acc = float(np.trace(cm) / total) if total else 0.0
    scores = per_class_scores(cm)
    seen = (cm.sum(axis=0) + cm.sum(axis=1)) > 0
    macro = float(scores["f1"][seen].mean()) if seen.any() else 0.0
    return acc, macro

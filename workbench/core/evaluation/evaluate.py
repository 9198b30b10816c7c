"""Evaluating a trained classifier on labelled data, and predicting a file of texts.

Runs in fp32 on the model's own device, in eval mode, in batches sorted by length.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch

from workbench.core.data.dataset import Dataset
from workbench.core.errors import DataError
from workbench.core.evaluation.metrics import accuracy_and_macro_f1, confusion_matrix, per_class_scores
from workbench.core.inspection.inspector import LoadedRun
from workbench.core.runs.folder import atomic_write_text
from workbench.core.training.batching import EncodedSet

BATCH = 128
Progress = Callable[[int, int], None]  # (texts done, texts in all), called after each batch; may raise to stop


@torch.no_grad()
def predict_proba(loaded: LoadedRun, texts: list[str], progress: Progress | None = None) -> np.ndarray:
    """Class probabilities [N, n_classes] for each text, in the order given (on the model's own device)."""
    model = loaded.model
    device = next(model.parameters()).device
    if model.classifier is None:
        raise DataError(f"{loaded.path} is a pre-trained (masked-LM) run; fine-tune it before predicting classes.")
    ids = loaded.tokenizer.encode_ids(list(texts), model.cfg.max_len)
    encoded = EncodedSet.build(ids, loaded.tokenizer.pad_id)
    order = encoded.eval_order()
    out = np.zeros((len(texts), model.cfg.n_classes), dtype=np.float32)
    was_training = model.training
    model.eval()
    try:
        for start in range(0, len(order), BATCH):
            idx = order[start : start + BATCH]
            batch_ids, mask, _ = encoded.batch(idx)
            logits, _ = model.classify(batch_ids.to(device), mask.to(device))
            out[idx] = torch.softmax(logits.float(), dim=-1).cpu().numpy()
            if progress is not None:
                progress(min(start + BATCH, len(order)), len(order))
    finally:
        model.train(was_training)
    return out


@dataclass
class Evaluation:
    """Scores of a model on labelled data; rows of `confusion` are true classes, columns predicted ones."""

    labels: list[str]
    texts: list[str]
    true: np.ndarray  # [N] class ids
    probabilities: np.ndarray  # [N, C]
    accuracy: float
    macro_f1: float
    confusion: np.ndarray  # [C, C]
    per_class: dict[str, dict[str, float]]

    @property
    def predicted(self) -> np.ndarray:
        return self.probabilities.argmax(axis=1)

    def cell(self, true_label: int, predicted_label: int) -> np.ndarray:
        """Indices of the examples in one confusion-matrix cell, the most confident first."""
        idx = np.flatnonzero((self.true == true_label) & (self.predicted == predicted_label))
        return idx[np.argsort(-self.probabilities[idx, predicted_label], kind="stable")]

    def misclassified(self) -> np.ndarray:
        """Indices of wrong predictions, the most confidently wrong first."""
        idx = np.flatnonzero(self.true != self.predicted)
        return idx[np.argsort(-self.probabilities[idx].max(axis=1), kind="stable")]

    def to_json(self) -> dict[str, Any]:
        return {
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "per_class": self.per_class,
            "confusion": {"labels": self.labels, "matrix": self.confusion.tolist()},
            "examples": len(self.texts),
        }

    def to_csv(self) -> str:
        """One row per class (precision, recall, F1, support), then the confusion matrix."""
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["class", "precision", "recall", "f1", "support"])
        for name, s in self.per_class.items():
            writer.writerow([name, f"{s['precision']:.4f}", f"{s['recall']:.4f}", f"{s['f1']:.4f}", s["support"]])
        writer.writerow([])
        writer.writerow(["true \\ predicted", *self.labels])
        for name, row in zip(self.labels, self.confusion.tolist(), strict=True):
            writer.writerow([name, *row])
        return buf.getvalue()


def evaluate(loaded: LoadedRun, data: Dataset, progress: Progress | None = None) -> Evaluation:
    """Accuracy, macro-F1, per-class scores and the confusion matrix of a run's model on labelled data."""
    if data.labels is None:
        raise DataError(f"{data.source or 'The data'} has no labels to evaluate against; name the label column.")
    index = {name: i for i, name in enumerate(loaded.labels)}
    unknown = sorted(set(data.labels) - set(index))
    if unknown:
        shown = ", ".join(repr(x) for x in unknown[:5])
        raise DataError(f"The data has labels the model never learnt ({shown}); it knows {', '.join(loaded.labels)}.")
    true = np.array([index[x] for x in data.labels], dtype=np.int64)
    probs = predict_proba(loaded, data.texts, progress)
    n = len(loaded.labels)
    cm = confusion_matrix(true, probs.argmax(axis=1), n)
    acc, macro = accuracy_and_macro_f1(true, probs.argmax(axis=1), n)
    scores = per_class_scores(cm)
    per_class = {
        name: {
            "precision": float(scores["precision"][i]),
            "recall": float(scores["recall"][i]),
            "f1": float(scores["f1"][i]),
            "support": int(scores["support"][i]),
        }
        for i, name in enumerate(loaded.labels)
    }
    return Evaluation(loaded.labels, list(data.texts), true, probs, acc, macro, cm, per_class)


def write_predictions(loaded: LoadedRun, texts: list[str], path: Path, progress: Progress | None = None) -> int:
    """Write text, predicted label, confidence and one probability column per class to a CSV file (atomically)."""
    probs = predict_proba(loaded, texts, progress)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["text", "predicted", "confidence", *[f"p_{name}" for name in loaded.labels]])
    for text, row in zip(texts, probs, strict=True):
        best = int(row.argmax())
        writer.writerow([text, loaded.labels[best], f"{row[best]:.4f}", *[f"{p:.4f}" for p in row]])
    atomic_write_text(Path(path), buf.getvalue())
    return len(texts)

"""Evaluating a trained classifier on labelled data, and predicting a file of texts.

Runs in fp32 on the model's own device, in eval mode, in batches sorted by length.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
import torch

from workbench.core.data.dataset import MANY_CLASSES, Dataset
from workbench.core.errors import DataError
from workbench.core.evaluation.metrics import (
    accuracy_and_macro_f1,
    cells_to_matrix,
    class_counts,
    confusion_cells,
    confusion_from_json,
    confusion_matrix,
    per_class_scores,
)

__all__ = ["DENSE_CLASSES", "Evaluation", "confusion_from_json", "evaluate", "predict_proba", "write_predictions"]
from workbench.core.inspection.inspector import LoadedRun
from workbench.core.training.batching import EncodedSet

BATCH = 128
# Above this many classes the confusion matrix is kept and written as its non-zero cells (a dense one for
# 10,000 classes is 800 MB in memory and a gigabyte of JSON), and predictions carry the top TOP_K classes.
DENSE_CLASSES = MANY_CLASSES
TOP_K = 5
PREDICT_CHUNK = 8192  # texts predicted (and their probabilities held) at a time when writing predictions
Progress = Callable[[int, int], None]  # (texts done, texts in all or 0 if unknown), after each batch; may raise


@torch.no_grad()
def predict_proba(loaded: LoadedRun, texts: list[str], progress: Progress | None = None) -> np.ndarray:
    """Class probabilities [N, n_classes] for each text, in the order given (on the model's own device)."""
    model = loaded.model
    device = next(model.parameters()).device
    if model.classifier is None:
        raise DataError(f"{loaded.path} is a pre-trained (masked-LM) run; fine-tune it before predicting classes.")
    encoded = EncodedSet.encode(loaded.tokenizer, texts, model.cfg.max_len)
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
    confusion: np.ndarray | None  # [C, C]; None above DENSE_CLASSES classes (see cells)
    per_class: dict[str, dict[str, float]]
    cells: np.ndarray | None = None  # [K, 3] non-zero cells (true, predicted, count), largest first

    def dense_confusion(self) -> np.ndarray:
        """The full matrix, built from the cells when only they are kept (mind the size for many classes)."""
        if self.confusion is not None:
            return self.confusion
        return cells_to_matrix(self.cells if self.cells is not None else np.zeros((0, 3), np.int64), len(self.labels))

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

    def to_json(self, full_confusion: bool = False) -> dict[str, Any]:
        """The scores; the confusion matrix as rows (few classes or full_confusion) or as its non-zero cells."""
        if self.confusion is not None or full_confusion:
            confusion: dict[str, Any] = {"labels": self.labels, "matrix": self.dense_confusion().tolist()}
        else:
            assert self.cells is not None
            confusion = {"labels": self.labels, "cells": self.cells.tolist()}
        return {
            "accuracy": self.accuracy,
            "macro_f1": self.macro_f1,
            "per_class": self.per_class,
            "confusion": confusion,
            "examples": len(self.texts),
        }

    def to_csv(self, full_confusion: bool = False) -> str:
        """One row per class (precision, recall, F1, support), then the confusion matrix."""
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["class", "precision", "recall", "f1", "support"])
        for name, s in self.per_class.items():
            writer.writerow([name, f"{s['precision']:.4f}", f"{s['recall']:.4f}", f"{s['f1']:.4f}", s["support"]])
        writer.writerow([])
        if self.confusion is None and self.cells is not None and not full_confusion:  # many classes: the cells
            writer.writerow(["true", "predicted", "count"])
            for t, p, count in self.cells.tolist():
                writer.writerow([self.labels[t], self.labels[p], count])
            return buf.getvalue()
        writer.writerow(["true \\ predicted", *self.labels])
        for name, row in zip(self.labels, self.dense_confusion().tolist(), strict=True):
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
    predicted = probs.argmax(axis=1)
    cm = confusion_matrix(true, predicted, n) if n <= DENSE_CLASSES else None
    acc, macro = accuracy_and_macro_f1(true, predicted, n)
    scores = per_class_scores(counts=class_counts(true, predicted, n))
    per_class = {
        name: {
            "precision": float(scores["precision"][i]),
            "recall": float(scores["recall"][i]),
            "f1": float(scores["f1"][i]),
            "support": int(scores["support"][i]),
        }
        for i, name in enumerate(loaded.labels)
    }
    cells = confusion_cells(true, predicted, n)
    return Evaluation(loaded.labels, list(data.texts), true, probs, acc, macro, cm, per_class, cells)


def write_predictions(
    loaded: LoadedRun,
    texts: Iterable[list[str]] | list[str],
    path: Path,
    progress: Progress | None = None,
    all_probabilities: bool = False,
) -> int:
    """Write text, predicted label, confidence and one probability column per class to a CSV file.

    texts: a list, or chunks of texts (a large file's, read a chunk at a time: rows are written as each chunk
    is predicted, so memory does not grow with the file). Above DENSE_CLASSES classes (unless
    all_probabilities) the columns are the TOP_K most likely classes and their probabilities instead.
    The file appears only when complete (a temporary file beside it is renamed into place).
    """
    total = 0  # unknown for chunks
    chunks: Iterable[list[str]]
    if isinstance(texts, list) and (not texts or isinstance(texts[0], str)):
        total = len(texts)
        chunks = [texts[i : i + PREDICT_CHUNK] for i in range(0, total, PREDICT_CHUNK)]
    else:
        chunks = cast("Iterable[list[str]]", texts)
    labels = loaded.labels
    top = None if all_probabilities or len(labels) <= DENSE_CLASSES else min(TOP_K, len(labels))
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    done = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            if top is None:
                writer.writerow(["text", "predicted", "confidence", *[f"p_{name}" for name in labels]])
            else:
                writer.writerow(["text", "predicted", "confidence", *_top_header(top)])
            for chunk in chunks:
                offset = done

                def chunk_progress(n: int, _total: int, offset: int = offset) -> None:
                    if progress is not None:
                        progress(offset + n, total)

                probs = predict_proba(loaded, chunk, chunk_progress)
                for text, row in zip(chunk, probs, strict=True):
                    best = int(row.argmax())
                    if top is None:
                        rest = [f"{p:.4f}" for p in row]
                    else:
                        ranked = np.argsort(-row, kind="stable")[:top]
                        rest = [x for k in ranked for x in (labels[k], f"{row[k]:.4f}")]
                    writer.writerow([text, labels[best], f"{row[best]:.4f}", *rest])
                done += len(chunk)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return done


def _top_header(k: int) -> list[str]:
    return [name for i in range(1, k + 1) for name in (f"top{i}", f"p_top{i}")]

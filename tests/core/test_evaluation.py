"""Evaluation numbers against ones counted by hand from the same predictions."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from test_engine import make_config, run_all

from workbench.core.data.dataset import Dataset, stratified_split
from workbench.core.errors import DataError
from workbench.core.evaluation.evaluate import evaluate, predict_proba
from workbench.core.inspection.inspector import load_run
from workbench.core.training.engine import Trainer


@pytest.fixture
def run_and_data(tiny_texts, tmp_path: Path):
    texts, labels = tiny_texts
    # Three classes, so macro-F1 and the confusion matrix are not trivially symmetric.
    labels = [lab if i % 5 else "neutral" for i, lab in enumerate(labels)]
    train, val = stratified_split(Dataset(texts, labels), 0.3, seed=0)
    run_all(Trainer(make_config(max_steps=15), train=train, val=val, run_dir=tmp_path / "r"))
    return load_run(tmp_path / "r"), val


def test_scores_match_hand_counts(run_and_data) -> None:
    loaded, val = run_and_data
    result = evaluate(loaded, val)
    pred = [loaded.labels[i] for i in predict_proba(loaded, val.texts).argmax(axis=1)]
    gold = val.labels
    assert result.accuracy == pytest.approx(sum(p == g for p, g in zip(pred, gold, strict=True)) / len(gold))
    f1s = []
    for name in loaded.labels:
        tp = sum(p == name and g == name for p, g in zip(pred, gold, strict=True))
        fp = sum(p == name and g != name for p, g in zip(pred, gold, strict=True))
        fn = sum(p != name and g == name for p, g in zip(pred, gold, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        f1s.append(f1)
        scores = result.per_class[name]
        assert (scores["precision"], scores["recall"], scores["f1"]) == pytest.approx((precision, recall, f1))
        assert scores["support"] == gold.count(name)
    assert result.macro_f1 == pytest.approx(np.mean(f1s))
    for i, t in enumerate(loaded.labels):
        for j, p in enumerate(loaded.labels):
            count = sum(g == t and q == p for g, q in zip(gold, pred, strict=True))
            assert result.confusion[i, j] == count
            cell = result.cell(i, j)
            assert len(cell) == count
            conf = result.probabilities[cell, j]
            assert list(conf) == sorted(conf, reverse=True)


def test_misclassified_are_the_wrong_ones_most_confident_first(run_and_data) -> None:
    loaded, val = run_and_data
    result = evaluate(loaded, val)
    wrong = result.misclassified()
    assert all(result.true[i] != result.predicted[i] for i in wrong)
    assert len(wrong) == int((result.true != result.predicted).sum())
    confidence = result.probabilities[wrong].max(axis=1)
    assert list(confidence) == sorted(confidence, reverse=True)


def test_labels_the_model_never_saw_are_named(run_and_data) -> None:
    loaded, _ = run_and_data
    odd = Dataset(["the food was good"], ["surprised"], source="odd.csv")
    with pytest.raises(DataError, match="'surprised'"):
        evaluate(loaded, odd)

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch

from workbench.core.evaluation.metrics import accuracy_and_macro_f1, confusion_matrix, per_class_scores
from workbench.core.training.batching import mask_for_mlm
from workbench.core.training.schedule import default_warmup, lr_at


def test_metrics_match_hand_computed_values() -> None:
    y_true = np.array([0, 0, 0, 1, 1, 2])
    y_pred = np.array([0, 1, 0, 1, 2, 2])
    cm = confusion_matrix(y_true, y_pred, 3)
    assert cm.tolist() == [[2, 1, 0], [0, 1, 1], [0, 0, 1]]
    scores = per_class_scores(cm)
    assert scores["precision"].tolist() == pytest.approx([1.0, 0.5, 0.5])
    assert scores["recall"].tolist() == pytest.approx([2 / 3, 0.5, 1.0])
    acc, macro = accuracy_and_macro_f1(y_true, y_pred, 3)
    f1 = [0.8, 0.5, 2 / 3]
    assert acc == pytest.approx(4 / 6) and macro == pytest.approx(sum(f1) / 3)


def test_lr_warms_up_then_decays_to_the_floor() -> None:
    lrs = [lr_at(s, max_lr=1.0, warmup=10, total=100, min_ratio=0.1) for s in range(120)]
    assert lrs[0] < lrs[5] < lrs[9] <= 1.0
    assert lrs[10] == pytest.approx(1.0)
    assert all(a >= b for a, b in itertools.pairwise(lrs[10:]))
    assert lrs[100] == pytest.approx(0.1) and lrs[119] == pytest.approx(0.1)
    assert default_warmup(100) == 5 and default_warmup(100_000) == 200


def test_mlm_masking_follows_bert_proportions() -> None:
    gen = torch.Generator().manual_seed(0)
    ids = torch.randint(5, 1000, (400, 64))
    ids[:, 0], ids[:, -1] = 2, 3  # [CLS] ... [SEP]
    pad = torch.ones_like(ids, dtype=torch.bool)
    pad[:50, 40:] = False
    ids[:50, 40:] = 0
    out, chosen, targets = mask_for_mlm(
        ids, pad, special_ids={0, 1, 2, 3, 4}, mask_id=4, vocab_size=1000, generator=gen
    )
    assert not chosen[:, 0].any() and not chosen[:, -1].any() and not chosen[:50, 40:].any()
    rate = chosen.sum().item() / (pad.sum().item() - 2 * 400)
    assert 0.14 < rate < 0.16
    masked = (out[chosen] == 4).float().mean().item()
    unchanged = (out[chosen] == targets).float().mean().item()
    assert 0.77 < masked < 0.83 and 0.08 < unchanged < 0.12
    assert torch.equal(targets, ids[chosen])

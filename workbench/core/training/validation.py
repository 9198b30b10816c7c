"""Validation metrics during training: loss and accuracy (+ macro-F1), or masked-token accuracy for MLM."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.evaluation.metrics import accuracy_and_macro_f1
from workbench.core.model.encoder import EncoderModel
from workbench.core.training.batching import EncodedSet, mask_for_mlm
from workbench.core.training.device import DeviceChoice

EVAL_BATCH = 128


@torch.no_grad()
def validation_metrics(
    model: EncoderModel,
    data: EncodedSet,
    *,
    task: str,
    device: DeviceChoice,
    tokenizer: TextTokenizer,
    n_classes: int,
    seed: int,
    unigram_id: int = -1,
) -> dict[str, float]:
    """One pass over `data` at the training precision, in eval mode (the model's mode is restored).

    MLM masks are drawn from a generator seeded the same way every time, so evaluations are comparable, and
    unigram_accuracy is what always guessing the most frequent training token scores on those masks.
    """
    was_training = model.training
    model.eval()
    order = data.eval_order()
    total_loss, count = 0.0, 0
    preds, golds = [], []
    gen = torch.Generator().manual_seed(seed + 7)
    try:
        for start in range(0, len(order), EVAL_BATCH):
            ids, mask, labels = data.batch(order[start : start + EVAL_BATCH])
            positions = None
            if task == "mlm":
                ids, positions, labels = mask_for_mlm(
                    ids,
                    mask,
                    special_ids=tokenizer.special_ids,
                    mask_id=tokenizer.mask_id,
                    vocab_size=tokenizer.vocab_size,
                    generator=gen,
                )
                positions = positions.to(device.device)
            assert labels is not None  # classification batches carry labels; mlm_for_mlm made the MLM ones
            ids, mask, labels = ids.to(device.device), mask.to(device.device), labels.to(device.device)
            with device.autocast():
                if positions is not None:
                    logits = model.mlm_logits(ids, mask, positions)
                else:
                    logits = model.classify(ids, mask)[0]
            logits = logits.float()
            total_loss += float(F.cross_entropy(logits, labels, reduction="sum"))
            count += len(labels)
            preds.append(logits.argmax(-1).cpu().numpy())
            golds.append(labels.cpu().numpy())
    finally:
        model.train(was_training)
    y_pred, y_true = np.concatenate(preds), np.concatenate(golds)
    loss = total_loss / max(1, count)
    if task == "mlm":
        return {
            "val_loss": loss,
            "masked_accuracy": float((y_pred == y_true).mean()),
            "unigram_accuracy": float((y_true == unigram_id).mean()),
        }
    acc, f1 = accuracy_and_macro_f1(y_true, y_pred, n_classes)
    return {"val_loss": loss, "val_accuracy": acc, "val_macro_f1": f1}

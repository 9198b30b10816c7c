"""The optimizer of a run: AdamW over groups split into encoder and head, and each group's learning-rate scale."""

from __future__ import annotations

from typing import Any

import torch

from workbench.core.config import Precision, TrainConfig
from workbench.core.model.encoder import EncoderModel, param_groups
from workbench.core.training.device import DeviceChoice


def optimizer_groups(model: EncoderModel, weight_decay: float) -> list[dict[str, Any]]:
    """param_groups split into the encoder's and the classifier's (part = "encoder" | "head"), so fine-tuning
    can freeze or slow the encoder."""
    head = {id(p) for p in model.classifier.parameters()} if model.classifier is not None else set()
    groups = []
    for group in param_groups(model, weight_decay):
        for part in ("encoder", "head"):
            params = [p for p in group["params"] if (id(p) in head) == (part == "head")]
            if params:
                groups.append({**group, "params": params, "part": part})
    return groups


def build_optimizer(
    model: EncoderModel, t: TrainConfig, device: DeviceChoice
) -> tuple[torch.optim.Optimizer, torch.amp.GradScaler | None]:
    """Fused AdamW where the build has it; a GradScaler for fp16 so small gradients survive."""
    groups = optimizer_groups(model, t.weight_decay)
    extra = {"fused": True} if device.device.type in ("cuda", "cpu") else {}
    try:
        optimizer = torch.optim.AdamW(groups, lr=t.lr, betas=(0.9, 0.98), eps=1e-8, **extra)
    except (RuntimeError, TypeError):  # fused AdamW is missing on some builds
        optimizer = torch.optim.AdamW(groups, lr=t.lr, betas=(0.9, 0.98), eps=1e-8)
    scaler = torch.amp.GradScaler(device.device.type) if device.precision == Precision.FP16 else None
    return optimizer, scaler


UNFREEZE_WARMUP = 100  # steps over which an unfrozen encoder warms up when the run has no warm-up of its own


def lr_scale(part: str, t: TrainConfig, step: int, warmup: int = 0) -> float:
    """The head always learns at the scheduled rate; a fine-tuned encoder is held still for freeze_steps, then
    warms up over as many steps as the run's own warm-up (a fresh Adam state meeting the full rate would jolt
    the pre-trained weights) to encoder_lr_scale times the scheduled rate."""
    if part != "encoder" or not t.init_from:
        return 1.0
    if step < t.freeze_steps:
        return 0.0
    if t.freeze_steps == 0:
        return t.encoder_lr_scale
    ramp = warmup if warmup > 0 else UNFREEZE_WARMUP
    return t.encoder_lr_scale * min(1.0, (step - t.freeze_steps + 1) / (ramp + 1))


def set_learning_rates(optimizer: torch.optim.Optimizer, lr: float, t: TrainConfig, step: int, warmup: int) -> None:
    """Each group's rate for this step. A group held at zero takes no gradients at all: it costs no backward
    pass, leaves the clipping norm to the parts that learn, and gets no Adam moments from the frozen steps."""
    for group in optimizer.param_groups:
        scale = lr_scale(group.get("part", "encoder"), t, step, warmup)
        group["lr"] = lr * scale
        for param in group["params"]:
            param.requires_grad_(scale > 0)

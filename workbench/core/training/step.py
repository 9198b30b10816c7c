"""One optimizer step over a global batch: the rows of each process, cut into micro-batches (--accumulate), with
the loss normalised over the whole global batch so that N micro-batches of B rows, or P processes of B rows,
give the update one batch of N·B (or P·B) rows would.

The rows of a step are a pure function of (seed, epoch, step in epoch, global batch), whatever the number of
processes: process r of P takes every P-th row of the step's slice of the epoch's order (as torch's
DistributedSampler does over an epoch), so a run continued with another number of processes but the same global
batch reads the same rows in the same steps.
"""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from workbench.core.config import TrainConfig
from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.model.step_masks import StepMasks
from workbench.core.training.batching import mask_for_mlm
from workbench.core.training.device import DeviceChoice, torch_threads

Batch = tuple[torch.Tensor, torch.Tensor, "torch.Tensor | None"]


@dataclass(frozen=True)
class Shard:
    """This process's place among the processes that train together (rank 0 of 1 without torchrun)."""

    rank: int = 0
    world_size: int = 1

    def global_batch(self, t: TrainConfig) -> int:
        return t.batch_size * t.accumulate * self.world_size

    def rows_per_process(self, n: int) -> int:
        """Rows each process reads in an epoch (the epoch's order is padded by wrapping to a multiple of P)."""
        return math.ceil(n / self.world_size)

    def steps_per_epoch(self, n: int, t: TrainConfig) -> int:
        return math.ceil(self.rows_per_process(n) / (t.batch_size * t.accumulate))

    def micro_batches(self, order: np.ndarray, step_in_epoch: int, t: TrainConfig) -> list[np.ndarray]:
        """This process's rows of one step, as micro-batches of at most batch_size rows."""
        if self.world_size > 1 and len(order) % self.world_size:
            order = np.resize(order, self.rows_per_process(len(order)) * self.world_size)  # wraps around
        g = self.global_batch(t)
        mine = order[step_in_epoch * g : (step_in_epoch + 1) * g][self.rank :: self.world_size]
        return [mine[i : i + t.batch_size] for i in range(0, len(mine), t.batch_size)]


@dataclass
class StepContext:
    """What a step needs besides the batches; the same on every process."""

    forward: Callable[..., torch.Tensor]  # the model's forward (DistributedDataParallel's under torchrun)
    parameters: Callable[[], Iterator[torch.nn.Parameter]]
    optimizer: torch.optim.Optimizer
    scaler: torch.amp.GradScaler | None
    device: DeviceChoice
    train: TrainConfig
    tokenizer: TextTokenizer
    lock: threading.Lock
    all_reduce: Callable[[torch.Tensor], torch.Tensor] | None = None  # sums over processes; None alone
    no_sync: Callable[[], contextlib.AbstractContextManager[None]] | None = None  # skip DDP's gradient exchange
    rank: int = 0
    world_size: int = 1
    masks: StepMasks | None = None  # the dropout masks by step (drawn ahead); None: from torch's generator


def train_step(ctx: StepContext, batches: list[Batch], step: int) -> tuple[float, int]:
    """Forward and backward every micro-batch, then one optimizer step. Returns (the global batch's mean loss,
    its real tokens). A non-finite loss leaves the weights untouched (and is returned for the caller to report)."""
    t, dev = ctx.train, ctx.device
    non_blocking = dev.device.type == "cuda"
    prepared = [_to_device(ctx, b, step, i, non_blocking) for i, b in enumerate(batches)]
    # Every row (classification) or masked token (MLM) of the global batch weighs the same, as in one big batch.
    totals = torch.tensor([float(sum(len(y) for *_, y in prepared)), float(sum(int(m.sum()) for _, m, *_ in batches))])
    if ctx.all_reduce is not None:
        totals = ctx.all_reduce(totals)
    count, tokens = max(float(totals[0]), 1.0), int(totals[1])
    # DistributedDataParallel averages gradients over processes; scaling by P makes that a sum over the batch.
    scale = ctx.world_size / count
    loss_sum = torch.zeros((), dtype=torch.float64)
    masks = ctx.masks
    with ctx.lock, masks.step(step) if masks is not None else contextlib.nullcontext():
        ctx.optimizer.zero_grad(set_to_none=True)
        for i, (ids, mask, positions, labels) in enumerate(prepared):
            last = i == len(prepared) - 1
            sync = contextlib.nullcontext() if last or ctx.no_sync is None else ctx.no_sync()
            if masks is not None:
                masks.micro_batch(i)
            with sync:
                with dev.autocast():
                    logits = ctx.forward(ids, mask, positions)
                loss = F.cross_entropy(logits.float(), labels, reduction="sum")
                loss_sum += loss.detach().double().cpu()
                scaled = loss * scale
                (ctx.scaler.scale(scaled) if ctx.scaler is not None else scaled).backward()
        if masks is not None:
            masks.draw_next()  # on the core the one-thread update below leaves idle
        if ctx.all_reduce is not None:
            loss_sum = ctx.all_reduce(loss_sum)
        value = float(loss_sum) / count
        if not math.isfinite(value):
            ctx.optimizer.zero_grad(set_to_none=True)
            return value, tokens  # weights untouched: the last good state stays in memory and on disk
        with torch_threads(update_threads(dev, ctx.parameters())):
            if ctx.scaler is not None:  # fp16: unscale before clipping
                ctx.scaler.unscale_(ctx.optimizer)
            if t.grad_clip > 0:
                torch.nn.utils.clip_grad_norm_(ctx.parameters(), t.grad_clip)
            if ctx.scaler is not None:
                ctx.scaler.step(ctx.optimizer)
                ctx.scaler.update()
            else:
                ctx.optimizer.step()
    return value, tokens


# Under this many parameters the clipping and the update are a few milliseconds of memory traffic on the CPU.
ONE_THREAD_UPDATE_BELOW = 16_000_000


def update_threads(dev: DeviceChoice, parameters: Iterator[torch.nn.Parameter]) -> int | None:
    """1 where the clipping and the update should run in the training thread alone, else None (leave torch's
    threads as they are).

    They are one parallel region per parameter (the fused AdamW splits even a 256-value bias), and each region
    wakes torch's sleeping threads ("Busy machines"), which costs more than it saves on a model this small: the
    small preset's update took 3.3 ms with 1 thread against 6.4 ms with 2; base (23 M parameters) 22.9 against
    24.7 ms, where on a machine with many cores more threads may pay (README, bench train)."""
    if dev.device.type != "cpu":
        return None
    return 1 if sum(p.numel() for p in parameters) < ONE_THREAD_UPDATE_BELOW else None


def _to_device(
    ctx: StepContext, batch: Batch, step: int, index: int, non_blocking: bool
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None, torch.Tensor]:
    """(ids, mask, MLM positions or None, targets) on the device; MLM masks are drawn here."""
    ids, mask, labels = batch
    dev, t, positions = ctx.device.device, ctx.train, None
    if t.task == "mlm":
        # Masks are a function of (seed, step, process, micro-batch), so a resumed run masks as an unbroken one.
        gen = torch.Generator().manual_seed(t.seed * 1_000_003 + step + 7_919 * (ctx.rank + 1_000 * index))
        ids, positions, labels = mask_for_mlm(
            ids,
            mask,
            special_ids=ctx.tokenizer.special_ids,
            mask_id=ctx.tokenizer.mask_id,
            vocab_size=ctx.tokenizer.vocab_size,
            generator=gen,
        )
        positions = positions.to(dev, non_blocking=non_blocking)
    assert labels is not None
    if dev.type == "cuda":
        ids, mask = ids.pin_memory(), mask.pin_memory()
    return (
        ids.to(dev, non_blocking=non_blocking),
        mask.to(dev, non_blocking=non_blocking),
        positions,
        labels.to(dev, non_blocking=non_blocking),
    )

"""Training under torchrun: one engine, several processes, DistributedDataParallel (NCCL on GPUs, Gloo on CPUs).

    torchrun --nproc-per-node 2 -m workbench train demo:reviews --preset small --json

Process 0 (the leader) is an ordinary Trainer: it alone reads and writes the run folder, prints the progress bar
and the JSON line, evaluates, checkpoints and decides when to stop (time limit, early stopping, Ctrl-C, a NaN
loss). Before each step it broadcasts (epoch, step in epoch, step, learning rates) to the others (followers),
which take the same step on their own rows (training.step.Shard) and exchange gradients through DDP; after the
last step it broadcasts "stop". Followers get everything that must be identical from the leader (the resolved
config, the tokenizer, the class names, the optimizer state of a resumed run; DDP broadcasts the weights), so
they never need the run folder: only the data file, at the same path on every machine.

A failure in one process ends the others: an exception in a follower is printed as one line and the process
exits 1, which makes torchrun stop the rest; the leader keeps its last checkpoint (written atomically).
"""

from __future__ import annotations

import contextlib
import datetime
import inspect
import os
import sys
from dataclasses import dataclass
from typing import Any, NoReturn

import torch
import torch.distributed as dist

from workbench.core.training.step import Shard

# The followers wait in a broadcast while the leader evaluates and saves; this is how long they wait for it.
WAIT = datetime.timedelta(hours=2)
STOP, STEP, SETUP_FAILED = 0.0, 1.0, 2.0


@dataclass
class Distributed:
    """This process's part in a torchrun job, once the process group is up."""

    rank: int
    world_size: int
    local_rank: int
    backend: str

    @property
    def shard(self) -> Shard:
        return Shard(self.rank, self.world_size)

    @property
    def is_leader(self) -> bool:
        return self.rank == 0

    @property
    def comm_device(self) -> torch.device:
        return torch.device("cuda", torch.cuda.current_device()) if self.backend == "nccl" else torch.device("cpu")

    # --- collectives (CPU tensors in and out, whatever the backend) ------------------------------------
    def all_reduce(self, tensor: torch.Tensor) -> torch.Tensor:
        moved = tensor.to(self.comm_device)
        dist.all_reduce(moved, op=dist.ReduceOp.SUM)
        return moved.cpu()

    def broadcast(self, tensor: torch.Tensor) -> torch.Tensor:
        moved = tensor.to(self.comm_device)
        dist.broadcast(moved, src=0)
        return moved.cpu()

    def broadcast_objects(self, objects: list[Any]) -> list[Any]:
        """Small Python objects from the leader (strings, lists, CPU tensors: never user files)."""
        dist.broadcast_object_list(objects, src=0, device=self.comm_device)
        return objects

    def close(self) -> None:
        if dist.is_initialized():
            dist.destroy_process_group()


def end_process(status: int) -> NoReturn:
    """End a torchrun process once its work is done and said, without the interpreter's clean-up.

    Gloo's worker threads outlive destroy_process_group (it stops no Gloo thread; the group lives on in DDP).
    After a collective returns, the worker that ran it still lets go of its tensors, and dropping a tensor that
    Python has seen takes the GIL. If the interpreter is finalizing by then (a follower ends right after the
    leader's "stop"), Python ends that thread with pthread_exit inside a C++ destructor, which is std::terminate:
    SIGABRT, "terminate called without an active exception", about one run in ten on a busy machine. Leaving
    with os._exit skips finalization, so no thread can ask for the GIL at the wrong moment. Everything this
    process writes is closed by now (run files are written atomically); only the std streams need flushing.
    """
    import logging

    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)


def from_environment(device: str = "auto") -> Distributed | None:
    """Join the torchrun job this process was started in; None when not started by torchrun (or alone)."""
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    if world_size <= 1 or "RANK" not in os.environ:
        return None
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    gpu = torch.cuda.is_available() and (device == "auto" or device.startswith("cuda"))
    backend = "nccl" if gpu else "gloo"
    if gpu:
        torch.cuda.set_device(local_rank)  # "cuda" and "auto" then mean this process's own GPU
    dist.init_process_group(backend, timeout=WAIT)
    return Distributed(dist.get_rank(), dist.get_world_size(), local_rank, backend)


# --- the leader ---------------------------------------------------------------------------------------
def setup_failed(d: Distributed) -> None:
    """The leader could not prepare (bad input): tell the followers to exit quietly; the leader says why."""
    d.broadcast_objects([SETUP_FAILED, None])


def lead(d: Distributed, trainer: Any) -> None:
    """After trainer.prepare() on the leader: hand the followers what they need, wrap the model in DDP and hook
    the step announcements in."""
    cfg = trainer.config
    setup = {
        "config": cfg.to_toml(),
        "tokenizer": trainer.tokenizer,  # picklable (the Rust tokenizer travels as its JSON)
        "labels": list(trainer.labels),
        "optimizer": _cpu(trainer.optimizer.state_dict()),
        "scaler": trainer._scaler.state_dict() if trainer._scaler is not None else None,
    }
    d.broadcast_objects([STEP, setup])
    _wrap(d, trainer)
    trainer.step_hooks["announce"] = lambda epoch, in_epoch, step, optimizer: _announce(
        d, epoch, in_epoch, step, optimizer
    )


def record_global_batch(trainer: Any, backend: str | None) -> list[str]:
    """Write the run's processes and global batch to run.json (alone or under torchrun); returns a warning when
    a resumed run continues with another global batch than it had."""
    t, shard = trainer.config.train, trainer.shard
    batch = shard.global_batch(t)
    info = trainer.run.info()
    before = info.get("global_batch")
    if before is None:  # a run from before torchrun support was trained alone
        before = t.batch_size * t.accumulate
    notes = []
    if trainer.progress.step > 0 and before != batch:
        notes.append(
            f"this run was trained with a global batch of {before} rows a step and continues with {batch} "
            f"({shard.world_size} process(es) x {t.batch_size} x {t.accumulate}): the epoch's order is kept, but a "
            "step now holds another number of rows, so some rows of this epoch are read again or skipped"
        )
    trainer.run.update_info(world_size=shard.world_size, global_batch=batch, backend=backend)
    return notes


def release(d: Distributed, trainer: Any) -> None:
    """The leader's run has ended (however it ended): let the followers go (if they are still there)."""
    with contextlib.suppress(Exception):  # a follower that failed has already ended the job
        d.broadcast(torch.zeros(4 + len(trainer.optimizer.param_groups), dtype=torch.float64))


PEER_LOST = ("Connection closed by peer", "remote worker", "NCCL communicator", "Connection reset by peer")


def explain(message: str, last_checkpoint: int | None) -> str:
    """The leader's one line when training ended on an error: a lost peer is said as such."""
    if not any(marker in message for marker in PEER_LOST):
        return message
    kept = f"; the run keeps its checkpoint of step {last_checkpoint}" if last_checkpoint else ""
    return f"another process of this torchrun job stopped (its own message says why){kept}."


def _announce(d: Distributed, epoch: int, in_epoch: int, step: int, optimizer: torch.optim.Optimizer) -> None:
    lrs = [float(g["lr"]) for g in optimizer.param_groups]
    d.broadcast(torch.tensor([STEP, epoch, in_epoch, step, *lrs], dtype=torch.float64))


def _wrap(d: Distributed, trainer: Any) -> None:
    from torch.nn.parallel import DistributedDataParallel

    model = trainer.model
    device_ids = [trainer.device.device.index or torch.cuda.current_device()] if d.backend == "nccl" else None
    # The only buffer (the sinusoid table) is the same everywhere: no need to send it before every forward.
    names = inspect.signature(DistributedDataParallel.__init__).parameters
    buffers: dict[str, Any] = (
        {"forward_sync_buffers": False} if "forward_sync_buffers" in names else {"broadcast_buffers": False}
    )
    # A classifier never uses the masked-LM head: DDP must not wait for its gradients.
    trainer.step_model = DistributedDataParallel(
        model, device_ids=device_ids, find_unused_parameters=model.classifier is not None, **buffers
    )
    trainer.shard = d.shard
    trainer.step_hooks["all_reduce"] = d.all_reduce


def _cpu(obj: Any) -> Any:
    if isinstance(obj, torch.Tensor):
        return obj.detach().cpu()
    if isinstance(obj, dict):
        return {k: _cpu(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return type(obj)(_cpu(v) for v in obj)
    return obj


# --- the followers ------------------------------------------------------------------------------------
def follow(d: Distributed) -> int:
    """Take the leader's steps until it says stop. Returns the process's exit status."""
    kind, setup = d.broadcast_objects([None, None])
    if kind == SETUP_FAILED:
        return 2  # the leader prints the reason
    try:
        trainer, train_set = _follower_trainer(d, setup)
        _follow_steps(d, trainer, train_set)
    except Exception as err:  # one line; torchrun then stops the other processes
        message = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        print(f"workbench: process {d.rank} of {d.world_size} failed: {message}", file=sys.stderr)
        return 1
    return 0


def _follower_trainer(d: Distributed, setup: dict[str, Any]) -> tuple[Any, Any]:
    from workbench.core.config import RunConfig
    from workbench.core.model.encoder import EncoderModel
    from workbench.core.training.device import choose
    from workbench.core.training.engine import Trainer
    from workbench.core.training.preparation import load_data

    cfg = RunConfig.from_toml(setup["config"])
    trainer = Trainer(cfg)  # never prepared: no run folder, no tokenizer training
    trainer.shard = d.shard
    trainer._apply_threads()
    trainer.device = choose(cfg.train.device, cfg.train.precision)
    trainer.tokenizer = setup["tokenizer"]
    trainer.labels = setup["labels"]
    load_data(trainer)
    train_set, _ = trainer._encode()
    trainer.model = EncoderModel(cfg.model).to(trainer.device.device)  # DDP copies the leader's weights in
    trainer._build_optimizer()
    trainer.optimizer.load_state_dict(setup["optimizer"])
    if trainer._scaler is not None and setup["scaler"] is not None:
        trainer._scaler.load_state_dict(setup["scaler"])
    _wrap(d, trainer)
    trainer.model.train()
    return trainer, train_set


def _follow_steps(d: Distributed, trainer: Any, train_set: Any) -> None:
    from workbench.core.training.batching import epoch_order
    from workbench.core.training.step import train_step

    t = trainer.config.train
    n_groups = len(trainer.optimizer.param_groups)
    orders: dict[int, Any] = {}
    while True:
        command = d.broadcast(torch.zeros(4 + n_groups, dtype=torch.float64))
        if command[0].item() != STEP:
            return
        epoch, in_epoch, step = (int(x) for x in command[1:4].tolist())
        for group, lr in zip(trainer.optimizer.param_groups, command[4:].tolist(), strict=True):
            group["lr"] = lr
        if epoch not in orders:
            orders = {epoch: epoch_order(len(train_set), t.seed, epoch)}
        rows = trainer.shard.micro_batches(orders[epoch], in_epoch, t)
        loss, _ = train_step(trainer.step_context(), [train_set.batch(r) for r in rows], step)
        del loss  # the leader reports it (the same number: the loss is summed over all processes)

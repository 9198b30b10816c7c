"""A training step's dropout masks, named by the step and drawn ahead on a core that would otherwise idle.

Inside a step, each CPU dropout call takes its mask from a random stream named by (the run's seed, the step, the
process, the micro-batch, the call's place in the forward pass) instead of a draw from torch's generator. So the
masks a step will use are known before it starts, and a resumed run masks as an unbroken one.

After a step's backward pass, a helper thread at idle priority draws the next step's masks, taking the shapes of
this step's (which holds while batches keep their size and length). It runs while the training thread updates the
weights on one core and in the gaps between torch's parallel regions; idle priority means it never takes a core
from torch's threads or from another program. A mask that is not ready when asked for (or whose shape changed) is
drawn in the training thread, from the same stream, so what the masks are never depends on the timing.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ThreadPoolExecutor

import torch
from torch import Tensor

from workbench.core.model.dropout import drawing_from, scaled_mask

Spec = tuple[torch.Size, int, float, torch.dtype]  # what a call asked for: shape, keep levels, scale, dtype
Place = tuple[int, int]  # (micro-batch, call in its forward pass)


class StepMasks:
    """The dropout masks of one run's steps in this process: use step(s) around a step's forward passes,
    micro_batch(i) before each, draw_next() once the step's backward passes are done, close() at the end."""

    def __init__(self, seed: int, rank: int = 0, ahead: bool = True, helper: Executor | None = None) -> None:
        """ahead=False draws every mask in the step (the same masks); helper: what draws ahead, by default a
        thread at idle priority where the system has one (Linux), else nothing is drawn ahead."""
        self._seed = seed & (2**64 - 1)  # a stream's name is made of non-negative numbers
        self._rank = rank
        self._ahead = ahead
        self._helper = helper
        self._step = self._micro = self._call = 0
        self._asked: dict[Place, Spec] = {}
        self._ready: dict[Place, tuple[Spec, Future[Tensor]]] = {}
        self._ready_for = -1  # the step the masks in _ready belong to
        self.taken_ready = 0  # masks of the current (or last) step that were drawn ahead and ready in time
        self._wait = 0  # steps to go before drawing ahead again, after the helper fell behind
        self._backoff = 1

    @contextlib.contextmanager
    def step(self, step: int) -> Iterator[None]:
        """Dropout in this thread takes step `step`'s masks inside the block."""
        if step != self._ready_for:
            self._drop_ready()
        self._step, self._asked, self.taken_ready = step, {}, 0
        self.micro_batch(0)
        with drawing_from(self):
            yield

    def micro_batch(self, index: int) -> None:
        self._micro, self._call = index, 0

    def mask(self, shape: torch.Size, levels: int, scale: float, dtype: torch.dtype) -> Tensor:
        place, spec = (self._micro, self._call), (shape, levels, scale, dtype)
        self._call += 1
        self._asked[place] = spec
        ready = self._ready.pop(place, None)
        if ready is not None and ready[0] == spec and ready[1].done():
            self.taken_ready += 1
            return ready[1].result()
        if ready is not None:
            # Not started: cancelled. Under way: left to finish, never waited for, since on a busy machine an
            # idle-priority thread may not get a core for a long time.
            ready[1].cancel()
        return scaled_mask(shape, levels, scale, dtype, self._name(self._step, place))

    def draw_next(self) -> None:
        """Start drawing the next step's masks on the helper thread, in the order the step will ask for them.

        Where the helper had fewer than half of this step's masks ready, other programs are keeping the cores
        busy: it waits 1, 2, 4... up to 64 steps before it tries again, so that it does not hold the interpreter
        lock at moments when it cannot run."""
        drew_ahead = self._ready_for == self._step
        self._drop_ready()
        if drew_ahead and 2 * self.taken_ready < len(self._asked):
            self._wait, self._backoff = self._backoff, min(2 * self._backoff, 64)
        elif drew_ahead:
            self._backoff = 1
        if self._wait > 0:
            self._wait -= 1
            return
        helper = (self._helper or _idle_helper()) if self._ahead and self._asked else None  # none asked: no dropout
        if helper is None:
            return
        step = self._step + 1
        for place, spec in self._asked.items():
            self._ready[place] = (spec, helper.submit(scaled_mask, *spec, self._name(step, place)))
        self._ready_for = step

    def close(self) -> None:
        """Forget the masks drawn ahead (the run has ended)."""
        self._drop_ready()

    def _name(self, step: int, place: Place) -> list[int]:
        return [self._seed, step, self._rank, *place]

    def _drop_ready(self) -> None:
        for _, future in self._ready.values():
            future.cancel()
        self._ready.clear()
        self._ready_for = -1


@functools.cache
def _idle_helper() -> ThreadPoolExecutor | None:
    """The helper thread, at idle priority; None where a thread cannot be given idle priority (then masks are
    drawn in the training thread, as they would be at normal priority with nothing gained)."""
    if not hasattr(os, "SCHED_IDLE"):  # Linux only
        return None
    helper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dropout-masks")
    if helper.submit(_idle_priority).result():
        return helper
    helper.shutdown()
    return None


def _idle_priority() -> bool:
    """Put the calling thread under SCHED_IDLE: it runs only on a core nothing else wants."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))  # 0: the calling thread, on Linux
    except OSError:
        return False
    return True


if hasattr(os, "register_at_fork"):  # a forked child has no helper thread: it makes its own
    os.register_at_fork(after_in_child=_idle_helper.cache_clear)

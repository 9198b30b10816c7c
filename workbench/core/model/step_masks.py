"""A training step's dropout masks, named by the step and drawn ahead between steps.

Inside a step, each CPU dropout call takes its mask from a random stream named by (the run's seed, the step, the
process, the micro-batch, the call's place in the forward pass) instead of a draw from torch's generator. So the
masks a step will use are known before it starts, and a resumed run masks as an unbroken one.

After a step's backward passes, a helper thread draws the next step's masks, taking the shapes of this step's
(which holds while batches keep their size and length), while the training thread updates the weights on one core.
When the next step starts, draws not yet begun are cancelled: the helper never competes with torch's threads for
the cores in a forward pass. A mask that is not ready when asked for (or whose shape changed) is drawn in the
training thread, from the same stream, so what the masks are never depends on the timing.

The helper runs at the process's normal priority. At idle priority (Linux's SCHED_IDLE) it froze the window for
1.3 s beside two busy programs: preempted while holding the interpreter lock, a thread that other programs keep off
the cores keeps every Python thread waiting (README, "Busy machines").
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
        """ahead=False draws every mask in the step (the same masks); helper: what draws ahead (by default one
        thread shared by the process)."""
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
        for _, future in self._ready.values():
            future.cancel()  # not begun yet: drawn in the step if asked for, rather than beside torch's threads
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
        if ready is not None and ready[0] == spec and ready[1].done() and not ready[1].cancelled():
            self.taken_ready += 1
            return ready[1].result()
        # Under way (the helper is drawing it now): left to finish, never waited for, since on a busy machine the
        # helper may not get a core soon.
        return scaled_mask(shape, levels, scale, dtype, self._name(self._step, place))

    def draw_next(self) -> None:
        """Start drawing the next step's masks on the helper thread, in the order the step will ask for them.

        Where the helper had fewer than half of this step's masks ready, other programs are keeping the cores
        busy: it waits 1, 2, 4... up to 64 steps before it tries again, rather than take a core from them for masks
        the step draws anyway."""
        drew_ahead = self._ready_for == self._step
        self._drop_ready()
        if drew_ahead and 2 * self.taken_ready < len(self._asked):
            self._wait, self._backoff = self._backoff, min(2 * self._backoff, 64)
        elif drew_ahead:
            self._backoff = 1
        if self._wait > 0:
            self._wait -= 1
            return
        if not (self._ahead and self._asked):  # none asked: the model has no dropout
            return
        helper = self._helper or _helper()
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
def _helper() -> ThreadPoolExecutor:
    """The process's one helper thread (made when a run first draws ahead)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="dropout-masks")


if hasattr(os, "register_at_fork"):  # a forked child has no helper thread: it makes its own
    os.register_at_fork(after_in_child=_helper.cache_clear)

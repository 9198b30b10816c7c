"""A training step's dropout masks, named by the step and drawn ahead (workbench/core/model/step_masks.py)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future, wait
from typing import Any

import torch

from workbench.core.model.dropout import dropout
from workbench.core.model.step_masks import StepMasks

SHAPES = [(4, 8, 16), (4, 2, 8, 8), (4, 8, 16)]  # a forward pass: residual, attention, residual


class Immediate(Executor):
    """Runs what is submitted at once: every mask drawn ahead is ready when the step asks for it."""

    def __init__(self) -> None:
        self.submitted = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


class Stalled(Executor):
    """Never gets a core: what is submitted stays pending, or, with started=True, under way and never finished."""

    def __init__(self, started: bool = False) -> None:
        self.started = started
        self.submitted = 0

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        future: Future[Any] = Future()
        if self.started:
            future.set_running_or_notify_cancel()
        return future


def forward(masks: StepMasks, step: int, shapes: list[tuple[int, ...]] = SHAPES, micro_batches: int = 1) -> list:
    """One step's dropout calls on tensors of ones (so each output is its mask), then the draw ahead."""
    out = []
    with masks.step(step):
        for i in range(micro_batches):
            masks.micro_batch(i)
            out += [dropout(torch.ones(s, dtype=torch.bfloat16), 0.1, True) for s in shapes]
    masks.draw_next()
    return out


def test_masks_drawn_ahead_are_the_masks_the_step_would_draw_itself() -> None:
    ahead, inline = StepMasks(seed=5, helper=Immediate()), StepMasks(seed=5, ahead=False)
    for step in range(3):
        drawn_ahead, drawn_in_step = forward(ahead, step), forward(inline, step)
        assert all(torch.equal(a, b) for a, b in zip(drawn_ahead, drawn_in_step, strict=True))
        assert ahead.taken_ready == (0 if step == 0 else len(SHAPES))  # step 0 has nothing drawn before it
        assert inline.taken_ready == 0
    # Each is a real dropout mask: 0 or bf16's 1/0.9, about a tenth zeros.
    values = torch.cat([m.flatten() for m in drawn_ahead])
    assert set(values.unique().tolist()) == {0.0, 1.109375}
    assert 0.05 < (values == 0).float().mean().item() < 0.15


def test_each_step_micro_batch_call_process_and_seed_has_its_own_mask() -> None:
    def first(seed: int = 1, rank: int = 0, step: int = 0, micro: int = 0, call: int = 0) -> torch.Tensor:
        masks = StepMasks(seed=seed, rank=rank, ahead=False)
        return forward(masks, step, [(64, 64)] * (call + 1), micro_batches=micro + 1)[-1]

    reference = first()
    assert torch.equal(reference, first())  # a function of the names alone: torch's generator plays no part
    torch.manual_seed(123)
    assert torch.equal(reference, first())
    for other in (first(seed=2), first(rank=1), first(step=1), first(micro=1), first(call=1)):
        assert not torch.equal(reference, other)


def test_a_mask_whose_shape_changed_is_drawn_in_the_step() -> None:
    helper = Immediate()
    masks, inline = StepMasks(seed=7, helper=helper), StepMasks(seed=7, ahead=False)
    forward(masks, 0)
    shorter = [(4, 6, 16), (4, 2, 6, 6), (4, 6, 16)]  # the next batch's texts are shorter
    drawn = forward(masks, 1, shorter)
    assert masks.taken_ready == 0
    assert all(torch.equal(a, b) for a, b in zip(drawn, forward(inline, 1, shorter), strict=True))


def test_masks_drawn_for_another_step_are_not_used() -> None:
    masks, inline = StepMasks(seed=8, helper=Immediate()), StepMasks(seed=8, ahead=False)
    forward(masks, 0)  # draws step 1's masks ahead
    drawn = forward(masks, 5)  # a resumed run, or a step taken after a failed one
    assert masks.taken_ready == 0
    assert all(torch.equal(a, b) for a, b in zip(drawn, forward(inline, 5), strict=True))


def test_a_mask_under_way_on_a_starved_helper_is_not_waited_for() -> None:
    # On a busy machine the helper may not get a core for a while; the step draws the mask itself.
    masks, inline = StepMasks(seed=9, helper=Stalled(started=True)), StepMasks(seed=9, ahead=False)
    forward(masks, 0)
    drawn = forward(masks, 1)
    assert masks.taken_ready == 0
    assert all(torch.equal(a, b) for a, b in zip(drawn, forward(inline, 1), strict=True))


def test_a_helper_that_falls_behind_waits_longer_and_longer_before_trying_again() -> None:
    helper = Stalled()
    masks = StepMasks(seed=10, helper=helper)
    tried_after: list[int] = []
    for step in range(12):
        before = helper.submitted
        forward(masks, step)
        if helper.submitted > before:
            tried_after.append(step)
    assert tried_after == [0, 2, 5, 10]  # after each miss it waits 1, 2, 4... steps


def test_a_helper_that_keeps_up_draws_for_every_step() -> None:
    helper = Immediate()
    masks = StepMasks(seed=11, helper=helper)
    for step in range(6):
        forward(masks, step)
    assert helper.submitted == 6 * len(SHAPES)


def test_outside_a_step_dropout_draws_from_torchs_generator() -> None:
    masks = StepMasks(seed=12, ahead=False)
    with masks.step(0):
        pass
    torch.manual_seed(3)
    a = dropout(torch.ones(256), 0.5, True)
    torch.manual_seed(3)
    assert torch.equal(a, dropout(torch.ones(256), 0.5, True))


def test_draws_not_begun_when_the_next_step_starts_are_cancelled() -> None:
    # Drawn in the step instead: the helper must not take a core from torch's threads in the forward pass.
    helper = Stalled()
    masks, inline = StepMasks(seed=13, helper=helper), StepMasks(seed=13, ahead=False)
    forward(masks, 0)
    pending = [future for _spec, future in masks._ready.values()]
    assert len(pending) == len(SHAPES) and not any(f.cancelled() for f in pending)
    drawn = forward(masks, 1)
    assert all(f.cancelled() for f in pending)
    assert masks.taken_ready == 0
    assert all(torch.equal(a, b) for a, b in zip(drawn, forward(inline, 1), strict=True))


def test_the_process_helper_thread_draws_the_next_steps_masks() -> None:
    masks, inline = StepMasks(seed=14), StepMasks(seed=14, ahead=False)
    forward(masks, 0)
    futures = [future for _spec, future in masks._ready.values()]
    assert len(futures) == len(SHAPES)
    wait(futures, timeout=120)  # the step would not wait; the test does, to see them used
    assert all(f.done() and not f.cancelled() for f in futures)
    drawn = forward(masks, 1)
    assert masks.taken_ready == len(SHAPES)
    assert all(torch.equal(a, b) for a, b in zip(drawn, forward(inline, 1), strict=True))
    masks.close()

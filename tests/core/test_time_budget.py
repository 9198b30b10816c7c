"""Time-limited runs on an injected clock (no sleeping): the stop, the time-shaped schedule, pauses, resume."""

from __future__ import annotations

import json
import math
import threading
from pathlib import Path

import pytest

from workbench.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig
from workbench.core.data.dataset import Dataset, stratified_split
from workbench.core.runs.folder import RunFolder
from workbench.core.training.engine import Trainer
from workbench.core.training.events import DoneEvent, EvalEvent, StepEvent
from workbench.core.training.schedule import lr_at_fraction

MAX_LR, MIN_RATIO = 3e-3, 0.1
QUICK = 1 / 8  # seconds a quiet step takes (exact in binary, so sums of steps land on the limit exactly)


class FakeClock:
    """Seconds that move only when the test says so."""

    def __init__(self, start: float = 0.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t


def config(max_time: float, **train: object) -> RunConfig:
    model = ModelConfig(d_model=32, n_heads=2, n_layers=1, d_ff=64, max_len=32, dropout=0.1)
    settings = {"batch_size": 16, "lr": MAX_LR, "min_lr_ratio": MIN_RATIO, "seed": 0, "precision": "fp32"}
    t = TrainConfig(**{**settings, "max_time": max_time, "early_stopping_patience": None, **train})
    return RunConfig(data=DataConfig(vocab_size=200), model=model, train=t, preset=None)


@pytest.fixture
def splits(tiny_texts: tuple[list[str], list[str]]) -> tuple[Dataset, Dataset]:
    texts, labels = tiny_texts
    return stratified_split(Dataset(texts, labels, source="tiny"), 0.2, seed=0)


def slow_start(step: int) -> float:
    """Seconds a step takes: a busy machine for the first 4 steps (2 s: 10 % of a 20 s budget), then quiet."""
    return 0.5 if step < 4 else QUICK


def timed(trainer: Trainer, clock: FakeClock, cost=slow_start, eval_cost: float = 0.0) -> Trainer:
    """Make every training step (and evaluation) take `cost` seconds on the fake clock."""
    step, evaluate = trainer._train_step, trainer.evaluate

    def timed_step(*args, **kwargs):
        out = step(*args, **kwargs)
        clock.t += cost(trainer.progress.step)
        return out

    def timed_eval(*args, **kwargs):
        out = evaluate(*args, **kwargs)
        clock.t += eval_cost
        return out

    trainer._train_step, trainer.evaluate = timed_step, timed_eval
    return trainer


def expected_lr(fraction: float, step: int) -> float:
    """Warm-up over 5 % of the time (or 200 steps), then cosine from 5 % to the end of the budget."""
    warm = min(1.0, max(fraction / 0.05, (step + 1) / 201))
    u = max(0.0, fraction - 0.05) / 0.95
    low = MAX_LR * MIN_RATIO
    return warm * (low + 0.5 * (1 + math.cos(math.pi * u)) * (MAX_LR - low))


def test_a_slow_start_does_not_shorten_the_run_and_the_schedule_follows_time(splits, tmp_path: Path) -> None:
    train, val = splits
    clock = FakeClock(1000.0)
    trainer = timed(Trainer(config(20.0), train=train, val=val, run_dir=tmp_path / "r", clock=clock), clock)
    started = clock.t
    steps = []
    for ev in trainer.fit():
        if isinstance(ev, StepEvent):
            steps.append(ev)
        last = ev
    assert isinstance(last, DoneEvent) and last.reason == "time_limit"
    # trained until the clock said so: 2 s of slow steps, then 18 s of quick ones
    assert clock.t - started == 20.0 and len(steps) == 4 + 18 * 8
    # the learning rate is a function of the share of time used (the time at the start of each step)
    start_times = [0.0] + [e.elapsed_s for e in steps[:-1]]
    for i, (ev, t0) in enumerate(zip(steps, start_times, strict=True)):
        assert ev.lr == pytest.approx(expected_lr(t0 / 20.0, i), rel=1e-9)
    lrs = [e.lr for e in steps]
    peak = lrs.index(max(lrs))
    assert steps[peak].elapsed_s <= 0.05 * 20.0 + 0.5  # warm-up ends at 5 % of the time
    assert all(a >= b for a, b in zip(lrs[peak:], lrs[peak + 1 :], strict=False))  # monotone after warm-up
    assert lrs[-1] == pytest.approx(MAX_LR * MIN_RATIO, rel=0.01)  # and at the floor when time is up
    state = json.loads(RunFolder(tmp_path / "r").checkpoint().files["state"].read_text())
    assert state["schedule"] == "time" and state["total_steps"] is None
    assert state["elapsed_s"] == pytest.approx(clock.t - started)


def test_a_slow_first_evaluation_does_not_shorten_the_run(splits, tmp_path: Path) -> None:
    train, val = splits
    clock = FakeClock()
    trainer = Trainer(config(20.0), train=train, val=val, run_dir=tmp_path / "r", clock=clock)
    evals = iter([3.0] + [0.01] * 1000)  # the first evaluation takes 3 s (15 % of the budget)
    timed(trainer, clock, cost=lambda step: QUICK)
    evaluate = trainer.evaluate

    def slow_once(*a, **k):
        out = evaluate(*a, **k)
        clock.t += next(evals)
        return out

    trainer.evaluate = slow_once
    events = list(trainer.fit())
    # The run ends, evaluated, at its limit: training stops early enough to leave time for the final evaluation
    # and the scores (two evaluations, judged by the only one measured: 3 s; at most 10 % of the time is kept).
    assert events[-1].reason == "time_limit" and 18.0 <= clock.t <= 18.0 + QUICK + 0.02
    n_steps = sum(isinstance(e, StepEvent) for e in events)
    n_evals = sum(isinstance(e, EvalEvent) for e in events)
    assert n_evals == 2 and n_steps == pytest.approx((18.0 - 3.0) / QUICK, abs=1)


@pytest.mark.parametrize("eval_cost", [0.001, 1.0])
def test_evaluations_come_every_epoch_and_tenth_of_the_time_at_a_capped_cost(splits, tmp_path, eval_cost) -> None:
    train, val = splits  # 192 training rows: an epoch is 12 steps, 1.5 s here
    clock = FakeClock()
    trainer = Trainer(config(20.0), train=train, val=val, run_dir=tmp_path / "r", clock=clock)
    timed(trainer, clock, cost=lambda step: QUICK, eval_cost=eval_cost)
    events = list(trainer.fit())
    evals = [e for e in events if isinstance(e, EvalEvent)]
    assert evals[0].step == 12  # the first evaluation after the first epoch
    if eval_cost < 0.01:  # cheap: after every epoch
        assert [e.step for e in evals[:5]] == [12, 24, 36, 48, 60]
    else:  # dear: at most 15 % of the time goes to evaluating (and one more at the end)
        assert len(evals) >= 2 and (len(evals) - 1) * eval_cost <= 0.15 * 20.0 + eval_cost


def test_pauses_do_not_count_against_the_time_limit(splits, tmp_path: Path) -> None:
    train, val = splits
    clock = FakeClock()
    trainer = timed(Trainer(config(10.0), train=train, val=val, run_dir=tmp_path / "p", clock=clock), clock)

    class PausedFor(threading.Event):
        """Waiting in a pause moves the clock on by 1000 s, then the run is resumed."""

        def wait(self, timeout=None) -> bool:
            clock.t += 1000.0
            self.set()
            return True

    trainer._running = PausedFor()
    trainer._running.set()
    steps = []
    for ev in trainer.fit():
        if isinstance(ev, StepEvent):
            steps.append(ev)
            if ev.step == 50:
                trainer.pause()
    assert clock.t == 1010.0 and trainer.progress.elapsed_s == 10.0 and len(steps) == 4 + 8 * 8
    assert steps[50].elapsed_s - steps[49].elapsed_s == QUICK  # the pause left no gap
    assert steps[50].lr < steps[49].lr


def test_a_resumed_run_continues_the_time_budget_and_schedule_exactly(splits, tmp_path: Path) -> None:
    train, val = splits

    def run(path: Path, clock: FakeClock, stop_at: float | None = None, resume: bool = False) -> list[StepEvent]:
        cfg = None if resume else config(20.0)
        trainer = Trainer(cfg, train=train, val=val, run_dir=path, clock=clock, resume=resume)
        timed(trainer, clock)
        out = []
        for ev in trainer.fit():
            if isinstance(ev, StepEvent):
                out.append(ev)
                if stop_at is not None and ev.elapsed_s >= stop_at:
                    trainer.stop(evaluate=False)
        return out

    whole = run(tmp_path / "whole", FakeClock())
    first = run(tmp_path / "broken", FakeClock(), stop_at=8.0)
    rest = run(tmp_path / "broken", FakeClock(777.0), resume=True)  # a new process: its clock reads anything
    assert first[-1].elapsed_s >= 8.0 and rest[0].step == first[-1].step + 1
    assert [(e.step, e.lr, e.loss) for e in first + rest] == [(e.step, e.lr, e.loss) for e in whole]
    assert [e.elapsed_s for e in first + rest] == pytest.approx([e.elapsed_s for e in whole])


def test_the_time_schedule_warms_up_over_the_first_200_steps_on_a_fast_machine() -> None:
    # 1000 steps in 5 % of the budget: warm-up is over after 200 steps, not 1000
    assert lr_at_fraction(0.01, 200, max_lr=1.0, min_ratio=0.1) == pytest.approx(1.0)
    assert lr_at_fraction(0.01, 99, max_lr=1.0, min_ratio=0.1) == pytest.approx(100 / 201)
    # a slow machine: 5 steps in 5 % of the time, and warm-up is over by time
    assert lr_at_fraction(0.05, 5, max_lr=1.0, min_ratio=0.1) == pytest.approx(1.0)
    assert lr_at_fraction(0.525, 5, max_lr=1.0, min_ratio=0.1) == pytest.approx(0.55)  # cosine halfway
    assert lr_at_fraction(1.0, 5000, max_lr=1.0, min_ratio=0.1) == pytest.approx(0.1)
    # an explicit warm-up counts steps
    decay = 0.1 + 0.45 * (1 + math.cos(math.pi * 0.45 / 0.95))
    assert lr_at_fraction(0.5, 9, max_lr=1.0, min_ratio=0.1, warmup_steps=19) == pytest.approx(0.5 * decay)

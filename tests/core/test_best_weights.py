"""Small data under a budget: early stopping on by default, runs end on their best weights and readers use
them (the last ones on request, with the step named), and memorising is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from workbench.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig
from workbench.core.data.dataset import Dataset, stratified_split
from workbench.core.inspection.inspector import load_run
from workbench.core.runs.folder import RunFolder
from workbench.core.training.engine import Trainer
from workbench.core.training.events import DoneEvent, EvalEvent
from workbench.core.training.progress import Progress
from workbench.core.training.watch import is_memorising


@pytest.fixture
def splits(tiny_texts: tuple[list[str], list[str]]) -> tuple[Dataset, Dataset]:
    texts, labels = tiny_texts
    return stratified_split(Dataset(texts, labels, source="tiny"), 0.2, seed=0)


def config(**train: object) -> RunConfig:
    model = ModelConfig(d_model=32, n_heads=2, n_layers=1, d_ff=64, max_len=32, dropout=0.1)
    t = TrainConfig(**{"batch_size": 16, "lr": 3e-3, "seed": 0, "precision": "fp32", **train})
    return RunConfig(data=DataConfig(vocab_size=200), model=model, train=t, preset=None)


def test_early_stopping_is_on_by_default_and_off_when_asked() -> None:
    assert TrainConfig().early_stopping_patience == 5
    cfg = config(early_stopping_patience=None)
    assert RunConfig.from_toml(cfg.to_toml()).train.early_stopping_patience is None
    assert RunConfig.from_toml(config().to_toml()).train.early_stopping_patience == 5


def test_evaluations_come_every_epoch_on_small_data() -> None:
    p = Progress()
    p.plan(TrainConfig(epochs=300), n_train=400)  # 13 steps an epoch, 3900 planned
    assert p.eval_every == 26  # every second epoch: at least MIN_EVAL_GAP_STEPS (20) apart, not every 390
    p = Progress()
    p.plan(TrainConfig(max_time=90), n_train=400)
    assert p.eval_every == 13 and p.schedule == "time"


def test_the_run_ends_on_its_best_weights_and_readers_use_them(splits, tmp_path: Path, monkeypatch) -> None:
    train, val = splits
    run_dir = tmp_path / "r"
    trainer = Trainer(config(max_steps=40, eval_every=2), train=train, val=val, run_dir=run_dir)
    values = iter([1.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1])
    monkeypatch.setattr(trainer, "evaluate", lambda data=None: {"val_loss": next(values), "val_accuracy": 0.5})
    events = list(trainer.fit())
    done = events[-1]
    assert isinstance(done, DoneEvent) and done.reason == "early_stopping"
    assert (
        done.step == 14 and done.best_step == 4
    )  # five evaluations without a better loss and done.final_metrics["val_loss"] == 0.5
    run = RunFolder.open(run_dir)
    best_state = load_run(run_dir).model.state_dict()
    for name, value in trainer.model.state_dict().items():  # the model in memory is the best checkpoint
        assert torch.equal(value.cpu(), best_state[name]), name
    assert run.info()["best_step"] == 4 and trainer.summary()["best_step"] == 4

    best, last = load_run(run_dir), load_run(run_dir, best=False)
    assert (best.weights, best.step) == ("best", 4) and best.describe_weights() == "best weights (step 4)"
    assert (last.weights, last.step) == ("last", 14)
    differs = any(not torch.equal(a, last.model.state_dict()[k]) for k, a in best.model.state_dict().items())
    assert differs
    state = json.loads(run.checkpoint().files["state"].read_text())
    assert state["step"] == 14  # the checkpoint keeps the last weights too, for an exact resume


def test_memorising_is_training_loss_near_zero_while_validation_loss_rises() -> None:
    assert is_memorising([0.01] * 20, val_loss=0.9, best_val_loss=0.6, evals_since_best=2)
    assert not is_memorising([0.4] * 20, val_loss=0.9, best_val_loss=0.6, evals_since_best=2)  # still learning
    assert not is_memorising([0.01] * 20, val_loss=0.61, best_val_loss=0.6, evals_since_best=1)  # not rising
    assert not is_memorising([0.01] * 20, val_loss=0.6, best_val_loss=0.6, evals_since_best=0)


def test_a_memorising_run_says_so(splits, tmp_path: Path, monkeypatch) -> None:
    train, val = splits
    trainer = Trainer(config(max_steps=16, eval_every=4), train=train, val=val, run_dir=tmp_path / "m")
    trainer.prepare()
    real_step = trainer._train_step
    monkeypatch.setattr(trainer, "_train_step", lambda *a: (0.001, real_step(*a)[1]))
    values = iter([0.5, 0.7, 0.9, 1.2])
    monkeypatch.setattr(trainer, "evaluate", lambda data=None: {"val_loss": next(values), "val_accuracy": 0.5})
    events = list(trainer.fit())
    flags = [e.memorising for e in events if isinstance(e, EvalEvent)]
    assert flags == [False, True, True, True]
    assert trainer.summary()["memorising"] is True

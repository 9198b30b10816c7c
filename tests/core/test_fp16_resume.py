"""fp16 training keeps its gradient scaler in the checkpoint, so a stopped run resumes exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from test_engine import losses, make_config, run_all

from workbench.core.data.dataset import Dataset, stratified_split
from workbench.core.runs.folder import RunFolder
from workbench.core.training import engine, preparation
from workbench.core.training.device import DeviceChoice
from workbench.core.training.engine import Trainer
from workbench.core.training.events import DoneEvent, StepEvent


def _saved_state(run: Path) -> dict:
    """The current checkpoint's trainer_state.json."""
    found = RunFolder(run).checkpoint()
    assert found is not None
    return json.loads(found.verified("state").read_text())


@pytest.fixture
def fp16_on_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app refuses fp16 on the CPU (slow there), but torch runs fp16 autocast and a GradScaler on it, which
    is enough to test the scaler's checkpoint without a GPU."""
    monkeypatch.setattr(
        preparation, "choose", lambda device, precision: DeviceChoice(torch.device("cpu"), "fp16", "CPU")
    )
    build = engine.build_optimizer

    def lively_scaler(*args):  # a scale that grows every 3 steps and overflows, so it moves within a short run
        optimizer, scaler = build(*args)
        assert scaler is not None
        return optimizer, torch.amp.GradScaler("cpu", init_scale=2.0**20, growth_interval=3)

    monkeypatch.setattr(engine, "build_optimizer", lively_scaler)


def test_fp16_resume_restores_the_gradient_scaler(fp16_on_cpu, tiny_texts, tmp_path: Path) -> None:
    texts, labels = tiny_texts
    train, val = stratified_split(Dataset(texts, labels), 0.2, seed=0)

    def config():
        return make_config("char", max_steps=16, eval_every=100)

    straight_trainer = Trainer(config(), train=train, val=val, run_dir=tmp_path / "a")
    straight = losses(run_all(straight_trainer))
    assert straight_trainer._scaler is not None

    scales: dict[int, float] = {}

    def stop_at_6(trainer: Trainer, ev: StepEvent) -> None:
        scales[ev.step] = trainer._scaler.get_scale()
        if ev.step == 6:
            trainer.stop(evaluate=False)

    first = run_all(Trainer(config(), train=train, val=val, run_dir=tmp_path / "b"), stop_at_6)
    assert isinstance(first[-1], DoneEvent) and first[-1].step == 6
    saved = _saved_state(tmp_path / "b")["grad_scaler"]
    assert saved["scale"] == scales[6] != 2.0**20  # the scale has moved from where a fresh scaler starts

    resumed = Trainer(run_dir=tmp_path / "b", resume=True, train=train, val=val)
    rest = run_all(resumed)
    assert resumed._scaler.get_scale() == straight_trainer._scaler.get_scale()
    assert losses(first) + losses(rest) == pytest.approx(straight, rel=1e-6, abs=1e-7)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_fp16_on_cuda_resumes_exactly(tiny_texts, tmp_path: Path) -> None:
    texts, labels = tiny_texts
    train, val = stratified_split(Dataset(texts, labels), 0.2, seed=0)

    def config():
        return make_config("char", max_steps=12, eval_every=100, device="cuda", precision="fp16")

    straight = losses(run_all(Trainer(config(), train=train, val=val, run_dir=tmp_path / "a")))

    def stop_at_5(trainer: Trainer, ev: StepEvent) -> None:
        if ev.step == 5:
            trainer.stop(evaluate=False)

    first = run_all(Trainer(config(), train=train, val=val, run_dir=tmp_path / "b"), stop_at_5)
    assert "grad_scaler" in _saved_state(tmp_path / "b")
    rest = run_all(Trainer(run_dir=tmp_path / "b", resume=True, train=train, val=val))
    # GPU kernels are not bit-exact run to run; a skipped or rescaled step would move the losses far more.
    assert losses(first) + losses(rest) == pytest.approx(straight, rel=1e-3)

"""Fine-tuning from a pre-trained run: the hand-over of tokenizer and encoder weights, freezing, LR scaling."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file
from test_engine import make_config, run_all

from workbench.core.config import ModelConfig
from workbench.core.data.dataset import Dataset, stratified_split
from workbench.core.errors import ConfigError
from workbench.core.runs.folder import RunFolder
from workbench.core.training.engine import Trainer
from workbench.core.training.events import DoneEvent, StepEvent


@pytest.fixture
def pretrained(tiny_texts, tmp_path: Path) -> tuple[Path, Dataset, Dataset]:
    texts, labels = tiny_texts
    train, val = stratified_split(Dataset(texts, labels), 0.2, seed=0)
    cfg = make_config(task="mlm", max_steps=6)
    cfg.model = ModelConfig(d_model=32, n_heads=2, n_layers=2, d_ff=64, max_len=32)
    events = run_all(Trainer(cfg, train=train, val=val, run_dir=tmp_path / "pre"))
    assert isinstance(events[-1], DoneEvent)
    return tmp_path / "pre", train, val


def encoder_weights(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    return {k: v for k, v in state.items() if not k.startswith("classifier.")}


def test_fine_tuning_takes_the_tokenizer_and_encoder(pretrained, tmp_path: Path) -> None:
    pre_dir, train, val = pretrained
    cfg = make_config(max_steps=1, init_from=str(pre_dir), lr=1e-9)
    cfg.model.d_model = 64  # sizing is taken from the pre-trained run, whatever was asked
    trainer = Trainer(cfg, train=train, val=val, run_dir=tmp_path / "fine")
    trainer.prepare()
    assert trainer.config.model.d_model == 32 and trainer.config.model.n_layers == 2
    assert trainer.config.model.n_classes == 2
    assert (tmp_path / "fine" / "tokenizer.json").read_text() == (pre_dir / "tokenizer.json").read_text()
    saved = load_file(RunFolder(pre_dir).checkpoint().files["model"])
    mine = trainer.model.state_dict()
    for name, value in encoder_weights(saved).items():
        assert torch.equal(mine[name], value), name
    assert "classifier.weight" in mine and "classifier.weight" not in saved
    assert trainer.run.info()["init_from"] == str(pre_dir)


def test_fine_tuning_pools_as_asked_even_from_a_run_saved_before_pooling(pretrained, tmp_path: Path) -> None:
    pre_dir, train, val = pretrained
    config_file = pre_dir / "config.toml"  # as written before pooling was a setting: it loads as "cls"
    config_file.write_text(
        "\n".join(line for line in config_file.read_text().splitlines() if not line.startswith("pooling")) + "\n"
    )
    for pooling in ("mean", "cls"):
        cfg = make_config(max_steps=1, init_from=str(pre_dir))
        cfg.model.pooling = pooling
        trainer = Trainer(cfg, train=train, val=val, run_dir=tmp_path / f"fine_{pooling}")
        trainer.prepare()
        assert trainer.model.cfg.pooling == pooling
        assert f'pooling = "{pooling}"' in (tmp_path / f"fine_{pooling}" / "config.toml").read_text()


def test_freezing_keeps_the_encoder_still_then_trains_it_slower(pretrained, tmp_path: Path) -> None:
    pre_dir, train, val = pretrained
    cfg = make_config(max_steps=6, init_from=str(pre_dir), freeze_steps=3, encoder_lr_scale=0.5, eval_every=100)
    trainer = Trainer(cfg, train=train, val=val, run_dir=tmp_path / "fine")
    trainer.prepare()
    start = {k: v.clone() for k, v in trainer.model.state_dict().items()}
    seen: dict[int, dict] = {}

    def watch(tr: Trainer, ev: StepEvent) -> None:
        seen[ev.step] = {k: v.clone() for k, v in tr.model.state_dict().items()}
        seen[ev.step]["lrs"] = {g["part"]: g["lr"] for g in tr.optimizer.param_groups}

    run_all(trainer, watch)
    for name in encoder_weights(start):
        assert torch.equal(seen[3][name], start[name]), f"{name} moved while frozen"
    assert not torch.equal(seen[3]["classifier.weight"], start["classifier.weight"])
    assert any(not torch.equal(seen[6][n], start[n]) for n in encoder_weights(start))
    assert seen[2]["lrs"]["encoder"] == 0.0
    assert seen[5]["lrs"]["encoder"] == pytest.approx(0.5 * seen[5]["lrs"]["head"])


def test_a_frozen_encoder_takes_no_gradients_and_warms_up_when_it_thaws(pretrained, tmp_path: Path) -> None:
    pre_dir, train, val = pretrained
    cfg = make_config(max_steps=9, init_from=str(pre_dir), freeze_steps=3, encoder_lr_scale=0.5, eval_every=100)
    cfg.train.warmup_steps = 4
    trainer = Trainer(cfg, train=train, val=val, run_dir=tmp_path / "fine")
    trainer.prepare()
    head = {id(p) for p in trainer.model.classifier.parameters()}
    seen: dict[int, dict] = {}

    def watch(tr: Trainer, ev: StepEvent) -> None:
        encoder = [p for p in tr.model.parameters() if id(p) not in head]
        seen[ev.step] = {
            "encoder_grads": sum(p.grad is not None for p in encoder),
            "encoder_moments": sum(p in tr.optimizer.state for p in encoder),
            "head_grads": sum(p.grad is not None for p in tr.model.classifier.parameters()),
            "lrs": {g["part"]: g["lr"] for g in tr.optimizer.param_groups},
        }

    run_all(trainer, watch)
    for step in (1, 2, 3):  # frozen: no gradients (so none in the clipping norm) and no Adam moments
        assert seen[step]["encoder_grads"] == 0 and seen[step]["encoder_moments"] == 0, step
        assert seen[step]["head_grads"] == 2
    assert seen[4]["encoder_grads"] > 0 and seen[4]["encoder_moments"] > 0  # thawed
    # The encoder's rate climbs over the run's 4 warm-up steps to half the head's, not straight there.
    ratios = [seen[s]["lrs"]["encoder"] / seen[s]["lrs"]["head"] for s in range(4, 10)]
    assert ratios == pytest.approx([0.1, 0.2, 0.3, 0.4, 0.5, 0.5])


def test_a_missing_pretrained_run_and_mlm_from_a_run_are_refused(tiny_texts, tmp_path: Path) -> None:
    texts, labels = tiny_texts
    train, val = stratified_split(Dataset(texts, labels), 0.2, seed=0)
    events = run_all(
        Trainer(make_config(init_from=str(tmp_path / "nope")), train=train, val=val, run_dir=tmp_path / "x")
    )
    assert events[-1].kind == "input" and "not a run folder" in events[-1].message
    with pytest.raises(ConfigError, match="Pre-training starts from scratch"):
        make_config(task="mlm", init_from="x").train.validate()

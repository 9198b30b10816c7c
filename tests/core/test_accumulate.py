"""Gradient accumulation and the rows of a step: N micro-batches of B rows make the update of one batch of N·B
rows; P processes of B rows read, between them, exactly the rows one process reads with P·B."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from workbench.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig
from workbench.core.data.dataset import Dataset, stratified_split
from workbench.core.errors import ConfigError
from workbench.core.training.engine import Trainer
from workbench.core.training.events import DoneEvent, StepEvent
from workbench.core.training.step import Shard


def _config(batch_size: int, accumulate: int, task: str = "classify", steps: int = 4) -> RunConfig:
    model = ModelConfig(d_model=32, n_heads=2, n_layers=2, d_ff=64, max_len=32, dropout=0.0)
    train = TrainConfig(
        task=task,
        batch_size=batch_size,
        accumulate=accumulate,
        max_steps=steps,
        lr=3e-3,
        warmup_steps=1,
        seed=0,
        precision="fp32",
        device="cpu",
        eval_every=1000,
    )
    # Characters: WordPiece breaks ties between equally frequent pieces differently from one training to the next.
    return RunConfig(data=DataConfig(tokenizer="char", vocab_size=200), model=model, train=train, preset=None)


@pytest.fixture
def splits(tiny_texts) -> tuple[Dataset, Dataset]:
    texts, labels = tiny_texts
    return stratified_split(Dataset(texts, labels, source="tiny"), 0.2, seed=0)


def _train(config: RunConfig, splits, path: Path) -> tuple[list[float], dict[str, torch.Tensor]]:
    train, val = splits
    trainer = Trainer(config, train=train, val=val, run_dir=path)
    events = list(trainer.fit())
    assert isinstance(events[-1], DoneEvent), events[-1]
    state = {k: v.detach().clone() for k, v in trainer.model.state_dict().items()}
    return [e.loss for e in events if isinstance(e, StepEvent)], state


def test_micro_batches_give_the_update_of_one_big_batch(splits, tmp_path) -> None:
    # Rows of different lengths: each micro-batch is padded to its own longest row, the big batch to its own.
    big_losses, big = _train(_config(24, 1), splits, tmp_path / "big")
    small_losses, small = _train(_config(6, 4), splits, tmp_path / "small")
    assert len(big_losses) == len(small_losses) == 4
    # fp32 sums in another order: the loss agrees to ~1e-7 relative; four Adam steps keep weights within 1e-5
    # (a step moves a weight by up to lr = 3e-3, so a different update would show at 1e-3).
    np.testing.assert_allclose(small_losses, big_losses, rtol=1e-5)
    for name, value in big.items():
        torch.testing.assert_close(small[name], value, atol=1e-5, rtol=1e-4, msg=name)
    # And accumulation changes something: one micro-batch of 6 alone trains differently.
    alone_losses, _ = _train(_config(6, 1), splits, tmp_path / "alone")
    assert alone_losses[1:] != pytest.approx(big_losses[1:], rel=1e-3)


def test_pretraining_accumulates_too(splits, tmp_path) -> None:
    losses, _ = _train(_config(8, 3, task="mlm", steps=3), splits, tmp_path / "mlm")
    assert len(losses) == 3 and all(np.isfinite(losses))


def test_processes_share_the_rows_of_one_big_batch() -> None:
    order = np.random.default_rng(0).permutation(50)
    t = TrainConfig(batch_size=4, accumulate=2)
    one = Shard(0, 1)
    two = [Shard(0, 2), Shard(1, 2)]
    wide = TrainConfig(batch_size=8, accumulate=2)  # the same global batch (16) in one process
    assert one.steps_per_epoch(50, wide) == two[0].steps_per_epoch(50, t) == 4
    for step in range(4):
        single = np.concatenate(one.micro_batches(order, step, wide))
        shared = [np.concatenate(s.micro_batches(order, step, t)) for s in two]
        assert all(len(m) <= 4 for s in two for m in s.micro_batches(order, step, t))
        if step < 3:
            assert sorted(np.concatenate(shared)) == sorted(single)
            assert not set(shared[0]) & set(shared[1])  # no row read twice in a step
    # The epoch's 50 rows spread over 2 processes x 25; the last step of 16 holds rows 48..49 and nothing else.
    assert sum(len(np.concatenate(s.micro_batches(order, 3, t))) for s in two) == 2
    three = [Shard(r, 3) for r in range(3)]  # 50 rows over 3 processes: padded by wrapping to 51
    seen = np.concatenate([np.concatenate(s.micro_batches(order, k, t)) for s in three for k in range(3)])
    assert len(seen) == 51 and set(seen) == set(order)


def test_accumulate_must_be_positive() -> None:
    with pytest.raises(ConfigError, match="accumulate"):
        TrainConfig(accumulate=0).validate()

"""The Train page's "Copy command" (issue 16): the torchrun command written for a run's settings, read back by the
workbench's own parser, gives the same settings."""

from __future__ import annotations

import dataclasses
import shlex

import pytest

from workbench.cli import build_parser
from workbench.cli_train import _config_from_args
from workbench.core.config import DataConfig, RunConfig, Task, TrainConfig, preset
from workbench.core.config.command import torchrun_command


def read_back(command: str) -> tuple[list[str], RunConfig]:
    words = shlex.split(command)
    assert words[:6] == ["torchrun", "--standalone", "--nproc-per-node", "4", "-m", "workbench"]
    args = build_parser().parse_args(words[6:])
    return words, _config_from_args(args, "mlm" if args.command == "pretrain" else "classify")


@pytest.mark.parametrize("task", ["classify", "mlm"])
def test_the_command_reads_back_as_the_same_settings(task) -> None:
    cfg = RunConfig(
        data=DataConfig(source="/data/my reviews.csv", val_fraction=0.2, val_rows=0, tokenizer="char", vocab_size=300),
        model=preset("tiny", max_len=96, dropout=0.05, positional="learned"),
        train=TrainConfig(
            task=Task(task), batch_size=24, accumulate=2, max_steps=500, lr=1e-3, seed=7, early_stopping_patience=None
        ),
        preset="tiny",
    )
    words, back = read_back(torchrun_command(cfg, processes=4, out="/scratch/run 1"))
    assert words[6] == ("pretrain" if task == "mlm" else "train") and "/data/my reviews.csv" in words
    assert words[-3:] == ["--out", "/scratch/run 1", "--json"] and "--no-early-stop" in words
    assert back.data == cfg.data and back.preset == "tiny"
    wanted = dataclasses.replace(cfg.model, pooling=back.model.pooling) if task == "mlm" else cfg.model
    assert back.model == wanted
    assert dataclasses.replace(back.train, device=cfg.train.device) == cfg.train


def test_a_fine_tuning_command_names_the_pretrained_run_and_no_sizes() -> None:
    cfg = RunConfig(
        data=DataConfig(source="demo:reviews"),
        model=preset("small", dropout=0.2),
        train=TrainConfig(init_from="/runs/pre", freeze_steps=50, encoder_lr_scale=0.5),
        preset="small",
    )
    words, back = read_back(torchrun_command(cfg, processes=4))
    assert words[words.index("--from") + 1] == "/runs/pre" and "--preset" not in words and "--d-model" not in words
    assert (back.train.init_from, back.train.freeze_steps, back.train.encoder_lr_scale) == ("/runs/pre", 50, 0.5)
    assert back.model.dropout == 0.2

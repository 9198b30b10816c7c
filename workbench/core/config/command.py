"""The command line that trains a run's settings on a cluster: `torchrun ... -m workbench train|pretrain ...`."""

from __future__ import annotations

import shlex

from workbench.core.config.data import DataConfig
from workbench.core.config.model import ModelConfig
from workbench.core.config.presets import preset
from workbench.core.config.run import RunConfig
from workbench.core.config.train import TrainConfig

# (option, section, field): every setting the train/pretrain commands take, written when it differs from what
# the command would use without it.
_DATA = (
    ("--text-column", "text_column"),
    ("--label-column", "label_column"),
    ("--val-data", "val_source"),
    ("--val-fraction", "val_fraction"),
    ("--val-rows", "val_rows"),
    ("--tokenizer", "tokenizer"),
    ("--vocab-size", "vocab_size"),
)
_MODEL = (
    ("--d-model", "d_model"),
    ("--heads", "n_heads"),
    ("--layers", "n_layers"),
    ("--ff", "d_ff"),
    ("--max-len", "max_len"),
    ("--dropout", "dropout"),
    ("--positional", "positional"),
    ("--pooling", "pooling"),
)
_TRAIN = (
    ("--epochs", "epochs"),
    ("--max-steps", "max_steps"),
    ("--max-time", "max_time"),
    ("--batch-size", "batch_size"),
    ("--accumulate", "accumulate"),
    ("--warmup", "warmup_steps"),
    ("--eval-every", "eval_every"),
    ("--seed", "seed"),
    ("--precision", "precision"),
    ("--freeze-steps", "freeze_steps"),
    ("--encoder-lr-scale", "encoder_lr_scale"),
)


def torchrun_command(cfg: RunConfig, processes: int = 2, out: str = "runs/cluster-run") -> str:
    """One shell line: torchrun on this machine with `processes` processes (one per GPU), the run's settings,
    the run folder `out` and a JSON summary; the multi-node rendezvous options are in the README."""
    d, m, t = cfg.data, cfg.model, cfg.train
    pretrain = t.task == "mlm"
    args = ["torchrun", "--standalone", "--nproc-per-node", str(processes), "-m", "workbench"]
    args += ["pretrain" if pretrain else "train", d.source]
    fine_tune = t.init_from is not None
    for flag, name in _DATA:
        if pretrain and name == "label_column":
            continue
        _add(
            args, flag, getattr(d, name), getattr(DataConfig(), name), fine_tune and name in ("tokenizer", "vocab_size")
        )
    if fine_tune:
        args += ["--from", t.init_from or ""]
    else:
        base = preset(cfg.preset or "small")
        if cfg.preset:
            args += ["--preset", cfg.preset]
        for flag, name in _MODEL:
            if pretrain and name == "pooling":
                continue
            sizing = name not in ("dropout", "pooling")
            _add(args, flag, getattr(m, name), getattr(base, name), fine_tune and sizing)
    if fine_tune and m.dropout != ModelConfig().dropout:
        args += ["--dropout", _text(m.dropout)]
    if fine_tune and m.pooling != ModelConfig().pooling:
        args += ["--pooling", _text(m.pooling)]
    args += ["--lr", _text(t.lr)]  # always: the command's default depends on the preset and the task
    default = TrainConfig()
    for flag, name in _TRAIN:
        if pretrain and name in ("freeze_steps", "encoder_lr_scale"):
            continue
        _add(args, flag, getattr(t, name), getattr(default, name))
    if t.early_stopping_patience is None:
        args.append("--no-early-stop")
    elif t.early_stopping_patience != default.early_stopping_patience:
        args += ["--early-stopping", str(t.early_stopping_patience)]
    args += ["--out", out, "--json"]  # no --device: each process takes the GPU of its local rank, or the CPU
    return shlex.join(args)


def _add(args: list[str], flag: str, value: object, default: object, skip: bool = False) -> None:
    if skip or value is None or value == default:
        return
    args += [flag, _val_rows(value) if flag == "--val-rows" and isinstance(value, int) else _text(value)]


def _text(value: object) -> str:
    return str(getattr(value, "value", value))


def _val_rows(value: int) -> str:
    return "all" if value == 0 else str(value)

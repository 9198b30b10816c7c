"""How a run trains: TrainConfig."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.config.choices import Precision, Task, parse_device
from workbench.core.config.fields import check_fields, coerce_choices, setting
from workbench.core.errors import ConfigError

SEED_MAX = 2**31 - 1
DEFAULT_PATIENCE = 5


@dataclass
class TrainConfig:
    """How to train. Horizon: epochs, max_steps and max_time; whichever ends first stops the run."""

    task: Task = setting(Task.CLASSIFY, "classify (learn the labels) or mlm (masked-word pre-training)", choices=Task)
    batch_size: int = setting(
        32,
        "texts per training step (per process and micro-batch; see accumulate)",
        minimum=1,
        maximum=8192,
        label="The batch size",
        integer=True,
    )
    accumulate: int = setting(
        1,
        "micro-batches of batch size per optimizer step: a step holds batch size x accumulate x processes texts",
        minimum=1,
        maximum=4096,
        integer=True,
    )
    epochs: float | None = setting(
        None, "passes over the training data", minimum=0.0, min_open=True, maximum=1000.0, step=1.0, decimals=1
    )
    max_steps: int | None = setting(
        None, "stop after this many steps", minimum=1, maximum=10_000_000, step=100, integer=True
    )
    max_time: float | None = setting(
        None, "stop after this many seconds", minimum=0.0, min_open=True, label="The time limit (seconds)"
    )
    lr: float = setting(
        1e-3,
        "peak learning rate",
        minimum=0.0,
        maximum=1.0,
        min_open=True,
        max_open=True,
        label="The learning rate",
    )
    warmup_steps: int | None = setting(
        None,
        "warm-up steps (default: 5 % of the planned steps, at most 200)",
        minimum=0,
        maximum=1_000_000,
        integer=True,
    )
    min_lr_ratio: float = setting(0.1, "the learning rate at the end, as a share of the peak", minimum=0.0, maximum=1.0)
    weight_decay: float = setting(0.01, "AdamW's weight decay", minimum=0.0, label="The weight decay")
    grad_clip: float = setting(1.0, "gradient norm clipping (0: none)", minimum=0.0, label="Gradient clipping")
    seed: int = setting(0, "seed of the weights and the batch order", minimum=0, maximum=SEED_MAX, integer=True)
    device: str = setting("auto", "auto, cpu, cuda, cuda:N or mps")
    precision: Precision = setting(
        Precision.AUTO, "numeric precision: auto, fp32, or bf16/fp16 mixed precision", choices=Precision
    )
    eval_every: int | None = setting(
        None, "steps between evaluations (default: about ten a run)", minimum=1, integer=True
    )
    # On by default: on small data a long budget otherwise turns into memorising the training rows.
    early_stopping_patience: int | None = setting(
        DEFAULT_PATIENCE,
        "evaluations without a better validation loss before stopping (none: never)",
        minimum=1,
        integer=True,
        optional=True,
    )
    threads: int | None = setting(None, "CPU threads for torch (default: torch's choice)", minimum=1, integer=True)
    init_from: str | None = setting(None, "a pre-trained run folder whose encoder and tokenizer start this run")
    freeze_steps: int = setting(
        0,
        "fine-tuning: train only the new classifier for this many steps, the pre-trained encoder held still "
        "(no gradients); its learning rate then warms up",
        minimum=0,
        maximum=10_000_000,
        step=50,
        integer=True,
    )
    encoder_lr_scale: float = setting(
        1.0,
        "fine-tuning: the encoder's learning rate relative to the new classifier's (0 keeps it fixed)",
        minimum=0.0,
        maximum=10.0,
        step=0.1,
        decimals=2,
        label="The encoder learning-rate scale",
    )

    def __post_init__(self) -> None:
        coerce_choices(self)

    def validate(self) -> None:
        check_fields(self)
        parse_device(self.device)
        if self.init_from is not None and self.task == Task.MLM:
            raise ConfigError("Pre-training starts from scratch; use a pre-trained run to start fine-tuning instead.")

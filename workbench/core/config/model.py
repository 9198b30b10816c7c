"""The encoder's shape: ModelConfig."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.config.choices import AlibiSlopes, Pooling, Positional
from workbench.core.config.fields import check_fields, coerce_choices, setting
from workbench.core.errors import ConfigError

MAX_LEN_LIMIT = 512


@dataclass
class ModelConfig:
    """Shape of the encoder. n_classes is filled in from the data (0 = no classifier head)."""

    vocab_size: int = setting(8000, "rows of the token embedding (the tokenizer's vocabulary)", minimum=1, integer=True)
    d_model: int = setting(
        256,
        "how many numbers describe each token inside the model; wider models learn more but are slower",
        minimum=8,
        maximum=2048,
        step=32,
        label="The width (d_model)",
        integer=True,
    )
    n_heads: int = setting(
        8, "attention heads per block; must divide the width", minimum=1, maximum=64, label="n_heads", integer=True
    )
    n_layers: int = setting(
        4, "how many blocks are stacked", minimum=1, maximum=24, label="The number of layers", integer=True
    )
    d_ff: int = setting(
        1024,
        "size of the hidden layer in each block's feed-forward part, usually 4 x the width",
        minimum=8,
        maximum=8192,
        step=64,
        label="The feed-forward size",
        integer=True,
    )
    max_len: int = setting(
        128,
        "the longest input in tokens; longer texts are cut at the end",
        minimum=8,
        maximum=MAX_LEN_LIMIT,
        step=8,
        label="max_len",
        integer=True,
    )
    dropout: float = setting(
        0.1, "share of values switched off at random while training", minimum=0.0, maximum=0.5, step=0.05, decimals=2
    )
    # Sinusoidal + ALiBi is the default because masked-LM pre-training then reads the neighbouring words from the
    # first step; with sinusoidal positions alone no head had learnt to look at its neighbours after a short run
    # (the README's pre-training notes have the numbers).
    positional: Positional = setting(
        Positional.SINUSOIDAL_ALIBI,
        "how the model knows word order: sinusoidal+alibi (default), sinusoidal (classic), learned, alibi",
        choices=Positional,
    )
    n_classes: int = setting(0, "classifier outputs, from the data (0: no classifier head)", minimum=0, integer=True)
    # Mean pooling is the default because masked-LM pre-training trains every token's final state but never the
    # [CLS] state, so a pre-trained start helps a [CLS] classifier little (numbers in the README).
    pooling: Pooling = setting(
        Pooling.MEAN,
        "what the classifier reads: the mean of the token states (default) or the [CLS] state",
        choices=Pooling,
    )

    # Runs saved before this setting load as "geometric" (LEGACY_MODEL), the slopes they were trained with.
    alibi_slopes: AlibiSlopes = setting(
        AlibiSlopes.PAPER,
        "ALiBi's slopes when the head count is not a power of two: paper (default) or geometric (older runs)",
        choices=AlibiSlopes,
    )

    def __post_init__(self) -> None:
        coerce_choices(self)

    def validate(self) -> None:
        check_fields(self)
        if self.d_model % self.n_heads:
            divisors = [h for h in range(1, min(self.d_model, 64) + 1) if self.d_model % h == 0]
            raise ConfigError(
                f"The number of heads ({self.n_heads}) must divide d_model ({self.d_model}); "
                f"choose one of {', '.join(map(str, divisors))}."
            )
        if self.n_classes == 1:
            raise ConfigError(f"A classifier needs at least two classes (got {self.n_classes}).")

    @property
    def head_dim(self) -> int:
        return self.d_model // self.n_heads

    @property
    def positional_kind(self) -> Positional:
        """The positional choice as its enum, also when a caller assigned a plain string after construction."""
        return Positional(self.positional)

    @property
    def pooling_kind(self) -> Pooling:
        return Pooling(self.pooling)

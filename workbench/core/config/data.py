"""Where a run's text comes from and how it is tokenized: DataConfig."""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.config.choices import PassageMode, TokenizerKind
from workbench.core.config.fields import check_fields, coerce_choices, setting


@dataclass
class DataConfig:
    """Where the text comes from and how it is tokenized."""

    source: str = setting("demo:reviews", "a CSV/TSV/JSONL/Parquet/text file, or demo:NAME (e.g. demo:reviews)")
    text_column: str | None = setting(None, "column with the text (detected if omitted)")
    label_column: str | None = setting(None, "column with the label (detected if omitted)")
    val_source: str | None = setting(None, "a separate validation file (else a share of the data is held out)")
    val_fraction: float = setting(
        0.1,
        "share of the rows held out for validation",
        minimum=0.0,
        maximum=0.9,
        min_open=True,
        max_open=True,
        step=0.05,
        decimals=2,
        label="The validation share",
    )
    tokenizer: TokenizerKind = setting(
        TokenizerKind.WORDPIECE,
        "how text is cut into pieces: WordPiece (words and word parts) or single characters",
        choices=TokenizerKind,
    )
    vocab_size: int = setting(
        8000,
        "the most pieces the tokenizer may learn; small data gives fewer",
        minimum=50,
        maximum=200_000,
        step=500,
        label="The vocabulary size",
        integer=True,
    )
    passages: PassageMode = setting(
        PassageMode.AUTO,
        "pre-training text: lines keeps one passage per line; chunks joins lines into passages of about the "
        "maximum length (a book); auto chunks when lines are short",
        choices=PassageMode,
    )
    # Not the training seed: runs that differ only in their seed are scored on the same rows.
    split_seed: int | None = setting(
        0,
        "draws the validation rows (and a built-in set's sentences); unset in runs saved before it existed, "
        "which were split with their training seed",
        minimum=0,
        optional=True,
        integer=True,
    )

    def __post_init__(self) -> None:
        coerce_choices(self)

    def validate(self) -> None:
        check_fields(self)

"""The learning rate a run gets when none is given: 2e-3 for a tiny classifier from scratch, 1e-3 otherwise."""

from __future__ import annotations

import pytest

from workbench.cli import build_parser
from workbench.cli_train import _config_from_args


def _lr(*argv: str, task: str = "classify") -> float:
    args = build_parser().parse_args([argv[0], "demo:reviews", *argv[1:]])
    return _config_from_args(args, task).train.lr


@pytest.mark.parametrize(
    ("argv", "task", "expected"),
    [
        (("train", "--preset", "tiny"), "classify", 2e-3),
        (("train", "--preset", "small"), "classify", 1e-3),
        (("train",), "classify", 1e-3),  # the CLI's default size is small
        (("train", "--preset", "tiny", "--lr", "5e-4"), "classify", 5e-4),  # given wins
        (("train", "--preset", "tiny", "--d-model", "64"), "classify", 1e-3),  # a custom size is no preset
        (("pretrain", "--preset", "tiny"), "mlm", 1e-3),
    ],
)
def test_default_learning_rate(argv: tuple[str, ...], task: str, expected: float) -> None:
    assert _lr(*argv, task=task) == pytest.approx(expected)

"""Test-wide settings: one torch thread, offscreen Qt, and user folders redirected into a temporary place."""

from __future__ import annotations

import os
import tempfile

# Set before anything imports Qt or platformdirs, so no test touches the real screen or user folders.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_home = tempfile.mkdtemp(prefix="workbench-tests-")
for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[var] = os.path.join(_home, var.lower())

from typing import TYPE_CHECKING  # noqa: E402

import pytest  # noqa: E402

from workbench.core.heap import keep_freed_memory  # noqa: E402
from workbench.kernel_caches import bound_kernel_caches  # noqa: E402
from workbench.torch_loader import prefer_passive_waits  # noqa: E402

prefer_passive_waits()  # as the app and the CLI do, before torch loads
bound_kernel_caches()
keep_freed_memory()
import torch  # noqa: E402

if TYPE_CHECKING:
    from workbench.core.data.tokenizer import TextTokenizer

torch.set_num_threads(1)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--benchmarks", action="store_true", help="also run the speed checks (@pytest.mark.benchmark)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Speed checks fail on a busy machine however right the code is, so the suite skips them unless asked."""
    if config.getoption("--benchmarks"):
        return
    skip = pytest.mark.skip(reason="a speed check: run with --benchmarks on a quiet machine")
    for item in items:
        if "benchmark" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="module")
def tokenizer() -> TextTokenizer:
    """A WordPiece tokenizer of 120 pieces trained on a dozen short review sentences (tests/core/tiny_models.py)."""
    from tiny_models import tiny_tokenizer

    return tiny_tokenizer()


@pytest.fixture
def tiny_texts() -> tuple[list[str], list[str]]:
    """A small, learnable two-class set: the label is decided by 'good'/'bad' wherever it appears."""
    import random

    rng = random.Random(0)
    nouns = ["food", "film", "service", "room", "staff", "plot", "music", "view"]
    fillers = ["the", "a", "very", "quite", "really", "was", "is", "and", "it"]
    texts, labels = [], []
    for i in range(240):
        word = "good" if i % 2 == 0 else "bad"
        parts = [rng.choice(fillers) for _ in range(rng.randint(2, 6))] + [rng.choice(nouns), word]
        rng.shuffle(parts)
        texts.append(" ".join(parts))
        labels.append("positive" if word == "good" else "negative")
    return texts, labels

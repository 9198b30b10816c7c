"""`workbench bench inspect` end to end on tiny models and a few short sentences (the real run uses the small
and base presets, 50 sentences each)."""

from __future__ import annotations

import pytest

from workbench.bench import inspect_qt
from workbench.bench.registry import BENCHES
from workbench.core.data.demo import make
from workbench.core.data.tokenizer import TextTokenizer


def test_sentences_have_exactly_the_tokens_asked_for() -> None:
    train, _ = make("reviews")
    tokenizer = TextTokenizer.train(train.texts[:400], "wordpiece", 500)
    for n in (16, 48):
        texts = inspect_qt.sentences(tokenizer, train.texts, n, 5)
        assert len(set(texts)) == 5
        assert all(len(tokenizer.tokens(t, 4 * n)) == n for t in texts)


def test_the_inspect_benchmark_reports_its_keys(qapp) -> None:
    assert BENCHES["inspect"][0] == "workbench.bench.inspect_qt"
    cases = (("small", "tiny", 16), ("base", "tiny", 16), ("long256", "tiny", 40))
    result = inspect_qt.run(count=3, cases=cases)
    for key in ("small_p95_ms", "base_p95_ms", "long256_p95_ms", "small_forward_median_ms"):
        assert result[key] > 0, key
    assert result["debounce_ms"] == 80 and result["sentences"] == 3


@pytest.mark.benchmark
def test_the_grid_time_includes_the_forward_pass(qapp) -> None:
    """Two timings taken at different moments: a busy machine can slow either, so only a quiet one checks this."""
    result = inspect_qt.run(count=3, cases=(("small", "tiny", 16),))
    assert result["small_median_ms"] >= result["small_forward_median_ms"] * 0.5

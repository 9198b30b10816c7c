"""`workbench bench inspect` end to end on tiny models and a few short sentences (the real run uses the small
and base presets, 50 sentences each)."""

from __future__ import annotations

import time

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


def test_percentiles_and_medians_are_of_the_times_given() -> None:
    times = [float(v) for v in range(0, 101, 10)]  # 0, 10, ..., 100
    assert inspect_qt._p95(times) == 95.0
    assert inspect_qt._median(times) == 50.0
    assert inspect_qt._median([3.0, 1.0, 2.0, 100.0]) == 2.5


class _Clock:
    """time.perf_counter advancing exactly 2 ms per call (sleep stays real, so the page can finish its work)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def perf_counter(self) -> float:
        self.now += 0.002
        return self.now

    @staticmethod
    def sleep(seconds: float) -> None:
        time.sleep(seconds)


def test_the_inspect_benchmark_times_each_sentence_from_setting_it_to_the_grid(qapp, monkeypatch) -> None:
    assert BENCHES["inspect"][0] == "workbench.bench.inspect_qt"
    monkeypatch.setattr(inspect_qt, "time", _Clock())
    cases = (("small", "tiny", 16), ("base", "tiny", 16), ("long256", "tiny", 40))
    pytest.importorskip("transformers")
    tiny_bert = {"hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 64}
    result = inspect_qt.run(count=3, cases=cases, bert=tiny_bert | {"vocab_size": 9000})
    # One clock reading starts a sentence and the next one ends it once the grid is painted: 2 ms, every time.
    for key in ("small", "base", "long256"):
        assert result[f"{key}_p95_ms"] == pytest.approx(2.0) and result[f"{key}_median_ms"] == pytest.approx(2.0)
        assert result[f"{key}_with_large_head_p95_ms"] == pytest.approx(4.0)  # one reading more: the large head
        forward = result[f"{key}_forward_p95_ms"]  # timed inside the inspection thread, on the real clock
        assert forward > 0 and result[f"{key}_overhead"] == pytest.approx(2.0 / forward, rel=0.01, abs=0.002)
    assert list(result)[:7] == [
        "small_overhead",
        "small_p95_ms",
        "base_overhead",
        "base_p95_ms",
        "long256_overhead",
        "long256_p95_ms",
        "debounce_ms",
    ]
    assert (result["debounce_ms"], result["sentences"], result["tokens"]) == (80, 3, [16, 40])
    # The model folder (written by transformers), opened as the app opens it and typed into like the others.
    assert result["bert_base_p95_ms"] == pytest.approx(2.0) and result["bert_base_forward_median_ms"] > 0
    assert result["bert_base_open_s"] == pytest.approx(0.0, abs=0.01)  # two readings of the 2 ms clock

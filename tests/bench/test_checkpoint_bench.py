"""`workbench bench checkpoint` writes a model folder that opens and measures it (tiny sizes here)."""

from __future__ import annotations

import numpy as np

from workbench.bench.checkpoint import SENTENCE, measure, write_random_bert
from workbench.core.inspection.inspector import inspect_text, load_run


def test_the_random_bert_folder_opens_and_is_measured(tmp_path) -> None:
    write_random_bert(
        tmp_path, vocab_size=200, hidden_size=32, num_hidden_layers=2, num_attention_heads=4, intermediate_size=64
    )
    run = load_run(tmp_path)
    assert run.labels == ["negative", "positive"]
    assert run.model.info.summary().startswith("BertForSequenceClassification")
    result = inspect_text(run.model, run.tokenizer, SENTENCE)
    assert "[UNK]" not in result.tokens and result.attention.shape == (2, 4, 20, 20)
    assert np.isclose(result.probabilities.sum(), 1.0)
    numbers = measure(tmp_path)
    assert numbers["tokens"] == 32 and numbers["parameters_m"] < 1
    assert 0 < numbers["inspect_p50_ms"] <= numbers["inspect_p95_ms"]

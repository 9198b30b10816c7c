"""`workbench inspect RUN "句子" --words --json`: the words and the attention between them, on a run trained on the
built-in Chinese reviews."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from workbench.cli import main

TINY = ["--d-model", "32", "--heads", "2", "--layers", "2", "--ff", "64", "--max-len", "48", "--vocab-size", "400"]
SENTENCE = "这家餐厅的菜很好吃，但是服务员一点也不热情"


@pytest.fixture(scope="module")
def zh_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    run = tmp_path_factory.mktemp("zh") / "run"
    args = ["--max-steps", "2", "--out", str(run), "--precision", "fp32", "--quiet", *TINY]
    assert main(["train", "demo:reviews-zh", *args]) == 0
    return run


def last_json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


def test_words_json_adds_words_and_their_attention(zh_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", str(zh_run), SENTENCE, "--words", "--json"]) == 0
    out = last_json(capsys.readouterr().out)
    tokens, words = out["tokens"], out["words"]
    assert len(tokens) == len(SENTENCE) + 2  # a token per character
    assert words[0] == "[CLS]" and words[-1] == "[SEP]" and "".join(words[1:-1]) == SENTENCE
    assert {"餐厅", "好吃", "但是", "服务员"} <= set(words)
    assert [i for group in out["word_tokens"] for i in group] == list(range(len(tokens)))
    att, word_att = np.array(out["attention"]), np.array(out["word_attention"])
    assert word_att.shape == (*att.shape[:2], len(words), len(words))
    np.testing.assert_allclose(word_att.sum(-1), 1.0, atol=1e-4)
    # A word's attention to a key word is what its pieces give that word's pieces, averaged over its pieces.
    w = words.index("餐厅")
    pieces = out["word_tokens"][w]
    expected = att[:, :, pieces][:, :, :, pieces].sum(-1).mean(-1)
    np.testing.assert_allclose(word_att[:, :, w, w], expected, atol=1e-4)


def test_words_without_json_print_them_and_without_words_nothing_changes(
    zh_run: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["inspect", str(zh_run), SENTENCE, "--words"]) == 0
    assert "words: [CLS] | 这家 | 餐厅 |" in capsys.readouterr().out
    assert main(["inspect", str(zh_run), SENTENCE, "--json"]) == 0
    out = last_json(capsys.readouterr().out)
    assert "words" not in out and "word_attention" not in out

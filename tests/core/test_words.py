"""Attention over words: pieces grouped into words (English as the tokenizer joins them, Chinese by the segmenter),
word attention (mean over query pieces, sum over key pieces: rows still sum to 1), saliency summed per word, and
compare / sentence pairs / statistics on words."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from tiny_models import tiny_classifier

from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.inspection.attention_stats import head_statistics, hide_special
from workbench.core.inspection.compare import compare_models
from workbench.core.inspection.inspector import inspect_pair, inspect_text
from workbench.core.inspection.words import WordGroups, group_words, to_words, word_attention, word_scores

ENGLISH = [
    *["the film was good", "the food was bad", "we play the game", "good games, were played!"],
    *["they replay it badly", "a player plays games"],
] * 5
CHINESE = ["这家餐厅的菜很好吃", "服务员一点也不热情", "我不喜欢这个产品", "价格有点贵但是很好吃"] * 5


@pytest.fixture(scope="module")
def wordpiece() -> TextTokenizer:
    return TextTokenizer.train(ENGLISH + CHINESE, "wordpiece", vocab_size=100)


@pytest.fixture(scope="module")
def chars() -> TextTokenizer:
    return TextTokenizer.train(ENGLISH + CHINESE, "char", vocab_size=200)


def test_english_pieces_join_into_the_words_they_spell(wordpiece: TextTokenizer) -> None:
    text = "Replayed gameplay, badly!"
    tokens = wordpiece.tokens(text)
    assert any(t.startswith("##") for t in tokens)  # the small vocabulary cuts these words into pieces
    groups = group_words(wordpiece, text, 64)
    assert groups.words == ["[CLS]", "Replayed", "gameplay", ",", "badly", "!", "[SEP]"]
    for word, group in zip(groups.words[1:-1], groups.groups[1:-1], strict=True):
        spelt = "".join(tokens[i].removeprefix("##") for i in group)
        assert spelt == word.lower()
        assert all(tokens[i].startswith("##") for i in group[1:]) and not tokens[group[0]].startswith("##")
    assert groups.groups[0] == (0,) and groups.groups[-1] == (len(tokens) - 1,)


def test_chinese_characters_join_into_segmented_words(wordpiece: TextTokenizer) -> None:
    text = "这家餐厅的菜很好吃，但是服务员不热情"
    tokens = wordpiece.tokens(text)
    assert len(tokens) == len(text) + 2  # one token per character, as BERT splits Chinese
    groups = group_words(wordpiece, text, 64)
    assert "".join(groups.words[1:-1]) == text  # nothing lost, nothing added
    for word in ("餐厅", "好吃", "但是", "服务员"):
        assert word in groups.words
    assert len(groups.words) < len(tokens)
    assert [len(g) for g in groups.groups] == [len(w) if w not in ("[CLS]", "[SEP]") else 1 for w in groups.words]


def test_mixed_text_and_the_character_tokenizer(chars: TextTokenizer, wordpiece: TextTokenizer) -> None:
    text = "the game 很好玩 played"
    for tok in (chars, wordpiece):
        words = [w for w in group_words(tok, text, 64).words if w != "▁"]
        assert words[0] == "[CLS]" and words[-1] == "[SEP]"
        assert "game" in words and "played" in words and "the" in words
    # The character tokenizer's space marks stay words of their own, so every token is in exactly one word.
    groups = group_words(chars, text, 64)
    assert "▁" in groups.words
    assert sorted(i for g in groups.groups for i in g) == list(range(len(chars.tokens(text))))


def test_a_truncated_text_keeps_the_words_of_the_tokens_seen(wordpiece: TextTokenizer) -> None:
    groups = group_words(wordpiece, "这家餐厅的菜很好吃" * 5, 8)
    assert groups.n_tokens == 8 and groups.words[-1] == "[SEP]"


def test_word_attention_means_query_pieces_and_sums_key_pieces() -> None:
    groups = WordGroups(["[CLS]", "playing", "[SEP]"], [(0,), (1, 2), (3,)])
    att = np.array(
        [
            [0.1, 0.2, 0.3, 0.4],
            [0.4, 0.3, 0.2, 0.1],
            [0.0, 0.5, 0.5, 0.0],
            [0.25, 0.25, 0.25, 0.25],
        ],
        dtype=np.float32,
    )
    expected = np.array(
        [
            [0.1, 0.5, 0.4],
            [(0.4 + 0.0) / 2, (0.5 + 1.0) / 2, (0.1 + 0.0) / 2],
            [0.25, 0.5, 0.25],
        ]
    )
    out = word_attention(att, groups)
    assert out.dtype == np.float32 and out.shape == (3, 3)
    np.testing.assert_allclose(out, expected, atol=1e-7)
    np.testing.assert_allclose(word_scores([1.0, 2.0, -0.5, 3.0], groups), [1.0, 1.5, 3.0])


def test_rows_of_a_real_models_word_attention_sum_to_one(wordpiece: TextTokenizer) -> None:
    torch.manual_seed(0)
    model = tiny_classifier(wordpiece)
    for text in ("这家餐厅的菜很好吃", "replayed gameplay"):
        insp = inspect_text(model, wordpiece, text)
        words = to_words(insp, group_words(wordpiece, text, model.cfg.max_len))
        assert words.attention.shape[:2] == insp.attention.shape[:2]
        assert words.attention.shape[-1] == len(words.tokens) < len(insp.tokens)
        np.testing.assert_allclose(words.attention.sum(-1), 1.0, atol=1e-5)
        np.testing.assert_array_equal(words.probabilities, insp.probabilities)
        # Statistics and hiding [CLS]/[SEP] work on words as on tokens.
        stats = head_statistics(words.attention, words.tokens)
        assert len(stats) == 4 and all(0 <= s["cls_share"] <= 1 for s in stats)
        hidden, kept = hide_special(words.attention, words.tokens)
        assert "[CLS]" not in kept and hidden.shape[-1] == len(words.tokens) - 2


def test_compare_and_sentence_pairs_over_words(wordpiece: TextTokenizer) -> None:
    a, b = tiny_classifier(wordpiece, seed=0), tiny_classifier(wordpiece, seed=1)
    text = "这家餐厅的菜很好吃"
    on_words = compare_models(a, wordpiece, b, wordpiece, text, words=True)
    assert on_words.tokens == group_words(wordpiece, text, 16).words
    assert on_words.change.shape == (2, 2) and np.all((on_words.change >= 0) & (on_words.change <= 1))
    pair = inspect_pair(a, wordpiece, "菜很好吃", "菜不好吃", words=True)
    assert pair.a.tokens == ["[CLS]", "菜", "很", "好吃", "[SEP]"]
    assert pair.shared_tokens == ["[CLS]", "菜", "好吃", "[SEP]"]
    assert pair.difference.shape == (2, 2, 4, 4)

"""TextTokenizer: fixed special ids, [CLS]/[SEP] and truncation, Chinese, char kind, save/load."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from workbench.core.data.tokenizer import SPACE_MARK, TextTokenizer
from workbench.core.errors import RunError

ENGLISH = [
    "the film was good and the music was great",
    "the food was bad and the service was slow",
    "a really good room with a lovely view",
    "the plot was quite boring but the staff were kind",
] * 20
CHINESE = ["我爱北京天安门", "今天天气很好，我们去公园", "这部电影很好看", "服务很差，菜也不好吃"] * 20


@pytest.fixture(scope="module")
def wordpiece() -> TextTokenizer:
    return TextTokenizer.train(ENGLISH + CHINESE, vocab_size=200)


def test_special_ids_are_fixed(wordpiece: TextTokenizer) -> None:
    for tok in (wordpiece, TextTokenizer.train(ENGLISH, kind="char", vocab_size=60)):
        assert (tok.pad_id, tok.unk_id, tok.cls_id, tok.sep_id, tok.mask_id) == (0, 1, 2, 3, 4)
        assert [tok.id_to_token(i) for i in range(5)] == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        assert tok.special_ids == {0, 1, 2, 3, 4}


def test_encode_adds_cls_and_sep(wordpiece: TextTokenizer) -> None:
    ids = wordpiece.encode_ids(["the film was good", ""], max_len=32)
    assert ids[0][0] == 2 and ids[0][-1] == 3 and len(ids[0]) == 6
    assert ids[1] == [2, 3]
    assert wordpiece.tokens("The FILM was good") == ["[CLS]", "the", "film", "was", "good", "[SEP]"]


def test_truncation_keeps_sep(wordpiece: TextTokenizer) -> None:
    text = " ".join(["the film was good"] * 20)
    for max_len in (5, 8, 64):
        ids = wordpiece.encode_ids([text], max_len)[0]
        assert len(ids) == max_len and ids[0] == 2 and ids[-1] == 3
    # a different max_len in the next call is honoured (the setting is not sticky)
    assert len(wordpiece.encode_ids([text], 10)[0]) == 10
    assert len(wordpiece.tokens(text, max_len=7)) == 7


def test_chinese_splits_into_characters(wordpiece: TextTokenizer) -> None:
    assert wordpiece.tokens("我爱北京") == ["[CLS]", "我", "爱", "北", "京", "[SEP]"]
    ids = wordpiece.encode_ids(["今天天气很好"], 16)[0]
    assert wordpiece.unk_id not in ids


def test_unknown_word_becomes_pieces_or_unk(wordpiece: TextTokenizer) -> None:
    pieces = wordpiece.tokens("goodfilm")[1:-1]
    assert len(pieces) >= 2 and pieces[0] == "good" and all(p.startswith("##") for p in pieces[1:])
    # a word with a character never seen in training cannot be spelt: [UNK]
    assert wordpiece.tokens("Ωmega")[1:-1] == ["[UNK]"]


def test_vocab_size_is_respected() -> None:
    for requested in (50, 80, 300):
        tok = TextTokenizer.train(ENGLISH + CHINESE, vocab_size=requested)
        assert tok.vocab_size <= requested
        assert max(max(ids) for ids in tok.encode_ids(ENGLISH + CHINESE, 64)) < tok.vocab_size
    # an alphabet larger than the vocabulary (many distinct CJK characters) still fits
    many = ["".join(chr(0x4E00 + (i * 7 + j) % 3000) for j in range(10)) for i in range(400)]
    assert TextTokenizer.train(many, vocab_size=500).vocab_size <= 500
    assert TextTokenizer.train(many, kind="char", vocab_size=100).vocab_size <= 100


def test_char_kind() -> None:
    tok = TextTokenizer.train(ENGLISH + CHINESE, kind="char", vocab_size=500)
    assert tok.kind == "char"
    pieces = tok.tokens("Good  film\n我爱")
    # case is kept (G unseen → [UNK]), whitespace runs become one visible mark, CJK one token per char
    assert pieces == [
        "[CLS]",
        "[UNK]",
        "o",
        "o",
        "d",
        SPACE_MARK,
        "f",
        "i",
        "l",
        "m",
        SPACE_MARK,
        "我",
        "爱",
        "[SEP]",
    ]
    assert tok.decode(tok.encode_ids(["good film"], 32)[0]) == "good film"


def test_save_load_round_trip(tmp_path: Path, wordpiece: TextTokenizer) -> None:
    texts = ["the film was good", "我爱北京天安门", "goodfilm Ωmega"]
    for tok in (wordpiece, TextTokenizer.train(ENGLISH + CHINESE, kind="char", vocab_size=100)):
        path = tmp_path / f"{tok.kind}.json"
        tok.encode_ids(texts, 6)  # a truncation setting must not leak into the file
        tok.save(path)
        assert json.loads(path.read_text(encoding="utf-8"))["truncation"] is None
        again = TextTokenizer.load(path)
        assert again.kind == tok.kind and again.vocab_size == tok.vocab_size
        assert again.encode_ids(texts, 32) == tok.encode_ids(texts, 32)
        assert pickle.loads(pickle.dumps(again)).encode_ids(texts, 32) == tok.encode_ids(texts, 32)
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_broken_or_missing_file_raises_run_error(tmp_path: Path, wordpiece: TextTokenizer) -> None:
    with pytest.raises(RunError, match="missing"):
        TextTokenizer.load(tmp_path / "tokenizer.json")
    bad = tmp_path / "tokenizer.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(RunError, match="damaged"):
        TextTokenizer.load(bad)
    # valid HF JSON whose special tokens are not at the fixed ids
    wordpiece.save(bad)
    raw = json.loads(bad.read_text(encoding="utf-8"))
    vocab = raw["model"]["vocab"]
    vocab["[PAD]"], vocab["[UNK]"] = vocab["[UNK]"], vocab["[PAD]"]
    bad.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(RunError):
        TextTokenizer.load(bad)


def test_chinese_in_mixed_text_splits_as_bert_does(wordpiece: TextTokenizer) -> None:
    """Each CJK character is a token of its own wherever it stands (BERT's handle_chinese_chars), punctuation too,
    and no piece ever continues a Chinese character (no "##爱")."""
    tokens = wordpiece.tokens("我爱the film，今天good")
    assert tokens[1:3] == ["我", "爱"] and tokens[-4:-1] == ["今", "天", "good"]
    assert "，" in tokens
    vocabulary = [wordpiece.id_to_token(i) for i in range(wordpiece.vocab_size)]
    assert not [t for t in vocabulary if t.startswith("##") and "\u4e00" <= t[2:3] <= "\u9fff"]
    assert not [t for t in vocabulary if len(t) > 1 and all("\u4e00" <= c <= "\u9fff" for c in t)]

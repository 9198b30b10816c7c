"""Pre-training on Chinese text: sentences end at 。！？；, a Chinese character counts as a word, and a Chinese
plain-text file becomes passages as an English book does."""

from __future__ import annotations

from pathlib import Path

from workbench.core.data import load_source
from workbench.core.data.cjk import join_text, split_sentences, text_units
from workbench.core.data.dataset import Dataset, to_passages

PARAGRAPH = "他走进房间。外面下着雨！你来了吗？我说：“好的。”然后我们走了；天黑了"


def test_sentences_end_at_chinese_sentence_punctuation() -> None:
    assert split_sentences(PARAGRAPH) == [
        "他走进房间。",
        "外面下着雨！",
        "你来了吗？",
        "我说：“好的。”",
        "然后我们走了；",
        "天黑了",
    ]
    assert split_sentences("Dr. Smith went home. He slept.") == ["Dr. Smith went home. He slept."]
    assert split_sentences("没问题!好的?") == ["没问题!", "好的?"]  # ASCII marks after Chinese end sentences too


def test_length_counts_chinese_characters_as_words() -> None:
    assert text_units("the food was good") == 4
    assert text_units("这家餐厅很好") == 6
    assert text_units("我用 iPhone 15 拍的") == 6


def test_joining_puts_spaces_only_next_to_non_chinese_text() -> None:
    assert join_text(["他走了。", "“好的。”", "然后呢"]) == "他走了。“好的。”然后呢"
    assert join_text(["the end.", "他走了", "he said “yes”", "“no”"]) == "the end. 他走了 he said “yes” “no”"


def test_a_chinese_book_becomes_passages_that_end_at_sentence_ends() -> None:
    book = Dataset(["第一章", PARAGRAPH * 4, "“你好。”", "她笑了。"] * 5)
    passages = to_passages(book, words=30)
    assert all(p.endswith(("。", "！", "？", "；", "”", "了")) for p in passages.texts)
    assert all(text_units(p) < 30 + 12 for p in passages.texts)  # at most one sentence past the passage length
    assert "".join(passages.texts).replace(" ", "") == "".join(book.texts)  # nothing lost, order kept
    assert passages.labels is None
    # "lines" keeps a line per passage; "auto" cuts only the lines longer than a passage.
    assert to_passages(book, words=30, mode="lines").texts == book.texts
    long_lines = Dataset([PARAGRAPH * 2, PARAGRAPH * 2 + "。", "短句子而已，没有别的内容可说了呢。" * 2])
    auto = to_passages(long_lines, words=30)
    assert auto.texts[-1] == long_lines.texts[-1] and len(auto) > len(long_lines)


def test_english_books_are_joined_as_before() -> None:
    play = Dataset([f"line {i} of the play" for i in range(100)])
    passages = to_passages(play, words=20)
    assert len(passages) == 25 and " ".join(passages.texts) == " ".join(play.texts)


def test_a_chinese_plain_text_file_reads_as_a_book(tmp_path: Path) -> None:
    path = tmp_path / "书.txt"
    path.write_text("\n".join(["第一章", PARAGRAPH * 3, "", "“你好。”"]) + "\n", encoding="utf-8")
    data, fixed_val = load_source(str(path), labelled=False)
    assert fixed_val is None and data.labels is None and len(data) == 3
    passages = to_passages(data, words=25)
    assert len(passages) > 3 and all(text_units(p) <= 25 + 12 for p in passages.texts)

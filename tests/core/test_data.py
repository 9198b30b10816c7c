"""Tests for the data readers: formats, encodings, bad files, row reports with line numbers, and splits."""

from __future__ import annotations

import builtins
import csv
import hashlib
import io
import json
import sys
import time
import types
from collections import Counter
from pathlib import Path

import pytest

from workbench.core.config import DataConfig
from workbench.core.data import load_source, load_splits, preview_columns, read_file
from workbench.core.data.dataset import Dataset, SkippedRow
from workbench.core.errors import DataError

REVIEWS = [
    ("I loved this film, truly", "pos"),
    ("Terrible acting and a dull plot", "neg"),
    ("Not bad at all, would watch again", "pos"),
    ("A waste of two hours", "neg"),
    ("Wonderful music and a clever story", "pos"),
    ("Boring from start to end", "neg"),
]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write text with an exact encoding and no newline translation."""
    path.write_bytes(text.encode(encoding))
    return path


def csv_text(rows: list[tuple[str, ...]], header: tuple[str, ...] | None = ("text", "label")) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def lines_of(skipped: list[SkippedRow]) -> list[int]:
    return [s.line for s in skipped]


# ----------------------------------------------------------------------------------------------- CSV basics


def test_csv_with_header_reads_texts_labels_and_provenance(tmp_path: Path) -> None:
    path = write(tmp_path / "reviews.csv", csv_text(REVIEWS))
    data = read_file(path)
    assert data.texts == [t for t, _ in REVIEWS]
    assert data.labels == [lab for _, lab in REVIEWS]
    assert (data.text_column, data.label_column) == ("text", "label")
    assert data.encoding == "utf-8"
    assert data.source == str(path)
    assert data.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert data.skipped == []


def test_source_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "r.csv", csv_text(REVIEWS))
    monkeypatch.chdir(tmp_path)
    assert read_file("r.csv").source == "r.csv"


def test_whitespace_is_stripped_from_texts_and_labels(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", "text,label\n  padded text  ,  pos \n\tother\t,neg\n")
    data = read_file(path)
    assert data.texts == ["padded text", "other"]
    assert data.labels == ["pos", "neg"]


@pytest.mark.parametrize(
    ("header", "text_col", "label_col"),
    [
        (("id", "sentence", "sentiment"), "sentence", "sentiment"),
        (("utterance", "intent"), "utterance", "intent"),
        (("category", "content"), "content", "category"),
        (("query", "target", "source"), "query", "target"),
        (("review_text", "y"), "review_text", "y"),
        (("Text", "Class"), "Text", "Class"),
    ],
)
def test_columns_detected_by_name(tmp_path: Path, header: tuple[str, ...], text_col: str, label_col: str) -> None:
    rows = []
    for i, (text, label) in enumerate(REVIEWS):
        row = {text_col: text, label_col: label}
        rows.append(tuple(row.get(h, str(i)) for h in header))
    data = read_file(write(tmp_path / "d.csv", csv_text(rows, header)))
    assert (data.text_column, data.label_column) == (text_col, label_col)
    assert data.texts[0] == REVIEWS[0][0]
    assert data.labels[0] == REVIEWS[0][1]


def test_columns_detected_by_values_when_names_say_nothing(tmp_path: Path) -> None:
    rows = [(str(i), lab, f"{text} ({i})", f"user{i}") for i, (text, lab) in enumerate(REVIEWS * 3)]
    data = read_file(write(tmp_path / "d.csv", csv_text(rows, ("row_id", "verdict", "words", "author"))))
    assert data.text_column == "words"
    assert data.label_column == "verdict"
    assert len(data) == 18


def test_short_texts_are_told_from_labels_by_their_variety(tmp_path: Path) -> None:
    # The labels are longer on average than the one-word texts, but they repeat and the texts do not.
    rows = [("cat", "noun"), ("run", "verb"), ("dog", "noun"), ("jump", "verb"), ("blue", "adjective")]
    rows += [("sing", "verb"), ("tree", "noun"), ("red", "adjective")]
    data = read_file(write(tmp_path / "d.csv", csv_text(rows, ("word", "tag"))))
    assert (data.text_column, data.label_column) == ("word", "tag")


def test_named_columns_override_detection(tmp_path: Path) -> None:
    rows = [(text, lab, lab.upper()) for text, lab in REVIEWS]
    path = write(tmp_path / "d.csv", csv_text(rows, ("text", "label", "gold")))
    data = read_file(path, text_column="text", label_column="gold")
    assert data.label_column == "gold"
    assert data.labels[0] == "POS"
    # Matching is forgiving about case and surrounding spaces.
    assert read_file(path, label_column=" GOLD ").label_column == "gold"


def test_unknown_column_name_lists_the_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", csv_text(REVIEWS, ("review", "stars")))
    with pytest.raises(DataError, match=r"no text column 'body'.*review, stars"):
        read_file(path, text_column="body")
    with pytest.raises(DataError, match=r"no label column 'class'.*review, stars"):
        read_file(path, label_column="class")


def test_label_column_ignored_when_unlabelled(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", csv_text(REVIEWS))
    data = read_file(path, label_column="does_not_matter", labelled=False)
    assert data.labels is None
    assert data.label_column is None
    assert data.texts == [t for t, _ in REVIEWS]


def test_same_column_for_text_and_label_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", csv_text(REVIEWS))
    with pytest.raises(DataError, match="cannot both be column 'text'"):
        read_file(path, text_column="text", label_column="text")


def test_text_only_csv_reads_without_labels(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", "text\nfirst example here\nsecond example\n")
    data = read_file(path)
    assert data.labels is None
    assert data.texts == ["first example here", "second example"]
    with pytest.raises(DataError, match="no label column"):
        data.require_classes()


def test_pandas_index_column_with_empty_header(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", ",text,label\n0,hello there,a\n1,bye now,b\n2,see you,a\n")
    data = read_file(path)
    assert (data.text_column, data.label_column) == ("text", "label")
    assert data.texts == ["hello there", "bye now", "see you"]


# ------------------------------------------------------------------------------------------- headerless


def test_headerless_csv_gets_numbered_columns(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", csv_text(REVIEWS, header=None))
    data = read_file(path)
    assert data.texts == [t for t, _ in REVIEWS]  # the first row is data, not a header
    assert data.labels == [lab for _, lab in REVIEWS]
    assert (data.text_column, data.label_column) == ("column_1", "column_2")


def test_headerless_csv_with_numeric_labels_first(tmp_path: Path) -> None:
    rows = [("1" if lab == "pos" else "0", text) for text, lab in REVIEWS]
    data = read_file(write(tmp_path / "d.csv", csv_text(rows, header=None)))
    assert (data.text_column, data.label_column) == ("column_2", "column_1")
    assert data.labels == [r[0] for r in rows]
    assert len(data) == len(REVIEWS)


def test_headerless_csv_column_can_be_named_by_number(tmp_path: Path) -> None:
    rows = [(lab, text, "x") for text, lab in REVIEWS]
    path = write(tmp_path / "d.csv", csv_text(rows, header=None))
    data = read_file(path, text_column="column_2", label_column="column_1")
    assert data.texts[0] == REVIEWS[0][0]
    with pytest.raises(DataError, match=r"no header row.*column_1, column_2, column_3"):
        read_file(path, text_column="text")


def test_header_with_unlisted_names_is_still_a_header(tmp_path: Path) -> None:
    rows = [(text, "5" if lab == "pos" else "1") for text, lab in REVIEWS]
    data = read_file(write(tmp_path / "d.csv", csv_text(rows, ("comment_body", "score"))))
    assert (data.text_column, data.label_column) == ("comment_body", "score")
    assert len(data) == len(REVIEWS)


# ------------------------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),  # Python writes a BOM in native (little-endian) order
        ("utf-16-le-bom", "utf-16"),
        ("utf-16-be-bom", "utf-16"),
    ],
)
def test_unicode_encodings(tmp_path: Path, encoding: str, reported: str) -> None:
    text = csv_text([("Ça va très bien — merci", "fr"), ("Schöne Grüße", "de"), ("你好，世界", "zh")])
    if encoding == "utf-16-le-bom":
        raw = b"\xff\xfe" + text.encode("utf-16-le")
    elif encoding == "utf-16-be-bom":
        raw = b"\xfe\xff" + text.encode("utf-16-be")
    else:
        raw = text.encode(encoding)
    path = tmp_path / "d.csv"
    path.write_bytes(raw)
    data = read_file(path)
    assert data.encoding == reported
    assert data.text_column == "text"  # no BOM left in the first header name
    assert data.texts == ["Ça va très bien — merci", "Schöne Grüße", "你好，世界"]
    assert data.labels == ["fr", "de", "zh"]


CHINESE = [
    ("这部电影非常好看，我很喜欢。", "正面"),
    ("太无聊了，浪费时间。", "负面"),
    ("演员的表演很自然，故事也感人。", "正面"),
    ("剧情拖沓，看到一半就睡着了。", "负面"),
]


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_chinese_legacy_encodings(tmp_path: Path, encoding: str) -> None:
    path = write(tmp_path / "d.csv", csv_text(CHINESE), encoding)
    data = read_file(path)
    assert data.encoding == "gb18030"
    assert data.texts == [t for t, _ in CHINESE]
    assert data.labels == [lab for _, lab in CHINESE]


def test_short_chinese_file_is_not_mistaken_for_korean(tmp_path: Path) -> None:
    # Short GBK samples score the same as Korean cp949 in charset-normalizer; the reader must prefer gb18030.
    path = write(tmp_path / "d.csv", "text,label\n我很喜欢,好\n不好,坏\n", "gbk")
    data = read_file(path)
    assert data.encoding == "gb18030"
    assert data.texts == ["我很喜欢", "不好"]


def test_western_legacy_encoding(tmp_path: Path) -> None:
    rows = [("Le café était très bon, à bientôt", "pos"), ("Très décevant, hélas", "neg")] * 5
    data = read_file(write(tmp_path / "d.csv", csv_text(rows), "cp1252"))
    assert data.encoding == "cp1252"
    assert data.texts[0] == "Le café était très bon, à bientôt"


def test_utf16_plain_text_and_jsonl(tmp_path: Path) -> None:
    txt = read_file(write(tmp_path / "c.txt", "ligne un\nligne deux\n", "utf-16"))
    assert (txt.texts, txt.encoding) == (["ligne un", "ligne deux"], "utf-16")
    jl = read_file(write(tmp_path / "c.jsonl", '{"text": "été", "label": "x"}\n', "utf-8-sig"))
    assert (jl.texts, jl.encoding) == (["été"], "utf-8-sig")


# --------------------------------------------------------------------------- line endings, quotes, raggedness


def test_crlf_line_endings(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", "text,label\r\nfirst one,a\r\n,b\r\nthird one,c\r\n")
    data = read_file(path)
    assert data.texts == ["first one", "third one"]
    assert data.labels == ["a", "c"]  # no stray \r in labels
    assert data.skipped == [SkippedRow(3, "empty text")]


def test_quoted_newlines_keep_line_numbers_right(tmp_path: Path) -> None:
    content = (
        "text,label\n"  # line 1
        '"a record\nover two lines",pos\n'  # lines 2-3
        '"and one\nover\nthree",neg\n'  # lines 4-6
        ",pos\n"  # line 7: empty text
        '"starts on eight\nends on nine",\n'  # lines 8-9: empty label, reported at line 8
        "plain,neg\n"  # line 10
        "\n"  # line 11: blank, ignored
        "no label here\n"  # line 12: ragged
    )
    data = read_file(write(tmp_path / "d.csv", content))
    assert data.texts == ["a record\nover two lines", "and one\nover\nthree", "plain"]
    assert data.labels == ["pos", "neg", "neg"]
    assert lines_of(data.skipped) == [7, 8, 12]
    assert data.skipped[0].reason == "empty text"
    assert data.skipped[1].reason == "empty label"
    assert data.skipped[2].reason.startswith("missing label")


def test_quoted_newlines_with_crlf(tmp_path: Path) -> None:
    content = 'text,label\r\n"one\r\ntwo",a\r\n,b\r\n"three",c\r\n'
    data = read_file(write(tmp_path / "d.csv", content))
    assert data.texts == ["one\r\ntwo", "three"]
    assert data.skipped == [SkippedRow(4, "empty text")]


def test_ragged_rows(tmp_path: Path) -> None:
    content = (
        "id,text,label\n"
        "1,good one,pos\n"
        "2\n"  # line 3: no text at all
        "3,only text\n"  # line 4: no label
        "4,extra fields,neg,surplus,more\n"  # line 5: more fields than the header: which is the label?
        "5,,pos\n"  # line 6: empty text
        "6,fine,\n"  # line 7: empty label
        "7,trailing,neg,,\n"  # line 8: empty extra fields (a trailing delimiter) are harmless
    )
    data = read_file(write(tmp_path / "d.csv", content))
    assert data.texts == ["good one", "trailing"]
    assert data.labels == ["pos", "neg"]
    assert data.skipped == [
        SkippedRow(3, "missing text (the row has 1 of 3 fields)"),
        SkippedRow(4, "missing label (the row has 2 of 3 fields)"),
        SkippedRow(5, "the row has 5 fields but the header 3; quote a text that holds the delimiter"),
        SkippedRow(6, "empty text"),
        SkippedRow(7, "empty label"),
    ]
    # Reading texts only, the row without a label is fine.
    unlabelled = read_file(tmp_path / "d.csv", labelled=False)
    assert unlabelled.texts == ["good one", "only text", "fine", "trailing"]
    assert lines_of(unlabelled.skipped) == [3, 5, 6]


def test_unquoted_comma_in_the_text_is_not_read_as_the_label(tmp_path: Path) -> None:
    """Issue 18 (6): `great food, bad service,pos` used to give the label "bad service", a new class."""
    content = "text,label\ngood food,pos\ngreat food, bad service,pos\nawful,neg\nfine,pos\n"
    data = read_file(write(tmp_path / "d.csv", content))
    assert data.labels == ["pos", "neg", "pos"]
    assert [s.line for s in data.skipped] == [3] and "3 fields but the header 2" in data.skipped[0].reason


def test_labels_written_as_decimal_whole_numbers_are_one_class(tmp_path: Path) -> None:
    """Issue 18 (8): labels "1" and "1.0" (and " 1 ") were two classes."""
    content = "text,label\ngood,1\nbad,0.0\nfine,1.0\nawful, 0 \nok,1.00\nzip,007\n"
    data = read_file(write(tmp_path / "d.csv", content))
    assert data.labels == ["1", "0", "1", "0", "1", "007"]
    assert data.label_names == ["0", "007", "1"]
    assert len(data.notes) == 1 and "'1.0' as '1'" in data.notes[0]
    plain_labels = read_file(write(tmp_path / "e.csv", "text,label\ngood,1\nbad,0\n"))
    assert plain_labels.notes == []
    jsonl = read_file(write(tmp_path / "f.jsonl", '{"text": "a", "label": 1}\n{"text": "b", "label": 1.0}\n'))
    assert jsonl.labels == ["1", "1"]


def test_blank_lines_and_leading_blank_lines_are_not_rows(tmp_path: Path) -> None:
    content = "\n\ntext,label\n\nfirst,a\n\n\nsecond,b\n   \n,c\n"
    data = read_file(write(tmp_path / "d.csv", content))
    assert data.texts == ["first", "second"]
    assert data.skipped == [SkippedRow(10, "empty text")]


def test_unclosed_quote_is_reported_with_its_line(tmp_path: Path) -> None:
    content = 'text,label\n"a, b",pos\n"c, d",neg\n"e, f",pos\n"never closed, oops,neg\nmore,pos\n'
    with pytest.raises(DataError, match="starting on line 5 that is never closed"):
        read_file(write(tmp_path / "d.csv", content))


def test_stray_quotes_in_tsv_do_not_swallow_rows(tmp_path: Path) -> None:
    content = 'sentence\tlabel\n" an opening quote only\t1\nfine\t0\nanother "quoted" word\t1\nlast\t0\n'
    data = read_file(write(tmp_path / "d.tsv", content))
    assert len(data) == 4
    assert data.labels == ["1", "0", "1", "0"]
    assert data.texts[0] == '" an opening quote only'


def test_stray_quotes_in_tsv_mid_file(tmp_path: Path) -> None:
    # The first stray quote would open a field that the second one closes, swallowing the rows between.
    content = 'text\tlabel\n"opens here\ta\nmiddle one\tb\nmiddle two\ta\ncloses here"\tb\nlast\ta\n'
    data = read_file(write(tmp_path / "d.tsv", content))
    assert data.labels == ["a", "b", "a", "b", "a"]
    assert data.texts[1:3] == ["middle one", "middle two"]


def test_quoted_tsv_written_by_csv_module(tmp_path: Path) -> None:
    rows = [('say "hi"', "a"), ("two\nlines", "b"), ("plain", "a")]
    buf = io.StringIO()
    csv.writer(buf, delimiter="\t", lineterminator="\n").writerows([("text", "label"), *rows])
    data = read_file(write(tmp_path / "d.tsv", buf.getvalue()))
    assert data.texts == ['say "hi"', "two\nlines", "plain"]
    assert data.labels == ["a", "b", "a"]


def test_quoted_multiline_texts_with_commas_are_kept_whole(tmp_path: Path) -> None:
    rows = [(f"Hello, reader {i}\nsecond line, too", "ab"[i % 2]) for i in range(10)] + [("single", "a")]
    data = read_file(write(tmp_path / "d.csv", csv_text(rows)))
    assert data.texts == [t for t, _ in rows]
    assert data.skipped == []


def test_very_long_field(tmp_path: Path) -> None:
    long_text = "word " * 60_000  # 300 kB, beyond the csv module's default field limit
    data = read_file(write(tmp_path / "d.csv", csv_text([(long_text, "a"), ("short", "b")])))
    assert data.texts[0] == long_text.strip()


# ------------------------------------------------------------------------------------------------ TSV etc


def test_tsv_and_tab(tmp_path: Path) -> None:
    content = "text\tlabel\nhello, world\tgreeting\nbye; now\tfarewell\n"
    for name in ("d.tsv", "d.tab"):
        data = read_file(write(tmp_path / name, content))
        assert data.texts == ["hello, world", "bye; now"]
        assert data.labels == ["greeting", "farewell"]


def test_semicolon_csv(tmp_path: Path) -> None:
    data = read_file(write(tmp_path / "d.csv", "text;label\nhallo, welt;pos\nschlecht;neg\n"))
    assert data.texts == ["hallo, welt", "schlecht"]
    assert data.labels == ["pos", "neg"]


@pytest.mark.parametrize(
    ("content", "texts", "labels"),
    [
        ("text|label\nhello world|x\nbye world|y\n", ["hello world", "bye world"], ["x", "y"]),
        ("text\tlabel\nhello world\tx\nbye world\ty\n", ["hello world", "bye world"], ["x", "y"]),
        ('{"text": "hello", "label": "x"}\n{"text": "bye", "label": "y"}\n', ["hello", "bye"], ["x", "y"]),
        ("just some words\nanother line\n", ["just some words", "another line"], None),
    ],
)
def test_unknown_extension_is_sniffed(tmp_path: Path, content: str, texts: list[str], labels: list[str]) -> None:
    data = read_file(write(tmp_path / "data.dat", content))
    assert data.texts == texts
    assert data.labels == labels


# ---------------------------------------------------------------------------------------------- JSON Lines


def test_jsonl_values_and_bad_lines(tmp_path: Path) -> None:
    content = (
        '{"text": "first", "label": 1}\n'  # line 1
        "{not json}\n"  # line 2
        "\n"  # line 3: blank, ignored
        '{"text": "  third  ", "label": true}\n'  # line 4
        '["a list"]\n'  # line 5
        '{"text": "no label"}\n'  # line 6
        '{"text": ["nested"], "label": 0}\n'  # line 7
        '{"text": "", "label": 0}\n'  # line 8
        '{"text": "float", "label": 2.5, "extra": {"a": 1}}\n'  # line 9
        '{"text": "null label", "label": null}\n'  # line 10
    )
    data = read_file(write(tmp_path / "d.jsonl", content))
    assert data.texts == ["first", "third", "float"]
    assert data.labels == ["1", "true", "2.5"]
    assert all(isinstance(lab, str) for lab in data.labels)
    assert lines_of(data.skipped) == [2, 5, 6, 7, 8, 10]
    reasons = [s.reason for s in data.skipped]
    assert reasons[0].startswith("not valid JSON")
    assert reasons[1] == "not a JSON object"
    assert reasons[2] == "missing label"
    assert "list or an object" in reasons[3]
    assert reasons[4] == "empty text"
    assert reasons[5] == "missing label"


@pytest.mark.parametrize("ext", [".jsonl", ".ndjson", ".json"])
def test_jsonl_extensions_and_crlf(tmp_path: Path, ext: str) -> None:
    content = '{"sentence": "a", "intent": "x"}\r\n{"sentence": "b", "intent": "y"}\r\n'
    data = read_file(write(tmp_path / f"d{ext}", content))
    assert (data.text_column, data.label_column) == ("sentence", "intent")
    assert data.labels == ["x", "y"]


def test_jsonl_number_too_large_is_a_skipped_row(tmp_path: Path) -> None:
    content = '{"text": "a", "label": 1}\n{"text": "b", "label": ' + "9" * 5000 + "}\n"
    data = read_file(write(tmp_path / "d.jsonl", content))
    assert data.texts == ["a"]
    assert lines_of(data.skipped) == [2]


def test_jsonl_unknown_key_lists_keys(tmp_path: Path) -> None:
    path = write(tmp_path / "d.jsonl", '{"text": "a", "label": "x"}\n{"text": "b", "label": "y", "z": 1}\n')
    with pytest.raises(DataError, match=r"no text column 'body'.*text, label, z"):
        read_file(path, text_column="body")


def test_jsonl_with_nothing_usable_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="line 1: not valid JSON"):
        read_file(write(tmp_path / "d.jsonl", "nope\n{broken\n"))
    with pytest.raises(DataError, match="no usable rows"):
        read_file(write(tmp_path / "e.jsonl", '{"text": ""}\n{"text": "  "}\n'))


def test_json_array_and_single_document_are_explained(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="JSON array, not JSON Lines"):
        read_file(write(tmp_path / "a.json", '[{"text": "a", "label": "x"}]'))
    with pytest.raises(DataError, match="single JSON document"):
        read_file(write(tmp_path / "b.json", '{\n  "text": "a",\n  "label": "x"\n}\n'))


# -------------------------------------------------------------------------------------------- plain text


def test_plain_text_ignores_blank_lines(tmp_path: Path) -> None:
    content = "first line\r\n\r\n   \r\n  second line  \r\nthird\n\n"
    for name in ("corpus.txt", "corpus.text"):
        data = read_file(write(tmp_path / name, content))
        assert data.texts == ["first line", "second line", "third"]
        assert data.labels is None
        assert data.skipped == []


def test_plain_text_is_always_unlabelled(tmp_path: Path) -> None:
    data = read_file(write(tmp_path / "c.txt", "a,b\nc,d\n"), text_column="x", label_column="y", labelled=True)
    assert data.labels is None
    assert data.texts == ["a,b", "c,d"]


# ------------------------------------------------------------------------------------------------ Parquet


def test_parquet(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table(
        {
            "id": [1, 2, 3, 4],
            "review": ["good film", None, "  bad film ", "fine"],
            "stars": [5, 1, 1, None],
        }
    )
    path = tmp_path / "d.parquet"
    pq.write_table(table, path)
    data = read_file(path)
    assert (data.text_column, data.label_column) == ("review", "stars")
    assert data.texts == ["good film", "bad film"]
    assert data.labels == ["5", "1"]
    assert data.skipped == [SkippedRow(2, "missing text"), SkippedRow(4, "missing label")]
    assert data.encoding is None
    assert data.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert read_file(path, text_column="review", labelled=False).texts == ["good film", "bad film", "fine"]
    with pytest.raises(DataError, match=r"no label column 'label'.*id, review, stars"):
        read_file(path, label_column="label")
    assert preview_columns(path) == (["id", "review", "stars"], "review", "stars")


def test_parquet_without_pyarrow_says_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "d.parquet"
    path.write_bytes(b"PAR1 not really")
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args, **kwargs):
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError("No module named 'pyarrow'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    with pytest.raises(DataError, match="install pyarrow"):
        read_file(path)


def test_broken_parquet_is_a_data_error(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "d.parquet"
    path.write_bytes(b"PAR1" + b"\x00garbage" * 20)
    with pytest.raises(DataError, match="not a readable Parquet file"):
        read_file(path)


# -------------------------------------------------------------------------------------- unusable files


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        read_file(tmp_path / "nope.csv")


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="is a folder"):
        read_file(tmp_path)


def test_empty_and_blank_files(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="is empty"):
        read_file(write(tmp_path / "e.csv", ""))
    with pytest.raises(DataError, match="only blank lines"):
        read_file(write(tmp_path / "b.txt", "\n  \r\n\t\n"))


@pytest.mark.parametrize(
    "raw",
    [
        b"text,label\nhello\x00world,a\n",  # NUL bytes
        bytes(range(256)) * 8,  # no text encoding fits
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
    ],
)
def test_binary_file(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(raw)
    with pytest.raises(DataError, match="binary"):
        read_file(path)


def test_spreadsheet_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(DataError, match="save the sheet as CSV"):
        read_file(path)


def test_only_a_header(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="header row but no data rows"):
        read_file(write(tmp_path / "d.csv", "text,label\n"))
    with pytest.raises(DataError, match="header row but no data rows"):
        read_file(write(tmp_path / "d2.csv", "text,label\r\n\r\n\r\n"))


def test_no_text_column(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"no column that looks like text.*a, b"):
        read_file(write(tmp_path / "d.csv", "a,b\n1,2\n3,4\n5,6\n"))


def test_all_rows_skipped(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"no usable rows.*line 2: empty text"):
        read_file(write(tmp_path / "d.csv", "text,label\n,a\n,b\n"))


def test_fewer_than_two_classes(tmp_path: Path) -> None:
    data = read_file(write(tmp_path / "d.csv", "text,label\none,a\ntwo,a\n"))
    with pytest.raises(DataError, match=r"1 class \(only 'a'\)"):
        data.require_classes()
    with pytest.raises(DataError, match="at least 2"):
        load_splits(DataConfig(source=str(tmp_path / "d.csv")))


def test_undecodable_tail_names_the_line(tmp_path: Path) -> None:
    # GB18030 text that ends in a byte sequence no encoding accepts.
    raw = csv_text(CHINESE * 5).encode("gb18030") + b"\xff\xff\xff,x\n"
    path = tmp_path / "d.csv"
    path.write_bytes(raw)
    with pytest.raises(DataError) as info:
        read_file(path)
    assert str(path) in str(info.value)


# ---------------------------------------------------------------------------------------- preview_columns


def test_preview_columns(tmp_path: Path) -> None:
    numbered = [(str(i), text) for i, (text, _) in enumerate(REVIEWS)]
    # A column of distinct numbers is no label column.
    assert preview_columns(write(tmp_path / "a.csv", csv_text(numbered, ("id", "review")))) == (
        ["id", "review"],
        "review",
        None,
    )
    assert preview_columns(write(tmp_path / "b.csv", csv_text(REVIEWS, None))) == (
        ["column_1", "column_2"],
        "column_1",
        "column_2",
    )
    assert preview_columns(write(tmp_path / "c.jsonl", '{"query": "q", "intent": "i"}\n')) == (
        ["query", "intent"],
        "query",
        "intent",
    )
    assert preview_columns(write(tmp_path / "d.txt", "a\nb\n")) == (["text"], "text", None)
    assert preview_columns(write(tmp_path / "e.csv", "sentence,label\n")) == (
        ["sentence", "label"],
        "sentence",
        "label",
    )
    with pytest.raises(DataError, match="does not exist"):
        preview_columns(tmp_path / "missing.csv")


def test_preview_reads_only_the_head_of_a_large_file(tmp_path: Path) -> None:
    # Quoted line breaks everywhere: the 1 MiB cut lands inside a record, which must not be an error.
    rows = [(f"example number {i}\nwith 世界, on two lines", "ab"[i % 2]) for i in range(40_000)]
    path = write(tmp_path / "big.csv", csv_text(rows), "utf-8")
    assert path.stat().st_size > (1 << 20)
    assert preview_columns(path) == (["text", "label"], "text", "label")


# ------------------------------------------------------------------------------------------ load_source


def fake_demo(monkeypatch: pytest.MonkeyPatch, with_val: bool) -> list[tuple[str, int]]:
    calls: list[tuple[str, int]] = []

    def make(name: str, seed: int) -> tuple[Dataset, Dataset | None]:
        calls.append((name, seed))
        train = Dataset(texts=["a", "b", "c", "d"], labels=["x", "y", "x", "y"], source=f"demo:{name}")
        val = Dataset(texts=["e", "f"], labels=["x", "y"], source=f"demo:{name}") if with_val else None
        return train, val

    module = types.ModuleType("workbench.core.data.demo")
    module.make = make  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "workbench.core.data.demo", module)
    return calls


def test_load_source_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = fake_demo(monkeypatch, with_val=True)
    train, val = load_source("demo:reviews", seed=7)
    assert calls == [("reviews", 7)]
    assert train.labels == ["x", "y", "x", "y"]
    assert val is not None and val.texts == ["e", "f"]
    train, val = load_source("demo:reviews", labelled=False)
    assert train.labels is None and val is not None and val.labels is None


def test_load_source_demo_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "workbench.core.data.demo", None)  # makes the import fail
    with pytest.raises(DataError, match="not available"):
        load_source("demo:reviews")


def test_load_source_file(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", csv_text(REVIEWS))
    data, val = load_source(str(path))
    assert val is None
    assert len(data) == len(REVIEWS)


# ------------------------------------------------------------------------------------------- load_splits


def imbalanced_csv(tmp_path: Path) -> Path:
    rows = [(f"text number {i}", "a") for i in range(80)]
    rows += [(f"text number {i}", "b") for i in range(80, 100)]
    rows += [(f"text number {i}", "c") for i in range(100, 110)]
    return write(tmp_path / "d.csv", csv_text(rows))


def test_split_is_stratified_and_deterministic(tmp_path: Path) -> None:
    cfg = DataConfig(source=str(imbalanced_csv(tmp_path)), val_fraction=0.2)
    train, val = load_splits(cfg, seed=1)
    assert Counter(val.labels) == {"a": 16, "b": 4, "c": 2}
    assert Counter(train.labels) == {"a": 64, "b": 16, "c": 8}
    assert not set(train.texts) & set(val.texts)
    again_train, again_val = load_splits(cfg, seed=1)
    assert again_val.texts == val.texts and again_train.texts == train.texts
    _, other_val = load_splits(cfg, seed=2)
    assert other_val.texts != val.texts
    assert Counter(other_val.labels) == Counter(val.labels)


def test_split_keeps_the_skipped_report_on_train(tmp_path: Path) -> None:
    path = write(tmp_path / "d.csv", csv_text(REVIEWS * 4) + ",pos\n")
    train, _ = load_splits(DataConfig(source=str(path), val_fraction=0.25))
    assert train.skipped == [SkippedRow(26, "empty text")]


def test_separate_validation_file(tmp_path: Path) -> None:
    train_path = write(tmp_path / "train.csv", csv_text(REVIEWS, ("review", "verdict")))
    val_path = write(tmp_path / "val.csv", csv_text(REVIEWS[:2], ("review", "verdict")))
    cfg = DataConfig(source=str(train_path), val_source=str(val_path))
    train, val = load_splits(cfg)
    assert len(train) == len(REVIEWS)
    assert val.texts == [REVIEWS[0][0], REVIEWS[1][0]]
    assert val.source == str(val_path)


def test_separate_validation_file_uses_named_columns(tmp_path: Path) -> None:
    rows = [(lab, text, "noise") for text, lab in REVIEWS]
    train_path = write(tmp_path / "train.csv", csv_text(rows, ("gold", "words", "other")))
    val_path = write(tmp_path / "val.tsv", "gold\twords\tother\npos\tnice\tnoise\nneg\tawful\tnoise\n")
    cfg = DataConfig(source=str(train_path), val_source=str(val_path), text_column="words", label_column="gold")
    _, val = load_splits(cfg)
    assert val.texts == ["nice", "awful"]
    assert val.labels == ["pos", "neg"]


def test_validation_labels_unseen_in_training(tmp_path: Path) -> None:
    train_path = write(tmp_path / "train.csv", csv_text(REVIEWS))
    val_path = write(tmp_path / "val.csv", csv_text([("so so", "meh"), ("good", "pos"), ("hm", "odd")]))
    cfg = DataConfig(source=str(train_path), val_source=str(val_path))
    with pytest.raises(DataError, match=r"never seen in training \('meh', 'odd'\)"):
        load_splits(cfg)


def test_validation_file_without_labels(tmp_path: Path) -> None:
    train_path = write(tmp_path / "train.csv", csv_text(REVIEWS))
    val_path = write(tmp_path / "val.txt", "just text\n")
    with pytest.raises(DataError, match="no label column"):
        load_splits(DataConfig(source=str(train_path), val_source=str(val_path)))


def test_mlm_splits_are_unlabelled(tmp_path: Path) -> None:
    path = write(tmp_path / "corpus.txt", "".join(f"sentence number {i}\n" for i in range(50)))
    train, val = load_splits(DataConfig(source=str(path), val_fraction=0.1), task="mlm", seed=3)
    assert train.labels is None and val.labels is None
    assert (len(train), len(val)) == (45, 5)
    # A labelled file works for pre-training too, its labels ignored (one class would not matter).
    one_class = write(tmp_path / "d.csv", "text,label\n" + "".join(f"t{i},a\n" for i in range(10)))
    train, val = load_splits(DataConfig(source=str(one_class)), task="mlm")
    assert train.labels is None and len(train) + len(val) == 10


def test_demo_fixed_validation_split(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_demo(monkeypatch, with_val=True)
    train, val = load_splits(DataConfig(source="demo:reviews"), seed=5)
    assert train.texts == ["a", "b", "c", "d"]
    assert val.texts == ["e", "f"]


def test_demo_without_fixed_split_is_split(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_demo(monkeypatch, with_val=False)
    train, val = load_splits(DataConfig(source="demo:reviews", val_fraction=0.5))
    assert len(train) + len(val) == 4
    assert sorted(val.labels) == ["x", "y"]


# ------------------------------------------------------------------------------------------- performance


def _big_csv(tmp_path: Path) -> Path:
    rows = [
        (str(i), f"review number {i} says the film was {'good' if i % 3 else 'bad'}", "pn"[i % 2])
        for i in range(100_000)
    ]
    return write(tmp_path / "big.csv", csv_text(rows, ("id", "text", "label")))


def test_a_large_csv_loads_whole(tmp_path: Path) -> None:
    data = read_file(_big_csv(tmp_path))
    assert len(data) == 100_000
    assert data.labels[:3] == ["p", "n", "p"] and data.texts[-1].startswith("review number 99999")


@pytest.mark.benchmark
def test_large_csv_loads_quickly(tmp_path: Path) -> None:
    path = _big_csv(tmp_path)
    start = time.perf_counter()
    read_file(path)
    assert time.perf_counter() - start < 2  # about 0.25 s on an idle core


def test_large_jsonl_line_numbers(tmp_path: Path) -> None:
    lines = [json.dumps({"text": f"t{i}", "label": i % 2}) for i in range(5000)]
    lines[4321] = '{"text": "", "label": 1}'
    data = read_file(write(tmp_path / "d.jsonl", "\n".join(lines) + "\n"))
    assert data.skipped == [SkippedRow(4322, "empty text")]
    assert len(data) == 4999


# ------------------------------------------------------------------------------------ large files, streamed


@pytest.fixture
def streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as large: read a piece at a time (stream.py) instead of whole."""
    from workbench.core.data import stream

    monkeypatch.setattr(stream, "STREAM_BYTES", 0)

"""Large input (issue 18): streamed reading gives what reading whole gives, long texts are cut before
tokenizing, token ids are packed, validation is capped, and many classes stay small in memory and on disk."""

from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from tiny_models import tiny_classifier, tiny_tokenizer

from workbench.core.config import DataConfig
from workbench.core.data import TextChunks, load_splits, read_file, stream
from workbench.core.data.dataset import Dataset, capped
from workbench.core.data.tokenizer import CHARS_PER_TOKEN, TextTokenizer
from workbench.core.errors import DataError
from workbench.core.evaluation.evaluate import confusion_from_json, evaluate, write_predictions
from workbench.core.evaluation.metrics import accuracy_and_macro_f1
from workbench.core.inspection.inspector import LoadedRun
from workbench.core.training import batching
from workbench.core.training.batching import EncodedSet

FILES = {
    "quoted.csv": 'id,text,label\n1,"one, two",pos\n2,"line\nbreak",neg\n3,,pos\n4,"x",1.0\n5,y,1\n6,a,b,c\n',
    "crlf.csv": "text;label\r\nfirst;a\r\n\r\nsecond;b\r\nthird;a\r\n",
    "plain.tsv": 'text\tlabel\n"quoted start\tpos\nnext\tneg\nlast\tpos\n',
    "rows.jsonl": '{"text": "a", "label": 1}\n\nnot json\n{"text": "b", "label": 1.0}\n[1]\n{"text": "c"}\n',
    "book.txt": "First line.\n\n  Second line.  \nThird.\n",
    "headerless.csv": "good food here,pos\nbad food here,neg\nfine food here,pos\nawful food,neg\n",
}


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("name", sorted(FILES))
def test_streamed_reading_gives_the_same_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    path = write(tmp_path / name, FILES[name])
    whole = read_file(path)
    monkeypatch.setattr(stream, "STREAM_BYTES", 0)
    stages: list[str] = []
    streamed = read_file(path, progress=lambda stage, done, total: stages.append(stage))
    assert dataclasses.asdict(streamed) == dataclasses.asdict(whole)
    assert stages[0] == "checking" and "reading" in stages  # both passes report progress


def test_streamed_reading_of_utf16_and_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    utf16 = write(tmp_path / "u.csv", "\ufefftext,label\nhällo,a\nwörld,b\nthird,a\n", "utf-16")
    header_only = write(tmp_path / "h.csv", "text,label\r\n\r\n\r\n")
    unclosed = write(tmp_path / "q.csv", 'text,label\na,b\n"never closed,c\nmore,d\n')
    whole = read_file(utf16)
    monkeypatch.setattr(stream, "STREAM_BYTES", 0)
    assert dataclasses.asdict(read_file(utf16)) == dataclasses.asdict(whole)
    with pytest.raises(DataError, match="header row but no data rows"):
        read_file(header_only)
    with pytest.raises(DataError, match="line 3 that is never closed"):
        read_file(unclosed)


def test_text_chunks_give_every_text_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [(f"text number {i}", "a" if i % 3 else "b") for i in range(50)]
    path = tmp_path / "d.csv"
    with open(path, "w", newline="") as fh:
        csv.writer(fh).writerows([("text", "label"), *rows, ("", "a")])
    whole = TextChunks(path, chunk=7)
    chunks = list(whole)
    assert [len(c) for c in chunks] == [7] * 7 + [1]
    assert [t for c in chunks for t in c] == [t for t, _ in rows]
    assert [s.line for s in whole.skipped] == [52] and whole.text_column == "text"
    monkeypatch.setattr(stream, "STREAM_BYTES", 0)
    streamed = TextChunks(path, chunk=7)
    assert list(streamed) == chunks
    assert streamed.skipped == whole.skipped and streamed.text_column == "text"


def test_a_huge_line_is_cut_before_it_is_tokenized() -> None:
    """Issue 18 (4): a 5 MB line was tokenized whole (1 GB of token objects) for 128 tokens to be kept."""
    tok = tiny_tokenizer()
    seen: list[int] = []
    rust = tok._tok

    class Spy:
        def __getattr__(self, name: str):
            return getattr(rust, name)

        def encode_batch_fast(self, texts: list[str]):
            seen.extend(len(t) for t in texts)
            return rust.encode_batch_fast(texts)

    tok._tok = Spy()  # type: ignore[assignment]
    huge = "the food was good " * 300_000  # 5.4 MB
    ids = tok.encode_ids([huge, "a short one"], 32)
    assert len(ids[0]) == 32 and ids[0][-1] == tok.sep_id
    assert seen == [32 * CHARS_PER_TOKEN, len("a short one")]
    tok._tok = rust
    assert ids == tok.encode_ids([huge[: 32 * CHARS_PER_TOKEN], "a short one"], 32)


def test_packed_ids_batch_like_padded_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    tok = tiny_tokenizer()
    texts = ["the food was good", "a", "quite a bad room and staff and the film", "", "very good view"] * 3
    monkeypatch.setattr(batching, "ENCODE_CHUNK", 4)  # chunk boundaries inside the data
    stages: list[tuple[str, int, int]] = []
    packed = EncodedSet.encode(tok, texts, 8, np.arange(len(texts)), lambda *a: stages.append(a))
    rows = tok.encode_ids(texts, 8)
    assert packed.tokens.dtype == np.uint16 and packed.real_tokens == sum(map(len, rows))
    assert stages[-1] == ("encoding", len(texts), len(texts)) and len(stages) == 4
    idx = np.array([2, 0, 1, 14])
    ids, mask, labels = packed.batch(idx)
    width = max(len(rows[i]) for i in idx)
    expected = [rows[i] + [tok.pad_id] * (width - len(rows[i])) for i in idx]
    assert ids.tolist() == expected and ids.dtype.is_floating_point is False
    assert mask.sum(dim=1).tolist() == [len(rows[i]) for i in idx]
    assert labels.tolist() == idx.tolist()
    built = EncodedSet.build(rows, tok.pad_id)
    assert np.array_equal(built.tokens, packed.tokens) and np.array_equal(built.offsets, packed.offsets)


def test_validation_is_capped_and_says_so(tmp_path: Path) -> None:
    rows = [(f"text {i} {'good' if i % 2 else 'bad'}", "pos" if i % 2 else "neg") for i in range(400)]
    path = tmp_path / "d.csv"
    with open(path, "w", newline="") as fh:
        csv.writer(fh).writerows([("text", "label"), *rows])
    train, val = load_splits(DataConfig(source=str(path), val_fraction=0.5, val_rows=30))
    assert len(train) == 200 and len(val) == 30
    assert set(val.texts) <= {t for t, _ in rows} - set(train.texts)
    assert any("random 30 of the 200 held-out rows" in n for n in val.notes)
    _, val_all = load_splits(DataConfig(source=str(path), val_fraction=0.5, val_rows=0))
    assert len(val_all) == 200 and val_all.notes == []
    small = Dataset(["a", "b"], ["x", "y"])
    assert capped(small, 10, 0) is small


def _many_class_run(n_classes: int) -> LoadedRun:
    tok = tiny_tokenizer()
    model = tiny_classifier(tok, n_classes=n_classes, pooling="mean")
    return LoadedRun(Path("."), None, model, tok, [f"class{i:04d}" for i in range(n_classes)])


def test_many_classes_keep_the_confusion_as_cells(tmp_path: Path) -> None:
    """Issue 18 (5): 10,000 classes made a dense matrix at every evaluation and a 1.1 GB evaluation.json."""
    loaded = _many_class_run(1500)
    texts = ["the food was good", "the film was bad", "a very good view", "quite a bad room"] * 5
    labels = [loaded.labels[(i * 37) % 1500] for i in range(len(texts))]
    result = evaluate(loaded, Dataset(texts, labels))
    assert result.confusion is None
    saved = json.dumps(result.to_json())
    assert len(saved) < 300_000 and "matrix" not in json.loads(saved)["confusion"]
    names, dense = confusion_from_json(json.loads(saved)["confusion"])
    true = np.array([loaded.labels.index(x) for x in labels])
    predicted = result.probabilities.argmax(axis=1)
    expected = np.zeros((1500, 1500), dtype=np.int64)
    for t, p in zip(true, predicted, strict=True):
        expected[t, p] += 1
    assert names == loaded.labels and np.array_equal(dense, expected)
    assert np.array_equal(confusion_from_json(result.to_json(full_confusion=True)["confusion"])[1], expected)
    assert result.accuracy == pytest.approx(float((true == predicted).mean()))
    assert len(result.per_class) == 1500 and result.per_class[labels[0]]["support"] == 1
    # Predictions carry the five most likely classes instead of 1500 probability columns.
    out = tmp_path / "p.csv"
    assert write_predictions(loaded, texts[:3], out) == 3
    header, *rows = list(csv.reader(out.open(newline="")))
    assert header == ["text", "predicted", "confidence", *[f"{k}{i}" for i in range(1, 6) for k in ("top", "p_top")]]
    assert [r[1] for r in rows] == [r[3] for r in rows] == [loaded.labels[i] for i in predicted[:3]]


def test_macro_f1_without_a_dense_matrix_matches_scikit_learn() -> None:
    metrics = pytest.importorskip("sklearn.metrics")
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 40, 500), rng.integers(0, 50, 500)
    acc, f1 = accuracy_and_macro_f1(y_true, y_pred, 60)
    assert acc == pytest.approx(metrics.accuracy_score(y_true, y_pred))
    assert f1 == pytest.approx(metrics.f1_score(y_true, y_pred, average="macro", zero_division=0))


def test_tokenizer_vocabulary_above_uint16_packs_as_int32() -> None:
    tok = TextTokenizer.train([f"w{i}" for i in range(10)], "char", vocab_size=100)
    tok.vocab_size = 70_000  # as a large vocabulary would report
    assert EncodedSet.encode(tok, ["w1 w2"], 8).tokens.dtype == np.int32


def test_trainer_reports_each_stage_and_samples_the_tokenizer(tiny_texts, tmp_path: Path, monkeypatch) -> None:
    from test_engine import make_config, run_all

    from workbench.core.data import tokenizer
    from workbench.core.data.dataset import stratified_split
    from workbench.core.training import engine

    texts, labels = tiny_texts
    train, val = stratified_split(Dataset(texts, labels), 0.2, seed=0)
    monkeypatch.setattr(tokenizer, "TRAINING_TEXTS", 50)
    trainer = engine.Trainer(make_config(max_steps=4, eval_every=2), train=train, val=val, run_dir=tmp_path / "r")
    stages: list[tuple[str, int, int]] = []
    trainer.on_stage = lambda *a: stages.append(a)
    run_all(trainer)
    names = [s[0] for s in stages]
    assert names.index("tokenizer") < names.index("encoding") < names.index("evaluation")
    assert ("tokenizer", 50, 50) in stages and ("encoding", len(train), len(train)) in stages
    assert ("evaluation", len(val), len(val)) in stages
    assert trainer.notes == ["the tokenizer learns from a random 50 of the training texts"]


def test_tokenizer_sample_is_cut_like_the_encoding() -> None:
    from workbench.core.data.dataset import sample_texts

    texts = ["short", "x" * 5000, "also short"]
    assert sample_texts(texts, 10, 0, max_chars=100) == ["short", "x" * 100, "also short"]
    assert sample_texts(texts, 10, 0) is texts
    picked = sample_texts([f"t{i}" for i in range(100)], 10, 0)
    assert len(picked) == 10 and picked == sorted(picked, key=lambda t: int(t[1:]))

"""Pre-training corpora larger than memory (issue 16): a large plain-text file is tokenized once into token
shards in the cache folder, reused while the file and tokenizer are the same, tokenized again when the file
changes, rebuilt with a note when a shard is damaged, and trained on through the engine and the CLI."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import numpy as np
import pytest

from workbench.cli import main
from workbench.core.data import corpus as corpus_module
from workbench.core.data import stream
from workbench.core.data.corpus import Corpus
from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.training.shards import ShardedSet, corpus_sets

TINY = ["--d-model", "32", "--heads", "2", "--layers", "1", "--ff", "64", "--max-len", "32", "--precision", "fp32"]
WORDS = ["the", "king", "queen", "sword", "night", "crown", "castle", "river", "speak", "loud", "gentle", "hath"]


@pytest.fixture
def large(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every plain-text file counts as large, a shard holds 300 tokens (so the corpus has several), and each
    test has its own cache folder."""
    monkeypatch.setattr(stream, "STREAM_BYTES", 0)
    monkeypatch.setattr(corpus_module, "SHARD_TOKENS", 300)
    monkeypatch.setattr(corpus_module, "cache_root", lambda: tmp_path / "cache")


def book(path: Path, lines: int = 120, seed: int = 0) -> Path:
    rng = random.Random(seed)
    rows = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 9))) for _ in range(lines)]
    path.write_text("\n".join(r if i % 10 else "  " for i, r in enumerate(rows, 1)), encoding="utf-8")
    return path


def last_json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


def lines_of(path: Path) -> list[str]:
    return [s for line in path.read_text(encoding="utf-8").splitlines() if (s := line.strip())]


def all_rows(found: corpus_module.Shards, tok: TextTokenizer) -> list[list[int]]:
    every = ShardedSet(found, np.arange(found.rows), tok.pad_id)
    return [every.row(g).tolist() for g in range(found.rows)]


def test_a_large_file_is_tokenized_once_into_shards_and_reused(large, tmp_path) -> None:
    path = book(tmp_path / "book.txt")
    corpus = Corpus.find(str(path))
    assert corpus is not None and Corpus.find("demo:reviews") is None
    tok = TextTokenizer.train(corpus.sample(0), "char", 100)
    stages: list[tuple[str, int, int]] = []
    found = corpus.shards(tok, 16, 8, False, lambda *s: stages.append(s))
    assert ("corpus", path.stat().st_size, path.stat().st_size) in stages  # progress while tokenizing
    assert found.folder.parent == corpus_module.cache_root() and len(found.manifest["shards"]) > 2
    # One row per non-blank line (chunks=False), exactly what the tokenizer gives for it.
    assert all_rows(found, tok) == tok.encode_ids(lines_of(path), 16)
    assert found.manifest["data"] == hashlib.sha256(b"book.txt\0" + path.read_bytes()).hexdigest()

    stages.clear()
    again = Corpus.find(str(path)).shards(tok, 16, 8, False, lambda *s: stages.append(s))
    assert again.folder == found.folder and again.notes == [] and not [s for s in stages if s[0] == "corpus"]
    # Another tokenizer or length is another cache folder.
    assert Corpus.find(str(path)).shards(tok, 12, 8, False).folder != found.folder

    # Passages: lines joined until they hold at least 8 words; the training and validation rows share them out.
    joined = corpus.shards(tok, 64, 8, True)
    train, val, texts, notes = corpus_sets(joined, tok, 0.1, 3, seed=0)
    assert len(train) + len(val) == joined.rows and len(val) == 3 and len(texts) == 3
    assert "3 of the corpus's" in notes[0]
    ids, mask, labels = train.batch(np.arange(4))
    assert labels is None and ids.shape[0] == 4 and bool(mask[:, 0].all())


def test_a_changed_file_is_tokenized_again(large, tmp_path) -> None:
    path = book(tmp_path / "book.txt")
    tok = TextTokenizer.train(lines_of(path), "char", 100)
    before = Corpus.find(str(path)).shards(tok, 16, 8, False)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\nthe river hath a crown\n")
    after = Corpus.find(str(path)).shards(tok, 16, 8, False)
    assert after.folder != before.folder and after.rows == before.rows + 1
    assert all_rows(after, tok)[-1] == tok.encode_ids(["the river hath a crown"], 16)[0]


@pytest.mark.parametrize("damage", ["flip", "cut"])
def test_a_damaged_shard_is_rebuilt_with_a_clear_message(large, tmp_path, damage) -> None:
    path = book(tmp_path / "book.txt")
    tok = TextTokenizer.train(lines_of(path), "char", 100)
    found = Corpus.find(str(path)).shards(tok, 16, 8, False)
    expected = all_rows(found, tok)
    shard = found.folder / found.manifest["shards"][1]["tokens"]
    raw = bytearray(shard.read_bytes())
    if damage == "flip":
        raw[3] ^= 0xFF
    else:
        raw = raw[:-2]
    shard.write_bytes(bytes(raw))
    rebuilt = Corpus.find(str(path)).shards(tok, 16, 8, False)
    problem = "does not match its checksum" if damage == "flip" else f"has {len(raw):,} bytes, not {len(raw) + 2:,}"
    assert rebuilt.notes == [f"the token cache of book.txt is damaged (shard 1 {problem}); tokenized it again"]
    assert all_rows(rebuilt, tok) == expected


def test_pretraining_on_a_corpus_reads_the_shards(large, tmp_path, capsys) -> None:
    path = book(tmp_path / "book.txt", lines=300)
    run = tmp_path / "run"
    args = ["pretrain", str(path), *TINY, "--tokenizer", "char", "--max-steps", "3", "--batch-size", "4"]
    assert main([*args, "--out", str(run), "--json"]) == 0
    summary = last_json(capsys.readouterr().out)
    assert summary["steps"] == 3 and summary["mlm_loss"] is not None
    info = json.loads((run / "run.json").read_text())
    assert info["data"]["sha256"] == hashlib.sha256(b"book.txt\0" + path.read_bytes()).hexdigest()
    (folder,) = [f for f in corpus_module.cache_root().iterdir() if f.is_dir()]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert info["data"]["train_rows"] + info["data"]["val_rows"] == manifest["rows"]
    # Continued: the same shards, the same rows.
    assert main(["pretrain", "--resume", str(run), "--max-steps", "5", "--json", "--quiet"]) == 0
    assert last_json(capsys.readouterr().out)["steps"] == 5


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="reads the process's mappings from /proc (Linux)")
def test_training_rows_are_read_without_mapping_the_shards(large, tmp_path) -> None:
    """A memory map would put every page a batch reads into the process's resident memory, which then grows with
    the corpus as training reads it; the rows are read with explicit reads instead and the batches stay right."""
    path = book(tmp_path / "book.txt")
    tok = TextTokenizer.train(lines_of(path), "char", 100)
    found = Corpus.find(str(path)).shards(tok, 16, 8, False)
    train, _, _, _ = corpus_sets(found, tok, 0.1, 0, seed=0)
    ids, mask, _ = train.batch(np.arange(len(train)))
    expected = tok.encode_ids(lines_of(path), 16)
    for i, g in enumerate(train.index):
        assert ids[i][mask[i]].tolist() == expected[g]
    maps = Path("/proc/self/maps").read_text()
    assert str(found.folder) not in maps

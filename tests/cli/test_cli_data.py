"""The command line with odd or large data (issue 18): early checks, notes about what was decided, many
classes, predictions into a new folder, progress from the first second."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from test_cli import TINY

from workbench.cli import main

QUIET_TINY = [a for a in TINY if a != "--quiet"]


def write_csv(path: Path, rows: list[tuple[str, str]], header: tuple[str, str] = ("text", "label")) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    return err


@pytest.fixture
def labelled(tmp_path: Path, tiny_texts) -> Path:
    texts, labels = tiny_texts
    return write_csv(tmp_path / "reviews.csv", list(zip(texts, labels, strict=True)))


@pytest.fixture
def trained(labelled: Path, tmp_path: Path) -> Path:
    run = tmp_path / "run"
    assert main(["train", str(labelled), "--max-steps", "2", "--out", str(run), *TINY]) == 0
    return run


def test_text_column_of_builtin_data_is_checked(tmp_path: Path, capsys) -> None:
    """Issue 18 (8): --text-column was silently ignored for built-in data."""
    assert main(["train", "demo:reviews", "--text-column", "review", *TINY]) == 2
    err = one_error_line(capsys)
    assert "'text'" in err and "'review'" in err
    run = tmp_path / "run"
    assert main(["train", "demo:reviews", "--text-column", "text", "--max-steps", "1", "--out", str(run), *TINY]) == 0


def test_out_is_checked_before_the_data_is_read(tmp_path: Path, capsys, monkeypatch) -> None:
    """Issue 18 (8): --out was checked only after the data had loaded (minutes, for a large file)."""
    import workbench.core.data as data

    def never(*args, **kwargs):
        raise AssertionError("the data was read before --out was checked")

    monkeypatch.setattr(data, "load_splits", never)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("x")
    assert main(["train", str(tmp_path / "big.csv"), "--out", str(busy), *TINY]) == 2
    assert "not empty" in one_error_line(capsys)


def test_predict_into_a_missing_folder_creates_it(trained: Path, labelled: Path, tmp_path: Path, capsys) -> None:
    """Issue 18 (8): predict --out into a missing folder gave a traceback."""
    out = tmp_path / "new" / "deeper" / "predictions.csv"
    assert main(["predict", str(trained), str(labelled), "--out", str(out), "--quiet"]) == 0
    rows = list(csv.reader(out.open(newline="", encoding="utf-8")))
    assert rows[0][:3] == ["text", "predicted", "confidence"] and len(rows) == 241
    assert f"created the folder {out.parent}" in capsys.readouterr().err
    assert main(["predict", str(trained), str(labelled), "--out", str(tmp_path), "--quiet"]) == 2
    assert "is a folder" in one_error_line(capsys)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["predict", str(trained), str(labelled), "--out", str(blocker / "p.csv"), "--quiet"]) == 2
    assert "not a folder" in one_error_line(capsys)


def test_extra_fields_and_normalised_labels_are_reported(tmp_path: Path, tiny_texts, capsys) -> None:
    """Issue 18 (6, 8): an unquoted comma shifted the label silently; "1" and "1.0" were two classes."""
    texts, labels = tiny_texts
    rows = [(t, "1" if lab == "positive" else "0.0") for t, lab in zip(texts, labels, strict=True)]
    path = tmp_path / "d.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        fh.write("text,label\n")
        csv.writer(fh).writerows(rows)
        fh.write("great food, bad service,1\n")  # line 242
    run = tmp_path / "run"
    assert main(["train", str(path), "--max-steps", "1", "--out", str(run), "--json", *TINY]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out.splitlines()[-1])["skipped_rows"] == 1
    assert "whole numbers" in captured.err and "'0.0' as '0'" in captured.err
    assert json.loads((run / "labels.json").read_text()) == ["0", "1"]
    skipped = [json.loads(line) for line in (run / "skipped_rows.jsonl").read_text().splitlines()]
    assert [s["line"] for s in skipped] == [242] and "3 fields" in skipped[0]["reason"]


def test_many_classes_warn_and_keep_evaluation_small(tmp_path: Path, capsys) -> None:
    """Issue 18 (5): 10,000 classes (an ID column) went ahead silently with a dense confusion matrix."""
    rows = [(f"row number {i} says {i % 7}", f"id{i:04d}") for i in range(500)]
    path = write_csv(tmp_path / "ids.csv", rows + rows)
    run = tmp_path / "run"
    assert main(["train", str(path), "--max-steps", "1", "--out", str(run), "--val-fraction", "0.5", *TINY]) == 0
    err = capsys.readouterr().err
    assert "500 distinct values; is it an ID column?" in err
    confusion = json.loads((run / "evaluation.json").read_text())["confusion"]
    assert "matrix" not in confusion and 1 <= len(confusion["cells"]) <= 500
    assert main(["evaluate", str(run), str(path), "--json"]) == 0
    assert "cells" in json.loads(capsys.readouterr().out)["confusion"]
    assert main(["evaluate", str(run), str(path), "--json", "--full-confusion"]) == 0
    matrix = json.loads(capsys.readouterr().out)["confusion"]["matrix"]
    assert len(matrix) == 500 and sum(map(sum, matrix)) == 1000


def test_progress_shows_each_stage(labelled: Path, tmp_path: Path, capsys) -> None:
    """Issue 18 (4): nothing was printed while a large file was read, tokenized and evaluated."""
    run = tmp_path / "run"
    assert main(["train", str(labelled), "--max-steps", "2", "--eval-every", "1", "--out", str(run), *QUIET_TINY]) == 0
    err = capsys.readouterr().err
    for stage in ("reading the file", "training the tokenizer", "tokenizing"):
        assert stage in err, stage
    assert err.index("reading the file") < err.index("training the tokenizer") < err.index("tokenizing")
    assert "data: 216 training and 24 validation rows" in err

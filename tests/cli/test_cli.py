"""The command line, driven in-process: train, resume, inspect, and one-line errors with exit status 2."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from workbench.cli import main

TINY = [
    "--d-model",
    "32",
    "--heads",
    "2",
    "--layers",
    "1",
    "--ff",
    "64",
    "--max-len",
    "32",
    "--vocab-size",
    "200",
    "--precision",
    "fp32",
    "--quiet",
]


@pytest.fixture
def reviews_csv(tmp_path: Path, tiny_texts) -> Path:
    texts, labels = tiny_texts
    path = tmp_path / "reviews.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["review", "sentiment"])
        writer.writerows(zip(texts, labels, strict=True))
        writer.writerow(["", "positive"])  # an unusable row, reported, not fatal
    return path


def last_json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


def test_train_prints_a_json_summary_and_inspect_reads_the_run(reviews_csv, tmp_path, capsys) -> None:
    run = tmp_path / "run"
    code = main(["train", str(reviews_csv), "--max-steps", "8", "--out", str(run), "--json", *TINY])
    assert code == 0
    summary = last_json(capsys.readouterr().out)
    for key in (
        "run_dir",
        "steps",
        "train_loss",
        "val_loss",
        "val_accuracy",
        "val_macro_f1",
        "tokens_per_s",
        "device",
        "precision",
        "skipped_rows",
    ):
        assert key in summary, key
    assert summary["steps"] == 8 and summary["skipped_rows"] == 1 and summary["precision"] == "fp32"
    assert Path(summary["run_dir"]) == run

    assert main(["inspect", str(run), "the food was good", "--json"]) == 0
    result = last_json(capsys.readouterr().out)
    tokens = result["tokens"]
    assert tokens[0] == "[CLS]" and tokens[-1] == "[SEP]"
    assert set(result["probabilities"]) == {"negative", "positive"}
    assert sum(result["probabilities"].values()) == pytest.approx(1.0, abs=1e-5)
    att = result["attention"]
    assert (len(att), len(att[0]), len(att[0][0]), len(att[0][0][0])) == (1, 2, len(tokens), len(tokens))
    assert sum(att[0][1][0]) == pytest.approx(1.0, abs=1e-4)


def test_train_takes_the_pooling_and_positions(reviews_csv, tmp_path, capsys) -> None:
    from workbench.core.config import RunConfig

    def train(name: str, *extra: str) -> tuple[str, str]:
        assert main(["train", str(reviews_csv), "--max-steps", "2", "--out", str(tmp_path / name), *TINY, *extra]) == 0
        saved = RunConfig.load(tmp_path / name / "config.toml").model
        return saved.pooling, saved.positional

    assert train("chosen", "--pooling", "mean", "--positional", "alibi") == ("mean", "alibi")
    assert train("default") == ("mean", "sinusoidal+alibi")  # the defaults of new runs


def test_resume_continues_the_step_count(reviews_csv, tmp_path, capsys) -> None:
    run = tmp_path / "run"
    assert main(["train", str(reviews_csv), "--max-steps", "4", "--out", str(run), *TINY]) == 0
    assert main(["train", "--resume", str(run), "--max-steps", "7", "--json", "--quiet"]) == 0
    assert last_json(capsys.readouterr().out)["steps"] == 7


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["train", "missing.csv"], "missing.csv"),
        (["train", "demo:nope"], "demo:"),
        (["train", "--resume", "nowhere"], "nowhere"),
        (["inspect", "nowhere", "hello"], "not a run folder"),
        (["train", "demo:reviews", "--heads", "3"], "divide"),
        (["train", "demo:reviews", "--batch-size", "0"], "batch size must be between 1 and 8192 (got 0)"),
        (["train", "demo:reviews", "--vocab-size", "20"], "vocabulary size must be between 50 and 200,000"),
        (["train", "demo:reviews", "--device", "gpu"], "Unknown device"),
        (["train", "demo:reviews", "--device", "cuda:7"], "cuda"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, words, capsys, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    try:
        code = main(args)
    except SystemExit as exit_:  # argparse's own checks exit directly
        code = exit_.code
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert words.lower() in err.lower()
    assert "Traceback" not in err


def test_out_folder_that_is_not_empty_is_refused(reviews_csv, tmp_path, capsys) -> None:
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("x")
    assert main(["train", str(reviews_csv), "--out", str(busy), *TINY]) == 2
    assert "not empty" in capsys.readouterr().err


def test_pretrain_then_fine_tune_from_it(reviews_csv, tmp_path, capsys) -> None:
    pre = tmp_path / "pre"
    assert main(["pretrain", str(reviews_csv), "--max-steps", "4", "--out", str(pre), "--json", *TINY]) == 0
    summary = last_json(capsys.readouterr().out)
    assert set(summary) >= {"run_dir", "steps", "mlm_loss", "masked_accuracy", "unigram_accuracy"}
    assert summary["steps"] == 4 and 0 <= summary["masked_accuracy"] <= 1

    fine = tmp_path / "fine"
    args = [
        "train",
        str(reviews_csv),
        "--from",
        str(pre),
        "--freeze-steps",
        "2",
        "--max-steps",
        "4",
        "--out",
        str(fine),
        "--json",
        "--quiet",
    ]
    assert main(args) == 0
    assert last_json(capsys.readouterr().out)["steps"] == 4
    assert (fine / "evaluation.json").is_file()

    refused = main(["train", str(reviews_csv), "--from", str(pre), "--d-model", "64", "--out", str(tmp_path / "x")])
    assert refused == 2
    assert "--d-model cannot be used with --from" in capsys.readouterr().err


def test_evaluate_and_predict_a_trained_run(reviews_csv, tmp_path, capsys) -> None:
    run = tmp_path / "run"
    assert main(["train", str(reviews_csv), "--max-steps", "30", "--out", str(run), *TINY]) == 0
    capsys.readouterr()
    assert main(["evaluate", str(run), str(reviews_csv), "--json", "--csv", str(tmp_path / "eval.csv")]) == 0
    result = last_json(capsys.readouterr().out)
    matrix = result["confusion"]["matrix"]
    assert result["confusion"]["labels"] == ["negative", "positive"]
    total = sum(map(sum, matrix))
    assert total == 240  # every usable row, the empty one skipped
    assert result["accuracy"] == pytest.approx((matrix[0][0] + matrix[1][1]) / total)
    assert result["per_class"]["positive"]["support"] == sum(matrix[1])
    assert (tmp_path / "eval.csv").read_text().startswith("class,precision,recall,f1,support")

    out = tmp_path / "pred.csv"
    assert main(["predict", str(run), str(reviews_csv), "--out", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 240 and set(rows[0]) == {"text", "predicted", "confidence", "p_negative", "p_positive"}
    assert float(rows[0]["p_negative"]) + float(rows[0]["p_positive"]) == pytest.approx(1.0, abs=2e-4)

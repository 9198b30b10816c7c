"""`workbench bench pretraining`: its plumbing on tiny generated text (a few steps; the numbers are in the README)."""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from pathlib import Path

import pytest

from workbench.bench import pretraining
from workbench.cli import main
from workbench.core.data.dataset import Dataset
from workbench.core.errors import WorkbenchError


def write_book(path: Path, lines: int = 300) -> Path:
    """Short lines, like a play, so the loader joins them into passages."""
    rng = random.Random(0)
    words = [
        "the",
        "king",
        "and",
        "queen",
        "walk",
        "to",
        "a",
        "tower",
        "where",
        "my",
        "lord",
        "speaks",
        "of",
        "war",
        "peace",
        "love",
        "and",
        "death",
    ]
    path.write_text("\n".join(" ".join(rng.choices(words, k=rng.randint(3, 8))) for _ in range(lines)) + "\n")
    return path


def write_labelled(path: Path, rows: int = 200) -> Path:
    rng = random.Random(1)
    fillers = ["the", "film", "was", "a", "very", "quite", "and", "it", "plot", "music", "view", "acting"]
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["text", "label"])
        for i in range(rows):
            label = ("positive", "negative", "negative")[i % 3]  # unequal classes, to check the sample's shares
            words = [*rng.choices(fillers, k=rng.randint(4, 10)), "good" if label == "positive" else "bad"]
            rng.shuffle(words)
            out.writerow([" ".join(words), label])
    return path


def test_stratified_sample_is_exact_keeps_shares_and_follows_the_seed() -> None:
    data = Dataset([f"t{i}" for i in range(100)], ["a"] * 70 + ["b"] * 20 + ["c"] * 10)
    sample = pretraining.stratified_sample(data, 31, seed=0)
    assert len(sample) == 31 and len(set(sample.texts)) == 31
    assert Counter(sample.labels) == {"a": 22, "b": 6, "c": 3}  # 21.7, 6.2, 3.1 by largest remainders
    assert sample.texts != pretraining.stratified_sample(data, 31, seed=1).texts
    assert sample.texts == pretraining.stratified_sample(data, 31, seed=0).texts


def test_both_parts_report_their_numbers(tmp_path: Path) -> None:
    result = pretraining.run(
        write_book(tmp_path / "book.txt"),
        write_labelled(tmp_path / "labelled.csv"),
        steps=3,
        seeds=(0, 1),
        labels=40,
        finetune_steps=2,
        freeze_steps=1,
        encoder_lr_scale=0.5,
        threads=1,
        out=tmp_path / "runs",
    )
    json.dumps(result)  # JSON-able, as --json prints it
    book = result["book"]
    assert book["steps"] == 3 and book["budget"] == "steps" and book["stop_reason"] == "finished"
    assert 0 <= book["unigram_accuracy"] <= 1 and 0 <= book["masked_accuracy"] <= 1
    assert book["gap_points"] == pytest.approx(100 * (book["masked_accuracy"] - book["unigram_accuracy"]), abs=0.02)
    assert book["tokens_per_s"] > 0 and book["steps_per_s"] > 0
    assert book["train_rows"] < 300  # the play's short lines were joined into passages

    fine = result["finetune"]
    assert (fine["rows"], fine["test_rows"], fine["pretrain_rows"]) == (200, 40, 160)
    assert fine["pretrain"]["steps"] == 3 and 0 < fine["pretrain"]["train_rows"] <= 160
    assert [r["seed"] for r in fine["runs"]] == [0, 1]
    for row in fine["runs"]:
        assert 0 <= row["pretrained"] <= 1 and 0 <= row["scratch"] <= 1
        assert row["gap_points"] == pytest.approx(100 * (row["pretrained"] - row["scratch"]), abs=0.02)
        assert row["pretrained_curve"][-1] == [2, row["pretrained"]] and row["scratch_curve"][-1][0] == 2
    mean = fine["mean"]
    assert mean["gap_points"] == pytest.approx(sum(r["gap_points"] for r in fine["runs"]) / 2, abs=0.01)
    assert mean["worst_seed_gap_points"] == min(r["gap_points"] for r in fine["runs"])
    assert set(result["met"]) == {"book_gap", "finetune_mean_gap", "finetune_no_seed_worse"}
    # The runs were kept, the fine-tuned ones started from the pre-trained run's tokenizer.
    runs = tmp_path / "runs"
    pre_tok = (runs / "pretrained" / "tokenizer.json").read_text()
    assert (runs / "seed0_pretrained" / "tokenizer.json").read_text() == pre_tok
    assert json.loads((runs / "seed0_scratch" / "run.json").read_text()).get("init_from") is None  # from scratch
    assert json.loads((runs / "seed1_pretrained" / "run.json").read_text())["init_from"] == str(runs / "pretrained")

    # Fine-tuning again from the kept pre-training: no second pre-training, the same start.
    again = pretraining.finetune_comparison(
        tmp_path / "labelled.csv",
        seeds=(0,),
        labels=40,
        finetune_steps=2,
        threads=1,
        out=tmp_path / "again",
        pretrained_run=runs / "pretrained",
    )
    assert (
        again["pretrain"] == {"reused": str(runs / "pretrained")} and not (tmp_path / "again" / "pretrained").exists()
    )
    assert json.loads((tmp_path / "again" / "seed0_pretrained" / "run.json").read_text())["init_from"] == str(
        runs / "pretrained"
    )
    assert "gap_points" in again["runs"][0]


def test_the_cli_runs_one_part_and_names_what_is_missing(tmp_path: Path, capsys) -> None:
    book = write_book(tmp_path / "book.txt")
    assert main(["bench", "pretraining", "--text", str(book), "--steps", "2", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["preset"] == "tiny" and result["book"]["steps"] == 2 and "finetune" not in result
    assert set(result["met"]) == {"book_gap"}
    assert main(["bench", "pretraining"]) == 2
    assert "--text BOOK.txt" in capsys.readouterr().err
    with pytest.raises(WorkbenchError, match="at least 500"):
        pretraining.finetune_comparison(write_labelled(tmp_path / "small.csv"), labels=500)


def test_overrides_change_every_run_and_the_learning_rate_of_pre_training_only() -> None:
    overrides = pretraining.Overrides(positional="alibi", pooling="mean", dropout=0.0, pretrain_lr=2e-3)
    mlm = pretraining._config("tiny", "mlm", steps=5, seed=0, device="cpu", threads=1, overrides=overrides)
    fine = pretraining._config("tiny", "classify", steps=5, seed=0, device="cpu", threads=1, overrides=overrides)
    for config in (mlm, fine):
        assert (config.model.positional, config.model.pooling, config.model.dropout) == ("alibi", "mean", 0.0)
    assert mlm.train.lr == 2e-3 and fine.train.lr == pretraining.TrainConfig().lr
    assert overrides.as_dict() == {"positional": "alibi", "pooling": "mean", "dropout": 0.0, "pretrain_lr": 2e-3}
    with pytest.raises(WorkbenchError, match="dropout"):
        pretraining._config(
            "tiny", "mlm", steps=5, seed=0, device="cpu", threads=1, overrides=pretraining.Overrides(dropout=1.5)
        )

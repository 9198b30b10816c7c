"""`workbench bench baseline`: deduplication, the split, and the plumbing end to end on tiny generated Chinese
text (a few steps; the real numbers are in the README)."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest

from workbench.bench import baseline
from workbench.cli import main
from workbench.core.data.dataset import Dataset
from workbench.core.evaluation.evaluate import predict_proba
from workbench.core.inspection.inspector import load_run

pytest.importorskip("sklearn")

GOOD = ["很好", "不错", "喜欢", "满意"]
BAD = ["很差", "失望", "难用", "退货"]
FILLER = list("这本书手机质量物流价格包装客服东西")


def write_reviews(path: Path, rows: int = 120) -> Path:
    """Generated reviews whose label is carried by a sentiment word; every 10th row repeats an earlier one and
    one text appears under both labels."""
    rng = random.Random(0)
    out: list[tuple[str, str]] = []
    for i in range(rows):
        if i and i % 10 == 0:
            out.append(out[i - 7])
            continue
        label = "pos" if i % 2 else "neg"
        text = "".join(rng.choices(FILLER, k=rng.randint(3, 8))) + rng.choice(GOOD if label == "pos" else BAD)
        out.append((text, label))
    out += [("一般般吧", "pos"), ("一般般吧", "neg")]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label"])
        writer.writerows(out)
    return path


def test_unique_rows_keeps_each_text_once_and_drops_texts_with_two_labels() -> None:
    data = Dataset(["a", "b", " a", "c", "b", "d"], ["x", "y", "x", "x", "x", "y"])
    unique, counts = baseline.unique_rows(data)
    assert unique.texts == ["a", "c", "d"] and unique.labels == ["x", "x", "y"]  # "b" had y and x; " a" repeats "a"
    assert counts == {"rows": 6, "unique_rows": 3, "texts_with_two_labels_dropped": 1}


def test_the_split_has_no_text_on_both_sides_and_is_fixed(tmp_path: Path) -> None:
    path = write_reviews(tmp_path / "reviews.csv")
    train, test, counts = baseline.split(path)
    assert not set(train.texts) & set(test.texts)
    assert counts["rows"] == 122 and counts["unique_rows"] == len(train) + len(test) < 120
    assert "一般般吧" not in train.texts + test.texts
    assert abs(len(test) - 0.2 * counts["unique_rows"]) <= 1 and set(test.labels or []) == {"pos", "neg"}
    again, _, _ = baseline.split(path)
    assert again.texts == train.texts


def test_run_reports_baselines_and_both_starts_over_seeds(tmp_path: Path) -> None:
    path = write_reviews(tmp_path / "reviews.csv")
    book = tmp_path / "book.txt"
    book.write_text("今天天气很好。我们去公园散步！\n" * 40, encoding="utf-8")
    result = baseline.run(
        path, steps=2, seeds=(0, 1), pretrain=[book], pretrain_steps=2, threads=1, out=tmp_path / "runs"
    )
    json.dumps(result)  # JSON-able, as --json prints it
    base = result["baselines"]
    assert set(base) == {"char_1", "char_1_2", "strongest"}  # Chinese text: no word baseline
    assert base["strongest"]["accuracy"] == max(v for k in ("char_1", "char_1_2") for v in base[k].values())
    # The sentiment word decides the label: a character baseline gets every test row right.
    assert base["char_1"]["C=10"] == 1.0
    assert result["pretraining"]["steps"] == 2 and 0 <= result["pretraining"]["masked_accuracy"] <= 1
    _, test, _ = baseline.split(path)
    for start in ("scratch", "pretrained"):
        part = result[start]
        scores = [r["accuracy"] for r in part["runs"]]
        assert [r["seed"] for r in part["runs"]] == [0, 1] and all(r["steps"] == 2 for r in part["runs"])
        assert part["mean"] == pytest.approx(sum(scores) / 2, abs=1e-4)
        assert (part["min"], part["max"]) == (min(scores), max(scores)) and part["std"] >= 0
        assert part["margin_points"] == pytest.approx(100 * (part["mean"] - base["strongest"]["accuracy"]), abs=0.01)
        for one in part["runs"]:  # the baseline is right on every row: the model can only be worse
            pair = one["vs_strongest"]
            assert pair["model_only"] == 0 and pair["baseline_only"] == round((1 - one["accuracy"]) * len(test))
    # The model chose its weights on a tenth of the training rows; the test rows only scored the weights it
    # ended on: the saved run's best weights, evaluated again on the test rows, give the same accuracy.
    train, test, _ = baseline.split(path)
    sizes = result["model_split"]
    assert sizes["fit_rows"] + sizes["validation_rows"] == len(train) and sizes["validation_rows"] < len(test)
    for start in ("scratch", "pretrained"):
        for one in result[start]["runs"]:
            loaded = load_run(tmp_path / "runs" / f"{start}_seed{one['seed']}")
            predicted = [loaded.labels[i] for i in predict_proba(loaded, test.texts).argmax(axis=1)]
            hits = sum(p == t for p, t in zip(predicted, test.labels or [], strict=True))
            assert one["accuracy"] == pytest.approx(hits / len(test), abs=1e-4)
    # The scratch runs got the tiny preset's scratch learning rate, the fine-tunings the default.
    assert {r["lr"] for r in result["scratch"]["runs"]} == {2e-3}
    assert {r["lr"] for r in result["pretrained"]["runs"]} == {1e-3}
    runs = tmp_path / "runs"
    pretrained_from = json.loads((runs / "pretrained_seed1" / "run.json").read_text())["init_from"]
    assert pretrained_from == str(runs / "pretrained")
    # The pre-training read the book and the training rows, never a test row.
    joined = (runs / "pretrain.txt").read_text(encoding="utf-8")
    assert "今天天气很好" in joined and all(t in joined for t in train.texts)
    assert not any(t in joined.splitlines() for t in test.texts)


def test_the_cli_runs_it_and_says_what_is_missing(tmp_path: Path, capsys) -> None:
    path = write_reviews(tmp_path / "reviews.csv")
    assert main(["bench", "baseline", str(path), "--steps", "1", "--seeds", "1", "--threads", "1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["model"]["preset"] == "tiny" and len(result["scratch"]["runs"]) == 1
    assert "pretrained" not in result and "pretraining" not in result
    assert main(["bench", "baseline"]) == 2
    assert "FILE.csv" in capsys.readouterr().err
    # The module's own command line (with its extra options) takes the README's --json too.
    args = [str(path), "--steps", "1", "--seeds", "1", "--threads", "1", "--no-scratch", "--json"]
    assert baseline.main(args) == 0
    assert json.loads(capsys.readouterr().out)["data"] == str(path)


def test_pre_training_on_the_training_rows_alone(tmp_path: Path) -> None:
    path = write_reviews(tmp_path / "reviews.csv")
    result = baseline.run(
        path, steps=2, seeds=(0,), pretrain_rows=True, pretrain_steps=2, pretrain_lr=5e-4, threads=1, out=tmp_path
    )
    assert result["pretraining"]["steps"] == 2 and len(result["pretrained"]["runs"]) == 1
    train, _, _ = baseline.split(path)
    joined = (tmp_path / "pretrain.txt").read_text(encoding="utf-8").splitlines()
    assert joined == [" ".join(t.split()) for t in train.texts]  # the training rows, nothing else
    config = (tmp_path / "pretrained" / "config.toml").read_text(encoding="utf-8")
    assert "lr = 0.0005" in config and "batch_size = 32" in config
    # That pre-training reused, without the from-scratch runs, and another pre-training batch size:
    again = baseline.run(path, steps=2, seeds=(0,), pretrained_run=tmp_path / "pretrained", scratch=False, threads=1)
    assert "scratch" not in again and again["pretrained"]["runs"][0]["steps"] == 2
    baseline.run(path, steps=1, seeds=(), pretrain_rows=True, pretrain_steps=1, pretrain_batch=4, out=tmp_path / "b")
    assert "batch_size = 4" in (tmp_path / "b" / "pretrained" / "config.toml").read_text(encoding="utf-8")


def test_paired_comparison_is_mcnemars_exact_test() -> None:
    # 9 rows only the model got right, 1 only the baseline: two-sided binomial p = 2 * (10 + 1) / 2**10.
    model = [True] * 9 + [False] + [True] * 5 + [False] * 3
    base = [False] * 9 + [True] + [True] * 5 + [False] * 3
    assert baseline.paired(model, base) == {"model_only": 9, "baseline_only": 1, "p": 0.0215}
    assert baseline.paired([True, False], [True, False]) == {"model_only": 0, "baseline_only": 0, "p": 1.0}

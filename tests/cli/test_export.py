"""`workbench export RUN --onnx FILE`: the file agrees with `workbench inspect --json`; one line, exit 2, without
the onnx packages."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_cli import TINY, last_json, reviews_csv  # noqa: F401 - reviews_csv is a fixture

from workbench.cli import main

pytestmark = pytest.mark.slow


def test_export_agrees_with_inspect(reviews_csv, tmp_path, capsys) -> None:  # noqa: F811
    ort = pytest.importorskip("onnxruntime")
    from tokenizers import Tokenizer

    run = tmp_path / "run"
    assert main(["train", str(reviews_csv), "--max-steps", "6", "--out", str(run), *TINY]) == 0
    target = tmp_path / "shipped" / "reviews.onnx"
    assert main(["export", str(run), "--onnx", str(target), "--json"]) == 0
    summary = last_json(capsys.readouterr().out)
    assert summary["onnx"] == str(target) and summary["outputs"] == ["logits", "attentions"]
    assert max(summary["max_difference"].values()) <= 1e-4

    sentence = "the food was really good"
    assert main(["inspect", str(run), sentence, "--json"]) == 0
    inspected = last_json(capsys.readouterr().out)
    # What a deployment does: the tokenizer beside the file, then onnxruntime.
    tokenizer = Tokenizer.from_file(str(target.parent / "tokenizer.json"))
    encoding = tokenizer.encode(sentence)
    assert encoding.tokens == inspected["tokens"]
    ids = np.array([encoding.ids], dtype=np.int64)
    session = ort.InferenceSession(str(target), providers=["CPUExecutionProvider"])
    logits, attentions = session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
    labels = json.loads((target.parent / "labels.json").read_text())
    probs = np.exp(logits[0] - logits[0].max())
    probs /= probs.sum()
    np.testing.assert_allclose(probs, [inspected["probabilities"][name] for name in labels], atol=1e-4)
    assert labels[int(np.argmax(probs))] == inspected["label"]
    np.testing.assert_allclose(attentions[:, 0], np.array(inspected["attention"]), atol=1e-4)


def test_export_without_the_packages_is_one_line_exit_2(reviews_csv, tmp_path, capsys, monkeypatch) -> None:  # noqa: F811
    import importlib.util

    run = tmp_path / "run"
    assert main(["train", str(reviews_csv), "--max-steps", "2", "--out", str(run), *TINY]) == 0
    capsys.readouterr()
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "onnx" else real(name, *a))
    assert main(["export", str(run), "--onnx", str(tmp_path / "m.onnx")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "needs onnx" in err and "[onnx]" in err
    assert not (tmp_path / "m.onnx").exists()


def test_export_of_a_folder_that_is_no_run_is_one_line(tmp_path, capsys) -> None:
    assert main(["export", str(tmp_path), "--onnx", str(tmp_path / "m.onnx")]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1

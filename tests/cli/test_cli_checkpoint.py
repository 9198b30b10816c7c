"""The command line on Hugging Face model folders: inspect / evaluate / predict match `transformers`, and every
folder that cannot be opened (pickle weights, other architectures, no tokenizer, mismatched shapes) exits 2 with
one line, without unpickling anything."""

from __future__ import annotations

import csv
import json
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch
from hf_folders import TEXTS, hf_tokenizer, make_bert

from workbench.cli import main

SENTENCE = "The Café was NOT good, it was bad!"


def _last_json(out: str) -> dict:
    return json.loads(out.strip().splitlines()[-1])


def test_inspect_json_on_a_bert_classifier_matches_transformers(tmp_path, capsys) -> None:
    folder = tmp_path / "sentiment-bert"
    hf = make_bert(folder, "classify", tokenizer="json", hidden=48, layers=3, heads=6, ff=96)
    assert main(["inspect", str(folder), SENTENCE, "--json", "--lens"]) == 0
    got = _last_json(capsys.readouterr().out)
    tok = hf_tokenizer(folder)
    enc = tok(SENTENCE, return_tensors="pt")
    with torch.no_grad():
        out = hf(**enc, output_attentions=True, output_hidden_states=True)
    assert got["tokens"] == tok.convert_ids_to_tokens(enc["input_ids"][0])
    expected = dict(zip(["neg", "neu", "pos"], out.logits.softmax(-1)[0].tolist(), strict=True))
    assert got["probabilities"].keys() == expected.keys()
    assert all(abs(got["probabilities"][k] - v) <= 1e-4 for k, v in expected.items())
    assert got["label"] == max(expected, key=expected.get)
    assert np.abs(np.array(got["attention"]) - torch.stack(out.attentions)[:, 0].numpy()).max() <= 1e-4
    assert len(got["lens"]) == 4  # embeddings + 3 layers
    assert all(abs(got["lens"][-1][k] - v) <= 1e-4 for k, v in expected.items())


def test_evaluate_and_predict_a_bert_classifier(tmp_path, capsys) -> None:
    folder = tmp_path / "model"
    hf = make_bert(folder, "classify")
    data = tmp_path / "data.csv"
    labels = ["neg", "pos", "neu", "pos", "neg", "neu"]
    with open(data, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([("text", "label"), *zip(TEXTS, labels, strict=True)])
    enc = hf_tokenizer(folder)(TEXTS, return_tensors="pt", padding=True)
    with torch.no_grad():
        probs = hf(**enc).logits.softmax(-1).numpy()
    names = ["neg", "neu", "pos"]
    expected = np.mean([names[i] == y for i, y in zip(probs.argmax(1), labels, strict=True)])

    assert main(["evaluate", str(folder), str(data), "--json"]) == 0
    assert _last_json(capsys.readouterr().out)["accuracy"] == pytest.approx(expected)
    out_csv = tmp_path / "predictions.csv"
    assert main(["predict", str(folder), str(data), "--out", str(out_csv)]) == 0
    with open(out_csv, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["text"] for r in rows] == TEXTS
    got = np.array([[float(r[f"p_{n}"]) for n in names] for r in rows])
    assert np.abs(got - probs).max() <= 1e-4


def test_inspect_lens_on_a_masked_lm_lists_words_per_layer(tmp_path, capsys) -> None:
    folder = tmp_path / "mlm"
    make_bert(folder, "mlm", layers=2)
    assert main(["inspect", str(folder), "the [MASK] was very good", "--lens"]) == 0
    out = capsys.readouterr().out
    assert "after layer 2" in out and "embeddings" in out
    assert "model: BertForMaskedLM:" in out and "2 layers x 4 heads" in out


class _Marker:
    """Unpickling this creates the marker file: the proof that a pickle was (wrongly) opened."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


def _pickle_folder(folder: Path, marker: Path, name: str = "pytorch_model.bin", config: bool = True) -> Path:
    folder.mkdir(parents=True)
    with open(folder / name, "wb") as fh:
        pickle.dump(_Marker(marker), fh)
    if config:
        (folder / "config.json").write_text(json.dumps({"model_type": "bert", "architectures": ["BertForMaskedLM"]}))
    (folder / "vocab.txt").write_text("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n")
    return folder


@pytest.mark.parametrize(
    ("name", "config", "target"),
    [
        ("pytorch_model.bin", True, "folder"),
        ("model.ckpt", False, "folder"),
        ("weights.pt", True, "file"),
    ],
)
def test_pickle_weights_are_refused_without_unpickling(tmp_path, capsys, name, config, target) -> None:
    marker = tmp_path / "UNPICKLED"
    folder = _pickle_folder(tmp_path / "model", marker, name, config)
    with open(folder / name, "rb") as fh:  # the file really is a live pickle (checked on a copy of the bytes)
        assert b"UNPICKLED" in fh.read()
    path = folder if target == "folder" else folder / name
    for command in (["inspect", str(path), "a"], ["evaluate", str(path), "demo:reviews"]):
        assert main(command) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "safetensors" in err and "pickle" in err
    assert not marker.exists()


def _break(folder: Path, how: str) -> None:
    config = json.loads((folder / "config.json").read_text())
    if how == "architecture":
        config.update(model_type="gpt2", architectures=["GPT2LMHeadModel"])
    elif how == "head":
        config["architectures"] = ["BertForQuestionAnswering"]
    elif how == "shape":
        config["intermediate_size"] = 72
    elif how == "tokenizer":
        (folder / "vocab.txt").unlink()
    elif how == "weights":
        (folder / "model.safetensors").unlink()
    elif how == "damaged":
        (folder / "model.safetensors").write_bytes(b"not safetensors at all")
    elif how == "config":
        (folder / "config.json").write_text("{ not json")
        return
    (folder / "config.json").write_text(json.dumps(config))


@pytest.mark.parametrize(
    ("how", "words"),
    [
        ("architecture", ["GPT2LMHeadModel", "BertForSequenceClassification"]),
        ("head", ["BertForQuestionAnswering", "BertForMaskedLM"]),
        ("shape", ["shape", "intermediate", "do not belong together"]),
        ("tokenizer", ["no tokenizer", "vocab.txt"]),
        ("weights", ["no weights", "not a model folder"]),
        ("damaged", ["cannot be read as safetensors"]),
        ("config", ["config.json cannot be read"]),
    ],
)
def test_unusable_model_folders_exit_2_with_one_line(tmp_path, capsys, how, words) -> None:
    folder = tmp_path / "model"
    make_bert(folder, "classify")
    _break(folder, how)
    capsys.readouterr()  # transformers' own progress lines
    assert main(["inspect", str(folder), "a sentence"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert all(w in err for w in words), err
    assert "Traceback" not in err


def test_transformers_is_never_imported_at_run_time(tmp_path) -> None:
    import subprocess
    import sys

    make_bert(tmp_path / "m", "classify")
    script = (
        "import sys; from workbench.cli import main; "
        f"code = main(['inspect', {str(tmp_path / 'm')!r}, 'good food']); "
        "assert code == 0; assert 'transformers' not in sys.modules, 'transformers imported'"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr


def test_train_from_a_model_folder_then_every_reader_opens_the_run(tmp_path, capsys) -> None:
    folder = tmp_path / "bert"
    make_bert(folder, "mlm", hidden=32, layers=2, heads=4, ff=64)
    data = tmp_path / "data.csv"
    rows = [(f"the food was {'good' if i % 2 else 'bad'}", "pos" if i % 2 else "neg") for i in range(40)]
    with open(data, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([("text", "label"), *rows])
    run = tmp_path / "run"
    args = ["train", str(data), "--from", str(folder), "--max-steps", "3", "--batch-size", "8", "--out", str(run)]
    assert main([*args, "--quiet", "--json"]) == 0
    out, err = capsys.readouterr()
    summary = _last_json(out)
    assert summary["steps"] == 3
    assert "a new classifier for the data's 2 classes" in err
    assert main(["inspect", str(run), "the food was good", "--json", "--lens"]) == 0
    got = _last_json(capsys.readouterr().out)
    assert got["tokens"] == hf_tokenizer(folder).tokenize("[CLS] the food was good [SEP]")
    assert set(got["probabilities"]) == {"neg", "pos"}
    assert np.array(got["attention"]).shape[:2] == (2, 4)  # the checkpoint's layers and heads
    assert main(["evaluate", str(run), str(data), "--json"]) == 0
    assert 0.0 <= _last_json(capsys.readouterr().out)["accuracy"] <= 1.0
    assert main(["train", "--resume", str(run), "--max-steps", "4", "--quiet"]) == 0
    assert main(["export", str(run), "--onnx", str(tmp_path / "m.onnx")]) == 2
    assert "Hugging Face" in capsys.readouterr().err


def test_sizing_options_with_a_model_folder_are_refused(tmp_path, capsys) -> None:
    folder = tmp_path / "bert"
    make_bert(folder, "mlm")
    capsys.readouterr()
    args = ["train", "demo:reviews", "--from", str(folder), "--layers", "2", "--out", str(tmp_path / "run")]
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "model folder's model size" in err
    assert not (tmp_path / "run").exists()

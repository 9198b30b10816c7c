"""Fine-tuning from a Hugging Face model folder (train --from FOLDER): the checkpoint's tokenizer and architecture
are kept, the classifier is new (or the checkpoint's own when the class names match), and the run folder opens
in every reader and resumes."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from hf_folders import hf_tokenizer, make_bert
from safetensors.torch import load_file
from test_engine import make_config, run_all

from workbench.core.data.dataset import Dataset, stratified_split
from workbench.core.inspection.inspector import inspect_text, load_run
from workbench.core.model.hf.bert import BertWorkbenchModel
from workbench.core.runs.folder import RunFolder
from workbench.core.training.engine import Trainer
from workbench.core.training.events import DoneEvent

pytest.importorskip("transformers")


@pytest.fixture
def splits(tiny_texts) -> tuple[Dataset, Dataset]:
    texts, labels = tiny_texts
    return stratified_split(Dataset(texts, labels), 0.2, seed=0)


def test_a_new_classifier_on_the_checkpoint_encoder(splits, tmp_path: Path) -> None:
    hf = make_bert(tmp_path / "bert", "mlm")
    train, val = splits
    cfg = make_config(max_steps=2, init_from=str(tmp_path / "bert"), lr=1e-9)
    trainer = Trainer(cfg, train=train, val=val, run_dir=tmp_path / "run")
    events = run_all(trainer)
    assert isinstance(events[-1], DoneEvent), events[-1]
    assert any("new classifier" in note for note in trainer.notes)
    m = trainer.config.model
    assert (m.d_model, m.n_layers, m.n_heads, m.max_len, m.n_classes) == (32, 2, 4, 40, 2)
    assert (tmp_path / "run" / "architecture.json").is_file()

    run = load_run(tmp_path / "run")
    assert isinstance(run.model, BertWorkbenchModel) and run.labels == ["negative", "positive"]
    assert run.model.cfg.n_classes == 2 and run.model.classifier is not None
    theirs = hf_tokenizer(tmp_path / "bert")
    assert run.tokenizer.encode_ids(["the food was good"], 40)[0] == theirs("the food was good")["input_ids"]
    # At lr 1e-9 the encoder is still the checkpoint's: its states match transformers' own.
    ids = torch.tensor([theirs("the food was good")["input_ids"]])
    with torch.no_grad():
        want = hf.bert(input_ids=ids).last_hidden_state
        got, _ = run.model.encode(ids, torch.ones_like(ids, dtype=torch.bool))
    assert float((got - want).abs().max()) < 1e-3
    shown = inspect_text(run.model, run.tokenizer, "the food was good")
    assert shown.attention.shape[:2] == (2, 4) and shown.probabilities.shape == (2,)
    assert run.model.cls is not None  # the masked-LM head rides along: the lens's [MASK] guesses still work

    resumed = Trainer(make_config(max_steps=3), run_dir=tmp_path / "run", resume=True, train=train, val=val)
    events = run_all(resumed)
    assert isinstance(events[-1], DoneEvent) and events[-1].step == 3


def test_the_checkpoint_classifier_is_kept_when_its_classes_are_the_data_s(splits, tmp_path: Path) -> None:
    make_bert(tmp_path / "bert", "classify", labels=("positive", "negative"))
    saved = load_file(tmp_path / "bert" / "model.safetensors")["classifier.weight"]
    train, val = splits
    trainer = Trainer(
        make_config(max_steps=1, init_from=str(tmp_path / "bert")), train=train, val=val, run_dir=tmp_path / "r"
    )
    trainer.prepare()
    try:
        assert any("classifier is kept" in note for note in trainer.notes)
        assert trainer.config.train.lr == 3e-3  # a rate given explicitly is kept (the CLI's default differs)
        weight = trainer.model.classifier.weight.detach()
        assert torch.equal(weight[0], saved[1]) and torch.equal(weight[1], saved[0])  # data order: negative, positive
    finally:
        trainer.close()
    assert RunFolder(tmp_path / "r").load_labels() == ["negative", "positive"]


def test_a_damaged_architecture_file_is_one_line(splits, tmp_path: Path) -> None:
    from workbench.core.errors import RunError

    make_bert(tmp_path / "bert", "classify", labels=("negative", "positive"))
    train, val = splits
    run_all(
        Trainer(
            make_config(max_steps=1, init_from=str(tmp_path / "bert")), train=train, val=val, run_dir=tmp_path / "r"
        )
    )
    (tmp_path / "r" / "architecture.json").write_text('{"format": "bert-family/1", "spec": {"vocab_size": "x"}}')
    with pytest.raises(RunError, match=r"architecture\.json"):
        load_run(tmp_path / "r")

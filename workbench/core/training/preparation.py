"""Getting a run ready before its first step: a new run (data, tokenizer, model or pre-trained start, run folder)
or a stopped one resumed in place. Trainer.prepare() calls these; they fill in the trainer's fields."""

from __future__ import annotations

from typing import TYPE_CHECKING

import torch

from workbench.core.data import load_splits
from workbench.core.data.dataset import to_passages
from workbench.core.data.tokenizer import TextTokenizer, training_sample
from workbench.core.errors import RunError, WorkbenchError
from workbench.core.inspection.inspector import check_parts_match, truncate_probe_history
from workbench.core.model.encoder import EncoderModel
from workbench.core.model.hf.run_files import run_model, run_tokenizer
from workbench.core.runs import folder as runfiles
from workbench.core.training import outcomes, shards
from workbench.core.training.device import choose
from workbench.core.training.progress import Progress, planned_steps
from workbench.core.training.starting import fine_tuning_start

if TYPE_CHECKING:
    from workbench.core.training.engine import Trainer

WORDS_PER_TOKEN = 0.7  # WordPiece gives about 1.3 tokens a word in English


def load_data(self: Trainer) -> None:
    """The training and validation rows (a large corpus is left to shards); a book's lines become passages."""
    cfg = self.config
    assert cfg is not None
    if self.train_data is None and shards.find_corpus(self):
        return  # a large plain-text corpus: tokenized into shards once the tokenizer is known
    if self.train_data is None:
        self.train_data, self.val_data = load_splits(
            cfg.data, task=cfg.train.task, seed=cfg.split_seed(), progress=self.on_stage
        )
    elif self.val_data is None:
        raise WorkbenchError("Validation data is needed when training data is given directly.")
    if cfg.train.task == "mlm":  # a book's short lines become passages that fill the model's length
        words = max(8, int(cfg.model.max_len * WORDS_PER_TOKEN))
        self.train_data = to_passages(self.train_data, words, cfg.data.passages)
        self.val_data = to_passages(self.val_data, words, cfg.data.passages)


def prepare_new(self: Trainer) -> None:
    """A new run: device, data, tokenizer and model (trained, or a pre-trained start), optimizer, run folder."""
    cfg = self.config
    assert cfg is not None
    cfg.validate()
    self._apply_threads()  # before choose(), which names the device with its thread count
    self.device = choose(cfg.train.device, cfg.train.precision)
    load_data(self)
    assert self.train_data is not None and self.val_data is not None
    self.labels = self.train_data.label_names if cfg.train.task == "classify" else []
    start = None
    if cfg.train.init_from:  # fine-tuning: the pre-trained run's (or checkpoint's) tokenizer and model
        start = fine_tuning_start(cfg, self.labels)
        self.tokenizer, self.model = start.tokenizer, start.model
        self.notes += start.notes
    else:
        texts = training_sample(self.train_data.texts, cfg.model.max_len, cfg.split_seed())
        if len(texts) < len(self.train_data):
            self.notes.append(f"the tokenizer learns from a random {len(texts):,} of the training texts")
        self._stage("tokenizer", 0, len(texts))
        self.tokenizer = TextTokenizer.train(texts, cfg.data.tokenizer, cfg.data.vocab_size)
        self._stage("tokenizer", len(texts), len(texts))
        cfg.model.vocab_size = self.tokenizer.vocab_size
        cfg.model.n_classes = len(self.labels)
        torch.manual_seed(cfg.train.seed)
        self.model = EncoderModel(cfg.model)
    shards.open_corpus(self)  # a large pre-training corpus: tokenized once into shards with this tokenizer
    self.model.to(self.device.device)
    self._build_optimizer()
    path = self.run_dir or runfiles.new_run_path(self.runs_root, cfg.data.source, cfg.preset)
    info = runfiles.provenance(cfg, self.train_data, self.val_data, self.device.name, self.device.precision)
    self.run = runfiles.RunFolder.create(path, info=info)
    self.run.lock()
    self.run.save_config(cfg)
    self.tokenizer.save(self.run.tokenizer_path)
    if start is not None:
        start.save(self.run.path)
    self.run.save_labels(self.labels)
    self.run.save_skipped(self.train_data.skipped)


def prepare_resume(self: Trainer) -> None:
    """A stopped run, continued in place: its own settings, tokenizer, weights, optimizer state and progress."""
    if self.run_dir is None:
        raise RunError("Name the run folder to resume.")
    self.run = runfiles.RunFolder(self.run_dir)  # kept before opening, so that prepare() can release it
    self.warnings += self.run.open_for_resume()
    self.config = cfg = outcomes.resume_config(self.run.load_config(), self.config)
    load_data(self)
    data = self.run.info().get("data")
    sha = data.get("sha256") if isinstance(data, dict) else None
    if sha and self.train_data is not None and self.train_data.sha256 and sha != self.train_data.sha256:
        self.warnings.append(f"{cfg.data.source} changed since the run started; continuing with the new file.")
    self._apply_threads()
    self.device = choose(cfg.train.device, cfg.train.precision)
    self.tokenizer = run_tokenizer(self.run.path)
    shards.open_corpus(self)
    self.labels = self.run.load_labels()
    check_parts_match(self.run, cfg, self.tokenizer, self.labels)
    self.model = model = run_model(self.run.path, cfg.model)  # type: ignore[assignment]
    self.run.load_model_weights(model)
    model.to(self.device.device)
    self._build_optimizer()
    state = self.run.load_training_state(self.optimizer)
    scaler_state = state.pop("grad_scaler", None)  # fp16's gradient scale; absent in older checkpoints
    if self._scaler is not None and isinstance(scaler_state, dict):
        self._scaler.load_state_dict(scaler_state)
    self.progress = Progress.from_json(state)
    if (cfg.train.max_steps or cfg.train.epochs) and self.progress.horizon != "max_time":
        assert self.train_data is not None
        self.progress.total_steps = planned_steps(cfg.train, self.shard.rows_per_process(len(self.train_data)))
    self.run.truncate_metrics(self.progress.step)
    truncate_probe_history(self.run.path, self.progress.step)

"""Where a fine-tuning run starts (train --from): a pre-trained run of the workbench, or a Hugging Face model
folder. Either way the run keeps the pre-trained model's tokenizer and shape and gets a classifier for the data's
labels: a new one, or the checkpoint's own when it was trained on the same class names."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from workbench.core.config import RunConfig
from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.model.encoder import EncoderModel
from workbench.core.model.hf.folder import is_checkpoint_folder
from workbench.core.runs import folder as runfiles

# Fine-tuning a BERT-size checkpoint at the workbench's own default (1e-3) wrecks its weights within steps;
# BERT's authors fine-tuned at 2e-5 to 5e-5.
CHECKPOINT_LR = 3e-5


@dataclass
class Start:
    tokenizer: TextTokenizer
    model: Any  # EncoderModel, or a BertWorkbenchModel with the same interface
    architecture: Any = None  # what save_architecture writes beside a checkpoint's fine-tuned run (or None)
    notes: list[str] = field(default_factory=list)

    def save(self, run_dir: Path) -> None:
        if self.architecture is not None:
            from workbench.core.model.hf.run_files import save_architecture

            spec, model_type, source = self.architecture
            save_architecture(run_dir, spec, self.tokenizer, model_type, source)  # type: ignore[arg-type]


def fine_tuning_start(cfg: RunConfig, labels: list[str]) -> Start:
    """The tokenizer and model a run with cfg.train.init_from starts from; cfg's data and model sections are
    set to the pre-trained model's. Raises RunError (one line) when the folder cannot be used."""
    assert cfg.train.init_from is not None
    path = Path(cfg.train.init_from)
    if is_checkpoint_folder(path):
        return _from_checkpoint(cfg, path, labels)
    base = runfiles.RunFolder.open(path)
    tokenizer = TextTokenizer.load(base.tokenizer_path)
    pretrained = base.load_config()
    cfg.data.tokenizer, cfg.data.vocab_size = pretrained.data.tokenizer, pretrained.data.vocab_size
    cfg.model = dataclasses.replace(pretrained.model, dropout=cfg.model.dropout, pooling=cfg.model.pooling)
    cfg.preset = pretrained.preset
    cfg.model.vocab_size = tokenizer.vocab_size
    cfg.model.n_classes = len(labels)
    torch.manual_seed(cfg.train.seed)
    model = EncoderModel(cfg.model)
    base.load_model_weights(model, best=base.has_best(), skip=("classifier.",))
    return Start(tokenizer, model)


def _from_checkpoint(cfg: RunConfig, path: Path, labels: list[str]) -> Start:
    from workbench.core.model.hf.checkpoint import open_checkpoint

    opened = open_checkpoint(path)
    model, notes = opened.model, []
    model.requires_grad_(True)
    if not labels:
        raise ValueError("fine-tuning a checkpoint needs labelled data")
    if model.classifier is not None and sorted(opened.labels) == sorted(labels):
        model.reorder_classes([opened.labels.index(name) for name in labels])
        notes.append(f"the checkpoint's classifier is kept (its classes are the data's: {', '.join(labels)})")
    else:
        torch.manual_seed(cfg.train.seed)
        model.replace_classifier(len(labels))
        notes.append(f"a new classifier for the data's {len(labels)} classes starts on the checkpoint's encoder")
    model.spec = dataclasses.replace(model.spec, labels=list(labels))
    cfg.model = dataclasses.replace(model.cfg)
    cfg.data.vocab_size = opened.tokenizer.vocab_size
    cfg.preset = None
    cfg.train.init_from = str(opened.info.path)
    return Start(opened.tokenizer, model, (model.spec, opened.info.model_type, str(opened.info.path)), notes)

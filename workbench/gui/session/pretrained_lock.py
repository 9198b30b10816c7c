"""While fine-tuning is chosen, the model's size and the tokenizer are the pre-trained run's: the Model page shows
that run's shape and its sizing controls are disabled, as are the Data page's tokenizer controls, each with a
tooltip saying why. Choosing another task puts the person's own model settings back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from workbench.core.config import ModelConfig, RunConfig, TokenizerKind
from workbench.core.errors import WorkbenchError
from workbench.core.runs.readers import read_run_config
from workbench.core.runs.summary import RunRow
from workbench.gui.pages.data.data_page import DataPanel
from workbench.gui.pages.model.model_page import ModelPanel
from workbench.gui.pages.runs.runs_page import RunsPanel


class PretrainedLock:
    """Locks (apply(path)) and unlocks (apply(None)) the sizing and tokenizer controls for a pre-trained start."""

    def __init__(self, model: ModelPanel, data: DataPanel, runs: RunsPanel) -> None:
        self._model, self._data, self._runs = model, data, runs
        self._path: str | None = None
        self._config: RunConfig | None = None
        self._own_model: ModelConfig | None = None  # the person's settings, put back on unlock

    @property
    def path(self) -> str | None:
        """The pre-trained run the controls are locked to (None: not locked)."""
        return self._path

    def apply(self, path: str | None) -> None:
        """Lock to this run's size and tokenizer, or unlock (None). An unreadable run unlocks too."""
        cfg = self._read(path) if path else None
        if cfg is None:
            self._unlock()
            return
        if self._path is None:
            self._own_model = self._model.estimate_config()
        self._path, self._config = path, cfg
        # The pre-trained run's shape, with the pooling chosen here: its own pooling never trained a classifier.
        self._model.set_model_config(dataclasses.replace(cfg.model, pooling=self._model.pooling()))
        self.reapply()

    def reapply(self) -> None:
        """Disable the controls again (after a run ended, the panels enable all of theirs)."""
        if self._path is None or self._config is None:
            return
        cfg, name = self._config, Path(self._path).name
        m = cfg.model
        layers = (
            QCoreApplication.translate("PretrainedLock", "1 layer")
            if m.n_layers == 1
            else QCoreApplication.translate("PretrainedLock", "{n} layers").format(n=m.n_layers)
        )
        heads = (
            QCoreApplication.translate("PretrainedLock", "1 head")
            if m.n_heads == 1
            else QCoreApplication.translate("PretrainedLock", "{n} heads").format(n=m.n_heads)
        )
        shape = QCoreApplication.translate("PretrainedLock", "{d_model} wide, {layers}, {heads}").format(
            d_model=m.d_model, layers=layers, heads=heads
        )
        model_why = QCoreApplication.translate(
            "PretrainedLock",
            "Fine-tuning keeps the size of the pre-trained run {name} ({shape}); choose Classify on the "
            "Train page to size a model yourself.",
        ).format(name=name, shape=shape)
        kind = TokenizerKind(cfg.data.tokenizer).label
        token_why = QCoreApplication.translate(
            "PretrainedLock",
            "Fine-tuning uses the pre-trained run's tokenizer ({kind}, vocabulary {vocab_size:,}); choose "
            "Classify on the Train page to train a new one.",
        ).format(kind=kind, vocab_size=cfg.model.vocab_size)
        self._model.hold_size(model_why)
        self._data.hold_tokenizer(token_why)

    def _unlock(self) -> None:
        if self._path is None:
            return
        self._path = self._config = None
        self._model.hold_size(None)
        self._data.hold_tokenizer(None)
        if self._own_model is not None:
            self._model.set_model_config(self._own_model)
            self._own_model = None

    def _read(self, path: str) -> RunConfig | None:
        row: RunRow | None = self._runs.row(path)
        if row is not None and row.config is not None:
            return row.config
        try:
            return read_run_config(Path(path))
        except WorkbenchError:
            return None

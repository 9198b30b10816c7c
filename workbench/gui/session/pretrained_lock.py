"""While fine-tuning is chosen, the model's size and the tokenizer are the pre-trained run's: the Model page shows
that run's shape and its sizing controls are disabled, as are the Data page's tokenizer controls, each with a
tooltip saying why. Choosing another task puts the person's own model settings back."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from workbench.core.config import ModelConfig, RunConfig, TokenizerKind
from workbench.core.errors import WorkbenchError

if TYPE_CHECKING:
    from workbench.gui.window.main_window import MainWindow


class PretrainedLock:
    """Locks (apply(path)) and unlocks (apply(None)) the sizing and tokenizer controls for a pre-trained start."""

    def __init__(self, window: MainWindow) -> None:
        self._w = window
        self._path: str | None = None
        self._config: RunConfig | None = None
        self._own_model: ModelConfig | None = None  # the person's settings, put back on unlock
        self._tips: dict[int, tuple[QWidget, str]] = {}

    @property
    def path(self) -> str | None:
        """The pre-trained run the controls are locked to (None: not locked)."""
        return self._path

    def _widgets(self) -> tuple[list[QWidget], list[QWidget]]:
        mp, dp = self._w.model_panel, self._w.data_panel
        # Dropout and pooling (what the new classifier head reads) are the fine-tuning run's own.
        sizing = [w for w in mp.inputs if w not in (mp.dropout_spin, mp.pooling_combo)]
        return [*mp.preset_buttons.values(), *sizing], [dp.kind_combo, dp.vocab_spin]

    def apply(self, path: str | None) -> None:
        """Lock to this run's size and tokenizer, or unlock (None). An unreadable run unlocks too."""
        cfg = self._read(path) if path else None
        if cfg is None:
            self._unlock()
            return
        mp = self._w.model_panel
        if self._path is None:
            self._own_model = mp.estimate_config()
        self._path, self._config = path, cfg
        # The pre-trained run's shape, with the pooling chosen here: its own pooling never trained a classifier.
        mp.set_model_config(dataclasses.replace(cfg.model, pooling=str(mp.pooling_combo.currentData())))
        self.reapply()

    def reapply(self) -> None:
        """Disable the controls again (after a run ended, the panels enable all of theirs)."""
        if self._path is None or self._config is None:
            return
        cfg, name = self._config, Path(self._path).name
        m = cfg.model
        layers, heads = f"{m.n_layers} layer{'s' * (m.n_layers != 1)}", f"{m.n_heads} head{'s' * (m.n_heads != 1)}"
        shape = f"{m.d_model} wide, {layers}, {heads}"
        model_why = (
            f"Fine-tuning keeps the size of the pre-trained run {name} ({shape}); choose Classify on the Train "
            "page to size a model yourself."
        )
        kind = TokenizerKind(cfg.data.tokenizer).label
        token_why = (
            f"Fine-tuning uses the pre-trained run's tokenizer ({kind}, vocabulary {cfg.model.vocab_size:,}); "
            "choose Classify on the Train page to train a new one."
        )
        model_widgets, token_widgets = self._widgets()
        for widgets, why in ((model_widgets, model_why), (token_widgets, token_why)):
            for widget in widgets:
                self._tips.setdefault(id(widget), (widget, widget.toolTip()))
                widget.setEnabled(False)
                widget.setToolTip(why)
        note = self._w.model_panel.preset_note
        note.setText(model_why)
        note.show()

    def _unlock(self) -> None:
        if self._path is None:
            return
        self._path = self._config = None
        training = not self._w.training.idle
        for widget, tip in self._tips.values():
            widget.setToolTip(tip)
            widget.setEnabled(not training)
        self._tips.clear()
        self._w.model_panel.preset_note.hide()
        if self._own_model is not None:
            self._w.model_panel.set_model_config(self._own_model)
            self._own_model = None

    def _read(self, path: str) -> RunConfig | None:
        row = self._w.runs_panel.row(path)
        if row is not None and row.config is not None:
            return row.config
        try:
            return RunConfig.load(Path(path) / "config.toml")
        except WorkbenchError:
            return None

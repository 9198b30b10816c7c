"""Drives the real main window into a small, fast training set-up for the GUI tests."""

from __future__ import annotations

from workbench.core.config import ModelConfig
from workbench.gui.window.main_window import MainWindow

TINY = ModelConfig(vocab_size=200, d_model=32, n_heads=2, n_layers=1, d_ff=64, max_len=32, dropout=0.0)


def make_tiny(w: MainWindow, *, steps: int) -> None:
    """A tiny model on the CPU in fp32 that trains `steps` steps (or until stopped)."""
    w.model_panel.set_model_config(TINY)
    vocab = getattr(w.data_panel, "vocab_spin", None)
    if vocab is not None:
        vocab.setValue(max(vocab.minimum(), 200))
    tp = w.train_panel
    tp.device_box.setCurrentIndex(tp.device_box.findData("cpu"))
    tp.threads_box.setValue(1)
    tp.precision_box.setCurrentIndex(tp.precision_box.findData("fp32"))
    tp.batch_box.setValue(16)
    tp.epochs_box.setValue(tp.epochs_box.maximum())
    tp.max_steps_box.setValue(steps)

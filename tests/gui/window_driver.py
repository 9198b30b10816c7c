"""Drives the real main window into a small, fast training set-up for the GUI tests."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt

from workbench.core.config import ModelConfig
from workbench.gui.window.main_window import MainWindow

TINY = ModelConfig(vocab_size=200, d_model=32, n_heads=2, n_layers=1, d_ff=64, max_len=32, dropout=0.0)


def make_tiny(w: MainWindow, *, steps: int) -> None:
    """A tiny model on the CPU in fp32 that trains `steps` steps (or until stopped)."""
    w.model_panel.set_model_config(TINY)
    dp = w.data_panel
    dp.set_data_config(dataclasses.replace(dp.data_config(), vocab_size=TINY.vocab_size), source=False)
    tp = w.train_panel
    # The device is not part of a run's settings that the page restores: pick it on the page.
    tp.device_box.setCurrentIndex(tp.device_box.findData("cpu"))
    tp.threads_box.setValue(1)
    settings = dataclasses.replace(tp.train_config(), precision="fp32", batch_size=16, epochs=1000.0, max_steps=steps)
    tp.set_train_config(settings)


def start(qtbot, w: MainWindow) -> None:
    qtbot.mouseClick(w.train_panel.start_button, Qt.MouseButton.LeftButton)
    assert w.is_training and w.train_panel.state == "running"


def wait_done(qtbot, w: MainWindow, timeout: int = 60_000) -> None:
    if w.is_training:
        with qtbot.waitSignal(w.trainingEnded, timeout=timeout):
            pass
    assert not w.is_training

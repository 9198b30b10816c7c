"""The Inspect page in the real window: it shows snapshots of the model while a run trains (taken between steps,
never racing the trainer), the saved run once training ends, and a run opened from the Runs page."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from window_driver import make_tiny

from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.page import Page

WAIT = 60_000


@pytest.fixture
def live_window(window: MainWindow, qtbot):
    """The shared window, left with no run training and the inspector idle."""
    w = window
    yield w
    if w.is_training:
        w.stop_training()
        with qtbot.waitSignal(w.trainingEnded, timeout=WAIT):
            pass
    qtbot.waitUntil(lambda: not w.inspect_panel.busy(), timeout=WAIT)
    w.inspect_panel.worker.wait()


def test_the_page_shows_attention_while_a_run_trains_then_the_saved_run(qtbot, live_window: MainWindow) -> None:
    w, panel = live_window, live_window.inspect_panel
    make_tiny(w, steps=3000)
    w.show_page(Page.INSPECT)
    assert "Train a model" in panel.message_text()
    live_steps: list[int] = []

    def seen() -> None:
        src = panel.source()
        if src is not None and src.step is not None and w.is_training:
            live_steps.append(src.step)

    panel.modelChanged.connect(seen)
    qtbot.mouseClick(w.train_panel.start_button, Qt.MouseButton.LeftButton)
    assert w.is_training
    # a snapshot at the start, then one at each evaluation, while the run goes on
    qtbot.waitUntil(lambda: len(live_steps) >= 2 and panel.result() is not None, timeout=WAIT)
    assert w.is_training and live_steps == sorted(live_steps) and live_steps[-1] > 0
    result = panel.result().inspection
    assert result.attention.shape[:2] == (1, 2) and panel.shown_grid() is not None
    np.testing.assert_allclose(result.attention.sum(-1), 1.0, atol=1e-5)
    assert "training now" in panel.source_label.text()
    run_path = w.run_path

    w.stop_training()
    with qtbot.waitSignal(w.trainingEnded, timeout=WAIT):
        pass
    # once the run has ended, the page shows the saved model of that run folder
    qtbot.waitUntil(lambda: panel.source() is not None and panel.source().step is None, timeout=WAIT)
    assert panel.run_path() == run_path and panel.source().path == Path(run_path)
    qtbot.waitUntil(lambda: not panel.busy(), timeout=WAIT)
    assert panel.result() is not None and panel.message_text() == ""


def test_a_run_opened_on_the_runs_page_is_inspected(qtbot, live_window: MainWindow) -> None:
    w, panel = live_window, live_window.inspect_panel
    make_tiny(w, steps=20)
    qtbot.mouseClick(w.train_panel.start_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(w.trainingEnded, timeout=WAIT):
        pass
    path = w.run_path
    panel.set_run(None)  # as if another run had been shown
    w.open_run(path)
    assert panel.run_path() == path
    w.show_page(Page.INSPECT)
    qtbot.waitUntil(lambda: panel.result() is not None, timeout=WAIT)
    assert panel.source().path == Path(path)
    qtbot.waitUntil(lambda: not panel.busy(), timeout=WAIT)

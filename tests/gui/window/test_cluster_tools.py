"""Working with clusters from the window (issue 16): "Copy command" writes the torchrun command for the current
settings, the Runs page follows a run another process writes (the curves grow as metrics.jsonl grows), and
"Export to ONNX…" writes the selected run's model."""

from __future__ import annotations

import dataclasses
import json
import shlex
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from window_driver import make_tiny

from workbench.cli import build_parser
from workbench.cli_train import _config_from_args
from workbench.gui.window.main_window import MainWindow


def step_lines(first: int, last: int) -> str:
    rows = [
        {"type": "step", "step": s, "loss": 2.0 / s, "lr": 1e-3, "tokens_per_s": 100.0} for s in range(first, last + 1)
    ]
    return "".join(json.dumps(r) + "\n" for r in rows)


def test_copy_command_shows_and_copies_the_torchrun_command(window: MainWindow, qtbot) -> None:
    w, tp = window, window.train_panel
    make_tiny(w, steps=7)
    qtbot.mouseClick(tp.command.button, Qt.MouseButton.LeftButton)
    text = tp.command.text()
    assert text and QGuiApplication.clipboard().text() == text and not w.is_training
    words = shlex.split(text)
    assert words[:6] == ["torchrun", "--standalone", "--nproc-per-node", "2", "-m", "workbench"]
    back = _config_from_args(build_parser().parse_args(words[6:]), "classify")
    cfg = w.training.run_config()
    assert cfg is not None and back.data == cfg.data
    # The model's vocabulary size is the trained tokenizer's (the command carries --vocab-size, in data).
    assert dataclasses.replace(back.model, vocab_size=cfg.model.vocab_size) == cfg.model
    assert dataclasses.replace(back.train, device=cfg.train.device, threads=cfg.train.threads) == cfg.train


def test_the_runs_page_follows_a_run_another_process_writes(window: MainWindow, qtbot, tmp_path: Path) -> None:
    w = window
    run = tmp_path / "elsewhere" / "run"
    run.mkdir(parents=True)
    metrics = run / "metrics.jsonl"
    metrics.write_text(step_lines(1, 3))
    w.runs_panel.tools.tail.set_interval(20)  # a quick poll, not a second's
    w.runs_panel.tools.follow(run)
    qtbot.waitUntil(lambda: w.plot.n_points == 3, timeout=5000)
    more = step_lines(4, 6)
    with metrics.open("a") as fh:  # a writer caught mid-line: the cut line waits for its end
        fh.write(more[:-20])
    with metrics.open("a") as fh:
        fh.write(more[-20:])
    qtbot.waitUntil(lambda: w.plot.n_points == 6, timeout=5000)
    metrics.write_text(step_lines(1, 2))  # a resume cut the steps after its checkpoint: the curves start again
    qtbot.waitUntil(lambda: w.plot.n_points == 2, timeout=5000)
    w.runs_panel.tools.stop_following()
    assert w.runs_panel.tools.following() is None


def tiny_run(root: Path, tiny_texts) -> Path:
    from workbench.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig
    from workbench.core.data.dataset import Dataset, stratified_split
    from workbench.core.training.engine import Trainer

    texts, labels = tiny_texts
    train, val = stratified_split(Dataset(texts, labels, source="tiny.csv"), 0.2, seed=0)
    cfg = RunConfig(
        DataConfig(source="/data/tiny.csv", vocab_size=200),
        ModelConfig(d_model=32, n_heads=2, n_layers=1, d_ff=64, max_len=32),
        TrainConfig(batch_size=16, max_steps=3, device="cpu", precision="fp32"),
    )
    for _ in Trainer(cfg, train=train, val=val, run_dir=root / "2026-01-01_100000_tiny").fit():
        pass
    return root / "2026-01-01_100000_tiny"


def test_export_to_onnx_writes_the_selected_run(
    window: MainWindow, qtbot, tmp_path: Path, monkeypatch, tiny_texts
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from workbench.gui.pages.runs import run_tools
    from workbench.gui.threads import registry

    w, runs = window, window.runs_panel
    run = tiny_run(runs.runs_root(), tiny_texts)
    runs.refresh()
    runs.select_paths([run])
    assert runs.tools.onnx_button.isEnabled()
    # Without the onnx packages the button is off and says why.
    real = run_tools.importlib.util.find_spec
    monkeypatch.setattr(run_tools.importlib.util, "find_spec", lambda name: None if name == "onnx" else real(name))
    runs.select_paths([run])
    button = runs.tools.onnx_button
    assert not button.isEnabled() and "needs onnx, not installed here" in button.toolTip()
    monkeypatch.setattr(run_tools.importlib.util, "find_spec", real)
    runs.select_paths([run])

    target = tmp_path / "export" / "model.onnx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(runs.tools.onnx_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not registry.running(), timeout=120_000)
    assert target.is_file() and (target.parent / "tokenizer.json").is_file()
    assert json.loads((target.parent / "labels.json").read_text()) == ["negative", "positive"]
    assert "agrees with PyTorch" in w.statusBar().currentMessage()

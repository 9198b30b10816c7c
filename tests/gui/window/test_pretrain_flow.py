"""The full loop in the real window: pre-train on the built-in data's text, fine-tune from that run (sizing locked),
train the same from scratch beside it (curves overlaid), and "Train again" from the Runs page.

Tiny models (d_model 32, one layer) and a few steps each, so a whole loop takes a few seconds.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from window_driver import TINY, make_tiny

from workbench.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig
from workbench.gui.session.scratch_run import FINE_TUNED_NAME, SCRATCH_PREFIX
from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.page import Page


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def train_and_wait(qtbot, w: MainWindow, runs: int) -> None:
    """Press Start training and wait until `runs` runs exist and nothing trains any more."""
    click(qtbot, w.train_panel.start_button)
    assert w.is_training, w.train_panel.error_message
    qtbot.waitUntil(lambda: not w.is_training and len(w.runs_panel.runs()) == runs, timeout=120_000)


def config_of(path: str | Path) -> RunConfig:
    return RunConfig.load(Path(path) / "config.toml")


def test_pretrain_then_fine_tune_then_from_scratch_beside_it(window: MainWindow, qtbot) -> None:
    w, tp = window, window.train_panel
    picker = tp.task_picker
    make_tiny(w, steps=6)
    w.show_page(Page.TRAIN)
    click(qtbot, picker.pretrain_radio)
    assert picker.text_file() is None and "Sentiment" in picker.text_box.currentText()  # the default data
    train_and_wait(qtbot, w, runs=1)

    pre = Path(w.run_path)
    assert config_of(pre).train.task == "mlm" and json.loads((pre / "run.json").read_text())["task"] == "mlm"
    assert "masked-token accuracy" in w.plot.legend_names() and "validation accuracy" not in w.plot.legend_names()
    _steps, masked = w.plot.curve_data("val_accuracy")
    assert len(masked) > 0 and all(0.0 <= a <= 1.0 for a in masked)
    assert "masked-token accuracy" in tp.status_label.text()
    [row] = w.runs_panel.runs()
    assert row.task == "mlm" and row.masked_accuracy is not None

    # Fine-tune: the pre-trained run is offered; its size and tokenizer lock the Model and Data pages.
    # The person's own pooling (not the default, which the pre-trained run has) is kept: the head is new.
    other = "cls" if ModelConfig().pooling == "mean" else "mean"
    w.model_panel.set_model_config(ModelConfig(d_model=64, n_heads=4, n_layers=2, d_ff=128, max_len=32, pooling=other))
    click(qtbot, picker.finetune_radio)
    assert picker.pretrained_path() == str(pre) and row.name in picker.pretrained_box.currentText()
    mp, dp = w.model_panel, w.data_panel
    assert mp.d_model_spin.value() == 32 and mp.layers_spin.value() == 1
    for widget in (mp.d_model_spin, mp.layers_spin, mp.max_len_spin, dp.vocab_spin, dp.kind_combo):
        assert not widget.isEnabled() and "pre-trained" in widget.toolTip()
    assert mp.dropout_spin.isEnabled() and mp.pooling_combo.isEnabled() and mp.pooling_combo.currentData() == other
    assert not picker.scratch_button.isEnabled()
    picker.freeze_box.setValue(2)
    picker.encoder_lr_box.setValue(0.5)
    click(qtbot, picker.scratch_check)
    train_and_wait(qtbot, w, runs=3)  # the fine-tuning run, then its twin from scratch

    runs = {r.task: r for r in w.runs_panel.runs()}
    fine, scratch = runs["finetune"], runs["classify"]
    ft = config_of(fine.path).train
    assert (ft.init_from, ft.freeze_steps, ft.encoder_lr_scale) == (str(pre), 2, 0.5)
    twin = config_of(scratch.path)
    assert twin.train.init_from is None and twin.train.freeze_steps == 0 and twin.train.seed == ft.seed
    assert (twin.train.max_steps, twin.train.batch_size, twin.train.lr) == (fine.steps, ft.batch_size, ft.lr)
    assert config_of(fine.path).model.pooling == twin.model.pooling == other
    assert twin.model.d_model == 32 and scratch.steps == fine.steps == 6
    assert scratch.name == SCRATCH_PREFIX + fine.name
    assert w.plot.overlay_names() == [FINE_TUNED_NAME]
    assert f"{FINE_TUNED_NAME}: training loss" in w.plot.legend_names()
    assert "validation accuracy" in w.plot.legend_names() and w.plot.n_points == 6
    assert "from scratch" in w.run_label.text() and "fine-tuned" in tp.status_label.text()
    # After the runs the sizing is still locked; the button trains the twin again on demand.
    assert not mp.d_model_spin.isEnabled() and picker.scratch_button.isEnabled()

    click(qtbot, picker.classify_radio)
    assert mp.d_model_spin.isEnabled() and dp.vocab_spin.isEnabled() and mp.d_model_spin.value() == 64
    assert "pre-trained" not in mp.d_model_spin.toolTip()


def test_fine_tuning_without_a_pre_trained_run_is_refused_in_plain_words(window: MainWindow, qtbot) -> None:
    w, picker = window, window.train_panel.task_picker
    w.show_page(Page.TRAIN)
    click(qtbot, picker.finetune_radio)
    assert picker.pretrained_path() is None and "pre-train one first" in picker.pretrained_box.currentText()
    click(qtbot, w.train_panel.start_button)
    assert not w.is_training and w.worker is None
    assert "Choose the pre-trained run" in w.train_panel.error_message


def write_run(root: Path, name: str, cfg: RunConfig, **info: object) -> Path:
    """A finished run folder as the Runs page reads it (no training needed to train it again)."""
    path = root / name
    path.mkdir(parents=True)
    (path / "config.toml").write_text(cfg.to_toml())
    facts = {"status": "finished", "created": "2026-01-01T10:00:00", "steps": 12, "task": cfg.train.task, **info}
    (path / "run.json").write_text(json.dumps(facts))
    return path


def test_train_again_fills_the_pages_and_says_what_is_missing(window: MainWindow, qtbot, tmp_path: Path) -> None:
    w, tp = window, window.train_panel
    root = w.runs_panel.runs_root()
    # Every setting the pages show differs from its default, so a setting that is not restored shows.
    cfg = RunConfig(
        DataConfig(source="demo:reviews", val_fraction=0.15, tokenizer="char", vocab_size=300),
        ModelConfig(
            d_model=64, n_heads=4, n_layers=3, d_ff=256, max_len=48, dropout=0.25, positional="learned", pooling="cls"
        ),
        TrainConfig(task="mlm", batch_size=24, max_steps=77, epochs=3.0, lr=2e-3, seed=5, warmup_steps=10),
        preset=None,
    )
    run = write_run(root, "2026-01-01_100000_reviews_custom", cfg, final_metrics={"masked_accuracy": 0.3})
    gone = RunConfig(DataConfig(source=str(tmp_path / "moved.csv")), TINY, TrainConfig(batch_size=8, lr=5e-4))
    moved = write_run(root, "2026-01-02_100000_moved_custom", gone)
    w.runs_panel.refresh()
    w.show_page(Page.RUNS)

    w.runs_panel.select_paths([run])
    click(qtbot, w.runs_panel.again_button)
    assert w.current_page() == Page.TRAIN and tp.task() == "mlm" and tp.task_picker.text_file() is None
    shown = RunConfig(
        w.data_panel.data_config(), w.model_panel.model_config(), tp.train_config(), w.model_panel.preset_name()
    )
    # The device and its thread count are this machine's; the vocabulary size the model gets is the tokenizer's.
    shown.train = dataclasses.replace(shown.train, device=cfg.train.device, threads=cfg.train.threads)
    shown.model = dataclasses.replace(shown.model, vocab_size=cfg.model.vocab_size)
    assert shown == cfg
    assert "filled in" in tp.status_label.text()

    w.show_page(Page.RUNS)
    w.runs_panel.select_paths([moved])
    click(qtbot, w.runs_panel.again_button)
    assert tp.task() == "classify" and tp.train_config().batch_size == 8 and tp.train_config().lr == 5e-4
    assert w.model_panel.model_config().d_model == 32
    assert "moved.csv is no longer at" in tp.status_label.text()
    assert w.data_panel.data_config().source == "demo:reviews"  # the data in use stays


def test_train_again_of_a_fine_tuning_run_picks_its_pre_trained_run(window: MainWindow, qtbot) -> None:
    w, tp = window, window.train_panel
    root = w.runs_panel.runs_root()
    pre_cfg = RunConfig(DataConfig(vocab_size=200), TINY, TrainConfig(task="mlm"), preset=None)
    pre = write_run(root, "2026-01-01_100000_reviews_custom", pre_cfg)
    for name in ("model.safetensors", "tokenizer.json"):
        (pre / name).write_bytes(b"")
    ft_cfg = RunConfig(DataConfig(), TINY, TrainConfig(init_from=str(pre), freeze_steps=30, encoder_lr_scale=0.25))
    fine = write_run(root, "2026-01-02_100000_reviews_custom", ft_cfg)
    w.runs_panel.refresh()
    w.runs_panel.select_paths([fine])
    click(qtbot, w.runs_panel.again_button)
    picker = tp.task_picker
    assert tp.task() == "finetune" and picker.pretrained_path() == str(pre)
    assert picker.freeze_box.value() == 30 and picker.encoder_lr_box.value() == 0.25
    assert not w.model_panel.d_model_spin.isEnabled() and w.model_panel.d_model_spin.value() == 32
    t = tp.train_config()
    assert (t.task, t.init_from, t.freeze_steps, t.encoder_lr_scale) == ("classify", str(pre), 30, 0.25)


def test_pre_training_on_a_plain_text_file(window: MainWindow, qtbot, tmp_path: Path) -> None:
    w, picker = window, window.train_panel.task_picker
    make_tiny(w, steps=4)
    lines = ["the cat sat on the mat", "and the dog ran to the park", "with a red ball in its mouth"]
    book = tmp_path / "book.txt"
    book.write_text("\n".join(lines[i % 3] for i in range(300)), encoding="utf-8")
    picker.set_task("mlm")
    picker.set_text_file(str(book))
    train_and_wait(qtbot, w, runs=1)
    cfg = config_of(w.run_path)
    assert cfg.train.task == "mlm" and cfg.data.source == str(book) and cfg.data.label_column is None
    info = json.loads((Path(w.run_path) / "run.json").read_text())
    assert info["status"] == "finished" and info["data"]["train_rows"] > 0

    book.unlink()  # a text that went away: the reason is shown in plain words, nothing crashes
    click(qtbot, w.train_panel.start_button)
    qtbot.waitUntil(lambda: not w.is_training, timeout=60_000)
    assert "book.txt" in w.train_panel.error_message and "Traceback" not in w.train_panel.error_message


@pytest.mark.parametrize("task", ["mlm", "finetune"])
def test_each_alt_key_on_the_train_page_does_one_thing_for_every_task(qtbot, tmp_path: Path, task: str) -> None:
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    w = MainWindow(runs_root=tmp_path / "runs")
    qtbot.addWidget(w)
    w.show()
    w.show_page(Page.TRAIN)
    w.train_panel.task_picker.set_task(task)
    texts = [a.text() for a in w.menuBar().actions()]
    texts += [lab.text() for lab in w.findChildren(QLabel) if lab.buddy() is not None and lab.isVisibleTo(w)]
    texts += [b.text() for b in w.findChildren(QAbstractButton) if b.isVisibleTo(w)]
    keys = [m.group(1).lower() for t in texts for m in [re.search(r"(?<!&)&([^&\s])", t)] if m]
    assert len(keys) == len(set(keys)), sorted(keys)
    qtbot.waitUntil(w.devices_known, timeout=30_000)


def test_train_again_reads_the_runs_data_file_with_its_columns(window: MainWindow, qtbot, tmp_path: Path) -> None:
    w = window
    data = tmp_path / "reviews.csv"
    rows = ["summary,review,stars"] + [
        f"short {i},{'good' if i % 2 else 'bad'} film number {i},{i % 2}" for i in range(60)
    ]
    data.write_text("\n".join(rows), encoding="utf-8")
    cfg = RunConfig(
        DataConfig(source=str(data), text_column="summary", label_column="stars", val_fraction=0.2), TINY, TrainConfig()
    )
    run = write_run(w.runs_panel.runs_root(), "2026-01-01_100000_reviews_custom", cfg)
    w.runs_panel.refresh()
    w.runs_panel.select_paths([run])
    click(qtbot, w.runs_panel.again_button)
    qtbot.waitUntil(lambda: w.data_panel.data_config().source == str(data), timeout=30_000)
    d = w.data_panel.data_config()
    assert (d.text_column, d.label_column, d.val_fraction) == ("summary", "stars", 0.2)
    assert w.current_page() == Page.TRAIN and w.data_panel.is_ready()

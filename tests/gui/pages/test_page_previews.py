"""Each page opens alone on a saved run (python -m workbench.gui.pages.PAGE RUN_DIR), as Orange's widget preview."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from workbench.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig
from workbench.core.errors import WorkbenchError
from workbench.gui.pages.data.data_page import DataPanel
from workbench.gui.pages.inspect.inspect_page import InspectPanel
from workbench.gui.pages.model.model_page import ModelPanel
from workbench.gui.pages.runs.runs_page import RunsPanel
from workbench.gui.pages.train.train_page import TrainPanel
from workbench.gui.widgets.preview import build_preview

ROOT = Path(__file__).resolve().parents[3]
# Not a preset's shape, and not the pages' defaults: a page that ignored the run would show something else.
SAVED = RunConfig(
    data=DataConfig(source="demo:reviews", tokenizer="char", vocab_size=300, val_fraction=0.25),
    model=ModelConfig(vocab_size=300, d_model=48, n_heads=3, n_layers=1, d_ff=96, max_len=24, dropout=0.0),
    train=TrainConfig(batch_size=12, max_steps=2, lr=2e-3, seed=7, precision="fp32", device="cpu", threads=1),
    preset=None,
)


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    from workbench.core.data.dataset import Dataset, stratified_split
    from workbench.core.training.engine import Trainer

    texts = [f"the {w} was {'good' if i % 2 else 'bad'}" for i, w in enumerate(["food", "room", "view"] * 20)]
    labels = ["positive" if i % 2 else "negative" for i in range(len(texts))]
    train, val = stratified_split(Dataset(texts, labels, source="tiny"), 0.25, seed=0)
    path = tmp_path_factory.mktemp("runs") / "preview-run"
    for _ in Trainer(SAVED, train=train, val=val, run_dir=path).fit():
        pass
    return path


def _show(page: str):
    return importlib.import_module(f"workbench.gui.pages.{page}.__main__").show


def test_the_inspect_preview_builds_its_page_on_a_saved_run(qtbot, run_dir: Path) -> None:
    page = build_preview(InspectPanel, _show("inspect"), run_dir)
    qtbot.addWidget(page, before_close_func=lambda w: qtbot.waitUntil(lambda: not w.busy(), timeout=30_000))
    page.show()  # no event loop of its own: the test's waits drive it
    qtbot.waitUntil(lambda: page.result() is not None and page.shown_grid() is not None, timeout=30_000)
    assert page.run_path() == str(run_dir)
    assert page.shown_grid().maps.shape[:2] == (1, 3)  # the run's one layer of three heads


def test_the_settings_pages_show_the_saved_run(qtbot, run_dir: Path) -> None:
    model = build_preview(ModelPanel, _show("model"), run_dir)
    train = build_preview(TrainPanel, _show("train"), run_dir)
    data = build_preview(DataPanel, _show("data"), run_dir)
    runs = build_preview(lambda: RunsPanel(), _show("runs"), run_dir)
    for page in (model, train, data, runs):
        qtbot.addWidget(page)
    shape = model.model_config()
    assert (shape.d_model, shape.n_heads, shape.n_layers, shape.d_ff, shape.max_len) == (48, 3, 1, 96, 24)
    t = train.train_config()
    assert (t.batch_size, t.max_steps, t.lr, t.seed) == (12, 2, 2e-3, 7)
    d = data.data_config()
    assert (d.tokenizer, d.vocab_size, d.val_fraction) == ("char", 300, 0.25)
    assert runs.runs_root() == run_dir.resolve().parent and runs.selected_paths() == [str(run_dir.resolve())]


def test_a_folder_that_is_not_there_is_one_plain_line(qtbot, tmp_path: Path) -> None:
    with pytest.raises(WorkbenchError, match="is not a folder"):
        build_preview(ModelPanel, _show("model"), tmp_path / "missing")


@pytest.mark.slow
def test_the_preview_command_saves_a_screenshot(run_dir: Path, tmp_path: Path) -> None:
    shot = tmp_path / "inspect.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "workbench.gui.pages.inspect", str(run_dir), "--screenshot", str(shot)]
    done = subprocess.run([*command, "--wait", "2", "--size", "640x480"], cwd=ROOT, env=env, timeout=120)
    assert done.returncode == 0 and shot.is_file()
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (640, 480)
    bad = subprocess.run(
        [sys.executable, "-m", "workbench.gui.pages.inspect", str(tmp_path / "missing")],
        cwd=ROOT, env=env, timeout=120, capture_output=True, text=True,
    )  # fmt: skip
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert (
        bad.stderr.strip().splitlines()[-1].startswith("workbench.gui.pages.inspect: ") and "not a folder" in bad.stderr
    )

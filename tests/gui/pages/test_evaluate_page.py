"""The Evaluate page: the numbers equal the core's, a confusion cell lists exactly its examples, mistakes come most
confident first, an example opens in the inspector, exports and predictions are files that read back, and bad
input (a file, a run folder, a pre-training run) gets a plain message.

The runs are tiny (d_model 32, one layer) and trained once for the module on a three-class CSV file, so the run's
own validation split can be rebuilt from its config the way the engine made it.
"""

from __future__ import annotations

import csv
import json
import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from workbench.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig
from workbench.core.data import load_splits
from workbench.core.evaluation.evaluate import evaluate
from workbench.core.inspection.inspector import load_run
from workbench.core.training.engine import Trainer
from workbench.gui.pages.evaluate.evaluate_page import EvaluatePanel
from workbench.gui.pages.evaluate.evaluation_examples import ExamplesModel
from workbench.gui.threads import evaluation_job

WORDS = {"positive": "good", "negative": "bad", "neutral": "okay"}


def _texts(n: int, seed: int) -> tuple[list[str], list[str]]:
    import random

    rng = random.Random(seed)
    nouns = ["food", "film", "service", "room", "staff", "plot", "music", "view"]
    fillers = ["the", "a", "very", "quite", "really", "was", "is", "and", "it"]
    texts, labels = [], []
    for i in range(n):
        label = list(WORDS)[i % 3]
        parts = [rng.choice(fillers) for _ in range(rng.randint(2, 6))] + [rng.choice(nouns), WORDS[label]]
        rng.shuffle(parts)
        texts.append(" ".join(parts))
        labels.append(label)
    return texts, labels


def _write_csv(path: Path, texts: list[str], labels: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label"])
        writer.writerows(zip(texts, labels, strict=True))
    return path


def _train(root: Path, name: str, data: Path, task: str = "classify", steps: int = 6) -> Path:
    model = ModelConfig(d_model=32, n_heads=2, n_layers=1, d_ff=64, max_len=32, dropout=0.0)
    train = TrainConfig(task=task, batch_size=16, max_steps=steps, lr=3e-3, seed=3, precision="fp32", device="cpu")
    cfg = RunConfig(DataConfig(source=str(data), val_fraction=0.25, vocab_size=200), model, train, preset=None)
    for _ in Trainer(cfg, run_dir=root / name).fit():
        pass
    return root / name


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A barely trained three-class run (so it makes mistakes), a pre-training run, and the data file."""
    root = tmp_path_factory.mktemp("eval-runs")
    data = _write_csv(root / "reviews.csv", *_texts(180, seed=1))
    return {"clf": _train(root, "clf", data), "mlm": _train(root, "mlm", data, task="mlm", steps=2), "data": data}


@pytest.fixture
def panel(qtbot) -> EvaluatePanel:
    p = EvaluatePanel()
    qtbot.addWidget(p)
    p.resize(900, 800)
    p.show()
    return p  # the leak check (conftest.py) fails a test that leaves a job running, and stops it


def _evaluate(qtbot, p: EvaluatePanel) -> None:
    with qtbot.waitSignal(p.jobEnded, timeout=60_000):
        qtbot.mouseClick(p.evaluate_button, Qt.MouseButton.LeftButton)
    assert not p.is_busy() and p.busy_row.isHidden()


def _core(run: Path):
    loaded = load_run(run)
    _, val = load_splits(loaded.config.data, task="classify", seed=loaded.config.split_seed())
    return evaluate(loaded, val)


def test_saved_scores_show_at_once_and_evaluating_gives_the_cores_numbers(qtbot, panel, runs) -> None:
    p = panel
    p.set_run(str(runs["clf"]))
    saved = p.scores()
    assert saved is not None and saved.saved and p.run_label.text() == "clf"
    assert "scored at step 6" in p.headline.source.text()  # which weights the numbers describe
    core = _core(runs["clf"])
    # The engine scored exactly these held-out rows when training ended.
    assert np.array_equal(saved.confusion, core.confusion) and saved.accuracy == pytest.approx(core.accuracy)

    _evaluate(qtbot, p)
    s = p.scores()
    assert s is not None and not s.saved and p.message_text() == ""
    assert s.accuracy == pytest.approx(core.accuracy) and s.macro_f1 == pytest.approx(core.macro_f1)
    assert np.array_equal(s.confusion, core.confusion) and s.examples == len(core.texts)
    assert p.headline.accuracy.text() == f"Accuracy {core.accuracy:.1%}"
    assert p.headline.macro_f1.text() == f"Macro-F1 {core.macro_f1:.3f}"
    assert np.array_equal(p.matrix.canvas.counts, core.confusion) and p.matrix.canvas.labels == core.labels
    for row, name in enumerate(core.labels):
        scores = core.per_class[name]
        assert p.report.cell_text(row, 0) == name
        assert p.report.cell_text(row, 1) == f"{scores['precision']:.3f}"
        assert p.report.cell_text(row, 3) == f"{scores['f1']:.3f}"
        assert p.report.cell_text(row, 4) == f"{scores['support']:,}"


def test_a_clicked_cell_lists_exactly_its_examples(qtbot, panel, runs) -> None:
    p = panel
    p.set_run(str(runs["clf"]))
    core = _core(runs["clf"])
    r, c = np.argwhere((core.confusion > 0) & ~np.eye(len(core.labels), dtype=bool))[0]
    # With only the saved scores, a click scores the run first, then lists the cell.
    with qtbot.waitSignal(p.jobEnded, timeout=60_000):
        qtbot.mouseClick(p.matrix.canvas, Qt.MouseButton.LeftButton, pos=p.matrix.cell_center(r, c))
    assert p.examples.rows() == list(core.cell(r, c)) and len(p.examples.rows()) == core.confusion[r, c]
    model = p.examples.model
    for row in range(model.rowCount()):
        assert model.index(row, ExamplesModel.TRUE).data() == core.labels[r]
        assert model.index(row, ExamplesModel.PREDICTED).data() == core.labels[c]
    assert f"{core.confusion[r, c]} example" in p.examples.title.text()

    d = int(np.argmax(np.diag(core.confusion)))
    qtbot.mouseClick(p.matrix.canvas, Qt.MouseButton.LeftButton, pos=p.matrix.cell_center(d, d))
    assert p.examples.rows() == list(core.cell(d, d)) and "predicted correctly" in p.examples.title.text()
    assert p.matrix.canvas.selected == (d, d)
    assert f"{core.confusion[d, d]:,} correct example" in p.matrix.canvas.describe(d, d)
    # The keyboard reaches every cell too: arrows move, Enter lists.
    qtbot.keyClick(p.matrix.canvas, Qt.Key.Key_Up if d else Qt.Key.Key_Down)
    qtbot.keyClick(p.matrix.canvas, Qt.Key.Key_Return)
    moved = (d - 1 if d else 1, d)
    assert p.matrix.canvas.selected == moved and p.examples.rows() == list(core.cell(*moved))


def test_mistakes_come_most_confident_first(qtbot, panel, runs) -> None:
    p = panel
    p.set_run(str(runs["clf"]))
    _evaluate(qtbot, p)
    e = p.scores().evaluation
    rows = p.examples.rows()
    assert len(rows) == int((e.true != e.predicted).sum()) >= 2
    assert all(e.true[i] != e.predicted[i] for i in rows)
    confidence = [float(e.probabilities[i].max()) for i in rows]
    assert confidence == sorted(confidence, reverse=True)
    shown = [p.examples.model.index(k, ExamplesModel.CONFIDENCE).data() for k in range(len(rows))]
    assert shown[0] == f"{confidence[0]:.1%}"
    qtbot.mouseClick(p.matrix.canvas, Qt.MouseButton.LeftButton, pos=p.matrix.cell_center(0, 0))
    qtbot.mouseClick(p.examples.mistakes_button, Qt.MouseButton.LeftButton)
    assert p.examples.rows() == rows


def test_double_click_or_enter_opens_an_example_in_the_inspector(qtbot, panel, runs) -> None:
    p = panel
    p.set_run(str(runs["clf"]))
    _evaluate(qtbot, p)
    table, e = p.examples.table, p.scores().evaluation
    index = table.model().index(1, ExamplesModel.TEXT)
    where = table.visualRect(index).center()
    with qtbot.waitSignal(p.inspectRequested) as got:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a double-click's first press
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert got.args == [e.texts[p.examples.rows()[1]]]
    table.setCurrentIndex(table.model().index(0, 0))
    with qtbot.waitSignal(p.inspectRequested) as got:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert got.args == [e.texts[p.examples.rows()[0]]]


def test_exports_are_files_that_read_back(qtbot, panel, runs, tmp_path: Path, monkeypatch) -> None:
    p = panel
    p.set_run(str(runs["clf"]))
    wanted = {"csv": tmp_path / "scores.csv", "png": tmp_path / "matrix.png"}
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(wanted["png" if "PNG" in a[3] else "csv"]), "")
    )
    qtbot.mouseClick(p.csv_button, Qt.MouseButton.LeftButton)  # the saved scores export too
    rows = list(csv.reader(wanted["csv"].open(encoding="utf-8")))
    labels = p.scores().labels
    assert rows[0] == ["class", "precision", "recall", "f1", "support"] and [r[0] for r in rows[1:4]] == labels
    assert rows[5] == ["true \\ predicted", *labels]
    assert [[int(x) for x in r[1:]] for r in rows[6:]] == p.scores().confusion.tolist()
    _evaluate(qtbot, p)
    qtbot.mouseClick(p.csv_button, Qt.MouseButton.LeftButton)
    assert wanted["csv"].read_bytes().decode("utf-8") == p.scores().evaluation.to_csv()

    qtbot.mouseClick(p.matrix.save_button, Qt.MouseButton.LeftButton)
    image = QImage(str(wanted["png"]))
    assert not image.isNull() and image.size() == p.matrix.render_image().size()
    assert image.width() > len(labels) * p.matrix.canvas.fontMetrics().height()
    assert "Saved the confusion matrix" in p.message_text()


def test_predict_writes_one_row_per_input(qtbot, panel, runs, tmp_path: Path, monkeypatch) -> None:
    p = panel
    p.set_run(str(runs["clf"]))
    source = tmp_path / "new.txt"
    texts = ["the food was good", "a bad film", "okay room", "it was really very good", "quite bad, quite okay"]
    source.write_text("\n".join(texts) + "\n", encoding="utf-8")
    out = tmp_path / "out" / "predictions.csv"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    with qtbot.waitSignal(p.jobEnded, timeout=60_000):
        qtbot.mouseClick(p.predict_button, Qt.MouseButton.LeftButton)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    labels = p.scores().labels
    assert [r["text"] for r in rows] == texts
    assert all(r["predicted"] in labels for r in rows)
    for r in rows:
        probs = [float(r[f"p_{name}"]) for name in labels]
        assert sum(probs) == pytest.approx(1.0, abs=1e-3) and float(r["confidence"]) == pytest.approx(max(probs))
    assert "Saved 5 predictions" in p.message_text()


def test_bad_files_and_folders_get_a_plain_message(qtbot, panel, runs, tmp_path: Path) -> None:
    p = panel
    p.set_run(str(tmp_path))
    assert "is not a run folder" in p.message_text() and not p.evaluate_button.isEnabled()
    assert "Traceback" not in p.message_text()

    p.set_run(str(runs["clf"]))
    binary = tmp_path / "weights.csv"
    binary.write_bytes(bytes(range(256)) * 40)
    assert not p.set_data_file(str(binary)) and p.message.kind == "error" and "weights.csv" in p.message_text()

    odd = _write_csv(
        tmp_path / "odd.csv", ["the food was good", "a bad film", "what a day"], ["positive", "negative", "surprised"]
    )
    assert p.set_data_file(str(odd)) and p.text_combo.currentText() == "text" and p.label_combo.currentText() == "label"
    _evaluate(qtbot, p)
    message = p.message_text()
    assert p.message.kind == "error" and "'surprised'" in message and "never learnt" in message
    assert p.scores().saved  # the saved scores stay shown

    texts, labels = _texts(30, seed=9)
    good = _write_csv(tmp_path / "other.csv", texts, labels)
    assert p.set_data_file(str(good))
    _evaluate(qtbot, p)
    assert p.scores().examples == 30 and "other.csv" in p.headline.source.text()


def test_a_pre_training_run_says_evaluation_needs_a_classifier(panel, runs) -> None:
    p = panel
    p.set_run(str(runs["mlm"]))
    message = p.message_text()
    assert "pre-training" in message and "Evaluation needs a classification run" in message
    assert "Train page" in message
    assert not p.evaluate_button.isEnabled() and not p.predict_button.isEnabled() and p.scores() is None


def test_cancel_stops_the_evaluation(qtbot, panel, runs, monkeypatch) -> None:
    p = panel
    p.set_run(str(runs["clf"]))
    gate = threading.Event()
    real = evaluation_job.load_data

    def slow(*args):
        gate.wait(30)
        return real(*args)

    monkeypatch.setattr(evaluation_job, "load_data", slow)
    qtbot.mouseClick(p.evaluate_button, Qt.MouseButton.LeftButton)
    assert p.is_busy() and not p.busy_row.isHidden() and not p.evaluate_button.isEnabled()
    with qtbot.waitSignal(p.jobEnded, timeout=60_000):
        qtbot.mouseClick(p.cancel_button, Qt.MouseButton.LeftButton)
        gate.set()
    assert "cancelled" in p.message_text() and p.scores().saved and p.evaluate_button.isEnabled()


def test_older_scores_say_so_and_offer_to_score_the_saved_weights(qtbot, panel, runs, tmp_path: Path) -> None:
    """evaluation.json scored weights older than the ones the run's readers use (its best): the page says so."""
    model = ModelConfig(d_model=32, n_heads=2, n_layers=1, d_ff=64, max_len=32, dropout=0.0)
    train = TrainConfig(batch_size=16, max_steps=4, lr=3e-3, seed=3, precision="fp32", device="cpu", eval_every=100)
    cfg = RunConfig(DataConfig(source=str(runs["data"]), val_fraction=0.25, vocab_size=200), model, train, preset=None)
    run = tmp_path / "r"
    for _ in Trainer(cfg, run_dir=run).fit():
        pass
    older = json.loads((run / "evaluation.json").read_text()) | {"step": 2}
    (run / "evaluation.json").write_text(json.dumps(older))
    p = panel
    p.set_run(str(run))
    assert p.scores().step == 2 and "scored at step 2" in p.headline.source.text()
    assert "from step 2" in p.message_text() and "from step 4" in p.message_text()
    button = p.message.action_button
    assert button.isVisible() and button.text() == "Evaluate step 4"
    with qtbot.waitSignal(p.jobEnded, timeout=60_000):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    s = p.scores()
    assert s is not None and not s.saved and s.step == 4 and not s.stale and "step 4" in p.headline.source.text()
    core = _core(run)  # the run's (step 4) weights on its validation rows
    assert np.array_equal(s.confusion, core.confusion)
    assert "from step 2" not in p.message_text()
    p.set_run(str(run))  # scored again and saved: the page opens on step 4 from now on, with nothing to warn about
    assert p.scores().saved and p.scores().step == 4 and p.message_text() == ""


def test_many_classes_fit_with_thinned_labels(qtbot, panel) -> None:
    """150 classes: the cells shrink (the view scrolls below a few pixels), labels never overlap."""
    from workbench.core.evaluation.saved import Scores

    n = 150
    labels = [f"class {i}" for i in range(n)]
    rng = np.random.default_rng(0)
    counts = rng.integers(0, 5, size=(n, n)) + np.eye(n, dtype=np.int64) * 20
    per_class = {x: {"precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 1} for x in labels}
    p = panel
    p._show_scores(Scores(labels, 0.5, 0.5, per_class, counts, int(counts.sum()), "test data"))
    view = p.matrix
    assert 4 <= view.cell_size() < p.fontMetrics().height()
    before = view.cell_size()
    for _ in range(4):
        qtbot.mouseClick(view.zoom_in, Qt.MouseButton.LeftButton)
    assert view.cell_size() > before
    assert view.canvas.width() > view.scroll_area.viewport().width()  # zoomed in: it scrolls
    image = view.render_image()
    assert image.width() <= 6000 and not image.isNull()
    assert "class 7" in view.canvas.describe(7, 9) and "class 9" in view.canvas.describe(7, 9)


def test_the_window_evaluates_the_run_opened_or_trained_last(qtbot, runs, tmp_path: Path) -> None:
    from window_driver import make_tiny, start, wait_done

    from workbench.gui.window.main_window import MainWindow
    from workbench.gui.window.page import Page

    w = MainWindow(runs_root=tmp_path / "runs")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(lambda: w.devices_known() and w.data_panel.is_ready(), timeout=30_000)
    w.open_run(str(runs["clf"]))
    p = w.evaluate_panel
    assert p.run_path() == str(runs["clf"]) and p.scores() is not None
    w.show_page(Page.EVALUATE)
    _evaluate(qtbot, p)
    table = p.examples.table
    where = table.visualRect(table.model().index(0, ExamplesModel.TEXT)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert w.current_page() == Page.INSPECT

    make_tiny(w, steps=4)
    start(qtbot, w)
    wait_done(qtbot, w)
    assert p.run_path() == w.run_path and p.run_path() != str(runs["clf"])
    saved = p.scores()
    assert saved is not None and saved.saved and saved.labels == w.data_panel.label_names()


def test_the_newest_saved_run_is_shown_inside_when_the_app_opens(qtbot, runs) -> None:
    import json

    from workbench.gui.window.main_window import MainWindow

    root = runs["clf"].parent  # clf, then mlm were trained into this folder
    info = json.loads((runs["mlm"] / "run.json").read_text())
    assert info["created"] >= json.loads((runs["clf"] / "run.json").read_text())["created"]
    w = MainWindow(runs_root=root)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitUntil(w.devices_known, timeout=30_000)
    newest = max(w.runs_panel.runs(), key=lambda r: r.created).path
    assert w.inspect_panel.run_path() == str(newest) and w.evaluate_panel.run_path() == str(newest)
    assert w.run_path is None  # nothing was opened for the plot: the window still starts ready to train

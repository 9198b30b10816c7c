"""The Runs panel over real run folders written by the core Trainer (tiny models, a few steps)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from workbench.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig
from workbench.core.data.dataset import Dataset, stratified_split
from workbench.core.training.events import StepEvent
from workbench.gui.pages.runs.runs_columns import PATH_ROLE, TITLES
from workbench.gui.pages.runs.runs_page import SETTINGS_KEY, RunsPanel


def train_run(root: Path, name: str, splits: tuple[Dataset, Dataset], *, stop_at: int | None = None) -> Path:
    from workbench.core.training.engine import Trainer

    model = ModelConfig(d_model=32, n_heads=2, n_layers=1, d_ff=64, max_len=32)
    cfg = RunConfig(
        DataConfig(source="/data/tiny.csv", vocab_size=200),
        model,
        TrainConfig(batch_size=16, max_steps=6, eval_every=3, device="cpu", precision="fp32"),
        preset=None,
    )
    trainer = Trainer(cfg, train=splits[0], val=splits[1], run_dir=root / name)
    for event in trainer.fit():
        if stop_at is not None and isinstance(event, StepEvent) and event.step == stop_at:
            trainer.stop()
    return root / name


@pytest.fixture(scope="module")
def runs_dir(tmp_path_factory, request) -> Path:
    """Three runs, made once for the module: finished, stopped (continuable) and interrupted."""
    import random

    rng = random.Random(0)
    texts, labels = [], []
    for i in range(120):
        word = "good" if i % 2 else "bad"
        texts.append(f"the {rng.choice(['food', 'film', 'room'])} was {word}")
        labels.append("positive" if i % 2 else "negative")
    splits = stratified_split(Dataset(texts, labels, source="tiny.csv"), 0.2, seed=0)
    root = tmp_path_factory.mktemp("runs")
    train_run(root, "2026-01-01_100000_tiny_custom", splits)
    train_run(root, "2026-01-02_100000_tiny_custom", splits, stop_at=2)
    crashed = train_run(root, "2026-01-03_100000_tiny_custom", splits)
    info = json.loads((crashed / "run.json").read_text())
    info["status"] = "running"  # as if the app had closed while it trained
    (crashed / "run.json").write_text(json.dumps(info))
    (root / "not-a-run").mkdir()
    return root


@pytest.fixture
def panel(qtbot, runs_dir: Path, tmp_path: Path) -> RunsPanel:
    import shutil

    root = tmp_path / "runs"
    shutil.copytree(runs_dir, root)
    p = RunsPanel()
    qtbot.addWidget(p)
    p.set_runs_root(root)
    return p


def by_folder(panel: RunsPanel) -> dict[str, object]:
    return {r.path.name: r for r in panel.runs()}


def test_lists_runs_newest_first_with_their_facts(panel: RunsPanel) -> None:
    rows = panel.runs()
    assert [r.path.name[:10] for r in rows] == ["2026-01-03", "2026-01-02", "2026-01-01"]
    runs = by_folder(panel)
    finished = runs["2026-01-01_100000_tiny_custom"]
    assert (finished.status, finished.steps, finished.data, finished.model) == (
        "finished",
        6,
        "tiny.csv",
        "custom (32×1×2)",
    )
    assert (finished.task_title, finished.batch_size, finished.lr) == ("classify", 16, 1e-3)
    assert finished.val_accuracy is not None and finished.disk_bytes > 0 and not finished.can_continue
    stopped = runs["2026-01-02_100000_tiny_custom"]
    assert stopped.status == "stopped" and stopped.steps == 2 and stopped.can_continue
    assert runs["2026-01-03_100000_tiny_custom"].status == "interrupted"
    first = panel.tree.topLevelItem(0)
    texts = {panel.tree.headerItem().text(i): first.text(i) for i in range(panel.tree.columnCount())}
    assert texts["Accuracy"].endswith("%") and float(texts["Val. loss"]) > 0
    assert (texts["Task"], texts["Model"], texts["Batch"], texts["LR"]) == (
        "classify",
        "custom (32×1×2)",
        "16",
        "1.0e-03",
    )
    on_disk = sum(f.stat().st_size for r in rows for f in r.path.rglob("*") if f.is_file())
    assert sum(r.disk_bytes for r in rows) == on_disk
    count, size, unit = re.fullmatch(r"(\d+) runs · ([\d.]+) (bytes|KB|MB)", panel.summary_label.text()).groups()
    assert count == "3" and float(size) * {"bytes": 1, "KB": 1024, "MB": 1024**2}[unit] == pytest.approx(
        on_disk, rel=0.05
    )


def test_open_continue_and_compare_emit_the_run_folders(panel: RunsPanel, qtbot) -> None:
    runs = by_folder(panel)
    stopped, finished = runs["2026-01-02_100000_tiny_custom"].path, runs["2026-01-01_100000_tiny_custom"].path
    panel.select_paths([stopped])
    assert panel.open_button.isEnabled() and panel.continue_button.isEnabled()
    with qtbot.waitSignal(panel.openRequested) as blocker:
        qtbot.mouseClick(panel.open_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [str(stopped)]
    with qtbot.waitSignal(panel.continueRequested) as blocker:
        qtbot.mouseClick(panel.continue_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [str(stopped)]
    panel.select_paths([finished])
    assert not panel.continue_button.isEnabled() and "finished" in panel.continue_button.toolTip()
    panel.select_paths([stopped, finished])
    assert not panel.open_button.isEnabled() and panel.compare_button.isEnabled()
    with qtbot.waitSignal(panel.overlayRequested) as blocker:
        qtbot.mouseClick(panel.compare_button, Qt.MouseButton.LeftButton)
    assert sorted(blocker.args[0]) == sorted([str(stopped), str(finished)])


def test_rename_and_note_are_stored_in_run_json(panel: RunsPanel, qtbot, monkeypatch) -> None:
    run = by_folder(panel)["2026-01-01_100000_tiny_custom"].path
    panel.select_paths([run])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("  baseline  ", True))
    qtbot.mouseClick(panel.rename_button, Qt.MouseButton.LeftButton)
    monkeypatch.setattr(QInputDialog, "getMultiLineText", lambda *a, **k: ("first try, lr 1e-3", True))
    qtbot.mouseClick(panel.note_button, Qt.MouseButton.LeftButton)
    info = json.loads((run / "run.json").read_text())
    assert info["name"] == "baseline" and info["note"] == "first try, lr 1e-3" and info["status"] == "finished"
    assert by_folder(panel)[run.name].name == "baseline"
    assert panel.selected_paths() == [str(run)]  # the selection survives the refresh
    assert "first try" in panel.details_label.text()


def test_delete_asks_first_and_never_touches_the_training_run(panel: RunsPanel, qtbot, monkeypatch, dialogs) -> None:
    runs = by_folder(panel)
    first, second = runs["2026-01-01_100000_tiny_custom"].path, runs["2026-01-02_100000_tiny_custom"].path
    panel.select_paths([first])
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)  # the conftest answers Cancel
    assert first.is_dir() and dialogs.titles() == ["Delete runs"]
    monkeypatch.setattr(QMessageBox, "exec", lambda self: int(QMessageBox.StandardButton.Ok.value))
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert not first.exists() and len(panel.runs()) == 2

    panel.set_training(True, second)
    assert by_folder(panel)[second.name].status == "stopped"  # its run.json says so; only "running" is live
    panel.select_paths([second])
    assert not panel.delete_button.isEnabled() and not panel.open_button.isEnabled()
    assert panel.delete_runs([second]) == 0 and second.is_dir()
    panel.set_training(False)
    assert panel.delete_runs([second]) == 1 and not second.exists()


def test_the_running_run_is_not_called_interrupted(panel: RunsPanel) -> None:
    crashed = by_folder(panel)["2026-01-03_100000_tiny_custom"].path
    panel.set_training(True, crashed)
    assert by_folder(panel)[crashed.name].status == "running"
    panel.set_training(False)
    assert by_folder(panel)[crashed.name].status == "interrupted"


def test_a_run_that_starts_or_ends_re_reads_only_its_own_folder(panel: RunsPanel, monkeypatch) -> None:
    # Re-reading takes about 2 ms a run folder (108 ms for 50); Start used to re-read them all at launch, once the
    # run's folder existed, and at the end.
    import shutil

    from workbench.gui.pages.runs import runs_page

    reads: list[Path] = []
    real_read = runs_page.read_run
    monkeypatch.setattr(runs_page, "read_run", lambda path, active: reads.append(path) or real_read(path, active))
    stopped = by_folder(panel)["2026-01-02_100000_tiny_custom"].path
    panel.select_paths([stopped])
    assert panel.open_button.isEnabled() and panel.continue_button.isEnabled()
    panel.set_training(True)  # being set up: no folder yet
    assert reads == []
    assert not panel.open_button.isEnabled() and not panel.continue_button.isEnabled()
    assert not panel.choose_button.isEnabled()
    crashed = by_folder(panel)["2026-01-03_100000_tiny_custom"].path  # its run.json says running
    new = stopped.with_name("2026-01-04_100000_tiny_custom")  # the run's folder, made as it starts
    shutil.copytree(crashed, new)
    listed: list[int] = []
    panel.listed.connect(lambda: listed.append(len(panel.runs())))
    panel.set_training(True, new)
    assert reads == [new] and listed == [4]
    assert panel.runs()[0].path == new and panel.runs()[0].status == "running"  # newest first, and running
    assert panel.selected_paths() == [str(stopped)]  # the person's selection is kept
    assert "4 runs" in panel.summary_label.text()
    panel.set_training(False)  # it ended without writing its outcome: the page calls it interrupted
    assert reads == [new, new] and listed == [4, 4]
    assert by_folder(panel)[new.name].status == "interrupted"
    assert panel.open_button.isEnabled() and panel.selected_paths() == [str(stopped)]


def test_a_run_that_fails_before_it_is_announced_is_still_listed(panel: RunsPanel) -> None:
    import shutil

    stopped = by_folder(panel)["2026-01-02_100000_tiny_custom"].path
    panel.set_training(True)
    shutil.copytree(stopped, stopped.with_name("2026-01-05_100000_tiny_custom"))  # made, then it failed
    panel.set_training(False)
    assert "2026-01-05_100000_tiny_custom" in by_folder(panel)


def test_choose_folder_is_remembered(panel: RunsPanel, qtbot, monkeypatch, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    other.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(other))
    qtbot.mouseClick(panel.choose_button, Qt.MouseButton.LeftButton)
    assert panel.runs_root() == other and panel.runs() == []
    assert "No runs yet" in panel.summary_label.text()
    assert QSettings().value(SETTINGS_KEY) == str(other)
    again = RunsPanel()
    qtbot.addWidget(again)
    assert again.runs_root() == other


def column(panel: RunsPanel, title: str) -> int:
    return [panel.tree.headerItem().text(i) for i in range(panel.tree.columnCount())].index(title)


def set_final_metrics(run: Path, **metrics: float) -> None:
    info = json.loads((run / "run.json").read_text())
    info["final_metrics"] = metrics
    (run / "run.json").write_text(json.dumps(info))


def click_header(panel: RunsPanel, qtbot, col: int) -> None:
    header = panel.tree.header()
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_metric_columns_sort_as_numbers_when_their_title_is_clicked(panel: RunsPanel, qtbot) -> None:
    runs = {r.path.name[:10]: r.path for r in panel.runs()}
    # As text these would sort "50.0 %" < "80.0 %" < "9.0 %" and "0.7" < "10.5" < "2.3".
    set_final_metrics(runs["2026-01-01"], val_loss=10.5, val_accuracy=0.5)
    set_final_metrics(runs["2026-01-02"], val_loss=0.7, val_accuracy=0.09)
    set_final_metrics(runs["2026-01-03"], val_loss=2.3, val_accuracy=0.8)
    panel.refresh()
    panel.resize(1400, 400)  # every column in view
    panel.show()
    qtbot.waitExposed(panel)
    acc = column(panel, "Accuracy")
    click_header(panel, qtbot, acc)
    first = [r.accuracy for r in panel.runs()]
    click_header(panel, qtbot, acc)
    second = [r.accuracy for r in panel.runs()]
    assert sorted([first, second]) == [[0.09, 0.5, 0.8], [0.8, 0.5, 0.09]]
    assert panel.tree.topLevelItem(0).text(acc) in ("9.0%", "80.0%")
    panel.tree.sortByColumn(column(panel, "Val. loss"), Qt.SortOrder.AscendingOrder)
    assert [r.val_loss for r in panel.runs()] == [0.7, 2.3, 10.5]


def test_a_pre_training_run_shows_its_task_and_masked_accuracy(panel: RunsPanel) -> None:
    run = by_folder(panel)["2026-01-01_100000_tiny_custom"].path
    info = json.loads((run / "run.json").read_text())
    info["task"], info["final_metrics"] = "mlm", {"val_loss": 3.2, "masked_accuracy": 0.412, "unigram_accuracy": 0.1}
    (run / "run.json").write_text(json.dumps(info))
    panel.refresh()
    row = by_folder(panel)[run.name]
    assert row.task == "mlm" and row.accuracy == 0.412 and row.is_pretrained
    item = next(panel.tree.topLevelItem(i) for i in range(3) if panel.tree.topLevelItem(i).text(0) == run.name)
    assert item.text(column(panel, "Task")) == "pre-train"
    assert item.text(column(panel, "Accuracy")) == "41.2% masked"


def test_train_again_from_the_button_and_the_context_menu(panel: RunsPanel, qtbot) -> None:
    run = by_folder(panel)["2026-01-01_100000_tiny_custom"].path
    panel.select_paths([run])
    assert panel.again_button.isEnabled()
    assert "batch 16" in panel.details_label.text() and "learning rate 1.0e-03" in panel.details_label.text()
    with qtbot.waitSignal(panel.trainAgainRequested) as blocker:
        qtbot.mouseClick(panel.again_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [str(run)]
    menu = panel.context_menu()
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert actions["Train &again"].isEnabled() and not actions["Con&tinue training"].isEnabled()
    with qtbot.waitSignal(panel.trainAgainRequested) as blocker:
        actions["Train &again"].trigger()
    assert blocker.args == [str(run)]
    menu.deleteLater()
    (run / "config.toml").unlink()  # settings unknown: nothing to fill the pages with
    panel.refresh()
    panel.select_paths([run])
    assert not panel.again_button.isEnabled() and "config.toml" in panel.again_button.toolTip()
    panel.set_training(True)
    panel.select_paths([by_folder(panel)["2026-01-02_100000_tiny_custom"].path])
    assert not panel.again_button.isEnabled()


def test_damaged_runs_are_listed_with_the_reason_and_can_be_deleted(panel: RunsPanel, monkeypatch) -> None:
    """Issue 18: one bad run folder stopped the app from opening, and a run whose run.json could not be read was
    hidden and could not be deleted from the app."""
    runs = by_folder(panel)
    bad_config = runs["2026-01-01_100000_tiny_custom"].path
    (bad_config / "config.toml").write_text('[model]\nd_model = "big"\n')
    bad_info = runs["2026-01-02_100000_tiny_custom"].path
    (bad_info / "run.json").write_bytes(b"\xff\xfe{ not json")
    panel.refresh()

    rows = by_folder(panel)
    assert set(rows) == set(runs)  # nothing hidden
    for path, words in ((bad_config, "d_model"), (bad_info, "run.json")):
        row = rows[path.name]
        assert row.status == "damaged" and words in row.problem and not row.can_continue
        item = next(
            panel.tree.topLevelItem(i)
            for i in range(panel.tree.topLevelItemCount())
            if panel.tree.topLevelItem(i).data(0, PATH_ROLE) == str(path)
        )
        assert words in item.toolTip(TITLES.index("Status"))
        panel.select_paths([path])
        assert words in panel.details_label.text() and panel.delete_button.isEnabled()
    assert rows["2026-01-03_100000_tiny_custom"].status == "interrupted"  # the healthy one is as it was

    monkeypatch.setattr(QMessageBox, "exec", lambda self: int(QMessageBox.StandardButton.Ok.value))
    assert panel.delete_runs([bad_config, bad_info]) == 2
    assert not bad_config.exists() and not bad_info.exists() and len(panel.runs()) == 1


def test_a_run_being_written_by_another_process_is_not_deleted(panel: RunsPanel, dialogs) -> None:
    from workbench.core.runs.lock import RunLock

    path = by_folder(panel)["2026-01-03_100000_tiny_custom"].path  # run.json says "running"
    assert by_folder(panel)[path.name].status == "interrupted"
    with RunLock(path):  # as a `workbench train --resume` in a terminal holds it
        panel.refresh()
        assert by_folder(panel)[path.name].status == "running" and not by_folder(panel)[path.name].can_continue
        assert panel.delete_runs([path]) == 0 and path.is_dir()
    assert dialogs.titles() == ["Cannot delete the run"]
    assert panel.delete_runs([path]) == 1


def test_buttons_stay_put_when_the_selection_changes(panel: RunsPanel, qtbot) -> None:
    panel.resize(700, 600)
    panel.show()
    qtbot.waitExposed(panel)

    def places() -> list[tuple[int, int]]:
        QApplication.processEvents()
        buttons = (panel.open_button, panel.compare_button, panel.delete_button, panel.refresh_button)
        return [(b.mapTo(panel, b.rect().topLeft()).x(), b.mapTo(panel, b.rect().topLeft()).y()) for b in buttons]

    panel.tree.clearSelection()
    nothing = places()
    panel.select_paths([panel.runs()[0].path])
    assert panel.details_label.text()  # the details below the list grew...
    assert places() == nothing  # ...and the buttons did not move
    panel.select_paths([r.path for r in panel.runs()])
    assert places() == nothing


def test_long_run_names_are_shortened_at_the_end_and_shown_in_full_on_hover(panel: RunsPanel) -> None:
    assert panel.tree.textElideMode() == Qt.TextElideMode.ElideRight
    row = panel.runs()[0]
    item = panel.tree.topLevelItem(0)
    assert item.toolTip(0).splitlines()[0] == row.name

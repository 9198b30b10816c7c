"""Lessons in the real window: a five-step lesson saved and reopened in a fresh window with every view property
exact (walked with real Page Down / Page Up presses), captions shown large, and the ways in (menu, drag and drop,
the command line, the Finder's FileOpen) and the ways a bad file is refused (damaged, newer format, zip-slip)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QFileOpenEvent, QFontMetrics
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog

from workbench.bench.lesson_roundtrip_qt import roundtrip, tiny_run
from workbench.core.lessons import FORMAT_VERSION, Lesson, LessonStep, LessonView, save_lesson
from workbench.gui.lesson.steps_dialog import StepsDialog
from workbench.gui.window.page import Page

WAIT = 60_000
STEPS = [
    LessonStep("First the data", LessonView(page="data")),
    LessonStep("Then the training settings", LessonView(page="train", plot_shown=False)),
    LessonStep("Every run is kept", LessonView(page="runs", log_y=True, plot_range=(0.0, 10.0, -1.0, 0.5))),
]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny_run(tmp_path_factory.mktemp("lesson-runs"))


@pytest.fixture
def lesson_file(tmp_path: Path, run_dir: Path) -> Path:
    return save_lesson(tmp_path / "class.wblesson", Lesson("A class", run_dir.name, list(STEPS)), run_dir)


@pytest.fixture
def w(window, tmp_path: Path):
    window.lessons.cache_root = tmp_path / "cache"
    yield window
    window.inspect_panel.worker.wait()


def _settled(qtbot, w) -> None:
    qtbot.waitUntil(lambda: not w.inspect_panel.busy(), timeout=WAIT)


def test_a_lesson_made_in_one_window_reopens_exactly_in_a_fresh_one(qtbot, tmp_path: Path) -> None:
    """The benchmark's measurement: five steps over the Data, Inspect and Train pages varying every view property,
    saved, opened in a second window and walked with Page Down then Page Up, compared field by field."""
    result = roundtrip(tmp_path)
    assert result.mismatches == []
    assert result.ok and result.steps == 5


def test_page_down_and_page_up_walk_the_steps_with_large_captions(qtbot, w, lesson_file: Path) -> None:
    assert not w.lessons.toolbar.isVisibleTo(w)
    assert w.lessons.open(str(lesson_file))
    assert w.lessons.toolbar.isVisibleTo(w)
    assert w.current_page() == Page.DATA and w.lessons.caption_bar.caption_text() == "First the data"
    caption = w.lessons.caption_bar.caption
    line = QFontMetrics(caption.font()).height()
    assert line >= 24
    qtbot.waitUntil(lambda: line <= caption.height() < 2 * line)  # one line of caption, no empty band around it
    long = " ".join(["The second head of the first layer looks back one word."] * 4)
    w.lessons.caption_bar.show_step(long, 0, 3)
    qtbot.waitUntil(
        lambda: caption.height() >= 2 * line and caption.height() == caption.heightForWidth(caption.width())
    )
    w.lessons.go_to(0)
    assert w.run_path is not None and Path(w.run_path).parent.parent == w.lessons.cache_root  # the unpacked run
    text_box = w.inspect_panel.text_box  # typing a sentence: a remote's Page Down still moves the lesson on
    w.show_page(Page.INSPECT)
    text_box.setFocus()
    qtbot.waitUntil(text_box.hasFocus)
    qtbot.keyClick(text_box, Qt.Key.Key_PageDown)
    assert w.current_page() == Page.TRAIN and not w.view_modes.plot_action.isChecked()
    assert w.lessons.caption_bar.counter.text() == "Step 2 of 3"
    qtbot.keyClick(w, Qt.Key.Key_PageDown)
    assert (
        w.current_page() == Page.RUNS and w.plot.is_log_y() and w.plot.follower.held_range() == (0.0, 10.0, -1.0, 0.5)
    )
    assert w.view_modes.plot_action.isChecked()
    qtbot.keyClick(w, Qt.Key.Key_PageDown)  # the last step stays
    assert w.lessons.index == 2 and not w.lessons.next_action.isEnabled()
    qtbot.keyClick(w, Qt.Key.Key_PageUp)
    assert w.current_page() == Page.TRAIN and w.lessons.caption_bar.caption_text() == "Then the training settings"
    w.lessons.close_lesson()
    assert not w.lessons.toolbar.isVisibleTo(w)
    _settled(qtbot, w)


def test_dropping_a_lesson_file_opens_it(qtbot, w, lesson_file: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(lesson_file))])
    drop = QDropEvent(
        QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    source_before = w.data_panel.source_title()
    w.dropEvent(drop)
    assert w.lessons.lesson is not None and w.lessons.step_count() == 3
    assert w.lessons.source == lesson_file
    assert w.data_panel.source_title() == source_before  # not read as a data file
    _settled(qtbot, w)


def _bad_lesson(tmp_path: Path, name: str, manifest: dict, members: dict[str, bytes]) -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("lesson.json", json.dumps(manifest))
        for member, data in members.items():
            zf.writestr(member, data)
    return path


def test_bad_lesson_files_say_why_and_open_nothing(qtbot, w, dialogs, lesson_file: Path, tmp_path: Path) -> None:
    good = Lesson("A class", "r", list(STEPS)).to_json()
    data = lesson_file.read_bytes()
    damaged = tmp_path / "damaged.wblesson"
    damaged.write_bytes(data[: len(data) // 3])
    newer = _bad_lesson(tmp_path, "newer.wblesson", {**good, "format_version": FORMAT_VERSION + 1}, {})
    slip = _bad_lesson(tmp_path, "slip.wblesson", good, {"run/run.json": b"{}", "run/../../evil.py": b"x"})
    run_before = w.run_path
    for path, words in ((damaged, "is damaged"), (newer, "newer Transformer Workbench"), (slip, "outside its folder")):
        dialogs.calls.clear()
        assert not w.lessons.open(str(path))
        assert len(dialogs.calls) == 1 and words in dialogs.calls[0][1], dialogs.calls
        assert str(path) in dialogs.calls[0][1]
        assert w.lessons.lesson is None and not w.lessons.toolbar.isVisibleTo(w)
        assert w.run_path == run_before
        assert words in w.statusBar().currentMessage()
    assert not list(tmp_path.rglob("evil.py"))


def test_add_edit_save_from_the_menu(qtbot, w, dialogs, run_dir: Path, tmp_path: Path, monkeypatch) -> None:
    assert not w.lessons.add_step("no run yet")
    assert "Train a model or open a run first" in dialogs.calls[-1][1]
    w.open_run(str(run_dir))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("The data page", True))
    w.show_page(Page.DATA)
    w.lessons.add_action.trigger()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("The runs", True))
    w.show_page(Page.RUNS)
    w.lessons.add_action.trigger()
    assert [s.view.page for s in w.lessons.lesson.steps] == ["data", "runs"]
    assert w.lessons.caption_bar.counter.text() == "Step 2 of 2"
    w.show_page(Page.EVALUATE)  # changed while showing step 2: Update this step keeps the new view
    w.lessons.update_action.trigger()
    assert [(s.caption, s.view.page) for s in w.lessons.lesson.steps] == [
        ("The data page", "data"),
        ("The runs", "evaluate"),
    ]
    w.show_page(Page.RUNS)
    w.lessons.update_action.trigger()

    dialogs.calls.clear()
    w.close()  # unsaved steps: the window asks first (the test's answer: Cancel)
    assert w.isVisible() and "unsaved steps" in dialogs.calls[-1][1]

    dialog = StepsDialog(w.lessons.lesson.steps, 1, w)
    qtbot.addWidget(dialog)
    dialog.up_button.click()  # the runs first
    dialog.set_caption(0, "Runs, first")
    assert [s.caption for s in dialog.steps()] == ["Runs, first", "The data page"]
    dialog.list.setCurrentRow(1)
    dialog.delete()
    w.lessons.set_steps(dialog.steps())
    assert [(s.caption, s.view.page) for s in w.lessons.lesson.steps] == [("Runs, first", "runs")]
    dialog.move(QPoint(40, 30))  # QWidget's move places the dialog (the step buttons' method once hid it)
    assert dialog.pos() == QPoint(40, 30)

    target = tmp_path / "saved"  # the suffix is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    w.lessons.save_action.trigger()
    saved = tmp_path / "saved.wblesson"
    assert saved.is_file() and w.lessons.source == saved and not w.lessons.dirty
    with zipfile.ZipFile(saved) as zf:
        manifest = json.loads(zf.read("lesson.json"))
    assert [s["caption"] for s in manifest["steps"]] == ["Runs, first"]
    assert manifest["run_name"] == run_dir.name
    _settled(qtbot, w)


def test_the_menus_offer_the_lesson_actions(w) -> None:
    file_texts = [a.text() for a in w.window_actions.file_menu.actions()]
    assert "Open &lesson…" in file_texts
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles.index("Lesson") == titles.index("&Help") - 1
    assert w.lessons.next_action.shortcut().toString() == "PgDown"
    assert w.lessons.previous_action.shortcut().toString() == "PgUp"


def test_the_command_line_and_the_finder_open_a_lesson(lesson_file: Path, monkeypatch) -> None:
    import workbench.__main__ as entry
    import workbench.gui.app as app_module

    calls: list[tuple[list[str], str | None]] = []
    monkeypatch.setattr(app_module, "run_app", lambda argv, lesson=None: calls.append((argv, lesson)) or 0)
    assert entry.main([str(lesson_file)]) == 0
    assert calls[-1][1] == str(lesson_file)
    renamed = lesson_file.with_suffix(".zip")
    renamed.write_bytes(lesson_file.read_bytes())
    assert entry.main([str(renamed)]) == 0 and calls[-1][1] == str(renamed)
    assert entry.main(["missing.wblesson"]) == 0 and calls[-1][1] == "missing.wblesson"  # the app says it is missing

    opened: list[str] = []
    finder = app_module._FileOpenFilter(opened.append, QApplication.instance())
    assert finder.eventFilter(QApplication.instance(), QFileOpenEvent(str(lesson_file)))
    assert not finder.eventFilter(QApplication.instance(), QFileOpenEvent(str(lesson_file.parent / "data.csv")))
    assert not finder.eventFilter(QApplication.instance(), QEvent(QEvent.Type.Show))
    QApplication.processEvents()
    assert opened == [str(lesson_file)]
    finder.deleteLater()

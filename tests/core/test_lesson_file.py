"""Lesson files: the manifest and the run survive a save and an open byte for byte; damaged, newer-format,
zip-slip, link and oversized files are refused in one line and leave nothing unpacked."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from workbench.core.lessons import (
    FORMAT_VERSION,
    Lesson,
    LessonError,
    LessonStep,
    LessonView,
    is_lesson_path,
    lesson_file,
    open_lesson,
    save_lesson,
)

STEPS = [
    LessonStep("Text becomes tokens", LessonView(page="data")),
    LessonStep(
        "Head 2 of layer 1 looks back one word",
        LessonView(
            page="inspect",
            text="the food was not bad",
            compare_text="the food was bad",
            mode="heads",
            layer=1,
            head=1,
            detail="lines",
            hide_special=True,
            muted=((0, 1), (1, 0)),
            tab="history",
            probe=2,
            evaluation=3,
            plot_range=(0.0, 120.5, 0.1, 0.75),
            log_y=True,
            plot_shown=False,
        ),
    ),
    LessonStep("Rollout", LessonView(page="inspect", mode="rollout_max", layer=0, head=None, tab="compare")),
]


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    """A folder with what a run's readers look for (the lesson format does not care what is inside)."""
    run = tmp_path / "2026-12-05_reviews_tiny"
    (run / "checkpoints" / "step-3-abcd").mkdir(parents=True)
    (run / "run.json").write_text(json.dumps({"format_version": 1, "status": "done"}))
    (run / "config.toml").write_text("[model]\nd_model = 32\n")
    (run / "metrics.jsonl").write_text('{"step": 1, "loss": 0.7}\n')
    (run / "checkpoints" / "step-3-abcd" / "model.safetensors").write_bytes(bytes(range(256)) * 40)
    (run / ".writer.lock").write_text("")
    (run / ".writer.json").write_text("{}")
    (run / ".config.toml.123.tmp").write_text("half written")
    return run


def _lesson() -> Lesson:
    return Lesson(title="Attention, step by step", run_name="2026-12-05_reviews_tiny", steps=list(STEPS))


def _zip(path: Path, members: dict[str, bytes], manifest: dict | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("lesson.json", json.dumps(manifest if manifest is not None else _lesson().to_json()))
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_save_and_open_keep_every_step_and_every_run_file(tmp_path: Path, run_dir: Path) -> None:
    saved = save_lesson(tmp_path / "class.wblesson", _lesson(), run_dir)
    opened = open_lesson(saved, tmp_path / "cache")
    assert opened.lesson.title == "Attention, step by step"
    assert opened.lesson.steps == [LessonStep(s.caption, s.view.normalised()) for s in STEPS]
    assert opened.run_dir.name == run_dir.name
    for rel in ("run.json", "config.toml", "metrics.jsonl", "checkpoints/step-3-abcd/model.safetensors"):
        assert (opened.run_dir / rel).read_bytes() == (run_dir / rel).read_bytes()
    names = {p.name for p in opened.run_dir.rglob("*")}
    assert not names & {".writer.lock", ".writer.json", ".config.toml.123.tmp"}  # the writer's, not the run's
    # read-only: the app cannot change the lesson's run by accident
    assert not os.access(opened.run_dir / "run.json", os.W_OK) or os.geteuid() == 0
    assert not (opened.run_dir.stat().st_mode & stat.S_IWUSR)
    with zipfile.ZipFile(saved) as zf:
        kinds = {i.filename: i.compress_type for i in zf.infolist()}
    assert kinds["run/checkpoints/step-3-abcd/model.safetensors"] == zipfile.ZIP_STORED
    assert kinds["lesson.json"] == zipfile.ZIP_DEFLATED


def test_opening_again_reuses_the_unpacked_run_and_the_cache_keeps_the_newest(tmp_path: Path, run_dir: Path) -> None:
    cache = tmp_path / "cache"
    first = open_lesson(save_lesson(tmp_path / "a.wblesson", _lesson(), run_dir), cache)
    again = open_lesson(tmp_path / "a.wblesson", cache)
    assert again.run_dir == first.run_dir
    for i in range(lesson_file.KEEP_UNPACKED + 2):
        other = Lesson(title=f"lesson {i}", run_name="r", steps=[])
        open_lesson(save_lesson(tmp_path / f"l{i}.wblesson", other, run_dir), cache)
    assert len([p for p in cache.iterdir() if p.is_dir()]) == lesson_file.KEEP_UNPACKED
    assert not first.run_dir.exists()  # the oldest went


def test_is_lesson_path(tmp_path: Path, run_dir: Path) -> None:
    assert is_lesson_path("missing.WBLESSON")
    assert not is_lesson_path(run_dir / "config.toml")
    renamed = save_lesson(tmp_path / "lesson.zip", _lesson(), run_dir)
    assert is_lesson_path(renamed)  # a lesson renamed by a mail program is still one
    assert not is_lesson_path(_plain_zip(tmp_path / "data.zip"))


def _plain_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("data.csv", "text,label\n")
    return path


def test_a_damaged_file_says_so_and_opens_nothing(tmp_path: Path, run_dir: Path) -> None:
    saved = save_lesson(tmp_path / "class.wblesson", _lesson(), run_dir)
    data = saved.read_bytes()
    cut = tmp_path / "cut.wblesson"
    cut.write_bytes(data[: len(data) // 2])
    cache = tmp_path / "cache"
    with pytest.raises(LessonError, match="is damaged"):
        open_lesson(cut, cache)
    # one flipped byte inside the stored weights: the CRC check fails while unpacking
    offset = data.index(bytes(range(256)))
    flipped = tmp_path / "flipped.wblesson"
    flipped.write_bytes(data[:offset] + bytes([data[offset] ^ 0xFF]) + data[offset + 1 :])
    with pytest.raises(LessonError, match="is damaged"):
        open_lesson(flipped, cache)
    assert not any(cache.iterdir())  # nothing half-unpacked left behind
    not_zip = tmp_path / "notes.wblesson"
    not_zip.write_text("hello")
    with pytest.raises(LessonError, match="not a readable zip"):
        open_lesson(not_zip, cache)
    with pytest.raises(LessonError, match="does not exist"):
        open_lesson(tmp_path / "nowhere.wblesson", cache)


def test_a_newer_format_says_update_the_app(tmp_path: Path) -> None:
    manifest = {**_lesson().to_json(), "format_version": FORMAT_VERSION + 1, "steps": "a new layout"}
    path = _zip(tmp_path / "new.wblesson", {"run/run.json": b"{}"}, manifest)
    with pytest.raises(LessonError, match=f"newer Transformer Workbench \\(lesson format {FORMAT_VERSION + 1}"):
        open_lesson(path, tmp_path / "cache")
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize(
    "name", ["run/../../evil.txt", "/etc/evil", "..\\evil.txt", "C:/evil.txt", "run//x", "run/./x"]
)
def test_a_name_outside_the_folder_is_refused(tmp_path: Path, name: str) -> None:
    path = _zip(tmp_path / "slip.wblesson", {"run/run.json": b"{}", name: b"owned"})
    with pytest.raises(LessonError, match="outside its folder"):
        open_lesson(path, tmp_path / "cache" / "inner")
    assert not list(tmp_path.rglob("evil*"))
    assert not (tmp_path / "cache" / "inner").exists() or not any((tmp_path / "cache" / "inner").iterdir())


def test_links_strangers_and_oversized_files_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "link.wblesson"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("lesson.json", json.dumps(_lesson().to_json()))
        zf.writestr("run/run.json", b"{}")
        link = zipfile.ZipInfo("run/config.toml")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    with pytest.raises(LessonError, match="is a link"):
        open_lesson(path, tmp_path / "cache")
    stranger = _zip(tmp_path / "stranger.wblesson", {"run/run.json": b"{}", "setup.py": b"print()"})
    with pytest.raises(LessonError, match=r"unexpected member 'setup\.py'"):
        open_lesson(stranger, tmp_path / "cache")
    no_run = _zip(tmp_path / "norun.wblesson", {"run/config.toml": b""})
    with pytest.raises(LessonError, match="holds no run"):
        open_lesson(no_run, tmp_path / "cache")
    big = _zip(tmp_path / "big.wblesson", {"run/run.json": b"{}", "run/weights.safetensors": b"\0" * 5000})
    monkeypatch.setattr(lesson_file, "MAX_TOTAL_BYTES", 4096)
    with pytest.raises(LessonError, match="would unpack to"):
        open_lesson(big, tmp_path / "cache")
    monkeypatch.setattr(lesson_file, "MAX_MEMBERS", 2)
    with pytest.raises(LessonError, match="holds 3 files"):
        open_lesson(big, tmp_path / "cache")
    assert not list((tmp_path / "cache").iterdir())


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ({"caption": "x", "view": {"page": "kitchen"}}, "page must be one of"),
        ({"caption": "x", "view": {"layer": -1}}, "layer must be a whole number"),
        ({"caption": "x", "view": {"head": "2"}}, "head must be a whole number from 0 or null"),
        ({"caption": "x", "view": {"muted": [[0]]}}, "muted must be a list of"),
        ({"caption": "x", "view": {"plot_range": [0, 1, 2]}}, "plot_range must be null or four numbers"),
        (
            {"caption": "x", "view": {"plot_range": [5, 1, 0, 1]}},
            "plot_range must be four finite numbers, each range from low to high",
        ),
        ({"caption": 3, "view": {}}, "expected a text"),
        ({"caption": "x"}, "a step needs a caption and a view"),
        ({"caption": "x", "view": {"hide_special": "yes"}}, "hide_special must be true or false"),
    ],
)
def test_a_hand_edited_manifest_names_the_step_and_the_field(tmp_path: Path, step: dict, message: str) -> None:
    manifest = {**_lesson().to_json(), "steps": [{"caption": "ok", "view": {}}, step]}
    path = _zip(tmp_path / "edited.wblesson", {"run/run.json": b"{}"}, manifest)
    with pytest.raises(LessonError, match=f"step 2 is damaged: {message}"):
        open_lesson(path, tmp_path / "cache")


def test_not_a_lesson_and_a_manifest_that_is_not_json(tmp_path: Path) -> None:
    with pytest.raises(LessonError, match="not a lesson file"):
        open_lesson(_plain_zip(tmp_path / "data.wblesson"), tmp_path / "cache")
    path = tmp_path / "bad.wblesson"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("lesson.json", b"{not json")
    with pytest.raises(LessonError, match=r"lesson\.json cannot be read"):
        open_lesson(path, tmp_path / "cache")


def test_saving_needs_a_run_folder(tmp_path: Path) -> None:
    with pytest.raises(LessonError, match="not a run folder"):
        save_lesson(tmp_path / "x.wblesson", _lesson(), tmp_path)
    assert not (tmp_path / "x.wblesson").exists()

"""Checkpoints as transactions (issue 18, problem 1): a write interrupted at any point leaves the previous
checkpoint whole and current; files of different steps are refused in one line; leftovers of killed writes are
cleaned on the next open; folders from before manifests still load and resume."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import torch
from test_engine import losses, make_config, run_all

from workbench.core.data.dataset import Dataset, stratified_split
from workbench.core.errors import RunError
from workbench.core.runs import checkpoint as ckpt
from workbench.core.runs.folder import RunFolder
from workbench.core.runs.lock import RunLock
from workbench.core.training.engine import Trainer
from workbench.core.training.events import StepEvent

POINTS = ["before model", "before optimizer", "before state", "before rename", "before manifest", "before prune"]


@pytest.fixture
def splits(tiny_texts: tuple[list[str], list[str]]) -> tuple[Dataset, Dataset]:
    texts, labels = tiny_texts
    return stratified_split(Dataset(texts, labels, source="tiny"), 0.2, seed=0)


class Interrupted(Exception):
    pass


def trained(steps: int) -> tuple[torch.nn.Module, torch.optim.Optimizer]:
    torch.manual_seed(0)
    model = torch.nn.Linear(4, 3)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    for _ in range(steps):
        opt.zero_grad()
        model(torch.randn(5, 4)).sum().backward()
        opt.step()
    return model, opt


@pytest.mark.parametrize("point", POINTS)
def test_a_write_interrupted_at_any_point_keeps_one_whole_checkpoint(tmp_path: Path, point: str) -> None:
    run = RunFolder.create(tmp_path / "r", info={"format_version": 1})
    model, opt = trained(2)
    run.lock()
    run.save_checkpoint(model, opt, {"step": 2}, best=True)
    kept_weight = model.weight.detach().clone()
    for _ in range(3):  # move on to step 5
        opt.zero_grad()
        model(torch.randn(5, 4)).sum().backward()
        opt.step()

    def fail(name: str) -> None:
        if name == point:
            raise Interrupted(name)

    run.fail_at = fail
    with pytest.raises(Interrupted):
        run.save_checkpoint(model, opt, {"step": 5}, best=False)
    run.fail_at = None
    run.release()

    reader = RunFolder.open(run.path)  # also tidies what the interrupted write left
    expected = 5 if point == "before prune" else 2  # the manifest's rename is the commit point
    assert reader.checkpoint().step == expected
    fresh = torch.nn.Linear(4, 3)
    reader.load_model_weights(fresh)
    state = reader.load_training_state(torch.optim.AdamW(fresh.parameters(), lr=1e-2))
    assert state["step"] == expected
    if expected == 2:  # the weights are step 2's, not the newer ones the interrupted write had started on
        assert torch.equal(fresh.weight, kept_weight)
    assert ckpt.leftovers(run.path) == []
    assert len(list((run.path / "checkpoints").iterdir())) == (2 if point == "before prune" else 1)  # + best


def test_files_of_different_steps_are_refused_in_one_line(tmp_path: Path) -> None:
    run = RunFolder.create(tmp_path / "r", info={"format_version": 1})
    model, opt = trained(1)
    with run.lock():
        first = run.save_checkpoint(model, opt, {"step": 1}, best=True)  # kept as the best
        second = run.save_checkpoint(model, opt, {"step": 2}, best=False)
    assert first.files["model"].is_file() and not first.files["optimizer"].exists()  # only the best is kept of it
    # Step 1's trainer state copied over step 2's: a torn checkpoint as the old layout could leave one.
    second.files["state"].write_text(json.dumps({"step": 1}))
    with pytest.raises(RunError, match=r"trainer_state.json is not the file checkpoint.json names for step 2"):
        run.load_training_state(torch.optim.AdamW(torch.nn.Linear(4, 3).parameters()))
    shutil.copy(first.files["model"], second.files["model"])
    second.files["model"].write_bytes(second.files["model"].read_bytes()[:-4] + b"\0\0\0\0")
    with pytest.raises(RunError, match="SHA-256 differs") as err:
        run.load_model_weights(torch.nn.Linear(4, 3))
    assert "\n" not in str(err.value)


def test_leftovers_of_killed_writes_are_cleaned_on_the_next_open_unless_someone_writes(tmp_path: Path) -> None:
    run = RunFolder.create(tmp_path / "r", info={"format_version": 1})
    model, opt = trained(1)
    with run.lock():
        run.save_checkpoint(model, opt, {"step": 1}, best=False)
    junk = [
        run.path / ".model.safetensors.abc123.tmp",
        run.path / "checkpoints" / ".step-00000002-ab12.xyz.tmp",
        run.path / "checkpoints" / "step-00000002-ab12",  # renamed into place, never named by the manifest
    ]
    junk[0].write_bytes(b"half")
    for folder in junk[1:]:
        folder.mkdir()
        (folder / "model.safetensors").write_bytes(b"half")
    with RunLock(run.path):  # a writer at work: its temporary files are not touched
        RunFolder.open(run.path)
        assert all(p.exists() for p in junk)
    RunFolder.open(run.path)
    assert not any(p.exists() for p in junk)
    assert RunFolder.open(run.path).checkpoint().step == 1


def to_legacy(run_dir: Path) -> None:
    """Turn a run folder into the layout written before manifests: the checkpoint's files at the top."""
    found = RunFolder(run_dir).checkpoint()
    for part, path in found.files.items():
        shutil.copy(path, run_dir / ckpt.PART_FILES[part])
    shutil.copy(found.best, run_dir / "best.safetensors")
    shutil.rmtree(run_dir / "checkpoints")
    (run_dir / "checkpoint.json").unlink()


def test_a_folder_from_before_manifests_loads_and_resumes_exactly(splits, tmp_path: Path) -> None:
    train, val = splits
    cfg = dict(max_steps=12, eval_every=4)
    straight = losses(run_all(Trainer(make_config("char", **cfg), train=train, val=val, run_dir=tmp_path / "a")))

    def stop_at_6(trainer: Trainer, ev: StepEvent) -> None:
        if ev.step == 6:
            trainer.stop()

    first = run_all(Trainer(make_config("char", **cfg), train=train, val=val, run_dir=tmp_path / "b"), stop_at_6)
    to_legacy(tmp_path / "b")
    old = RunFolder.open(tmp_path / "b")
    assert old.checkpoint().legacy and old.checkpoint().step == 6 and old.has_checkpoint()
    rest = run_all(Trainer(run_dir=tmp_path / "b", resume=True, train=train, val=val))
    assert losses(first) + losses(rest) == pytest.approx(straight, rel=1e-6, abs=1e-7)
    # Its next checkpoint was written the new way, and the old top-level files went with the old checkpoint.
    resumed = RunFolder.open(tmp_path / "b")
    assert not resumed.checkpoint().legacy and resumed.checkpoint().step == 12
    assert not (tmp_path / "b" / "model.safetensors").exists()
    assert not (tmp_path / "b" / "trainer_state.json").exists()

"""Run folders under real processes (issue 18): kill -9 in the middle of checkpoint writes, two writers on one
folder, Ctrl-C twice, a full disk, NaN weights and tampered files, all through the command line."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.core.runs import checkpoint as ckpt
from workbench.core.runs.folder import RunFolder
from workbench.core.runs.lock import HOLDER_FILE

ROOT = Path(__file__).resolve().parents[2]
SIZE = ["--d-model", "32", "--heads", "2", "--layers", "1", "--ff", "64", "--max-len", "32"]
TINY = [*SIZE, "--tokenizer", "char", "--precision", "fp32", "--threads", "1"]
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="kill -9 and SIGINT as on Linux and macOS")

# Runs `workbench` in a child process; with KILL_AT="POINT@STEP" it kills itself with SIGKILL at that point of
# the checkpoint write of that step (the points of core/runs/checkpoint.save).
CHILD = """
import os, signal, sys
from workbench.core.runs.folder import RunFolder
point, _, step = os.environ.get("KILL_AT", "@-1").partition("@")
save = RunFolder.save_checkpoint
def hook(name):
    if name == point:
        os.kill(os.getpid(), signal.SIGKILL)
def saving(self, model, optimizer, state, *, best):
    if state["step"] == int(step):
        self.fail_at = hook
    return save(self, model, optimizer, state, best=best)
RunFolder.save_checkpoint = saving
from workbench.__main__ import main
sys.exit(main())  # as the `workbench` command calls it: the arguments from sys.argv
"""


def child(args: list[str], stderr: Path, **env: str) -> subprocess.Popen:
    with open(stderr, "w") as fh:  # a file, not a pipe: a progress bar nobody reads must not block the child
        return subprocess.Popen(
            [sys.executable, "-c", CHILD, *args],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **env},
            stdout=subprocess.DEVNULL,
            stderr=fh,
        )


def wait_until(condition, proc: subprocess.Popen, what: str, timeout: float = 300) -> None:
    """Poll for something the child does (not a fixed sleep); fail at once if the child ends first. The timeout
    is no speed limit: a child starting torch beside a dozen busy processes took over 120 s to reach its steps."""
    import time

    end = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None or time.monotonic() > end:
            raise AssertionError(f"the child ended (or took too long) before {what}")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def data_csv(tmp_path_factory) -> Path:
    import random

    rng = random.Random(0)
    path = tmp_path_factory.mktemp("data") / "reviews.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["review", "sentiment"])
        for i in range(160):
            word = "good" if i % 2 else "bad"
            writer.writerow([f"the {rng.choice(['food', 'film', 'room'])} was really {word}", f"{word}"])
    return path


def step_losses(run: Path) -> list[float]:
    return [r["loss"] for r in RunFolder(run).read_metrics() if r["type"] == "step"]


@pytest.fixture(scope="module")
def reference(data_csv: Path, tmp_path_factory) -> list[float]:
    out = tmp_path_factory.mktemp("ref") / "run"
    assert (
        main(["train", str(data_csv), *TINY, "--max-steps", "8", "--eval-every", "2", "--out", str(out), "--quiet"])
        == 0
    )
    return step_losses(out)


@POSIX_ONLY
@pytest.mark.slow
@pytest.mark.parametrize("point", ["before state", "before manifest", "before prune"])  # all: test_checkpoints
def test_kill_9_during_a_checkpoint_write_then_resume_is_exact(data_csv, reference, tmp_path, point, capsys) -> None:
    run = tmp_path / "run"
    args = ["train", str(data_csv), *TINY, "--max-steps", "8", "--eval-every", "2", "--out", str(run), "--quiet"]
    proc = child(args, tmp_path / "stderr.txt", KILL_AT=f"{point}@4")
    proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert RunFolder(run).info()["status"] == "running"  # killed: nobody could say otherwise
    assert RunFolder(run).checkpoint().step == (4 if point == "before prune" else 2)

    assert main(["train", "--resume", str(run), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "stopped writing this run without closing it" in err  # the killed writer's lock was taken over
    assert step_losses(run) == pytest.approx(reference, rel=1e-6, abs=1e-7)
    assert RunFolder(run).info()["status"] == "finished" and ckpt.leftovers(run) == []


@POSIX_ONLY
@pytest.mark.slow
def test_a_second_writer_is_refused_and_ctrl_c_twice_leaves_a_stopped_run(data_csv, tmp_path, capsys) -> None:
    run = tmp_path / "run"
    assert main(["train", str(data_csv), *TINY, "--max-steps", "2", "--out", str(run), "--quiet"]) == 0
    long = ["train", "--resume", str(run), "--max-steps", "100000"]
    log = tmp_path / "stderr.txt"
    proc = child(long, log)  # with its progress bar, so its Ctrl-C note can be waited for
    try:
        wait_until(lambda: len(step_losses(run)) >= 4, proc, "its second step")  # it holds the lock by then
        holder = json.loads((run / HOLDER_FILE).read_text())
        assert holder["pid"] == proc.pid

        assert main(["train", "--resume", str(run), "--quiet"]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and f"being written by process {proc.pid}" in err

        proc.send_signal(signal.SIGINT)
        wait_until(lambda: "stopping after this step" in log.read_text(), proc, "the Ctrl-C note")
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=120)
    finally:
        proc.kill()
    rest = log.read_text()
    assert proc.returncode in (0, 130) and "Traceback" not in rest  # 130: the second one came mid-save
    folder = RunFolder.open(run)
    assert folder.info()["status"] == "stopped" and folder.has_checkpoint()
    assert not (run / HOLDER_FILE).exists()
    assert main(["inspect", str(run), "the film was good", "--json"]) == 0


def test_ctrl_c_while_a_resume_prepares_says_one_line_and_leaves_it_stopped(data_csv, tmp_path, capsys, monkeypatch):
    run = tmp_path / "run"
    assert main(["train", str(data_csv), *TINY, "--max-steps", "2", "--out", str(run), "--quiet"]) == 0

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("workbench.core.training.preparation.load_splits", interrupt)
    assert main(["train", "--resume", str(run), "--quiet"]) == 130
    err = capsys.readouterr().err.strip()
    assert err == "workbench train: interrupted."
    assert RunFolder(run).info()["status"] == "stopped" and not (run / HOLDER_FILE).exists()


def test_a_full_disk_keeps_the_last_checkpoint_and_says_so(data_csv, tmp_path, capsys, monkeypatch) -> None:
    import errno

    import safetensors.torch

    real = safetensors.torch.save_file
    calls = []

    def filling(tensors, filename, metadata=None):
        calls.append(filename)
        if len(calls) >= 4:  # (weights, optimizer) per checkpoint: the second one's optimizer meets a full disk
            raise OSError(errno.ENOSPC, "No space left on device", filename)
        return real(tensors, filename, metadata=metadata)

    monkeypatch.setattr(safetensors.torch, "save_file", filling)
    run = tmp_path / "run"
    args = ["train", str(data_csv), *TINY, "--max-steps", "8", "--eval-every", "2", "--out", str(run), "--quiet"]
    assert main(args) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"The disk is full: free space in {tmp_path}" in err and "checkpoint from step 2 is kept" in err
    assert "unexpected" not in err
    assert RunFolder.open(run).checkpoint().step == 2 and ckpt.leftovers(run) == []


def test_nan_weights_are_never_saved_and_json_never_holds_nan(data_csv, tmp_path, capsys, monkeypatch) -> None:
    import math

    from workbench.core.training.engine import Trainer

    real_step = Trainer._train_step

    def poisoning(self, *args):
        loss = real_step(self, *args)
        if self.progress.step == 5:  # this update (step 6) leaves NaN weights behind a finite loss
            with __import__("torch").no_grad():
                self.model.classifier.weight.fill_(math.nan)
        return loss

    monkeypatch.setattr(Trainer, "_train_step", poisoning)
    run = tmp_path / "run"
    args = ["train", str(data_csv), *TINY, "--max-steps", "12", "--eval-every", "2", "--out", str(run), "--json"]
    assert main([*args, "--quiet"]) == 1
    out, err = capsys.readouterr()
    assert "NaN or infinite at step 6" in err and "the checkpoint from step 4 is kept" in err and out == ""
    assert RunFolder.open(run).checkpoint().step == 4
    assert main(["inspect", str(run), "the film was good", "--json"]) == 0
    printed = capsys.readouterr().out

    def no_constants(name: str) -> None:
        raise AssertionError(f"{name} in the JSON output")

    assert json.loads(printed, parse_constant=no_constants)["label"] in ("good", "bad")


@pytest.fixture(scope="module")
def finished_run(data_csv: Path, tmp_path_factory) -> Path:
    run = tmp_path_factory.mktemp("done") / "run"
    assert main(["train", str(data_csv), *TINY, "--max-steps", "2", "--out", str(run), "--quiet"]) == 0
    return run


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("config.toml", b'[model]\nd_model = "big"\n', "d_model"),
        ("config.toml", b"\xff\xfe garbage [[[", "config.toml"),
        ("config.toml", b"[model]\nd_model = 100000000\n", "d_model"),
        ("labels.json", b'{"not": "a list"}', "labels.json"),
        ("labels.json", b'["only one"]', "labels.json"),
        ("run.json", b"[1, 2]", "run.json"),
        ("checkpoint.json", b"\x00\x01", "checkpoint.json"),
        ("metrics.jsonl", b"\xff\x00 not json\n[1]\n", None),  # unreadable lines are skipped: resume still works
    ],
)
def test_a_tampered_file_gives_one_line_and_exit_2_in_every_command(
    finished_run, data_csv, tmp_path, capsys, name, content, words
) -> None:
    import shutil

    run = tmp_path / "run"
    shutil.copytree(finished_run, run)
    (run / name).write_bytes(content)
    commands = [
        ["inspect", str(run), "the film was good"],
        ["evaluate", str(run), str(data_csv)],
        ["predict", str(run), str(data_csv), "--out", str(tmp_path / "p.csv")],
        ["train", str(data_csv), "--from", str(run), "--max-steps", "1", "--out", str(tmp_path / "ft"), "--quiet"],
        ["train", "--resume", str(run), "--max-steps", "3", "--quiet"],
    ]
    for args in commands:
        if "--from" in args and name in ("metrics.jsonl", "labels.json"):
            continue  # a pre-trained start reads neither
        code = main(args)
        err = capsys.readouterr().err.strip()
        if words is None:
            assert code == 0, err
            continue
        assert code == 2, (args, err)
        assert len(err.splitlines()) == 1 and words in err and "Traceback" not in err, (args, err)

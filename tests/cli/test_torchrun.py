"""Training under torchrun: 2 Gloo processes on the CPU make the run one process makes with the same global
batch, rank 0 alone writes, prints and evaluates, and a resumed run continues in step."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from test_cli import TINY, last_json, reviews_csv  # noqa: F401 - reviews_csv is a fixture

from workbench.cli import main

pytestmark = pytest.mark.slow

# Dropout 0 (each process draws its own dropout masks) and characters (WordPiece breaks ties between equally
# frequent pieces differently from one training to the next, so two runs' token ids would differ).
SAME = ["--dropout", "0", "--tokenizer", "char", "--device", "cpu", "--eval-every", "100", "--seed", "3"]


def torchrun(*args: str, cwd: Path, script: list[str] | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc-per-node", "2"]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(Path.cwd())}
    program = script if script is not None else ["-m", "workbench"]
    return subprocess.run([*command, *program, *args], capture_output=True, text=True, timeout=600, cwd=cwd, env=env)


def step_losses(run: Path) -> list[float]:
    lines = (run / "metrics.jsonl").read_text().splitlines()
    return [r["loss"] for r in map(json.loads, lines) if r["type"] == "step"]


def test_two_processes_train_like_one_with_the_same_global_batch(reviews_csv, tmp_path, capsys) -> None:  # noqa: F811
    runs = tmp_path / "runs"  # a process that wrote anything of its own would make a folder here
    shared = tmp_path / "shared"
    out = torchrun(
        "train", str(reviews_csv), "--batch-size", "8", "--max-steps", "4", "--out", str(shared),
        "--runs-dir", str(runs), "--json", *[a for a in TINY if a != "--quiet"], *SAME, cwd=tmp_path,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    json_lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    assert len(json_lines) == 1  # rank 0 alone prints
    summary = json.loads(json_lines[0])
    assert summary["world_size"] == 2 and summary["global_batch"] == 16 and summary["steps"] == 4
    assert out.stderr.count("training on ") == 1 and "2 processes (gloo), global batch 16" in out.stderr
    assert not runs.exists() and not (tmp_path / "workbench").exists()
    info = json.loads((shared / "run.json").read_text())
    assert (info["world_size"], info["global_batch"]) == (2, 16)

    # One process, a batch of 16: the same rows in every step, the same start; only the order in which fp32
    # sums are added differs (each process sums its half, then Gloo adds the halves): ~1e-7 relative in a
    # gradient. Adam divides a gradient by its running size, so a gradient that is zero but for rounding can move
    # its weight by up to the learning rate either way, and later losses drift apart by up to ~1e-3 relative
    # (measured: equal to 6 digits for 3 steps, 3e-4 at the 4th). A wrong row, scale or lost gradient changes the
    # loss by over 1e-2 at the second step.
    alone = tmp_path / "alone"
    args = ["train", str(reviews_csv), "--batch-size", "16", "--max-steps", "6", "--out", str(alone), "--json"]
    assert main([*args, *TINY, *SAME]) == 0
    single = last_json(capsys.readouterr().out)
    np.testing.assert_allclose(step_losses(shared)[:2], step_losses(alone)[:2], rtol=1e-6)
    np.testing.assert_allclose(step_losses(shared), step_losses(alone)[:4], rtol=2e-3)

    # Continued under torchrun to the same horizon: the data order and the optimizer state carry on.
    out = torchrun("train", "--resume", str(shared), "--max-steps", "6", "--json", "--quiet", cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    resumed = json.loads(out.stdout.strip().splitlines()[-1])
    assert resumed["steps"] == 6 and resumed["world_size"] == 2
    np.testing.assert_allclose(step_losses(shared), step_losses(alone), rtol=2e-3)
    assert resumed["val_loss"] == pytest.approx(single["val_loss"], rel=2e-3)
    assert resumed["val_accuracy"] == pytest.approx(single["val_accuracy"], abs=0.05)
    # Evaluated once, by rank 0, on the whole validation set: evaluating the saved weights afresh in one process
    # gives the run's own numbers.
    assert main(["evaluate", str(shared), str(reviews_csv), "--json"]) == 0
    evaluated = last_json(capsys.readouterr().out)
    assert evaluated["accuracy"] == pytest.approx(resumed["val_accuracy"], abs=1e-9)
    # Continued alone: another global batch (8), said plainly.
    assert main(["train", "--resume", str(shared), "--max-steps", "7", "--json", "--quiet"]) == 0
    captured = capsys.readouterr()
    assert last_json(captured.out)["steps"] == 7 and last_json(captured.out)["world_size"] == 1
    assert "global batch of 16" in captured.err and "continues with 8" in captured.err


def test_bad_input_under_torchrun_is_one_line_from_rank_0(tmp_path) -> None:
    out = torchrun("train", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "run"), *TINY, cwd=tmp_path)
    assert out.returncode != 0
    lines = [line for line in out.stderr.splitlines() if line.startswith("workbench train:")]
    assert len(lines) == 1 and "missing.csv" in lines[0], out.stderr[-2000:]
    assert not (tmp_path / "run").exists()


def test_a_failing_process_ends_the_run_with_one_line_and_keeps_the_checkpoint(reviews_csv, tmp_path) -> None:  # noqa: F811
    run = tmp_path / "run"
    script = [str(Path(__file__).with_name("torchrun_failing.py")), "5"]  # process 1 fails at its 6th step
    args = ["train", str(reviews_csv), "--max-steps", "12", "--eval-every", "2", "--batch-size", "8"]
    out = torchrun(*args, "--out", str(run), *TINY, "--device", "cpu", cwd=tmp_path, script=script)
    assert out.returncode != 0
    ours = [line for line in out.stderr.splitlines() if line.startswith(("workbench", "error:"))]
    assert "workbench: process 1 of 2 failed: CUDA out of memory (simulated)" in ours, out.stderr[-3000:]
    # Process 0 says so too, unless torchrun's stop reaches it first (it stops the others once one has failed).
    kept = "error: another process of this torchrun job stopped (its own message says why); the run keeps its "
    assert all(line.startswith("workbench: process 1") or line == kept + "checkpoint of step 4." for line in ours)
    info = json.loads((run / "run.json").read_text())
    assert info["last_checkpoint_step"] == 4 and info["status"] in ("failed", "running")
    # The kept checkpoint continues (alone here) from step 4.
    assert main(["train", "--resume", str(run), "--max-steps", "6", "--quiet"]) == 0
    assert json.loads((run / "run.json").read_text())["steps"] == 6


def test_a_time_limit_is_decided_by_rank_0_alone(reviews_csv, tmp_path) -> None:  # noqa: F811
    """Only rank 0 reads a clock: the others take the steps it announces and stop when it says so, so a time limit
    cannot leave one process in a collective that the others have left (both exit 0, at the same step)."""
    run = tmp_path / "run"
    args = ["train", str(reviews_csv), "--max-time", "2", "--batch-size", "8", "--no-early-stop", "--json"]
    out = torchrun(*args, "--out", str(run), *TINY, "--device", "cpu", cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    assert summary["end_reason"] == "time_limit" and summary["world_size"] == 2 and summary["steps"] > 0
    assert (
        summary["steps"] == len(step_losses(run)) and json.loads((run / "run.json").read_text())["status"] == "finished"
    )

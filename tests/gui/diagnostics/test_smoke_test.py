"""`workbench --smoke-test`, run the way CI runs the packaged app: its own process, offscreen, fresh user folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtGui import QImage

KEYS = {"window_shown_s", "torch_ready_s", "startup_stall_ms", "steps", "val_accuracy", "attention_ok", "total_s"}


def smoke(tmp_path: Path, *extra: str, **more_env: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"), **more_env)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(tmp_path / var.lower())
    report = tmp_path / "out" / "report.json"
    command = [sys.executable, "-m", "workbench", "--smoke-test", "--report", str(report), *extra]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240, check=False)
    assert report.is_file(), f"no report; stderr: {done.stderr[-2000:]}"
    return done, json.loads(report.read_text(encoding="utf-8"))


def test_the_smoke_test_trains_renders_attention_and_reports(tmp_path: Path) -> None:
    shot = tmp_path / "shots" / "window.png"
    done, report = smoke(tmp_path, "--steps", "6", "--screenshot", str(shot))
    assert done.returncode == 0, report.get("error")
    assert "error" not in report
    assert report.keys() >= KEYS
    assert report["steps"] == 6
    assert 0.0 <= report["val_accuracy"] <= 1.0
    assert report["attention_ok"] is True
    layers, heads, rows, cols = report["attention_shape"]
    assert layers >= 1 and heads >= 1 and rows == cols >= 3  # [CLS] + words + [SEP]
    assert 0 < report["window_shown_s"] < report["total_s"]
    assert 0 < report["torch_ready_s"] < report["total_s"]
    assert report["startup_stall_ms"] >= 0
    # The same JSON object is printed as the last line, for a console that reads it.
    assert json.loads(done.stdout.strip().splitlines()[-1]) == report
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 800 and image.height() >= 500
    # Runs and settings went to a temporary folder, never to the person's own.
    assert not any((tmp_path / "xdg_data_home").rglob("*.safetensors"))
    assert not (tmp_path / "xdg_config_home" / "TransformerWorkbench").exists()


def test_a_smoke_test_that_cannot_finish_says_why_and_fails(tmp_path: Path) -> None:
    # The watchdog's grace is long here: on a busy machine opening the window alone can take longer than the
    # default 15 s, and then the watchdog, not the soft timeout under test, would end the run.
    done, report = smoke(tmp_path, "--timeout", "0.5", "--grace", "200")
    assert done.returncode != 0
    assert "timed out waiting for the window" in report["error"]


def test_a_stuck_smoke_test_is_ended_by_its_watchdog(tmp_path: Path) -> None:
    done, report = smoke(tmp_path, "--timeout", "0.1", "--grace", "0")  # the watchdog fires at once
    assert done.returncode == 3
    assert report["error"] == "the app stopped responding (no result after 0 s)"


def test_a_broken_torch_fails_the_smoke_test_with_the_reason(tmp_path: Path) -> None:
    # The window opens without torch (it loads in the background), so only the smoke test notices.
    fake = tmp_path / "fake" / "torch"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('this torch is broken on purpose')\n")
    path = os.pathsep.join([str(fake.parent), os.environ.get("PYTHONPATH", "")])
    done, report = smoke(tmp_path, PYTHONPATH=path)
    assert done.returncode != 0
    assert report["error"] == "torch could not be loaded: ImportError: this torch is broken on purpose"
    assert report["window_shown_s"] > 0 and report["torch_ready_s"] is None

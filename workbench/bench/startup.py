"""`workbench bench startup`: how fast the app opens, from source and (when built) as the packaged app.

Each launch is a fresh process (offscreen Qt, temporary user folders) started with WORKBENCH_STARTUP_REPORT set:
the app times itself (gui/diagnostics/startup_probe.py), writes the timestamps and quits. Times are measured here
from just before the process is started, so they include the interpreter's (or the bundle's) own start:

  source_window_s / packaged_window_s   to the usable window: shown, default data loaded, Start enabled
  torch_ready_s / packaged_torch_ready_s  to torch imported and warmed up in the background (device probe)
  startup_stall_ms                      the longest the window's event loop was blocked meanwhile (10 ms probe)
  bundle_mb                             the size of dist/TransformerWorkbench (10^6 bytes)

One launch first warms the disk cache (reported as *_first_window_s), then the median of `repeats` launches.
Targets on the 2-core development machine: both window times <= 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPEATS = 3
LAUNCH_TIMEOUT_S = 120.0
TARGET_WINDOW_S = 1.5
APP_NAME = "TransformerWorkbench"


def bundle_dir() -> Path:
    """Where `pyinstaller build.spec` puts the one-folder app (the checkout's dist/ folder)."""
    return Path(__file__).resolve().parents[2] / "dist" / APP_NAME


def bundle_executable(folder: Path | None = None) -> Path | None:
    folder = bundle_dir() if folder is None else folder
    for name in (APP_NAME, f"{APP_NAME}.exe"):
        if (folder / name).is_file():
            return folder / name
    return None


def folder_mb(folder: Path) -> float:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return round(total / 1e6, 1)


def launch_once(command: list[str]) -> dict[str, Any]:
    """Start the app once and return its timings in seconds from just before the launch."""
    with tempfile.TemporaryDirectory(prefix="workbench-startup-") as tmp:
        root = Path(tmp)
        report = root / "startup.json"
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WORKBENCH_STARTUP_REPORT=str(report), HOME=str(root))
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "APPDATA", "LOCALAPPDATA"):
            env[var] = str(root / var.lower())
        env.pop("WORKBENCH_AUTOSTART", None)
        env.pop("WORKBENCH_PAGE", None)
        launched = time.time()
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=LAUNCH_TIMEOUT_S, check=False)
        ended = time.time()
        if done.returncode != 0 or not report.is_file():
            tail = (done.stderr or done.stdout or "").strip().splitlines()[-5:]
            raise RuntimeError(f"{command[0]} exited with {done.returncode} without a report: {' | '.join(tail)}")
        data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("torch_error") or data.get("torch_at") is None:
        raise RuntimeError(f"{command[0]}: torch could not be loaded: {data.get('torch_error')}")
    return {
        "window_s": round(data["window_at"] - launched, 3),
        "torch_ready_s": round(data["torch_at"] - launched, 3),
        "stall_ms": data["startup_stall_ms"],
        "exit_s": round(ended - launched, 3),
    }


def measure(command: list[str], repeats: int = REPEATS) -> dict[str, Any]:
    """A warm-up launch, then the medians of `repeats` launches (and every launch's numbers)."""
    first = launch_once(command)
    runs = [launch_once(command) for _ in range(repeats)]
    return {
        "first_window_s": first["window_s"],
        "window_s": round(statistics.median(r["window_s"] for r in runs), 3),
        "torch_ready_s": round(statistics.median(r["torch_ready_s"] for r in runs), 3),
        "stall_ms": round(statistics.median(r["stall_ms"] for r in runs), 1),
        "max_stall_ms": max(r["stall_ms"] for r in runs),
        "runs": runs,
    }


def run(repeats: int = REPEATS, *, source: bool = True, bundle: Path | None = None) -> dict[str, Any]:
    result: dict[str, Any] = {"repeats": repeats, "target_window_s": TARGET_WINDOW_S}
    frozen = bool(getattr(sys, "frozen", False))
    if source and not frozen:
        m = measure([sys.executable, "-m", "workbench"], repeats)
        result.update(
            source_window_s=m["window_s"],
            torch_ready_s=m["torch_ready_s"],
            startup_stall_ms=m["stall_ms"],
            source_first_window_s=m["first_window_s"],
            source_runs=m["runs"],
        )
    folder = bundle if bundle is not None else (Path(sys.executable).parent if frozen else bundle_dir())
    exe = Path(sys.executable) if frozen else bundle_executable(folder)
    if exe is not None:
        m = measure([str(exe)], repeats)
        result.update(
            packaged_window_s=m["window_s"],
            packaged_torch_ready_s=m["torch_ready_s"],
            packaged_stall_ms=m["stall_ms"],
            packaged_first_window_s=m["first_window_s"],
            packaged_runs=m["runs"],
            bundle_mb=folder_mb(folder),
        )
        if frozen:  # the bundle is all there is: its numbers are the start-up numbers
            result.setdefault("torch_ready_s", m["torch_ready_s"])
            result.setdefault("startup_stall_ms", m["stall_ms"])
    else:
        result.update(packaged_window_s=None, bundle_mb=None)
    windows = [result.get("source_window_s"), result.get("packaged_window_s")]
    result["meets_target"] = all(w <= TARGET_WINDOW_S for w in windows if w is not None)
    return result


def run_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """`workbench bench startup`."""
    return run()

"""Start-up: the timing probe, the garbage collector that waits for torch, and `workbench bench startup`."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from workbench import torch_loader
from workbench.bench import startup
from workbench.bench.registry import BENCHES
from workbench.gui.app import GuiThreadCollector
from workbench.gui.diagnostics.startup_probe import process_started_at


def test_the_process_start_time_is_before_now_and_recent() -> None:
    import time

    started = process_started_at()
    assert time.time() - 3600 < started <= time.time()


def test_the_collector_waits_while_torch_loads_then_freezes_what_it_made(monkeypatch: pytest.MonkeyPatch) -> None:
    was_enabled = gc.isenabled()
    collector = GuiThreadCollector(interval=60.0)  # the test drives check() itself
    collector.timer.stop()
    collected: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    loading = [True]
    collector.hold_while(lambda: loading[0])
    frozen_before = gc.get_freeze_count()
    try:
        junk = [[i] for i in range(2000)]  # enough young objects for pyqtgraph's collector to want a pass
        collector.check()
        assert collected == [] and gc.get_freeze_count() == frozen_before  # torch still loading: hands off

        loading[0] = False
        monkeypatch.setattr(torch_loader, "state", lambda: "loaded")
        collector.check()
        assert collected == [] and gc.get_freeze_count() > frozen_before  # frozen, not traversed
        del junk
        junk2 = [[i] for i in range(2000)]
        collector.check()
        assert collected[:1] == [0]  # from now on, ordinary young-generation passes
        del junk2
    finally:
        gc.unfreeze()
        if was_enabled:
            gc.enable()


def test_the_startup_bench_is_registered() -> None:
    module, about = BENCHES["startup"]
    assert module == "workbench.bench.startup" and "torch" in about


def test_one_launch_from_source_reports_a_usable_window_then_torch() -> None:
    result = startup.launch_once([sys.executable, "-m", "workbench"])
    assert 0 < result["window_s"] < result["exit_s"]
    assert 0 < result["torch_ready_s"] < result["exit_s"]
    assert result["stall_ms"] >= 0


def test_the_bench_takes_medians_and_measures_a_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bundle = tmp_path / "TransformerWorkbench"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "TransformerWorkbench").write_bytes(b"x" * 1000)
    (bundle / "_internal" / "lib.so").write_bytes(b"y" * 2_499_000)
    launches: list[list[str]] = []
    times = iter([9.0, 1.0, 3.0, 2.0, 9.0, 0.5, 0.7, 0.6])  # each measure: a warm-up, then three launches

    def fake_launch(command: list[str]) -> dict[str, Any]:
        launches.append(command)
        w = next(times)
        return {"window_s": w, "torch_ready_s": w + 2, "stall_ms": w * 10, "exit_s": w + 3}

    monkeypatch.setattr(startup, "launch_once", fake_launch)
    result = startup.run(repeats=3, bundle=bundle)
    assert launches[0] == [sys.executable, "-m", "workbench"]
    assert launches[-1] == [str(bundle / "TransformerWorkbench")]
    assert result["source_first_window_s"] == 9.0 and result["source_window_s"] == 2.0
    assert result["torch_ready_s"] == 4.0 and result["startup_stall_ms"] == 20.0
    assert result["packaged_window_s"] == 0.6 and result["bundle_mb"] == 2.5
    assert result["meets_target"] is False  # the source start took 2.0 s

    launches.clear()
    times = iter([1.0, 1.0, 1.0, 1.0])
    result = startup.run(repeats=3, bundle=tmp_path / "missing")
    assert result["packaged_window_s"] is None and result["bundle_mb"] is None and result["meets_target"] is True
    assert len(launches) == 4


def test_the_bundle_folder_is_the_checkouts_dist() -> None:
    assert startup.bundle_dir().parts[-2:] == ("dist", "TransformerWorkbench")
    assert startup.bundle_dir().parent.parent == Path(startup.__file__).resolve().parents[2]
    assert os.path.basename(str(startup.bundle_executable(Path("/nonexistent")) or "")) == ""


def test_the_probe_reports_its_worst_late_ticks_and_when_they_came(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.gui.diagnostics import startup_probe

    class Hidden:  # a window not usable yet, and no devices: the probe only times its ticks
        def windowHandle(self) -> None:
            return None

        def isVisible(self) -> bool:
            return False

        def devices_known(self) -> bool:
            return False

    clock = [0.0]
    monkeypatch.setattr(startup_probe.time, "perf_counter", lambda: clock[0])
    monkeypatch.setattr(startup_probe.time, "time", lambda: 100.0 + clock[0])
    probe = startup_probe.StartupProbe(Hidden(), started_at=100.0)
    for at in (0.5, 0.51, 0.56, 0.57, 0.595, 0.605):  # late by 0, 40, 0, 15 and 0 ms
        clock[0] = at
        probe._tick()
    result = probe.result()
    assert result["startup_stall_ms"] == 40.0
    assert result["late_ticks"] == [[0.51, 40.0], [0.57, 15.0]]  # worst first, from when the window stopped

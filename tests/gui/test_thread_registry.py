"""The one registry of background threads: every kind registers while it runs, and one shutdown stops them all."""

from __future__ import annotations

import threading
from pathlib import Path

from workbench.core.training.events import DoneEvent
from workbench.gui.threads import registry
from workbench.gui.threads.device_probe import DeviceProbe
from workbench.gui.threads.evaluation_job import BackgroundJob, JobCancelled
from workbench.gui.threads.inspection_worker import InspectWorker
from workbench.gui.threads.training_worker import TrainingWorker


def test_a_job_is_registered_while_it_runs_and_shutdown_cancels_it(qtbot) -> None:
    started = threading.Event()
    outcome: list[str] = []

    def endless(report) -> str:
        started.set()
        try:
            while True:
                report(0, 0, "waiting to be cancelled")
        except JobCancelled:
            outcome.append("cancelled")
            return "cancelled"

    job = BackgroundJob(endless)
    with qtbot.waitSignal(job.ended, timeout=10_000):
        job.start()
        assert started.wait(10)
        assert job in registry.running()
        assert registry.shutdown(10_000) == []
    assert outcome == ["cancelled"] and job not in registry.running()


def test_shutdown_stops_a_training_run_without_a_last_evaluation(qtbot) -> None:
    begun = threading.Event()

    class Trainer:  # what the worker asks of the engine's Trainer
        run, device, resuming, warnings, paused = None, None, False, (), False

        def __init__(self) -> None:
            self.stopped = threading.Event()
            self.evaluate: bool | None = None

        def prepare(self) -> None: ...

        def pause(self) -> None: ...

        def resume(self) -> None: ...

        def stop(self, *, evaluate: bool = True) -> None:
            self.evaluate = evaluate
            self.stopped.set()

        def fit(self):
            begun.set()
            self.stopped.wait(30)
            yield DoneEvent(0, "stopped", {})

    worker = TrainingWorker(Trainer)
    with qtbot.waitSignal(worker.ended, timeout=10_000):
        worker.start()
        assert begun.wait(10)
        assert worker in registry.running()
        assert registry.shutdown(10_000) == []
    assert worker.trainer is not None and worker.trainer.evaluate is False
    assert worker.last_done is not None and worker.last_done.reason == "stopped"
    assert worker not in registry.running()


def test_the_device_probe_and_the_inspection_thread_register_too(qtbot, tmp_path: Path) -> None:
    probe = DeviceProbe()
    with qtbot.waitSignal(probe.found, timeout=60_000):
        probe.start()
        assert probe in registry.running()
    assert probe not in registry.running()

    inspector = InspectWorker()
    with qtbot.waitSignal(inspector.failed, timeout=30_000):
        inspector.load_run(tmp_path / "no-such-run")
        assert inspector in registry.running()
    qtbot.waitUntil(lambda: inspector not in registry.running(), timeout=10_000)

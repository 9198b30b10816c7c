"""workbench.core.heap: training in a worker thread, as the app does, takes the memory of a step's activations
from the system once, not at every step. Without keep_freed_memory() glibc unmapped and trimmed them as they were
freed, and every step faulted them in again (thousands of pages a step). Checked in fresh processes (the settings
are process-wide) by the training thread's own count of minor page faults, step by step."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.core import heap

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, resource, sys, tempfile, threading
from pathlib import Path
from workbench.core import heap
kept = heap.keep_freed_memory() if sys.argv[1] == "keep" else False
if not kept:
    heap._kept = False  # the trainer's own call changes nothing
import torch
from workbench.bench.train import BATCH, SEQ, _synthetic
from workbench.core.config import DataConfig, Precision, RunConfig, TokenizerKind, TrainConfig, preset
from workbench.core.training.engine import Trainer
from workbench.core.training.events import StepEvent
from workbench.core.model import step_masks
# Masks drawn in the step: drawn ahead, they come from the helper thread's own malloc arena, and a busy machine
# decides from step to step which arena serves them, which this count would then measure.
_init = step_masks.StepMasks.__init__
step_masks.StepMasks.__init__ = lambda self, seed, rank=0, ahead=True, helper=None: _init(self, seed, rank, False)
torch.set_num_threads(1)
steps = 8
cfg = RunConfig(data=DataConfig(source="bench:synthetic", tokenizer=TokenizerKind.CHAR),
                model=preset("small", max_len=SEQ, positional="sinusoidal"),
                train=TrainConfig(batch_size=BATCH, max_steps=steps, seed=0, precision=Precision("fp32"),
                                  eval_every=10**6))
out = {"kept": kept, "faults": []}
def work():
    with tempfile.TemporaryDirectory() as tmp:
        trainer = Trainer(cfg, train=_synthetic(BATCH * steps, 0), val=_synthetic(BATCH, 1),
                          run_dir=Path(tmp) / "run")
        last = None
        for event in trainer.fit():
            if isinstance(event, StepEvent):
                now = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
                if last is not None:
                    out["faults"].append(now - last)
                last = now
thread = threading.Thread(target=work)
thread.start()
thread.join()
print(json.dumps(out))
"""


def _faults_per_step(mode: str) -> tuple[bool, float]:
    own = ("LD_PRELOAD", "GLIBC_TUNABLES")
    env = {k: v for k, v in os.environ.items() if k not in own and not k.startswith("MALLOC_")}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return out["kept"], statistics.median(out["faults"][1:])  # from the third step on


@pytest.mark.skipif(heap._glibc() is None, reason="glibc's allocator only")
def test_training_in_a_thread_keeps_its_steps_memory() -> None:
    kept, kept_faults = _faults_per_step("keep")
    default, default_faults = _faults_per_step("default")
    assert kept is True and default is False
    # glibc alone faults a step's activations in again (4,000-12,000 pages a step here, 2,000 on a busy machine);
    # kept, the pages of the step before are reused (0 here, a few hundred on a busy machine).
    assert default_faults > 1000, default_faults
    assert kept_faults * 4 < default_faults, (kept_faults, default_faults)


def test_a_persons_own_allocator_settings_are_kept(monkeypatch) -> None:
    monkeypatch.setattr(heap, "_kept", None)
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert heap.keep_freed_memory() is False

"""workbench.core.heap: with keep_freed_memory(), a worker thread's 16 MB tensor comes from the main heap (not
its own arena, not a mapping of its own) and stays there once freed, for the next step; without it glibc maps
such a block and unmaps it on free, so a training step took its activations from the system again at every step.
Checked in fresh processes (the settings are process-wide) through glibc's mallinfo2 and malloc_stats."""

from __future__ import annotations

import ctypes
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import ctypes, json, sys, threading
from workbench.core.heap import keep_freed_memory
kept = keep_freed_memory() if sys.argv[1] == "keep" else False
import torch
torch.set_num_threads(1)
FIELDS = "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"
class Info(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in FIELDS.split()]
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Info
MB = 2**20
out = {"kept": kept}
def work():  # in a thread of its own, as the app trains
    before = libc.mallinfo2()
    block = torch.ones(4 * MB)  # 16 MB
    during = libc.mallinfo2()
    libc.malloc_stats()  # every arena's bytes in use, on stderr
    del block
    freed = libc.mallinfo2()
    out.update(mapped=(during.hblkhd - before.hblkhd) / MB, free_kept=(freed.fordblks - before.fordblks) / MB)
thread = threading.Thread(target=work)
thread.start()
thread.join()
print(json.dumps(out))
"""


def _glibc_with_mallinfo2() -> bool:
    try:
        libc = ctypes.CDLL(None)
    except OSError:
        return False
    return sys.platform.startswith("linux") and hasattr(libc, "mallinfo2") and hasattr(libc, "gnu_get_libc_version")


def _run(mode: str) -> dict:
    own = ("LD_PRELOAD", "GLIBC_TUNABLES", "MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")
    env = {k: v for k, v in os.environ.items() if k not in own}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, mode], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    # malloc_stats: "Arena N:" then "system bytes = ..." and "in use bytes = ..." for each arena, then the totals.
    arenas, current = {}, None
    for line in done.stderr.splitlines():
        if line.startswith("Arena "):
            current = int(line.split()[1].rstrip(":"))
        elif line.startswith("Total"):
            current = None
        elif current is not None and line.startswith("in use bytes"):
            arenas[current] = int(line.split("=")[1]) / 2**20
    out["in_use_by_arena"] = arenas
    return out


@pytest.mark.skipif(not _glibc_with_mallinfo2(), reason="glibc (mallinfo2) only")
def test_a_threads_freed_blocks_stay_in_the_main_heap() -> None:
    kept = _run("keep")
    assert kept["kept"] is True
    assert kept["mapped"] == 0  # not a mapping of its own
    assert list(kept["in_use_by_arena"]) == [0] and kept["in_use_by_arena"][0] >= 16  # the main heap, no other
    assert kept["free_kept"] >= 16  # freed, and still there for the next step

    default = _run("default")
    assert default["kept"] is False
    assert len(default["in_use_by_arena"]) > 1  # glibc alone: the thread had an arena of its own,
    assert default["mapped"] >= 16 and default["free_kept"] < 1  # the block was mapped, and unmapped when freed


def test_a_persons_own_allocator_settings_are_kept(monkeypatch) -> None:
    from workbench.core import heap

    monkeypatch.setattr(heap, "_kept", None)
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert heap.keep_freed_memory() is False

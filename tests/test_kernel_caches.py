"""The entry point bounds oneDNN's and ideep's kernel caches (workbench.kernel_caches): a compiled kernel kept per
input shape, unbounded, made pre-training's memory grow at almost every step (the masked-LM head sees a new number
of rows each time). Checked in a fresh process, since the caches read their settings once."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.core.training.device import cpu_has_native_bf16

ROOT = Path(__file__).resolve().parents[1]

# 300 products with distinct row counts under bf16 autocast, as 300 steps of masked-LM training give; prints how
# much the C library's heap holds afterwards that it did not hold before (megabytes).
SCRIPT = """
import ctypes, sys
from workbench.__main__ import main
try:
    main(["train", "--help"])
except SystemExit:
    pass
import torch
import torch.nn.functional as F
torch.set_num_threads(1)
FIELDS = "arena ordblks smblks hblks hblkhd usmblks fsmblks uordblks fordblks keepcost"
class Info(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in FIELDS.split()]
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = Info
def held():
    info = libc.mallinfo2()
    return info.uordblks + info.hblkhd
w, x = torch.randn(256, 128), torch.randn(600, 128)
with torch.autocast("cpu", dtype=torch.bfloat16):
    for n in range(1, 10):
        F.linear(x[:n], w)
    before = held()
    for n in range(10, 310):
        F.linear(x[:n], w)
    print((held() - before) / 2**20)
"""


def _has_mallinfo2() -> bool:
    try:
        return hasattr(ctypes.CDLL(None), "mallinfo2")
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux") or not _has_mallinfo2(), reason="glibc's mallinfo2 only")
@pytest.mark.skipif(not cpu_has_native_bf16(), reason="oneDNN runs bf16 products only on CPUs with bf16 support")
def test_kernels_for_new_shapes_do_not_pile_up() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "LRU_CACHE_CAPACITY")}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True
    )
    grown_mb = float(out.stdout.strip().splitlines()[-1])
    # Measured: ~29 MB with both caches at 64 entries, ~92-95 MB with one of them unbounded, ~158 MB with neither.
    assert grown_mb < 60, f"the heap grew by {grown_mb:.0f} MB over 300 shapes"


def test_a_persons_own_setting_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.kernel_caches import KERNEL_CACHE_ENTRIES, bound_kernel_caches

    monkeypatch.setenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "1024")
    monkeypatch.delenv("LRU_CACHE_CAPACITY", raising=False)
    bound_kernel_caches()
    assert os.environ["ONEDNN_PRIMITIVE_CACHE_CAPACITY"] == "1024"
    assert os.environ["LRU_CACHE_CAPACITY"] == str(KERNEL_CACHE_ENTRIES)

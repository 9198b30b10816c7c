"""Keeps the memory a training step frees in the process for the next step (Linux with glibc; elsewhere nothing
changes). No torch, no Qt.

glibc's malloc hands large freed blocks back to the system at once: a block over its mmap threshold is unmapped
when freed, free space at the top of the heap over its trim threshold is trimmed, and the heaps of a thread's own
arena (the app trains in a worker thread) are unmapped as they empty. A training step allocates and frees its
activations every step, so every step took them from the system again, and the system zeroed each page as it
was touched: 15,000-20,000 page faults a step on the small preset, about a sixth of its time (README,
"Benchmarks", bench train, stop 10).

keep_freed_memory() serves blocks up to 32 MB from the heap (glibc's own ceiling for its adaptive threshold;
larger ones are still mapped), lets the heap keep up to KEEP_FREE bytes free at its top (more freed at once goes
back to the system, as before) and pads every heap's growth by HEAP_PAD, which also keeps a thread's 64 MB heaps
from being unmapped as they empty. The settings are global and read when memory is freed, so the trainer's own
call works from any thread. Nothing is trimmed by hand when a run ends: malloc_trim holds each heap's lock for
10-30 ms, and a window's thread allocating meanwhile stalls. (Sharing one heap between all threads, M_ARENA_MAX 1,
did as well for training but put the window's thread behind the training thread's lock.) A person's own
allocator settings (glibc's MALLOC_* variables or tunables, a preloaded allocator such as jemalloc) are kept.
"""

from __future__ import annotations

import ctypes
import os
import sys
from typing import Any

_M_TRIM_THRESHOLD, _M_TOP_PAD, _M_MMAP_THRESHOLD = -1, -2, -3  # glibc's malloc.h
HEAP_BLOCK_LIMIT = 32 << 20
KEEP_FREE = 512 << 20  # with 256 MB, base at 32 x 64 tokens already kept its steps' memory (77 faults a step)
HEAP_PAD = 64 << 20  # a thread's arena grows in heaps of at most 64 MB; with this pad, none is unmapped
_SETTINGS = ((_M_MMAP_THRESHOLD, HEAP_BLOCK_LIMIT), (_M_TRIM_THRESHOLD, KEEP_FREE), (_M_TOP_PAD, HEAP_PAD))
_OWN_SETTINGS = ("MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_")

_kept: bool | None = None  # None: not tried yet


def _glibc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
    except OSError:
        return None
    # gnu_get_libc_version exists only in glibc: musl also has no mallopt to speak of.
    if not all(hasattr(libc, name) for name in ("gnu_get_libc_version", "mallopt")):
        return None
    return libc


def _own_settings() -> bool:
    env = os.environ
    return (
        any(name in env for name in _OWN_SETTINGS)
        or "glibc.malloc" in env.get("GLIBC_TUNABLES", "")
        or bool(env.get("LD_PRELOAD"))
    )


def keep_freed_memory() -> bool:
    """Let the heap keep what training frees (see above); True when the settings are in effect. Calling it again
    changes nothing."""
    global _kept
    if _kept is None:
        libc = None if _own_settings() else _glibc()
        _kept = libc is not None and all(libc.mallopt(option, value) == 1 for option, value in _SETTINGS)
    return _kept

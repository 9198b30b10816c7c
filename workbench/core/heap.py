"""Keeps the memory a training step frees in the process for the next step, and gives it back when a run ends
(Linux with glibc; elsewhere nothing changes). No torch, no Qt.

glibc's malloc hands large freed blocks back to the system at once: a block over its mmap threshold is unmapped
when freed, free space at the top of the heap over its trim threshold is trimmed, and the heaps of a thread's own
arena (the app trains in a worker thread) are unmapped as they empty. A training step allocates and frees its
activations every step, so every step took them from the system again, and the system zeroed each page as it
was touched: 18,000 page faults a step on the small preset, a fifth of its time (README, "Speed").

keep_freed_memory() makes every thread share the main heap (M_ARENA_MAX 1: the entry point calls it before any
thread starts), serves blocks up to 32 MB from it (glibc's own ceiling for its adaptive threshold; larger ones
are still mapped) and lets it keep up to 2 GB of free space. give_back_freed_memory() returns the free space when
a run ends (malloc_trim). A person's own allocator settings (glibc's MALLOC_* variables or tunables, a preloaded
allocator such as jemalloc) are kept.
"""

from __future__ import annotations

import ctypes
import os
import sys
from typing import Any

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD, _M_ARENA_MAX = -1, -3, -8  # glibc's malloc.h
HEAP_BLOCK_LIMIT = 32 << 20
KEEP_FREE = (1 << 31) - 1  # the largest value mallopt takes (an int)
_SETTINGS = ((_M_ARENA_MAX, 1), (_M_MMAP_THRESHOLD, HEAP_BLOCK_LIMIT), (_M_TRIM_THRESHOLD, KEEP_FREE))
_OWN_SETTINGS = ("MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_")

_libc: Any = None
_kept: bool | None = None  # None: not tried yet


def _glibc() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
    except OSError:
        return None
    # gnu_get_libc_version exists only in glibc: musl also has no mallopt to speak of.
    if not all(hasattr(libc, name) for name in ("gnu_get_libc_version", "mallopt", "malloc_trim")):
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
    global _libc, _kept
    if _kept is None:
        libc = None if _own_settings() else _glibc()
        _kept = libc is not None and all(libc.mallopt(option, value) == 1 for option, value in _SETTINGS)
        _libc = libc if _kept else None
    return _kept


def give_back_freed_memory() -> None:
    """Return the heap's free space to the system (after a run; only where keep_freed_memory took effect)."""
    if _libc is not None:
        _libc.malloc_trim(0)

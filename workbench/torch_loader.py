"""Imports torch from a background thread without freezing the window.

Importing torch maps and initialises a few hundred megabytes of shared libraries (libtorch_cpu's static
initialisers alone take about 250 ms here). Python's import does that inside dlopen while holding the interpreter
lock, so the window's thread cannot run meanwhile. Calling the C library's dlopen through ctypes releases the lock
for the call: the libraries get loaded and initialised first, and the import that follows finds them in place and
only runs its Python half, which gives the lock back every few milliseconds.

Qt-free; used by the app's device probe. On Windows torch is imported before Qt instead (see __main__.py).
Every entry point calls prefer_passive_waits() before torch loads.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
import time
from pathlib import Path
from types import ModuleType

# torch's Python bindings library; the dynamic loader brings in what it needs (libtorch, libtorch_cpu, c10 and,
# in CUDA builds, libtorch_cuda and the CUDA runtime) in the same call.
_BINDINGS_PREFIX = "libtorch_python."
_timings: dict[str, float] = {}
_state = "idle"
_errors: list[str] = []


def prefer_passive_waits() -> None:
    """Ask OpenMP (torch's CPU threads) to sleep rather than spin while they wait for each other; before torch loads.

    Spinning suits a machine with nothing else to do. On a laptop or a shared machine, another program pushes one
    of torch's threads off its core, and the others then spin at every barrier until it comes back: training with
    2 threads beside busy programs ran many times slower than with 1 (README, "Busy machines"). Sleeping costs a
    wake-up per parallel region instead. A person's own OMP_WAIT_POLICY is kept.
    """
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def torch_lib_dir() -> Path | None:
    """torch's lib folder, found without importing torch (None when torch is not installed)."""
    try:
        spec = importlib.util.find_spec("torch")
    except (ImportError, ValueError):
        return None
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        lib = Path(location) / "lib"
        if lib.is_dir():
            return lib
    return None


def _c_dlopen() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    for name in (None, "libdl.so.2"):  # glibc >= 2.34 and macOS have dlopen in the process; older glibc in libdl
        try:
            fn = ctypes.CDLL(name).dlopen
        except (OSError, AttributeError):
            continue
        fn.restype = ctypes.c_void_p
        fn.argtypes = [ctypes.c_char_p, ctypes.c_int]
        return fn
    return None


def preload_libraries() -> list[str]:
    """Load torch's shared libraries with the interpreter lock released; returns the files loaded.

    Harmless when it cannot help (Windows, torch already imported, an unexpected layout, a library that fails to
    load): the import then loads everything itself, as it always does.
    """
    if sys.platform == "win32" or "torch" in sys.modules:
        return []
    lib = torch_lib_dir()
    dlopen = _c_dlopen()
    if lib is None or dlopen is None:
        return []
    loaded = []
    # The same flags Python's own import uses, so the import's dlopen returns this very handle.
    mode = sys.getdlopenflags()
    for path in sorted(lib.glob(_BINDINGS_PREFIX + "*")):
        if path.suffix in (".so", ".dylib") and dlopen(os.fsencode(path), mode):  # ctypes drops the GIL here
            loaded.append(path.name)
    return loaded


def import_torch() -> ModuleType:
    """Import torch (call it off the main thread); later calls return the module at once."""
    global _state
    started = None if "torch" in sys.modules else time.perf_counter()
    if started is not None:
        _state = "loading"
        preload_libraries()
        _timings["preload_s"] = time.perf_counter() - started
    try:
        import torch
    except BaseException as err:
        _state = "failed"
        _timings.pop("import_s", None)
        _errors[:] = [f"{type(err).__name__}: {err}"]
        raise
    _state = "loaded"
    if started is not None:
        _timings["import_s"] = time.perf_counter() - started
    return torch


def state() -> str:
    """One of idle (not asked yet), loading, loaded or failed."""
    return _state


def error() -> str | None:
    """Why the last import failed (None when it did not)."""
    return _errors[0] if _errors else None


def timings() -> dict[str, float]:
    """How long the last cold import took: preload_s (libraries, lock released) and import_s (all of it)."""
    return dict(_timings)

"""The machine's memory, and byte counts as people read them (no torch, no Qt)."""

from __future__ import annotations

import os


def system_memory() -> int | None:
    """Physical memory in bytes, where the OS tells it without extra packages; None when unknown."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, ValueError, OSError):
        pass
    if os.name == "nt":  # pragma: no cover - Windows
        return _windows_memory()
    return None


def _windows_memory() -> int | None:  # pragma: no cover - Windows
    try:
        import ctypes

        class _MemStatus(ctypes.Structure):
            _fields_ = [
                ("dwLength", ctypes.c_ulong),
                ("dwMemoryLoad", ctypes.c_ulong),
                ("ullTotalPhys", ctypes.c_ulonglong),
                ("ullAvailPhys", ctypes.c_ulonglong),
                ("ullTotalPageFile", ctypes.c_ulonglong),
                ("ullAvailPageFile", ctypes.c_ulonglong),
                ("ullTotalVirtual", ctypes.c_ulonglong),
                ("ullAvailVirtual", ctypes.c_ulonglong),
                ("ullAvailExtendedVirtual", ctypes.c_ulonglong),
            ]

        status = _MemStatus()
        status.dwLength = ctypes.sizeof(_MemStatus)
        if ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):  # type: ignore[attr-defined]
            return int(status.ullTotalPhys)
    except (OSError, AttributeError):
        pass
    return None


def format_bytes(n: float) -> str:
    """Memory and disk use in binary units, one decimal below 10: 512 bytes, 850 MB, 3.1 GB, 2 GB."""
    for scale, unit in ((1024**4, "TB"), (1024**3, "GB"), (1024**2, "MB"), (1024, "KB")):
        if n >= scale:
            v = n / scale
            text = f"{v:.1f}".removesuffix(".0") if v < 10 else f"{v:.0f}"
            return f"{text} {unit}"
    return f"{int(n)} bytes"

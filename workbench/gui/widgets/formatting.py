"""Numbers as people read them in the window: parameter counts, memory, arithmetic, durations and speeds."""

from __future__ import annotations

import math


def format_count(n: float) -> str:
    """A parameter count people read at a glance: 850, 12 K, 4.2 M, 1.3 B."""
    for scale, unit in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if n >= scale:
            v = n / scale
            return f"{v:.1f} {unit}" if v < 10 else f"{v:.0f} {unit}"
    return f"{int(n)}"


def format_flops(n: float) -> str:
    """Arithmetic per token: 850 FLOPs, 21 MFLOPs, 1.2 GFLOPs."""
    for scale, unit in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "K")):
        if n >= scale:
            v = n / scale
            return f"{v:.1f} {unit}FLOPs" if v < 10 else f"{v:.0f} {unit}FLOPs"
    return f"{int(n)} FLOPs"


def format_duration(seconds: float) -> str:
    """'0:42', '12:05', '1:02:03' for people; '—' when unknown."""
    if not math.isfinite(seconds) or seconds < 0:
        return "—"
    s = round(seconds)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def format_rate(tokens_per_s: float) -> str:
    """Training speed: '850 tokens/s', '42 k tokens/s', '1.3 M tokens/s'."""
    if tokens_per_s >= 1e6:
        return f"{tokens_per_s / 1e6:.1f} M tokens/s"
    if tokens_per_s >= 1e4:
        return f"{tokens_per_s / 1e3:.0f} k tokens/s"
    return f"{tokens_per_s:,.0f} tokens/s"


def short_path(path: str, limit: int = 56) -> str:
    """A long path shortened at the front to its last folders ("…/runs/2026-01-01_run"), so one path cannot make
    a page wider than the window; show the full path in a tooltip beside it."""
    if len(path) <= limit:
        return path
    parts = path.replace("\\", "/").split("/")
    tail = parts[-1]
    for part in reversed(parts[:-1]):
        if len(part) + len(tail) + 3 > limit:
            break
        tail = f"{part}/{tail}"
    return f"…/{tail}" if len(tail) + 2 <= limit else "…" + path[-(limit - 1) :]

"""The full report behind a readable error: message, details, versions and settings; copied and logged.

The person sees one plain sentence; "Copy details" puts this whole report on the clipboard (to paste into a bug
report), and every report is appended to errors.log in paths.user_log_dir() so nothing is lost when the window
closes. Nothing here imports torch: versions of packages that are not loaded yet come from their metadata.
"""

from __future__ import annotations

import datetime as _dt
import importlib.metadata
import platform
import sys
from pathlib import Path
from typing import Any

from workbench import __version__, paths

LOG_NAME = "errors.log"
_PACKAGES = ("torch", "numpy", "tokenizers", "safetensors", "PySide6-Essentials", "pyqtgraph", "superqt")


def versions() -> dict[str, str]:
    """Versions of the app, Python, Qt and the main packages, for a bug report."""
    out = {
        "Transformer Workbench": __version__,
        "Python": sys.version.split()[0],
        "Platform": platform.platform(),
    }
    for name in _PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    try:
        from PySide6 import QtCore

        out["Qt"] = QtCore.qVersion()
    except ImportError:  # pragma: no cover - the GUI needs it anyway
        pass
    torch = sys.modules.get("torch")
    if torch is not None:  # only when already loaded: importing torch for a report would be slow
        cuda = getattr(torch.version, "cuda", None)
        out["torch build"] = f"{torch.__version__} (CUDA {cuda})" if cuda else str(torch.__version__)
    return out


def build_report(
    message: str,
    details: str = "",
    *,
    kind: str = "error",
    step: int | None = None,
    config_text: str | None = None,
    context: dict[str, Any] | None = None,
) -> str:
    """One self-contained plain-text report. config_text is the run's TOML settings when known."""
    now = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
    lines = [f"Transformer Workbench error report — {now}", "", f"Message: {message}", f"Kind: {kind}"]
    if step is not None:
        lines.append(f"Step: {step}")
    for key, value in (context or {}).items():
        lines.append(f"{key}: {value}")
    lines += ["", "Versions:"]
    lines += [f"  {k}: {v}" for k, v in versions().items()]
    if config_text:
        lines += ["", "Settings (config.toml):", config_text.rstrip()]
    lines += ["", "Details:", details.rstrip() or "(none)"]
    return "\n".join(lines) + "\n"


def log_path() -> Path:
    return paths.user_log_dir() / LOG_NAME


def append_to_log(report: str) -> Path | None:
    """Append the report to errors.log; None when the log cannot be written (the report is still shown)."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(report)
            fh.write("\n" + "-" * 100 + "\n\n")
    except OSError:
        return None
    return path


def copy_to_clipboard(text: str) -> None:
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText(text)

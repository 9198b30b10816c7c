"""The one place that knows where resources and user data live, in the source tree and a frozen bundle alike."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "TransformerWorkbench"


def resources_dir() -> Path:
    """The resources/ folder: beside the package in a checkout, under sys._MEIPASS in a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """Path of a file under resources/ (it may not exist; callers decide what a missing file means)."""
    return resources_dir().joinpath(*parts)


def app_icon() -> Path:
    """The app's icon as a PNG (the window and task bar use it; build.spec takes the .ico/.icns beside it)."""
    return resource("icons", "workbench.png")


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_runs_dir() -> Path:
    """Where runs are kept unless the person chooses another folder."""
    return user_data_dir() / "runs"


def user_cache_dir() -> Path:
    """Files that can be made again (pre-training corpora's token shards, unpacked lessons)."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def lesson_cache_dir() -> Path:
    """Where opened lesson files are unpacked (read-only; the newest few are kept)."""
    return user_cache_dir() / "lessons"


def user_log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))

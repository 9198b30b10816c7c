"""The list of data files opened before, kept in QSettings (newest first), and the menu that offers them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QMenu

KEY = "data/recent"
MAX_RECENT = 8


def paths() -> list[str]:
    """Full paths, newest first (at most MAX_RECENT)."""
    raw = QSettings().value(KEY, [])
    if isinstance(raw, str):  # some QSettings backends return a one-item list as a plain string
        raw = [raw]
    if not isinstance(raw, list):  # none kept yet (None), or an edited settings file
        return []
    return [str(p) for p in raw if p][:MAX_RECENT]


def remember(path: str) -> None:
    """Put a file at the top of the list."""
    full = str(Path(path).resolve())
    QSettings().setValue(KEY, [full, *(p for p in paths() if p != full)][:MAX_RECENT])


def clear() -> None:
    QSettings().setValue(KEY, [])


def fill_menu(menu: QMenu, open_file: Callable[[str], None]) -> None:
    """List the files in `menu` by name (the full path in the tooltip); missing ones are shown but disabled."""
    menu.clear()
    recent = paths()
    if not recent:
        menu.addAction(QCoreApplication.translate("RecentFiles", "No files opened yet")).setEnabled(False)
        return
    for path in recent:
        name = Path(path).name
        exists = Path(path).is_file()
        action = menu.addAction(
            name if exists else QCoreApplication.translate("RecentFiles", "{name} (missing)").format(name=name)
        )
        action.setToolTip(path)
        action.setStatusTip(path)
        action.setEnabled(exists)
        action.triggered.connect(lambda _checked=False, p=path: open_file(p))
    menu.setToolTipsVisible(True)
    menu.addSeparator()
    menu.addAction(QCoreApplication.translate("RecentFiles", "Clear the list"), clear)

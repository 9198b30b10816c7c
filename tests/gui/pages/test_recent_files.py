"""The Data page's recent files, read back from the settings, whatever the settings file holds."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from workbench.gui.pages.data import recent_files


def test_recent_files_come_back_newest_first(tmp_path) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    recent_files.remember(str(first))
    recent_files.remember(str(second))
    assert recent_files.paths() == [str(second.resolve()), str(first.resolve())]


def test_a_value_that_is_not_a_list_reads_as_no_recent_files() -> None:
    QSettings().setValue(recent_files.KEY, 7)  # an edited settings file (iterating it raised TypeError)
    assert recent_files.paths() == []
    QSettings().setValue(recent_files.KEY, "/data/one.csv")  # some backends keep a one-item list as a string
    assert recent_files.paths() == ["/data/one.csv"]

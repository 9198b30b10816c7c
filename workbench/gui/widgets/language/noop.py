"""QT_TRANSLATE_NOOP with its real type, for the tables of strings that are translated where they are shown.

PySide6's stub types it as taking and returning `object`; it returns its message unchanged, so a table of its
results is a table of str. Import it from here under the same name: pyside6-lupdate finds the strings by the
call's name, wherever it was imported from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:

    def QT_TRANSLATE_NOOP(context: str, message: str, /) -> str:
        """Marks `message` for translation in `context` and returns it unchanged."""
        ...

else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

__all__ = ["QT_TRANSLATE_NOOP"]

"""Plain text files: one unlabelled example per line."""

from __future__ import annotations

import io

from workbench.core.data.dataset import Dataset
from workbench.core.data.files import FileInfo


def read_plain(text: str, info: FileInfo) -> Dataset:
    """One example per line, unlabelled; blank lines are simply not examples."""
    texts = [s for line in io.StringIO(text, newline="") if (s := line.strip())]
    return Dataset(texts=texts, labels=None, source=info.name, encoding=info.encoding, sha256=info.sha256)

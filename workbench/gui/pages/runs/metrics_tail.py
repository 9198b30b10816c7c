"""Follow a run folder that another process is writing (torchrun, the CLI): metrics.jsonl is polled and only the
bytes added since the last poll are read, so following a long run costs the same at its end as at its start."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

POLL_MS = 1000


class MetricsTail(QObject):
    """Emits `appended(records)` with each poll's new complete lines; `restarted` when the file was cut shorter
    (a resumed run drops the steps after its checkpoint): the follower then reloads the whole file."""

    appended = Signal(list)
    restarted = Signal()

    def __init__(self, parent: QObject | None = None, interval_ms: int = POLL_MS) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        self._path: Path | None = None
        self._offset = 0
        self._partial = b""

    @property
    def folder(self) -> Path | None:
        return self._path.parent if self._path is not None else None

    def start(self, folder: str | Path) -> None:
        """Follow `folder` from its first line (the first poll runs at once)."""
        self._path = Path(folder) / "metrics.jsonl"
        self._offset, self._partial = 0, b""
        self._timer.start()
        self.poll()

    def set_interval(self, ms: int) -> None:
        self._timer.setInterval(ms)

    def stop(self) -> None:
        self._timer.stop()
        self._path = None

    def poll(self) -> None:
        if self._path is None:
            return
        try:
            size = self._path.stat().st_size
            if size < self._offset:
                self._offset, self._partial = 0, b""
                self.restarted.emit()
            if size == self._offset:
                return
            with self._path.open("rb") as fh:
                fh.seek(self._offset)
                data = fh.read(size - self._offset)
        except OSError:
            return  # not written yet, or being replaced: the next poll tries again
        self._offset += len(data)
        *lines, self._partial = (self._partial + data).split(b"\n")
        records: list[dict[str, Any]] = []
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:
                continue  # a line cut by a crash: the rest still shows
            if isinstance(record, dict):
                records.append(record)
        if records:
            self.appended.emit(records)

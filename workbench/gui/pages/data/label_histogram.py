"""A small painted bar chart of how many rows each class has, split into training and validation parts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

MAX_BARS = 12  # more classes than this: the largest are drawn, the rest summarised in one line


class LabelHistogram(QWidget):
    """Horizontal bars, one per class: class name, a bar (training part solid, validation part light), counts."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._counts: dict[str, int] = {}
        self._val: dict[str, int] = {}
        self._rows: list[tuple[str, int, int]] = []  # (name, total, validation) in drawing order
        self._rest = (0, 0)  # (classes, rows) not drawn
        self._bar_rects: list[tuple[QRectF, str, int, int]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(self.tr("How many rows each class has. The light part of a bar is held out for validation."))

    # ------------------------------------------------------------------ data
    def set_counts(self, counts: dict[str, int], val_counts: dict[str, int] | None = None) -> None:
        """counts: rows per class in all the data; val_counts: how many of them are held out for validation."""
        self._counts = dict(counts)
        self._val = dict(val_counts or {})
        names = list(self._counts)
        if len(names) > MAX_BARS:
            names = sorted(names, key=lambda n: (-self._counts[n], n))
            shown, hidden = names[:MAX_BARS], names[MAX_BARS:]
            self._rest = (len(hidden), sum(self._counts[n] for n in hidden))
        else:
            shown = sorted(names)
            self._rest = (0, 0)
        self._rows = [(n, self._counts[n], self._val.get(n, 0)) for n in shown]
        self.updateGeometry()
        self.update()

    def counts(self) -> dict[str, int]:
        """Rows per class, as last set."""
        return dict(self._counts)

    def validation_counts(self) -> dict[str, int]:
        return dict(self._val)

    # ------------------------------------------------------------------ geometry
    def _row_height(self) -> int:
        return self.fontMetrics().height() + 8

    def _lines(self) -> int:
        return len(self._rows) + (1 if self._rest[0] else 0) + 1  # + legend

    def sizeHint(self) -> QSize:
        return QSize(320, self._lines() * self._row_height() + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = self.fontMetrics()
        rh = self._row_height()
        text_col = pal.color(QPalette.ColorRole.WindowText)
        bar_col = pal.color(QPalette.ColorRole.Highlight)
        val_col = QColor(bar_col)
        val_col.setAlpha(90)
        track = pal.color(QPalette.ColorRole.Mid)
        track.setAlpha(40)
        w = self.width()
        self._bar_rects = []
        if not self._rows:
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No labels"))
            return
        name_w = min(max(fm.horizontalAdvance(n) for n, _, _ in self._rows) + 8, int(w * 0.35))
        count_w = max(fm.horizontalAdvance(f"{total:,}") for _, total, _ in self._rows) + 8
        bar_x = name_w + 6
        bar_w = max(10, w - bar_x - count_w - 6)
        biggest = max(total for _, total, _ in self._rows) or 1
        y = 4
        for name, total, val in self._rows:
            p.setPen(text_col)
            shown = fm.elidedText(name, Qt.TextElideMode.ElideRight, name_w - 4)
            p.drawText(QRectF(0, y, name_w, rh), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown)
            full = QRectF(bar_x, y + 3, bar_w, rh - 6)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(track)
            p.drawRoundedRect(full, 3, 3)
            length = bar_w * total / biggest
            train_len = length * (total - val) / total if total else 0
            p.setBrush(bar_col)
            p.drawRoundedRect(QRectF(bar_x, y + 3, max(train_len, 1), rh - 6), 3, 3)
            if val:
                p.setBrush(val_col)
                p.drawRect(QRectF(bar_x + train_len, y + 3, length - train_len, rh - 6))
            p.setPen(text_col)
            p.drawText(
                QRectF(bar_x + bar_w + 6, y, count_w, rh),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{total:,}",
            )
            self._bar_rects.append((QRectF(0, y, w, rh), name, total, val))
            y += rh
        muted = pal.color(QPalette.ColorRole.PlaceholderText)
        if self._rest[0]:
            p.setPen(muted)
            p.drawText(
                QRectF(bar_x, y, w - bar_x, rh),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                self.tr("… and {rest:,} more classes ({rest2:,} rows)").format(rest=self._rest[0], rest2=self._rest[1]),
            )
            y += rh
        # Legend: what the two shades mean.
        sw = fm.height() * 0.7
        x = float(bar_x)
        for colour, word in zip((bar_col, val_col), self.legend(), strict=True):
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(colour)
            p.drawRoundedRect(QRectF(x, y + (rh - sw) / 2, sw, sw), 2, 2)
            x += sw + 4
            p.setPen(muted)
            p.drawText(QRectF(x, y, w, rh), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, word)
            x += fm.horizontalAdvance(word) + 14

    def legend(self) -> tuple[str, str]:
        """The legend's words for the solid and the light part of a bar, in the window's language."""
        return self.tr("training"), self.tr("validation")

    def event(self, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.ToolTip and isinstance(ev, QHelpEvent):
            for rect, name, total, val in self._bar_rects:
                if rect.contains(QPointF(ev.pos())):
                    share = total / max(1, sum(self._counts.values()))
                    QToolTip.showText(
                        ev.globalPos(),
                        self.tr(
                            "{name}: {total:,} rows ({share:.0%} of the data) — {total2:,} for training, {val:,} for "
                            "validation"
                        ).format(name=name, total=total, share=share, total2=total - val, val=val),
                        self,
                    )
                    return True
        return super().event(ev)

"""A splitter that puts its panes side by side when there is room and one above the other when there is not.

A page in a scroll area must never ask for the width of its side-by-side arrangement: the scroll area would keep
it that wide and hide half of it behind a horizontal scroll bar. So the minimum width asked for is that of the
stacked arrangement, and the splitter flips to side by side only once its width holds every pane's minimum.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget

H, V = Qt.Orientation.Horizontal, Qt.Orientation.Vertical


class ReflowSplitter(QSplitter):
    """Horizontal at or above `wide_width()`, vertical below it. `wide` and `tall` are the share of each pane
    (like stretch factors) in either arrangement; tall=None gives each pane its preferred height. `roomy`
    optionally names, per pane, the width it should have beside the others (more than its bare minimum: a
    table squeezed to its minimum beside other panes reads worse than one above them)."""

    reflowed = Signal(Qt.Orientation)

    def __init__(
        self,
        wide: list[int],
        tall: list[int] | None = None,
        roomy: list[int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(H, parent)
        self._wide = list(wide)
        self._tall = list(tall) if tall else None
        self._roomy = list(roomy) if roomy else None
        self._spacing = 12  # kept free beyond the panes' minimums before going side by side
        self.setChildrenCollapsible(False)

    def set_roomy(self, roomy: list[int] | None) -> None:
        """New room wanted per pane beside the others (e.g. after the text size changed); reflows at once."""
        self._roomy = list(roomy) if roomy else None
        if self.isVisible():
            self.reflow(self.width())

    def wide_width(self) -> int:
        """The narrowest width at which the panes fit side by side."""
        panes = _panes(self)
        roomy = self._roomy or [0] * len(panes)
        need = sum(max(_min_width(w), r) for w, r in zip(panes, roomy, strict=False))
        return need + self.handleWidth() * max(0, len(panes) - 1) + self._spacing

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        panes = _panes(self)
        if self.orientation() == H and panes:
            return QSize(max(_min_width(w) for w in panes), hint.height())
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.reflow(event.size().width())
        super().resizeEvent(event)

    def reflow(self, width: int) -> None:
        """Choose the arrangement for this width (called on every resize)."""
        wanted = H if width >= self.wide_width() else V
        if wanted == self.orientation():
            return
        self.setOrientation(wanted)
        if wanted == H:
            shares = self._wide
        else:
            shares = self._tall or [max(1, w.sizeHint().height()) for w in _panes(self)]
        total = width if wanted == H else max(self.height(), 1)
        scale = total / max(1, sum(shares))
        self.setSizes([max(1, round(s * scale)) for s in shares])
        self.updateGeometry()
        self.reflowed.emit(wanted)

    def is_wide(self) -> bool:
        return self.orientation() == H


def _panes(splitter: QSplitter) -> list[QWidget]:
    return [w for i in range(splitter.count()) if (w := splitter.widget(i)) is not None]


def _min_width(widget: QWidget) -> int:
    return max(widget.minimumWidth(), widget.minimumSizeHint().width())

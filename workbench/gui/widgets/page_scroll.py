"""A scroll area for a page taller than a small screen: the page gets the height it prefers, not its minimum.

QScrollArea gives a resizable widget the viewport's height, shrinking it down to its *minimum* size first: with big
text (zoom, presenter mode) form rows and wrapped notes were squeezed until their text overlapped, while a scroll
bar would have kept them whole. This one holds the page at its preferred height for the width it has and scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QScrollArea, QWidget


class PageScroll(QScrollArea):
    """Vertical scrolling only (pages reflow to the width); the page is never squeezed below its preferred height."""

    def __init__(self, page: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(page)
        page.installEventFilter(self)

    def preferred_height(self) -> int:
        """The page's preferred height at the viewport's width."""
        page = self._page()
        layout = page.layout()
        width = self.viewport().width()
        if layout is not None and layout.hasHeightForWidth():
            return max(layout.totalHeightForWidth(width), page.minimumSizeHint().height())
        return max(page.sizeHint().height(), page.minimumSizeHint().height())

    def fit(self) -> None:
        height = self.preferred_height()
        page = self._page()
        if page.minimumHeight() != height:
            page.setMinimumHeight(height)

    def _page(self) -> QWidget:
        page = self.widget()
        assert page is not None, "a PageScroll is made with its page"
        return page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.FontChange):
            self.fit()
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

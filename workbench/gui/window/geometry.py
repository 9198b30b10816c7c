"""Where the main window goes on the screen: a first-start size that fits the screen, and a remembered size that
is pulled back onto the screen when it no longer fits (a laptop that was on a bigger monitor last time)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtWidgets import QStyle

DEFAULT_SHARE = 0.9  # of the available screen area, on the first start
LARGEST = QSize(1800, 1100)  # a bigger window only spreads the same controls further apart
BORDER = 8  # window-manager border assumed on the sides and bottom, before the real one is known


def default_rect(available: QRect, minimum: QSize) -> QRect:
    """A centred rectangle of 90 % of the available area (capped at LARGEST), never smaller than the window's
    minimum and never larger than the area itself, unless the minimum does not fit at all."""
    width = min(LARGEST.width(), int(available.width() * DEFAULT_SHARE))
    height = min(LARGEST.height(), int(available.height() * DEFAULT_SHARE))
    width = min(max(width, minimum.width()), max(available.width(), minimum.width()))
    height = min(max(height, minimum.height()), max(available.height(), minimum.height()))
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return fit_rect(rect, available)


def fit_rect(rect: QRect, available: QRect, minimum: QSize | None = None) -> QRect:
    """`rect` made no larger than `available` (but not below `minimum`) and moved so it lies inside it; the
    top-left corner stays reachable when even the minimum is larger than the screen."""
    width, height = min(rect.width(), available.width()), min(rect.height(), available.height())
    if minimum is not None:
        width, height = max(width, minimum.width()), max(height, minimum.height())
    x = min(max(rect.x(), available.left()), available.right() + 1 - width)
    y = min(max(rect.y(), available.top()), available.bottom() + 1 - height)
    return QRect(max(x, available.left()), max(y, available.top()), width, height)


def fits(rect: QRect, available: QRect) -> bool:
    return available.contains(rect)


def frame_margins(style: QStyle) -> QMargins:
    """Room the window manager's frame takes around the window (the title bar on top), estimated before the
    window is shown, when the real frame is not known yet."""
    title = style.pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight)
    return QMargins(BORDER, max(title, 2 * BORDER), BORDER, BORDER)

"""A lesson step's view, taken from the window and put back: the page, the Inspect page's state (sentence,
mode, head, muted heads, tabs), the plot's range and scale, and whether the plot is shown.

The window hands over the parts it needs (LessonTargets); nothing here knows the whole window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

from workbench.core.lessons import PAGES, LessonView
from workbench.gui.pages.inspect.inspect_page import InspectPanel
from workbench.gui.plot.loss_plot import LossPlot

_PAGE_KEYS = {f.name for f in fields(LessonView)} - {"page", "plot_range", "log_y", "plot_shown"}


@dataclass(frozen=True)
class LessonTargets:
    """The window's parts a lesson step shows: pages are numbered in sidebar order (core.lessons.PAGES)."""

    inspect: InspectPanel
    plot: LossPlot
    current_page: Callable[[], int]
    show_page: Callable[[int], None]
    plot_shown: Callable[[], bool]
    show_plot: Callable[[bool], None]


def capture(t: LessonTargets) -> LessonView:
    """The view on screen now."""
    state = t.inspect.view_state()
    return LessonView(
        page=PAGES[t.current_page()],
        plot_range=t.plot.follower.held_range(),
        log_y=t.plot.is_log_y(),
        plot_shown=t.plot_shown(),
        **{k: state[k] for k in _PAGE_KEYS},
    ).normalised()


def restore(t: LessonTargets, view: LessonView) -> None:
    """Show `view`; the Inspect page finishes in the background (see settled)."""
    t.show_page(PAGES.index(view.page))
    t.show_plot(view.plot_shown)
    t.plot.set_log_y(view.log_y)
    t.plot.follower.hold(view.plot_range)
    t.inspect.set_view_state({k: getattr(view, k) for k in _PAGE_KEYS})


def settled(t: LessonTargets, view: LessonView) -> bool:
    """True once the Inspect page shows `view`'s sentence through the model (or has nothing to show)."""
    page = t.inspect
    if page.view_pending():
        return not page.isVisible()  # the page loads its model when shown, and shows the view then
    if page.busy():
        return False
    if page.source() is None or not view.text.strip():
        return True
    result = page.result()
    return result is not None and result.text == view.text

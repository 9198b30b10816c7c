"""One Page enum names the window's pages: the sidebar, the View menu and the shortcuts all come from it."""

from __future__ import annotations

from workbench.gui.window.main_window import MainWindow
from workbench.gui.window.page import Page


def test_the_sidebar_and_the_view_menu_follow_the_page_enum(window: MainWindow, qtbot) -> None:
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == [
        "1  Data", "2  Model", "3  Train", "4  Inspect", "5  Evaluate", "6  Runs",
    ]  # fmt: skip
    assert [a.text() for a in window.page_actions] == ["&1 Data", "&2 Model", "&3 Train", "&4 Inspect",
                                                       "&5 Evaluate", "&6 Runs"]  # fmt: skip
    assert window.sidebar.item(Page.EVALUATE).toolTip().endswith("(Ctrl+5)")
    for page in Page:
        window.page_actions[page].trigger()
        assert window.current_page() is page
        assert window.stack.currentWidget().isAncestorOf(window._pages()[page]) or (
            window.stack.currentWidget() is window._pages()[page]
        )

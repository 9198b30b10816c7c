"""The window fits the screen: no panel asks for more than ~560 px, the plot's size hint is honest (its scene is
never wider than its view), pages reflow instead of scrolling sideways, and the window's size fits 1366×768 and
1600×1000 screens, also when it was remembered on a bigger one. Plus the small pieces that make this work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget

from workbench.gui.plot.loss_plot import LossPlot
from workbench.gui.widgets import icons, theme
from workbench.gui.widgets.reflow import ReflowSplitter
from workbench.gui.window import geometry as window_geometry

MAX_PANEL_WIDTH = 560
GUI_DIR = Path(__file__).resolve().parents[3] / "workbench" / "gui"

# Runs in a fresh interpreter on an offscreen screen of the size under test (Qt fixes the screen per process).
FIT_CHECK = textwrap.dedent(
    """
    import json, sys, tempfile
    from pathlib import Path
    from PySide6.QtCore import QRect, QSettings
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(sys.argv[:1])
    from workbench.gui.widgets import theme
    from workbench.gui.threads import device_probe

    theme.apply_theme(app, scheme="light")
    device_probe.DeviceProbe.start = lambda self: None  # no torch import: the layout does not depend on devices
    from workbench.gui.window.main_window import MainWindow

    tmp = Path(tempfile.mkdtemp())
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    saved = json.loads(sys.argv[1])
    if saved:  # a geometry remembered on a bigger screen
        big = QWidget()
        big.setGeometry(QRect(*saved))
        settings.setValue("window/geometry", big.saveGeometry())
    window = MainWindow(runs_root=tmp / "runs", settings=settings)
    window.show()
    app.processEvents()
    plot = window.plot
    pages = []
    for page, panel in enumerate(window._pages()):
        window.show_page(page)
        app.processEvents()
        pages.append({
            "min_width": max(panel.minimumSizeHint().width(), panel.minimumWidth()),
            "width": panel.width(),
            "page_width": window.stack.width(),
            "scene_width": plot._plot.ci.size().width(),
            "view_width": plot._plot.viewport().width(),
        })
    print(json.dumps({
        "area": window.screen().availableGeometry().getRect(),
        "frame": window.frameGeometry().getRect(),
        "plot_width": plot.width(),
        "plot_min": plot.minimumSizeHint().width(),
        "room": window.splitter.width(),
        "pages": pages,
    }))
    window.close()
    """
)


def fit_check(tmp_path: Path, width: int, height: int, saved: list[int] | None = None) -> dict:
    screens = {"screens": [{"name": "test", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96}]}
    config = tmp_path / f"screen-{width}x{height}.json"
    config.write_text(json.dumps(screens), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    out = subprocess.run(
        [sys.executable, "-c", FIT_CHECK, json.dumps(saved)], capture_output=True, text=True, timeout=120, env=env
    )
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout.strip().splitlines()[-1])
    if QRect(*got["area"]).width() != width:
        pytest.skip("this Qt's offscreen platform cannot be given a screen size")
    return got


def inside(frame: list[int], area: list[int]) -> bool:
    return QRect(*area).contains(QRect(*frame))


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1600, 1000)])
def test_the_window_fits_the_screen_and_nothing_is_cut_off(tmp_path: Path, width: int, height: int) -> None:
    got = fit_check(tmp_path, width, height)
    assert inside(got["frame"], got["area"]), got  # the default size fits the screen, frame and all
    assert got["plot_width"] >= got["plot_min"]
    assert got["plot_width"] >= 0.4 * got["room"]  # a fair share for the plot
    for page in got["pages"]:
        assert page["min_width"] <= MAX_PANEL_WIDTH, page
        assert page["width"] <= page["page_width"], page  # no page wider than its place: nothing cut off
        assert page["scene_width"] <= page["view_width"] + 1, page  # the plot's axes and legend all visible


def test_a_window_remembered_on_a_bigger_screen_is_pulled_onto_a_smaller_one(tmp_path: Path) -> None:
    got = fit_check(tmp_path, 1366, 768, saved=[40, 30, 1700, 1050])
    assert inside(got["frame"], got["area"]), got
    assert all(p["scene_width"] <= p["view_width"] + 1 for p in got["pages"])


# ------------------------------------------------------------------------------------------ geometry helpers
def test_default_rect_is_ninety_percent_centred_and_never_beyond_the_screen() -> None:
    area = QRect(0, 0, 1366, 768)
    rect = window_geometry.default_rect(area, QSize(1000, 500))
    assert (rect.width(), rect.height()) == (int(1366 * 0.9), int(768 * 0.9)) and area.contains(rect)
    assert abs(rect.center().x() - area.center().x()) <= 1
    big = window_geometry.default_rect(QRect(0, 0, 3840, 2160), QSize(1000, 500))
    assert (big.width(), big.height()) == (1800, 1100)  # capped: a huge window only spreads things out
    tight = window_geometry.default_rect(area, QSize(1300, 740))  # the minimum wins over 90 %
    assert tight.width() >= 1300 and area.contains(tight)


def test_fit_rect_shrinks_and_moves_a_rect_onto_the_area() -> None:
    area = QRect(0, 25, 1366, 743)
    fitted = window_geometry.fit_rect(QRect(300, 200, 1700, 1050), area)
    assert area.contains(fitted) and fitted.size() == area.size()
    moved = window_geometry.fit_rect(QRect(900, 600, 800, 500), area)
    assert area.contains(moved) and moved.size() == QSize(800, 500)
    # A minimum larger than the area: the top-left corner stays on screen so the window can be moved.
    huge_min = window_geometry.fit_rect(QRect(500, 500, 2000, 900), area, QSize(1500, 800))
    assert (huge_min.x(), huge_min.y()) == (0, 25) and huge_min.width() >= 1500


# ------------------------------------------------------------------------------------------ reflow
def _pane(min_width: int) -> QWidget:
    w = QLabel("pane")
    w.setMinimumWidth(min_width)
    return w


def test_reflow_splitter_goes_side_by_side_only_when_there_is_room(qtbot) -> None:
    splitter = ReflowSplitter(wide=[1, 1], roomy=[400, 0])
    qtbot.addWidget(splitter)
    splitter.addWidget(_pane(200))
    splitter.addWidget(_pane(250))
    assert splitter.minimumSizeHint().width() == 250  # the stacked width: a scroll area never holds it wider
    assert splitter.wide_width() >= 400 + 250
    splitter.resize(500, 400)
    splitter.show()
    qtbot.waitUntil(lambda: not splitter.is_wide(), timeout=30_000)
    assert splitter.orientation() == Qt.Orientation.Vertical
    splitter.resize(splitter.wide_width() + 10, 400)
    qtbot.waitUntil(splitter.is_wide, timeout=30_000)
    assert all(s > 0 for s in splitter.sizes())


# ------------------------------------------------------------------------------------------ the plot
def test_the_plot_asks_for_what_it_needs_and_its_legend_wraps(qtbot) -> None:
    plot = LossPlot()
    qtbot.addWidget(plot)
    assert plot.minimumSizeHint().width() <= 500  # fits beside a 560 px page on a 1366 px screen
    assert plot.sizeHint().width() >= plot.minimumSizeHint().width()
    for width in (plot.minimumSizeHint().width(), 700, 1200):
        plot.resize(width, 500)
        plot.show()
        qtbot.waitExposed(plot)
        qtbot.waitUntil(lambda w=width: plot.width() == w, timeout=30_000)
        # The scene (axes, accuracy axis, legend) is never wider than the view that shows it.
        assert plot._plot.ci.size().width() <= plot._plot.viewport().width() + 1
    plot.resize(1200, 500)
    qtbot.waitUntil(lambda: plot._legend.item.columnCount == len(plot.legend_names()), timeout=30_000)
    plot.resize(plot.minimumSizeHint().width(), 500)
    qtbot.waitUntil(lambda: plot._legend.item.columnCount < len(plot.legend_names()), timeout=30_000)


def test_smoothing_is_a_labelled_slider_with_room_to_aim(qtbot) -> None:
    plot = LossPlot()
    qtbot.addWidget(plot)
    slider = plot.controls.smoothing
    assert slider.minimumWidth() >= 6 * plot.fontMetrics().height()
    buddies = [label for label in plot.controls.findChildren(QLabel) if label.buddy() is slider]
    assert buddies and buddies[0].text().replace("&", "").startswith("Smoothing")
    assert slider.toolTip() and buddies[0].toolTip()
    for widget in (plot.controls.lr_check, plot.controls.log_check, plot.controls.save_button):
        assert widget.toolTip()


# ------------------------------------------------------------------------------------------ icons
@pytest.mark.parametrize("dark", [False, True])
def test_icons_follow_the_palette(qapp, dark: bool) -> None:
    palette = theme.dark_palette() if dark else theme.light_palette()
    before = qapp.palette()
    qapp.setPalette(palette)
    try:
        background = palette.color(palette.ColorRole.Window)
        for kind in ("pause", "open", "data", "model", "train", "runs"):
            image = icons.icon(kind, palette).pixmap(32, 32).toImage()
            drawn = [
                QColor(image.pixel(x, y))
                for x in range(32)
                for y in range(32)
                if QColor(image.pixelColor(x, y)).alpha() > 200
            ]
            assert drawn, kind
            # Drawn in the text colour: far from the window colour in either palette (the old ones vanished).
            assert all(abs(c.lightness() - background.lightness()) > 100 for c in drawn), kind
    finally:
        qapp.setPalette(before)


def test_the_app_is_in_rooms_no_module_over_500_lines_no_folder_over_20_modules() -> None:
    """The project's limits, for the app's code: a module longer than 500 lines does more than one job, and a
    folder of more than 20 modules needs rooms of its own."""
    modules = list(GUI_DIR.rglob("*.py"))
    assert len(modules) > 50  # the whole app, in its sub-packages
    long = {str(p.relative_to(GUI_DIR)): n for p in modules if (n := len(p.read_text("utf-8").splitlines())) > 500}
    assert not long, long
    folders = {p.parent for p in modules}
    crowded = {str(d.relative_to(GUI_DIR)): n for d in folders if (n := len(list(d.glob("*.py")))) > 20}
    assert not crowded, crowded

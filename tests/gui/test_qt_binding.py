"""Regression guard for the Qt binding: PySide6(-Essentials) 6.12.0 on Python 3.11 drops a reference to None on
every void-returning call and aborts the interpreter ('none_dealloc') after a few thousand of them — a live plot
makes that many calls in seconds. pyproject excludes that version; these tests fail (rather than crash the run)
if such a binding is ever installed again. Repro: /work/shared/repro/pyside612_none.py."""

from __future__ import annotations

import sys
from importlib import metadata

import pytest
from PySide6.QtWidgets import QLabel

from workbench.gui.plot.loss_plot import LossPlot

BAD_VERSION = "6.12.0"


def _installed(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def test_installed_pyside_is_not_the_none_leaking_release() -> None:
    import PySide6
    import shiboken6

    assert PySide6.__version__ != BAD_VERSION, "PySide6 6.12.0 aborts Python 3.11 after a few thousand Qt calls"
    assert shiboken6.__version__ != BAD_VERSION
    for dist in ("PySide6-Essentials", "PySide6", "shiboken6"):
        assert _installed(dist) != BAD_VERSION, f"{dist} {BAD_VERSION} is installed; pyproject excludes it"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12: its count never falls")
def test_many_plot_updates_keep_the_reference_count_of_none(qtbot) -> None:
    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.show()
    qtbot.waitExposed(plot)
    label = QLabel("probe", plot)  # a child: resizing a top-level window would spam the offscreen plugin
    start = sys.getrefcount(None)
    for i in range(20_000):
        plot.add_step(i + 1, 1.0 / (i + 1), 1e-3)
        label.setMaximumWidth(2000 + i % 100)  # plain void calls into Qt
        label.setToolTip("loss")
        if i % 20 == 0:
            plot.redraw_now()
        if i % 500 == 499:
            # Fail early, long before None's count could reach zero and abort the whole test run.
            lost = start - sys.getrefcount(None)
            assert lost < 200, f"{lost} references to None lost after {i + 1} updates: a broken Qt binding"
    plot.redraw_now()
    assert plot.n_points == 20_000
    assert start - sys.getrefcount(None) < 200

"""One page alone on a saved run, for development and screenshots, as Orange's WidgetPreview does for a widget:
`python -m workbench.gui.pages.inspect RUN_DIR` (each page's __main__.py is two lines over this helper).

Options: `--screenshot PATH` saves the page as a PNG after `--wait` seconds (default 3) and quits; `--size WxH`.
Settings go to a temporary folder, so a preview never changes the app's remembered state.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from workbench.core.errors import WorkbenchError
from workbench.gui.widgets import theme, wheel_guard
from workbench.gui.widgets.language import cjk_font, translations

P = TypeVar("P", bound=QWidget)


def parse_args(prog: str, argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=prog, description="Open this page alone, on a saved run.")
    parser.add_argument("run_dir", nargs="?", type=Path, help="a run folder (omit for the page with no run)")
    parser.add_argument("--screenshot", type=Path, help="save the page as a PNG and quit")
    parser.add_argument("--wait", type=float, default=3.0, help="seconds before the screenshot (3)")
    parser.add_argument("--size", default="1000x800", help="the page's size, WIDTHxHEIGHT (1000x800)")
    return parser.parse_args(list(argv))


def preview_app() -> QApplication:
    """The QApplication with the app's theme, the system's language and its own, temporary settings."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):  # none yet (Qt refuses a second application object)
        app = QApplication([sys.argv[0] if sys.argv else "preview"])
    app.setOrganizationName("TransformerWorkbench")
    app.setApplicationName("TransformerWorkbench-preview")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    folder = tempfile.mkdtemp(prefix="workbench-preview-")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
    translations.install(app, translations.resolve(translations.SYSTEM))  # LANG=zh_CN.UTF-8: the page in Chinese
    theme.apply_theme(app, scheme=os.environ.get("WORKBENCH_THEME") or None)
    cjk_font.add_fallback(app)
    wheel_guard.install(app)
    return app


def build_preview(make_page: Callable[[], P], show_run: Callable[[P, Path], Any] | None, run_dir: Path | None) -> P:
    """The page, given the run (WorkbenchError in plain words when the folder is not a usable run)."""
    page = make_page()
    if run_dir is not None and show_run is not None:
        if not run_dir.is_dir():
            raise WorkbenchError(
                QCoreApplication.translate(
                    "Preview", "{run_dir} is not a folder; give a run folder (one with run.json)."
                ).format(run_dir=run_dir)
            )
        show_run(page, run_dir)
    return page


def run_preview(
    make_page: Callable[[], P],
    show_run: Callable[[P, Path], Any] | None,
    argv: Sequence[str] | None = None,
    *,
    prog: str = "preview",
) -> int:
    """Show the page on the run in argv until it is closed (or until the screenshot is saved); the exit code."""
    args = parse_args(prog, sys.argv[1:] if argv is None else argv)
    app = preview_app()
    try:
        width, height = (int(n) for n in args.size.lower().split("x"))
        page = build_preview(make_page, show_run, args.run_dir)
    except (WorkbenchError, ValueError) as err:
        print(f"{prog}: {err}", file=sys.stderr)
        return 2
    page.setWindowTitle(f"{type(page).__name__}: {args.run_dir or 'no run'}")
    page.resize(width, height)
    page.show()
    if args.screenshot is not None:

        def shoot() -> None:
            args.screenshot.parent.mkdir(parents=True, exist_ok=True)
            if not page.grab().save(str(args.screenshot)):
                print(f"{prog}: could not save {args.screenshot}", file=sys.stderr)
            page.close()
            app.quit()

        QTimer.singleShot(int(args.wait * 1000), shoot)
    return app.exec()  # background threads are stopped on aboutToQuit (workbench.gui.threads.registry)

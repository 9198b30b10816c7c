"""`python -m workbench.gui.pages.runs RUN_DIR`: the Runs page alone, on the folder that holds RUN_DIR, with it
selected."""

import sys
from pathlib import Path

from workbench.gui.pages.runs.runs_page import RunsPanel
from workbench.gui.widgets.preview import run_preview


def show(page: RunsPanel, run: Path) -> None:
    page.set_runs_root(run.resolve().parent, remember=False)
    page.select_paths([run.resolve()])


if __name__ == "__main__":
    sys.exit(run_preview(RunsPanel, show, prog="workbench.gui.pages.runs"))

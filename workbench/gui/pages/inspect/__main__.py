"""`python -m workbench.gui.pages.inspect RUN_DIR`: the Inspect page alone on a saved run."""

import sys
from pathlib import Path

from workbench.gui.pages.inspect.inspect_page import InspectPanel
from workbench.gui.widgets.preview import run_preview


def show(page: InspectPanel, run: Path) -> None:
    page.set_run(str(run))


if __name__ == "__main__":
    sys.exit(run_preview(InspectPanel, show, prog="workbench.gui.pages.inspect"))

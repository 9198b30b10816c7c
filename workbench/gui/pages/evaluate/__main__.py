"""`python -m workbench.gui.pages.evaluate RUN_DIR`: the Evaluate page alone on a saved run."""

import sys
from pathlib import Path

from workbench.gui.pages.evaluate.evaluate_page import EvaluatePanel
from workbench.gui.widgets.preview import run_preview


def show(page: EvaluatePanel, run: Path) -> None:
    page.set_run(str(run))


if __name__ == "__main__":
    sys.exit(run_preview(EvaluatePanel, show, prog="workbench.gui.pages.evaluate"))

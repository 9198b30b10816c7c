"""`python -m workbench.gui.pages.model RUN_DIR`: the Model page alone, showing a saved run's settings."""

import sys
from pathlib import Path

from workbench.core.runs.folder import RunFolder
from workbench.gui.pages.model.model_page import ModelPanel
from workbench.gui.widgets.preview import run_preview


def show(page: ModelPanel, run: Path) -> None:
    config = RunFolder.open(run).load_config()
    page.set_model_config(config.model)


if __name__ == "__main__":
    sys.exit(run_preview(ModelPanel, show, prog="workbench.gui.pages.model"))

"""`python -m workbench.gui.pages.data RUN_DIR`: the Data page alone, showing a saved run's settings."""

import sys
from pathlib import Path

from workbench.core.runs.folder import RunFolder
from workbench.gui.pages.data.data_page import DataPanel
from workbench.gui.widgets.preview import run_preview


def show(page: DataPanel, run: Path) -> None:
    config = RunFolder.open(run).load_config()
    page.set_data_config(config.data)


if __name__ == "__main__":
    sys.exit(run_preview(DataPanel, show, prog="workbench.gui.pages.data"))

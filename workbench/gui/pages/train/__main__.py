"""`python -m workbench.gui.pages.train RUN_DIR`: the Train page alone, showing a saved run's settings."""

import sys
from pathlib import Path

from workbench.core.runs.folder import RunFolder
from workbench.gui.pages.train.train_page import TrainPanel
from workbench.gui.widgets.preview import run_preview


def show(page: TrainPanel, run: Path) -> None:
    config = RunFolder.open(run).load_config()
    page.set_train_config(config.train)


if __name__ == "__main__":
    sys.exit(run_preview(TrainPanel, show, prog="workbench.gui.pages.train"))

"""The window's small dialogs: closing while a run trains, About, and the folder of error reports."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench import __version__
from workbench.gui.widgets import error_report


def confirm_close(parent: QWidget) -> bool:
    """Ask before closing while a model trains; True: stop it and close."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("Dialogs", "Training is running"),
        QCoreApplication.translate(
            "Dialogs",
            "A model is training. Stop it and close? Training stops after the current step and the model is "
            "saved, so you can continue it later from the Runs page.",
        ),
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.button(QMessageBox.StandardButton.Ok).setText(QCoreApplication.translate("Dialogs", "Stop and close"))
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == QMessageBox.StandardButton.Ok


def show_log_folder() -> None:
    folder = error_report.log_path().parent
    folder.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def about(parent: QWidget, runs_root: Path) -> None:
    QMessageBox.about(
        parent,
        QCoreApplication.translate("Dialogs", "About Transformer Workbench"),
        QCoreApplication.translate(
            "Dialogs",
            "<b>Transformer Workbench {version}</b><br>Size, train and inspect a Transformer encoder on "
            "your own text, on the CPU or a GPU.<br><br>Runs are saved in {runs_root}.<br>Error reports: "
            "{log_path}<br>Python {split}",
        ).format(
            version=__version__, runs_root=runs_root, log_path=error_report.log_path(), split=sys.version.split()[0]
        ),
    )

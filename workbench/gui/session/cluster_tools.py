"""Working beyond this window: the Train page's "Copy command" (the torchrun command for the current settings),
the Runs page's Follow (a run another process writes, drawn as it grows) and Export to ONNX…"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject

from workbench.gui.plot.loss_plot import parse_records
from workbench.gui.session.onnx_job import start_export


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClusterTools", text)


class ClusterTools(QObject):
    """Connects the pages' requests to the plot and the status bar (through the controller's signals)."""

    def __init__(self, controller: Any, pages: Any) -> None:
        super().__init__(controller)
        self._c, self._p = controller, pages
        self.onnx_job: Any = None
        pages.train.command.requested.connect(self.copy_command)
        tools = pages.runs.tools
        tools.followStarted.connect(self._follow_started)
        tools.followRestarted.connect(pages.plot.clear)
        tools.recordsAppended.connect(self._append)
        tools.exportRequested.connect(self._export)

    def copy_command(self) -> None:
        """Show the torchrun command that trains these settings on a cluster, and copy it to the clipboard."""
        from workbench.core.config.command import torchrun_command

        cfg = self._c.run_config()
        if cfg is not None:
            self._p.train.command.show_command(torchrun_command(cfg))
            self._p.train.set_status(_tr("The torchrun command is on the clipboard."))

    def _follow_started(self, path: str) -> None:
        plot = self._p.plot
        plot.clear_overlays()
        plot.clear()
        name = self._c.run_name(path)
        tip = _tr("The curves grow as the run in {path} is written.").format(path=path)
        self._c.runLabelChanged.emit(_tr("Following: {name}").format(name=name), tip)
        self._c.statusMessage.emit(_tr("Following run {name}.").format(name=name), 5000)

    def _append(self, records: list[dict[str, Any]]) -> None:
        steps, losses, lrs, evals = parse_records(records)
        self._p.plot.add_steps(steps, losses, lrs)
        for step, metrics in evals:
            self._p.plot.add_eval(step, metrics)

    def _export(self, run: str, onnx_path: str) -> None:
        self.onnx_job = start_export(run, onnx_path, self._c.statusMessage.emit)
        self._c.statusMessage.emit(_tr("Exporting {run} to ONNX…").format(run=Path(run).name), 0)

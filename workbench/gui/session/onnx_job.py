"""The Runs page's "Export to ONNX…": the run's model written as ONNX in a background job (seconds for a small
model, longer for a large one), checked against PyTorch with onnxruntime as `workbench export --onnx` does."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from workbench.core.errors import WorkbenchError
from workbench.gui.threads.evaluation_job import BackgroundJob


def start_export(run: str, onnx_path: str, show_status: Callable[[str, int], None]) -> BackgroundJob:
    """Start the export; show_status(message, ms) says how it went. Keep the returned job until it has ended."""

    def work(report: Callable[[int, int, str], None]) -> Any:
        from workbench.core.inspection.inspector import load_run
        from workbench.core.model.onnx_export import export_onnx

        try:
            loaded = load_run(Path(run))
            return export_onnx(
                loaded.model,
                Path(onnx_path),
                tokenizer=loaded.tokenizer,
                labels=loaded.labels,
                metadata={"run": loaded.path.name, "checkpoint": "last"},
            )
        except (WorkbenchError, OSError) as err:
            return err

    def finished(result: Any) -> None:
        if isinstance(result, Exception):
            text = QCoreApplication.translate("OnnxExport", "ONNX export failed: {reason}").format(reason=result)
            show_status(text, 15_000)
            return
        diff = result.max_difference
        checked = (
            QCoreApplication.translate("OnnxExport", "not checked (onnxruntime is not installed)")
            if diff is None
            else QCoreApplication.translate("OnnxExport", "agrees with PyTorch to {d:.1e}").format(d=max(diff.values()))
        )
        text = QCoreApplication.translate(
            "OnnxExport", "Wrote {path} ({mb:.1f} MB; {checked}) with tokenizer.json and labels.json beside it."
        ).format(path=result.path, mb=result.size_bytes / 1e6, checked=checked)
        show_status(text, 15_000)

    job = BackgroundJob(work)
    job.done.connect(finished)
    job.start()
    return job

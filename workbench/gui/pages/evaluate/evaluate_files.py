"""The Evaluate page's files: choosing a labelled file or a file to label, and saving the scores (CSV) or the
confusion matrix (PNG). A mixin of EvaluatePanel, which provides what is declared below."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from workbench.core.evaluation.saved import RunFacts, Scores
from workbench.gui.widgets.file_filters import file_filters

LAST_DIR_KEY = "evaluate/last_dir"


class EvaluateFiles:
    _facts: RunFacts | None
    _scores: Scores | None
    matrix: Any
    tr: Callable[..., str]  # QObject.tr, through EvaluatePanel (its optional arguments make it `...`)
    _say: Callable[[str, str], None]
    predict: Callable[[str, str], None]

    def _parent(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def choose_predict_file(self) -> None:
        source = self._ask_open(self.tr("Choose a file of texts to label"))
        if not source:
            return
        suggested = str(Path(source).with_name(f"{Path(source).stem}_predictions.csv"))
        out, _ = QFileDialog.getSaveFileName(
            self._parent(), self.tr("Save the predictions as"), suggested, self.tr("CSV (*.csv)")
        )
        if out:
            self.predict(source, out)

    def export_csv(self, path: str) -> bool:
        """Write the per-class scores and the confusion matrix (as `workbench evaluate --csv` does)."""
        from workbench.core.runs.folder import atomic_write_text

        if self._scores is None:
            return False
        try:
            atomic_write_text(Path(path), self._scores.to_csv())
        except OSError as err:
            self._say(
                "error",
                self.tr("{path} cannot be written ({value}); choose another place.").format(
                    path=path, value=err.strerror or err
                ),
            )
            return False
        self._say("info", self.tr("Saved the scores to {path}.").format(path=path))
        return True

    def export_png(self, path: str) -> bool:
        if self._scores is None:
            return False
        if not self.matrix.save_png(path):
            self._say("error", self.tr("{path} cannot be written; choose another place.").format(path=path))
            return False
        self._say("info", self.tr("Saved the confusion matrix to {path}.").format(path=path))
        return True

    def choose_csv_file(self) -> None:
        path = self._ask_save(self.tr("Save the scores as"), "evaluation.csv", self.tr("CSV (*.csv)"))
        if path:
            self.export_csv(path)

    def choose_png_file(self) -> None:
        path = self._ask_save(
            self.tr("Save the confusion matrix as"), "confusion_matrix.png", self.tr("PNG image (*.png)")
        )
        if path:
            self.export_png(path)

    def _ask_open(self, caption: str) -> str:
        settings = QSettings()
        start = str(settings.value(LAST_DIR_KEY, "") or "") or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self._parent(), caption, start, file_filters())
        if path:
            settings.setValue(LAST_DIR_KEY, str(Path(path).parent))
        return path

    def _ask_save(self, caption: str, name: str, filters: str) -> str:
        settings = QSettings()
        start = str(settings.value(LAST_DIR_KEY, "") or "") or str(Path.home())
        stem = Path(self._facts.path).name if self._facts else "run"
        path, _ = QFileDialog.getSaveFileName(self._parent(), caption, str(Path(start) / f"{stem}_{name}"), filters)
        if path:
            settings.setValue(LAST_DIR_KEY, str(Path(path).parent))
        return path

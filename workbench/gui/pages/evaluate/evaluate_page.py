"""The Evaluate page: how well a run does on labelled text, where it goes wrong, and predictions for a file (issue 6).

It follows the run opened or trained last (set_run). The scores saved when training ended (evaluation.json) show at
once; Evaluate scores the run again on its own validation rows or on a labelled file, off the UI thread, so the
examples behind each confusion-matrix cell can be listed and opened in the inspector. This file only puts the
parts together: the matrix, the per-class table, the examples, the background jobs and the data they read live in
the modules named after them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from superqt import QElidingLabel

from workbench.core.errors import WorkbenchError
from workbench.core.evaluation.saved import DataChoice, RunFacts, RunUnusable, Scores, read_run, read_saved
from workbench.gui.pages.evaluate.class_report import ClassReport, Headline
from workbench.gui.pages.evaluate.confusion_matrix import ConfusionMatrixView
from workbench.gui.pages.evaluate.evaluate_files import EvaluateFiles
from workbench.gui.pages.evaluate.evaluation_examples import EvaluationExamples
from workbench.gui.pages.evaluate.job_progress import JobProgress
from workbench.gui.pages.evaluate.model_folder_note import show_model_folder
from workbench.gui.pages.evaluate.scores_text import source_text, stale_note
from workbench.gui.threads.evaluation_job import BackgroundJob, EvalOutcome, PredictOutcome, evaluate_job, predict_job
from workbench.gui.widgets.language.noop import QT_TRANSLATE_NOOP
from workbench.gui.widgets.message_box import MessageBox
from workbench.gui.widgets.run_picker import RunPicker

VALIDATION, FILE = "validation", "file"
NO_RUN = QT_TRANSLATE_NOOP("EvaluatePage", "Train a model or open a run on the Runs page to see how well it does.")


class EvaluatePanel(EvaluateFiles, QWidget):
    """Evaluates the run chosen with set_run (a run folder)."""

    inspectRequested = Signal(str)  # the text of an example to open in the inspector
    evaluated = Signal()  # new scores are shown
    jobEnded = Signal()  # an evaluation or prediction ended (finished, failed or cancelled)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._run_path: str | None = None
        self._chosen: str | None = None  # chosen in the picker
        self._latest: str | None = None
        self._facts: RunFacts | None = None
        self._scores: Scores | None = None
        self._job: BackgroundJob | None = None
        self._job_run: str | None = None  # the run the job scores; a late answer for another run is dropped
        self._pending_cell: tuple[int, int] | None = None
        self._file: str | None = None
        self._build()
        self._connect()
        self._show_run()

    # ================================================================== layout
    def _build(self) -> None:
        self.run_picker = RunPicker()
        self.run_picker.runChosen.connect(self.choose_run)
        self.run_picker.followChosen.connect(lambda: self.choose_run(None))
        self.run_label = QElidingLabel("")
        self.run_label.setElideMode(Qt.TextElideMode.ElideRight)  # the full name is in the tooltip
        font = self.run_label.font()
        font.setBold(True)
        self.run_label.setFont(font)

        self.data_combo = QComboBox()
        self.data_combo.addItem(self.tr("The run's own validation rows"), VALIDATION)
        self.data_combo.addItem(self.tr("A labelled file…"), FILE)
        self.data_combo.setToolTip(
            self.tr(
                "What to score: the rows this run held out from training (its validation split), or a file with "
                "texts and labels"
            )
        )
        data_label = QLabel(self.tr("&Data:"))
        data_label.setBuddy(self.data_combo)
        self.file_label = QElidingLabel("")
        self.file_label.setElideMode(Qt.TextElideMode.ElideMiddle)
        self.file_button = QPushButton(self.tr("Choose…"))
        self.file_button.setToolTip(self.tr("Choose another labelled file"))
        self.text_combo = QComboBox()
        self.text_combo.setProperty("showsData", True)  # column names: data, not words to translate
        self.text_combo.setToolTip(self.tr("The column that holds the text"))
        self.label_combo = QComboBox()
        self.label_combo.setProperty("showsData", True)  # column names: data, not words to translate
        self.label_combo.setToolTip(self.tr("The column that holds the true class"))
        for combo in (self.text_combo, self.label_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.file_row = QWidget()
        fr = QHBoxLayout(self.file_row)
        fr.setContentsMargins(0, 0, 0, 0)
        fr.addWidget(self.file_label, 1)
        fr.addWidget(self.file_button)
        fr.addWidget(QLabel(self.tr("Text:")))
        fr.addWidget(self.text_combo)
        fr.addWidget(QLabel(self.tr("Label:")))
        fr.addWidget(self.label_combo)
        self.file_row.hide()

        self.evaluate_button = QPushButton(self.tr("&Evaluate"))
        self.evaluate_button.setToolTip(
            self.tr("Score the run on the chosen data and list the examples behind the scores")
        )
        self.predict_button = QPushButton(self.tr("&Predict a file…"))
        self.predict_button.setToolTip(
            self.tr("Label every text of a file with this run and save the predictions and probabilities as CSV")
        )
        self.csv_button = QPushButton(self.tr("Save scores as &CSV…"))
        self.csv_button.setToolTip(self.tr("Per-class precision, recall, F1 and support, then the confusion matrix"))
        self.busy_row = JobProgress()
        self.progress, self.progress_label = self.busy_row.progress, self.busy_row.label
        self.cancel_button = self.busy_row.cancel_button

        top = QGridLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel(self.tr("Run:")), 0, 0)
        top.addWidget(self.run_picker, 0, 1)
        top.addWidget(self.run_label, 0, 2)
        top.addWidget(data_label, 1, 0)
        top.addWidget(self.data_combo, 1, 1)
        top.addWidget(self.evaluate_button, 1, 2)
        top.addWidget(self.file_row, 2, 1, 1, 2)
        top.setColumnStretch(1, 1)
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.predict_button)
        actions.addWidget(self.csv_button)
        actions.addStretch(1)

        self.message = MessageBox()
        self.headline = Headline()
        self.matrix = ConfusionMatrixView()
        self.report = ClassReport()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.matrix, self.tr("Confusion matrix"))
        self.tabs.addTab(self.report, self.tr("Per class"))
        self.tabs.setDocumentMode(True)
        self.examples = EvaluationExamples()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.examples)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.busy_row)
        layout.addWidget(self.message)
        layout.addWidget(self.headline)
        layout.addWidget(self.splitter, 1)
        layout.addStretch(0)  # takes the room while there are no scores to show

    def _connect(self) -> None:
        self.data_combo.activated.connect(self._data_chosen)
        self.file_button.clicked.connect(self.choose_data_file)
        self.text_combo.activated.connect(lambda _i: self._columns_changed())
        self.label_combo.activated.connect(lambda _i: self._columns_changed())
        self.evaluate_button.clicked.connect(self.evaluate)
        self.predict_button.clicked.connect(self.choose_predict_file)
        self.csv_button.clicked.connect(self.choose_csv_file)
        self.matrix.save_button.clicked.connect(self.choose_png_file)
        self.busy_row.cancelRequested.connect(self.cancel)
        self.matrix.cellClicked.connect(self.show_cell)
        self.examples.mistakes_button.clicked.connect(self.show_mistakes)
        self.examples.inspectRequested.connect(self.inspectRequested)

    # ================================================================== public API
    def set_runs(self, rows: list[Any]) -> None:
        self.run_picker.set_runs(rows)

    def choose_run(self, path: str | None) -> None:
        """The person chose a run or model folder (None: follow the latest again); it stays until they choose again."""
        self._chosen = path
        self.run_picker.show_path(path)
        self._switch(path if path is not None else self._latest)

    def chosen_run(self) -> str | None:
        return self._chosen

    def set_run(self, path: str | None, *, replace_choice: bool = False) -> None:
        """Show the run in this folder (None: no run): its saved scores at once, if it has any. While the person
        has chosen a run in the picker it is only remembered as the latest."""
        self._latest = path
        if self._chosen is not None and replace_choice and path:
            self.choose_run(path)
        elif self._chosen is None:
            self._switch(path)

    def _switch(self, path: str | None) -> None:
        if self._job is not None and self._job_run is not None:
            self._job.cancel()  # an evaluation of the previous run is no use any more
        self._run_path = str(path) if path else None
        self._pending_cell = None
        self._show_run()

    def run_path(self) -> str | None:
        return self._run_path

    def scores(self) -> Scores | None:
        return self._scores

    def is_busy(self) -> bool:
        return self._job is not None

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    def evaluate(self) -> None:
        """Score the run on the chosen data in the background."""
        facts = self._facts
        if facts is None or not facts.is_classifier or self._job is not None:
            return
        choice = DataChoice()
        if self.data_combo.currentData() == FILE:
            if not self._file:
                self.choose_data_file()
                return
            choice = DataChoice(
                self._file, self.text_combo.currentText() or None, self.label_combo.currentText() or None
            )
        self._start(BackgroundJob(evaluate_job(facts, choice)), self._run_path)

    def evaluate_saved_weights(self) -> None:
        """Score the weights saved in the run folder on its own validation rows (offered when scores are older)."""
        self.use_validation_split()
        self.evaluate()

    def set_data_file(self, path: str) -> bool:
        """Score a labelled file from now on; its columns are guessed (and can be changed). False if unusable."""
        from workbench.core.data import preview_columns

        try:
            columns, text, label = preview_columns(path)
        except WorkbenchError as err:
            self._say("error", str(err))
            return False
        if len(columns) < 2:
            self._say(
                "error",
                self.tr("{name} has no label column, so there is nothing to score against.").format(
                    name=Path(path).name
                ),
            )
            return False
        self._file = str(path)
        self.file_label.setText(Path(path).name)
        self.file_label.setToolTip(str(path))
        for combo, chosen in ((self.text_combo, text), (self.label_combo, label)):
            combo.clear()
            combo.addItems(columns)
            if chosen in columns:
                combo.setCurrentText(chosen)
        self.data_combo.setCurrentIndex(self.data_combo.findData(FILE))
        self.file_row.show()
        self.message.hide()
        return True

    def use_validation_split(self) -> None:
        self.data_combo.setCurrentIndex(self.data_combo.findData(VALIDATION))
        self.file_row.hide()

    def choose_data_file(self) -> None:
        path = self._ask_open(self.tr("Choose a labelled file to score"))
        if not (path and self.set_data_file(path)) and not self._file:
            self.use_validation_split()

    def predict(self, source: str, out: str) -> None:
        """Label every text of `source` with the run and write the predictions CSV to `out`, in the background."""
        facts = self._facts
        if facts is None or not facts.is_classifier or self._job is not None:
            return
        self._start(BackgroundJob(predict_job(facts, source, out)), None)

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.busy_row.stopping()

    def show_cell(self, true: int, predicted: int) -> None:
        """List the examples of one confusion-matrix cell (scoring the run first if only saved scores are shown)."""
        s = self._scores
        if s is None or not (0 <= true < len(s.labels) and 0 <= predicted < len(s.labels)):
            return
        self.matrix.select(true, predicted)
        if s.evaluation is None:
            self._pending_cell = (true, predicted)
            if self._job is None and self._facts is not None:
                self.examples.show_message(self.tr("Scoring the validation rows again to list the examples…"))
                self._start(BackgroundJob(evaluate_job(self._facts, DataChoice())), self._run_path)
            return
        rows = s.evaluation.cell(true, predicted)
        t, p = s.labels[true], s.labels[predicted]
        what = (
            self.tr("True “{t}”, predicted correctly").format(t=t)
            if true == predicted
            else self.tr("True “{t}”, predicted “{p}”").format(t=t, p=p)
        )
        count = self.tr("1 example") if len(rows) == 1 else self.tr("{n:,} examples").format(n=len(rows))
        self.examples.show_rows(
            s.evaluation, rows, self.tr("{what}: {count}, the most confident first.").format(what=what, count=count)
        )

    def show_mistakes(self) -> None:
        s = self._scores
        if s is None or s.evaluation is None:
            return
        self.matrix.canvas.select(None)
        rows = s.evaluation.misclassified()
        if len(rows):
            title = self.tr("{n_rows:,} mistakes out of {examples:,}, the most confidently wrong first.").format(
                n_rows=len(rows), examples=s.examples
            )
        else:
            title = self.tr("No mistakes: all {examples:,} examples were classified correctly.").format(
                examples=s.examples
            )
        self.examples.show_rows(s.evaluation, rows, title)

    # ================================================================== showing a run
    def _show_run(self) -> None:
        self._facts, self._scores = None, None
        self.message.hide()
        path = self._run_path
        if path is None:
            self.run_label.setText(self.tr("none yet"))
            self.run_label.setToolTip("")
            self._clear_scores(QCoreApplication.translate("EvaluatePage", NO_RUN))
            self._enable()
            return
        try:
            facts = read_run(path)
        except RunUnusable as err:
            self.run_label.setText(Path(path).name)
            self.run_label.setToolTip(path)
            self._clear_scores("")
            self._say("error", self.tr("{err} Choose another run on the Runs page.").format(err=err))
            self._enable()
            return
        self._facts = facts
        self.run_label.setText(facts.name)
        tip = self.tr("{name}\n{path}\nTrained on {data_source}")
        data = facts.data_source.removeprefix("demo:")
        self.run_label.setToolTip(tip.format(name=facts.name, path=facts.path, data_source=data))
        if facts.info.get("model_folder"):
            return show_model_folder(self, facts, FILE)
        if not facts.is_classifier:
            self._clear_scores("")
            self._say(
                "info",
                self.tr(
                    "{name} is a pre-training (masked-language-model) run: it learnt to fill in hidden words and has "
                    "no classes to score. Evaluation needs a classification run. To get one, fine-tune this run on "
                    "labelled data: start a run from it on the Train page."
                ).format(name=facts.name),
            )
            self._enable()
            return
        damaged = ""
        try:
            saved = read_saved(facts)
        except RunUnusable as err:
            saved, damaged = None, str(err)
        if saved is not None:
            self._show_scores(saved)
        else:
            self._clear_scores(
                "" if damaged else self.tr("Press Evaluate to score this run and list the examples it gets wrong.")
            )
            if damaged:
                self._say("warning", damaged)
        self._enable()

    def _clear_scores(self, hint: str) -> None:
        self._scores = None
        self.headline.clear()
        self.matrix.clear()
        self.report.set_scores([], {})
        self.examples.show_message("")
        self.splitter.hide()  # empty frames say nothing; the message says what to do
        if hint:
            self.message.show_message("info", hint, closable=False)

    def _show_scores(self, scores: Scores) -> None:
        self._scores = scores
        self.splitter.show()
        self.headline.set_scores(scores.accuracy, scores.macro_f1, source_text(scores, self._facts))
        self.matrix.set_matrix(scores.labels, scores.confusion)
        self.report.set_scores(scores.labels, scores.per_class)
        if scores.stale:
            rescore = (
                self.tr("Evaluate step {weights_step:,}").format(weights_step=scores.weights_step),
                self.evaluate_saved_weights,
            )
            self.message.show_message("warning", " ".join([*scores.notes, stale_note(scores)]), action=rescore)
        elif scores.notes:
            self._say("warning", " ".join(scores.notes))
        if scores.saved:
            self.examples.show_message(
                self.tr(
                    "These scores were saved when training ended. Click a cell, or press Evaluate, to list the "
                    "examples behind them."
                )
            )
        elif self._pending_cell is not None:
            cell, self._pending_cell = self._pending_cell, None
            self.show_cell(*cell)
        else:
            self.show_mistakes()
        self._enable()
        self.evaluated.emit()

    # ================================================================== jobs
    def _start(self, job: BackgroundJob, run: str | None) -> None:
        self._job, self._job_run = job, run
        job.progress.connect(self.busy_row.report)
        job.done.connect(self._on_done)
        job.ended.connect(self._on_ended)
        self.busy_row.start()
        self.message.hide()
        self._enable()
        job.start()

    def _on_done(self, outcome: Any) -> None:
        if isinstance(outcome, PredictOutcome):
            if outcome.cancelled:
                self._say("info", self.tr("Prediction cancelled; no file was written."))
            elif outcome.error:
                self._say("error", outcome.error)
            else:
                column = (
                    self.tr(" from the column “{text_column}”").format(text_column=outcome.text_column)
                    if outcome.text_column
                    else ""
                )
                self._say(
                    "info",
                    self.tr("Saved {rows:,} predictions{column} to {path}.").format(
                        rows=outcome.rows, column=column, path=outcome.path
                    ),
                )
            return
        assert isinstance(outcome, EvalOutcome)
        if self._job_run != self._run_path:
            return  # the run changed while it was scored
        if outcome.cancelled:
            self._pending_cell = None
            self._say("info", self.tr("Evaluation cancelled."))
        elif outcome.error:
            self._pending_cell = None
            self._say("error", outcome.error)
            if self._scores is not None and self._scores.saved:
                self.examples.show_message(self.tr("The examples could not be listed; see the message above."))
        elif outcome.scores is not None:
            self._show_scores(outcome.scores)

    def _on_ended(self) -> None:
        self._job, self._job_run = None, None
        self.busy_row.hide()
        self._enable()
        self.jobEnded.emit()

    # ================================================================== small helpers
    def _enable(self) -> None:
        usable = self._facts is not None and self._facts.is_classifier
        idle = self._job is None
        for w in (self.evaluate_button, self.predict_button, self.data_combo, self.file_row):
            w.setEnabled(usable and idle)
        self.csv_button.setEnabled(self._scores is not None)

    def _say(self, kind: str, text: str) -> None:
        self.message.show_message(kind, text.replace("&", "&amp;").replace("<", "&lt;"))

    def _data_chosen(self, _index: int) -> None:
        if self.data_combo.currentData() == FILE:
            if self._file:
                self.file_row.show()
            else:
                self.choose_data_file()
        else:
            self.file_row.hide()

    def _columns_changed(self) -> None:
        self.message.hide()

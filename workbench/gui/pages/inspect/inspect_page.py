"""The Inspect page: type a sentence and see how the model reads it, refreshed as you type.

From the top: the sentence, the tokens the model sees (with each token's saliency), the prediction (or, for a
pre-trained masked-LM model, its guesses for [MASK]), the options, the grid of every layer's and head's attention
beside the chosen head shown large, and tabs with head statistics, attention over training and a comparison.

The work runs on an InspectWorker thread (loading a run, snapshotting a training model, forward passes,
saliency); this page only asks for it and draws what comes back. Typing is debounced; muting a head recomputes at
once. Saliency needs a backward pass, so it is asked for only after the grid is drawn and while it is shown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.gui.pages.inspect.attention.inspect_maps import MapGrid
from workbench.gui.pages.inspect.attention.maps_view import AttentionMaps
from workbench.gui.pages.inspect.inspect_controls import InspectControls
from workbench.gui.pages.inspect.inspect_export import export_menu, export_view
from workbench.gui.pages.inspect.sentence.prediction_view import PredictionView
from workbench.gui.pages.inspect.sentence.token_view import TokenView
from workbench.gui.pages.inspect.tabs.inspect_extras import InspectExtras
from workbench.gui.threads.inspection_worker import INSPECT, LOAD, InspectWorker
from workbench.gui.widgets import theme

DEBOUNCE_MS = 80  # a pause in typing this long refreshes everything
DEFAULT_TEXT = "the food was not bad at all"

NO_RUN = QT_TRANSLATE_NOOP("InspectPage", "Train a model or open a run on the Runs page to look inside it.")
EMPTY_TEXT = QT_TRANSLATE_NOOP("InspectPage", "Type a sentence in the box above to see how the model reads it.")


class InspectPanel(QWidget):
    """Shows the attention of the run chosen with set_run (a run folder), or of the run training now.

    `refreshed` fires each time the grid has been redrawn for a new forward pass (text, muted heads, model).
    """

    refreshed = Signal()
    modelChanged = Signal()
    saliencyShown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._run_path: str | None = None
        self._source: Any = None  # ModelSource of the model shown
        self._result: Any = None  # InspectResult drawn now
        self._ids = {LOAD: 0, INSPECT: 0}  # the latest request of each kind; older answers are dropped
        self._load_due = False  # set_run while hidden: load when shown
        self._live: Any = None  # the TrainingWorker followed, if any
        self._live_due = False
        self._refresh_due = False
        self._loading_name = ""

        self.worker = InspectWorker()
        self.worker.loaded.connect(self._on_loaded)
        self.worker.inspected.connect(self._on_inspected)
        self.worker.failed.connect(self._on_failed)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh_now)
        self._build()
        self._show_message(QCoreApplication.translate("InspectPage", NO_RUN))
        self._set_content_visible(False)

    # --- layout ---------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.text_box = QLineEdit()
        self.text_box.setPlaceholderText(self.tr("Type a sentence, e.g. ") + DEFAULT_TEXT)
        self.text_box.setClearButtonEnabled(True)
        self.text_box.setToolTip(self.tr("Everything below follows what you type, after a short pause"))
        self.text_box.textChanged.connect(lambda _t: self._debounce.start())
        text_label = QLabel(self.tr("&Sentence:"))
        text_label.setBuddy(self.text_box)
        top = QHBoxLayout()
        top.addWidget(text_label)
        top.addWidget(self.text_box, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        self.source_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.token_view = TokenView(self.worker)
        self.token_view.saliencyShown.connect(self.saliencyShown)
        self.tokens = self.token_view.strip

        self.prediction = PredictionView()
        self.prediction.textEdited.connect(self.text_box.setText)
        self.bars = self.prediction.bars

        self.controls = InspectControls()
        self.controls.changed.connect(self._on_option_changed)

        self.maps_view = AttentionMaps(export_menu(self, self.export), self)
        self.maps_view.mutedChanged.connect(self.refresh_now)
        self.maps_view.headSelected.connect(lambda layer, head: self.extras.set_head(layer, head))
        # Its parts, under the names the rest of the app (and its tests) know them by.
        mv = self.maps_view
        self.grid, self.detail, self.maps = mv.grid, mv.detail, mv.splitter
        self.grid_caption, self.reset_button, self.export_button = mv.grid_caption, mv.reset_button, mv.export_button
        self.extras = InspectExtras()
        self.extras.setMinimumHeight(280)
        self.extras.headActivated.connect(lambda layer, head: self.select_head(layer, head))

        self.content = QWidget()
        body = QVBoxLayout(self.content)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.token_view)
        body.addWidget(self.prediction)
        body.addWidget(self.controls)
        body.addWidget(self.maps_view.caption_row)
        body.addWidget(self.maps_view.splitter, 1)
        body.addWidget(self.extras, 1)

        inner = QWidget()
        column = QVBoxLayout(inner)
        column.addLayout(top)
        column.addWidget(self.message)
        column.addWidget(self.source_label)
        column.addWidget(self.content, 1)
        column.addStretch(0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        self.scroll = scroll
        # The tabs under the grid are brought up to date only when scrolled into view.
        scroll.verticalScrollBar().valueChanged.connect(lambda _v: self.extras.bring_up_to_date())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # --- public ---------------------------------------------------------------------------------------
    def set_run(self, path: str | None) -> None:
        """Show this run folder's model (loaded in the background when the page is on screen)."""
        self._run_path = path
        self._live = None
        if path is None:
            self._forget_model(QCoreApplication.translate("InspectPage", NO_RUN))
            return
        self._load_due = True
        if self.isVisible():
            self._load()

    def run_path(self) -> str | None:
        return self._run_path

    def follow_training(self, worker: Any) -> None:
        """Follow a TrainingWorker: a snapshot of its model at the start and at each evaluation, while shown."""
        if worker is None or worker is self._live:
            return
        self._live = worker
        worker.prepared.connect(self._on_training_prepared)
        worker.evaluated.connect(lambda _event: self.refresh_live())

    def use_model(self, model: Any, tokenizer: Any, labels: list[str], name: str = "") -> None:
        """Inspect a model held in memory (benchmarks and tests); nothing may train it meanwhile."""
        self._run_path, self._live, self._load_due = None, None, False
        self._ids[LOAD] = self.worker.use_model(model, tokenizer, labels, name or self.tr("a model in memory"))
        self._loading(name)

    def set_text(self, text: str) -> None:
        """As if typed: the refresh follows after the debounce."""
        self.text_box.setText(text)

    def text(self) -> str:
        return self.text_box.text()

    def source(self) -> Any:
        """The ModelSource shown (model, tokenizer, labels…) or None."""
        return self._source

    def result(self) -> Any:
        """The InspectResult drawn now, or None."""
        return self._result

    def shown_grid(self) -> MapGrid | None:
        return self.maps_view.shown_grid()

    def muted_heads(self) -> set[tuple[int, int]]:
        return self.maps_view.muted_heads()

    def selected(self) -> tuple[int, int | None]:
        return self.maps_view.selected()

    def busy(self) -> bool:
        """True while anything is still to come: a debounced refresh, a request or the saliency."""
        return self._debounce.isActive() or self.token_view.busy() or self.worker.busy

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    def refresh_now(self) -> None:
        """Run the sentence through the model now (the debounce timer calls this)."""
        self._debounce.stop()
        if self._source is None:
            return
        text = self.text_box.text()
        self.token_view.cancel()
        if not text.strip():
            self._ids[INSPECT] = 0
            self._result = None
            self._show_message(QCoreApplication.translate("InspectPage", EMPTY_TEXT))
            self._set_content_visible(False)
            return
        self._ids[INSPECT] = self.worker.inspect(text, frozenset(self.maps_view.muted_heads()))

    def select_head(self, layer: int, head: int | None) -> None:
        self.maps_view.select_head(layer, head)

    def toggle_mute(self, layer: int, head: int) -> None:
        """Mute a head (or bring it back) and recompute at once."""
        self.maps_view.toggle_mute(layer, head)

    def reset_muted(self) -> None:
        self.maps_view.reset_muted()

    def refresh_live(self) -> None:
        """Take a new snapshot of the training model (at an evaluation), now if shown, else when shown."""
        worker = self._live
        trainer = worker.trainer if worker is not None else None
        if trainer is None or getattr(trainer, "model", None) is None:
            return
        if not self.isVisible():
            self._live_due = True
            return
        self._live_due = False
        name = Path(self._run_path).name if self._run_path else self.tr("the run training now")
        self._ids[LOAD] = self.worker.load_snapshot(trainer, name)
        if self._source is None:
            self._loading(name)

    # --- model loading --------------------------------------------------------------------------------
    def _load(self) -> None:
        self._load_due = False
        path = self._run_path
        if path is None:
            return
        self._ids[LOAD] = self.worker.load_run(path)
        self._loading(Path(path).name)

    def _loading(self, name: str) -> None:
        self._loading_name = name
        if self._source is None:
            self._show_message(self.tr("Opening “{name}”…").format(name=name))

    def _on_training_prepared(self, info: Any) -> None:
        self._run_path = info.run_path or None
        self._load_due = False
        self.refresh_live()

    def _on_loaded(self, request: int, source: Any) -> None:
        if request != self._ids[LOAD]:
            return
        old = self._source
        self._source = source
        new_shape = old is None or (old.n_layers, old.n_heads) != (source.n_layers, source.n_heads)
        self.maps_view.reset_for_model(new_shape=new_shape, mode=self.controls.mode())
        self._describe_source()
        classifier = source.n_classes > 0
        self.controls.set_saliency_available(classifier)
        self.prediction.set_source(source)
        self.extras.set_source(source)
        if not self.text_box.text().strip() and (old is None or old.path != source.path):
            texts = getattr(source.history, "texts", None) or []
            self.text_box.blockSignals(True)
            self.text_box.setText(texts[0] if texts else DEFAULT_TEXT)
            self.text_box.blockSignals(False)
        self.modelChanged.emit()
        self.refresh_now()

    def _describe_source(self) -> None:
        src = self._source
        size = self.tr("{n_layers} layers × {n_heads} heads").format(n_layers=src.n_layers, n_heads=src.n_heads)
        if src.step is not None:
            text = self.tr(
                "The model training now, as of step {step:,} ({size}); it refreshes at each evaluation."
            ).format(step=src.step, size=size)
        elif src.path is not None:
            text = self.tr("Run “{name}” ({size}), its {weights}.").format(
                name=src.name, size=size, weights=src.weights or self.tr("last saved weights")
            )
        else:
            text = self.tr("{name} ({size}).").format(name=src.name, size=size)
        self.source_label.setText(text)

    def _forget_model(self, message: str) -> None:
        self._source = self._result = None
        self.maps_view.forget()
        self._ids = {LOAD: 0, INSPECT: 0}
        self.token_view.cancel()
        self.worker.cancel(INSPECT)
        if self.extras.replay is not None:
            self.extras.set_source(None)
        self.source_label.setText("")
        self._show_message(message)
        self._set_content_visible(False)

    # --- results --------------------------------------------------------------------------------------
    def _on_inspected(self, request: int, result: Any) -> None:
        if request != self._ids[INSPECT] or self._source is None or result.generation != self._source.generation:
            return
        self._result = result
        self._show_message("")
        self._set_content_visible(True)
        self.prediction.show_result(result, self._source.labels)
        self._render()
        self.refreshed.emit()
        self.token_view.show_result(result, self._source, self.controls.saliency())
        # The tabs below after the grid has had its turn to paint (statistics of 256 tokens take a moment).
        QTimer.singleShot(0, self.extras, lambda r=result: self._update_extras(r))

    def _update_extras(self, result: Any) -> None:
        if result is self._result:
            insp = result.inspection
            self.extras.set_inspection(result.text, insp.tokens, insp.attention)

    def _render(self) -> None:
        """Draw the grid and the large view from the last forward pass (no model run)."""
        if self._result is not None:
            self.maps_view.draw(self._result, self.controls.mode(), self.controls.hide_special())

    def _on_failed(self, request: int, kind: str, message: str) -> None:
        if kind not in self._ids or request != self._ids[kind]:
            return
        if kind == LOAD:
            if self._live is not None and self._source is not None:
                self.source_label.setText(
                    self.tr("The latest snapshot could not be taken: {message}").format(message=message)
                )
                return
            name = Path(self._run_path).name if self._run_path else self._loading_name
            self._forget_model(
                self.tr(
                    "The run “{name}” cannot be shown: {message} Choose another run on the Runs page, or train a new "
                    "model."
                ).format(name=name, message=message)
            )
            self._show_message(self.message.text(), error=True)
        elif kind == INSPECT:
            self._show_message(
                self.tr("This sentence could not be inspected: {message}").format(message=message), error=True
            )

    # --- interaction ----------------------------------------------------------------------------------
    def _on_option_changed(self, what: str) -> None:
        if what == "colormap":
            self.maps_view.set_colormap(self.controls.colormap())
        elif what == "saliency":
            if self._result is not None:
                self.token_view.show_result(self._result, self._source, self.controls.saliency())
        else:
            if what == "mode":
                self.maps_view.set_mode(self.controls.mode())
            self._render()

    # --- export ---------------------------------------------------------------------------------------
    def export(self, what: str, suffix: str, path: str | Path | None = None) -> Path | None:
        """Save the grid/head picture ("grid", "head") or the attention CSV ("all", "one"); asks where unless
        `path` is given. Returns the file written, or None (the message says why)."""
        try:
            saved = export_view(self, what, suffix, path)
        except WorkbenchError as err:
            self._show_message(str(err), error=True)
            return None
        if saved is not None:
            self._show_message("")
            self.source_label.setText(self.tr("Saved {saved}.").format(saved=saved))
        return saved

    # --- visibility and messages ----------------------------------------------------------------------
    def _show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {theme.color('error')}" if error else "")
        self.message.setVisible(bool(text))

    def _set_content_visible(self, visible: bool) -> None:
        self.content.setVisible(visible)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.maps_view.fit()
        QTimer.singleShot(0, self.extras, self.extras.bring_up_to_date)  # more of the tabs may be in view now

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._load_due:
            self._load()
        elif self._live_due:
            self.refresh_live()
        elif self._refresh_due:
            self._refresh_due = False
            self.refresh_now()

    def hideEvent(self, event: Any) -> None:
        # Nothing to compute for a page nobody sees; a pending sentence is sent again when it is shown.
        if self._debounce.isActive():
            self._debounce.stop()
            self._refresh_due = True
        self.token_view.pause()
        super().hideEvent(event)

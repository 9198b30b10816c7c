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

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QTimer, Signal
from PySide6.QtWidgets import (
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.core.runs.readers import is_run_folder
from workbench.gui.pages.inspect.attention.inspect_maps import MapGrid
from workbench.gui.pages.inspect.inspect_export import export_view
from workbench.gui.pages.inspect.inspect_layout import DEFAULT_TEXT, build_inspect_page
from workbench.gui.pages.inspect.source_caption import source_caption
from workbench.gui.pages.inspect.word_grouping import WordGrouping
from workbench.gui.threads.inspection_worker import INSPECT, LENS, LOAD, InspectWorker
from workbench.gui.widgets import theme

DEBOUNCE_MS = 80  # a pause in typing this long refreshes everything

NO_RUN = QT_TRANSLATE_NOOP("InspectPage", "Train a model or open a run on the Runs page to look inside it.")
EMPTY_TEXT = QT_TRANSLATE_NOOP("InspectPage", "Type a sentence in the box above to see how the model reads it.")


class InspectPanel(QWidget):
    """Shows the attention of the run chosen with set_run (a run folder), or of the run training now.

    `refreshed` fires each time the grid has been redrawn for a new forward pass (text, muted heads, model); the
    token strip, the lens and the tabs follow in the next turn of the event loop (busy() is True until then).
    """

    refreshed = Signal()
    modelChanged = Signal()
    saliencyShown = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._run_path: str | None = None
        self._source: Any = None  # ModelSource of the model shown
        self._result: Any = None  # InspectResult drawn now
        self._word_grouping = WordGrouping()
        self._ids = {LOAD: 0, INSPECT: 0, LENS: 0}  # the latest request of each kind; older answers are dropped
        self._load_due = False  # set_run while hidden: load when shown
        self._live: Any = None  # the TrainingWorker followed, if any
        self._live_due = False
        self._refresh_due = False
        self._after_paint_due = 0  # the lens and the tabs, queued behind the grid's paint
        self._loading_name = ""
        self._chosen: str | None = None  # the run or model folder the person chose in the picker
        self._latest: str | None = None  # the run trained or opened last (shown while nothing is chosen)
        self._following: Any = None  # the TrainingWorker of the session
        self._run_loading = False  # a run (or model) asked for and not loaded yet
        self._pending_view: dict[str, Any] | None = None  # a view to show once the model has loaded

        self.worker = InspectWorker()
        self.worker.loaded.connect(self._on_loaded)
        self.worker.inspected.connect(self._on_inspected)
        self.worker.failed.connect(self._on_failed)
        self.worker.lensed.connect(self._on_lensed)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh_now)
        self._build()
        self._show_message(QCoreApplication.translate("InspectPage", NO_RUN))
        self._set_content_visible(False)

    # --- layout ---------------------------------------------------------------------------------------
    def _build(self) -> None:
        build_inspect_page(self)

    # --- public ---------------------------------------------------------------------------------------
    def set_runs(self, rows: list[Any]) -> None:
        """The saved runs the pickers offer (RunRow, from the Runs page)."""
        self.run_picker.set_runs(rows)
        self.extras.set_runs(rows)

    def choose_run(self, path: str) -> None:
        """The person chose this run or model folder: it stays shown (a run that ends does not replace it)."""
        self._chosen = str(path)
        self.run_picker.show_path(path)
        self._show_run(str(path))

    def chosen_run(self) -> str | None:
        return self._chosen

    def follow_latest(self) -> None:
        """Back to showing the run trained or opened last (and the training model's snapshots)."""
        self._chosen = None
        self.run_picker.show_path(None)
        if self._following is not None and self._following.trainer is not None and self._following.is_running:
            self._live = self._following
            self.refresh_live()
        else:
            self._show_run(self._latest)

    def set_run(self, path: str | None, *, replace_choice: bool = False) -> None:
        """Show this run folder's model (loaded in the background when the page is on screen), unless the person
        chose a run in the picker: then it is only remembered as the latest."""
        self._latest = path
        if self._chosen is not None and replace_choice and path:
            self.choose_run(path)
        elif self._chosen is None:
            self._show_run(path)

    def _show_run(self, path: str | None) -> None:
        self._run_path = path
        self._live = None
        if path is None:
            self._forget_model(QCoreApplication.translate("InspectPage", NO_RUN))
            return
        self._load_due = True
        self._run_loading = True  # loaded when shown: a view set meanwhile waits for it
        if self.isVisible():
            self._load()

    def run_path(self) -> str | None:
        return self._run_path

    def follow_training(self, worker: Any) -> None:
        """Follow a TrainingWorker: a snapshot of its model at the start and at each evaluation, while shown."""
        if worker is None or worker is self._following:
            return
        self._following = worker
        if self._chosen is not None:
            return
        self._live = worker
        worker.prepared.connect(self._on_training_prepared)
        worker.evaluated.connect(lambda _event: self.refresh_live())

    def use_model(self, model: Any, tokenizer: Any, labels: list[str], name: str = "") -> None:
        """Inspect a model held in memory (benchmarks and tests); nothing may train it meanwhile."""
        self._run_path, self._live, self._load_due = None, None, False
        self._ids[LOAD] = self.worker.use_model(model, tokenizer, labels, name or self.tr("a model in memory"))
        self._run_loading = True
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
        """The InspectResult drawn now (over tokens, whatever the Words switch says), or None."""
        return self._result

    def shown_result(self) -> Any:
        """What the maps show: result(), or with "Join pieces into words" on the same pass over words (its
        inspection's tokens are the words and its attention the word attention)."""
        return self._over_words()[0]

    def set_words(self, on: bool) -> None:
        """Attention between words instead of pieces (the "Join pieces into words" switch)."""
        self.controls.set_words(on)

    def shown_grid(self) -> MapGrid | None:
        return self.maps_view.shown_grid()

    def muted_heads(self) -> set[tuple[int, int]]:
        return self.maps_view.muted_heads()

    def selected(self) -> tuple[int, int | None]:
        return self.maps_view.selected()

    def busy(self) -> bool:
        """True while anything is still to come: a debounced refresh, a request or the saliency."""
        return (
            self._debounce.isActive()
            or self._after_paint_due > 0
            or self.maps_view.busy()
            or self.token_view.busy()
            or self.worker.busy
        )

    # --- the view, for lesson steps -------------------------------------------------------------------
    def view_state(self) -> dict[str, Any]:
        """What the page shows, in plain values: the sentence, the grid's mode, the chosen layer and head, how it
        is drawn large, [CLS]/[SEP] hidden, the muted heads, and the tabs' state (see InspectExtras). While a
        view waits for its model (set_view_state), that view: it is what the page will show."""
        if self._pending_view is not None:
            return dict(self._pending_view)
        layer, head = self.selected()
        return {
            "text": self.text(),
            "mode": self.controls.mode(),
            "layer": layer,
            "head": head,
            "detail": self.detail.style(),
            "hide_special": self.controls.hide_special(),
            "muted": tuple(sorted(self.muted_heads())),
            **self.extras.view_state(),
        }

    def set_view_state(self, state: dict[str, Any]) -> None:
        """Show this view (keys as view_state gives them); while a model loads, once it has loaded."""
        self._pending_view = dict(state)
        if self._source is not None and not self._run_loading:
            self._apply_view()

    def view_pending(self) -> bool:
        """True while a view set with set_view_state waits for its model."""
        return self._pending_view is not None

    def _apply_view(self) -> None:
        state, self._pending_view = self._pending_view, None
        if state is None or self._source is None:
            return
        n_layers, n_heads = self._source.n_layers, self._source.n_heads
        self.controls.set_mode(state["mode"])
        self.controls.set_hide_special(bool(state["hide_special"]))
        self.maps_view.set_muted({(la, h) for la, h in state["muted"] if la < n_layers and h < n_heads})
        self.detail.set_style(state["detail"])
        self.maps_view.select_head(int(state["layer"]), state["head"])
        self.extras.set_view_state(state["tab"], state["probe"], state["evaluation"], state["compare_text"])
        self.text_box.setText(state["text"])
        self.refresh_now()

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    def refresh_now(self) -> None:
        """Run the sentence through the model now (the debounce timer calls this)."""
        self._debounce.stop()
        if self._source is None:
            return
        text = self.text_box.text()
        self.token_view.forget_pending()
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
        worker = self._live if self._chosen is None else None
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
        self._run_loading = True
        self._loading(Path(path).name)

    def _loading(self, name: str) -> None:
        self._loading_name = name
        if self._source is None:
            self._show_message(self.tr("Opening “{name}”…").format(name=name))

    def _on_training_prepared(self, info: Any) -> None:
        self._latest = info.run_path or None
        if self._chosen is not None:
            return
        self._run_path = info.run_path or None
        self._load_due = False
        self.refresh_live()

    def _on_loaded(self, request: int, source: Any) -> None:
        if request != self._ids[LOAD]:
            return
        old = self._source
        self._source = source
        self._run_loading = False
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
        if self._pending_view is not None:
            self._apply_view()  # runs the sentence through the model itself
            return
        self.refresh_now()

    def _describe_source(self) -> None:
        self.source_label.setText(source_caption(self._source))

    def _forget_model(self, message: str) -> None:
        self._source = self._result = None
        self._word_grouping.clear()
        self._run_loading = False
        self._pending_view = None
        self.maps_view.forget()
        self._ids = {LOAD: 0, INSPECT: 0, LENS: 0}
        self.lens_strip.clear()
        self.worker.cancel(LENS)
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
        self._render(detail_after_grid=True)
        self.refreshed.emit()
        # The token strip, the lens (another forward pass) and the tabs below once the grid has had its turn to
        # paint: queued behind the paint, so none competes with it (placing and painting the strip's chips was a
        # third of the page's time on the small model; statistics of 256 tokens take a moment).
        self._after_paint_due += 1
        QTimer.singleShot(0, self.extras, lambda r=result: self._after_paint(r))

    def _after_paint(self, result: Any) -> None:
        self._after_paint_due -= 1
        if result is not self._result:
            return  # a newer pass came meanwhile
        self._show_tokens()
        self._ids[LENS] = self.worker.lens(result.text)
        self._update_extras(result)

    def _on_lensed(self, request: int, result: Any) -> None:
        if request == self._ids[LENS] and self._source is not None and result.generation == self._source.generation:
            self.lens_strip.show_lens(result.lens, self._source.labels)

    def _update_extras(self, result: Any) -> None:
        if result is self._result:
            shown = self.shown_result()
            insp = shown.inspection
            self.extras.set_words(self.controls.words())
            self.extras.set_inspection(shown.text, insp.tokens, insp.attention)

    def _render(self, *, detail_after_grid: bool = False) -> None:
        """Draw the grid and the large view from the last forward pass (no model run)."""
        if self._result is not None:
            shown, mode, hide = self.shown_result(), self.controls.mode(), self.controls.hide_special()
            self.maps_view.draw(shown, mode, hide, detail_after_grid=detail_after_grid)

    def _show_tokens(self) -> None:
        shown, groups = self._over_words()
        self.token_view.show_result(shown, self._source, self.controls.saliency(), groups)

    def _over_words(self) -> tuple[Any, Any]:
        """(the result to show, its WordGroups or None): the last pass, over words when the switch is on."""
        return self._word_grouping.shown(self._result, self._source, self.controls.words())

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
            if (
                self._run_path is not None
                and self._chosen == self._run_path
                and not is_run_folder(Path(self._run_path))
            ):
                self._forget_model(
                    self.tr("“{name}” cannot be opened: {reason} Choose another run or model folder above.").format(
                        name=name, reason=message
                    )
                )
                self._show_message(self.message.text(), error=True)
                return
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
        elif kind == LENS:
            self.lens_strip.clear()  # the grid is still right; the lens is only missing

    # --- interaction ----------------------------------------------------------------------------------
    def _on_option_changed(self, what: str) -> None:
        if what == "colormap":
            self.maps_view.set_colormap(self.controls.colormap())
        elif what == "saliency":
            if self._result is not None:
                self._show_tokens()
        elif what == "words":
            if self._result is not None:
                self._render()
                self._show_tokens()
                self._update_extras(self._result)
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
        self.worker.keep_waiting()
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
        self.worker.release()  # its thread need not wait for a next sentence
        super().hideEvent(event)

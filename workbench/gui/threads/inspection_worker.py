"""Runs inspection off the UI thread: loading a run, snapshotting a training model, forward passes and saliency.

One QThread does the work, started when a request arrives. When none is left it waits LINGER_S for the next one
(typing sends one every pause, and starting a thread each time cost milliseconds on a busy machine), then ends, so
nothing idles in the background; `release` (the page hidden), `wait` and `request_stop` end the wait at once.
Requests are latest-wins per kind: a new sentence replaces one still waiting, so fast typing never builds a queue.
Every request gets an id, and every result comes back as a signal with that id on the main thread; the panel drops
results whose id is no longer the latest.

Only this thread touches the model it holds, so a forward pass never races a model swap. torch is imported here
inside the thread (the window must open before torch has loaded).
"""

from __future__ import annotations

import itertools
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from workbench.core.errors import WorkbenchError
from workbench.gui.threads import registry

LOAD, INSPECT, LENS, EXPLAIN = "load", "inspect", "lens", "explain"
# A new model first, then the sentence, then its lens (one more forward pass), then the slower saliency.
_ORDER = (LOAD, INSPECT, LENS, EXPLAIN)
LINGER_S = 3.0  # an idle thread waits this long for the next request before it ends


@dataclass
class ModelSource:
    """A model ready to inspect, and where it came from. `spare` is a separate copy for views that run the
    model themselves on the main thread (compare, fill-in), so they never share a module with this thread."""

    generation: int
    model: Any  # EncoderModel (CPU, fp32, eval)
    tokenizer: Any  # TextTokenizer
    labels: list[str]
    name: str
    path: Path | None = None  # the run folder; None for a model handed over directly
    step: int | None = None  # the training step of a live snapshot
    weights: str = ""  # a saved run's: e.g. "best weights (step 120)"
    history: Any = None  # ProbeHistory or None
    spare: Any = None

    def spare_model(self) -> Any:
        """The separate copy (made on first use: most pages never need it). Copying only reads the weights,
        which nothing writes once loaded, so it may run while the inspection thread uses the model."""
        if self.spare is None:
            from workbench.core.inspection.inspector import snapshot_model

            self.spare = snapshot_model(self.model)
        return self.spare

    @property
    def n_layers(self) -> int:
        return int(self.model.cfg.n_layers)

    @property
    def n_heads(self) -> int:
        return int(self.model.cfg.n_heads)

    @property
    def n_classes(self) -> int:
        return int(self.model.cfg.n_classes)


@dataclass
class InspectResult:
    """One forward pass (core Inspection) and, with heads muted, the probabilities of the unmuted model."""

    generation: int
    text: str
    muted: frozenset[tuple[int, int]]
    inspection: Any  # core.inspection.Inspection
    plain_probabilities: Any = None  # np.ndarray or None
    seconds: float = 0.0


@dataclass
class ExplainResult:
    generation: int
    text: str
    method: str
    tokens: list[str]
    scores: Any  # np.ndarray [T]
    target: int
    seconds: float = 0.0


@dataclass
class LensResult:
    """What the model would answer after each layer: a ClassifierLens, a MaskLens (for each [MASK], the top words
    per layer), or None (a masked-LM model and no [MASK] in the sentence)."""

    generation: int
    text: str
    lens: Any = None


@dataclass
class _Request:
    id: int
    kind: str
    work: Callable[[], Any]
    extra: dict[str, Any] = field(default_factory=dict)


class _Thread(QThread):
    def __init__(self, owner: InspectWorker) -> None:
        super().__init__()
        self._owner = owner

    def run(self) -> None:
        self._owner._run_in_thread()


class InspectWorker(QObject):
    """Requests return an id at once; `loaded`, `inspected`, `explained` or `failed` come back with it."""

    loaded = Signal(int, object)  # id, ModelSource
    inspected = Signal(int, object)  # id, InspectResult
    explained = Signal(int, object)  # id, ExplainResult
    lensed = Signal(int, object)  # id, LensResult
    failed = Signal(int, str, str)  # id, kind, message for people
    _answered = Signal()  # after each answer, so the main thread knows it has been delivered

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._pending: dict[str, _Request] = {}
        self._alive = False  # the thread runs (working or waiting for a request); False once it has decided to end
        self._release = False  # end the wait for the next request now
        self._working = False  # the thread runs a request (not waiting for one)
        self._undelivered = 0  # requests taken by the thread whose answer has not reached the main thread yet
        self._closing = False
        self._registered = False  # in the thread registry: from its start until its `finished` is delivered
        self._ids = itertools.count(1)
        self._generations = itertools.count(1)
        self._source: ModelSource | None = None  # touched only in the thread
        self._runs_started = self._runs_finished = 0  # thread runs started and whose `finished` was delivered
        self._thread = _Thread(self)
        self._thread.finished.connect(self._on_thread_finished)
        self._answered.connect(self._on_answered)
        self.threads_started = 0  # how many times a thread was started (tests: a burst of typing reuses one)

    # --- requests (main thread) -----------------------------------------------------------------------
    def load_run(self, path: str | Path) -> int:
        """Open a run folder (its best weights, else its last) and its probe history."""
        path = Path(path)

        def work() -> ModelSource:
            from workbench.core.inspection.inspector import load_run

            run = load_run(path)
            weights = (
                QCoreApplication.translate("InspectionWorker", "best weights")
                if run.weights == "best"
                else QCoreApplication.translate("InspectionWorker", "last weights")
            )
            if run.step is not None:
                weights = QCoreApplication.translate("InspectionWorker", "{weights} (step {step:,})").format(
                    weights=weights, step=run.step
                )
            return self._new_source(run.model, run.tokenizer, run.labels, path.name, path=path, weights=weights)

        return self._submit(LOAD, work)

    def load_snapshot(self, trainer: Any, name: str) -> int:
        """A copy of a training model's current weights, taken between two of its steps (never mid-step)."""

        def work() -> ModelSource:
            from workbench.core.inspection.inspector import snapshot_model

            if trainer.model is None or trainer.tokenizer is None:
                raise WorkbenchError(self.tr("The model is still being set up; it can be inspected in a moment."))
            state = trainer.snapshot_state()  # waits for the current step to end, off the UI thread
            model = snapshot_model(trainer.model, state)
            run = getattr(trainer, "run", None)
            step = int(trainer.progress.step) if getattr(trainer, "progress", None) is not None else None
            path = Path(run.path) if run is not None else None
            return self._new_source(model, trainer.tokenizer, list(trainer.labels), name, path=path, step=step)

        return self._submit(LOAD, work)

    def use_model(self, model: Any, tokenizer: Any, labels: list[str], name: str) -> int:
        """Inspect a model already in memory (benchmarks, tests); it must not be trained meanwhile."""

        def work() -> ModelSource:
            model.eval()
            return self._new_source(model, tokenizer, list(labels), name)

        return self._submit(LOAD, work)

    def inspect(self, text: str, muted: frozenset[tuple[int, int]]) -> int:
        def work() -> InspectResult:
            import time

            import torch

            from workbench.core.inspection.inspector import head_mask_from_muted, inspect_text

            src = self._require_source()
            start = time.perf_counter()
            with torch.inference_mode():
                mask = head_mask_from_muted(muted, src.n_layers, src.n_heads) if muted else None
                result = inspect_text(src.model, src.tokenizer, text, head_mask=mask)
                plain = None
                if muted and result.probabilities is not None:
                    plain = inspect_text(src.model, src.tokenizer, text).probabilities
            return InspectResult(src.generation, text, muted, result, plain, time.perf_counter() - start)

        return self._submit(INSPECT, work)

    def lens(self, text: str) -> int:
        """The classifier lens (class probabilities after every layer), or for a masked-LM model the mask lens."""

        def work() -> LensResult:
            import torch

            from workbench.core.inspection.lens import classifier_lens, mask_lens

            src = self._require_source()
            with torch.inference_mode():
                if src.n_classes > 0:
                    return LensResult(src.generation, text, classifier_lens(src.model, src.tokenizer, text))
                masked = src.tokenizer.mask_id in src.tokenizer.encode_ids([text], src.model.cfg.max_len)[0]
                if hasattr(src.model, "mlm_states") and masked:
                    return LensResult(src.generation, text, mask_lens(src.model, src.tokenizer, text, top_k=3))
            return LensResult(src.generation, text, None)

        return self._submit(LENS, work)

    def explain(self, text: str, method: str, target: int) -> int:
        """Saliency toward class `target`: method "gradient" (× input) or "integrated" (gradients)."""

        def work() -> ExplainResult:
            import time

            from workbench.core.inspection.saliency import gradient_x_input, integrated_gradients

            src = self._require_source()
            start = time.perf_counter()
            fn = integrated_gradients if method == "integrated" else gradient_x_input
            tokens, scores = fn(src.model, src.tokenizer, text, target)
            return ExplainResult(src.generation, text, method, tokens, scores, target, time.perf_counter() - start)

        return self._submit(EXPLAIN, work)

    def cancel(self, kind: str) -> None:
        """Forget a request of this kind that has not started yet."""
        with self._lock:
            self._pending.pop(kind, None)

    @property
    def busy(self) -> bool:
        """True while a request waits or runs, or its answer has not been delivered yet."""
        with self._lock:
            return bool(self._pending) or self._undelivered > 0

    def release(self) -> None:
        """Nothing more is coming for a while (the page is hidden): the thread ends once its work is done,
        without waiting for a next request."""
        with self._lock:
            self._release = True
            self._wake.notify_all()
            idle = self._alive and not self._working and not self._pending
        if idle:
            self._thread.wait(1000)  # only waking it to end: never leave a thread for Python to collect mid-run

    def wait(self, ms: int = 30_000) -> bool:
        """Block until the thread has ended (tests, benchmarks and shutdown only); it stops waiting for requests."""
        self.release()
        return self._thread.wait(ms)

    @property
    def is_running(self) -> bool:
        with self._lock:
            return self._alive or bool(self._pending) or self._undelivered > 0

    def request_stop(self) -> None:
        """The registry's shutdown: drop waiting requests and take no new ones; the one running ends by itself."""
        with self._lock:
            self._closing = True
            self._pending.clear()
            self._wake.notify_all()

    def _submit(self, kind: str, work: Callable[[], Any]) -> int:
        request = _Request(next(self._ids), kind, work)
        with self._lock:
            if self._closing:
                return request.id
            self._pending[kind] = request  # latest wins: an older request of the same kind is dropped
            self._release = False
            start = not self._alive
            self._alive = True
            self._wake.notify_all()  # a waiting thread takes it at once
        if start:
            # The previous run() may have returned a moment ago without the thread having finished; start()
            # on a thread that is still finishing would be ignored.
            self._thread.wait()
            self._registered = True
            self._runs_started += 1
            self.threads_started += 1
            registry.register(self)
            self._thread.start()  # interactive work: normal priority, unlike training
        return request.id

    def _on_answered(self) -> None:
        with self._lock:
            self._undelivered -= 1

    def _on_thread_finished(self) -> None:
        # Queued after every answer the thread sent, so all of them have been delivered by now. Qt sends
        # `finished` just before the thread ends, so on a busy machine it can still be running here: wait for
        # that moment rather than stay "busy" until the next request (which a test waiting for idle never sends).
        # A run that ended just as a request came may have its `finished` delivered after the next run started;
        # the next run's answers are queued behind it, so only the latest run's `finished` may let go.
        self._runs_finished += 1
        if self._runs_finished < self._runs_started:
            return
        with self._lock:
            idle = not self._alive and not self._pending
        if idle:
            self._thread.wait()
            self._registered = False
            registry.unregister(self)

    # --- the thread -----------------------------------------------------------------------------------
    def _next(self) -> _Request | None:
        with self._lock:
            deadline = time.monotonic() + LINGER_S
            while True:
                for kind in _ORDER:
                    if kind in self._pending:
                        self._undelivered += 1
                        self._working = True
                        return self._pending.pop(kind)
                self._working = False
                left = deadline - time.monotonic()
                if self._release or self._closing or left <= 0:
                    self._alive = False
                    return None
                self._wake.wait(left)

    def _run_in_thread(self) -> None:
        while (request := self._next()) is not None:
            try:
                self._answer(request)
            finally:
                self._answered.emit()  # queued behind the answer: delivered after it

    def _answer(self, request: _Request) -> None:
        try:
            result = request.work()
        except WorkbenchError as err:
            self.failed.emit(request.id, request.kind, str(err))
        except Exception as err:  # never a traceback in the window: a message, and the details on stderr
            traceback.print_exc()
            self.failed.emit(request.id, request.kind, _plain(request.kind, err))
        else:
            if request.kind == LOAD:
                self._source = result
                self.loaded.emit(request.id, result)
            elif request.kind == INSPECT:
                self.inspected.emit(request.id, result)
            elif request.kind == LENS:
                self.lensed.emit(request.id, result)
            else:
                self.explained.emit(request.id, result)

    def _require_source(self) -> ModelSource:
        if self._source is None:
            raise WorkbenchError(self.tr("There is no model to inspect yet."))
        return self._source

    def _new_source(self, model: Any, tokenizer: Any, labels: list[str], name: str, **kw: Any) -> ModelSource:
        from workbench.core.inspection.inspector import load_probe_history, snapshot_model

        history = None
        path = kw.get("path")
        if path is not None:
            try:
                history = load_probe_history(path)
            except WorkbenchError:
                history = None  # the replay says there is nothing to show; the rest works
        # A model without a classifier shows the fill-in view at once: copy it here, off the UI thread.
        spare = snapshot_model(model) if model.cfg.n_classes == 0 else None
        return ModelSource(next(self._generations), model, tokenizer, labels, name, history=history, spare=spare, **kw)


def _plain(kind: str, err: Exception) -> str:
    what = {
        LOAD: QCoreApplication.translate("InspectionWorker", "The model could not be opened"),
        INSPECT: QCoreApplication.translate("InspectionWorker", "The sentence could not be inspected"),
    }.get(kind, "The saliency could not be computed")
    return f"{what}: {type(err).__name__}: {err}"

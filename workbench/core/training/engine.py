"""The training engine: one loop that yields typed events and stops, pauses and resumes cooperatively.

    trainer = Trainer(config, run_dir=...)
    trainer.prepare()             # data, tokenizer, model, run folder; raises WorkbenchError on bad input
    for event in trainer.fit():   # StepEvent, EvalEvent, CheckpointEvent, then DoneEvent or ErrorEvent
        ...

pause(), resume() and stop() may be called from any thread; they take effect after the current step.
"""

from __future__ import annotations

import math
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch

from workbench.core import heap
from workbench.core.config import RunConfig
from workbench.core.data.dataset import Dataset, label_codes
from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.errors import WorkbenchError
from workbench.core.inspection.inspector import (
    probe_attention,
    save_probe_history,
)
from workbench.core.model.encoder import EncoderModel
from workbench.core.model.step_masks import StepMasks
from workbench.core.runs import folder as runfiles
from workbench.core.training import outcomes, preparation, shards
from workbench.core.training.batching import EncodedSet, Stage, epoch_order
from workbench.core.training.device import DeviceChoice
from workbench.core.training.events import CheckpointEvent, DoneEvent, ErrorEvent, EvalEvent, Event, StepEvent
from workbench.core.training.optim import build_optimizer, set_learning_rates
from workbench.core.training.progress import Progress
from workbench.core.training.step import Batch, Shard, StepContext, train_step
from workbench.core.training.validation import validation_metrics
from workbench.core.training.watch import is_memorising
from workbench.paths import default_runs_dir

PROBES, PROBE_MAX_WORDS = 4, 24


class Trainer:
    """Trains one run. Construct, prepare(), then iterate fit()."""

    def __init__(
        self,
        config: RunConfig | None = None,
        *,
        train: Dataset | None = None,
        val: Dataset | None = None,
        run_dir: Path | None = None,
        runs_root: Path | None = None,
        resume: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """clock returns seconds; the time limit, the schedule of a time-limited run and tokens/s read it."""
        if config is None and not resume:
            raise ValueError("a config is needed unless resuming")
        self.config = config
        self.train_data, self.val_data = train, val
        self.run_dir = Path(run_dir) if run_dir is not None else None
        self.runs_root = Path(runs_root) if runs_root is not None else default_runs_dir()
        self.resuming = resume
        self.run: runfiles.RunFolder | None = None
        self.model: EncoderModel | None = None
        self.tokenizer: TextTokenizer | None = None
        self.labels: list[str] = []
        self.device: DeviceChoice | None = None
        self.progress = Progress()
        self.last_metrics: dict[str, float] = {}
        self.warnings: list[str] = []
        self.notes: list[str] = []  # what was decided for the user (a sampled tokenizer, ...)
        self.on_stage: Stage | None = None  # progress of the long steps before and between training steps
        self._running = threading.Event()
        self._running.set()
        self._stop = threading.Event()
        self._quick_stop = False
        self._lock = threading.Lock()  # guards model weights while a snapshot is taken (inspection)
        self._masks: StepMasks | None = None  # the steps' dropout masks, made with the first step
        self._prepared = False
        self._clock = clock
        self._last_tick = 0.0
        # Under torchrun: this process's place, the model the steps run through (DistributedDataParallel) and
        # the hooks that keep the processes in step (workbench.core.training.distributed sets them).
        self.shard = Shard()
        self.step_model: torch.nn.Module | None = None
        self.step_hooks: dict[str, Any] = {}
        self.corpus: Any = None  # a pre-training corpus read from token shards (training.shards), or None
        self.corpus_sets: Any = None

    # --- control, from any thread ---------------------------------------------------------------------
    def stop(self, *, evaluate: bool = True) -> None:
        """End after the current step. With evaluate=False (closing the app) only the checkpoint is saved, not
        a last evaluation: that keeps the run resumable and the exit quick (two validation passes otherwise)."""
        if not evaluate:
            self._quick_stop = True
        self._stop.set()
        self._running.set()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def stop_requested(self) -> bool:
        return self._stop.is_set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def snapshot_state(self) -> dict[str, torch.Tensor]:
        """A CPU copy of the current weights, taken between steps (for inspecting while training)."""
        assert self.model is not None
        with self._lock:
            return {k: v.detach().to("cpu", copy=True) for k, v in self.model.state_dict().items()}

    # --- setup ----------------------------------------------------------------------------------------
    def prepare(self) -> None:
        """Load data, build tokenizer and model, create or reopen the run folder and become its only writer.
        Raises WorkbenchError (RunBusyError when another process writes the folder)."""
        if self._prepared:
            return
        try:
            if self.resuming:
                preparation.prepare_resume(self)
            else:
                preparation.prepare_new(self)
        except BaseException as err:
            if not isinstance(err, Exception):  # Ctrl-C while preparing: the folder says it was stopped
                outcomes.mark_interrupted(self.run, preparing=True)
            self.close()
            raise
        self._prepared = True

    def close(self) -> None:
        """Give up the run folder's writer lock (fit() does this when it ends; call it if fit() never runs)."""
        if self._masks is not None:
            self._masks.close()
        if self.run is not None:
            self.run.release()

    def _stage(self, stage: str, done: int, total: int) -> None:
        if self.on_stage is not None:
            self.on_stage(stage, done, total)

    def _apply_threads(self) -> None:
        n = self.config.train.threads if self.config else None
        if n is not None:
            torch.set_num_threads(n)

    def _build_optimizer(self) -> None:
        self.optimizer, self._scaler = build_optimizer(self.model, self.config.train, self.device)

    # --- the loop -------------------------------------------------------------------------------------
    def fit(self) -> Iterator[Event]:
        """Train, yielding events. Never raises for problems during training: they end in an ErrorEvent."""
        heap.keep_freed_memory()  # a step's activations stay in the process for the next step (heap.py)
        try:
            self.prepare()
        except WorkbenchError as err:
            yield ErrorEvent(0, str(err), traceback.format_exc(), kind="input")
            return
        assert self.run is not None
        try:
            self.run.update_info(status="running")
            yield from self._loop()
        except Exception as err:  # turned into an event so the GUI and CLI stay in control
            yield outcomes.failed(self.run, err, self.progress.step, self.device.name if self.device else None)
        except BaseException:  # a second Ctrl-C, or the consumer closed the generator: never left "running"
            outcomes.mark_interrupted(self.run)
            raise
        finally:
            self.close()

    def _choose_probes(self) -> list[str]:
        """Up to PROBES short validation sentences (the same ones at every evaluation, and after a resume)."""
        texts = [x for x in (self.val_data.texts if self.val_data else []) if len(x.split()) <= PROBE_MAX_WORDS]
        return texts[:PROBES]

    def _encode(self) -> tuple[EncodedSet, EncodedSet]:
        if self.corpus is not None:
            return shards.open_corpus(self)
        assert self.tokenizer and self.config and self.train_data is not None and self.val_data is not None
        max_len = self.config.model.max_len

        def encode(data: Dataset) -> EncodedSet:
            labels = None
            if self.config.train.task == "classify":
                labels = label_codes(data.labels or [], self.labels)
            return EncodedSet.encode(self.tokenizer, data.texts, max_len, labels, self.on_stage)

        return encode(self.train_data), encode(self.val_data)

    def _tick(self) -> float:
        """Add the training time since the last tick to the run's elapsed time; returns the clock's reading."""
        now = self._clock()
        self.progress.elapsed_s += now - self._last_tick
        self._last_tick = now
        return now

    def _loop(self) -> Iterator[Event]:
        cfg, model, dev, p = self.config, self.model, self.device, self.progress
        assert cfg and model and dev and self.run
        t = cfg.train
        train_set, self._val_set = self._encode()
        self._unigram_id = self._most_frequent_token(train_set)
        n = len(train_set)
        per_epoch = self.shard.steps_per_epoch(n, t)
        if p.step == 0 and p.eval_every is None:
            p.plan(t, self.shard.rows_per_process(n))
        self._evaluated_at: int | None = None
        self._probe_texts = self._choose_probes()
        order = epoch_order(n, t.seed, p.epoch)
        model.train()
        reason = "finished"
        self._last_tick = self._clock()  # the set-up above is not training time
        while True:
            self._tick()
            if self._stop.is_set():
                reason = "stopped"
                break
            if not self._running.is_set():
                self._running.wait()
                self._last_tick = self._clock()  # paused time does not count
                continue
            if p.total_steps is not None and p.step >= p.total_steps:
                break
            if p.time_is_up(t):
                reason = "time_limit"
                break
            if p.batch_in_epoch >= per_epoch:
                p.epoch, p.batch_in_epoch = p.epoch + 1, 0
                order = epoch_order(n, t.seed, p.epoch)
            batches = [train_set.batch(rows) for rows in self.shard.micro_batches(order, p.batch_in_epoch, t)]
            step_start = self._clock()
            lr = p.lr(t)
            set_learning_rates(self.optimizer, lr, t, p.step, p.warmup_steps)
            if "announce" in self.step_hooks:  # torchrun: the other processes take this step too
                self.step_hooks["announce"](p.epoch, p.batch_in_epoch, p.step, self.optimizer)
            loss, tokens = self._train_step(batches)
            if not math.isfinite(loss):
                yield outcomes.nan_error(self.run, loss, p.step)
                return
            now = self._tick()
            p.train_time_s += now - step_start
            p.train_tokens += tokens
            p.step += 1
            p.batch_in_epoch += 1
            p.recent_losses = ([*p.recent_losses, loss])[-50:]
            step_rate = tokens / max(now - step_start, 1e-9)
            self.run.append_metrics(
                [{"type": "step", "step": p.step, "loss": loss, "lr": lr, "tokens_per_s": step_rate}]
            )
            yield StepEvent(
                step=p.step,
                epoch=p.step / per_epoch,
                loss=loss,
                lr=lr,
                tokens_per_s=step_rate,
                total_steps=p.estimated_total(t),
                elapsed_s=p.elapsed_s,
            )
            last = (p.total_steps is not None and p.step >= p.total_steps) or p.time_is_up(t)
            if not last and p.eval_due(t, epoch_ended=p.batch_in_epoch >= per_epoch):
                stop_early = False
                for ev in self._evaluate_and_save():
                    yield ev
                    if isinstance(ev, EvalEvent):
                        stop_early = self._should_stop_early()
                if stop_early:
                    reason = "early_stopping"
                    break
        if reason == "stopped" and self._quick_stop:
            if self._evaluated_at != p.step:  # the last evaluation saved this step already
                yield from self._checkpoint(best=False)
        else:
            if self._evaluated_at != p.step:  # e.g. early stopping has just evaluated this step
                yield from self._evaluate_and_save()
            self._end_on_best_weights()
            if t.task == "classify":
                outcomes.write_evaluation(self)
            self._tick()  # ending (the final evaluation and its scores) is part of the run's time
        status = {"finished": "finished", "time_limit": "finished", "early_stopping": "finished"}.get(reason, reason)
        self.run.update_info(status=status, end_reason=reason, steps=p.step, final_metrics=self.last_metrics)
        yield DoneEvent(p.step, reason, dict(self.last_metrics), best_step=p.best_step)

    def step_context(self) -> StepContext:
        """What training.step needs; the other processes under torchrun build theirs the same way."""
        model = self.step_model if self.step_model is not None else self.model
        if self._masks is None:
            self._masks = StepMasks(self.config.train.seed, self.shard.rank)
        return StepContext(
            forward=model,
            parameters=self.model.parameters,
            optimizer=self.optimizer,
            scaler=self._scaler,
            device=self.device,
            train=self.config.train,
            tokenizer=self.tokenizer,
            lock=self._lock,
            all_reduce=self.step_hooks.get("all_reduce"),
            no_sync=getattr(model, "no_sync", None),
            rank=self.shard.rank,
            world_size=self.shard.world_size,
            masks=self._masks,
        )

    def _train_step(self, batches: list[Batch]) -> tuple[float, int]:
        """One optimizer step over this process's micro-batches: (the global batch's mean loss, its tokens)."""
        return train_step(self.step_context(), batches, self.progress.step)

    # --- evaluation and checkpoints -------------------------------------------------------------------
    def evaluate(self, data: EncodedSet | None = None) -> dict[str, float]:
        """Validation loss and accuracy (+ macro-F1 for classification, masked-token accuracy for MLM)."""
        return validation_metrics(
            self.model,
            data if data is not None else self._val_set,
            task=self.config.train.task,
            device=self.device,
            tokenizer=self.tokenizer,
            n_classes=len(self.labels),
            seed=self.config.train.seed,
            unigram_id=self._unigram_id,
            progress=self.on_stage,
        )

    def _evaluate_and_save(self) -> Iterator[Event]:
        p, run = self.progress, self.run
        assert run is not None
        outcomes.check_finite(self.model, p.step, run)  # before NaN weights give NaN metrics to the curve or a file
        started = self._tick()
        metrics = self.evaluate()
        self._record_probes()
        self._tick()
        self.last_metrics = metrics
        self._evaluated_at = p.step
        improved = p.best_metric is None or metrics["val_loss"] < p.best_metric
        if improved:
            p.best_metric, p.best_step, p.evals_since_best = metrics["val_loss"], p.step, 0
        else:
            p.evals_since_best += 1
        memorising = is_memorising(p.recent_losses, metrics["val_loss"], p.best_metric, p.evals_since_best)
        if memorising and p.memorising_since is None:
            p.memorising_since = p.step
        run.append_metrics([{"type": "eval", "step": p.step, **metrics}])
        recent = p.recent_losses[-20:]
        yield EvalEvent(
            p.step,
            dict(metrics),
            is_best=improved,
            best_step=p.best_step,
            memorising=memorising,
            train_loss=sum(recent) / len(recent) if recent else None,
            best_val_loss=p.best_metric,
        )
        p.evals += 1
        yield from self._checkpoint(best=improved)
        cost = self._tick() - started  # a time limit is wall time: evaluating and saving count
        p.eval_time_s += cost
        p.eval_costs = [*p.eval_costs, cost][-3:]
        p.last_eval_elapsed_s = p.elapsed_s

    def _end_on_best_weights(self) -> None:
        """The run ends on its best weights: the model in memory (and what evaluate, inspect and predict use by
        default) is the best checkpoint; model.safetensors keeps the last weights for an exact resume."""
        p, run = self.progress, self.run
        if p.best_step is None or p.best_step == p.step or not run.has_best():
            return
        with self._lock:
            run.load_model_weights(self.model, best=True)
        best = [r for r in run.read_metrics() if r.get("type") == "eval" and r.get("step") == p.best_step]
        if best:
            self.last_metrics = {k: v for k, v in best[-1].items() if k not in ("type", "step")}

    def _most_frequent_token(self, data: EncodedSet) -> int:
        if isinstance(data, shards.ShardedSet):
            return data.most_frequent(len(self.tokenizer.special_ids))
        counts = np.bincount(data.tokens[data.tokens >= len(self.tokenizer.special_ids)], minlength=1)
        return int(counts.argmax())

    def _record_probes(self) -> None:
        """Keep the attention of a few validation sentences at every evaluation, to replay how heads formed."""
        if not self._probe_texts:
            return
        arrays = probe_attention(self.model, self.tokenizer, self._probe_texts)
        save_probe_history(self.run.path, self.progress.step, arrays, texts=self._probe_texts)

    def _checkpoint(self, *, best: bool) -> Iterator[Event]:
        run, p = self.run, self.progress
        with self._lock:
            saved = run.save_checkpoint(self.model, self.optimizer, self._state(), best=best)
        run.update_info(steps=p.step, last_checkpoint_step=p.step)
        yield CheckpointEvent(p.step, str(saved.files["model"]), best=False)
        if best:
            yield CheckpointEvent(p.step, str(saved.files["model"]), best=True)
            run.update_info(best_step=p.step)

    def _state(self) -> dict[str, Any]:
        """trainer_state.json: the progress, and fp16's gradient scale so a resumed run scales as an unbroken one."""
        scaler = self._scaler
        extra = {"grad_scaler": scaler.state_dict()} if scaler is not None and scaler.is_enabled() else {}
        return {**self.progress.to_json(), **extra}

    def _should_stop_early(self) -> bool:
        patience = self.config.train.early_stopping_patience
        return patience is not None and self.progress.evals_since_best >= patience

    # --- failures and summary -------------------------------------------------------------------------
    def summary(self) -> dict[str, Any]:
        """The numbers the CLI prints with --json."""
        return outcomes.summary(self)

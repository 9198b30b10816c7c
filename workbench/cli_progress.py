"""The CLI's progress bar (tqdm, on stderr): steps, ETA, loss, tokens/s, and a line per evaluation."""

from __future__ import annotations

import sys
from typing import Any

from tqdm import tqdm

from workbench.core.training.events import DoneEvent, ErrorEvent, EvalEvent, Event, StepEvent
from workbench.core.training.watch import memorising_message

_STAGES = {
    "loading": ("loading the run", "run"),
    "checking": ("checking the file", "B"),
    "reading": ("reading the file", "B"),
    "tokenizer": ("training the tokenizer", "text"),
    "encoding": ("tokenizing", "text"),
    "corpus": ("tokenizing the corpus into shards (once)", "B"),
    "evaluation": ("evaluating", "text"),
    "predicting": ("predicting", "text"),
    "predicting-file": ("predicting (share of the file read)", "B"),
}


class StageProgress:
    """Progress of the long steps around training (reading, tokenizer, tokenizing, evaluating), one bar each.

    Called as stage(name, done, total). While a training bar is shown (attach), an evaluation is shown in that
    bar's label instead of a second bar."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled and sys.stderr is not None
        self.bar: tqdm | None = None
        self.stage: str | None = None
        self.training: tqdm | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.training is not None and stage == "evaluation":
            label = f"evaluating {done:,}/{total:,}" if done < total else ""
            self.training.set_description_str(label, refresh=True)
            return
        if stage != self.stage:
            self.close()
            words, unit = _STAGES.get(stage, (stage, "it"))
            self.bar = tqdm(
                total=total or None,
                desc=words,
                unit=unit,
                unit_scale=unit == "B",
                unit_divisor=1024 if unit == "B" else 1000,
                file=sys.stderr,
                dynamic_ncols=True,
                leave=False,
                mininterval=0.2,
            )
            self.stage = stage
        assert self.bar is not None
        if total and self.bar.total != total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)
        if total and done >= total:
            self.close()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        self.bar, self.stage = None, None


class ProgressPrinter:
    def __init__(self, trainer: Any, *, enabled: bool = True, stages: StageProgress | None = None) -> None:
        self.trainer = trainer
        self.stages = stages
        # Windowed (frozen) apps have no stderr at all.
        self.enabled = enabled and sys.stderr is not None
        self.bar: tqdm | None = None
        self._resumed_from = trainer.progress.step
        self._told_memorising = False
        if self.enabled and trainer.device is not None:
            print(
                f"training on {trainer.device.name}, precision {trainer.device.precision}; "
                f"run folder {trainer.run.path}",
                file=sys.stderr,
            )
            print(_limits(trainer.config.train), file=sys.stderr)

    def _ensure_bar(self, total: int) -> tqdm:
        if self.bar is None:
            self.bar = tqdm(
                total=total or None,
                initial=self._resumed_from,
                unit="step",
                file=sys.stderr,
                dynamic_ncols=True,
                leave=True,
            )
            if self.stages is not None:
                self.stages.close()
                self.stages.training = self.bar
        elif total and self.bar.total != total:
            self.bar.total = total
            self.bar.refresh()
        return self.bar

    def handle(self, event: Event) -> None:
        if not self.enabled:
            return
        if isinstance(event, StepEvent):
            bar = self._ensure_bar(event.total_steps)
            bar.update(event.step - bar.n)
            bar.set_postfix(loss=f"{event.loss:.4f}", tok_s=f"{event.tokens_per_s:,.0f}", refresh=False)
        elif isinstance(event, EvalEvent):
            text = "  ".join(f"{k} {v:.4f}" for k, v in event.metrics.items())
            self.note(f"step {event.step}: {text}{'  (best)' if event.is_best else ''}")
            if event.memorising and not self._told_memorising:
                self._told_memorising = True
                self.note(memorising_message(event))
        elif isinstance(event, DoneEvent):
            self.close()
            elapsed = self.trainer.progress.elapsed_s
            print(
                f"done after {event.step} steps in {elapsed:.0f} s of training ({event.reason.replace('_', ' ')})",
                file=sys.stderr,
            )
            if event.best_step is not None:
                print(
                    f"the run ends on its best weights, from step {event.best_step}; evaluate, inspect and predict "
                    "use them (--last for the last ones)",
                    file=sys.stderr,
                )
        elif isinstance(event, ErrorEvent):
            self.close()

    def note(self, text: str) -> None:
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.write(text, file=sys.stderr)
        else:
            print(text, file=sys.stderr)

    def close(self) -> None:
        if self.stages is not None:
            self.stages.training = None
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _limits(t: Any) -> str:
    """The limits a run trains under, early stopping included, in one line."""
    parts = []
    if t.max_time:
        parts.append(f"time limit {t.max_time:g} s of training (pauses excluded)")
    if t.max_steps:
        parts.append(f"at most {t.max_steps} steps")
    if t.epochs:
        parts.append(f"{t.epochs:g} epochs")
    if t.early_stopping_patience:
        parts.append(
            f"early stopping after {t.early_stopping_patience} evaluations without a better validation loss "
            "(--no-early-stop to train on)"
        )
    else:
        parts.append("no early stopping")
    return "; ".join(parts)

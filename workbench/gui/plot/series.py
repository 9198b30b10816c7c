"""The current run's numbers as the loss plot receives them: every step's loss, its smoothed value and learning
rate in doubling buffers, the evaluations, and the running ranges the view follows. No drawing here."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from workbench.core.training.smoothing import Ema
from workbench.gui.plot.records import to_float
from workbench.gui.plot.series_buffer import SeriesBuffer
from workbench.gui.plot.view_range import RunningRange, merge


class RunSeries:
    """Steps (O(1) to add), evaluations, and what has changed since the plot last drew them."""

    def __init__(self, weight: float) -> None:
        # Integer steps also tell pyqtgraph that x is all finite, which saves it a full NaN filter per redraw.
        self.buf = SeriesBuffer(("step", "loss", "smoothed", "lr"), dtypes={"step": np.int64})
        self.ema = Ema(weight)
        self.all_finite = True  # every loss is finite: the curves may skip pyqtgraph's NaN scan
        self.loss_range = RunningRange()
        self.evals: list[tuple[int, dict[str, float]]] = []
        self.eval_range = RunningRange()
        self.evals_dirty = False

    @property
    def n(self) -> int:
        return self.buf.n

    def add_step(self, step: int, loss: float, lr: float) -> None:
        step, loss, lr = int(step), to_float(loss), to_float(lr)
        if self.buf.n and step <= self.buf.last("step"):
            self._rewind(step)  # a resumed run repeats steps: the newer values replace the old ones
        if not math.isfinite(loss):
            self.all_finite = False
        self.loss_range.update(loss)
        self.buf.append(step, loss, self.ema.update(loss), lr)

    def add_steps(self, steps: np.ndarray, losses: np.ndarray, lrs: np.ndarray) -> bool:
        """Add many steps at once (vectorised); False when there were none."""
        steps = np.asarray(steps, dtype=np.float64).reshape(-1).astype(np.int64)
        losses = np.asarray(losses, dtype=np.float64).reshape(-1)
        lrs = np.asarray(lrs, dtype=np.float64).reshape(-1)
        if steps.size == 0:
            return False
        if steps.size > 1 and not bool(np.all(np.diff(steps) > 0)):
            # Keep the last value recorded for each step, in step order.
            rev_unique, rev_index = np.unique(steps[::-1], return_index=True)
            keep = steps.size - 1 - rev_index
            steps, losses, lrs = rev_unique, losses[keep], lrs[keep]
        if self.buf.n and steps[0] <= self.buf.last("step"):
            self._rewind(int(steps[0]))
        self.all_finite = self.all_finite and bool(np.isfinite(losses).all())
        self.loss_range.extend(losses)
        self.buf.extend(step=steps, loss=losses, smoothed=self.ema.extend(losses), lr=lrs)
        return True

    def _rewind(self, step: int) -> None:
        keep = int(np.searchsorted(self.buf.view("step"), step, side="left"))
        self.buf.truncate(keep)
        losses = self.buf.view("loss")
        self.ema.reset()
        self.ema.extend(losses)  # only to restore the running state; the kept smoothed values are unchanged
        self.all_finite = bool(np.isfinite(losses).all())
        self.loss_range.reset()
        self.loss_range.extend(losses)
        self.drop_evals_from(step)

    def drop_evals_from(self, step: int) -> None:
        if self.evals and self.evals[-1][0] >= step:
            self.evals = [e for e in self.evals if e[0] < step]
            self._evals_changed()

    def add_eval(self, step: int, metrics: Mapping[str, float]) -> None:
        step = int(step)
        self.drop_evals_from(step)
        self.evals.append((step, {k: to_float(v) for k, v in metrics.items()}))
        self._evals_changed()

    def _evals_changed(self) -> None:
        self.evals_dirty = True
        self.eval_range.reset()
        self.eval_range.extend(self.eval_values("val_loss"))

    def eval_values(self, key: str) -> np.ndarray:
        return np.asarray([m.get(key, math.nan) for _, m in self.evals], dtype=np.float64)

    def resmooth(self, weight: float) -> None:
        """Recompute the whole smoothed line with another weight."""
        self.ema.reset(weight)
        if self.buf.n:
            self.buf.view("smoothed")[:] = self.ema.extend(self.buf.view("loss"))

    def clear(self, weight: float) -> None:
        self.buf.clear()
        self.ema.reset(weight)
        self.all_finite = True
        self.evals = []
        self.loss_range.reset()
        self.eval_range.reset()
        self.evals_dirty = False

    def spans(self, log: bool) -> tuple[tuple[float, float] | None, tuple[float, float] | None]:
        """The steps and loss values to show (view units: log10 on a log axis)."""
        xs = []
        if self.buf.n:
            xs.append((float(self.buf.view("step")[0]), float(self.buf.last("step"))))
        if self.evals:
            xs.append((float(self.evals[0][0]), float(self.evals[-1][0])))
        return merge(xs), merge([self.loss_range.view_span(log), self.eval_range.view_span(log)])


def step_arrays(events: Sequence[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Steps, losses and learning rates of StepEvents (anything with .step, .loss, .lr), for LossPlot.add_steps."""
    n = len(events)
    return (
        np.fromiter((e.step for e in events), np.int64, n),
        np.fromiter((e.loss for e in events), np.float64, n),
        np.fromiter((e.lr for e in events), np.float64, n),
    )

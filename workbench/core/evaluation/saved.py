"""What the Evaluate page reads: a run folder's facts, its saved evaluation.json, and the data to score.

No Qt here, and nothing that loads torch at import: the page reads a run's small files on the main thread the moment
it is chosen, and the heavy parts (the model, the data) load in the evaluation job's thread.
"""

from __future__ import annotations

import contextlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from workbench.core.errors import WorkbenchError
from workbench.core.evaluation.metrics import confusion_from_json

GUI_SPLIT_SEED = 0  # runs saved before data.split_seed: the Data page split with seed 0 whatever the training seed


class RunUnusable(WorkbenchError):
    """A run folder that cannot be evaluated; the message says why in plain words."""


@dataclass
class RunFacts:
    """The small files of a run folder: enough to show it and to decide what can be done with it."""

    path: str
    name: str
    task: str  # "classify" or "mlm"
    labels: list[str]
    data_source: str
    config: Any  # RunConfig
    info: dict[str, Any]

    @property
    def is_classifier(self) -> bool:
        return self.task != "mlm" and len(self.labels) >= 2


@dataclass
class Scores:
    """The numbers the page shows, from a fresh evaluation (with its examples) or from evaluation.json (without)."""

    labels: list[str]
    accuracy: float
    macro_f1: float
    per_class: dict[str, dict[str, float]]
    confusion: np.ndarray  # [C, C] counts, rows true
    examples: int
    source: str  # what was scored, in words
    evaluation: Any = None  # core Evaluation (texts, probabilities) when computed here; None when read from disk
    notes: list[str] = field(default_factory=list)
    step: int | None = None  # the training step of the weights scored (None: not recorded, a run saved before)
    weights_step: int | None = None  # the step of the weights saved in the run folder now

    @property
    def saved(self) -> bool:
        return self.evaluation is None

    @property
    def stale(self) -> bool:
        """True when the run folder holds newer weights than the ones scored (e.g. the window was closed while
        a finished run trained on: the quick save does not evaluate)."""
        return self.step is not None and self.weights_step is not None and self.weights_step > self.step

    def stale_note(self) -> str:
        return (
            f"These scores are from step {self.step:,}, but the run's saved weights are from step "
            f"{self.weights_step:,}: it trained on after they were scored (closed or stopped before scoring again)."
        )

    @classmethod
    def of(cls, evaluation: Any, source: str, notes: list[str] | None = None, step: int | None = None) -> Scores:
        e = evaluation
        matrix = e.dense_confusion()  # many classes keep only the cells; the page draws the whole matrix
        return cls(
            e.labels, e.accuracy, e.macro_f1, e.per_class, matrix, len(e.texts), source, e, notes or [], step, step
        )  # fmt: skip

    def to_csv(self) -> str:
        """Per-class scores then the confusion matrix, exactly as the core (and `workbench evaluate --csv`) write."""
        from workbench.core.evaluation.evaluate import Evaluation  # loads torch; only on export

        if self.evaluation is not None:
            text: str = self.evaluation.to_csv()
            return text
        n = len(self.labels)
        empty = Evaluation(
            self.labels, [], np.zeros(0, np.int64), np.zeros((0, n), np.float32), self.accuracy, self.macro_f1,
            self.confusion, self.per_class,
        )  # fmt: skip
        return empty.to_csv()


def read_run(path: str | Path) -> RunFacts:
    """Read run.json, config.toml and labels.json. Raises RunUnusable with a plain message."""
    from workbench.core.runs.folder import RunFolder  # not needed to open the window (~7 ms of imports)

    p = Path(path)
    from workbench.core.model.hf.folder import is_checkpoint_folder

    if is_checkpoint_folder(p):
        return _model_folder_facts(p)
    try:
        run = RunFolder.open(p)
        info = run.info()
        config = run.load_config()
        task = config.train.task
        labels = run.load_labels() if task != "mlm" else []
    except WorkbenchError as err:
        raise RunUnusable(str(err)) from None
    except OSError as err:
        raise RunUnusable(f"The run folder {p} cannot be read ({err.strerror or err}).") from None
    name = str(info.get("name") or p.name) if isinstance(info, dict) else p.name
    return RunFacts(str(p), name, task, labels, config.data.source, config, info if isinstance(info, dict) else {})


def _model_folder_facts(path: Path) -> RunFacts:
    """A Hugging Face model folder: a classifier (its config.json's class names) or a masked-LM model; it has no
    validation rows of its own, so it is scored on a labelled file."""
    from workbench.core.config import RunConfig
    from workbench.core.model.hf.folder import folder_labels

    try:
        arch, labels = folder_labels(path)
    except WorkbenchError as err:
        raise RunUnusable(str(err)) from None
    task = "classify" if labels else "mlm"
    info = {"model_folder": True, "architecture": arch}
    return RunFacts(str(path), path.name, task, labels, "", RunConfig(), info)


def weights_step(facts: RunFacts) -> int | None:
    """The training step of the weights the run's readers use by default (its best, else its last), from run.json."""
    for key in ("best_step", "last_checkpoint_step", "steps"):
        value = facts.info.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def save_scores(facts: RunFacts, evaluation: Any, step: int | None) -> None:
    """Write a fresh evaluation of the run's own validation rows to evaluation.json (as training does at its end),
    so the page opens on it next time instead of older scores. Best effort: a read-only folder keeps the old file."""
    from workbench.core.runs.folder import EVALUATION_FILE, atomic_write_text

    with contextlib.suppress(OSError):
        atomic_write_text(
            Path(facts.path) / EVALUATION_FILE, json.dumps({**evaluation.to_json(), "step": step}, indent=2)
        )


def read_saved(facts: RunFacts) -> Scores | None:
    """The evaluation written when training ended (evaluation.json), or None if there is none.

    Raises RunUnusable if the file is there but damaged or does not match the run's classes.
    """
    from workbench.core.runs.folder import EVALUATION_FILE

    path = Path(facts.path) / EVALUATION_FILE
    if not path.is_file():
        return None
    damaged = f"{path} is damaged; press Evaluate to score the run again."
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        labels, matrix = confusion_from_json(raw["confusion"])  # rows, or cells for many classes
        accuracy, macro_f1 = float(raw["accuracy"]), float(raw["macro_f1"])
        per_class = {
            str(k): {m: float(v[m]) for m in ("precision", "recall", "f1", "support")}
            for k, v in raw["per_class"].items()
        }
        examples = int(raw.get("examples", matrix.sum()))
        step = raw.get("step")
        step = int(step) if step is not None else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise RunUnusable(damaged) from None
    n = len(labels)
    if matrix.shape != (n, n) or labels != facts.labels or set(per_class) != set(labels):
        raise RunUnusable(damaged)
    if not all(math.isfinite(x) for x in (accuracy, macro_f1)):
        raise RunUnusable(damaged)
    for s in per_class.values():
        s["support"] = int(s["support"])
    # A file written before evaluation.json named its step says "when training ended", as it always did.
    when = f"scored at step {step:,}" if step is not None else "as saved when training ended"
    where = f"{_data_words(facts.data_source)}, {examples:,} examples, {when}"
    return Scores(
        labels, accuracy, macro_f1, per_class, matrix, examples, where, step=step, weights_step=weights_step(facts)
    )


def _data_words(source: str) -> str:
    if source.startswith("demo:"):
        return f"validation split of the built-in {source[5:]} data"
    return f"validation split of {Path(source).name}"


# ------------------------------------------------------------------------- data to score (job thread only)
@dataclass
class DataChoice:
    """What to score: the run's own validation split (path None) or a labelled file with its columns."""

    path: str | None = None
    text_column: str | None = None
    label_column: str | None = None

    def words(self, facts: RunFacts) -> str:
        return _data_words(facts.data_source) if self.path is None else Path(self.path).name


def load_data(facts: RunFacts, choice: DataChoice) -> tuple[Any, list[str]]:
    """(Dataset, notes) to evaluate: the chosen labelled file, or exactly the rows the run held out.

    Raises WorkbenchError with a plain message (unreadable file, no label column...).
    """
    from workbench.core.data import read_file

    if choice.path is not None:
        data = read_file(choice.path, choice.text_column, choice.label_column, labelled=True)
        notes = [f"{len(data.skipped):,} row(s) of {Path(choice.path).name} could not be used."] if data.skipped else []
        return data, notes
    if facts.info.get("model_folder"):
        raise WorkbenchError(
            f"{facts.name} is a pre-trained model folder with no validation rows; score a labelled file."
        )
    return validation_split(facts)


def validation_split(facts: RunFacts) -> tuple[Any, list[str]]:
    """The run's held-out rows, made the way its training made them.

    Runs record the seed of their split (data.split_seed). Runs saved before that was split by the engine with the
    training seed, or on the Data page with seed 0: the seed whose first probe sentences (probes.json, chosen from
    the validation rows) and row count match the run's records is the one used; when nothing can be checked, the
    training seed.
    """
    from workbench.core.data import load_splits

    cfg = facts.config
    legacy = cfg.data.split_seed is None
    seeds = list(dict.fromkeys([cfg.train.seed, GUI_SPLIT_SEED])) if legacy else [cfg.split_seed()]
    first: Any = None
    first_train: Any = None
    for seed in seeds:
        train, val = load_splits(cfg.data, task="classify", seed=seed)
        if first is None:
            first, first_train = val, train
        if _matches_run(facts, val):
            return val, _changed_note(facts, train)
    notes = _changed_note(facts, first_train)
    notes.append("The validation rows could not be matched to this run's records; the scores may include other rows.")
    return first, notes


def _matches_run(facts: RunFacts, val: Any) -> bool:
    rows = (facts.info.get("data") or {}).get("val_rows")
    if isinstance(rows, int) and rows != len(val):
        return False
    probes = _probe_texts(facts.path)
    if probes is None:
        return True
    from workbench.core.training.engine import PROBE_MAX_WORDS, PROBES

    chosen = [x for x in val.texts if len(x.split()) <= PROBE_MAX_WORDS][:PROBES]
    return chosen == probes


def _probe_texts(path: str) -> list[str] | None:
    from workbench.core.inspection.inspector import PROBE_TEXTS_FILE

    try:
        texts = json.loads((Path(path) / PROBE_TEXTS_FILE).read_text(encoding="utf-8"))["texts"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return texts if isinstance(texts, list) else None


def _changed_note(facts: RunFacts, data: Any) -> list[str]:
    """run.json records the hash of the training rows: compare it with the training rows (a built-in set's
    validation rows are a separate set with a hash of their own, so comparing those warned every time)."""
    recorded = (facts.info.get("data") or {}).get("sha256")
    if recorded and data.sha256 and recorded != data.sha256:
        name = Path(facts.data_source).name
        return [f"{name} has changed since this run was trained, so its validation rows may differ."]
    return []

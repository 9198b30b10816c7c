"""What the Evaluate page reads from a run folder: the step its saved scores come from, whether the saved weights
are newer, and the "data has changed" note only when the training data really changed."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from test_engine import make_config, run_all

from workbench.core.evaluation.saved import read_run, read_saved, validation_split
from workbench.core.training.engine import Trainer
from workbench.core.training.events import StepEvent


def _write_csv(path: Path, texts: list[str], labels: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label"])
        writer.writerows(zip(texts, labels, strict=True))
    return path


def _run(source: str, path: Path, steps: int = 2) -> Path:
    cfg = make_config(max_steps=steps, eval_every=100)
    cfg.data.source = source
    run_all(Trainer(cfg, run_dir=path))
    return path


def test_the_built_in_data_is_not_called_changed(tmp_path: Path) -> None:
    run = _run("demo:topics", tmp_path / "demo")
    val, notes = validation_split(read_run(run))
    assert len(val) > 0 and notes == []


def test_a_changed_data_file_is_named(tiny_texts, tmp_path: Path) -> None:
    texts, labels = tiny_texts
    data = _write_csv(tmp_path / "reviews.csv", texts, labels)
    run = _run(str(data), tmp_path / "file")
    assert validation_split(read_run(run))[1] == []  # unchanged: nothing to say
    _write_csv(data, [t + " indeed" for t in texts], labels)
    notes = validation_split(read_run(run))[1]
    assert any("reviews.csv has changed since this run was trained" in n for n in notes)


def test_saved_scores_say_their_step_and_when_the_weights_are_newer(tiny_texts, tmp_path: Path) -> None:
    texts, labels = tiny_texts
    data = _write_csv(tmp_path / "reviews.csv", texts, labels)
    run = _run(str(data), tmp_path / "r", steps=4)
    scores = read_saved(read_run(run))
    assert scores is not None and (scores.step, scores.weights_step, scores.stale) == (4, 4, False)
    assert "scored at step 4" in scores.source

    def close_at_6(trainer: Trainer, ev: StepEvent) -> None:  # the window closed mid-run: a save, no scoring
        if ev.step == 6:
            trainer.stop(evaluate=False)

    longer = make_config(max_steps=10, eval_every=100)
    run_all(Trainer(longer, run_dir=run, resume=True), close_at_6)
    scores = read_saved(read_run(run))  # the readers' weights are still the best ones (step 4), which were scored
    assert (scores.step, scores.weights_step, scores.stale) == (4, 4, False)

    older = json.loads((run / "evaluation.json").read_text()) | {"step": 2}  # scores of weights before the best
    (run / "evaluation.json").write_text(json.dumps(older))
    scores = read_saved(read_run(run))
    assert (scores.step, scores.weights_step, scores.stale) == (2, 4, True)
    assert "from step 2" in scores.stale_note() and "from step 4" in scores.stale_note()

    old = json.loads((run / "evaluation.json").read_text())  # written before evaluation.json named its step
    del old["step"]
    (run / "evaluation.json").write_text(json.dumps(old))
    scores = read_saved(read_run(run))
    assert scores.step is None and not scores.stale and "when training ended" in scores.source

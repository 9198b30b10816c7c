"""What the Evaluate page says about scores, in the window's language: what was scored (the core's own words are
English) and the note when the run's weights are newer than the scores."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from workbench.core.evaluation.saved import RunFacts, Scores
from workbench.gui.threads.evaluation_job import scored_data_words


def source_text(scores: Scores, facts: RunFacts | None) -> str:
    """'On the validation split of …, 2,000 examples, scored at step 120.'"""
    source = scores.source
    if scores.saved:  # read from evaluation.json: said again here, in the window's language
        words = scored_data_words(facts.data_source if facts else "", None)
        source = (
            QCoreApplication.translate("ScoresText", "{words}, {examples:,} examples, scored at step {step:,}")
            if scores.step is not None
            else QCoreApplication.translate(
                "ScoresText", "{words}, {examples:,} examples, as saved when training ended"
            )
        ).format(words=words, examples=scores.examples, step=scores.step)
    return QCoreApplication.translate("ScoresText", "On the {source}.").format(source=source)


def stale_note(scores: Scores) -> str:
    return QCoreApplication.translate(
        "ScoresText",
        "These scores are from step {step:,}, but the run's saved weights are from step {weights:,}: it trained on "
        "after they were scored (closed or stopped before scoring again).",
    ).format(step=scores.step, weights=scores.weights_step)

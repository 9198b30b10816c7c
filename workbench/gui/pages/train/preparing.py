"""What the Train page says between Start and the first step: the stage the trainer is in, with its progress.

The stages are the ones Trainer.on_stage reports (the CLI shows the same as progress bars), plus the worker's own
"starting" while its thread starts and loads the engine.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

_CONTEXT = "Preparing"
# stage -> (while under way, once done); {done}, {total} and {percent} are filled in.
_TEXT = {
    "starting": (QT_TRANSLATE_NOOP("Preparing", "Preparing: starting the training thread…"), None),
    "loading": (QT_TRANSLATE_NOOP("Preparing", "Preparing: loading the run…"), None),
    "checking": (QT_TRANSLATE_NOOP("Preparing", "Preparing: checking the file ({percent} %)…"), None),
    "reading": (QT_TRANSLATE_NOOP("Preparing", "Preparing: reading the data ({percent} %)…"), None),
    "tokenizer": (
        QT_TRANSLATE_NOOP("Preparing", "Preparing: learning the vocabulary from {total:,} training texts…"),
        QT_TRANSLATE_NOOP("Preparing", "Preparing: building the model and the run folder…"),
    ),
    "corpus": (
        QT_TRANSLATE_NOOP("Preparing", "Preparing: tokenizing the corpus into shards, once ({percent} %)…"),
        None,
    ),
    "encoding": (
        QT_TRANSLATE_NOOP("Preparing", "Preparing: tokenizing the texts ({done:,} of {total:,})…"),
        QT_TRANSLATE_NOOP("Preparing", "Preparing: tokenized {total:,} texts; taking the first step…"),
    ),
}
_ANY = QT_TRANSLATE_NOOP("Preparing", "Preparing…")


def stage_text(stage: str, done: int, total: int) -> str:
    """One line for the Train page's status: what is being prepared now."""
    under_way, finished = _TEXT.get(stage, (_ANY, None))
    text = finished if finished is not None and total > 0 and done >= total else under_way
    percent = round(100 * done / total) if total > 0 else 0
    return QCoreApplication.translate(_CONTEXT, str(text)).format(done=done, total=total, percent=percent)

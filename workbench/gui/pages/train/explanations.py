"""One plain sentence for each of the Train page's settings, for people who never trained a model: shown by the
"?" beside the control (hover, click or keyboard) and read by screen readers."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from workbench.gui.widgets.info_marker import InfoMarker, explain

CONTEXT = "TrainExplanations"

# control's attribute on the TrainPanel -> (its name in "What is ...?", the sentence)
EXPLANATIONS: dict[str, tuple[str, str]] = {
    "device_box": (
        QT_TRANSLATE_NOOP("TrainExplanations", "the device"),
        QT_TRANSLATE_NOOP(
            "TrainExplanations",
            "The chip that does the arithmetic of training: a graphics card (GPU) does many sums at once and is "
            "much faster than the computer's main processor (CPU).",
        ),
    ),
    "threads_box": (
        QT_TRANSLATE_NOOP("TrainExplanations", "CPU threads"),
        QT_TRANSLATE_NOOP("TrainExplanations", "How many of the processor's cores work on training at the same time."),
    ),
    "precision_box": (
        QT_TRANSLATE_NOOP("TrainExplanations", "the precision"),
        QT_TRANSLATE_NOOP(
            "TrainExplanations",
            "How exactly each number is stored while training. fp32 uses 32 bits and is the safest; bf16 and fp16 "
            "use 16 bits: half the memory and faster on graphics cards, a little less exact (fp16 only on a "
            "graphics card).",
        ),
    ),
    "epochs_box": (
        QT_TRANSLATE_NOOP("TrainExplanations", "an epoch"),
        QT_TRANSLATE_NOOP(
            "TrainExplanations", "An epoch is one pass through all the training examples; 10 epochs read each 10 times."
        ),
    ),
    "max_steps_box": (
        QT_TRANSLATE_NOOP("TrainExplanations", "a step"),
        QT_TRANSLATE_NOOP(
            "TrainExplanations",
            "A step is one round of learning: the model reads one batch of examples and adjusts its numbers once.",
        ),
    ),
    "time_box": (
        QT_TRANSLATE_NOOP("TrainExplanations", "the time limit"),
        QT_TRANSLATE_NOOP(
            "TrainExplanations",
            "Training ends after this many minutes even if epochs are left, handy when a lesson has a fixed slot.",
        ),
    ),
    "early_stop_box": (
        QT_TRANSLATE_NOOP("TrainExplanations", "stopping early"),
        QT_TRANSLATE_NOOP(
            "TrainExplanations",
            "Some examples are kept aside and never trained on (the validation set). When the model stops getting "
            "better on them, training ends and the best version is kept.",
        ),
    ),
    "batch_box": (
        QT_TRANSLATE_NOOP("TrainExplanations", "the batch size"),
        QT_TRANSLATE_NOOP(
            "TrainExplanations",
            "How many examples the model reads before it adjusts its numbers once. Bigger batches give steadier "
            "steps but need more memory.",
        ),
    ),
    "accumulate_box": (
        QT_TRANSLATE_NOOP("TrainExplanations", "accumulating batches"),
        QT_TRANSLATE_NOOP(
            "TrainExplanations",
            "Read this many batches before adjusting the numbers once: it acts like a bigger batch without needing "
            "more memory.",
        ),
    ),
    "lr_box": (
        QT_TRANSLATE_NOOP("TrainExplanations", "the learning rate"),
        QT_TRANSLATE_NOOP(
            "TrainExplanations",
            "How big a change the model makes to its numbers at each step. Too small and it learns slowly; too big "
            "and the loss jumps around instead of falling.",
        ),
    ),
    "warmup_box": (
        QT_TRANSLATE_NOOP("TrainExplanations", "warm-up"),
        QT_TRANSLATE_NOOP(
            "TrainExplanations",
            "For the first steps the learning rate starts at zero and grows, so the first clumsy steps cannot throw "
            "the model off.",
        ),
    ),
    "seed_box": (
        QT_TRANSLATE_NOOP("TrainExplanations", "the seed"),
        QT_TRANSLATE_NOOP(
            "TrainExplanations",
            "A number that fixes the random choices (the starting numbers, the order of the examples), so the same "
            "settings train the same model again.",
        ),
    ),
}


def add_markers(page: QWidget) -> dict[str, InfoMarker]:
    """A "?" beside each of `page`'s controls named in EXPLANATIONS; returns them by control name."""
    markers = {}
    for attr, (name, text) in EXPLANATIONS.items():
        markers[attr] = explain(
            getattr(page, attr), QCoreApplication.translate(CONTEXT, text), QCoreApplication.translate(CONTEXT, name)
        )
    return markers

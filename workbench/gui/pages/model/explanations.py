"""One plain sentence for each of the Model page's settings, for people who never trained a model: shown by the
"?" beside the control (hover, click or keyboard) and read by screen readers."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from workbench.gui.widgets.info_marker import InfoMarker, explain
from workbench.gui.widgets.language.noop import QT_TRANSLATE_NOOP

CONTEXT = "ModelExplanations"

# control's attribute on the ShapeForm -> (its name in "What is ...?", the sentence)
EXPLANATIONS: dict[str, tuple[str, str]] = {
    "d_model_spin": (
        QT_TRANSLATE_NOOP("ModelExplanations", "the width (d_model)"),
        QT_TRANSLATE_NOOP(
            "ModelExplanations",
            "Inside the model every token is a list of numbers, a vector; the width (d_model) is how many numbers. "
            "More numbers can hold more meaning, but training is slower.",
        ),
    ),
    "heads_combo": (
        QT_TRANSLATE_NOOP("ModelExplanations", "an attention head"),
        QT_TRANSLATE_NOOP(
            "ModelExplanations",
            "A head is one way of choosing which other words each word looks at. Several heads look for "
            "different things at once, for example the word before, or a 'not'.",
        ),
    ),
    "layers_spin": (
        QT_TRANSLATE_NOOP("ModelExplanations", "a layer"),
        QT_TRANSLATE_NOOP(
            "ModelExplanations",
            "A layer (block) is one round of words looking at each other and updating their numbers. More layers "
            "can combine ideas step by step, but train slower.",
        ),
    ),
    "ffn_spin": (
        QT_TRANSLATE_NOOP("ModelExplanations", "the feed-forward size"),
        QT_TRANSLATE_NOOP(
            "ModelExplanations",
            "After looking at the other words, each word's numbers go through a small network of their own (the "
            "feed-forward part); this is its size, usually 4 times the width.",
        ),
    ),
    "dropout_spin": (
        QT_TRANSLATE_NOOP("ModelExplanations", "dropout"),
        QT_TRANSLATE_NOOP(
            "ModelExplanations",
            "While training, this share of the numbers is switched off at random, so the model cannot rely on any "
            "single one and learns rules that also work on new text. 0.1 is usual.",
        ),
    ),
    "max_len_spin": (
        QT_TRANSLATE_NOOP("ModelExplanations", "the maximum length"),
        QT_TRANSLATE_NOOP(
            "ModelExplanations",
            "The longest text the model reads, counted in tokens (words or word pieces); longer texts are cut.",
        ),
    ),
    "positional_combo": (
        QT_TRANSLATE_NOOP("ModelExplanations", "the positional encoding"),
        QT_TRANSLATE_NOOP(
            "ModelExplanations",
            "Attention alone does not know word order: this is how the model is told which word comes first, "
            "second, third, so that 'not good' and 'good, not' differ.",
        ),
    ),
    "pooling_combo": (
        QT_TRANSLATE_NOOP("ModelExplanations", "what the classifier reads"),
        QT_TRANSLATE_NOOP(
            "ModelExplanations",
            "The classifier makes the final decision from one summary of the text: the average of all words, or "
            "the [CLS] token, a start marker the model learns to use as the summary.",
        ),
    ),
}


def add_markers(form: QWidget) -> dict[str, InfoMarker]:
    """A "?" beside each of `form`'s controls named in EXPLANATIONS; returns them by control name."""
    markers = {}
    for attr, (name, text) in EXPLANATIONS.items():
        field = getattr(form, attr)
        markers[attr] = explain(
            field, QCoreApplication.translate(CONTEXT, text), QCoreApplication.translate(CONTEXT, name)
        )
    return markers

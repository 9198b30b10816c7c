"""One plain sentence for each of the Inspect page's views and measures, for people who never trained a model:
shown by the "?" beside the control (hover, click or keyboard) and read by screen readers."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from workbench.gui.widgets.info_marker import InfoMarker, explain

CONTEXT = "InspectExplanations"

VIEWS = (
    QT_TRANSLATE_NOOP("InspectExplanations", "the views"),
    QT_TRANSLATE_NOOP(
        "InspectExplanations",
        "Each head: every head's attention on its own (a row of the map is a word, bright squares are the words it "
        "looks at). Mean over heads: one map per layer, its heads averaged. Rollout: attention followed through "
        "all the layers below, so it shows which input words finally reach each position.",
    ),
)
SPECIAL = (
    QT_TRANSLATE_NOOP("InspectExplanations", "[CLS] and [SEP]"),
    QT_TRANSLATE_NOOP(
        "InspectExplanations",
        "[CLS] and [SEP] are markers added at the start and end of every text. Many heads park their attention on "
        "them when they have nothing to do; hiding them makes the rest easier to see.",
    ),
)
SALIENCY = (
    QT_TRANSLATE_NOOP("InspectExplanations", "saliency"),
    QT_TRANSLATE_NOOP(
        "InspectExplanations",
        "Saliency shows which words pushed the model towards its answer: the stronger the colour under a token, "
        "the more the decision depended on it.",
    ),
)
ENTROPY = (
    QT_TRANSLATE_NOOP("InspectExplanations", "entropy"),
    QT_TRANSLATE_NOOP(
        "InspectExplanations",
        "Entropy measures how spread out a head's attention is: low means each word looks at one or two others, "
        "high means it looks at all of them about equally. Click a column title to sort the heads by it.",
    ),
)


def explain_with(field: QWidget, entry: tuple[str, str]) -> InfoMarker:
    """A "?" beside `field` saying `entry`'s sentence (translated)."""
    name, text = entry
    return explain(field, QCoreApplication.translate(CONTEXT, text), QCoreApplication.translate(CONTEXT, name))

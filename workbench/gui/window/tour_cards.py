"""What the guided tour says, card by card: from text to tokens, vectors, attention, heads, layers, the
classifier's decision and the loss falling. Plain words; each term is explained where it first appears."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from workbench.gui.widgets.language.noop import QT_TRANSLATE_NOOP

CONTEXT = "TourCards"


@dataclass(frozen=True)
class Card:
    """`key` names the widgets it points at (tour.py); title and text are translated when shown."""

    key: str
    title: str
    text: str

    def translated(self) -> tuple[str, str]:
        return QCoreApplication.translate(CONTEXT, self.title), QCoreApplication.translate(CONTEXT, self.text)


CARDS: tuple[Card, ...] = (
    Card(
        "text",
        QT_TRANSLATE_NOOP("TourCards", "Text"),
        QT_TRANSLATE_NOOP(
            "TourCards",
            "Everything starts with text: here, short reviews. Each row is one example with its label, the answer "
            "the model should learn to give, such as positive or negative.",
        ),
    ),
    Card(
        "tokens",
        QT_TRANSLATE_NOOP("TourCards", "Tokens"),
        QT_TRANSLATE_NOOP(
            "TourCards",
            "A computer cannot read letters the way we do. The tokenizer cuts each sentence into tokens: whole "
            "words, or pieces of rarer words. Every token has a number in the vocabulary, the list of all the "
            "tokens the model knows.",
        ),
    ),
    Card(
        "vectors",
        QT_TRANSLATE_NOOP("TourCards", "Vectors"),
        QT_TRANSLATE_NOOP(
            "TourCards",
            "Each token then becomes a vector: a list of numbers, as many as the model's width (d_model). Training "
            "adjusts these numbers until words used in similar ways get similar numbers.",
        ),
    ),
    Card(
        "attention",
        QT_TRANSLATE_NOOP("TourCards", "Attention"),
        QT_TRANSLATE_NOOP(
            "TourCards",
            "Attention lets every word look at the other words of its sentence and take in some of their meaning: "
            "in 'not bad', 'bad' looks at 'not'. On the Inspect page you type a sentence and see it as a map: each "
            "row is a word, and the bright squares are the words it looks at.",
        ),
    ),
    Card(
        "heads",
        QT_TRANSLATE_NOOP("TourCards", "Heads"),
        QT_TRANSLATE_NOOP(
            "TourCards",
            "A head is one attention pattern. Several heads work side by side, each free to look for something "
            "else: the next word, the word before, a 'not'. The Inspect page shows every head in a grid; click "
            "one to see it large.",
        ),
    ),
    Card(
        "layers",
        QT_TRANSLATE_NOOP("TourCards", "Layers"),
        QT_TRANSLATE_NOOP(
            "TourCards",
            "A layer is one round of attention followed by a small calculation for each word. Layers are stacked, "
            "as in this drawing: each starts from what the layer below worked out, so higher layers can combine "
            "ideas, such as 'not' with 'bad'.",
        ),
    ),
    Card(
        "decision",
        QT_TRANSLATE_NOOP("TourCards", "The decision"),
        QT_TRANSLATE_NOOP(
            "TourCards",
            "At the top, the classifier turns the words' numbers into a decision: a probability for each label, "
            "for example 80 % positive and 20 % negative. The largest one is the model's answer.",
        ),
    ),
    Card(
        "loss",
        QT_TRANSLATE_NOOP("TourCards", "The loss falls"),
        QT_TRANSLATE_NOOP(
            "TourCards",
            "The loss measures how wrong the answers are: lower is better. An untrained model only guesses, at the "
            "dashed chance line. Each training step nudges all the numbers to make the loss a little smaller, so "
            "the curve falls as the model learns. Press Start training to watch it.",
        ),
    ),
)

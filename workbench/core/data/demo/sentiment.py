"""demo:sentiment — the first data set: reviews whose adjectives mostly say it, with a few "not"s.

The app opens with it because a tiny model learns it in seconds on a laptop CPU: most sentences are decided by a
word ("the soup was bland"), so the loss leaves the chance level within the first hundred steps, while a share of
negated sentences ("the staff was not friendly") gives attention something to show once the words are learnt.
demo:reviews, where no single word decides, is the harder data set one click away.

It reuses demo:reviews' vocabulary and its plain and near-negation frames; the validation sentences are new
sentences of the same frames (a random split), so the validation accuracy says how well the words were learnt.
"""

from __future__ import annotations

import random

from workbench.core.data.demo import reviews
from workbench.core.data.demo.frames import Frame

TRAIN_SIZE, VAL_SIZE = 2000, 500
SEED = 0

# Plain frames carry most sentences; near negation ("not", "not really") the rest.
_FRAME_WEIGHTS = {
    "plain1": 3.0,
    "plain2": 2.0,
    "plain3": 2.0,
    "plain4": 1.0,
    "plain5": 1.0,
    "plain6": 1.0,
    "plain7": 1.0,
    "plain8": 1.0,
    "neg1": 1.5,
    "neg2": 1.0,
    "neg3": 0.5,
}


def frames() -> list[Frame]:
    """The frames of demo:reviews this set uses, weighted (plain sentences first)."""
    by_id = {f.fid: f for f in reviews.FRAMES}
    return [
        Frame(f.fid, f.family, f.text, f.signs, f.decider, f.agree, False, weight)
        for fid, weight in _FRAME_WEIGHTS.items()
        for f in [by_id[fid]]
    ]


def generate(seed: int = SEED) -> tuple[tuple[list[str], list[str]], tuple[list[str], list[str]]]:
    """((train texts, labels), (validation texts, labels)); the same for the same seed."""
    rng = random.Random(f"demo:sentiment:{seed}")
    rows = reviews.generate(frames(), TRAIN_SIZE + VAL_SIZE, rng)
    train, val = rows[:TRAIN_SIZE], rows[TRAIN_SIZE:]
    return ([r.text for r in train], [r.label for r in train]), ([r.text for r in val], [r.label for r in val])

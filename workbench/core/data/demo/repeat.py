"""demo:repeat — "does any word occur twice?" in a row of distinct random words.

Half the rows repeat one word at a random distance, half have no repeat; both halves share the same length
distribution and word frequencies, so neither length nor any single word gives the answer. A model has to
compare tokens with each other, which is what attention between matching tokens does.
"""

from __future__ import annotations

import random

REPEAT, NO_REPEAT = "repeat", "no repeat"
TRAIN_SIZE, VAL_SIZE = 4000, 1000
MIN_WORDS, MAX_WORDS = 6, 14

# A few hundred plain, common words (nouns, colours, verbs): they tokenize to whole words.
WORDS: tuple[str, ...] = tuple(
    """
    cat dog horse cow sheep goat pig duck goose hen fox wolf bear deer mouse rat rabbit frog snake whale shark
    fish crab bee ant owl eagle crow swan lion tiger zebra camel monkey seal otter apple pear plum grape lemon
    lime melon peach cherry berry bread cheese butter milk egg rice bean corn onion garlic pepper salt sugar
    honey soup cake pie tea coffee juice chair table desk bed lamp door window wall floor roof stair shelf sofa
    clock mirror carpet curtain pillow blanket cup plate bowl spoon fork knife pan pot kettle oven sink river
    lake sea ocean hill mountain valley forest tree leaf flower grass stone rock sand cloud rain snow wind storm
    sun moon star sky field island beach desert cave street road bridge tower church school market station bank
    shop park garden farm village city harbor castle museum library hotel book pen pencil paper letter card map
    key box bag coin ring watch phone camera radio piano guitar drum violin ball kite bike car bus train boat
    ship plane rocket wheel rope chain hammer nail brush bottle glass basket bucket candle king queen child baby
    doctor nurse farmer baker sailor soldier pilot teacher student artist singer dancer driver miner judge poet
    hat coat shirt dress shoe boot sock glove scarf belt hand foot head arm leg eye ear nose mouth tooth hair
    heart bone red blue green yellow black white brown pink orange purple gray silver golden run walk jump swim
    sing dance read write draw paint cook climb sleep dream laugh cry shout whisper build carry morning evening
    night winter summer spring autumn monday friday music story game song poem idea secret gift party picnic
    journey
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def row(rng: random.Random, repeated: bool) -> str:
    """One row of MIN_WORDS..MAX_WORDS words; with repeated, exactly one word occurs twice."""
    n = rng.randint(MIN_WORDS, MAX_WORDS)
    if not repeated:
        return " ".join(rng.sample(WORDS, n))
    words = rng.sample(WORDS, n - 1)
    i, j = sorted(rng.sample(range(n), 2))  # the two positions of the repeated word: any distance 1..n-1
    rest = iter(words[1:])
    return " ".join(words[0] if k in (i, j) else next(rest) for k in range(n))


def generate(seed: int) -> tuple[tuple[list[str], list[str]], tuple[list[str], list[str]]]:
    """((train texts, labels), (validation texts, labels)), each exactly half "repeat", shuffled."""
    rng = random.Random(f"demo:repeat:{seed}")
    out = []
    for size in (TRAIN_SIZE, VAL_SIZE):
        labels = [REPEAT, NO_REPEAT] * (size // 2)
        rng.shuffle(labels)
        out.append(([row(rng, label == REPEAT) for label in labels], labels))
    return out[0], out[1]

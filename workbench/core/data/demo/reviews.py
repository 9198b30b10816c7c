"""demo:reviews — short restaurant and film reviews whose label depends on word relations.

Every sentence is built from a *frame* (a sentence template of one construction family) whose adjectives are
chosen so that no single word carries the label: across the training set an adjective is about as often
"against" the label (negated, in the clause that "but" overrides, in the "although" clause) as "for" it. What
decides is the relation between words: "not" and the adjective it negates, the clause after "but", the main
clause versus the "although" one.

The benchmark split holds out whole frames: the test sentences come only from frames never seen in training
(at least one per family), so a model must apply the relation to a new sentence shape, not recall a pattern. Every
test word occurs in training. workbench.bench.reviews measures bag-of-words baselines and the encoder on it.
"""

from __future__ import annotations

import random
import re
from typing import Any

from workbench.core.data.demo import frames as shared
from workbench.core.data.demo.frames import Frame as Frame  # re-exported: reviews.Frame, reviews.Review
from workbench.core.data.demo.frames import Review as Review

POS, NEG = "positive", "negative"


def _words(text: str) -> list[str]:
    return text.split()


# ---------------------------------------------------------------------------------------------- vocabulary
# Aspects: (noun, plural?, category). Adjectives are matched to the category so sentences stay sensible.
ASPECTS: dict[str, list[tuple[str, bool, str]]] = {
    "restaurant": [
        *[(w, False, "food") for w in ("food", "pasta", "pizza", "soup", "salad", "steak", "fish", "curry")],
        *[(w, False, "food") for w in ("burger", "bread", "dessert", "coffee", "wine", "sauce", "chicken")],
        *[(w, False, "food") for w in ("lamb", "rice", "cake", "tea", "beer", "salmon", "ramen", "risotto")],
        *[(w, True, "food") for w in ("starters", "pancakes", "cocktails")],
        *[(w, True, "food") for w in ("fries", "noodles", "tacos", "dumplings")],
        *[(w, False, "service") for w in ("service", "waiter", "waitress", "staff", "bartender", "manager", "host")],
        *[(w, False, "place") for w in ("atmosphere", "room", "decor", "music", "terrace", "garden")],
        *[(w, True, "value") for w in ("prices", "portions", "drinks")],
        *[(w, False, "value") for w in ("bill", "lunch menu", "set menu")],
    ],
    "film": [
        *[(w, False, "story") for w in ("plot", "story", "script", "ending", "dialogue", "pacing", "twist")],
        *[(w, False, "story") for w in ("premise", "opening", "finale", "screenplay")],
        *[(w, True, "story") for w in ("jokes",)],
        *[(w, False, "acting") for w in ("acting", "cast", "lead", "villain", "hero", "heroine", "narrator")],
        *[(w, True, "acting") for w in ("actors", "characters", "performances")],
        *[(w, False, "craft") for w in ("soundtrack", "music", "editing", "photography", "cinematography")],
        *[(w, False, "craft") for w in ("sound", "animation", "score")],
        *[(w, True, "craft") for w in ("effects", "visuals", "costumes", "sets")],
    ],
}

CATEGORIES = {domain: sorted({a[2] for a in aspects}) for domain, aspects in ASPECTS.items()}

GENERIC_ADJ = {
    POS: _words("good great excellent wonderful superb fantastic lovely amazing brilliant"),
    NEG: _words("bad awful terrible poor horrible dreadful mediocre disappointing weak"),
}
CATEGORY_ADJ: dict[str, dict[str, list[str]]] = {
    "food": {POS: ["tasty", "delicious", "fresh"], NEG: ["bland", "stale", "greasy", "soggy"]},
    "service": {POS: ["friendly", "attentive", "helpful", "quick"], NEG: ["rude", "slow", "careless"]},
    "place": {POS: ["cozy", "charming", "relaxing"], NEG: ["noisy", "cramped", "gloomy"]},
    "value": {POS: ["fair", "reasonable", "affordable"], NEG: ["overpriced", "steep", "outrageous"]},
    "story": {POS: ["gripping", "clever", "moving", "funny"], NEG: ["boring", "predictable", "dull", "silly"]},
    "acting": {POS: ["convincing", "natural"], NEG: ["wooden", "stiff", "unconvincing"]},
    "craft": {POS: ["stunning", "beautiful"], NEG: ["cheap", "clumsy"]},
}
INTENSIFIERS = ["very", "really", "so", "truly", "quite", "incredibly", "extremely"]
NOT_INTENSIFIERS = ["that", "really", "very"]  # "not that bad", "not really good"; "very" only before POS

# Neutral openers: they carry no label, widen the vocabulary to what people type, and move the core around.
CUISINES = ["italian", "thai", "indian", "mexican", "french", "greek", "chinese", "japanese", "korean"]
CUISINES += ["spanish", "turkish", "vietnamese", "lebanese", "seafood", "vegan", "german", "ethiopian"]
CUISINES += ["moroccan", "peruvian", "persian", "polish", "caribbean", "brazilian", "russian", "georgian"]
PLACES = ["the new {c} place", "this {c} restaurant", "the little {c} cafe", "the {c} bistro downtown"]
PLACES += ["the {c} place near the station", "that {c} diner", "the {c} place by the river"]
PLACES += ["the busy {c} canteen in town", "the {c} kitchen on the corner"]
WHEN = ["last night", "on friday", "on saturday", "on sunday", "yesterday", "last week", "for lunch"]
WHEN += ["for my birthday", "after work", "this weekend", "on monday", "before the concert", "on tuesday"]
WHEN += ["on wednesday", "on thursday", "last month", "on our anniversary", "for brunch", "this morning"]
FILM_WHEN = [w for w in WHEN if w not in ("for lunch", "for brunch", "before the concert")]
WHO = ["my wife", "my husband", "my friend", "my brother", "my sister", "my parents", "my mother", "my dad"]
WHO += ["my kids", "my boss", "my partner", "my roommate", "my cousin", "my girlfriend", "my boyfriend"]
WHO += ["my neighbours", "my colleagues", "my uncle", "my aunt", "my grandmother", "my son", "my daughter"]
WHO += ["my team", "our guests", "my students", "my grandfather"]
GENRES = ["thriller", "comedy", "drama", "western", "musical", "documentary", "sequel", "remake", "romance"]
GENRES += ["mystery", "cartoon", "biopic", "horror film", "war film", "spy film", "fantasy film"]
GENRES += ["crime drama", "heist film", "courtroom drama", "superhero film", "period drama", "road movie"]
FILMS = ["the new {g}", "this {g}", "an old {g}", "the {g} everyone talked about", "that {g} from {k}"]
COUNTRIES = ["france", "japan", "korea", "italy", "spain", "mexico", "india", "sweden", "brazil", "germany"]
COUNTRIES += ["china", "iran", "nigeria", "egypt", "poland", "norway", "canada", "chile", "denmark"]
FILM_WHERE = ["at the cinema", "on tv", "at home", "on the plane", "at the festival", "on sunday"]
FILM_WHERE += ["on my laptop", "at the open air cinema", "in the old theatre", "on a rainy evening"]
OPENERS = {
    "restaurant": [
        "we went to {place} {when}",
        "{who} and i had dinner at {place}",
        "i took {who} to {place} {when}",
        "we tried {place} {when}",
        "first visit to {place}",
        "lunch at {place} with {who}",
        "{who} picked {place} for dinner",
        "booked a table at {place} {when}",
    ],
    "film": [
        "we watched {film} {when}",
        "i saw {film} with {who}",
        "{who} and i watched {film} {where}",
        "finally saw {film} {where}",
        "watched {film} {when}",
        "{who} recommended {film}",
        "we rented {film} {when}",
    ],
}
ASIDES = ["honestly", "to be honest", "overall", "in the end", "all in all", "frankly", "in short", "to sum up"]

# --------------------------------------------------------------------------------------------------- frames


def _f(fid: str, family: str, text: str, signs: tuple[int, ...], decider: int = 0, **kw: Any) -> Frame:
    return Frame(fid, family, text, signs, decider, **kw)


# Slots: {a1} aspect, {v1} was/were, {it1} it/they, {j1} adjective, {i} intensifier, {ni} intensifier after not.
# The held-out frames (the test) use relation words the training frames teach, in sentence shapes training never
# had: "not" four words before the adjective, "although" followed by a main clause of another shape, "even
# though" after a bare noun phrase. The words next to each adjective change, so n-gram counts that worked in
# training point the wrong way or nowhere, while the relation itself still decides. Weights balance two things:
# adjectives "for" and "against" the label (so single words say little), and main clauses first and last.
FRAMES: list[Frame] = [
    # plain: the adjectives say it
    _f("plain1", "plain", "the {a1} {v1} {j1}", (1,)),
    _f("plain2", "plain", "the {a1} {v1} {i} {j1}", (1,)),
    _f("plain3", "plain", "{j1} {a1}", (1,)),
    _f("plain4", "plain", "i found the {a1} {j1}", (1,)),
    _f("plain5", "plain", "i have to say the {a1} {v1} {j1}", (1,)),
    _f("plain6", "plain", "the {a1} {v1} {j1} and the {a2} {v2} {j2}", (1, 1), 1, agree=True),
    _f("plain7", "plain", "{j1} {a1} and {j2} {a2}", (1, 1), 1, agree=True),
    _f("plain8", "plain", "i thought the {a1} {v1} {i} {j1}", (1,), held_out=True),
    # negation: "not" (near or far) flips the adjective
    _f("neg1", "negation", "the {a1} {v1} not {j1}", (-1,)),
    _f("neg2", "negation", "the {a1} {v1} not {ni} {j1}", (-1,)),
    _f("neg3", "negation", "i did not find the {a1} {j1}", (-1,)),
    _f("neg4", "negation", "i do not think the {a1} {v1} {j1}", (-1,), weight=1.5),
    _f("neg5", "negation", "nobody would call the {a1} {j1}", (-1,)),
    _f("neg6", "negation", "nobody said the {a1} {v1} {j1}", (-1,), weight=1.5),
    _f("neg7", "negation", "i would not say the {a1} {v1} {j1}", (-1,), held_out=True),
    # contrast: the clause after "but" decides
    _f("but1", "contrast", "the {a1} {v1} {j1} but the {a2} {v2} {j2}", (1, 1), 1),
    _f("but2", "contrast", "{j1} {a1} but {j2} {a2}", (1, 1), 1),
    _f("but3", "contrast", "the {a1} {v1} {j1} but the {a2} {v2} not {j2}", (1, -1), 1),
    _f("but4", "contrast", "the {a1} {v1} {i} {j1}, but the {a2} {v2} {j2}", (1, 1), 1),
    _f("but5", "contrast", "{j1} {a1}, but i found the {a2} {j2}", (1, 1), 1, held_out=True),
    # concession: the main clause decides, whichever side the "although" clause is on
    _f("conc1", "concession", "although the {a1} {v1} {j1}, the {a2} {v2} {j2}", (1, 1), 1),
    _f("conc2", "concession", "even though the {a1} {v1} {j1}, the {a2} {v2} {j2}", (1, 1), 1),
    _f("conc3", "concession", "though the {a1} {v1} {j1}, the {a2} {v2} {j2}", (1, 1), 1),
    _f("conc4", "concession", "despite the {j1} {a1}, the {a2} {v2} {j2}", (1, 1), 1),
    _f("conc5", "concession", "the {a1} {v1} {j1}, even though the {a2} {v2} {j2}", (1, 1), 0, weight=1.5),
    _f("conc6", "concession", "the {a1} {v1} {j1}, even if the {a2} {v2} {j2}", (1, 1), 0, weight=1.5),
    _f("conc7", "concession", "the {a1} {v1} {j1} despite the {j2} {a2}", (1, 1), 0, weight=1.5),
    _f("conc8", "concession", "{j1} {a1}, even though the {a2} {v2} {j2}", (1, 1), 0, held_out=True),
    _f("conc9", "concession", "although the {a1} {v1} {j1}, i found the {a2} {j2}", (1, 1), 1, held_out=True),
    # expectation: what it turned out to be decides
    _f("exp1", "expectation", "i expected the {a1} to be {j1} but {it1} {v1} {j2}", (1, 1), 1),
    _f("exp2", "expectation", "i hoped the {a1} would be {j1}, and {it1} {v1}", (1,)),
    _f("exp3", "expectation", "i hoped the {a1} would be {j1}, but {it1} {v1} not", (-1,)),
    _f("exp4", "expectation", "i expected the {a1} to be {j1}, and {it1} {v1}", (1,)),
    _f("exp5", "expectation", "i thought the {a1} would be {j1}, but {it1} {v1} not", (-1,)),
    _f("exp6", "expectation", "i expected {j1} {a1}, but {it1} {v1} not", (-1,), held_out=True),
]

TRAIN_SIZE, TEST_SIZE, SEEN_TEST_SIZE = 4000, 2000, 1000
MAX_WORDS = 20
BENCHMARK_SEED = 0


def _adjective(rng: random.Random, category: str, polarity: int) -> str:
    key = POS if polarity > 0 else NEG
    pool = GENERIC_ADJ[key] if rng.random() < 0.5 else CATEGORY_ADJ[category][key]
    return rng.choice(pool)


def _aspect(rng: random.Random, domain: str) -> tuple[str, bool, str]:
    """Category first, then a noun of it, so the adjectives of small categories are not rare."""
    category = rng.choice(CATEGORIES[domain])
    return rng.choice([a for a in ASPECTS[domain] if a[2] == category])


def _opener(rng: random.Random, domain: str) -> str:
    template = rng.choice(OPENERS[domain])
    place = rng.choice(PLACES).format(c=rng.choice(CUISINES))
    film = rng.choice(FILMS).format(g=rng.choice(GENRES), k=rng.choice(COUNTRIES))
    return template.format(
        place=place,
        film=film,
        when=rng.choice(WHEN if domain == "restaurant" else FILM_WHEN),
        who=rng.choice(WHO),
        where=rng.choice(FILM_WHERE),
    )


def sample(frame: Frame, rng: random.Random, label: int) -> Review:
    """One sentence of a frame with the given label (+1/-1), its adjectives chosen to fit it."""
    domain = rng.choice(("restaurant", "film"))
    a1, a2 = _aspect(rng, domain), _aspect(rng, domain)
    while a2[0] == a1[0]:
        a2 = _aspect(rng, domain)
    two_aspects = "{a2}" in frame.text
    clause = [label if i == frame.decider or frame.agree else -label for i in range(len(frame.signs))]
    adjs = []
    for i, (sign, pol) in enumerate(zip(frame.signs, clause, strict=True)):
        aspect = a2 if (i == 1 and two_aspects) else a1
        adjs.append(_adjective(rng, aspect[2], sign * pol))
    ni_pool = NOT_INTENSIFIERS if frame.signs[0] * clause[0] > 0 else NOT_INTENSIFIERS[:-1]
    core = frame.text.format(
        a1=a1[0],
        a2=a2[0],
        v1="were" if a1[1] else "was",
        v2="were" if a2[1] else "was",
        it1="they" if a1[1] else "it",
        j1=adjs[0],
        j2=adjs[1] if len(adjs) > 1 else "",
        i=rng.choice(INTENSIFIERS),
        ni=rng.choice(ni_pool),
    )
    r = rng.random()
    if r < 0.15:
        core = f"{rng.choice(ASIDES)}, {core}"
    elif r < 0.55:
        opened = f"{_opener(rng, domain)}. {core}"
        if len(opened.split()) <= MAX_WORDS:
            core = opened
    return Review(core, POS if label > 0 else NEG, frame.fid)


WORD = re.compile(r"[a-z]+")


def words(text: str) -> set[str]:
    return set(WORD.findall(text))


def generate(
    frames: list[Frame],
    n: int,
    rng: random.Random,
    exclude: frozenset[str] | set[str] = frozenset(),
    vocabulary: set[str] | None = None,
) -> list[Review]:
    """n distinct sentences, shuffled, none in exclude and (if given) using only words of the vocabulary;
    each frame gets its weighted quota, half of each label."""
    return shared.generate(frames, n, rng, sample, words, exclude, vocabulary)


def benchmark(seed: int = BENCHMARK_SEED) -> dict[str, list[Review]]:
    """The split: train and seen_test from the training frames, test only from the held-out frames and
    only with words that occur in train. seed 0 is the shipped benchmark."""
    rng = random.Random(f"demo:reviews:{seed}")
    return shared.benchmark_split(FRAMES, rng, sample, words, (TRAIN_SIZE, SEEN_TEST_SIZE, TEST_SIZE))

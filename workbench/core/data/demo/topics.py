"""demo:topics — which of six topics a short sentence is about.

All topics share the same sentence frames, people, times and filler words, and some content words belong to
several topics ("training", "ticket", "season"), so the topic rests on a few telling words. This is a task
where a bag of words does well: a useful contrast with demo:reviews and demo:repeat.
"""

from __future__ import annotations

import random

TRAIN_SIZE, VAL_SIZE = 4000, 1000


def _words(*lines: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in ", ".join(lines).split(",") if w.strip())


# Words only one topic uses (comma-separated, since some are two words).
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "sport": _words(
        "football, tennis, goal, referee, stadium, marathon, coach, league, striker, goalkeeper, "
        "racket, tournament, medal, sprint, penalty, cycling race"
    ),
    "cooking": _words(
        "recipe, oven, flour, garlic, saucepan, dough, spices, butter, soup, kitchen, pastry, "
        "casserole, whisk, roast, dumplings, bread"
    ),
    "travel": _words(
        "passport, airport, hotel, luggage, suitcase, beach, museum, ferry, visa, hostel, itinerary, "
        "souvenir, tourists, border, train station, guidebook"
    ),
    "music": _words(
        "guitar, piano, concert, drummer, melody, album, chorus, orchestra, violin, lyrics, choir, "
        "singer, song, gig, saxophone, playlist"
    ),
    "technology": _words(
        "laptop, software, smartphone, server, password, keyboard, database, app, printer, router, "
        "code, browser, chip, robot, spreadsheet, cloud storage"
    ),
    "health": _words(
        "doctor, vaccine, clinic, fever, vitamins, nurse, hospital, headache, allergy, symptoms, "
        "medicine, pharmacy, blood test, dentist, flu, eye test"
    ),
}

# Words several topics use: weak evidence on their own.
SHARED_WORDS: dict[str, tuple[str, ...]] = {
    "training": ("sport", "technology", "health"),
    "record": ("music", "sport"),
    "track": ("music", "sport", "travel"),
    "stage": ("music", "travel", "health"),
    "season": ("sport", "cooking", "travel"),
    "diet": ("health", "cooking", "sport"),
    "heat": ("cooking", "sport", "health"),
    "club": ("sport", "music"),
    "tour": ("travel", "music", "sport"),
    "battery": ("technology", "travel"),
    "screen": ("technology", "health"),
    "pitch": ("sport", "music"),
    "injury": ("sport", "health"),
    "recovery": ("health", "sport", "technology"),
    "virus": ("health", "technology"),
    "bar": ("music", "travel", "cooking"),
    "board": ("technology", "travel", "cooking"),
    "score": ("music", "sport"),
    "scale": ("music", "cooking", "health"),
    "course": ("cooking", "sport", "health"),
    "net": ("sport", "technology"),
    "mix": ("music", "cooking"),
    "ticket": ("travel", "music", "sport"),
    "team": ("sport", "technology", "health"),
    "practice": ("music", "sport", "health"),
    "crowd": ("music", "sport", "travel"),
    "schedule": ("travel", "health", "sport"),
    "update": ("technology", "travel", "health"),
}
TOPICS = tuple(TOPIC_WORDS)
SHARED_BY_TOPIC = {t: tuple(w for w, ts in SHARED_WORDS.items() if t in ts) for t in TOPICS}

WHO = _words(
    "my sister, my brother, my friend, our neighbour, my boss, the teacher, my dad, my mum, "
    "a colleague, my cousin, the new guy at work, my roommate, grandma, everyone at lunch"
)
SAID = _words(
    "talked about, kept asking about, read an article about, wrote a long post about, complained about, "
    "could not stop talking about, sent me a video about, made a joke about, asked me a question about, "
    "was excited about, told us a story about, worried about"
)
WHEN = _words(
    "last night, this morning, at the weekend, during lunch, all week, on the phone, again, yesterday, "
    "before dinner, on the bus, for an hour, after work"
)
REMARKS = (
    "is the {w1} really worth it",
    "nobody told us the {w1} would be so busy",
    "there was a lot of talk about the {w1} {when}",
    "the {w1} and the {w2} were all {who} talked about",
    "i still think about the {w1} and the {w2}",
    "a quick note about the {w1}, the {w2} and the {w3}",
    "we spent the whole evening on the {w1}",
    "{who} {said} the {w1} {when}",
    "{who} {said} the {w1} and the {w2} {when}",
    "{who} {said} the {w1}, then the {w2}",
)


def sentence(rng: random.Random, topic: str) -> str:
    """A sentence whose content words include at least one that only this topic uses."""
    frame = rng.choice(REMARKS)
    n = sum(f"{{w{k}}}" in frame for k in (1, 2, 3))
    if n == 1 and rng.random() < 0.5:  # add a shared word after the telling one
        frame = frame.replace("{w1}", "{w1} and the {w2}", 1)
        n = 2
        swaps = [1]
    else:  # swap some of the telling words (never all) for shared ones
        swaps = rng.sample(range(n), rng.randint(0, n - 1))
    own = rng.sample(TOPIC_WORDS[topic], n)
    for k, word in zip(swaps, rng.sample(SHARED_BY_TOPIC[topic], len(swaps)), strict=True):
        own[k] = word
    slots = {f"w{k + 1}": w for k, w in enumerate(own)}
    return frame.format(who=rng.choice(WHO), said=rng.choice(SAID), when=rng.choice(WHEN), **slots)


def generate(seed: int) -> tuple[tuple[list[str], list[str]], tuple[list[str], list[str]]]:
    """((train texts, labels), (validation texts, labels)), the topics in equal shares, shuffled."""
    rng = random.Random(f"demo:topics:{seed}")
    out = []
    for size in (TRAIN_SIZE, VAL_SIZE):
        labels = [TOPICS[i % len(TOPICS)] for i in range(size)]
        rng.shuffle(labels)
        out.append(([sentence(rng, t) for t in labels], labels))
    return out[0], out[1]

"""Built-in data sets, generated in milliseconds and deterministic by seed (like TensorFlow Playground's).

    DEMOS                      name -> one-line description (the app's data picker shows it)
    make(name, seed=0)         (train, fixed validation) as Datasets with source "demo:NAME"
    reviews_benchmark()        the fixed reviews split: {"train", "test", "seen_test"}
    reviews_zh_benchmark()     the same for the Chinese reviews (demo:reviews-zh)

demo:sentiment is the app's first data set (a tiny model learns it in seconds). demo:reviews is the harder one and
a fixed benchmark: make() returns its 4000 training sentences and,
as validation, the 2000 test sentences whose sentence shapes training never saw, whatever the seed, so that
runs with different seeds are comparable and the validation accuracy is an honest generalisation number.
demo:reviews-zh is its Chinese counterpart, a fixed benchmark in the same way.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from workbench.core.data.dataset import Dataset
from workbench.core.data.demo import repeat, reviews, reviews_zh, sentiment, topics
from workbench.core.errors import DataError

__all__ = ["DEMOS", "make", "reviews_benchmark", "reviews_zh_benchmark"]

DEMOS: dict[str, str] = {
    "sentiment": (
        'Restaurant and film reviews, positive or negative, told mostly by their adjectives, with a few "not"s: '
        "a small model learns it in seconds (the app's first data set)."
    ),
    "reviews": (
        "Restaurant and film reviews, positive or negative, decided by how words relate "
        '("not bad", "good but overpriced"); validation uses sentence shapes never seen in training.'
    ),
    "reviews-zh": (
        "中文评论 - Chinese restaurant and product reviews, positive (正面) or negative (负面), decided by 不/没 "
        "negation, 但是/不过 contrast and 虽然 concession; validation uses sentence shapes never seen in training."
    ),
    "repeat": "Rows of random words: does any word occur twice? Needs attention between matching words.",
    "topics": (
        "Short remarks about sport, cooking, travel, music, technology or health; a few content words decide the topic."
    ),
}


def make(name: str, seed: int = 0) -> tuple[Dataset, Dataset | None]:
    """(train, fixed validation) of a built-in data set. Unknown name -> DataError listing the names."""
    key = name.strip().lower().removeprefix("demo:")
    if key == "reviews":
        split = reviews_benchmark()
        return split["train"], split["test"]
    if key == "reviews-zh":
        split = reviews_zh_benchmark()
        return split["train"], split["test"]
    if key == "sentiment":
        (train, val) = sentiment.generate(seed)
    elif key == "repeat":
        (train, val) = repeat.generate(seed)
    elif key == "topics":
        (train, val) = topics.generate(seed)
    else:
        names = ", ".join(f"demo:{n}" for n in DEMOS)
        raise DataError(f"There is no built-in data set 'demo:{key}'; choose one of {names}.")
    return _dataset(key, *train), _dataset(key, *val)


def reviews_benchmark() -> dict[str, Dataset]:
    """The fixed demo:reviews split: train (4000), test (2000, held-out sentence shapes only) and seen_test
    (1000 new sentences of the training shapes)."""
    return {part: _dataset("reviews", list(texts), list(labels)) for part, (texts, labels, _) in _reviews().items()}


def reviews_zh_benchmark() -> dict[str, Dataset]:
    """The fixed demo:reviews-zh split: train (4000), test (2000, held-out sentence shapes only) and seen_test
    (1000 new sentences of the training shapes)."""
    return {part: _dataset("reviews-zh", list(t), list(y)) for part, (t, y, _) in _reviews_zh().items()}


def reviews_frame_ids() -> dict[str, list[str]]:
    """The sentence frame (template id, see reviews.FRAMES) of every row of reviews_benchmark(), per part."""
    return {part: list(fids) for part, (_, _, fids) in _reviews().items()}


@lru_cache(maxsize=1)
def _reviews() -> dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    # Generated once per process (about 40 ms); callers get fresh lists, so changing them changes nothing here.
    return {
        part: (tuple(r.text for r in rows), tuple(r.label for r in rows), tuple(r.fid for r in rows))
        for part, rows in reviews.benchmark().items()
    }


@lru_cache(maxsize=1)
def _reviews_zh() -> dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    return {
        part: (tuple(r.text for r in rows), tuple(r.label for r in rows), tuple(r.fid for r in rows))
        for part, rows in reviews_zh.benchmark().items()
    }


def _dataset(name: str, texts: list[str], labels: list[str]) -> Dataset:
    digest = hashlib.sha256()
    for text, label in zip(texts, labels, strict=True):
        digest.update(f"{text}\t{label}\n".encode())
    return Dataset(
        texts=texts,
        labels=labels,
        source=f"demo:{name}",
        text_column="text",
        label_column="label",
        sha256=digest.hexdigest(),
    )

"""What demo:reviews and demo:reviews-zh share: sentence frames, a generated review, drawing distinct sentences
with each frame's weighted quota, and the benchmark split that holds out whole frames.

Each language brings its own frames, its `sample` (one sentence of a frame with a given label) and its `units`
(the words, or the characters, a sentence is made of: the test may only use units that training has).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Frame:
    """One sentence template. signs[i] = +1 if adjective i keeps its polarity in its clause, -1 if negated;
    decider = the clause that sets the label; agree = both clauses share the label (else they contrast)."""

    fid: str
    family: str
    text: str
    signs: tuple[int, ...]
    decider: int = 0
    agree: bool = False
    held_out: bool = False
    weight: float = 1.0  # share of the training sentences, relative to other frames


@dataclass(frozen=True)
class Review:
    """One generated sentence; fid names its frame, which the tests and the benchmark use."""

    text: str
    label: str
    fid: str


Sampler = Callable[[Frame, random.Random, int], Review]
Units = Callable[[str], set[str]]


def quotas(frames: list[Frame], n: int) -> list[int]:
    """Sentences per frame in proportion to the weights, summing to n (largest remainders first)."""
    total = sum(f.weight for f in frames)
    exact = [n * f.weight / total for f in frames]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(frames)), key=lambda i: counts[i] - exact[i])
    for i in by_remainder[: n - sum(counts)]:
        counts[i] += 1
    return counts


def generate(
    frames: list[Frame],
    n: int,
    rng: random.Random,
    sample: Sampler,
    units: Units,
    exclude: frozenset[str] | set[str] = frozenset(),
    vocabulary: set[str] | None = None,
) -> list[Review]:
    """n distinct sentences, shuffled, none in exclude and (if given) made only of units of the vocabulary;
    each frame gets its weighted quota, half of each label."""
    out: list[Review] = []
    taken = set(exclude)
    for frame, count in zip(frames, quotas(frames, n), strict=True):
        made = 0
        for _ in range(count * 50):  # a frame short of distinct sentences yields fewer rather than hang
            if made == count:
                break
            rev = sample(frame, rng, 1 if made % 2 == 0 else -1)
            if rev.text in taken or (vocabulary is not None and not units(rev.text) <= vocabulary):
                continue
            taken.add(rev.text)
            out.append(rev)
            made += 1
    rng.shuffle(out)
    return out


def benchmark_split(
    frames: list[Frame], rng: random.Random, sample: Sampler, units: Units, sizes: tuple[int, int, int]
) -> dict[str, list[Review]]:
    """train and seen_test (new sentences) from the training frames, test only from the held-out frames and only
    with units that occur in train; sizes: (train, seen_test, test)."""
    train_frames = [f for f in frames if not f.held_out]
    test_frames = [f for f in frames if f.held_out]
    train = generate(train_frames, sizes[0], rng, sample, units)
    seen_test = generate(train_frames, sizes[1], rng, sample, units, exclude={r.text for r in train})
    vocabulary = set().union(*(units(r.text) for r in train))
    test = generate(test_frames, sizes[2], rng, sample, units, vocabulary=vocabulary)
    return {"train": train, "test": test, "seen_test": seen_test}

"""The built-in data sets: deterministic, the right sizes and balance, correct labels, and a reviews benchmark
whose held-out sentence shapes defeat bag-of-words models."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from workbench.core.data.dataset import Dataset
from workbench.core.data.demo import (
    DEMOS,
    make,
    repeat,
    reviews,
    reviews_benchmark,
    reviews_frame_ids,
    sentiment,
    topics,
)
from workbench.core.errors import DataError

WORD = re.compile(r"[a-z]+")


@pytest.fixture(scope="module")
def split() -> dict[str, list[reviews.Review]]:
    return reviews.benchmark()


def polarity_lexicon() -> dict[str, int]:
    lexicon: dict[str, int] = {}
    for table in (reviews.GENERIC_ADJ, *reviews.CATEGORY_ADJ.values()):
        for key, words in table.items():
            for word in words:
                assert lexicon.setdefault(word, 1 if key == reviews.POS else -1) == lexicon[word]
    return lexicon


# ------------------------------------------------------------------------------------------------ the API


def test_demos_names_and_descriptions() -> None:
    assert set(DEMOS) == {"sentiment", "reviews", "reviews-zh", "repeat", "topics"}
    for description in DEMOS.values():
        assert description and "\n" not in description


def test_unknown_name_is_a_data_error_listing_the_names() -> None:
    with pytest.raises(DataError) as err:
        make("moods")
    for name in DEMOS:
        assert name in str(err.value)


@pytest.mark.parametrize("name", sorted(DEMOS))
def test_make_returns_labelled_datasets_named_after_the_source(name: str) -> None:
    train, val = make(name)
    assert isinstance(train, Dataset) and isinstance(val, Dataset)
    for data in (train, val):
        assert data.source == f"demo:{name}"
        assert data.labels is not None and len(data.labels) == len(data.texts)
        assert all(isinstance(t, str) and t.strip() for t in data.texts)
        assert data.sha256
    assert set(val.labels) <= set(train.labels)


def test_make_accepts_the_demo_prefix() -> None:
    assert make("demo:topics", 3)[0].texts == make("topics", 3)[0].texts


@pytest.mark.parametrize("name", ["repeat", "topics", "sentiment"])
def test_generated_sets_are_deterministic_by_seed(name: str) -> None:
    a_train, a_val = make(name, 1)
    b_train, b_val = make(name, 1)
    assert (a_train.texts, a_train.labels, a_val.texts) == (b_train.texts, b_train.labels, b_val.texts)
    assert a_train.sha256 == b_train.sha256
    c_train, _ = make(name, 2)
    assert c_train.texts != a_train.texts and c_train.sha256 != a_train.sha256


def test_sentiment_is_told_by_its_adjectives_and_a_few_nots() -> None:
    """The first data set: balanced, new sentences for validation, and every label follows from the adjectives'
    polarity, flipped by "not" in the negated fifth or so of the rows."""
    train, val = make("sentiment")
    assert (len(train), len(val)) == (sentiment.TRAIN_SIZE, sentiment.VAL_SIZE)
    assert not set(train.texts) & set(val.texts)
    counts = Counter(train.labels)
    assert abs(counts[reviews.POS] - counts[reviews.NEG]) <= 0.02 * len(train)
    lexicon = polarity_lexicon()
    negated = 0
    for text, label in zip(train.texts + val.texts, train.labels + val.labels, strict=True):
        words = WORD.findall(text)
        signs = {lexicon[w] for w in words if w in lexicon}
        assert len(signs) == 1, text  # the adjectives agree
        flip = -1 if "not" in words else 1
        negated += flip < 0
        assert signs.pop() * flip == (1 if label == reviews.POS else -1), text
    assert 0.1 < negated / (len(train) + len(val)) < 0.3


def test_reviews_is_the_fixed_benchmark_whatever_the_seed() -> None:
    bench = reviews_benchmark()
    for seed in (0, 7):
        train, val = make("reviews", seed)
        assert train.texts == bench["train"].texts and train.labels == bench["train"].labels
        assert val.texts == bench["test"].texts and val.labels == bench["test"].labels


def test_changing_a_returned_dataset_does_not_change_the_next_one() -> None:
    train, _ = make("reviews")
    train.texts[0] = "changed"
    train.labels.append("x")
    again, _ = make("reviews")
    assert again.texts[0] != "changed" and len(again.labels) == len(again.texts)


# --------------------------------------------------------------------------------------------- demo:reviews


def test_reviews_generator_is_deterministic_and_seeded(split: dict[str, list[reviews.Review]]) -> None:
    assert reviews.benchmark(0) == split
    other = reviews.benchmark(1)
    assert [r.text for r in other["train"]] != [r.text for r in split["train"]]


def test_reviews_sizes_and_readable_balanced_labels() -> None:
    bench = reviews_benchmark()
    assert {k: len(v) for k, v in bench.items()} == {"train": 4000, "test": 2000, "seen_test": 1000}
    for data in bench.values():
        counts = data.label_counts()
        assert set(counts) == {"positive", "negative"}
        assert abs(counts["positive"] - counts["negative"]) <= 0.02 * len(data)


def test_reviews_test_frames_are_held_out(split: dict[str, list[reviews.Review]]) -> None:
    train_frames = {r.fid for r in split["train"]}
    test_frames = {r.fid for r in split["test"]}
    assert not train_frames & test_frames
    assert {r.fid for r in split["seen_test"]} <= train_frames
    held_out = {f.fid for f in reviews.FRAMES if f.held_out}
    assert test_frames == held_out
    families = {f.family for f in reviews.FRAMES}
    assert len(families) >= 5
    for family in families:  # every construction family has a sentence shape that only the test uses
        assert any(f.held_out and f.family == family for f in reviews.FRAMES), family
    # Each held-out frame is in the test in a fair share, not a token presence.
    assert min(Counter(r.fid for r in split["test"]).values()) >= 2000 // (2 * len(held_out))


def test_reviews_frame_ids_line_up_with_the_benchmark_rows(split: dict[str, list[reviews.Review]]) -> None:
    bench, fids = reviews_benchmark(), reviews_frame_ids()
    for part, rows in split.items():
        assert bench[part].texts == [r.text for r in rows]
        assert fids[part] == [r.fid for r in rows]


def test_reviews_test_words_all_occur_in_training(split: dict[str, list[reviews.Review]]) -> None:
    seen = set().union(*(WORD.findall(r.text) for r in split["train"]))
    for part in ("test", "seen_test"):
        unseen = set().union(*(WORD.findall(r.text) for r in split[part])) - seen
        assert not unseen, (part, sorted(unseen)[:10])


def test_reviews_sentences_are_distinct_short_and_not_shared_between_parts(
    split: dict[str, list[reviews.Review]],
) -> None:
    texts = {part: [r.text for r in rows] for part, rows in split.items()}
    for rows in texts.values():
        assert len(set(rows)) == len(rows)
        assert max(len(t.split()) for t in rows) <= reviews.MAX_WORDS
    assert not set(texts["train"]) & set(texts["seen_test"])
    assert not set(texts["train"]) & set(texts["test"])


def test_reviews_vocabulary_has_several_hundred_words(split: dict[str, list[reviews.Review]]) -> None:
    vocabulary = set().union(*(WORD.findall(r.text) for r in split["train"]))
    assert 300 <= len(vocabulary) <= 1500
    assert len(polarity_lexicon()) >= 40


def test_reviews_labels_follow_the_frame(split: dict[str, list[reviews.Review]]) -> None:
    """Recompute every label from the frame's rule and the polarity of the adjectives in the text."""
    lexicon = polarity_lexicon()
    frames = {f.fid: f for f in reviews.FRAMES}
    for review in (r for rows in split.values() for r in rows):
        frame = frames[review.fid]
        core = review.text.rsplit(". ", 1)[-1]
        adjectives = [lexicon[w] for w in WORD.findall(core) if w in lexicon]
        assert len(adjectives) == len(frame.signs), review
        clauses = [sign * pol for sign, pol in zip(frame.signs, adjectives, strict=True)]
        label = clauses[frame.decider]
        assert review.label == ("positive" if label > 0 else "negative"), review
        if len(clauses) == 2:  # the other clause agrees or contrasts, as the frame says
            other = clauses[1 - frame.decider]
            assert other == (label if frame.agree else -label), review


def test_reviews_single_words_carry_little_label_signal(split: dict[str, list[reviews.Review]]) -> None:
    """Across the training set an adjective is about as often against the label as for it."""
    lexicon = polarity_lexicon()
    agree = total = 0
    for review in split["train"]:
        for word in WORD.findall(review.text):
            if word in lexicon:
                total += 1
                agree += (lexicon[word] > 0) == (review.label == "positive")
    assert 0.45 <= agree / total <= 0.55


def test_reviews_bag_of_words_baselines_stay_low() -> None:
    pytest.importorskip("sklearn")
    from workbench.bench.reviews import baselines

    scores = baselines()
    assert scores["unigram"]["test"] <= 0.60
    assert scores["bigram"]["test"] <= 0.65
    # They do learn the training shapes: the test is hard because the shapes are new.
    assert scores["bigram"]["seen_test"] >= 0.7


# ---------------------------------------------------------------------------------------------- demo:repeat


def test_repeat_labels_are_right_and_balanced() -> None:
    train, val = make("repeat", 5)
    assert (len(train), len(val)) == (repeat.TRAIN_SIZE, repeat.VAL_SIZE)
    for data in (train, val):
        assert data.label_counts() == {"no repeat": len(data) // 2, "repeat": len(data) // 2}
        for text, label in zip(data.texts, data.labels, strict=True):
            words = text.split()
            assert repeat.MIN_WORDS <= len(words) <= repeat.MAX_WORDS
            assert len(words) - len(set(words)) == (1 if label == "repeat" else 0), text


def test_repeat_has_no_length_or_word_shortcut() -> None:
    train, _ = make("repeat")
    lengths = {label: Counter() for label in ("repeat", "no repeat")}
    for text, label in zip(train.texts, train.labels, strict=True):
        lengths[label][len(text.split())] += 1
    mean = {label: sum(n * c for n, c in counts.items()) / sum(counts.values()) for label, counts in lengths.items()}
    assert abs(mean["repeat"] - mean["no repeat"]) < 0.3
    assert len(repeat.WORDS) == len(set(repeat.WORDS)) >= 200
    # Repeats happen at every distance, not only next to each other.
    distances = set()
    for text, label in zip(train.texts, train.labels, strict=True):
        if label == "repeat":
            words = text.split()
            first = next(w for w in words if words.count(w) == 2)
            i = words.index(first)
            distances.add(words.index(first, i + 1) - i)
    assert distances == set(range(1, repeat.MAX_WORDS))


# ---------------------------------------------------------------------------------------------- demo:topics


def test_topics_classes_and_balance() -> None:
    train, val = make("topics")
    assert (len(train), len(val)) == (topics.TRAIN_SIZE, topics.VAL_SIZE)
    assert 4 <= len(train.label_names) <= 6
    for data in (train, val):
        counts = data.label_counts()
        assert set(counts) == set(topics.TOPICS)
        assert max(counts.values()) - min(counts.values()) <= 1


def test_topics_share_vocabulary_and_are_decided_by_a_telling_word() -> None:
    train, _ = make("topics")
    vocab_by_topic: dict[str, set[str]] = {}
    for text, label in zip(train.texts, train.labels, strict=True):
        telling = [w for w in topics.TOPIC_WORDS[label] if re.search(rf"\b{w}\b", text)]
        assert telling, (text, label)
        vocab_by_topic.setdefault(label, set()).update(text.split())
    common = set.intersection(*vocab_by_topic.values())
    assert len(common) >= 40  # frames, people, times and shared words appear in every topic
    for word, owners in topics.SHARED_WORDS.items():
        assert len(owners) >= 2, word

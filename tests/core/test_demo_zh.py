"""demo:reviews-zh: the fixed Chinese benchmark. Its labels follow 不/没有 negation, 但是/不过 contrast and 虽然
concession (recomputed here by a rule of the test's own), single characters say little, and a bag of characters
stays near chance on the held-out sentence shapes while the data is learnable."""

from __future__ import annotations

from collections import Counter

import pytest

from workbench.core.data.demo import DEMOS, make, reviews_zh, reviews_zh_benchmark


@pytest.fixture(scope="module")
def split() -> dict[str, list[reviews_zh.Review]]:
    return reviews_zh.benchmark()


def lexicon() -> dict[str, int]:
    out: dict[str, int] = {}
    for table in (reviews_zh.GENERIC_ADJ, *reviews_zh.CATEGORY_ADJ.values()):
        for key, words in table.items():
            for word in words:
                assert out.setdefault(word, 1 if key == reviews_zh.POS else -1) == out[word], word
    return out


def core(text: str) -> str:
    """The review without its opener sentence, its aside and its final punctuation."""
    text = text.rstrip("。！")
    text = text.rsplit("。", 1)[-1]
    for aside in reviews_zh.ASIDES:
        text = text.removeprefix(aside)
    return text


def rule(text: str, words: dict[str, int]) -> tuple[int, str, bool]:
    """(label, adjective, negated) by the relations: the clause after 但是/不过 (or after 结果), else the one that
    is not the 虽然/尽管 clause; its adjective ends it; 不 or 没有 before it flips it (没想到 does not)."""
    clauses = core(text).split("，")
    decisive = clauses[-1]
    for i, clause in enumerate(clauses):
        if clause.startswith(("但是", "不过", "结果")):
            decisive = clause
        elif (
            clause.startswith(("虽然", "尽管"))
            and len(clauses) == 2
            and not clauses[1 - i].startswith(("但是", "不过"))
        ):
            decisive = clauses[1 - i]
    adjective = max((w for w in words if decisive.endswith(w)), key=len)
    before = decisive[: -len(adjective)].removeprefix("不过")  # the connective is no negation
    negated = "不" in before or "没有" in before
    return words[adjective] * (-1 if negated else 1), adjective, negated


def test_it_is_a_built_in_data_set_with_a_fixed_split() -> None:
    assert "reviews-zh" in DEMOS
    bench = reviews_zh_benchmark()
    assert {k: len(v) for k, v in bench.items()} == {"train": 4000, "test": 2000, "seen_test": 1000}
    for seed in (0, 3):
        train, val = make("demo:reviews-zh", seed)
        assert train.texts == bench["train"].texts and val.texts == bench["test"].texts
        assert train.source == "demo:reviews-zh" and train.sha256
    for data in bench.values():
        counts = data.label_counts()
        assert set(counts) == {"正面", "负面"}
        assert abs(counts["正面"] - counts["负面"]) <= 0.02 * len(data)


def test_generation_is_deterministic_and_seeded(split: dict[str, list[reviews_zh.Review]]) -> None:
    assert reviews_zh.benchmark(0) == split
    assert [r.text for r in reviews_zh.benchmark(1)["train"]] != [r.text for r in split["train"]]


def test_test_shapes_are_held_out_and_its_characters_seen(split: dict[str, list[reviews_zh.Review]]) -> None:
    train_frames = {r.fid for r in split["train"]}
    assert not train_frames & {r.fid for r in split["test"]}
    assert {r.fid for r in split["test"]} == {f.fid for f in reviews_zh.FRAMES if f.held_out}
    for family in {f.family for f in reviews_zh.FRAMES}:
        assert any(f.held_out and f.family == family for f in reviews_zh.FRAMES), family
    seen = set("".join(r.text for r in split["train"]))
    assert set("".join(r.text for r in split["test"])) <= seen
    texts = [r.text for rows in split.values() for r in rows]
    assert len(set(texts)) == len(texts)


def test_labels_follow_negation_contrast_and_concession(split: dict[str, list[reviews_zh.Review]]) -> None:
    words = lexicon()
    names = {1: reviews_zh.POS, -1: reviews_zh.NEG}
    for review in (r for rows in split.values() for r in rows):
        assert names[rule(review.text, words)[0]] == review.label, review
    # Each relation occurs often: negated decisive adjectives, and two-clause reviews.
    negated = sum(rule(r.text, words)[2] for r in split["train"])
    assert 0.3 <= negated / len(split["train"]) <= 0.6
    assert sum("，" in core(r.text) for r in split["train"]) >= 1500


def test_single_characters_carry_little_label_signal(split: dict[str, list[reviews_zh.Review]]) -> None:
    """Across the training set an adjective (the last word of each clause) is about as often against the label of
    its review as for it."""
    words = lexicon()
    agree = Counter()
    for review in split["train"]:
        label = 1 if review.label == reviews_zh.POS else -1
        for clause in core(review.text).split("，"):
            adjective = max((w for w in words if clause.endswith(w)), key=len)
            agree[words[adjective] == label] += 1
    assert 0.45 <= agree[True] / agree.total() <= 0.55


def test_a_bag_of_characters_stays_near_chance_on_the_held_out_shapes() -> None:
    pytest.importorskip("sklearn")
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    bench = reviews_zh_benchmark()

    def accuracy(ngrams: tuple[int, int], part: str) -> float:
        vectorizer = CountVectorizer(analyzer="char", ngram_range=ngrams)
        model = LogisticRegression(max_iter=2000)
        model.fit(vectorizer.fit_transform(bench["train"].texts), bench["train"].labels)
        predicted = model.predict(vectorizer.transform(bench[part].texts))
        return sum(p == y for p, y in zip(predicted, bench[part].labels or [], strict=True)) / len(predicted)

    assert accuracy((1, 1), "test") <= 0.60
    assert accuracy((1, 1), "seen_test") <= 0.62  # characters alone do not tell, even on the training shapes
    # The data is learnable from characters in context: runs of up to three reach the training shapes.
    assert accuracy((1, 3), "seen_test") >= 0.70

"""Bag-of-n-grams baselines: a scikit-learn vectorizer and logistic regression fitted on training texts, scored
row by row on other parts. `bench reviews` uses word counts, `bench baseline` character TF-IDF.

scikit-learn is in the test extra, not a runtime dependency: without it these say how to install it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from workbench.core.data.dataset import Dataset
from workbench.core.errors import WorkbenchError


def _sklearn() -> tuple[Any, Any, Any]:
    try:
        from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        raise WorkbenchError(
            "The bag-of-words baselines need scikit-learn; install it with `pip install scikit-learn` "
            "(or the project's test extra)."
        ) from None
    return CountVectorizer, TfidfVectorizer, LogisticRegression


def ngram_classifier(
    train: Dataset,
    *,
    analyzer: str = "word",
    ngrams: tuple[int, int] = (1, 1),
    tfidf: bool = False,
    c: float = 1.0,
) -> Callable[[Sequence[str]], list[str]]:
    """Fit counts (or TF-IDF) of word or character n-grams + logistic regression (enough iterations to converge)
    on `train`; returns a function that predicts the labels of texts."""
    count, tfidf_vectorizer, logistic = _sklearn()
    vectorizer = (tfidf_vectorizer if tfidf else count)(analyzer=analyzer, ngram_range=ngrams)
    model = logistic(max_iter=2000, C=c)
    model.fit(vectorizer.fit_transform(train.texts), train.labels)

    def predict(texts: Sequence[str]) -> list[str]:
        return [str(x) for x in model.predict(vectorizer.transform(list(texts)))]

    return predict


def correct(predict: Callable[[Sequence[str]], list[str]], data: Dataset) -> list[bool]:
    """Per row of `data`: whether the prediction is its label."""
    return [p == y for p, y in zip(predict(data.texts), data.labels or [], strict=True)]


def share(flags: Sequence[bool]) -> float:
    """The share of true flags, rounded to 4 places (0 for none)."""
    return round(sum(flags) / max(1, len(flags)), 4)

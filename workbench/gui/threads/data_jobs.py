"""The Data page's background jobs: reading a data file and training the preview tokenizer.

Plain functions run on a pool thread (superqt create_worker): they never touch widgets and never raise, so no
traceback can reach the person; a WorkbenchError's message is shown as it is, anything else as a short
"unexpected" line. Each outcome carries the request number it answers, so a late answer to an old request is
recognised and dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from workbench.core.data import preview_columns, read_file
from workbench.core.data.dataset import Dataset
from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.errors import WorkbenchError

SAMPLES = 3  # sentences shown split into pieces
_LENGTH_SAMPLE = 2000  # texts tokenized to report typical lengths


@dataclass
class ReadOutcome:
    request: int
    path: str
    columns: list[str]
    data: Dataset | None = None
    error: str | None = None


def read_job(request: int, path: str, text_column: str | None, label_column: str | None, columns: list[str]) -> Any:
    try:
        if not columns:
            columns, guessed_text, guessed_label = preview_columns(path)
            text_column = text_column or guessed_text
            label_column = label_column or guessed_label
        data = read_file(path, text_column, label_column, labelled=True)
        data.require_classes()
        return ReadOutcome(request, path, list(columns), data=data)
    except WorkbenchError as err:
        return ReadOutcome(request, path, list(columns), error=str(err))
    except Exception as err:  # a bug or an odd file the readers did not foresee: still one plain line
        message = QCoreApplication.translate("DataJobs", "{name} could not be read ({reason}).").format(
            name=Path(path).name, reason=short_error(err)
        )
        return ReadOutcome(request, path, list(columns), error=message)


@dataclass
class TokenOutcome:
    request: int
    tokenizer: TextTokenizer | None = None
    samples: list[tuple[str, list[str]]] | None = None
    lengths: tuple[float, int, int] | None = None  # (mean, 95th percentile, longest) in tokens
    error: str | None = None


def token_job(request: int, texts: list[str], kind: str, vocab_size: int) -> Any:
    try:
        tok = TextTokenizer.train(texts, kind=kind, vocab_size=vocab_size)
        picks = sample_texts(texts)
        samples = [(t, tok.tokens(t, max_len=128)) for t in picks]
        step = max(1, len(texts) // _LENGTH_SAMPLE)
        lengths = sorted(len(ids) for ids in tok.encode_ids(texts[::step][:_LENGTH_SAMPLE], max_len=100_000))
        mean = sum(lengths) / len(lengths) if lengths else 0.0
        p95 = lengths[min(len(lengths) - 1, int(0.95 * len(lengths)))] if lengths else 0
        return TokenOutcome(request, tok, samples, (mean, p95, lengths[-1] if lengths else 0))
    except WorkbenchError as err:
        return TokenOutcome(request, error=str(err))
    except Exception as err:
        return TokenOutcome(
            request,
            error=QCoreApplication.translate("DataJobs", "The tokenizer could not be trained ({reason}).").format(
                reason=short_error(err)
            ),
        )


def sample_texts(texts: list[str]) -> list[str]:
    """Three texts spread over the data, short ones preferred so the pieces stay readable."""
    if not texts:
        return []
    n = len(texts)
    out: list[str] = []
    for k in range(SAMPLES):
        start = k * n // SAMPLES
        window = texts[start : start + 50] or texts[start:]
        pick = min(window, key=lambda t: (len(t) > 120, abs(len(t) - 60)))
        out.append(pick if len(pick) <= 140 else pick[:140].rsplit(" ", 1)[0] + " …")
    return out


def short_error(err: BaseException) -> str:
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{type(err).__name__}: {text[:200]}" if text else type(err).__name__

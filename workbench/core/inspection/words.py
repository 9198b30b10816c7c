"""Attention between words instead of pieces: the pieces the tokenizer made are grouped back into words, and
attention, saliency and everything drawn from them are summed up per word.

    group_words(tokenizer, text, max_len)   WordGroups: the words, and which token positions make each one
    word_attention(attention, groups)       [..., T, T] -> [..., W, W]
    word_scores(scores, groups)             [T] -> [W] (saliency: summed per word)
    to_words(inspection, groups)            an Inspection whose tokens are the words

Which pieces make a word: English (and any non-Chinese text) as the tokenizer itself splits words: its word_ids
(WordPiece's "##" pieces share their word's id); for the character tokenizer, which numbers every character as a
word, the words BERT's pre-tokenizer finds (whitespace and punctuation split). Chinese characters, one token each,
are joined into the words of a segmenter (core.data.cjk.segment). [CLS], [SEP] and the other special tokens stay
words of their own, so hiding them and the head statistics work on words as on tokens.

Word attention: the attention of a query word is the mean over its pieces' rows (each piece asks), and the
attention it pays a key word is the sum over that word's columns (what lands on any of its pieces); so each word
row still sums to 1. Saliency (an additive attribution) is summed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
from tokenizers import pre_tokenizers

from workbench.core.data.cjk import is_cjk, segment
from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.inspection.inspector import Inspection


@dataclass(frozen=True)
class WordGroups:
    """The words of a text and, for each, the token positions (consecutive, in order) that make it."""

    words: list[str]
    groups: list[tuple[int, ...]]

    @property
    def n_tokens(self) -> int:
        return sum(len(g) for g in self.groups)

    def membership(self) -> np.ndarray:
        """[T, W] float64: 1 where token t belongs to word w."""
        out = np.zeros((self.n_tokens, len(self.groups)))
        for w, group in enumerate(self.groups):
            out[list(group), w] = 1.0
        return out

    def word_of_token(self) -> list[int]:
        """The word index of every token position."""
        return [w for w, group in enumerate(self.groups) for _ in group]


def group_words(tokenizer: TextTokenizer, text: str, max_len: int) -> WordGroups:
    """The words of `text` as the model of max_len tokens sees it (a truncated text loses its last words)."""
    enc = tokenizer.encoding(text, max_len)
    chinese = {c: i for i, (first, end) in enumerate(segment(text)) for c in range(first, end)}
    pre_words: dict[int, int] = {}
    if tokenizer.kind == "char":  # every character is its own "word" to this tokenizer
        spans = pre_tokenizers.BertPreTokenizer().pre_tokenize_str(text)
        pre_words = {c: i for i, (_w, (start, end)) in enumerate(spans) for c in range(start, end)}
    keys: list[tuple[str, int]] = []
    for i, ((start, end), word_id, special) in enumerate(
        zip(enc.offsets, enc.word_ids, enc.special_tokens_mask, strict=True)
    ):
        if special or end <= start:
            keys.append(("own", i))
        elif is_cjk(text[start]) and start in chinese:
            keys.append(("zh", chinese[start]))
        elif tokenizer.kind == "char":
            keys.append(("pre", pre_words[start]) if start in pre_words else ("own", i))
        else:
            keys.append(("word", word_id) if word_id is not None else ("own", i))
    groups: list[list[int]] = []
    for i, key in enumerate(keys):
        if groups and keys[groups[-1][-1]] == key:
            groups[-1].append(i)
        else:
            groups.append([i])
    words = []
    for group in groups:
        first, last = group[0], group[-1]
        written = text[enc.offsets[first][0] : enc.offsets[last][1]]
        # Special tokens, and a space run (the character tokenizer's ▁), are shown as the token itself.
        words.append(enc.tokens[first] if enc.special_tokens_mask[first] or not written.strip() else written)
    return WordGroups(words, [tuple(g) for g in groups])


def word_attention(attention: Any, groups: WordGroups) -> np.ndarray:
    """[..., T, T] token attention -> [..., W, W] word attention: mean over a word's query pieces, sum over its
    key pieces (each row keeps its sum). Returned in the input's float dtype."""
    arr = np.asarray(attention)
    t = groups.n_tokens
    if arr.ndim < 2 or arr.shape[-2:] != (t, t):
        raise ValueError(f"attention {arr.shape} does not match the {t} tokens of the words")
    member = groups.membership()  # [T, W]
    mean_rows = (member / member.sum(axis=0, keepdims=True)).T  # [W, T]
    dtype = arr.dtype if np.issubdtype(arr.dtype, np.floating) else np.float64
    out = mean_rows @ arr.astype(np.float64) @ member
    return np.ascontiguousarray(out, dtype=dtype)


def word_scores(scores: Any, groups: WordGroups) -> np.ndarray:
    """Per-token scores [T] (saliency) summed per word, [W]."""
    arr = np.asarray(scores, dtype=np.float64)
    if arr.shape != (groups.n_tokens,):
        raise ValueError(f"{arr.shape[0] if arr.ndim else 0} scores for the {groups.n_tokens} tokens of the words")
    out: np.ndarray = arr @ groups.membership()
    return out


def to_words(inspection: Inspection, groups: WordGroups) -> Inspection:
    """The same forward pass seen over words: the words as its tokens, the word attention as its attention."""
    if len(inspection.tokens) != groups.n_tokens:
        raise ValueError(f"{len(inspection.tokens)} tokens inspected but {groups.n_tokens} grouped into words")
    return dataclasses.replace(
        inspection, tokens=list(groups.words), attention=word_attention(inspection.attention, groups)
    )


def inspection_words(tokenizer: TextTokenizer, text: str, max_len: int, inspection: Inspection) -> Inspection:
    """to_words(inspection, group_words(...)) in one call."""
    return to_words(inspection, group_words(tokenizer, text, max_len))

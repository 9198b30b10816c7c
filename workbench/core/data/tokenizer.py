"""Text → token ids with HF `tokenizers`: a BERT-style WordPiece or a character-level vocabulary.

Both kinds are stored as one tokenizer.json in HF's own format. The kind is read back from the model type
inside that file (WordPiece → "wordpiece", WordLevel → "char"), so nothing else has to be saved with it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tokenizers import Encoding, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

from workbench.core.data.dataset import sample_texts
from workbench.core.errors import ConfigError, RunError

# Fixed ids: the model, the MLM masking and the UI rely on them without looking them up.
SPECIAL_TOKENS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
PAD_ID, UNK_ID, CLS_ID, SEP_ID, MASK_ID = range(len(SPECIAL_TOKENS))
# Character kind: a run of whitespace becomes one visible token (readable in a UI, unlike " ").
SPACE_MARK = "▁"

_MODEL_KINDS = {"WordPiece": "wordpiece", "WordLevel": "char"}
# Texts are cut to this many characters per token of the maximum length before tokenizing: a 5 MB line
# would otherwise be tokenized whole (about 1 GB of token objects) only for all but max_len tokens to be
# dropped. A token covers at least one character, so the cut never removes a token that would be kept
# unless a text averages more than this many characters (spaces included) per token.
CHARS_PER_TOKEN = 64
TRAINING_TEXTS = 200_000  # a new tokenizer learns from a sample this size of a larger file (seconds, not minutes)


class TextTokenizer:
    """A trained tokenizer that adds [CLS] … [SEP] and truncates to max_len keeping [SEP] last."""

    pad_id = PAD_ID
    unk_id = UNK_ID
    cls_id = CLS_ID
    sep_id = SEP_ID
    mask_id = MASK_ID

    def __init__(self, tok: Tokenizer) -> None:
        kind = _MODEL_KINDS.get(type(tok.model).__name__)
        if kind is None:
            raise ValueError(f"unsupported tokenizer model {type(tok.model).__name__}")
        for i, name in enumerate(SPECIAL_TOKENS):
            if tok.token_to_id(name) != i:
                raise ValueError(f"special token {name} does not have id {i}")
        self._tok = tok
        self.kind = kind
        self.special_ids: set[int] = set(range(len(SPECIAL_TOKENS)))
        self.vocab_size = tok.get_vocab_size(with_added_tokens=True)
        # Truncation is a setting on the shared Rust object; the lock keeps encode calls from two
        # threads (training and the inspector) from changing it under each other.
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:  # picklable (e.g. for worker processes): the lock is not
        state = self.__dict__.copy()
        del state["_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- training
    @classmethod
    def train(cls, texts: Iterable[str], kind: str = "wordpiece", vocab_size: int = 8000) -> TextTokenizer:
        """Learn a vocabulary of at most vocab_size tokens (fewer when the text is small)."""
        if kind not in _MODEL_KINDS.values():
            raise ConfigError(f"The tokenizer must be one of wordpiece, char (got {kind!r}).")
        if vocab_size <= len(SPECIAL_TOKENS):
            raise ConfigError(f"The vocabulary size must be above {len(SPECIAL_TOKENS)} (got {vocab_size}).")
        texts = list(texts)  # several passes may be needed
        if kind == "char":
            tok = _new_char()
            tok.train_from_iterator(
                texts,
                trainers.WordLevelTrainer(
                    vocab_size=vocab_size, special_tokens=list(SPECIAL_TOKENS), show_progress=False
                ),
            )
        else:
            tok = _train_wordpiece(texts, vocab_size)
        tok = _canonical(tok, kind)
        tok.post_processor = processors.TemplateProcessing(
            single="[CLS] $A [SEP]", special_tokens=[("[CLS]", CLS_ID), ("[SEP]", SEP_ID)]
        )
        return cls(tok)

    # ---------------------------------------------------------------- storage
    @classmethod
    def load(cls, path: str | Path) -> TextTokenizer:
        path = Path(path)
        if not path.is_file():
            raise RunError(f"The tokenizer file {path} is missing; train the run again to recreate it.")
        try:
            tok = Tokenizer.from_file(str(path))
            return cls(tok)
        except Exception:  # the Rust side raises plain Exception for any parse problem
            raise RunError(
                f"The tokenizer file {path} is damaged or not a Transformer Workbench tokenizer; "
                "train the run again to recreate it."
            ) from None

    def save(self, path: str | Path) -> None:
        """Write tokenizer.json atomically (temp file in the same folder, then os.replace)."""
        path = Path(path)
        with self._lock:
            self._tok.no_truncation()
            text = self._tok.to_str(pretty=True)
        fd, tmp = tempfile.mkstemp(prefix=".tokenizer-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def fingerprint(self) -> str:
        """SHA-256 of the tokenizer's JSON: two tokenizers with the same fingerprint split text the same way."""
        with self._lock:
            self._tok.no_truncation()
            text = self._tok.to_str()
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    # ---------------------------------------------------------------- use
    def encode_ids(self, texts: list[str], max_len: int) -> list[list[int]]:
        """Ids with [CLS] … [SEP], each list at most max_len long (no padding)."""
        return [e.ids for e in self._encode(texts, max_len, fast=True)]

    def tokens(self, text: str, max_len: int = 512) -> list[str]:
        """The pieces the model sees for one text, [CLS] and [SEP] included."""
        return self._encode([text], max_len)[0].tokens

    def encoding(self, text: str, max_len: int = 512) -> Encoding:
        """The whole encoding of one text as the model sees it: tokens, each token's character span in `text`
        (offsets), the word each belongs to (word_ids, None for [CLS]/[SEP]) and the special-token mask."""
        return self._encode([text], max_len)[0]

    def id_to_token(self, i: int) -> str:
        token = self._tok.id_to_token(int(i))
        return token if token is not None else SPECIAL_TOKENS[UNK_ID]

    def decode(self, ids: list[int]) -> str:
        """Readable text for ids, special tokens left out."""
        text: str = self._tok.decode(list(ids), skip_special_tokens=True)
        return text

    def _encode(self, texts: list[str], max_len: int, fast: bool = False) -> list[Encoding]:
        if max_len < 2:
            raise ValueError("max_len must leave room for [CLS] and [SEP]")
        limit = max_len * CHARS_PER_TOKEN
        texts = [t if len(t) <= limit else t[:limit] for t in texts]
        with self._lock:
            trunc = self._tok.truncation
            if trunc is None or trunc["max_length"] != max_len:
                self._tok.enable_truncation(max_len)
            # The fast variant leaves out the character offsets, which only ids do not need.
            return self._tok.encode_batch_fast(texts) if fast else self._tok.encode_batch(texts)


def _new_wordpiece() -> Tokenizer:
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    # handle_chinese_chars puts spaces around CJK ideographs, so Chinese splits into characters.
    tok.normalizer = normalizers.BertNormalizer(
        clean_text=True, handle_chinese_chars=True, strip_accents=None, lowercase=True
    )
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece()
    return tok


def _new_char() -> Tokenizer:
    tok = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tok.normalizer = normalizers.Sequence(
        [
            normalizers.NFC(),
            normalizers.BertNormalizer(
                clean_text=True, handle_chinese_chars=False, strip_accents=False, lowercase=False
            ),
            normalizers.Strip(),
            normalizers.Replace(Regex(r"\s+"), SPACE_MARK),
        ]
    )
    tok.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
    tok.decoder = decoders.Sequence([decoders.Replace(SPACE_MARK, " "), decoders.Fuse()])
    return tok


def _train_wordpiece(texts: list[str], vocab_size: int) -> Tokenizer:
    # The WordPiece trainer always keeps the whole alphabet (and its ##-continuations), which can exceed a
    # small vocab_size or a Chinese text's thousands of characters. Then retrain keeping only the most
    # frequent characters (limit_alphabet) until the vocabulary fits.
    chars, continuing = _alphabet(texts)
    limit: int | None = None
    for _ in range(8):
        tok = _new_wordpiece()
        kept = _kept_alphabet(chars, limit)
        extra: dict[str, Any] = {} if limit is None else {"limit_alphabet": len(kept)}  # None is not accepted
        # The trainer numbers the ##-continuations of characters in the order it meets words in a hash map, and
        # breaks ties between equally frequent merges by those numbers, so the same text gave a different
        # vocabulary in every process (tokenizers#1794). Naming them up front, sorted, fixes their numbers;
        # _canonical then turns them back into ordinary vocabulary entries.
        prefixed = sorted(f"##{c}" for c in continuing if c in kept)
        trainer = trainers.WordPieceTrainer(
            vocab_size=vocab_size,
            special_tokens=[*SPECIAL_TOKENS, *prefixed],
            show_progress=False,
            **extra,
        )
        tok.train_from_iterator(texts, trainer)
        got = tok.get_vocab_size(with_added_tokens=True)
        if got <= vocab_size:
            return tok
        base = len(kept)
        limit = max(
            1,
            min(base - 1, int(base * (vocab_size - len(SPECIAL_TOKENS)) / (got - len(SPECIAL_TOKENS)) * 0.9)),
        )
    return _prune(tok, vocab_size)


def _alphabet(texts: list[str]) -> tuple[Counter[str], set[str]]:
    """Character counts over the words the trainer sees (normalised and pre-tokenised as it does, each character
    counted once per occurrence), and the characters that occur inside a word (they get a ##-continuation)."""
    tok = _new_wordpiece()
    words: Counter[str] = Counter()
    for text in texts:
        words.update(w for w, _ in tok.pre_tokenizer.pre_tokenize_str(tok.normalizer.normalize_str(text)))
    chars: Counter[str] = Counter()
    continuing: set[str] = set()
    for word, n in words.items():
        for c in word:
            chars[c] += n
        continuing.update(word[1:])
    return chars, continuing


def _kept_alphabet(chars: Counter[str], limit: int | None) -> set[str]:
    """The characters limit_alphabet keeps: the most frequent. The trainer drops the rarest in an unstable
    order, so a tie at the cut is resolved here by dropping every character tied there."""
    if limit is None or limit >= len(chars):
        return set(chars)
    ranked = sorted(chars.values(), reverse=True)
    cut = ranked[limit - 1]
    if limit < len(ranked) and ranked[limit] == cut:
        above = [c for c, n in chars.items() if n > cut]
        if above:
            return set(above)
    return {c for c, n in chars.items() if n >= cut}


def _prune(tok: Tokenizer, vocab_size: int) -> Tokenizer:
    """Last resort: keep the first vocab_size ids (specials, then the trainer's order)."""
    vocab = {t: i for t, i in tok.get_vocab().items() if i < vocab_size}
    new = _new_wordpiece()
    new.model = models.WordPiece(vocab, unk_token="[UNK]")
    return new


def _canonical(tok: Tokenizer, kind: str) -> Tokenizer:
    """Renumber the vocabulary in a fixed order (specials, then sorted), since the trainers' order follows a
    hash map: without this the same text and seed would give different ids, and different loss curves."""
    rest = sorted(t for t in tok.get_vocab(with_added_tokens=True) if t not in SPECIAL_TOKENS)
    vocab = {t: i for i, t in enumerate([*SPECIAL_TOKENS, *rest])}
    if kind == "char":
        new = _new_char()
        new.model = models.WordLevel(vocab, unk_token="[UNK]")
    else:
        new = _new_wordpiece()
        new.model = models.WordPiece(vocab, unk_token="[UNK]")
    new.add_special_tokens(list(SPECIAL_TOKENS))
    return new


def training_sample(texts: list[str], max_len: int, seed: int) -> list[str]:
    """What a new tokenizer learns from: a seeded sample of a large file's texts, each cut to what the model sees
    of it (a 5 MB line teaches no more than its start)."""
    return sample_texts(texts, TRAINING_TEXTS, seed, max_len * CHARS_PER_TOKEN)

"""A checkpoint's own tokenizer, with the `tokenizers` library: its tokenizer.json, or BERT's from vocab.txt.

From vocab.txt the tokenizer is built as Hugging Face builds BERT's fast tokenizer (BertConverter): the
BertNormalizer (clean text, Chinese characters split, lower-casing and accent stripping as tokenizer_config.json
says), the BertPreTokenizer, WordPiece with "##" continuations, and [CLS] … [SEP] around each text. Special
tokens keep the checkpoint's ids (BERT's [CLS] is 101), so this subclass looks them up instead of relying on
the workbench's fixed ids.
"""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path
from typing import Any

from tokenizers import Encoding, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.errors import RunError

TOKENIZER_JSON = "tokenizer.json"
VOCAB_TXT = "vocab.txt"
TOKENIZER_CONFIG = "tokenizer_config.json"
# Role → the tokenizer_config.json key and BERT's default spelling.
_TYPED_MASK = re.compile(re.escape("[MASK]"), re.IGNORECASE)
_ROLES = {"pad": "[PAD]", "unk": "[UNK]", "cls": "[CLS]", "sep": "[SEP]", "mask": "[MASK]"}


class CheckpointTokenizer(TextTokenizer):
    """A pre-trained model's tokenizer behind TextTokenizer's interface (encode_ids, tokens, id_to_token, ...)."""

    def __init__(self, tok: Tokenizer, special: dict[str, str]) -> None:
        # TextTokenizer.__init__ is not called: it insists on the workbench's own fixed special-token ids.
        tok.no_padding()
        tok.no_truncation()
        self._tok = tok
        self.special = dict(special)  # role → token text, saved beside a fine-tuned run's tokenizer.json
        self.kind = "wordpiece" if isinstance(tok.model, models.WordPiece) else type(tok.model).__name__.lower()
        ids: dict[str, int] = {}
        for role, text in special.items():
            i = tok.token_to_id(text)
            if i is None:
                raise ValueError(f"the special token {text} is not in the vocabulary")
            ids[role] = i
        self.pad_id, self.unk_id, self.cls_id, self.sep_id = (ids[r] for r in ("pad", "unk", "cls", "sep"))
        self.mask_id = ids.get("mask", -1)  # no [MASK] token: no id ever matches, so fill-in finds no blank
        added = {t.content for t in tok.get_added_tokens_decoder().values() if t.special}
        self.special_ids = set(ids.values()) | {i for t in added if (i := tok.token_to_id(t)) is not None}
        self.vocab_size = tok.get_vocab_size(with_added_tokens=True)
        self._lock = threading.Lock()

    def _encode(self, texts: list[str], max_len: int, fast: bool = False) -> list[Encoding]:
        # The app asks for [MASK] whatever the model; RoBERTa's blank is <mask>, so a typed [MASK] becomes it.
        mask = self.special.get("mask")
        if mask is not None and mask != "[MASK]":
            texts = [_TYPED_MASK.sub(mask, t) for t in texts]
        return super()._encode(texts, max_len, fast)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as err:
        raise RunError(f"{path} cannot be read ({err}).") from None
    if not isinstance(data, dict):
        raise RunError(f"{path} is not a JSON object.")
    return data


def _special_tokens(settings: dict[str, Any], defaults: dict[str, str] | None = None) -> dict[str, str]:
    out = {}
    for role, default in (defaults or _ROLES).items():
        value = settings.get(f"{role}_token", default)
        if isinstance(value, dict):  # older files store an AddedToken as {"content": ...}
            value = value.get("content", default)
        out[role] = str(value) if value is not None else default
    return out


def _from_vocab(path: Path, settings: dict[str, Any], special: dict[str, str]) -> Tokenizer:
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as err:
        raise RunError(f"{path} cannot be read ({err}).") from None
    if lines and lines[-1] == "":
        lines.pop()
    vocab: dict[str, int] = {}
    for i, token in enumerate(lines):  # as BERT's load_vocab: one token a line, its id the line number
        vocab.setdefault(token.rstrip("\n\r"), i)
    if special["unk"] not in vocab:
        raise RunError(f"{path} has no {special['unk']} token; is it a BERT vocabulary?")
    lowercase = bool(settings.get("do_lower_case", True))
    tok = Tokenizer(models.WordPiece(vocab, unk_token=special["unk"], max_input_chars_per_word=100))
    tok.normalizer = normalizers.BertNormalizer(
        clean_text=True,
        handle_chinese_chars=bool(settings.get("tokenize_chinese_chars", True)),
        strip_accents=settings.get("strip_accents"),  # None: strip when lower-casing, as BERT does
        lowercase=lowercase,
    )
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.decoder = decoders.WordPiece(prefix="##")
    present = [t for t in special.values() if t in vocab]
    tok.add_special_tokens(present)
    cls, sep = special["cls"], special["sep"]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{cls}:0 $A:0 {sep}:0",
        pair=f"{cls}:0 $A:0 {sep}:0 $B:1 {sep}:1",
        special_tokens=[(cls, vocab[cls]), (sep, vocab[sep])] if cls in vocab and sep in vocab else [],
    )
    return tok


def load_saved_tokenizer(path: Path, special: dict[str, str]) -> CheckpointTokenizer:
    """A checkpoint's tokenizer as a fine-tuned run saved it (its tokenizer.json and the special tokens' roles)."""
    try:
        tok = Tokenizer.from_file(str(path))
    except Exception:  # the Rust side raises plain Exception for any parse problem
        raise RunError(f"{path} is missing or damaged; the run folder is damaged.") from None
    try:
        return CheckpointTokenizer(tok, special)
    except ValueError as err:
        raise RunError(f"{path} cannot be used: {err}; the run folder is damaged.") from None


def load_checkpoint_tokenizer(folder: Path, defaults: dict[str, str] | None = None) -> CheckpointTokenizer:
    """The tokenizer saved beside a checkpoint: tokenizer.json if there is one, else vocab.txt (BERT). defaults:
    the family's special tokens where tokenizer_config.json names none (BERT's [CLS] ... otherwise)."""
    folder = Path(folder)
    settings = _read_json(folder / TOKENIZER_CONFIG) if (folder / TOKENIZER_CONFIG).is_file() else {}
    special = _special_tokens(settings, defaults)
    if (folder / TOKENIZER_JSON).is_file():
        try:
            tok = Tokenizer.from_file(str(folder / TOKENIZER_JSON))
        except Exception:  # the Rust side raises plain Exception for any parse problem
            raise RunError(f"{folder / TOKENIZER_JSON} is damaged or from a newer `tokenizers`.") from None
    elif (folder / VOCAB_TXT).is_file() and defaults is None:
        tok = _from_vocab(folder / VOCAB_TXT, settings, special)
    else:
        raise RunError(
            f"{folder} has no tokenizer (tokenizer.json or vocab.txt); save the model's tokenizer into it "
            "(tokenizer.save_pretrained(FOLDER)) or copy those files from where the model came from."
        )
    if tok.token_to_id(special["mask"]) is None:
        del special["mask"]
    try:
        return CheckpointTokenizer(tok, special)
    except ValueError as err:
        raise RunError(f"The tokenizer in {folder} cannot be used: {err}.") from None

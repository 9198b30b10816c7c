"""Fill in the blanks: the masked-language-model head's guesses for each [MASK] in a sentence.

Runs in fp32 and eval mode without gradients, and leaves the model in the mode it found it. Special tokens
([PAD], [CLS], [SEP], [MASK], [UNK]) are never offered as guesses; the probabilities are those of the full
softmax over the vocabulary, so the listed guesses of one blank sum to at most 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import torch

from workbench.core.data.tokenizer import SPECIAL_TOKENS, TextTokenizer
from workbench.core.errors import ConfigError
from workbench.core.model.encoder import EncoderModel

MASK_TOKEN = SPECIAL_TOKENS[4]  # "[MASK]"
_ANY_CASE_MASK = re.compile(re.escape(MASK_TOKEN), re.IGNORECASE)
NO_MASK_MESSAGE = f"Type {MASK_TOKEN} where a word should be guessed, e.g. “the food was {MASK_TOKEN}”."


@dataclass
class MaskGuesses:
    """The guesses for one blank: its index in FillIn.tokens and the top-k (token, probability), best first."""

    position: int
    guesses: list[tuple[str, float]]


@dataclass
class FillIn:
    """The tokens the model saw ([CLS] … [SEP]) and the guesses for every [MASK] among them, left to right."""

    tokens: list[str]
    masks: list[MaskGuesses] = field(default_factory=list)

    def best(self) -> list[str]:
        """The most likely token for each blank, left to right."""
        return [m.guesses[0][0] if m.guesses else "" for m in self.masks]

    def filled_tokens(self) -> list[str]:
        """tokens with every [MASK] replaced by its most likely guess."""
        out = list(self.tokens)
        for m in self.masks:
            if m.guesses:
                out[m.position] = m.guesses[0][0]
        return out


def mlm_head_trained(model: EncoderModel) -> bool:
    """False when the masked-LM head still has its initial weights, i.e. the model was only ever trained to
    classify from scratch: the head then never received a gradient, so its guesses would be noise.

    Every EncoderModel has the head; a classification run never updates it (its gradients stay None, so
    AdamW skips it), while pre-training changes all of it.
    """
    ln, bias = getattr(model, "mlm_ln", None), getattr(model, "mlm_bias", None)
    if ln is None or bias is None or not hasattr(model, "mlm_logits"):
        return False
    with torch.no_grad():
        untouched = bool((ln.weight == 1).all()) and bool((ln.bias == 0).all()) and bool((bias == 0).all())
    return not untouched


def fill_mask(model: EncoderModel, tokenizer: TextTokenizer, text: str, top_k: int = 5) -> FillIn:
    """The model's top_k guesses for every [MASK] in text.

    Raises ConfigError with a message for the person when the text has no [MASK] (or only past the model's
    maximum length), or when the model has no trained masked-LM head.
    """
    if top_k < 1:
        raise ValueError("top_k must be at least 1")
    if not hasattr(model, "mlm_logits"):
        raise ConfigError("This model has no word-guessing (masked-LM) head, so it cannot fill in blanks.")
    if not mlm_head_trained(model):
        raise ConfigError(
            "This model was trained to classify from scratch, so its word-guessing (masked-LM) head was never "
            "trained; pre-train a run on text (on the Train page, or workbench pretrain) to fill in blanks."
        )
    text = _ANY_CASE_MASK.sub(MASK_TOKEN, text)  # the tokenizer lower-cases words but only knows "[MASK]"
    max_len = model.cfg.max_len
    ids_list = tokenizer.encode_ids([text], max_len)[0]
    tokens = [tokenizer.id_to_token(i) for i in ids_list]
    positions = [i for i, t in enumerate(ids_list) if t == tokenizer.mask_id]
    if not positions:
        if MASK_TOKEN in text:
            raise ConfigError(
                f"Every {MASK_TOKEN} lies past the model's maximum length of {max_len} tokens; "
                "shorten the sentence or move the blank nearer the start."
            )
        raise ConfigError(NO_MASK_MESSAGE)

    device = next(model.parameters()).device
    ids = torch.tensor([ids_list], dtype=torch.long, device=device)
    pad_mask = torch.ones_like(ids, dtype=torch.bool)
    where = torch.zeros_like(pad_mask)
    where[0, positions] = True
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad(), torch.autocast(device.type, enabled=False):
            logits = model.mlm_logits(ids, pad_mask, where).float()  # [n_masks, V], in position order
    finally:
        model.train(was_training)
    probs = torch.softmax(logits, dim=-1)
    ranked = probs.clone()
    special = [i for i in tokenizer.special_ids if i < ranked.shape[-1]]
    ranked[:, special] = -1.0  # never guess a special token
    ranked[:, tokenizer.vocab_size :] = -1.0  # nor a spare embedding row that no token maps to (checkpoints)
    k = min(top_k, max(1, min(ranked.shape[-1], tokenizer.vocab_size) - len(special)))
    top_p, top_i = ranked.topk(k, dim=-1)
    masks = [
        MaskGuesses(
            pos,
            [
                (tokenizer.id_to_token(int(i)), float(p))
                for p, i in zip(top_p[row].tolist(), top_i[row].tolist(), strict=True)
                if p >= 0
            ],
        )
        for row, pos in enumerate(positions)
    ]
    return FillIn(tokens, masks)

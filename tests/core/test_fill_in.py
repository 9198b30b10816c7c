"""Fill in the blanks: guesses agree with mlm_logits, are ranked and are probabilities; plain messages otherwise."""

from __future__ import annotations

import pytest
import torch
from tiny_models import tiny_classifier

from workbench.core.config import ModelConfig
from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.errors import ConfigError
from workbench.core.inspection.fill_in import fill_mask, mlm_head_trained
from workbench.core.model.encoder import EncoderModel

torch.set_num_threads(1)


@pytest.fixture(scope="module")
def model(tokenizer: TextTokenizer) -> EncoderModel:
    return tiny_classifier(tokenizer, n_classes=0, spread=0.3)  # every weight moved, the MLM head included


def test_guesses_match_the_mlm_logits_and_are_ranked_probabilities(model, tokenizer) -> None:
    text = "the [MASK] was [MASK]"
    result = fill_mask(model, tokenizer, text, top_k=4)
    assert result.tokens == ["[CLS]", "the", "[MASK]", "was", "[MASK]", "[SEP]"]
    assert [m.position for m in result.masks] == [2, 4]

    ids = torch.tensor(tokenizer.encode_ids([text], model.cfg.max_len))
    with torch.no_grad():
        logits = model.mlm_logits(ids, torch.ones_like(ids, dtype=torch.bool))[0]  # [T, V]
    logits[:, sorted(tokenizer.special_ids)] = float("-inf")  # fill_mask never guesses a special token
    probs = torch.softmax(model.mlm_logits(ids, torch.ones_like(ids, dtype=torch.bool))[0].detach(), -1)
    for m in result.masks:
        assert len(m.guesses) == 4
        values = [p for _, p in m.guesses]
        assert values == sorted(values, reverse=True)
        assert 0 < sum(values) <= 1 + 1e-6
        best = int(logits[m.position].argmax())
        assert m.guesses[0][0] == tokenizer.id_to_token(best)
        assert m.guesses[0][1] == pytest.approx(float(probs[m.position, best]), abs=1e-6)
        assert not any(tok in ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]") for tok, _ in m.guesses)
    assert result.best() == [m.guesses[0][0] for m in result.masks]
    assert result.filled_tokens()[2] == result.best()[0] and "[MASK]" not in result.filled_tokens()


def test_lower_case_mask_counts_and_the_mode_is_restored(model, tokenizer) -> None:
    model.train()
    try:
        result = fill_mask(model, tokenizer, "The [mask] was good", top_k=1)
        assert model.training
    finally:
        model.eval()
    assert result.tokens[2] == "[MASK]" and len(result.masks[0].guesses) == 1


def test_plain_messages(model, tokenizer) -> None:
    with pytest.raises(ConfigError, match=r"Type \[MASK\] where a word should be guessed"):
        fill_mask(model, tokenizer, "the food was good")
    with pytest.raises(ConfigError, match=r"Type \[MASK\]"):
        fill_mask(model, tokenizer, "")
    long_text = " ".join(["good"] * 40) + " [MASK]"  # the blank is cut off at max_len 16
    with pytest.raises(ConfigError, match="past the model's maximum length of 16"):
        fill_mask(model, tokenizer, long_text)
    with pytest.raises(ValueError):
        fill_mask(model, tokenizer, "the [MASK]", top_k=0)


def test_a_model_that_never_trained_its_mlm_head_is_refused(tokenizer) -> None:
    cfg = ModelConfig(vocab_size=tokenizer.vocab_size, d_model=32, n_heads=2, n_layers=2, d_ff=64, max_len=16)
    fresh = EncoderModel(cfg)  # the head as initialised: what a from-scratch classification run leaves
    assert not mlm_head_trained(fresh)
    with pytest.raises(ConfigError, match="never trained"):
        fill_mask(fresh, tokenizer, "the [MASK] was good")
    with torch.no_grad():
        fresh.mlm_bias.add_(0.01)  # one optimizer step of pre-training moves it
    assert mlm_head_trained(fresh)
    assert len(fill_mask(fresh, tokenizer, "the [MASK] was good").masks) == 1

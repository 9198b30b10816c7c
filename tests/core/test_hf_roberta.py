"""RoBERTa checkpoints (byte-level BPE tokenizer.json, positions counted from pad_token_id + 1, one token type, the
dense + tanh classification head) compute what `transformers` computes, to 1e-4 in fp32, padded or not."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hf_folders import TEXTS, make_roberta

from workbench.core.inspection.fill_in import fill_mask
from workbench.core.inspection.inspector import inspect_text, load_run

pytest.importorskip("transformers")
TOL = 1e-4


def _close(ours, theirs) -> None:
    ours = torch.as_tensor(np.asarray(ours)) if isinstance(ours, np.ndarray) else ours
    assert ours.shape == theirs.shape
    assert float((ours - theirs).abs().max()) <= TOL


@pytest.mark.parametrize(
    "size", [dict(hidden=32, layers=2, heads=4, ff=64), dict(hidden=48, layers=3, heads=6, ff=96, seed=1)]
)
def test_roberta_classifier_matches_transformers_with_padding(tmp_path, size) -> None:
    hf, tok = make_roberta(tmp_path, "classify", **size)
    run = load_run(tmp_path)
    assert run.labels == ["neg", "neu", "pos"] and run.model.info.architecture == "RobertaForSequenceClassification"
    for text in TEXTS:  # a typed [MASK] is RoBERTa's <mask>
        assert run.tokenizer.encode_ids([text], 40)[0] == tok(text.replace("[MASK]", "<mask>"))["input_ids"]
    enc = tok(TEXTS, return_tensors="pt", padding=True)
    ids, att = enc["input_ids"], enc["attention_mask"]
    assert not bool(att.all())
    with torch.no_grad():
        out = hf(input_ids=ids, attention_mask=att, output_attentions=True, output_hidden_states=True)
        logits, attn = run.model.classify(ids, att.bool(), need_attention=True)
        states = run.model.layer_states(ids, att.bool())
    _close(logits, out.logits)
    _close(attn, torch.stack(out.attentions))
    for ours, theirs in zip(states, out.hidden_states, strict=True):
        _close(ours, theirs)
    one = inspect_text(run.model, run.tokenizer, TEXTS[0])
    assert one.tokens == tok.convert_ids_to_tokens(tok(TEXTS[0])["input_ids"])
    with torch.no_grad():
        single = hf(**tok(TEXTS[0], return_tensors="pt")).logits.softmax(-1)[0]
    _close(torch.as_tensor(one.probabilities), single)
    assert run.model.cfg.max_len == 40  # 42 positions less the pad_token_id + 1 offset


def test_roberta_masked_lm_matches_transformers(tmp_path) -> None:
    hf, tok = make_roberta(tmp_path, "mlm")
    run = load_run(tmp_path)
    assert run.model.cfg.n_classes == 0 and run.tokenizer.mask_id == tok.mask_token_id
    enc = tok(TEXTS, return_tensors="pt", padding=True)
    with torch.no_grad():
        want = hf(**enc).logits
        h, _ = run.model.encode(enc["input_ids"], enc["attention_mask"].bool())
        got = run.model.mlm_states(h)
    _close(got, want)
    # The app's [MASK] is RoBERTa's <mask>: fill-in guesses what transformers' head ranks first.
    filled = fill_mask(run.model, run.tokenizer, "the food was [MASK]")
    enc = tok("the food was <mask>", return_tensors="pt")
    with torch.no_grad():
        row = hf(**enc).logits[0, enc["input_ids"][0].tolist().index(tok.mask_token_id)]
    best = tok.convert_ids_to_tokens(int(row.argmax()))
    assert len(filled.masks) == 1 and filled.masks[0].guesses[0][0] == best

"""BERT checkpoints opened by the workbench compute what `transformers` computes: tokens, hidden states,
attention and logits agree to 1e-4 in fp32, for several sizes, with and without padding, for each head."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hf_folders import TEXTS, hf_tokenizer, make_bert

from workbench.core.evaluation.evaluate import predict_proba
from workbench.core.inspection.fill_in import fill_mask
from workbench.core.inspection.inspector import ablate, inspect_pair, inspect_text, load_run, probe_attention
from workbench.core.inspection.saliency import gradient_x_input
from workbench.core.model.protocol import InspectableModel

pytest.importorskip("transformers")

TOL = 1e-4
SIZES = [
    dict(hidden=32, layers=2, heads=4, ff=64),
    dict(hidden=48, layers=3, heads=3, ff=80, seed=1),
    dict(hidden=64, layers=1, heads=8, ff=128, seed=2, hidden_act="gelu_new", layer_norm_eps=1e-7),
]


def _batch(tok, texts):
    enc = tok(texts, return_tensors="pt", padding=True)
    return enc["input_ids"], enc["attention_mask"]


def _close(ours: torch.Tensor | np.ndarray, theirs: torch.Tensor) -> None:
    ours = torch.as_tensor(np.asarray(ours) if isinstance(ours, np.ndarray) else ours)
    assert ours.shape == theirs.shape
    assert float((ours - theirs).abs().max()) <= TOL


@pytest.mark.parametrize("tokenizer", ["vocab", "json"])
def test_tokens_match_the_transformers_tokenizer(tmp_path, tokenizer) -> None:
    make_bert(tmp_path, tokenizer=tokenizer)
    run = load_run(tmp_path)
    theirs = hf_tokenizer(tmp_path)
    for text in TEXTS:
        ids = theirs(text)["input_ids"]
        assert run.tokenizer.encode_ids([text], 40)[0] == ids
        assert run.tokenizer.tokens(text) == theirs.convert_ids_to_tokens(ids)
    assert "café" not in run.tokenizer.tokens("Café")  # lower-cased and accents stripped, as BERT uncased
    assert run.tokenizer.tokens("中国")[1:3] == ["中", "国"]  # Chinese characters split
    assert (run.tokenizer.cls_id, run.tokenizer.sep_id, run.tokenizer.mask_id) == (6, 7, 8)


def test_cased_vocabulary_keeps_case_and_accents(tmp_path) -> None:
    make_bert(tmp_path)
    (tmp_path / "tokenizer_config.json").write_text('{"do_lower_case": false}')
    run = load_run(tmp_path)
    theirs = hf_tokenizer(tmp_path)  # reads the same tokenizer_config.json
    for text in TEXTS:
        assert run.tokenizer.tokens(text) == theirs.convert_ids_to_tokens(theirs(text)["input_ids"])
    assert "Café" in run.tokenizer.tokens("The Café")


@pytest.mark.parametrize("size", SIZES)
def test_classifier_matches_transformers_with_padding(tmp_path, size) -> None:
    hf = make_bert(tmp_path, "classify", **size)
    run = load_run(tmp_path)
    model = run.model
    assert isinstance(model, InspectableModel)
    assert run.labels == ["neg", "neu", "pos"]
    ids, att = _batch(hf_tokenizer(tmp_path), TEXTS)
    assert not bool(att.all())  # the batch really is padded
    with torch.no_grad():
        out = hf(input_ids=ids, attention_mask=att, output_attentions=True, output_hidden_states=True)
        logits, attn = model.classify(ids, att.bool(), need_attention=True)
        states = model.layer_states(ids, att.bool())
        fast, _ = model.classify(ids, att.bool())  # the SDPA path used for evaluation
    _close(logits, out.logits)
    _close(fast, out.logits)
    _close(attn, torch.stack(out.attentions))
    assert len(states) == len(out.hidden_states) == size["layers"] + 1
    for ours, theirs in zip(states, out.hidden_states, strict=True):
        _close(ours, theirs)


def test_inspect_text_and_predict_match_transformers(tmp_path) -> None:
    hf = make_bert(tmp_path, "classify")
    run = load_run(tmp_path)
    tok = hf_tokenizer(tmp_path)
    for text in TEXTS[:3]:
        result = inspect_text(run.model, run.tokenizer, text)
        enc = tok(text, return_tensors="pt")
        with torch.no_grad():
            out = hf(**enc, output_attentions=True)
        assert result.tokens == tok.convert_ids_to_tokens(enc["input_ids"][0])
        _close(result.probabilities, out.logits.softmax(-1)[0])
        _close(result.attention, torch.stack(out.attentions)[:, 0])
    ids, att = _batch(tok, TEXTS)
    with torch.no_grad():
        expected = hf(input_ids=ids, attention_mask=att).logits.softmax(-1)
    _close(predict_proba(run, TEXTS), expected)
    maps = probe_attention(run.model, run.tokenizer, TEXTS[:2])  # padded batch, cut back to each text
    _close(maps[0], torch.as_tensor(inspect_text(run.model, run.tokenizer, TEXTS[0]).attention))
    assert inspect_pair(run.model, run.tokenizer, TEXTS[0], TEXTS[1]).shared_tokens


def test_muting_a_head_matches_zeroing_its_output_in_transformers(tmp_path) -> None:
    hf = make_bert(tmp_path, "classify")
    run = load_run(tmp_path)
    text = TEXTS[0]
    muted = ablate(run.model, run.tokenizer, text, [(1, 2)])
    dh = 32 // 4

    def zero_head(_module, args):  # the context vectors of head 2 of layer 1, before the output projection
        (context,) = args
        context = context.clone()
        context[..., 2 * dh : 3 * dh] = 0
        return (context,)

    handle = hf.bert.encoder.layer[1].attention.output.dense.register_forward_pre_hook(zero_head)
    try:
        with torch.no_grad():
            out = hf(**hf_tokenizer(tmp_path)(text, return_tensors="pt"))
    finally:
        handle.remove()
    _close(muted.logits, out.logits[0])
    assert not np.allclose(muted.logits, inspect_text(run.model, run.tokenizer, text).logits, atol=1e-3)


@pytest.mark.parametrize(
    ("head", "extra"),
    [("mlm", {}), ("mlm", {"tie_word_embeddings": False}), ("pretraining", {})],
)
def test_masked_lm_heads_match_transformers(tmp_path, head, extra) -> None:
    hf = make_bert(tmp_path, head, **extra)
    run = load_run(tmp_path)
    assert run.labels == [] and run.model.classifier is None
    ids, att = _batch(hf_tokenizer(tmp_path), TEXTS)
    with torch.no_grad():
        out = hf(input_ids=ids, attention_mask=att)
        ours = run.model.mlm_logits(ids, att.bool())
    theirs = out.logits if head == "mlm" else out.prediction_logits
    _close(ours, theirs)
    guesses = fill_mask(run.model, run.tokenizer, "the [MASK] was very good", top_k=3)
    enc = hf_tokenizer(tmp_path)("the [MASK] was very good", return_tensors="pt")
    with torch.no_grad():
        probs = (hf(**enc).logits if head == "mlm" else hf(**enc).prediction_logits)[0, 2].softmax(-1)
    probs[[0, 5, 6, 7, 8]] = -1  # [PAD] [UNK] [CLS] [SEP] [MASK] are never guessed
    probs[run.tokenizer.vocab_size :] = -1  # nor the spare embedding rows that no token maps to
    top = [hf_tokenizer(tmp_path).convert_ids_to_tokens(int(i)) for i in probs.topk(3).indices]
    assert guesses.masks[0].position == 2 and [t for t, _ in guesses.masks[0].guesses] == top


def test_base_model_without_heads_gives_hidden_states(tmp_path) -> None:
    hf = make_bert(tmp_path, "base", hidden=48, heads=6)
    run = load_run(tmp_path)
    ids, att = _batch(hf_tokenizer(tmp_path), TEXTS)
    with torch.no_grad():
        h, _ = run.model.encode(ids, att.bool())
        _close(h, hf(input_ids=ids, attention_mask=att).last_hidden_state)
    result = inspect_text(run.model, run.tokenizer, TEXTS[0])
    assert result.probabilities is None and result.attention.shape[:2] == (2, 6)


def test_sharded_safetensors_open_as_one(tmp_path) -> None:
    hf = make_bert(tmp_path, "classify", save={"max_shard_size": "20KB"})
    assert (tmp_path / "model.safetensors.index.json").is_file()
    assert len(list(tmp_path.glob("*.safetensors"))) > 1
    run = load_run(tmp_path)
    ids, att = _batch(hf_tokenizer(tmp_path), TEXTS)
    with torch.no_grad():
        _close(run.model.classify(ids, att.bool())[0], hf(input_ids=ids, attention_mask=att).logits)


def test_saliency_matches_gradients_through_transformers(tmp_path) -> None:
    hf = make_bert(tmp_path, "classify")
    run = load_run(tmp_path)
    tokens, scores = gradient_x_input(run.model, run.tokenizer, TEXTS[0], target=1)
    ids = hf_tokenizer(tmp_path)(TEXTS[0], return_tensors="pt")["input_ids"]
    emb = hf.bert.embeddings.word_embeddings(ids).detach().requires_grad_(True)
    logit = hf(inputs_embeds=emb).logits[0, 1]
    (grad,) = torch.autograd.grad(logit, emb)
    _close(scores, (grad * emb).sum(-1)[0].detach())
    assert len(tokens) == ids.shape[1]


@pytest.mark.parametrize("head", ["classify", "mlm", "base"])
@pytest.mark.parametrize("size", SIZES[:2])
def test_distilbert_matches_transformers(tmp_path, head, size) -> None:
    hf = make_bert(tmp_path, head, family="distilbert", **size)
    run = load_run(tmp_path)
    assert run.model.info.model_type == "distilbert"
    assert run.model.embeddings.token_type_embeddings is None
    ids, att = _batch(hf_tokenizer(tmp_path), TEXTS)
    with torch.no_grad():
        out = hf(input_ids=ids, attention_mask=att, output_attentions=True, output_hidden_states=True)
        states = run.model.layer_states(ids, att.bool())
        _, attn = run.model.encode(ids, att.bool(), need_attention=True)
        if head == "classify":
            _close(run.model.classify(ids, att.bool())[0], out.logits)
        elif head == "mlm":
            _close(run.model.mlm_logits(ids, att.bool()), out.logits)
    _close(attn, torch.stack(out.attentions))
    for ours, theirs in zip(states, out.hidden_states, strict=True):
        _close(ours, theirs)


@pytest.mark.parametrize(("head", "embedding_size"), [("classify", 16), ("mlm", 16), ("pretraining", 32), ("base", 24)])
def test_electra_matches_transformers(tmp_path, head, embedding_size) -> None:
    hf = make_bert(tmp_path, head, family="electra", embedding_size=embedding_size)
    run = load_run(tmp_path)
    assert run.model.info.model_type == "electra"
    assert (run.model.embeddings_project is None) == (embedding_size == 32)
    ids, att = _batch(hf_tokenizer(tmp_path), TEXTS)
    with torch.no_grad():
        out = hf(input_ids=ids, attention_mask=att, output_attentions=True, output_hidden_states=True)
        states = run.model.layer_states(ids, att.bool())
        _, attn = run.model.encode(ids, att.bool(), need_attention=True)
        if head == "classify":
            _close(run.model.classify(ids, att.bool())[0], out.logits)
        elif head == "mlm":
            _close(run.model.mlm_logits(ids, att.bool()), out.logits)
    _close(attn, torch.stack(out.attentions))
    for ours, theirs in zip(states, out.hidden_states, strict=True):
        _close(ours, theirs)

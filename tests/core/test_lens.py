"""The classifier lens and the mask lens: the model's answer read out after the embeddings and every layer."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from tiny_models import SENTENCE, tiny_classifier, tiny_tokenizer

from workbench.core.config import ModelConfig
from workbench.core.errors import ConfigError
from workbench.core.inspection.fill_in import fill_mask
from workbench.core.inspection.inspector import inspect_text, load_run
from workbench.core.inspection.lens import ClassifierLens, classifier_lens, mask_lens
from workbench.core.model.encoder import EncoderModel


@pytest.mark.parametrize("pooling", ["cls", "mean"])
def test_classifier_lens_on_the_workbench_encoder(pooling) -> None:
    tok = tiny_tokenizer()
    model = tiny_classifier(tok, n_classes=3, pooling=pooling)
    lens = classifier_lens(model, tok, SENTENCE)
    assert lens.probabilities.shape == (3, 3)  # embeddings + 2 blocks, 3 classes
    np.testing.assert_allclose(lens.probabilities.sum(1), 1.0, atol=1e-6)
    # Expected rows, taken independently with hooks on the residual stream, then the final norm, the pooling
    # and the classifier applied by hand.
    seen: list[torch.Tensor] = []
    hooks = [model.emb_drop.register_forward_hook(lambda _m, _i, out: seen.append(out))]
    hooks += [b.register_forward_hook(lambda _m, _i, out: seen.append(out[0])) for b in model.blocks]
    ids = torch.tensor(tok.encode_ids([SENTENCE], 16))
    with torch.no_grad():
        model.encode(ids, torch.ones_like(ids, dtype=torch.bool))
        for h in hooks:
            h.remove()
        rows = []
        for h in seen:
            h = model.ln_f(h)
            pooled = h[:, 0] if pooling == "cls" else h.mean(1)
            rows.append(model.classifier(pooled).softmax(-1)[0].numpy())
    np.testing.assert_allclose(lens.probabilities, np.stack(rows), atol=1e-5)
    np.testing.assert_allclose(lens.probabilities[-1], inspect_text(model, tok, SENTENCE).probabilities, atol=1e-6)
    assert lens.tokens[0] == "[CLS]" and model.training is False


def test_settles_at_and_predicted() -> None:
    lens = ClassifierLens(["[CLS]"], np.array([[0.6, 0.4], [0.3, 0.7], [0.8, 0.2], [0.9, 0.1]]))
    assert lens.settles_at() == 2
    assert lens.predicted(["neg", "pos"]) == ["neg", "pos", "neg", "neg"]
    assert ClassifierLens([], np.array([[0.9, 0.1], [0.8, 0.2]])).settles_at() == 0


def test_lens_refusals() -> None:
    tok = tiny_tokenizer()
    torch.manual_seed(0)
    mlm_only = EncoderModel(ModelConfig(vocab_size=tok.vocab_size, d_model=16, n_heads=2, n_layers=1, d_ff=32))
    with pytest.raises(ConfigError, match="classifier"):
        classifier_lens(mlm_only, tok, SENTENCE)
    with pytest.raises(ConfigError, match=r"\[MASK\]"):
        mask_lens(mlm_only, tok, SENTENCE)
    rows = mask_lens(mlm_only, tok, "the [MASK] was good", top_k=2).guesses[0]
    assert len(rows) == 2 and all(len(r) == 2 for r in rows)


def test_lenses_on_bert_match_transformers(tmp_path) -> None:
    pytest.importorskip("transformers")
    from hf_folders import hf_tokenizer, make_bert

    hf = make_bert(tmp_path / "cls", "classify", layers=3)
    run = load_run(tmp_path / "cls")
    enc = hf_tokenizer(tmp_path / "cls")(SENTENCE, return_tensors="pt")
    with torch.no_grad():
        states = hf(**enc, output_hidden_states=True).hidden_states
        expected = np.stack([hf.classifier(hf.bert.pooler(h)).softmax(-1)[0].numpy() for h in states])
    np.testing.assert_allclose(classifier_lens(run.model, run.tokenizer, SENTENCE).probabilities, expected, atol=1e-4)

    hf = make_bert(tmp_path / "mlm", "mlm", layers=2)
    run = load_run(tmp_path / "mlm")
    text = "the [MASK] was very [MASK]"
    lens = mask_lens(run.model, run.tokenizer, text, top_k=3)
    tok = hf_tokenizer(tmp_path / "mlm")
    enc = tok(text, return_tensors="pt")
    assert lens.positions == [2, 5]
    with torch.no_grad():
        states = hf(**enc, output_hidden_states=True).hidden_states
        for row, h in enumerate(states):
            probs = hf.cls(h)[0].softmax(-1)
            probs[:, [0, 5, 6, 7, 8]] = -1
            probs[:, run.tokenizer.vocab_size :] = -1
            for m, pos in enumerate(lens.positions):
                top = tok.convert_ids_to_tokens(probs[pos].topk(3).indices.tolist())
                assert [w for w, _ in lens.guesses[m][row]] == top
    final = fill_mask(run.model, run.tokenizer, text, top_k=3)
    assert [g[0] for g in final.masks[0].guesses] == [w for w, _ in lens.guesses[0][-1]]

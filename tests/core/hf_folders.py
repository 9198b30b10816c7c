"""Small random BERT checkpoint folders made with `transformers` (a test dependency only), as save_pretrained
writes them, for the equivalence tests of the workbench's own reader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

# BERT's layout: [PAD] first, unused slots, then [UNK] [CLS] [SEP] [MASK] (ids 5-8 here, 100-103 in BERT).
VOCAB = [
    "[PAD]",
    *[f"[unused{i}]" for i in range(4)],
    "[UNK]",
    "[CLS]",
    "[SEP]",
    "[MASK]",
    *[
        "the",
        "a",
        "was",
        "is",
        "not",
        "good",
        "bad",
        "food",
        "cafe",
        "film",
        "very",
        "quite",
        "and",
        "it",
        ",",
        ".",
        "!",
        "?",
        "'",
        "s",
        "t",
    ],
    *["resume", "naive", "cafe", "café", "Café", "The", "Good"],
    *["##s", "##ed", "##ly", "##a", "##e", "##t", "##é", "中", "国", "人", "好", "un", "##do", "##ne"],
]
TEXTS = [
    "The Café was NOT good, it was bad!",
    "naïve résumé, undone films",
    "中国人 好 food",
    "the [MASK] was very good",
    "a",
    "Quite\tbad\u00a0food ... isn't it?",
]


def write_vocab(folder: Path, vocab: list[str] = VOCAB) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(dict.fromkeys(vocab)) + "\n", encoding="utf-8")


def make_bert(
    folder: Path,
    head: str = "classify",
    *,
    hidden: int = 32,
    layers: int = 2,
    heads: int = 4,
    ff: int = 64,
    labels: tuple[str, ...] = ("neg", "neu", "pos"),
    seed: int = 0,
    tokenizer: str = "vocab",
    family: str = "bert",
    save: dict[str, Any] | None = None,
    **config: Any,
) -> Any:
    """A random BERT (family "bert"), DistilBERT ("distilbert") or ELECTRA ("electra") with the given head
    saved into folder; returns the transformers model (eval mode, eager attention).
    head: classify | mlm | pretraining | base. tokenizer: vocab (vocab.txt only), json (what transformers'
    tokenizer saves: tokenizer.json + tokenizer_config.json), or none."""
    import pytest

    tf = pytest.importorskip("transformers")  # a test dependency; tests that need it skip cleanly without it
    write_vocab(folder)
    vocab_size = len(dict.fromkeys(VOCAB)) + 3  # a few spare rows, as real checkpoints often have
    label_maps = {"id2label": dict(enumerate(labels)), "label2id": {name: i for i, name in enumerate(labels)}}
    if family == "distilbert":
        cfg = tf.DistilBertConfig(
            vocab_size=vocab_size,
            dim=hidden,
            n_layers=layers,
            n_heads=heads,
            hidden_dim=ff,
            max_position_embeddings=40,
            num_labels=len(labels),
            **label_maps,
            **config,
        )
        prefix = "DistilBert"
    else:
        config_class, prefix = (tf.ElectraConfig, "Electra") if family == "electra" else (tf.BertConfig, "Bert")
        cfg = config_class(
            vocab_size=vocab_size,
            hidden_size=hidden,
            num_hidden_layers=layers,
            num_attention_heads=heads,
            intermediate_size=ff,
            max_position_embeddings=40,
            num_labels=len(labels),
            **label_maps,
            **config,
        )
    cfg._attn_implementation = "eager"  # attention probabilities are returned only by the eager path
    names = {"classify": "ForSequenceClassification", "mlm": "ForMaskedLM", "pretraining": "ForPreTraining"}
    kind = getattr(tf, prefix + names.get(head, "Model"))
    torch.manual_seed(seed)
    model = kind(cfg)
    with torch.no_grad():  # BERT's init (std 0.02, LayerNorms 1/0, biases 0) barely moves a logit: spread it
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.1)
    model.eval()
    model.save_pretrained(folder, safe_serialization=True, **(save or {}))
    if tokenizer == "json":
        tok = tf.BertTokenizer.from_pretrained(folder)
        (folder / "vocab.txt").unlink()
        tok.save_pretrained(folder)
        if not (folder / "tokenizer.json").is_file():  # transformers 4 writes vocab.txt unless asked for both
            tf.BertTokenizerFast.from_pretrained(folder).save_pretrained(folder)
    elif tokenizer == "none":
        (folder / "vocab.txt").unlink()
    return model


def hf_tokenizer(folder: Path, **kwargs: Any) -> Any:
    import transformers as tf

    # Without token_type_ids, which DistilBERT does not take (BERT then assumes zeros, as for one sentence).
    return tf.BertTokenizer.from_pretrained(folder, model_input_names=["input_ids", "attention_mask"], **kwargs)


def make_roberta(
    folder: Path,
    head: str = "classify",
    *,
    hidden: int = 32,
    layers: int = 2,
    heads: int = 4,
    ff: int = 64,
    labels: tuple[str, ...] = ("neg", "neu", "pos"),
    seed: int = 0,
) -> Any:
    """A random RoBERTa with a byte-level BPE tokenizer (tokenizer.json, as RobertaTokenizerFast saves it)."""
    import pytest

    tf = pytest.importorskip("transformers")
    from tokenizers import ByteLevelBPETokenizer

    folder.mkdir(parents=True, exist_ok=True)
    bpe = ByteLevelBPETokenizer()
    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    bpe.train_from_iterator(TEXTS * 20 + ["the food was very good and it was not bad"] * 20, vocab_size=400,
                            special_tokens=specials, show_progress=False)  # fmt: skip
    tok = tf.RobertaTokenizerFast(tokenizer_object=bpe._tokenizer, **{
        "bos_token": "<s>", "eos_token": "</s>", "sep_token": "</s>", "cls_token": "<s>", "unk_token": "<unk>",
        "pad_token": "<pad>", "mask_token": "<mask>",
    })  # fmt: skip
    tok.save_pretrained(folder)
    cfg = tf.RobertaConfig(
        vocab_size=len(tok) + 2,
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=ff,
        max_position_embeddings=42,
        type_vocab_size=1,
        pad_token_id=1,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={name: i for i, name in enumerate(labels)},
    )
    cfg._attn_implementation = "eager"
    kind = {"classify": tf.RobertaForSequenceClassification, "mlm": tf.RobertaForMaskedLM}.get(head, tf.RobertaModel)
    torch.manual_seed(seed)
    model = kind(cfg)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.1)
    model.eval()
    model.save_pretrained(folder, safe_serialization=True)
    return model, tok

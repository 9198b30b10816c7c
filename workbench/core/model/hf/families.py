"""The checkpoint families that open, and how each one's config.json and weight names map onto BertSpec and
the BERT modules. DistilBERT is BERT without token types and with a ReLU "pre-classifier" in the pooler's place;
ELECTRA is BERT with narrower embeddings projected up and a GELU head on [CLS]. So their weights are renamed onto
the same modules rather than computed by second and third implementations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from workbench.core.errors import RunError


@dataclass(frozen=True)
class Family:
    model_type: str
    architectures: tuple[str, ...]  # the first one is assumed when config.json names none
    classifier_architecture: str
    renames: tuple[tuple[str, str], ...]  # (regex, replacement) applied in order to every weight name
    keys: dict[str, str]  # BertSpec field → config.json key
    fixed: dict[str, object]  # BertSpec fields this family always has
    special: dict[str, str] | None = None  # the tokenizer's special tokens when tokenizer_config.json names none

    def rename(self, key: str) -> str:
        for pattern, replacement in self.renames:
            key = re.sub(pattern, replacement, key)
        return key


_LAYER_NORM_NAMES = ((r"LayerNorm\.gamma$", "LayerNorm.weight"), (r"LayerNorm\.beta$", "LayerNorm.bias"))

BERT = Family(
    model_type="bert",
    architectures=("BertModel", "BertForMaskedLM", "BertForSequenceClassification", "BertForPreTraining"),
    classifier_architecture="BertForSequenceClassification",
    renames=((r"^bert\.", ""), *_LAYER_NORM_NAMES),
    keys={
        "vocab_size": "vocab_size",
        "hidden_size": "hidden_size",
        "num_hidden_layers": "num_hidden_layers",
        "num_attention_heads": "num_attention_heads",
        "intermediate_size": "intermediate_size",
        "max_position_embeddings": "max_position_embeddings",
        "type_vocab_size": "type_vocab_size",
        "layer_norm_eps": "layer_norm_eps",
        "hidden_act": "hidden_act",
        "hidden_dropout_prob": "hidden_dropout_prob",
        "attention_probs_dropout_prob": "attention_probs_dropout_prob",
        "classifier_dropout": "classifier_dropout",
    },
    fixed={"pooler_act": "tanh"},
)

DISTILBERT = Family(
    model_type="distilbert",
    architectures=("DistilBertModel", "DistilBertForMaskedLM", "DistilBertForSequenceClassification"),
    classifier_architecture="DistilBertForSequenceClassification",
    renames=(
        (r"^distilbert\.", ""),
        (r"^transformer\.layer\.", "encoder.layer."),
        (r"\.attention\.q_lin\.", ".attention.self.query."),
        (r"\.attention\.k_lin\.", ".attention.self.key."),
        (r"\.attention\.v_lin\.", ".attention.self.value."),
        (r"\.attention\.out_lin\.", ".attention.output.dense."),
        (r"\.sa_layer_norm\.", ".attention.output.LayerNorm."),
        (r"\.ffn\.lin1\.", ".intermediate.dense."),
        (r"\.ffn\.lin2\.", ".output.dense."),
        (r"\.output_layer_norm\.", ".output.LayerNorm."),
        (r"^pre_classifier\.", "pooler.dense."),
        (r"^vocab_transform\.", "cls.predictions.transform.dense."),
        (r"^vocab_layer_norm\.", "cls.predictions.transform.LayerNorm."),
        (r"^vocab_projector\.bias$", "cls.predictions.bias"),
        (r"^vocab_projector\.weight$", "cls.predictions.decoder.weight"),
    ),
    keys={
        "vocab_size": "vocab_size",
        "hidden_size": "dim",
        "num_hidden_layers": "n_layers",
        "num_attention_heads": "n_heads",
        "intermediate_size": "hidden_dim",
        "max_position_embeddings": "max_position_embeddings",
        "hidden_act": "activation",
        "hidden_dropout_prob": "dropout",
        "attention_probs_dropout_prob": "attention_dropout",
        "classifier_dropout": "seq_classif_dropout",
    },
    fixed={"type_vocab_size": 0, "layer_norm_eps": 1e-12, "pooler_act": "relu"},
)

ELECTRA = Family(
    model_type="electra",
    # ElectraForPreTraining is the published discriminator: its replaced-token head is left out, the encoder opens.
    architectures=("ElectraModel", "ElectraForPreTraining", "ElectraForMaskedLM", "ElectraForSequenceClassification"),
    classifier_architecture="ElectraForSequenceClassification",
    renames=(
        (r"^electra\.", ""),
        (r"^classifier\.dense\.", "pooler.dense."),
        (r"^classifier\.out_proj\.", "classifier."),
        (r"^generator_predictions\.dense\.", "cls.predictions.transform.dense."),
        (r"^generator_predictions\.LayerNorm\.", "cls.predictions.transform.LayerNorm."),
        (r"^generator_lm_head\.weight$", "cls.predictions.decoder.weight"),
        (r"^generator_lm_head\.bias$", "cls.predictions.bias"),
    ),
    keys={**BERT.keys, "embedding_size": "embedding_size"},
    fixed={"pooler_act": "gelu"},
)

ROBERTA = Family(
    model_type="roberta",
    architectures=("RobertaModel", "RobertaForMaskedLM", "RobertaForSequenceClassification"),
    classifier_architecture="RobertaForSequenceClassification",
    renames=(
        (r"^roberta\.", ""),
        # The classification head: dense + tanh on <s>, then out_proj, which is BERT's pooler and classifier.
        (r"^classifier\.dense\.", "pooler.dense."),
        (r"^classifier\.out_proj\.", "classifier."),
        (r"^lm_head\.dense\.", "cls.predictions.transform.dense."),
        (r"^lm_head\.layer_norm\.", "cls.predictions.transform.LayerNorm."),
        (r"^lm_head\.decoder\.weight$", "cls.predictions.decoder.weight"),
        (r"^lm_head\.decoder\.bias$", "cls.predictions.decoder.bias"),
        (r"^lm_head\.bias$", "cls.predictions.bias"),
    ),
    keys={**BERT.keys, "pad_token_id": "pad_token_id"},
    fixed={"pooler_act": "tanh"},
    special={"pad": "<pad>", "unk": "<unk>", "cls": "<s>", "sep": "</s>", "mask": "<mask>"},
)

FAMILIES = {f.model_type: f for f in (BERT, DISTILBERT, ELECTRA, ROBERTA)}
OPENS = "; ".join(f"{f.model_type}: {', '.join(f.architectures)}" for f in FAMILIES.values())


def family_of(config: dict[str, Any], where: str) -> tuple[Family, str]:
    """The family and architecture config.json names; RunError naming it (and what opens) if it does not open."""
    model_type = config.get("model_type")
    archs = config.get("architectures") or []
    arch = archs[0] if isinstance(archs, list) and archs and isinstance(archs[0], str) else None
    if model_type is None and arch is None:
        raise RunError(f"{where} names no model_type or architecture; it is not a model config.")
    family = FAMILIES.get(str(model_type))
    if family is None and model_type is None:  # older files name only the architecture
        family = next((f for f in FAMILIES.values() if arch in f.architectures), None)
    if family is None or (arch is not None and arch not in family.architectures):
        raise RunError(f"{where} is a {arch or model_type} model, which does not open here; what opens: {OPENS}.")
    return family, arch or family.architectures[0]

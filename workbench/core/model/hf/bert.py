"""BERT on plain torch, computing exactly what Hugging Face's BertModel computes, with the workbench's interface.

Modules carry Hugging Face's names (embeddings.word_embeddings, encoder.layer.N.attention.self.query, ...), so
a checkpoint's state dict loads as it is (after the "bert." prefix is taken off). The computation is the
original's: learned positions and token types added to the tokens, an embedding LayerNorm, post-norm blocks,
exact GELU (or the checkpoint's hidden_act), the tanh pooler on [CLS] for classification, and the masked-LM head
(transform → LayerNorm → decoder tied to the token embeddings unless the config unties them).

The interface is EncoderModel's (see workbench.core.model.protocol): encode / classify / mlm_logits with an
explicit fp32 attention path that returns every head's probabilities, head_mask, `tok_emb` for saliency, and
`cfg` (a ModelConfig describing the shape), so the inspector, saliency, fill-in and evaluation run unchanged.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from workbench.core.config import ModelConfig, Pooling, Positional
from workbench.core.model.attention import attend
from workbench.core.model.dropout import Dropout
from workbench.core.model.hf.info import CheckpointInfo

ACTIVATIONS: dict[str, Callable[[Tensor], Tensor]] = {
    "gelu": F.gelu,  # exact (erf) GELU, BERT's own
    "gelu_new": lambda x: F.gelu(x, approximate="tanh"),
    "gelu_pytorch_tanh": lambda x: F.gelu(x, approximate="tanh"),
    "relu": F.relu,
}


POOLER_ACTIVATIONS: dict[str, Callable[[Tensor], Tensor]] = {"tanh": torch.tanh, "relu": F.relu, "gelu": F.gelu}


@dataclass
class BertSpec:
    """The parts of a Hugging Face BertConfig (config.json) that shape the computation."""

    vocab_size: int
    hidden_size: int
    num_hidden_layers: int
    num_attention_heads: int
    intermediate_size: int
    max_position_embeddings: int = 512
    type_vocab_size: int = 2
    layer_norm_eps: float = 1e-12
    hidden_act: str = "gelu"
    hidden_dropout_prob: float = 0.1
    attention_probs_dropout_prob: float = 0.1
    classifier_dropout: float | None = None
    pooler_act: str = "tanh"  # BERT's pooler; DistilBERT's pre-classifier uses ReLU, ELECTRA's head GELU
    embedding_size: int | None = None  # ELECTRA: embeddings narrower than the hidden size, projected up
    # RoBERTa numbers positions from pad_token_id + 1 (position_offset), and gives [PAD] tokens position pad_token_id.
    position_offset: int = 0
    pad_token_id: int = 0
    tie_word_embeddings: bool = True
    num_labels: int = 0  # 0: no sequence-classification head
    has_pooler: bool = True
    has_mlm: bool = False
    labels: list[str] = field(default_factory=list)

    @property
    def embedding_dim(self) -> int:
        return self.embedding_size or self.hidden_size

    def model_config(self) -> ModelConfig:
        """The workbench's description of this shape (what pages and the CLI show: sizes, heads, max_len)."""
        return ModelConfig(
            vocab_size=self.vocab_size,
            d_model=self.hidden_size,
            n_heads=self.num_attention_heads,
            n_layers=self.num_hidden_layers,
            d_ff=self.intermediate_size,
            max_len=self.max_position_embeddings - self.position_offset,
            dropout=self.hidden_dropout_prob,
            positional=Positional.LEARNED,
            n_classes=self.num_labels,
            pooling=Pooling.CLS,
        )


class _Linear(nn.Linear):
    """nn.Linear without its random init: every weight is assigned from the checkpoint (or by _bert_init), and
    skipping the init (110 M numbers for a base model) is most of what makes opening fast."""

    def reset_parameters(self) -> None:
        pass


class _Embedding(nn.Embedding):
    def reset_parameters(self) -> None:
        pass


class BertEmbeddings(nn.Module):
    def __init__(self, spec: BertSpec) -> None:
        super().__init__()
        dim = spec.embedding_dim
        self.word_embeddings = _Embedding(spec.vocab_size, dim)
        self.position_embeddings = _Embedding(spec.max_position_embeddings, dim)
        # DistilBERT has no token types (type_vocab_size 0).
        self.token_type_embeddings = _Embedding(spec.type_vocab_size, dim) if spec.type_vocab_size else None
        self.LayerNorm = nn.LayerNorm(dim, eps=spec.layer_norm_eps)
        self.dropout = Dropout(spec.hidden_dropout_prob)
        self.position_offset, self.pad_token_id = spec.position_offset, spec.pad_token_id

    def forward(self, ids: Tensor) -> Tensor:
        T = ids.shape[1]
        if self.position_offset:  # RoBERTa: real tokens count from pad_token_id + 1, [PAD] sits at pad_token_id
            real = (ids != self.pad_token_id).long()
            positions = torch.cumsum(real, dim=1) * real + self.pad_token_id
            x = self.word_embeddings(ids) + self.position_embeddings(positions)
        else:
            x = self.word_embeddings(ids) + self.position_embeddings.weight[:T]
        # One sentence, so every token has type 0, as Hugging Face assumes when no token_type_ids are given.
        if self.token_type_embeddings is not None:
            x = x + self.token_type_embeddings.weight[0]
        out: Tensor = self.dropout(self.LayerNorm(x))
        return out


class BertSelfAttention(nn.Module):
    def __init__(self, spec: BertSpec) -> None:
        super().__init__()
        self.n_heads = spec.num_attention_heads
        self.head_dim = spec.hidden_size // spec.num_attention_heads
        self.query = _Linear(spec.hidden_size, spec.hidden_size)
        self.key = _Linear(spec.hidden_size, spec.hidden_size)
        self.value = _Linear(spec.hidden_size, spec.hidden_size)
        self.dropout_p = spec.attention_probs_dropout_prob

    def forward(
        self, x: Tensor, key_ok: Tensor | None, head_keep: Tensor | None, need_attention: bool
    ) -> tuple[Tensor, Tensor | None]:
        B, T, D = x.shape
        H, dh = self.n_heads, self.head_dim
        q, k, v = (lin(x).view(B, T, H, dh).transpose(1, 2) for lin in (self.query, self.key, self.value))
        y, probs = attend(q, k, v, key_ok, self.dropout_p if self.training else 0.0, need_attention)
        if head_keep is not None:  # Hugging Face's head_mask: a muted head contributes nothing
            y = y * head_keep.to(y.dtype).view(1, H, 1, 1)
        return y.transpose(1, 2).reshape(B, T, D), probs


class BertSelfOutput(nn.Module):
    def __init__(self, spec: BertSpec) -> None:
        super().__init__()
        self.dense = _Linear(spec.hidden_size, spec.hidden_size)
        self.LayerNorm = nn.LayerNorm(spec.hidden_size, eps=spec.layer_norm_eps)
        self.dropout = Dropout(spec.hidden_dropout_prob)

    def forward(self, y: Tensor, residual: Tensor) -> Tensor:
        out: Tensor = self.LayerNorm(self.dropout(self.dense(y)) + residual)
        return out


class BertAttention(nn.Module):
    def __init__(self, spec: BertSpec) -> None:
        super().__init__()
        self.self = BertSelfAttention(spec)
        self.output = BertSelfOutput(spec)


class BertIntermediate(nn.Module):
    def __init__(self, spec: BertSpec) -> None:
        super().__init__()
        self.dense = _Linear(spec.hidden_size, spec.intermediate_size)
        self.act = ACTIVATIONS[spec.hidden_act]

    def forward(self, x: Tensor) -> Tensor:
        return self.act(self.dense(x))


class BertOutput(nn.Module):
    def __init__(self, spec: BertSpec) -> None:
        super().__init__()
        self.dense = _Linear(spec.intermediate_size, spec.hidden_size)
        self.LayerNorm = nn.LayerNorm(spec.hidden_size, eps=spec.layer_norm_eps)
        self.dropout = Dropout(spec.hidden_dropout_prob)

    def forward(self, h: Tensor, residual: Tensor) -> Tensor:
        out: Tensor = self.LayerNorm(self.dropout(self.dense(h)) + residual)
        return out


class BertLayer(nn.Module):
    """Post-norm: x = LN(x + attn(x)), then x = LN(x + ffn(x))."""

    def __init__(self, spec: BertSpec) -> None:
        super().__init__()
        self.attention = BertAttention(spec)
        self.intermediate = BertIntermediate(spec)
        self.output = BertOutput(spec)

    def forward(
        self, x: Tensor, key_ok: Tensor | None, head_keep: Tensor | None, need_attention: bool
    ) -> tuple[Tensor, Tensor | None]:
        y, probs = self.attention.self(x, key_ok, head_keep, need_attention)
        x = self.attention.output(y, x)
        return self.output(self.intermediate(x), x), probs


class BertEncoder(nn.Module):
    def __init__(self, spec: BertSpec) -> None:
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(spec) for _ in range(spec.num_hidden_layers)])


class BertPooler(nn.Module):
    def __init__(self, spec: BertSpec) -> None:
        super().__init__()
        self.dense = _Linear(spec.hidden_size, spec.hidden_size)
        self.act = POOLER_ACTIVATIONS[spec.pooler_act]

    def forward(self, h: Tensor) -> Tensor:
        return self.act(self.dense(h[:, 0]))


class BertPredictionHeadTransform(nn.Module):
    def __init__(self, spec: BertSpec) -> None:
        super().__init__()
        self.dense = _Linear(spec.hidden_size, spec.embedding_dim)  # ELECTRA's generator maps back down
        self.act = ACTIVATIONS[spec.hidden_act]
        self.LayerNorm = nn.LayerNorm(spec.embedding_dim, eps=spec.layer_norm_eps)

    def forward(self, h: Tensor) -> Tensor:
        out: Tensor = self.LayerNorm(self.act(self.dense(h)))
        return out


class BertLMPredictionHead(nn.Module):
    def __init__(self, spec: BertSpec) -> None:
        super().__init__()
        self.transform = BertPredictionHeadTransform(spec)
        self.bias = nn.Parameter(torch.zeros(spec.vocab_size))
        # Tied (the default): the decoder is the token embedding matrix itself, read in BertWorkbenchModel, so the
        # state dict has no second copy. Untied checkpoints carry their own decoder weight.
        self.decoder = None if spec.tie_word_embeddings else _Linear(spec.embedding_dim, spec.vocab_size, bias=False)


class BertOnlyMLMHead(nn.Module):
    def __init__(self, spec: BertSpec) -> None:
        super().__init__()
        self.predictions = BertLMPredictionHead(spec)


class BertWorkbenchModel(nn.Module):
    """BERT encoder (+ pooler, classifier, masked-LM head as the checkpoint has them), EncoderModel's interface."""

    def __init__(self, spec: BertSpec) -> None:
        super().__init__()
        self.spec = spec
        self.cfg = spec.model_config()
        self.embeddings = BertEmbeddings(spec)
        self.embeddings_project = (
            _Linear(spec.embedding_dim, spec.hidden_size) if spec.embedding_dim != spec.hidden_size else None
        )
        self.encoder = BertEncoder(spec)
        self.pooler = BertPooler(spec) if spec.has_pooler else None
        self.classifier: nn.Linear | None = None
        if spec.num_labels:
            drop = spec.classifier_dropout if spec.classifier_dropout is not None else spec.hidden_dropout_prob
            self.cls_drop = Dropout(drop)
            self.classifier = _Linear(spec.hidden_size, spec.num_labels)
        self.cls = BertOnlyMLMHead(spec) if spec.has_mlm else None
        self.info: CheckpointInfo | None = None  # what it is, filled in by open_checkpoint

    @property
    def tok_emb(self) -> nn.Embedding:
        """The token embeddings, where saliency reads and replaces each token's vector."""
        return self.embeddings.word_embeddings

    # ---------------------------------------------------------------- encoder
    def encode(
        self,
        ids: Tensor,
        pad_mask: Tensor,
        *,
        need_attention: bool = False,
        head_mask: Tensor | None = None,
    ) -> tuple[Tensor, Tensor | None]:
        """ids [B,T], pad_mask [B,T] bool (True = real token) → last hidden states [B,T,D], and with
        need_attention the attention probabilities [L,B,H,T,T] (float32), else None."""
        states, attn = self._run(ids, pad_mask, head_mask, need_attention, keep_states=False)
        return states[-1], attn

    def layer_states(self, ids: Tensor, pad_mask: Tensor) -> list[Tensor]:
        """The states after the embeddings and after each layer (L+1 tensors [B,T,D]), Hugging Face's
        hidden_states; classify_states / mlm_states read any of them as the final one is read."""
        states, _ = self._run(ids, pad_mask, None, False, keep_states=True)
        return states

    def _run(
        self, ids: Tensor, pad_mask: Tensor, head_mask: Tensor | None, need_attention: bool, keep_states: bool
    ) -> tuple[list[Tensor], Tensor | None]:
        length = ids.shape[1]
        if length > self.cfg.max_len:
            raise ValueError(f"sequence length {length} exceeds max_len {self.cfg.max_len}")
        if head_mask is not None and tuple(head_mask.shape) != (self.cfg.n_layers, self.cfg.n_heads):
            raise ValueError(f"head_mask must have shape [{self.cfg.n_layers}, {self.cfg.n_heads}]")
        key_ok = None
        if not bool(pad_mask.all()):
            ok = pad_mask | ~pad_mask.any(dim=1, keepdim=True)  # a row of only [PAD] attends everywhere, no NaN
            key_ok = ok[:, None, None, :]
        # Inspection is always fp32, whatever autocast context the caller is in.
        with torch.autocast(ids.device.type, enabled=False) if need_attention else contextlib.nullcontext():
            x = self.embeddings(ids)
            if self.embeddings_project is not None:
                x = self.embeddings_project(x)
            states, maps = [x], []
            for i, layer in enumerate(self.encoder.layer):
                x, probs = layer(x, key_ok, None if head_mask is None else head_mask[i], need_attention)
                states = [*states, x] if keep_states else [x]
                if probs is not None:
                    maps.append(probs)
        return states, (torch.stack(maps).float() if need_attention else None)

    # ---------------------------------------------------------------- heads
    def classify_states(self, h: Tensor, pad_mask: Tensor | None = None) -> Tensor:
        """Logits [B, n_classes] from states h [B,T,D]: the pooler on [CLS], then the classifier."""
        if self.classifier is None or self.pooler is None:
            raise ValueError("this model has no classifier head")
        logits: Tensor = self.classifier(self.cls_drop(self.pooler(h)))
        return logits

    def classify(
        self,
        ids: Tensor,
        pad_mask: Tensor,
        *,
        need_attention: bool = False,
        head_mask: Tensor | None = None,
    ) -> tuple[Tensor, Tensor | None]:
        h, attn = self.encode(ids, pad_mask, need_attention=need_attention, head_mask=head_mask)
        return self.classify_states(h, pad_mask), attn

    def replace_classifier(self, n_classes: int) -> None:
        """A fresh classifier with n_classes outputs (BERT's init: N(0, 0.02), zero bias), e.g. to fine-tune."""
        if n_classes < 2:
            raise ValueError("a classifier needs at least two classes")
        ref = self.tok_emb.weight
        if self.pooler is None:  # a masked-LM checkpoint keeps no pooler: start one as BERT would
            self.pooler = BertPooler(self.spec).to(device=ref.device, dtype=ref.dtype)
            _bert_init(self.pooler)
        head = nn.Linear(self.spec.hidden_size, n_classes)
        _bert_init(head)
        self.classifier = head.to(device=ref.device, dtype=ref.dtype)
        drop = self.spec.classifier_dropout
        self.cls_drop = Dropout(drop if drop is not None else self.spec.hidden_dropout_prob)
        self.cfg.n_classes = n_classes
        self.spec = dataclasses.replace(self.spec, num_labels=n_classes, has_pooler=True, labels=[])

    def forward(self, ids: Tensor, pad_mask: Tensor, positions: Tensor | None = None) -> Tensor:
        """The training forward pass (fine-tuning): the classifier's logits."""
        if positions is not None:
            raise ValueError("masked-LM training of a checkpoint is not supported; fine-tune a classifier")
        return self.classify(ids, pad_mask)[0]

    def reorder_classes(self, order: list[int]) -> None:
        """Keep the classifier but renumber its classes: new class i is the checkpoint's class order[i]."""
        assert self.classifier is not None
        index = torch.tensor(order, dtype=torch.long)
        with torch.no_grad():
            self.classifier.weight.copy_(self.classifier.weight[index].clone())
            self.classifier.bias.copy_(self.classifier.bias[index].clone())


class BertWithMaskedLM(BertWorkbenchModel):
    """A BERT checkpoint with its masked-LM head (BertForMaskedLM, BertForPreTraining): fill-in works on it."""

    @property
    def mlm_ln(self) -> nn.LayerNorm:  # read by fill_in.mlm_head_trained
        assert self.cls is not None
        return self.cls.predictions.transform.LayerNorm

    @property
    def mlm_bias(self) -> nn.Parameter:
        assert self.cls is not None
        return self.cls.predictions.bias

    def mlm_states(self, h: Tensor) -> Tensor:
        """Vocabulary logits for states h [..., D]."""
        assert self.cls is not None
        head = self.cls.predictions
        weight = self.tok_emb.weight if head.decoder is None else head.decoder.weight
        return F.linear(head.transform(h), weight, head.bias)

    def mlm_logits(self, ids: Tensor, pad_mask: Tensor, positions: Tensor | None = None) -> Tensor:
        """Masked-LM logits: [n_masked, V] for the True cells of positions (bool [B,T]), else [B,T,V]."""
        h, _ = self.encode(ids, pad_mask)
        return self.mlm_states(h[positions] if positions is not None else h)


def _bert_init(module: nn.Module) -> None:
    for m in module.modules():
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, std=0.02)
            nn.init.zeros_(m.bias)


def build(spec: BertSpec) -> BertWorkbenchModel:
    """The model for spec with uninitialised parameters: assign the checkpoint's weights (load_state_dict with
    assign=True). Not the meta device: its first use imports sympy, which took longer than the whole open."""
    return (BertWithMaskedLM if spec.has_mlm else BertWorkbenchModel)(spec)

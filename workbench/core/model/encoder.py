"""A small pre-norm Transformer encoder (BERT-like heads), in the spirit of nanoGPT's model.py.

Attention (attention.attend) takes two paths with the same weights:
- the fast path (evaluation; training off the CPU) calls scaled_dot_product_attention;
- the explicit path computes softmax(QK^T/sqrt(dh) + mask) in fp32: for inspection (need_attention=True), which
  returns every layer's and head's attention probabilities; training on the CPU takes the same path, there every
  step in the autocast dtype and with its own dropout.
Each block's fused qkv and output projection are laid out exactly like torch.nn.MultiheadAttention's
in_proj_weight/in_proj_bias and out_proj, so weights can be checked against (or moved into) it.
Positions: fixed sinusoids or learned vectors added to the tokens, or ALiBi (Press et al., 2022; no vectors,
each head's scores get -slope * distance, so nearby tokens are attended from the first step).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any, cast

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from workbench.core.config import ModelConfig, Pooling
from workbench.core.model.attention import attend
from workbench.core.model.dropout import Dropout


class SelfAttention(nn.Module):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.n_heads = cfg.n_heads
        self.head_dim = cfg.d_model // cfg.n_heads
        self.dropout = cfg.dropout
        self.qkv = nn.Linear(cfg.d_model, 3 * cfg.d_model)  # rows: q, k, v; heads contiguous inside each
        self.proj = nn.Linear(cfg.d_model, cfg.d_model)

    def forward(
        self, x: Tensor, attn_mask: Tensor | None, head_keep: Tensor | None, need_attention: bool
    ) -> tuple[Tensor, Tensor | None]:
        """attn_mask: bool [B,1,1,T] (True = may be attended), a float bias added to the scores ([B or 1,H,T,T],
        -inf = never attended), or None; head_keep: [H] (1 keep, 0 mute)."""
        B, T, D = x.shape
        H, dh = self.n_heads, self.head_dim
        q, k, v = self.qkv(x).view(B, T, 3, H, dh).unbind(2)  # views, no copies
        q, k, v = q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)  # [B,H,T,dh]
        y, probs = attend(q, k, v, attn_mask, self.dropout if self.training else 0.0, need_attention)
        if head_keep is not None:
            y = y * head_keep.to(y.dtype).view(1, H, 1, 1)  # zero muted heads' slices before out projection
        y = y.transpose(1, 2).reshape(B, T, D)
        return self.proj(y), probs


class Block(nn.Module):
    """Pre-norm block: x + drop(attn(ln1(x))), then x + drop(ffn(ln2(x)))."""

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        self.ln1 = nn.LayerNorm(cfg.d_model)
        self.attn = SelfAttention(cfg)
        self.ln2 = nn.LayerNorm(cfg.d_model)
        self.ff1 = nn.Linear(cfg.d_model, cfg.d_ff)
        self.ff2 = nn.Linear(cfg.d_ff, cfg.d_model)
        self.drop = Dropout(cfg.dropout)

    def forward(
        self, x: Tensor, attn_mask: Tensor | None, head_keep: Tensor | None, need_attention: bool
    ) -> tuple[Tensor, Tensor | None]:
        a, probs = self.attn(self.ln1(x), attn_mask, head_keep, need_attention)
        x = x + self.drop(a)
        x = x + self.drop(self.ff2(F.gelu(self.ff1(self.ln2(x)))))
        return x, probs


def sinusoidal_table(max_len: int, d_model: int) -> Tensor:
    """The fixed sin/cos position table of 'Attention Is All You Need', [max_len, d_model]."""
    pos = torch.arange(max_len, dtype=torch.float32).unsqueeze(1)
    freq = torch.exp(torch.arange(0, d_model, 2, dtype=torch.float32) * (-math.log(10000.0) / d_model))
    table = torch.zeros(max_len, d_model)
    table[:, 0::2] = torch.sin(pos * freq)
    table[:, 1::2] = torch.cos(pos * freq[: d_model // 2])
    return table


def alibi_slopes(n_heads: int, rule: str = "paper") -> Tensor:
    """ALiBi's per-head slopes (Press et al., 2022), from a sharp local head to a broad one.

    "paper": for H a power of two, 2^(-8h/H), h = 1..H; otherwise the slopes of the closest power of two below,
    then every other slope of the next power of two (the reference implementation's get_slopes).
    "geometric": 2^(-8h/H) for every H, which runs saved before the rule was recorded used (same for 2, 4, 8...).
    """
    if rule == "geometric" or n_heads & (n_heads - 1) == 0:
        return torch.tensor([2.0 ** (-8.0 * (h + 1) / n_heads) for h in range(n_heads)])
    below = 1 << (n_heads.bit_length() - 1)
    extra = alibi_slopes(2 * below, rule)[0::2][: n_heads - below]
    return torch.cat([alibi_slopes(below, rule), extra])


def alibi_bias(n_heads: int, length: int, device: torch.device | None = None, rule: str = "paper") -> Tensor:
    """The symmetric (encoder) ALiBi bias -slope_h * |i - j|, [1, H, T, T]: nearer tokens get more attention."""
    pos = torch.arange(length, device=device, dtype=torch.float32)
    distance = (pos[None, :] - pos[:, None]).abs()
    return -(alibi_slopes(n_heads, rule).to(device).view(n_heads, 1, 1) * distance).unsqueeze(0)


def _stream_dtype(x: Tensor, need_attention: bool) -> Tensor:
    """The residual stream as the blocks carry it: bf16 under bf16 autocast on the CPU (as Megatron-LM keeps it by
    default), else float32. In bf16 LayerNorm still computes in float32 but reads and writes half the bytes, the
    matmuls get their bf16 inputs without a cast, and the adds and dropouts move half the memory; inspection
    (need_attention) stays float32 throughout."""
    if need_attention or x.device.type != "cpu" or not torch.is_autocast_enabled("cpu"):
        return x
    return x.to(torch.bfloat16) if torch.get_autocast_dtype("cpu") == torch.bfloat16 else x


def _key_mask(pad_mask: Tensor) -> Tensor:
    """[B,1,1,T] bool, True on keys that may be attended: the real tokens. A row without any real token (should
    not happen: [CLS] is real) may attend everywhere instead of producing NaN. Padded query rows attend over the
    real keys, so they stay valid."""
    ok = pad_mask | ~pad_mask.any(dim=1, keepdim=True)
    return ok[:, None, None, :]


class EncoderModel(nn.Module):
    """Token embedding + positions → N pre-norm blocks → final LayerNorm; classifier (mean or [CLS]) and MLM heads."""

    pos_table: Tensor | None  # a buffer: the sinusoidal table, or None

    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        cfg.validate()
        self.cfg = cfg
        d = cfg.d_model
        self.tok_emb = nn.Embedding(cfg.vocab_size, d)
        self.pos_emb: nn.Embedding | None = None
        table = None
        positional = cfg.positional_kind
        if positional.learned:
            self.pos_emb = nn.Embedding(cfg.max_len, d)
        elif positional.sinusoidal:
            table = sinusoidal_table(cfg.max_len, d)
        # ALiBi alone has no position vectors: a distance penalty inside attention (see alibi_bias) instead;
        # sinusoidal+alibi keeps the classic position vectors and adds the same penalty.
        # A buffer, not a parameter; not persistent, since it is rebuilt from the config.
        self.register_buffer("pos_table", table, persistent=False)
        self.emb_drop = Dropout(cfg.dropout)
        self.blocks = nn.ModuleList([Block(cfg) for _ in range(cfg.n_layers)])
        self.ln_f = nn.LayerNorm(d)
        # Masked-LM head (BERT): dense → GELU → LayerNorm → decoder tied to tok_emb.weight (+ own bias).
        # The decoder uses tok_emb.weight directly rather than a second Parameter pointing at the same
        # storage, so the state dict has no shared tensors (safetensors refuses those).
        self.mlm_dense = nn.Linear(d, d)
        self.mlm_ln = nn.LayerNorm(d)
        self.mlm_bias = nn.Parameter(torch.zeros(cfg.vocab_size))
        self.cls_drop = Dropout(cfg.dropout)
        self.classifier = nn.Linear(d, cfg.n_classes) if cfg.n_classes > 0 else None
        self.apply(self._init_weights)
        # Vaswani et al.: token embeddings ~ N(0, 1/d_model), times sqrt(d_model) on input, so tokens start at the
        # scale of the sinusoidal positions (amplitude 1). With std 0.02 the positions drowned the tokens, and
        # masked-LM pre-training sat near the unigram baseline for hundreds of steps.
        with torch.no_grad():  # rescaled, not redrawn: the random stream (and seeded models) stay as they were
            self.tok_emb.weight.mul_(d**-0.5 / 0.02)
        # nanoGPT: scale the residual projections by 1/sqrt(2 * n_layers) so the residual stream
        # does not grow with depth at init.
        for block in cast(list[Block], self.blocks):
            for lin in (block.attn.proj, block.ff2):
                nn.init.normal_(lin.weight, mean=0.0, std=0.02 / math.sqrt(2 * cfg.n_layers))

    @staticmethod
    def _init_weights(module: nn.Module) -> None:
        if isinstance(module, (nn.Linear, nn.Embedding)):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            bias = getattr(module, "bias", None)
            if bias is not None:
                nn.init.zeros_(bias)

    # ---------------------------------------------------------------- encoder
    def encode(
        self,
        ids: Tensor,
        pad_mask: Tensor,
        *,
        need_attention: bool = False,
        head_mask: Tensor | None = None,
    ) -> tuple[Tensor, Tensor | None]:
        """ids [B,T] int64, pad_mask [B,T] bool (True = real token) → hidden [B,T,D] after the final norm,
        and with need_attention the attention probabilities [L,B,H,T,T] (float32), else None."""
        seq_len = ids.shape[1]
        if seq_len > self.cfg.max_len:
            raise ValueError(f"sequence length {seq_len} exceeds max_len {self.cfg.max_len}")
        if head_mask is not None and tuple(head_mask.shape) != (self.cfg.n_layers, self.cfg.n_heads):
            raise ValueError(f"head_mask must have shape [{self.cfg.n_layers}, {self.cfg.n_heads}]")
        key_ok = None if bool(pad_mask.all()) else _key_mask(pad_mask)
        if not need_attention:
            return self._encode(ids, key_ok, head_mask, False)
        # Inspection is always fp32, whatever autocast context the caller is in.
        with torch.autocast(ids.device.type, enabled=False):
            return self._encode(ids, key_ok, head_mask, True)

    def encode_for_export(self, ids: Tensor, pad_mask: Tensor) -> tuple[Tensor, Tensor]:
        """encode(need_attention=True) without branches on the data or the autocast switch, so a graph exporter
        (ONNX) records one graph for every batch: the key mask is always applied (a no-op without padding)."""
        hidden, attention = self._encode(ids, _key_mask(pad_mask), None, True)
        assert attention is not None
        return hidden, attention

    def _encode(
        self,
        ids: Tensor,
        key_ok: Tensor | None,
        head_mask: Tensor | None,
        need_attention: bool,
        states: list[Tensor] | None = None,
    ) -> tuple[Tensor, Tensor | None]:
        T = ids.shape[1]
        x = self.tok_emb(ids) * math.sqrt(self.cfg.d_model)  # as in Vaswani et al., keeps tokens ~ positions
        if self.pos_emb is not None:
            x = x + self.pos_emb.weight[:T]
        elif self.pos_table is not None:
            x = x + self.pos_table[:T]
        attn_mask: Tensor | None = key_ok
        if self.cfg.positional_kind.uses_alibi:
            attn_mask = alibi_bias(self.cfg.n_heads, T, ids.device, self.cfg.alibi_slopes)
            if key_ok is not None:
                attn_mask = attn_mask.masked_fill(~key_ok, float("-inf"))
        x = self.emb_drop(x)
        dtype, x = x.dtype, _stream_dtype(x, need_attention)
        maps = []
        if states is not None:
            states.append(x)
        for i, block in enumerate(self.blocks):
            x, probs = block(x, attn_mask, None if head_mask is None else head_mask[i], need_attention)
            if probs is not None:
                maps.append(probs)
            if states is not None:
                states.append(x)
        x = self.ln_f(x.to(dtype))  # the heads read the final norm in the embeddings' dtype
        return x, (torch.stack(maps).float() if need_attention else None)

    def forward(self, ids: Tensor, pad_mask: Tensor, positions: Tensor | None = None) -> Tensor:
        """The training forward pass (what DistributedDataParallel wraps): masked-LM logits at `positions` when
        given, else the classifier's logits."""
        if positions is not None:
            return self.mlm_logits(ids, pad_mask, positions)
        return self.classify(ids, pad_mask)[0]

    def layer_states(self, ids: Tensor, pad_mask: Tensor) -> list[Tensor]:
        """The residual stream after the embeddings and after each block (L+1 tensors [B,T,D], before the final
        norm); classify_states / mlm_states read any of them as the last one is read (the classifier lens)."""
        states: list[Tensor] = []
        key_ok = None if bool(pad_mask.all()) else (pad_mask | ~pad_mask.any(dim=1, keepdim=True))[:, None, None, :]
        self._encode(ids, key_ok, None, False, states)
        return states

    def classify_states(self, h: Tensor, pad_mask: Tensor) -> Tensor:
        """Logits [B, n_classes] from residual states h [B,T,D]: final norm, pooling, classifier."""
        if self.classifier is None:
            raise ValueError("this model has no classifier head (n_classes is 0)")
        return self._classify_final(self.ln_f(h), pad_mask)

    def mlm_states(self, h: Tensor) -> Tensor:
        """Vocabulary logits for residual states h [..., D]: final norm, then the masked-LM head."""
        return F.linear(self.mlm_ln(F.gelu(self.mlm_dense(self.ln_f(h)))), self.tok_emb.weight, self.mlm_bias)

    # ---------------------------------------------------------------- heads
    def classify(
        self,
        ids: Tensor,
        pad_mask: Tensor,
        *,
        need_attention: bool = False,
        head_mask: Tensor | None = None,
    ) -> tuple[Tensor, Tensor | None]:
        """Logits [B, n_classes] from the pooled final states (cfg.pooling: mean of the real tokens, or the
        [CLS] position 0), plus attention as in encode."""
        if self.classifier is None:
            raise ValueError("this model has no classifier head (n_classes is 0)")
        h, attn = self.encode(ids, pad_mask, need_attention=need_attention, head_mask=head_mask)
        return self._classify_final(h, pad_mask), attn

    def pool(self, h: Tensor, pad_mask: Tensor) -> Tensor:
        """What the classifier reads from the final states [B,T,D]: [CLS] (position 0) or the mean of real tokens."""
        if self.cfg.pooling_kind is Pooling.CLS:
            return h[:, 0]
        # [PAD] rows are left out, so padding a text does not change its logits
        weights = pad_mask.to(h.dtype).unsqueeze(-1)
        return (h * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1.0)

    def _classify_final(self, h: Tensor, pad_mask: Tensor) -> Tensor:
        assert self.classifier is not None
        logits: Tensor = self.classifier(self.cls_drop(self.pool(h, pad_mask)))
        return logits

    def mlm_logits(self, ids: Tensor, pad_mask: Tensor, positions: Tensor | None = None) -> Tensor:
        """Masked-LM logits: [n_masked, V] for the True cells of positions (bool [B,T]), else [B,T,V]."""
        h, _ = self.encode(ids, pad_mask)
        if positions is not None:
            h = h[positions]  # only the masked rows reach the (large) vocabulary projection
        return self.mlm_head(h)

    def mlm_head(self, h: Tensor) -> Tensor:
        """Final states [..., D] → vocabulary logits [..., V] (dense, GELU, LayerNorm, tied decoder)."""
        h = self.mlm_ln(F.gelu(self.mlm_dense(h)))
        return F.linear(h, self.tok_emb.weight, self.mlm_bias)

    def replace_classifier(self, n_classes: int) -> None:
        """Put a freshly initialised classifier with n_classes outputs (0 removes it), e.g. to fine-tune."""
        if n_classes < 0 or n_classes == 1:
            raise ValueError("a classifier needs at least two classes (or 0 for none)")
        ref = self.ln_f.weight
        self.classifier = None
        if n_classes > 0:
            head = nn.Linear(self.cfg.d_model, n_classes)
            self._init_weights(head)
            self.classifier = head.to(device=ref.device, dtype=ref.dtype)
        self.cfg = dataclasses.replace(self.cfg, n_classes=n_classes)


def param_groups(model: nn.Module, weight_decay: float) -> list[dict[str, Any]]:
    """AdamW groups, nanoGPT-style: decay every >=2-D tensor (matmuls, embeddings), not biases or norms.

    named_parameters() drops duplicates, so a tied weight is listed once. Frozen parameters are left out.
    """
    params = [p for _, p in model.named_parameters() if p.requires_grad]
    decay = [p for p in params if p.dim() >= 2]
    no_decay = [p for p in params if p.dim() < 2]
    groups = [
        {"params": decay, "weight_decay": weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    return [g for g in groups if g["params"]]

"""Size estimates for a ModelConfig, by arithmetic only (no torch): parameters, FLOPs and training memory.

param_count mirrors workbench.core.model.encoder.EncoderModel exactly; a test checks it against sum(p.numel()).
"""

from __future__ import annotations

from workbench.core.config import ModelConfig, Precision
from workbench.core.errors import ConfigError

MLM_MASK_SHARE = 0.15  # share of tokens whose vocabulary logits an MLM step computes (BERT's 15 %)


def _layer_params(cfg: ModelConfig) -> int:
    d, f = cfg.d_model, cfg.d_ff
    attn = (d * 3 * d + 3 * d) + (d * d + d)  # fused qkv + output projection, with biases
    ffn = (d * f + f) + (f * d + d)
    norms = 2 * 2 * d  # ln1, ln2 (weight + bias)
    return attn + ffn + norms


def embedding_params(cfg: ModelConfig) -> int:
    """Token embedding plus learned positions (sinusoidal positions are a fixed buffer, not parameters)."""
    pos = cfg.max_len * cfg.d_model if cfg.positional_kind.learned else 0
    return cfg.vocab_size * cfg.d_model + pos


def param_count(cfg: ModelConfig, *, heads: bool = True) -> int:
    """Exact number of trainable parameters; heads=False counts the encoder only (embeddings, blocks,
    final norm). The MLM decoder is tied to the token embedding, so only its bias counts."""
    d = cfg.d_model
    n = embedding_params(cfg) + cfg.n_layers * _layer_params(cfg) + 2 * d  # + final LayerNorm
    if heads:
        n += (d * d + d) + 2 * d + cfg.vocab_size  # MLM dense, its LayerNorm, decoder bias
        if cfg.n_classes > 0:
            n += d * cfg.n_classes + cfg.n_classes
    return n


def flops_per_token(cfg: ModelConfig, seq_len: int, training: bool = True) -> float:
    """FLOPs per token as in PaLM / nanoGPT: 6N + 12·L·d·T for a training step (forward + backward),
    2N + 4·L·d·T for a forward pass. N excludes the embeddings (a lookup, not a matmul) and the heads
    (the classifier runs once per sequence; the MLM decoder only on masked tokens)."""
    n = param_count(cfg, heads=False) - embedding_params(cfg)
    attn = cfg.n_layers * cfg.d_model * seq_len
    return float(6 * n + 12 * attn) if training else float(2 * n + 4 * attn)


def training_memory_bytes(
    cfg: ModelConfig, batch_size: int, seq_len: int, precision: Precision | str = Precision.FP32
) -> int:
    """Rough peak memory of one training step with AdamW.

    - fp32 weights, gradients and AdamW's two moment buffers: 16 bytes per parameter; with bf16/fp16
      autocast add a 2-byte cast copy of each weight.
    - activations kept for backward, per layer and token (a = 4 bytes in fp32, 2 under autocast):
      about (11·d + 2·d_ff)·a — block input, ln1 out, q/k/v, attention out, projection out, ln2 in/out,
      ffn out, dropout masks. This is the CPU's layout, where under bf16 autocast the residual stream and the
      LayerNorms' outputs are bf16 too; a GPU keeps the residual stream in fp32 (about 8·d more bytes).
    - the attention matrix: 3 tensors of B·H·T·T (probabilities, dropout mask, dropped probabilities) at a
      bytes each, as the CPU's training path keeps them. Fused GPU kernels (flash/memory-efficient) keep none,
      so on a GPU this term overestimates.
    - embeddings and final norm ≈ 4·d·a per token; without a classifier (n_classes == 0) an MLM step's
      logits for 15 % of the tokens, V values in the compute dtype plus an fp32 copy for the loss.
    It leaves out the allocator's slack and framework overhead; expect the real peak within ±35 %.
    """
    if precision not in Precision.values():
        raise ConfigError(f"precision must be one of {', '.join(Precision.values())} (got {precision!r}).")
    if batch_size <= 0 or seq_len <= 0:
        raise ConfigError("The batch size and sequence length must be positive numbers.")
    a = Precision(precision).activation_bytes
    n = param_count(cfg)
    states = 16 * n + (2 * n if a == 2 else 0)
    tokens = batch_size * seq_len
    d, h, L = cfg.d_model, cfg.n_heads, cfg.n_layers
    per_layer = tokens * (11 * d + 2 * cfg.d_ff) * a + 3 * batch_size * h * seq_len * seq_len * a
    act = L * per_layer + tokens * 4 * d * a
    if cfg.n_classes == 0:
        act += int(MLM_MASK_SHARE * tokens) * (cfg.vocab_size * (a + 4) + 3 * d * a)
    return int(states + act)

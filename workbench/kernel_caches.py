"""Bounds the shape caches of oneDNN, the CPU kernel library torch runs bf16 (and some fp32) matrix products
with; called by every entry point before torch computes anything (the settings are read once, at first use).

oneDNN keeps a compiled kernel for every input shape it has seen (1,024 of them by default), and so does ideep,
torch's layer above it. Training feeds a new shape at almost every step: the masked-LM head sees however many
tokens were masked, and a batch is as long as its longest row. Both caches then grew by a few megabytes a step,
and their long-lived entries, allocated between the step's short-lived tensors, kept the C library's heap from
reusing freed space: tiny's pre-training on a 1 MB book reached 1.4 GB (README, "Corpora larger than memory").
64 entries hold every shape a step repeats (the blocks' products, the same in every layer), so speed is kept.
A person's own setting of either variable is kept.
"""

from __future__ import annotations

import os

KERNEL_CACHE_ENTRIES = 64


def bound_kernel_caches() -> None:
    """Keep at most KERNEL_CACHE_ENTRIES compiled kernels in oneDNN's cache and in ideep's; before torch runs."""
    os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", str(KERNEL_CACHE_ENTRIES))
    os.environ.setdefault("LRU_CACHE_CAPACITY", str(KERNEL_CACHE_ENTRIES))

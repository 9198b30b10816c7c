"""What the attention grid shows: one sentence's [layers, heads, T, T] attention turned into a grid of maps.

Plain numpy on top of core.attention_stats (no Qt, no torch), so the panel can switch views without running the
model again. Each cell of the grid knows which (layer, head) it shows; head is None for a per-layer aggregate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from workbench.core.inspection.attention_stats import hide_special, mean_over_heads, rollout

# mode -> what the selector says
MODES: dict[str, str] = {
    "heads": QT_TRANSLATE_NOOP("InspectMaps", "Each head"),
    "mean": QT_TRANSLATE_NOOP("InspectMaps", "Mean over heads"),
    "rollout_mean": QT_TRANSLATE_NOOP("InspectMaps", "Rollout (mean of heads)"),
    "rollout_max": QT_TRANSLATE_NOOP("InspectMaps", "Rollout (max of heads)"),
}
MODE_TIPS: dict[str, str] = {
    "heads": QT_TRANSLATE_NOOP("InspectMaps", "Every head of every layer: rows are layers, columns are heads."),
    "mean": QT_TRANSLATE_NOOP("InspectMaps", "Each layer's heads averaged: one map per layer."),
    "rollout_mean": (
        QT_TRANSLATE_NOOP(
            "InspectMaps",
            "Attention rollout: how much each input token flows into each position up to that layer, the heads "
            "averaged and the residual connection added (every row sums to 1).",
        )
    ),
    "rollout_max": QT_TRANSLATE_NOOP(
        "InspectMaps", "Attention rollout with the strongest head at each cell instead of the average."
    ),
}


def mode_title(mode: str) -> str:
    """What the selector calls the mode, in the window's language."""
    return QCoreApplication.translate("InspectMaps", MODES[mode])


def mode_tip(mode: str) -> str:
    return QCoreApplication.translate("InspectMaps", MODE_TIPS[mode])


@dataclass
class MapGrid:
    """maps [rows, cols, T, T] float32 (C-contiguous); cells[r][c] = (layer, head or None)."""

    maps: np.ndarray
    tokens: list[str]
    row_labels: list[str]
    col_labels: list[str]
    cells: list[list[tuple[int, int | None]]]

    @property
    def per_head(self) -> bool:
        return bool(self.cells) and self.cells[0][0][1] is not None

    def find(self, layer: int, head: int | None) -> tuple[int, int] | None:
        """The grid cell showing (layer, head), or None."""
        for r, row in enumerate(self.cells):
            for c, key in enumerate(row):
                if key == (layer, head):
                    return r, c
        return None


def build_grid(attention: np.ndarray, tokens: list[str], mode: str = "heads", hide: bool = False) -> MapGrid:
    """The maps for one view mode; with `hide`, [CLS]/[SEP] rows and columns are dropped and rows renormalised
    (after aggregating, so rollout still counts the flow through the special tokens)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    n_layers, n_heads = attention.shape[:2]
    if mode == "heads":
        stack = attention
    elif mode == "mean":
        stack = mean_over_heads(attention)[None]  # [1, L, T, T]: one row, a cell per layer
    else:
        stack = rollout(attention, "max" if mode == "rollout_max" else "mean")[None]
    shown = tokens
    if hide:
        stack, shown = hide_special(stack, tokens)
    maps = np.ascontiguousarray(stack, dtype=np.float32)
    if mode == "heads":
        rows = [f"L{layer + 1}" for layer in range(n_layers)]
        cols = [f"H{head + 1}" for head in range(n_heads)]
        cells = [[(layer, head) for head in range(n_heads)] for layer in range(n_layers)]
    else:
        rows = [mode_title(mode).split(" (")[0].split("（")[0]]
        cols = [f"L{layer + 1}" for layer in range(n_layers)]
        cells = [[(layer, None) for layer in range(n_layers)]]
    return MapGrid(maps, list(shown), rows, cols, cells)


def mosaic(maps: np.ndarray, gap: int) -> np.ndarray:
    """[R, C, T, T] → one [R*(T+gap)-gap, C*(T+gap)-gap] float32 image (gaps are 0), for a single ImageItem."""
    rows, cols, t, _ = maps.shape
    step = t + gap
    out = np.zeros((rows * step - gap, cols * step - gap), dtype=np.float32)
    if t == 0:
        return out
    # Write through a strided view: one copy for the whole grid instead of a Python loop per cell.
    view = np.lib.stride_tricks.as_strided(
        out,
        shape=(rows, cols, t, t),
        strides=(step * out.strides[0], step * out.strides[1], out.strides[0], out.strides[1]),
        writeable=True,
    )
    view[...] = maps
    return out


def token_kind(token: str) -> str:
    """special ([CLS], [SEP], [PAD], [MASK]), unknown ([UNK]), piece (a ## continuation) or word."""
    if token == "[UNK]":
        return "unknown"
    if token.startswith("[") and token.endswith("]") and token[1:-1].isupper():
        return "special"
    if token.startswith("##") and len(token) > 2:
        return "piece"
    return "word"

"""The line under the model picker that says what the Inspect page shows: a run, a pre-trained model, or the
model training now."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("InspectPanel", text)


def source_caption(src: Any) -> str:
    """The caption for a ModelSource."""
    size = _tr("{n_layers} layers × {n_heads} heads").format(n_layers=src.n_layers, n_heads=src.n_heads)
    if src.step is not None:
        return _tr("The model training now, as of step {step:,} ({size}); it refreshes at each evaluation.").format(
            step=src.step, size=size
        )
    if getattr(src.model, "info", None) is not None:
        return _tr("Pre-trained model “{name}”: {what}.").format(name=src.name, what=src.model.info.summary())
    if src.path is not None:
        return _tr("Run “{name}” ({size}), its {weights}.").format(
            name=src.name, size=size, weights=src.weights or _tr("last saved weights")
        )
    return _tr("{name} ({size}).").format(name=src.name, size=size)

"""The line under the model picker that says what the Inspect page shows: a run, a pre-trained model, or the
model training now."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def source_caption(src: Any) -> str:
    """The caption for a ModelSource (in the page's own translation context)."""
    size = QCoreApplication.translate("InspectPanel", "{n_layers} layers × {n_heads} heads")
    size = size.format(n_layers=src.n_layers, n_heads=src.n_heads)
    if src.step is not None:
        text = QCoreApplication.translate(
            "InspectPanel", "The model training now, as of step {step:,} ({size}); it refreshes at each evaluation."
        )
        return text.format(step=src.step, size=size)
    if getattr(src.model, "info", None) is not None:
        text = QCoreApplication.translate("InspectPanel", "Pre-trained model “{name}”: {what}.")
        return text.format(name=src.name, what=src.model.info.summary())
    if src.path is not None:
        weights = src.weights or QCoreApplication.translate("InspectPanel", "last saved weights")
        text = QCoreApplication.translate("InspectPanel", "Run “{name}” ({size}), its {weights}.")
        return text.format(name=src.name, size=size, weights=weights)
    return QCoreApplication.translate("InspectPanel", "{name} ({size}).").format(name=src.name, size=size)

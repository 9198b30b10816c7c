"""The Model page's "Size and cost" box: parameters, training memory and arithmetic for the settings, and an
amber warning when training would not fit in the device's memory.

All numbers come from workbench.core.model.estimates (Qt-free arithmetic); this box only formats and shows them.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout

from workbench.core.config import ModelConfig
from workbench.core.machine import format_bytes
from workbench.core.model.estimates import embedding_params, flops_per_token, param_count, training_memory_bytes
from workbench.gui.widgets.formatting import format_count, format_flops

AMBER = "#e0a100"
NEAR_LIMIT = 0.75  # above this share of the device's memory a quiet note says it is tight


class CostBox(QGroupBox):
    """What the model costs: call show_estimates whenever the settings, batch, precision or device change."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(self.tr("Size and cost"), parent)
        self.params_label = QLabel()
        big = QFont(self.params_label.font())
        big.setPointSizeF(big.pointSizeF() * 1.5)
        big.setBold(True)
        self.params_label.setFont(big)
        self.params_detail = QLabel()
        self.params_detail.setWordWrap(True)
        self.params_detail.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.memory_label = QLabel()
        self.memory_label.setWordWrap(True)
        self.memory_label.setToolTip(
            self.tr(
                "A rough estimate (within about a third) of the peak memory one training step needs: weights, "
                "gradients, optimizer state and the values kept for learning. Batches of short texts need less."
            )
        )
        self.flops_label = QLabel()
        self.flops_label.setWordWrap(True)
        self.flops_label.setToolTip(
            self.tr(
                "Arithmetic per token for one training step (forward and backward pass). It grows with the size of "
                "the blocks and, through attention, with the text length."
            )
        )
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setObjectName("memoryWarning")
        self.warning_label.setTextFormat(Qt.TextFormat.PlainText)
        tint = QColor(AMBER)
        self.warning_label.setStyleSheet(
            f"QLabel#memoryWarning {{ background-color: rgba({tint.red()},{tint.green()},{tint.blue()},45);"
            f" border: 1px solid {AMBER}; border-left: 4px solid {AMBER}; border-radius: 4px; padding: 6px; }}"
        )
        self.warning_label.hide()
        self.note_label = QLabel()
        self.note_label.setWordWrap(True)
        self.note_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.note_label.hide()
        cost = QVBoxLayout(self)
        cost.addWidget(self.params_label)
        cost.addWidget(self.params_detail)
        cost.addSpacing(4)
        cost.addWidget(self.memory_label)
        cost.addWidget(self.flops_label)
        cost.addWidget(self.warning_label)
        cost.addWidget(self.note_label)
        tip = QLabel(
            self.tr(
                "Tip: on a CPU, Tiny shows a falling loss within seconds and Small within a minute or two; a GPU "
                "makes both fast. A bigger model only helps with more data: watch the validation loss."
            )
        )
        tip.setWordWrap(True)
        tip.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        cost.addSpacing(4)
        cost.addWidget(tip)

    def show_estimates(
        self,
        cfg: ModelConfig,
        batch: int,
        precision: str,
        device_bytes: int | None,
        device_label: str,
        vocab_exact: bool = True,
    ) -> None:
        """Parameters (embeddings / blocks / output), memory for one training step, FLOPs per token, warning.

        vocab_exact=False: cfg.vocab_size is only the most the tokenizer may learn (small data learns fewer
        pieces), so the sizes that grow with it say "up to"."""
        d = cfg.d_model
        total = param_count(cfg)
        emb = embedding_params(cfg)
        blocks = param_count(cfg, heads=False) - emb - 2 * d
        heads = total - emb - blocks
        self.params_label.setText(
            (self.tr("{count} parameters") if vocab_exact else self.tr("Up to {count} parameters")).format(
                count=format_count(total)
            )
        )
        tip = self.tr("{total:,} numbers the model learns").format(total=total)
        if not vocab_exact:
            tip = self.tr(
                "At most {total:,} numbers the model learns: the tokenizer learns at most {vocab_size:,} pieces "
                "from the training text, fewer when the text is small. Preview tokens on the Data page gives the "
                "real vocabulary, and the real size here."
            ).format(total=total, vocab_size=cfg.vocab_size)
        self.params_label.setToolTip(tip)
        if vocab_exact:
            detail = self.tr(
                "Embeddings {embeddings} ({vocab_size:,} pieces × {d}) · {n_layers} blocks {blocks} · output {output}"
            )
        else:
            detail = self.tr(
                "Embeddings up to {embeddings} (up to {vocab_size:,} pieces × {d}) · {n_layers} blocks {blocks} · "
                "output up to {output}"
            )
        if cfg.n_layers == 1:
            detail = (
                self.tr("Embeddings {embeddings} ({vocab_size:,} pieces × {d}) · 1 block {blocks} · output {output}")
                if vocab_exact
                else self.tr(
                    "Embeddings up to {embeddings} (up to {vocab_size:,} pieces × {d}) · 1 block {blocks} · "
                    "output up to {output}"
                )
            )
        self.params_detail.setText(
            detail.format(
                embeddings=format_count(emb),
                vocab_size=cfg.vocab_size,
                d=d,
                n_layers=cfg.n_layers,
                blocks=format_count(blocks),
                output=format_count(heads),
            )
        )
        memory = training_memory_bytes(cfg, batch, cfg.max_len, precision)
        memory_text = (
            self.tr("Training memory: about <b>{memory}</b> at batch {batch} (texts of up to {max_len} tokens)")
            if vocab_exact
            else self.tr(
                "Training memory: up to about <b>{memory}</b> at batch {batch} (texts of up to {max_len} tokens)"
            )
        )
        self.memory_label.setText(memory_text.format(memory=format_bytes(memory), batch=batch, max_len=cfg.max_len))
        flops = flops_per_token(cfg, cfg.max_len, training=True)
        self.flops_label.setText(
            self.tr("Compute: {flops} per token per training step").format(flops=format_flops(flops))
        )
        self._update_warning(memory, batch, device_bytes, device_label)

    def show_problem(self, message: str) -> None:
        self.warning_label.setText(message)
        self.warning_label.show()

    def _update_warning(self, memory: int, batch: int, limit: int | None, label: str) -> None:
        if not limit:
            self.warning_label.hide()
            self.note_label.hide()
            return
        where = device_phrase(label)
        if memory > limit:
            self.warning_label.setText(
                self.tr(
                    "This model needs about {memory} to train at batch {batch}, more than the {limit} "
                    "{where} — lower the batch size or the model size."
                ).format(memory=format_bytes(memory), batch=batch, limit=format_bytes(limit), where=where)
            )
            self.warning_label.show()
            self.note_label.hide()
        elif memory > NEAR_LIMIT * limit:
            self.warning_label.hide()
            self.note_label.setText(
                self.tr(
                    "That is most of the {limit} {where}; if training fails for lack of memory, lower the "
                    "batch size or the maximum length."
                ).format(limit=format_bytes(limit), where=where)
            )
            self.note_label.show()
        else:
            self.warning_label.hide()
            self.note_label.hide()


def device_phrase(device_label: str) -> str:
    """ "this computer has" / "the NVIDIA RTX 3060 has", from the label the training panel gives."""
    label = re.sub(r"\s*\([^)]*\)\s*$", "", device_label or "").strip()
    if not label or label.lower() in ("cpu", "this computer") or label.lower().startswith("cpu"):
        return QCoreApplication.translate("ModelCosts", "this computer has")
    if label.lower() in ("gpu", "this gpu"):
        return QCoreApplication.translate("ModelCosts", "this GPU has")
    return QCoreApplication.translate("ModelCosts", "{label} has").format(label=label)

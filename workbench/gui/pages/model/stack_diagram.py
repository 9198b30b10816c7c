"""A drawing of the encoder the settings describe: embeddings at the bottom, the blocks, the classifier on top.

It follows the model settings live and paints only with the palette's colours, so it reads in dark mode too.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from workbench.core.config import ModelConfig

MAX_FULL_BLOCKS = 4  # up to this many blocks are all drawn; more: the first and last, a gap and "× N"
MAX_HEAD_BOXES = 16  # more heads than this: 16 small boxes and "…"
MIN_BLOCK_LINES = 4.8  # a block's height in text lines at the least: a title row and two boxes with text
GAP_LINES = 1.1  # between boxes, for the arrows


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )


class StackDiagram(QWidget):
    """Paints a ModelConfig as a stack of boxes. drawn_blocks says how many blocks the drawing shows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.config = ModelConfig()
        self.n_classes = 2
        self.paint_count = 0
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setToolTip(
            self.tr(
                "The encoder these settings build, read from the bottom up: each token becomes a vector, the blocks "
                "mix information between tokens, and at the top the classifier reads the mean of the word vectors (or "
                "the [CLS] vector) to decide the class."
            )
        )
        self.setAccessibleName(self.tr("Encoder stack diagram"))

    # ------------------------------------------------------------------ state
    def set_config(self, cfg: ModelConfig, n_classes: int | None = None) -> None:
        self.config = dataclasses.replace(cfg)
        if n_classes is not None:
            self.n_classes = n_classes
        self.setAccessibleDescription(self.describe())
        self.updateGeometry()  # more blocks drawn need more height
        self.update()

    @property
    def drawn_blocks(self) -> int:
        n = self.config.n_layers
        return n if n <= MAX_FULL_BLOCKS else 2

    def describe(self) -> str:
        c = self.config
        return self.tr(
            "Embedding of {vocab_size:,} tokens into {d_model} numbers plus {positional} positions, "
            "{n_layers} blocks with {n_heads} attention heads and a feed-forward layer of {d_ff}, a final "
            "layer norm and a classifier on {classifier_input}."
        ).format(
            vocab_size=c.vocab_size,
            d_model=c.d_model,
            positional=c.positional,
            n_layers=c.n_layers,
            n_heads=c.n_heads,
            d_ff=c.d_ff,
            classifier_input=self.classifier_input(),
        )

    def classifier_input(self) -> str:
        """What the classifier reads, in words (the pooling setting)."""
        return (
            self.tr("the [CLS] vector")
            if self.config.pooling_kind.reads_cls
            else self.tr("the mean of the word vectors")
        )

    def _bracket_width(self) -> int:
        """Room at the right for the "× N blocks" bracket (none for a single block)."""
        if self.config.n_layers <= 1:
            return 0
        bold = QFont(self.font())
        bold.setBold(True)
        return (
            QFontMetrics(bold).horizontalAdvance(self.tr("× {n_layers} blocks").format(n_layers=self.config.n_layers))
            + 32
        )

    def _fixed_height(self) -> float:
        """Everything but the blocks: tokens, embedding, final norm, classifier, the gaps and the "more" line."""
        lh = self.fontMetrics().height()
        n_drawn = self.drawn_blocks
        more = 1.6 if self.config.n_layers > MAX_FULL_BLOCKS else 0.0
        return lh * (1.2 + 2.6 + 1.6 + 2.6 + GAP_LINES * (4 + max(0, n_drawn - 1)) + more)

    def sizeHint(self) -> QSize:
        lh = self.fontMetrics().height()
        return QSize(min(420, lh * 24) + self._bracket_width() + 16, lh * 32)

    def minimumSizeHint(self) -> QSize:
        # The boxes need room for their shortest titles ("Embedding + positions"); longer ones are elided.
        bold = QFont(self.font())
        bold.setBold(True)
        box = QFontMetrics(bold).horizontalAdvance(self.tr("Embedding + sinusoidal")) + 24
        # Tall enough that each block's two boxes hold a line of text.
        height = self._fixed_height() + self.drawn_blocks * self.fontMetrics().height() * MIN_BLOCK_LINES + 12
        return QSize(box + self._bracket_width() + 16, round(height))

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: Any) -> None:
        self.paint_count += 1
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        self._text = pal.color(QPalette.ColorRole.WindowText)
        self._muted = pal.color(QPalette.ColorRole.PlaceholderText)
        window = pal.color(QPalette.ColorRole.Window)
        base = pal.color(QPalette.ColorRole.Base)
        accent = pal.color(QPalette.ColorRole.Highlight)
        self._line = _mix(window, self._text, 0.45)
        self._block_fill = _mix(window, self._text, 0.06)
        self._box_fill = _mix(base, accent, 0.14)
        self._ffn_fill = _mix(base, accent, 0.26)
        self._head_fill = _mix(base, accent, 0.65)
        self._accent = accent

        fm = self.fontMetrics()
        lh = fm.height()
        c = self.config
        full = self.rect().adjusted(8, 6, -8, -6)
        bold = QFont(self.font())
        bold.setBold(True)
        bracket_w = self._bracket_width()
        box_w = min(float(full.width() - bracket_w), 420.0)
        x0 = full.left() + (full.width() - bracket_w - box_w) / 2

        # Vertical budget, bottom to top: tokens, embedding, blocks, final norm, classifier.
        gap = lh * GAP_LINES
        emb_h = lh * 2.6
        norm_h = lh * 1.6
        cls_h = lh * 2.6
        tokens_h = lh * 1.2
        n_drawn = self.drawn_blocks
        gap_h = lh * 1.6 if c.n_layers > MAX_FULL_BLOCKS else 0
        fixed = self._fixed_height()
        block_h = (full.height() - fixed) / max(1, n_drawn)
        block_h = max(lh * MIN_BLOCK_LINES, min(lh * 7.0, block_h))
        used = fixed + block_h * n_drawn
        y = full.top() + max(0.0, (full.height() - used) / 2) + used  # bottom edge of the drawing

        # tokens in
        y -= tokens_h
        p.setPen(self._muted)
        tokens = fm.elidedText("[CLS]  the food was great  [SEP]", Qt.TextElideMode.ElideMiddle, int(box_w))
        p.drawText(QRectF(x0, y, box_w, tokens_h), Qt.AlignmentFlag.AlignCenter, tokens)
        self._arrow(p, x0 + box_w / 2, y, y - gap)
        y -= gap
        # embedding
        y -= emb_h
        positional = c.positional_kind
        if not positional.adds_vectors:  # positions live in the attention (a distance penalty), not the embedding
            title, short = self.tr("Token embedding (ALiBi: positions in attention)"), self.tr("Embedding (ALiBi)")
        else:
            pos = "learned" if positional.learned else "sinusoidal"
            title, short = (
                self.tr("Token embedding + {pos} positions").format(pos=pos),
                self.tr("Embedding + {pos}").format(pos=pos),
            )
            if positional.uses_alibi:
                title, short = (
                    self.tr("{title} (+ ALiBi)").format(title=title),
                    self.tr("{short} + ALiBi").format(short=short),
                )
        if QFontMetrics(bold).horizontalAdvance(title) > box_w - 12:  # narrow: the short form of the same words
            title = short
        self._box(
            p,
            QRectF(x0, y, box_w, emb_h),
            self._box_fill,
            title,
            self.tr("{vocab_size:,} pieces × {d_model} numbers · up to {max_len} tokens").format(
                vocab_size=c.vocab_size, d_model=c.d_model, max_len=c.max_len
            ),
        )
        # blocks
        bottom_of_blocks = y
        for i in range(n_drawn):
            self._arrow(p, x0 + box_w / 2, y, y - gap)
            y -= gap
            if i == 1 and gap_h:  # the blocks not drawn sit between the first and the last
                p.setPen(self._muted)
                more = c.n_layers - 2
                p.drawText(
                    QRectF(x0, y - gap_h, box_w, gap_h),
                    Qt.AlignmentFlag.AlignCenter,
                    (
                        self.tr("⋮   1 more block like these   ⋮")
                        if more == 1
                        else self.tr("⋮   {more} more blocks like these   ⋮").format(more=more)
                    ),
                )
                y -= gap_h
            y -= block_h
            number = i + 1 if i == 0 or c.n_layers <= MAX_FULL_BLOCKS else c.n_layers
            self._block(p, QRectF(x0, y, box_w, block_h), number)
        top_of_blocks = y
        if c.n_layers > 1:
            self._bracket(
                p,
                x0 + box_w + 8,
                top_of_blocks,
                bottom_of_blocks - gap,
                self.tr("× {n_layers} blocks").format(n_layers=c.n_layers),
            )
        # final norm
        self._arrow(p, x0 + box_w / 2, y, y - gap)
        y -= gap + norm_h
        self._box(
            p, QRectF(x0 + box_w * 0.15, y, box_w * 0.7, norm_h), self._box_fill, self.tr("Final layer norm"), None
        )
        # classifier
        self._arrow(p, x0 + box_w / 2, y, y - gap)
        y -= gap + cls_h
        classes = (
            self.tr("{n_classes} classes").format(n_classes=self.n_classes)
            if self.n_classes
            else self.tr("one score per class")
        )
        title = (
            self.tr("[CLS] vector → classifier")
            if c.pooling == "cls"
            else self.tr("Mean of the word vectors → classifier")
        )
        if QFontMetrics(bold).horizontalAdvance(title) > box_w - 12:
            title = self.tr("[CLS] → classifier") if c.pooling == "cls" else self.tr("Mean → classifier")
        self._box(
            p,
            QRectF(x0, y, box_w, cls_h),
            self._ffn_fill,
            title,
            self.tr("{d_model} numbers → {classes}").format(d_model=c.d_model, classes=classes),
        )

    # ------------------------------------------------------------------ pieces
    def _box(self, p: QPainter, r: QRectF, fill: QColor, title: str, sub: str | None) -> None:
        p.setPen(QPen(self._line, 1))
        p.setBrush(fill)
        p.drawRoundedRect(r, 6, 6)
        fm = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        title = QFontMetrics(bold).elidedText(title, Qt.TextElideMode.ElideRight, int(r.width() - 12))
        if sub:
            half = r.height() / 2
            p.setFont(bold)
            p.setPen(self._text)
            p.drawText(QRectF(r.left(), r.top() + 2, r.width(), half), Qt.AlignmentFlag.AlignCenter, title)
            p.setFont(self.font())
            p.setPen(self._muted)
            shown = fm.elidedText(sub, Qt.TextElideMode.ElideRight, int(r.width() - 12))
            p.drawText(QRectF(r.left(), r.top() + half - 2, r.width(), half), Qt.AlignmentFlag.AlignCenter, shown)
        else:
            p.setFont(bold)
            p.setPen(self._text)
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, title)
            p.setFont(self.font())

    def _block(self, p: QPainter, r: QRectF, number: int) -> None:
        c = self.config
        fm = self.fontMetrics()
        lh = fm.height()
        p.setPen(QPen(self._line, 1, Qt.PenStyle.DashLine))
        p.setBrush(self._block_fill)
        p.drawRoundedRect(r, 8, 8)
        p.setPen(self._muted)
        p.drawText(
            QRectF(r.left() + 8, r.top() + 2, r.width() - 16, lh),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.tr("Block {number}").format(number=number),
        )
        p.drawText(
            QRectF(r.left() + 8, r.top() + 2, r.width() - 16, lh),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            self.tr("dropout {dropout:g}").format(dropout=c.dropout) if c.dropout else self.tr("no dropout"),
        )
        inner = r.adjusted(12, lh + 6, -12, -8)
        gap = lh * 0.5
        sub_h = (inner.height() - gap) / 2
        # feed-forward (bottom of the block is attention: data flows upwards)
        ffn = QRectF(inner.left(), inner.top(), inner.width(), sub_h)
        attn = QRectF(inner.left(), inner.top() + sub_h + gap, inner.width(), sub_h)
        self._arrow(p, inner.center().x(), attn.top(), ffn.bottom(), small=True)
        p.setPen(QPen(self._line, 1))
        p.setBrush(self._ffn_fill)
        p.drawRoundedRect(ffn, 5, 5)
        p.setPen(self._text)
        ffn_text = self.tr("Feed-forward  {d_model} → {d_ff} → {d_model}").format(d_model=c.d_model, d_ff=c.d_ff)
        p.drawText(
            ffn,
            Qt.AlignmentFlag.AlignCenter,
            fm.elidedText(ffn_text, Qt.TextElideMode.ElideRight, int(ffn.width() - 8)),
        )
        # attention with one small box per head
        p.setPen(QPen(self._line, 1))
        p.setBrush(self._box_fill)
        p.drawRoundedRect(attn, 5, 5)
        label = (
            self.tr("Attention  1 head × {head_dim}")
            if c.n_heads == 1
            else self.tr("Attention  {n_heads} heads × {head_dim}")
        ).format(n_heads=c.n_heads, head_dim=c.head_dim)
        if fm.horizontalAdvance(label) > attn.width() - 16:
            label = self.tr("Attention  {n_heads} × {head_dim}").format(n_heads=c.n_heads, head_dim=c.head_dim)
        label = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(attn.width() - 16))
        label_w = fm.horizontalAdvance(label) + 16
        p.setPen(self._text)
        p.drawText(
            QRectF(attn.left() + 8, attn.top(), label_w, attn.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            label,
        )
        shown = min(c.n_heads, MAX_HEAD_BOXES)
        space = attn.width() - label_w - 16
        size = min(attn.height() * 0.55, lh * 0.9)
        step = min(size * 1.35, space / max(1, shown + (1 if c.n_heads > shown else 0)))
        if step >= 3:
            size = min(size, step * 0.8)
            x = attn.right() - 8 - step * shown - (step if c.n_heads > shown else 0)
            yy = attn.center().y() - size / 2
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(self._head_fill)
            for k in range(shown):
                p.drawRoundedRect(QRectF(x + k * step, yy, size, size), 2, 2)
            if c.n_heads > shown:
                p.setPen(self._muted)
                p.drawText(QRectF(x + shown * step, yy - 2, step, size + 4), Qt.AlignmentFlag.AlignCenter, "…")

    def _arrow(self, p: QPainter, x: float, y_from: float, y_to: float, small: bool = False) -> None:
        """A vertical arrow pointing up, from y_from (lower) to y_to (higher)."""
        if y_from - y_to < 2:
            return
        p.setPen(QPen(self._line, 1.4))
        p.drawLine(QPointF(x, y_from), QPointF(x, y_to + 1))
        head = 3.5 if small else 4.5
        p.setBrush(self._line)
        p.setPen(Qt.PenStyle.NoPen)
        p.drawPolygon(
            QPolygonF([QPointF(x, y_to), QPointF(x - head, y_to + head * 1.6), QPointF(x + head, y_to + head * 1.6)])
        )

    def _bracket(self, p: QPainter, x: float, top: float, bottom: float, text: str) -> None:
        path = QPainterPath()
        path.moveTo(x, top + 2)
        path.quadTo(x + 6, top + 2, x + 6, top + 10)
        mid = (top + bottom) / 2
        path.lineTo(x + 6, mid - 6)
        path.quadTo(x + 6, mid, x + 12, mid)
        path.quadTo(x + 6, mid, x + 6, mid + 6)
        path.lineTo(x + 6, bottom - 10)
        path.quadTo(x + 6, bottom - 2, x, bottom - 2)
        p.setPen(QPen(self._line, 1.4))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(self._text)
        fm = self.fontMetrics()
        p.drawText(
            QRectF(x + 15, mid - fm.height(), self.width() - x - 15, fm.height() * 2),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            text,
        )
        p.setFont(self.font())

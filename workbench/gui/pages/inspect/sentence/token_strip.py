"""The tokens as the model sees them, wrapped like text: [CLS]/[SEP] in italics, word pieces (##…) joined to the
word they continue, [UNK] outlined in the warning colour, and under each token a bar coloured by its saliency
(orange pushes toward the predicted class, blue away from it; stronger colour, larger share)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QToolTip, QWidget

from workbench.gui.pages.inspect.attention.inspect_maps import token_kind
from workbench.gui.widgets import theme

POSITIVE, NEGATIVE = QColor("#e66100"), QColor("#5d9cec")  # orange / blue: apart for every colour vision
PAD_X, GAP, PIECE_GAP, BAR = 5, 6, 1, 5
KIND_WORDS = {
    "special": QT_TRANSLATE_NOOP("TokenStrip", "a special token the model adds"),
    "unknown": QT_TRANSLATE_NOOP("TokenStrip", "a word the tokenizer does not know: the model sees only [UNK]"),
    "piece": QT_TRANSLATE_NOOP("TokenStrip", "a word piece continuing the token before it"),
    "word": QT_TRANSLATE_NOOP("TokenStrip", "a whole word"),
}


@dataclass
class _Chip:
    rect: QRectF
    index: int


class TokenStrip(QWidget):
    """set_tokens(tokens) then, when ready, set_saliency(scores, about) with one score per token."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tokens: list[str] = []
        self._scores: np.ndarray | None = None
        self._about = ""
        self._chips: list[_Chip] = []
        self._laid_out_for = -1
        self._height = 0
        sp = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)
        self.setMouseTracking(True)

    def set_tokens(self, tokens: list[str]) -> None:
        """New tokens; saliency for the old ones is dropped until set_saliency is called again."""
        if tokens != self._tokens:
            self._tokens = list(tokens)
            self._laid_out_for = -1
            self.updateGeometry()
        self._scores = None
        self.update()

    def set_saliency(self, scores: np.ndarray | None, about: str = "") -> None:
        if scores is not None and len(scores) != len(self._tokens):
            scores = None  # for another sentence: a mismatched colour would mislead
        self._scores = None if scores is None else np.asarray(scores, dtype=np.float32)
        self._about = about
        self.update()

    def tokens(self) -> list[str]:
        return list(self._tokens)

    def saliency(self) -> np.ndarray | None:
        return self._scores

    # --- layout ---------------------------------------------------------------------------------------
    def _layout(self, width: int) -> int:
        """Place the chips for this width; returns the height needed (cached until the tokens or font change)."""
        if width == self._laid_out_for:
            return self._height
        fm = QFontMetrics(self.font())
        h = fm.height() + 4 + BAR + 2
        x, y = 0.0, 0.0
        chips = []
        for i, tok in enumerate(self._tokens):
            w = fm.horizontalAdvance(tok) + 2 * PAD_X
            gap = PIECE_GAP if token_kind(tok) == "piece" else GAP
            if i and x + gap + w > width and x > 0:
                x, y = 0.0, y + h + 4
            elif i:
                x += gap
            chips.append(_Chip(QRectF(x, y, w, h), i))
            x += w
        self._chips = chips
        self._laid_out_for = width
        self._height = int(y + h) + 1 if chips else h
        return self._height

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._layout(width)

    def sizeHint(self) -> QSize:
        return QSize(400, self.heightForWidth(400))

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        return QSize(fm.horizontalAdvance("[CLS]") * 2, fm.height() + BAR + 6)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._laid_out_for = -1
        super().changeEvent(event)

    # --- drawing --------------------------------------------------------------------------------------
    def _score_color(self, score: float, scale: float) -> QColor:
        base = QColor(POSITIVE if score >= 0 else NEGATIVE)
        base.setAlphaF(0.15 + 0.85 * min(1.0, abs(score) / scale) if scale > 0 else 0.15)
        return base

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._laid_out_for != self.width():
            self._layout(self.width())
        painter = QPainter(self)
        pal = self.palette()
        text, muted = pal.color(QPalette.ColorRole.WindowText), pal.color(QPalette.ColorRole.PlaceholderText)
        field, border = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Mid)
        warning = QColor(theme.color("warning"))
        scores = self._scores
        scale = float(np.abs(scores).max()) if scores is not None and scores.size else 0.0
        font = self.font()
        for chip in self._chips:
            tok = self._tokens[chip.index]
            kind = token_kind(tok)
            box = QRectF(chip.rect.x(), chip.rect.y(), chip.rect.width(), chip.rect.height() - BAR - 2)
            pen = QPen(warning if kind == "unknown" else border, 1.5 if kind == "unknown" else 1)
            if kind == "special":
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(field)
            painter.drawRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
            font.setItalic(kind == "special")
            painter.setFont(font)
            painter.setPen(muted if kind == "special" else (warning if kind == "unknown" else text))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), tok)
            if scores is not None:
                bar = QRectF(box.x(), box.bottom() + 2, box.width(), BAR)
                painter.fillRect(bar, self._score_color(float(scores[chip.index]), scale))
        painter.end()

    def token_at(self, pos: QPoint) -> int | None:
        if self._laid_out_for != self.width():
            self._layout(self.width())
        for chip in self._chips:
            if chip.rect.contains(pos.toPointF()):
                return chip.index
        return None

    def describe(self, index: int) -> str:
        tok = self._tokens[index]
        text = self.tr("{tok}: {kind} (position {index}).").format(
            tok=tok, kind=self.tr(KIND_WORDS[token_kind(tok)]), index=index
        )
        if self._scores is not None:
            score = float(self._scores[index])
            about = self._about or self.tr("the prediction")
            saliency = (
                self.tr("Saliency {score:+.4f}: pushes toward {about}.")
                if score >= 0
                else self.tr("Saliency {score:+.4f}: pushes away from {about}.")
            )
            text += "\n" + saliency.format(score=score, about=about)
        return text

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.token_at(event.pos())
            if index is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self.describe(index), self)
            return True
        return super().event(event)


class TokenStripArea(QScrollArea):
    """The strip in a scroll area that grows with the tokens up to MAX_LINES rows, then scrolls (256 tokens)."""

    MAX_LINES = 5

    def __init__(self, strip: TokenStrip, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.strip = strip
        self.setWidget(strip)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def refit(self) -> None:
        """Height for the tokens at the current width, capped at MAX_LINES rows."""
        width = max(1, self.viewport().width())
        need = self.strip.heightForWidth(width)
        row = QFontMetrics(self.strip.font()).height() + 4 + BAR + 2 + 4
        self.setFixedHeight(min(need, row * self.MAX_LINES) + 2)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.refit()

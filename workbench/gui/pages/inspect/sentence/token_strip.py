"""The tokens as the model sees them, wrapped like text: [CLS]/[SEP] in italics, word pieces (##…) joined to the
word they continue, [UNK] outlined in the warning colour, and under each token a bar for its saliency: orange pushes
toward the predicted class, blue away from it, and a longer bar a larger share. The bars are solid colours chosen for
the palette (at least 3:1 against the background, light or dark), drawn in a track so that even a short one shows."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QStaticText,
)
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QToolTip, QWidget

from workbench.gui.pages.inspect.attention.inspect_maps import token_kind
from workbench.gui.widgets import theme
from workbench.gui.widgets.heatmap.token_axis import text_widths

# Orange / blue: apart for every colour vision; darker on a light background, lighter on a dark one.
LIGHT_BARS = (QColor("#c64600"), QColor("#1c71d8"))
DARK_BARS = (QColor("#ffa348"), QColor("#99c1f1"))
MIN_BAR_SHARE = 0.08  # the shortest bar drawn, as a share of the chip: a weak score still shows its direction
PAD_X, GAP, PIECE_GAP, BAR = 5, 6, 1, 5


def bar_colors(background: QColor) -> tuple[QColor, QColor]:
    """(toward, away) bar colours that stand out on `background`."""
    return DARK_BARS if background.lightness() < 128 else LIGHT_BARS


def bar_share(score: float, scale: float) -> float:
    """How much of the chip's width a score's bar fills (its size against the sentence's largest)."""
    if scale <= 0:
        return MIN_BAR_SHARE
    return MIN_BAR_SHARE + (1.0 - MIN_BAR_SHARE) * min(1.0, abs(score) / scale)


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
    kind: str  # token_kind's
    text: QStaticText  # laid out once, drawn at every paint
    at: QPointF  # where the text is drawn: centred in its box


@dataclass
class _Placement:
    """The chips placed for one width, the height they need, and their boxes as one outline per kind of token
    (drawn with one call each rather than one per token)."""

    chips: list[_Chip]
    height: int
    boxes: dict[str, QPainterPath]


class TokenStrip(QWidget):
    """set_tokens(tokens) then, when ready, set_saliency(scores, about) with one score per token."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tokens: list[str] = []
        self._scores: np.ndarray | None = None
        self._about = ""
        self._placements: dict[int, _Placement] = {}  # by width
        self._texts: dict[tuple[str, bool], QStaticText] = {}  # (token, italic) laid out in the font below
        self._texts_font = ""
        sp = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)
        self.setMouseTracking(True)

    def set_tokens(self, tokens: list[str]) -> None:
        """New tokens; saliency for the old ones is dropped until set_saliency is called again."""
        if tokens != self._tokens:
            self._tokens = list(tokens)
            self._placements.clear()
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
    def _placed(self, width: int) -> _Placement:
        """The chips placed for this width, remembered for a few widths until the tokens or the font change (the
        layout asks for the height at one width, the size hint at another, and the paint for the first again)."""
        placed = self._placements.get(width)
        if placed is None:
            if len(self._placements) >= 4:
                self._placements.clear()
            placed = self._placements[width] = self._place(width)
        return placed

    def _place(self, width: int) -> _Placement:
        font = self.font()
        if font.key() != self._texts_font:
            self._texts.clear()
            self._texts_font = font.key()
        h = QFontMetrics(font).height() + 4 + BAR + 2
        x, y = 0.0, 0.0
        chips = []
        boxes: dict[str, QPainterPath] = {}
        for i, (tok, advance) in enumerate(zip(self._tokens, text_widths(font, self._tokens), strict=True)):
            kind = token_kind(tok)
            text = self._static_text(tok, kind == "special")
            w = math.ceil(advance) + 2 * PAD_X
            gap = PIECE_GAP if kind == "piece" else GAP
            if i and x + gap + w > width and x > 0:
                x, y = 0.0, y + h + 4
            elif i:
                x += gap
            box = QRectF(x, y, w, h - BAR - 2)
            size = text.size()
            at = QPointF(x + (w - size.width()) / 2, y + (box.height() - size.height()) / 2)
            chips.append(_Chip(QRectF(x, y, w, h), i, kind, text, at))
            boxes.setdefault(kind, QPainterPath()).addRoundedRect(box.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
            x += w
        return _Placement(chips, int(y + h) + 1 if chips else h, boxes)

    def _static_text(self, token: str, italic: bool) -> QStaticText:
        """The token laid out once for this font (tokens come back sentence after sentence)."""
        found = self._texts.get((token, italic))
        if found is None:
            if len(self._texts) > 4096:
                self._texts.clear()
            font = QFont(self.font())
            font.setItalic(italic)
            found = QStaticText(token)
            found.setTextFormat(Qt.TextFormat.PlainText)
            found.prepare(font=font)
            self._texts[(token, italic)] = found
        return found

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._placed(width).height

    def sizeHint(self) -> QSize:
        return QSize(400, self.heightForWidth(400))

    def minimumSizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        return QSize(fm.horizontalAdvance("[CLS]") * 2, fm.height() + BAR + 6)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._placements.clear()
        super().changeEvent(event)

    # --- drawing --------------------------------------------------------------------------------------
    def bar_rect(self, index: int) -> QRectF:
        """Where token `index`'s saliency bar is drawn (its track: the bar fills part of it)."""
        rect = self._placed(self.width()).chips[index].rect
        return QRectF(rect.x(), rect.bottom() - BAR, rect.width(), BAR)

    def paintEvent(self, event: QPaintEvent) -> None:
        placed = self._placed(self.width())
        painter = QPainter(self)
        pal = self.palette()
        text, muted = pal.color(QPalette.ColorRole.WindowText), pal.color(QPalette.ColorRole.PlaceholderText)
        field, border = pal.color(QPalette.ColorRole.Base), pal.color(QPalette.ColorRole.Mid)
        warning = QColor(theme.color("warning"))
        scores = self._scores
        scale = float(np.abs(scores).max()) if scores is not None and scores.size else 0.0
        toward, away = bar_colors(self.palette().color(self.backgroundRole()))
        outline = {kind: QPen(border, 1) for kind in ("word", "piece", "special")}
        outline["special"].setStyle(Qt.PenStyle.DashLine)
        outline["unknown"] = QPen(warning, 1.5)
        ink = {"word": text, "piece": text, "special": muted, "unknown": warning}
        plain, italic = QFont(self.font()), QFont(self.font())
        italic.setItalic(True)
        painter.setBrush(field)
        for kind, boxes in placed.boxes.items():
            painter.setPen(outline[kind])
            painter.drawPath(boxes)
        # Text by kind of token: one font and colour change per kind, not per token.
        for kind in placed.boxes:
            painter.setFont(italic if kind == "special" else plain)
            painter.setPen(ink[kind])
            for chip in placed.chips:
                if chip.kind == kind:
                    painter.drawStaticText(chip.at, chip.text)
        chips = placed.chips
        if scores is not None:
            painter.setPen(QPen(border, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for chip in chips:
                score = float(scores[chip.index])
                track = self.bar_rect(chip.index)
                painter.drawRect(track.adjusted(0.5, 0.5, -0.5, -0.5))
                filled = QRectF(track.x(), track.y(), track.width() * bar_share(score, scale), track.height())
                painter.fillRect(filled, toward if score >= 0 else away)
        painter.end()

    def token_at(self, pos: QPoint) -> int | None:
        for chip in self._placed(self.width()).chips:
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

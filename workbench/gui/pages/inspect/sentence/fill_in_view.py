"""Fill in the blanks: the sentence as clickable word chips (click a word to blank it out) and, for every [MASK],
the model's ranked guesses with probability bars."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.errors import WorkbenchError
from workbench.core.inspection.fill_in import MASK_TOKEN, FillIn, MaskGuesses, fill_mask
from workbench.core.model.encoder import EncoderModel
from workbench.core.training.device import torch_threads
from workbench.gui.widgets import theme

TOP_K = 5
# A chip is a blank, a word, or one punctuation mark; the character tokenizer's chips are single characters.
_WORDS = re.compile(r"\[mask\]|\w+|[^\w\s]", re.IGNORECASE)
_CHARS = re.compile(r"\[mask\]|\S", re.IGNORECASE)


def chip_spans(text: str, kind: str = "wordpiece") -> list[tuple[int, int]]:
    """(start, end) of each chip in text."""
    return [m.span() for m in (_CHARS if kind == "char" else _WORDS).finditer(text)]


def mask_span(text: str, start: int, end: int) -> str:
    return text[:start] + MASK_TOKEN + text[end:]


def fill_span(text: str, start: int, end: int, guess: str) -> str:
    """Put a guess where a blank was; a word piece ("##ing") joins the word before it."""
    if guess.startswith("##"):
        head = text[:start].rstrip(" ")
        return head + guess[2:] + text[end:]
    return text[:start] + guess + text[end:]


class FlowLayout(QLayout):
    """Lays its items out left to right and wraps to the next line, like words in a paragraph (Qt's example)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        gap = self.spacing()
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + gap
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()


class GuessBars(QWidget):
    """One blank's guesses, best first: the token, a bar as long as its probability, and the percentage."""

    ROWS = TOP_K

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._guesses: list[tuple[str, float]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_guesses(self, guesses: list[tuple[str, float]]) -> None:
        self._guesses = list(guesses)
        tip = "\n".join(f"{tok}: {p * 100:.2f} %" for tok, p in self._guesses)
        self.setToolTip(tip)
        self.updateGeometry()
        self.update()

    def guesses(self) -> list[tuple[str, float]]:
        return list(self._guesses)

    def _row_height(self) -> int:
        return self.fontMetrics().height() + 6

    def sizeHint(self) -> QSize:
        return QSize(240, max(1, len(self._guesses)) * self._row_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.sizeHint().height())

    def paintEvent(self, event: Any) -> None:
        p = QPainter(self)
        pal = self.palette()
        fm = self.fontMetrics()
        rh = self._row_height()
        text_col = pal.color(QPalette.ColorRole.WindowText)
        bar_col = pal.color(QPalette.ColorRole.Highlight)
        track = QColor(text_col)  # a faint track in either palette
        track.setAlpha(28)
        name_w = min(self.width() // 3, max([fm.horizontalAdvance(t) for t, _ in self._guesses] + [40]) + 8)
        pct_w = fm.horizontalAdvance("100.0 %") + 6
        bar_w = max(10, self.width() - name_w - pct_w - 4)
        for i, (token, prob) in enumerate(self._guesses):
            top = i * rh
            p.setPen(text_col)
            name = fm.elidedText(token, Qt.TextElideMode.ElideRight, name_w - 6)
            p.drawText(QRect(0, top, name_w - 6, rh), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name)
            bar = QRect(name_w, top + 3, bar_w, rh - 6)
            p.fillRect(bar, track)
            p.fillRect(QRect(bar.x(), bar.y(), max(1, round(bar_w * prob)), bar.height()), bar_col)
            pct = f"{prob * 100:.0f} %" if prob >= 0.1 else f"{prob * 100:.1f} %"
            p.drawText(
                QRect(name_w + bar_w + 4, top, pct_w, rh),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                pct,
            )
        p.end()


class FillInView(QWidget):
    """set_model + set_text show the guesses; clicking a chip blanks that word (or fills a blank with the best
    guess) and emits textChanged(new text) so the page can update its text box."""

    textChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model: EncoderModel | None = None
        self._tokenizer: TextTokenizer | None = None
        self._text = ""
        self._result: FillIn | None = None
        self._chips: list[QToolButton] = []
        self._bars: list[GuessBars] = []

        self.hint = QLabel(
            self.tr(
                "Click a word to blank it out and let the model guess it; click a blank to fill in the model's best "
                "guess."
            )
        )
        self.hint.setWordWrap(True)
        self.chip_area = QWidget()
        self.chip_layout = FlowLayout(self.chip_area)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.guess_area = QWidget()
        self.guess_layout = FlowLayout(self.guess_area, spacing=8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.chip_area)
        layout.addWidget(self.message)
        layout.addWidget(self.guess_area)
        layout.addStretch(1)
        self._refresh()

    # ------------------------------------------------------------------------------------------------ input
    def set_model(self, model: EncoderModel | None, tokenizer: TextTokenizer | None) -> None:
        """The model whose masked-LM head guesses (None, None clears)."""
        self._model, self._tokenizer = model, tokenizer
        self._refresh()

    def set_text(self, text: str) -> None:
        """The sentence, with [MASK] where a word should be guessed. Does not emit textChanged."""
        if text != self._text:
            self._text = text
            self._refresh()

    # ------------------------------------------------------------------------------------------------ state
    def text(self) -> str:
        return self._text

    def result(self) -> FillIn | None:
        """The guesses shown now, or None when there are none (see message_text)."""
        return self._result

    def message_text(self) -> str:
        return self.message.text() if not self.message.isHidden() else ""

    def chips(self) -> list[QToolButton]:
        return list(self._chips)

    def guess_bars(self) -> list[GuessBars]:
        return list(self._bars)

    # ------------------------------------------------------------------------------------------------ clicks
    def click_chip(self, index: int) -> None:
        """What clicking chip `index` does: blank a word, or fill a blank with the best guess."""
        spans = self._spans()
        if not 0 <= index < len(spans):
            return
        start, end = spans[index]
        if self._text[start:end].upper() == MASK_TOKEN:
            guess = self._guess_for_blank(sum(1 for s, e in spans[:index] if self._text[s:e].upper() == MASK_TOKEN))
            if guess is None:
                return
            new = fill_span(self._text, start, end, guess)
        else:
            new = mask_span(self._text, start, end)
        self._text = new
        self._refresh()
        self.textChanged.emit(new)

    def _guess_for_blank(self, k: int) -> str | None:
        if self._result is None or k >= len(self._result.masks) or not self._result.masks[k].guesses:
            return None
        return self._result.masks[k].guesses[0][0]

    def _spans(self) -> list[tuple[int, int]]:
        kind = self._tokenizer.kind if self._tokenizer is not None else "wordpiece"
        return chip_spans(self._text, kind)

    # ------------------------------------------------------------------------------------------------ drawing
    def _refresh(self) -> None:
        self._result = None
        message = ""
        if self._model is None or self._tokenizer is None:
            message = self.tr("Pre-train a model on text (or open a pre-trained run) to let it fill in blanks.")
        elif not self._text.strip():
            message = self.tr("Type a sentence with {mask} where a word should be guessed, or click a word.").format(
                mask=MASK_TOKEN
            )
        else:
            try:
                with torch_threads(1):  # on the UI thread: see the note in core.device.torch_threads
                    self._result = fill_mask(self._model, self._tokenizer, self._text, TOP_K)
            except WorkbenchError as err:
                message = str(err)
        self._show_chips()
        self._show_guesses()
        self.message.setText(message)
        self.message.setStyleSheet(f"color: {theme.color('muted')}")
        self.message.setVisible(bool(message))

    def _show_chips(self) -> None:
        for chip in self._chips:
            self.chip_layout.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        for i, (start, end) in enumerate(self._spans()):
            word = self._text[start:end]
            blank = word.upper() == MASK_TOKEN
            chip = QToolButton(self.chip_area)
            chip.setText(MASK_TOKEN if blank else word.replace("&", "&&"))  # "&" would be a shortcut marker
            chip.setAutoRaise(False)
            chip.setCheckable(False)
            chip.setToolTip(
                self.tr("Fill in the model's best guess")
                if blank
                else self.tr("Blank this word out and let the model guess")
            )
            if blank:
                chip.setStyleSheet(f"QToolButton {{ font-weight: bold; color: {theme.color('accent')}; }}")
            chip.clicked.connect(lambda _=False, i=i: self.click_chip(i))
            self.chip_layout.addWidget(chip)
            self._chips.append(chip)
        self.chip_area.setVisible(bool(self._chips))
        self.chip_layout.invalidate()
        self.chip_area.updateGeometry()

    def _show_guesses(self) -> None:
        while self.guess_layout.count():
            item = self.guess_layout.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self._bars = []
        masks: list[MaskGuesses] = self._result.masks if self._result is not None else []
        for k, m in enumerate(masks):
            box = QGroupBox(self.tr("Blank {k}").format(k=k + 1) if len(masks) > 1 else self.tr("Guesses"))
            inner = QVBoxLayout(box)
            bars = GuessBars()
            bars.set_guesses(m.guesses)
            inner.addWidget(bars)
            self.guess_layout.addWidget(box)
            self._bars.append(bars)
        self.guess_area.setVisible(bool(masks))

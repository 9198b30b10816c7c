"""The Data page's tokenizer box: the kind of tokenizer, the vocabulary size, and a preview that trains the
tokenizer on the training text in the background and shows how a few sentences (and any typed one) split."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QProgressBar, QPushButton, QSpinBox

from workbench.core.config import DataConfig, TokenizerKind, field_spec
from workbench.core.data.tokenizer import SPECIAL_TOKENS, TextTokenizer
from workbench.gui.threads.data_jobs import SAMPLES, TokenOutcome, token_job
from workbench.gui.widgets.field_spin import apply_spec, range_hint
from workbench.gui.widgets.language.noop import QT_TRANSLATE_NOOP

TOKENIZER_TITLES = {
    TokenizerKind.WORDPIECE: QT_TRANSLATE_NOOP("TokenizerPreview", "WordPiece (word pieces)"),
    TokenizerKind.CHAR: QT_TRANSLATE_NOOP("TokenizerPreview", "Characters"),
}

RunJob = Callable[..., None]  # run_job(function, on_done, *args): runs function(*args) off the main thread


class TokenizerPreview(QGroupBox):
    """Tokenizer settings and their preview. `settingsChanged` fires when the kind or vocabulary size changes
    (the preview is then out of date); `previewRequested` when the person presses Preview tokens."""

    settingsChanged = Signal()
    previewRequested = Signal()
    previewShown = Signal()  # the pieces are on screen (an owner that scrolls may bring them into view)

    def __init__(self, run_job: RunJob, parent: Any = None) -> None:
        super().__init__(self.tr("Tokenizer"), parent)
        self._run_job = run_job
        self._request = 0
        self._tokenizer: TextTokenizer | None = None
        self._build()
        self.clear()

    def _build(self) -> None:
        self.kind_combo = QComboBox()
        for kind in TokenizerKind:
            self.kind_combo.addItem(self.tr(TOKENIZER_TITLES.get(kind, kind.label)), kind.value)
        self.kind_combo.setToolTip(
            self.tr(
                "How text is cut into pieces. WordPiece learns whole words and common word parts (best for most "
                "text); Characters uses single letters (tiny vocabulary, longer sequences)."
            )
        )
        self.kind_combo.currentIndexChanged.connect(self._settings_changed)
        self.vocab_spin = QSpinBox()
        apply_spec(self.vocab_spin, field_spec(DataConfig, "vocab_size"))
        self.vocab_spin.setValue(DataConfig().vocab_size)
        self.vocab_spin.setGroupSeparatorShown(True)
        self.vocab_spin.setAccelerated(True)
        self.vocab_spin.setToolTip(
            self.tr(
                "The most pieces the tokenizer may learn ({range}; 8,000 suits a few thousand sentences). "
                "Small data gives fewer. A bigger vocabulary means a bigger embedding table."
            ).format(range=range_hint(DataConfig, "vocab_size"))
        )
        self.vocab_spin.valueChanged.connect(self._settings_changed)
        kind_label = QLabel(self.tr("To&kenizer:"))
        kind_label.setBuddy(self.kind_combo)
        vocab_label = QLabel(self.tr("Voc&abulary size:"))
        vocab_label.setBuddy(self.vocab_spin)
        self.preview_button = QPushButton(self.tr("&Preview tokens"))
        self.preview_button.setToolTip(
            self.tr("Train the tokenizer on the training text now and show how a few sentences are split")
        )
        self.preview_button.clicked.connect(self.previewRequested)
        self.token_busy = QProgressBar()
        self.token_busy.setRange(0, 0)
        self.token_busy.setTextVisible(False)
        self.token_busy.setMaximumHeight(self.fontMetrics().height())
        self.token_busy.hide()
        self.vocab_result = QLabel()
        self.vocab_result.setWordWrap(True)
        self.sample_labels = []
        for _ in range(SAMPLES):
            lab = QLabel()
            lab.setWordWrap(True)
            lab.setTextFormat(Qt.TextFormat.RichText)
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lab.hide()
            self.sample_labels.append(lab)
        self.try_edit = QLineEdit()
        self.try_edit.setPlaceholderText(self.tr("Type a sentence to see its pieces"))
        self.try_edit.setToolTip(self.tr("Type any sentence to see how the previewed tokenizer splits it"))
        self.try_edit.setClearButtonEnabled(True)
        self.try_edit.textChanged.connect(self._show_try)
        self.try_edit.setEnabled(False)
        self.try_label = QLabel()
        self.try_label.setWordWrap(True)
        self.try_label.setTextFormat(Qt.TextFormat.RichText)
        try_label = QLabel(self.tr("Tr&y:"))
        try_label.setBuddy(self.try_edit)
        tg = QGridLayout(self)
        tg.addWidget(kind_label, 0, 0)
        tg.addWidget(self.kind_combo, 0, 1, 1, 2)
        tg.addWidget(vocab_label, 1, 0)
        tg.addWidget(self.vocab_spin, 1, 1)
        tg.addWidget(self.preview_button, 1, 2)
        tg.addWidget(self.token_busy, 2, 0, 1, 3)
        tg.addWidget(self.vocab_result, 3, 0, 1, 3)
        for i, lab in enumerate(self.sample_labels):
            tg.addWidget(lab, 4 + i, 0, 1, 3)
        tg.addWidget(try_label, 4 + SAMPLES, 0)
        tg.addWidget(self.try_edit, 4 + SAMPLES, 1, 1, 2)
        tg.addWidget(self.try_label, 5 + SAMPLES, 0, 1, 3)
        tg.setColumnStretch(1, 1)

    # ------------------------------------------------------------------ state
    def tokenizer_kind(self) -> TokenizerKind:
        return TokenizerKind(self.kind_combo.currentData())

    def vocab_size(self) -> int:
        return self.vocab_spin.value()

    def set_settings(self, kind: str, vocab_size: int) -> None:
        """Show saved tokenizer settings (an unknown kind leaves the choice as it is)."""
        index = self.kind_combo.findData(kind)
        if index >= 0:
            self.kind_combo.setCurrentIndex(index)
        self.vocab_spin.setValue(vocab_size)

    def preview_vocab_size(self) -> int | None:
        """The vocabulary size of the last preview, or None when there is none for these settings."""
        return self._tokenizer.vocab_size if self._tokenizer is not None else None

    def _settings_changed(self, _value: Any = None) -> None:
        self.clear()
        self.settingsChanged.emit()

    def preview(self, texts: list[str] | None) -> None:
        """Train the tokenizer on these (training) texts in the background, then show pieces and vocabulary size."""
        if texts is None:
            self.vocab_result.setText(self.tr("Load usable data first."))
            return
        self._request += 1
        self.preview_button.setEnabled(False)
        self.token_busy.show()
        self.vocab_result.setText(self.tr("Training the tokenizer on the training text…"))
        self._run_job(token_job, self._done, self._request, texts, self.tokenizer_kind(), self.vocab_size())

    def clear(self) -> None:
        self._request += 1  # a preview still running is for the old settings
        self._tokenizer = None
        self.preview_button.setEnabled(True)
        self.token_busy.hide()
        self.vocab_result.setText(
            self.tr(
                "Press Preview tokens to learn the vocabulary from the training text and see how sentences are split."
            )
        )
        self.vocab_result.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        for lab in self.sample_labels:
            lab.clear()
            lab.hide()
        self.try_edit.setEnabled(False)
        self.try_label.clear()

    def _done(self, out: TokenOutcome) -> None:
        if out.request != self._request:
            return
        self.preview_button.setEnabled(True)
        self.token_busy.hide()
        self.vocab_result.setForegroundRole(QPalette.ColorRole.WindowText)
        if out.error is not None or out.tokenizer is None:
            self.vocab_result.setText(html.escape(out.error or self.tr("The tokenizer could not be trained.")))
            return
        self._tokenizer = tok = out.tokenizer
        asked = self.vocab_size()
        text = self.tr("<b>Vocabulary: {vocab_size:,} pieces</b>").format(vocab_size=tok.vocab_size)
        if tok.vocab_size < asked:
            text += self.tr(" — all the training text holds ({asked:,} allowed)").format(asked=asked)
        if out.lengths:
            mean, p95, longest = out.lengths
            text += self.tr(
                "<br>Sentences: {mean:.0f} pieces on average, 95 % at most {p95:,}, longest {longest:,} (the "
                "model's maximum length should cover most)."
            ).format(mean=mean, p95=p95, longest=longest)
        self.vocab_result.setText(text)
        for lab, (_sentence, pieces) in zip(self.sample_labels, out.samples or [], strict=False):
            lab.setText(self._pieces_html(pieces))
            lab.show()
        self.try_edit.setEnabled(True)
        self._show_try(self.try_edit.text())
        self.previewShown.emit()

    def _show_try(self, text: str) -> None:
        if self._tokenizer is None or not text.strip():
            self.try_label.clear()
            return
        self.try_label.setText(self._pieces_html(self._tokenizer.tokens(text, max_len=512)))

    def _pieces_html(self, pieces: list[str]) -> str:
        """The pieces as coloured chips; [UNK] stands out in amber, [CLS]/[SEP] are muted."""
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        accent = pal.color(QPalette.ColorRole.Highlight)
        chips = [_mix(base, accent, 0.22).name(), _mix(base, accent, 0.45).name()]
        muted = pal.color(QPalette.ColorRole.PlaceholderText).name()
        text_col = pal.color(QPalette.ColorRole.Text).name()
        out: list[str] = []
        unknown = 0
        for i, piece in enumerate(pieces):
            shown = html.escape(piece)
            if piece == "[UNK]":
                unknown += 1
                style = "background-color:#f2b233; color:#000000; font-weight:bold;"
                out.append(f'<span style="{style}">&nbsp;{shown}&nbsp;</span>')
            elif piece in SPECIAL_TOKENS:
                out.append(f'<span style="color:{muted};">{shown}</span>')
            else:
                out.append(
                    f'<span style="background-color:{chips[i % 2]}; color:{text_col};">&nbsp;{shown}&nbsp;</span>'
                )
        line = " ".join(out)
        if unknown:
            note = (
                self.tr("{count} unknown pieces ([UNK]): the vocabulary has no piece for them.").format(count=unknown)
                if unknown > 1
                else self.tr("1 unknown piece ([UNK]): the vocabulary has no piece for it.")
            )
            line += f'<br><span style="color:{muted};">{html.escape(note)}</span>'
        return line


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor(
        round(a.red() + (b.red() - a.red()) * t),
        round(a.green() + (b.green() - a.green()) * t),
        round(a.blue() + (b.blue() - a.blue()) * t),
    )

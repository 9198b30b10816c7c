"""The guided tour's cards, drawn over the window: one card per step (a title, a few plain sentences, Back / Next,
Close), and the small card that offers the tour on the first start. They use the application font, so zoom and
presenter mode's 24 px floor reach them like every other text."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

CARD_CHARS = 52  # a card's width in average characters: a short paragraph, readable at a glance


class _Card(QFrame):
    """A raised, opaque panel in the tool-tip colours, sized from its font."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setLineWidth(2)

    def fit_width(self, room: int) -> None:
        """As wide as CARD_CHARS characters of its font, but never wider than `room` pixels."""
        width = max(120, min(room, self.fontMetrics().averageCharWidth() * CARD_CHARS))
        layout = self.layout()
        assert layout is not None, "each card lays itself out in its constructor"
        height = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
        if (self.width(), self.height()) != (width, height):
            self.setFixedSize(width, height)


def _text_label(word_wrap: bool = True) -> QLabel:
    label = QLabel()
    label.setWordWrap(word_wrap)
    label.setForegroundRole(QPalette.ColorRole.ToolTipText)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class TourCard(_Card):
    """One step of the tour. `nextRequested`, `backRequested`, `closeRequested` from its buttons."""

    nextRequested = Signal()
    backRequested = Signal()
    closeRequested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Guided tour"))
        self.counter = _text_label(word_wrap=False)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setToolTip(self.tr("End the tour (Esc); Help ▸ Guided tour starts it again"))
        self.close_button.setAccessibleName(self.tr("Close the tour"))
        self.close_button.clicked.connect(self.closeRequested)
        self.title = _text_label()
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.title.setFont(font)
        self.body = _text_label()
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.clicked.connect(self.backRequested)
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.nextRequested)

        top = QHBoxLayout()
        top.addWidget(self.counter, 1)
        top.addWidget(self.close_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addLayout(buttons)

    def show_step(self, index: int, count: int, title: str, text: str) -> None:
        self.counter.setText(self.tr("Step {n} of {count}").format(n=index + 1, count=count))
        self.title.setText(title)
        self.body.setText(text)
        self.setAccessibleDescription(f"{title}. {text}")
        self.back_button.setEnabled(index > 0)
        last = index == count - 1
        self.next_button.setText(self.tr("Finish") if last else self.tr("Next"))


class OfferCard(_Card):
    """ "New here?": offers the tour once, without blocking anything. `accepted` or `declined` from its buttons."""

    accepted = Signal()
    declined = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Guided tour offer"))
        title = _text_label()
        title.setText(self.tr("New to Transformers?"))
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        self.text = _text_label()
        self.text.setText(
            self.tr(
                "A short guided tour shows, on this window, how the model turns text into a decision and how it "
                "learns. It can be opened again from the Help menu."
            )
        )
        self.take_button = QPushButton(self.tr("Take the tour"))
        self.take_button.clicked.connect(self.accepted)
        self.later_button = QPushButton(self.tr("Not now"))
        self.later_button.clicked.connect(self.declined)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.later_button)
        buttons.addWidget(self.take_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.text)
        layout.addLayout(buttons)

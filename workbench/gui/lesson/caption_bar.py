"""The lesson's caption, large enough to read from the back of a classroom, with Previous / Next and the step
number. It lives in a tool bar under the pages (LessonController puts it there) and is hidden without a lesson."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from workbench.gui.widgets.text_scale import at_least

CAPTION_MIN_PX = 30  # a caption line at least this high (presenter mode's floor for other text is 24 px)
CAPTION_RATIO = 1.8  # ... and this much bigger than the app's text


class CaptionLabel(QLabel):
    """A word-wrapped label whose font never gets smaller than CAPTION_MIN_PX, whatever the zoom."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 1.0) * CAPTION_RATIO)
        font.setBold(True)
        self.setFont(at_least(font, CAPTION_MIN_PX))

    def hasHeightForWidth(self) -> bool:
        return False  # a tool bar would ask for the height of the narrowest width: lines of empty space

    def fit(self) -> None:
        """Exactly as tall as the caption's lines at the width it has."""
        lines = self.heightForWidth(self.width()) if self.width() > 4 * self.fontMetrics().height() else 0
        self.setFixedHeight(max(lines, self.fontMetrics().height()))

    def setText(self, text: str) -> None:
        super().setText(text)
        self.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit()  # another width may need another number of lines

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            if QFontMetrics(self.font()).height() < CAPTION_MIN_PX:
                self.setFont(at_least(self.font(), CAPTION_MIN_PX))  # zoomed out: the caption stays readable
            self.fit()


class CaptionBar(QWidget):
    """`previousRequested`, `nextRequested` and `closeRequested` from its buttons."""

    previousRequested = Signal()
    nextRequested = Signal()
    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Lesson caption"))
        self.caption = CaptionLabel()
        self.counter = QLabel()
        self.previous_button = QPushButton(self.tr("◀ Previous"))
        self.previous_button.setToolTip(self.tr("The previous step of the lesson (Page Up)"))
        self.next_button = QPushButton(self.tr("Next ▶"))
        self.next_button.setToolTip(self.tr("The next step of the lesson (Page Down)"))
        self.close_button = QPushButton(self.tr("Close lesson"))
        self.close_button.setToolTip(self.tr("Stop showing the lesson (its run stays open)"))
        for button in (self.previous_button, self.next_button, self.close_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Page Up/Down stay with the window's shortcuts
        self.previous_button.clicked.connect(self.previousRequested)
        self.next_button.clicked.connect(self.nextRequested)
        self.close_button.clicked.connect(self.closeRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.caption, 1)
        layout.addWidget(self.counter)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)

    def show_step(self, caption: str, index: int, count: int, title: str = "") -> None:
        """Show step `index` (0-based) of `count`; no step yet (index < 0): the lesson's title."""
        if index < 0:
            self.caption.setText(title or self.tr("A new lesson: add views as steps (Lesson menu)"))
            self.counter.setText(self.tr("{count} steps").format(count=count))
        else:
            self.caption.setText(caption or self.tr("(no caption)"))
            self.counter.setText(self.tr("Step {n} of {count}").format(n=index + 1, count=count))
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index + 1 < count)

    def caption_text(self) -> str:
        return self.caption.text()

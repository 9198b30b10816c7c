"""The Inspect page's options: what the grid shows (each head, per-layer mean, rollout), hiding [CLS]/[SEP],
words instead of pieces, the saliency method and the colour map. Plain widgets with one signal: `changed`."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QWidget

from workbench.gui.pages.inspect.attention.heatmap_base import COLORMAPS, DEFAULT_COLORMAP, colormap_title
from workbench.gui.pages.inspect.attention.inspect_maps import MODES, mode_tip, mode_title
from workbench.gui.pages.inspect.explanations import SALIENCY as SALIENCY_TEXT
from workbench.gui.pages.inspect.explanations import SPECIAL, VIEWS, explain_with

SALIENCY = {
    "gradient": QT_TRANSLATE_NOOP("InspectControls", "Gradient × input"),
    "integrated": QT_TRANSLATE_NOOP("InspectControls", "Integrated gradients"),
    "off": QT_TRANSLATE_NOOP("InspectControls", "Off"),
}
SALIENCY_TIP = QT_TRANSLATE_NOOP(
    "InspectControls",
    "Which tokens drove the prediction, as a colour under each token. Gradient × input is quick; integrated "
    "gradients is slower and more faithful (32 steps from a blank sentence). Attention alone does not explain a "
    "decision: this does, for the predicted class.",
)


def saliency_title(method: str) -> str:
    return QCoreApplication.translate("InspectControls", SALIENCY[method])


class InspectControls(QWidget):
    """`changed(str)` names what changed: "mode", "hide", "words", "saliency" or "colormap"."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode_box = QComboBox()
        for key in MODES:
            self.mode_box.addItem(mode_title(key), key)
            self.mode_box.setItemData(self.mode_box.count() - 1, mode_tip(key), 3)  # 3 = Qt.ToolTipRole
        self.mode_box.setToolTip(self.tr("What the grid shows: every head, or one map per layer"))
        mode_label = QLabel(self.tr("Sho&w:"))
        mode_label.setBuddy(self.mode_box)

        self.hide_check = QCheckBox(self.tr("Hi&de [CLS] and [SEP]"))
        self.hide_check.setToolTip(
            self.tr(
                "Leave out the [CLS] and [SEP] tokens, which often soak up attention, and spread each row's "
                "remaining attention to sum to 1 again"
            )
        )

        self.words_check = QCheckBox(self.tr("&Join pieces into words"))
        self.words_check.setToolTip(
            self.tr(
                "Show attention between words instead of pieces: WordPiece's ## pieces are joined into their word and "
                "Chinese characters into the words a segmenter finds. A word's row is the mean of its pieces' rows and "
                "its column the sum of theirs, so each row still sums to 1; saliency is summed per word."
            )
        )

        self.saliency_box = QComboBox()
        for key in SALIENCY:
            self.saliency_box.addItem(saliency_title(key), key)
        self.saliency_box.setToolTip(self.tr(SALIENCY_TIP))
        saliency_label = QLabel(self.tr("Sali&ency:"))
        saliency_label.setBuddy(self.saliency_box)
        saliency_label.setToolTip(self.tr(SALIENCY_TIP))

        self.colormap_box = QComboBox()
        for key in COLORMAPS:
            self.colormap_box.addItem(colormap_title(key), key)
        self.colormap_box.setCurrentIndex(self.colormap_box.findData(DEFAULT_COLORMAP))
        self.colormap_box.setToolTip(
            self.tr("The colours of the heatmaps: both are perceptually uniform, 0 dark to 1 light")
        )
        colormap_label = QLabel(self.tr("&Colours:"))
        colormap_label.setBuddy(self.colormap_box)

        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # Two boxes to a row and the switches on their own: four controls side by side asked for 630 pixels, more
        # than the page gets beside the plot, and were cut off at its right edge.
        layout.addWidget(mode_label, 0, 0)
        layout.addWidget(self.mode_box, 0, 1)
        layout.addWidget(saliency_label, 0, 2)
        layout.addWidget(self.saliency_box, 0, 3)
        left = Qt.AlignmentFlag.AlignLeft  # as wide as its words: a click beside them should not toggle it
        layout.addWidget(self.hide_check, 1, 0, 1, 2, left)
        layout.addWidget(colormap_label, 1, 2)
        layout.addWidget(self.colormap_box, 1, 3)
        layout.addWidget(self.words_check, 2, 0, 1, 4, left)
        layout.setColumnStretch(1, 1)
        layout.setColumnStretch(3, 1)

        self.markers = {  # a "?" with a plain sentence beside each
            "mode": explain_with(self.mode_box, VIEWS),
            "hide": explain_with(self.hide_check, SPECIAL),
            "saliency": explain_with(self.saliency_box, SALIENCY_TEXT),
        }
        self.mode_box.currentIndexChanged.connect(lambda _i: self.changed.emit("mode"))
        self.hide_check.toggled.connect(lambda _on: self.changed.emit("hide"))
        self.words_check.toggled.connect(lambda _on: self.changed.emit("words"))
        self.saliency_box.currentIndexChanged.connect(lambda _i: self.changed.emit("saliency"))
        self.colormap_box.currentIndexChanged.connect(lambda _i: self.changed.emit("colormap"))

    def mode(self) -> str:
        return str(self.mode_box.currentData())

    def set_mode(self, mode: str) -> None:
        self.mode_box.setCurrentIndex(self.mode_box.findData(mode))

    def hide_special(self) -> bool:
        return self.hide_check.isChecked()

    def words(self) -> bool:
        return self.words_check.isChecked()

    def set_words(self, on: bool) -> None:
        self.words_check.setChecked(on)

    def set_hide_special(self, on: bool) -> None:
        self.hide_check.setChecked(on)

    def saliency(self) -> str:
        return str(self.saliency_box.currentData())

    def colormap(self) -> str:
        return str(self.colormap_box.currentData())

    def set_saliency_available(self, available: bool) -> None:
        """A model without a classifier has no prediction to explain."""
        self.saliency_box.setEnabled(available)

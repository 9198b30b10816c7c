"""The Inspect page's widgets and how they are arranged; InspectPanel (inspect_page.py) gives them behaviour.

From the top: the model picker, the sentence, messages, the tokens with their saliency, the prediction, the
options, the grid beside the chosen head shown large and the lens strip, and the tabs below, in one scroll area.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from workbench.gui.pages.inspect.attention.lens_strip import LensStrip
from workbench.gui.pages.inspect.attention.maps_view import AttentionMaps
from workbench.gui.pages.inspect.inspect_controls import InspectControls
from workbench.gui.pages.inspect.inspect_export import export_menu
from workbench.gui.pages.inspect.sentence.prediction_view import PredictionView
from workbench.gui.pages.inspect.sentence.token_view import TokenView
from workbench.gui.pages.inspect.tabs.inspect_extras import InspectExtras
from workbench.gui.widgets.run_picker import RunPicker

if TYPE_CHECKING:
    from workbench.gui.pages.inspect.inspect_page import InspectPanel

DEFAULT_TEXT = "the food was not bad at all"


def build_inspect_page(page: InspectPanel) -> None:
    """Create the page's widgets as attributes of `page` and lay them out."""
    page.text_box = QLineEdit()
    page.text_box.setPlaceholderText(
        QCoreApplication.translate("InspectPanel", "Type a sentence, e.g. ") + DEFAULT_TEXT
    )
    page.text_box.setClearButtonEnabled(True)
    tip = QCoreApplication.translate("InspectPanel", "Everything below follows what you type, after a short pause")
    page.text_box.setToolTip(tip)
    page.text_box.textChanged.connect(lambda _t: page._debounce.start())
    text_label = QLabel(QCoreApplication.translate("InspectPanel", "&Sentence:"))
    text_label.setBuddy(page.text_box)
    top = QHBoxLayout()
    top.addWidget(text_label)
    top.addWidget(page.text_box, 1)
    page.run_picker = RunPicker()
    page.run_picker.runChosen.connect(page.choose_run)
    page.run_picker.followChosen.connect(page.follow_latest)
    run_label = QLabel(QCoreApplication.translate("InspectPanel", "&Model:"))
    run_label.setBuddy(page.run_picker)
    picker_row = QHBoxLayout()
    picker_row.addWidget(run_label)
    picker_row.addWidget(page.run_picker, 1)

    page.message = QLabel()
    page.message.setWordWrap(True)
    page.source_label = QLabel()
    page.source_label.setWordWrap(True)
    page.source_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)

    page.token_view = TokenView(page.worker)
    page.token_view.saliencyShown.connect(page.saliencyShown)
    page.tokens = page.token_view.strip

    page.prediction = PredictionView()
    page.prediction.textEdited.connect(page.text_box.setText)
    page.bars = page.prediction.bars

    page.controls = InspectControls()
    page.controls.changed.connect(page._on_option_changed)

    page.maps_view = AttentionMaps(export_menu(page, page.export), page)
    page.maps_view.mutedChanged.connect(page.refresh_now)
    page.maps_view.headSelected.connect(lambda layer, head: page.extras.set_head(layer, head))
    # Its parts, under the names the rest of the app (and its tests) know them by.
    mv = page.maps_view
    page.grid, page.detail, page.maps = mv.grid, mv.detail, mv.splitter
    page.grid_caption, page.reset_button, page.export_button = mv.grid_caption, mv.reset_button, mv.export_button
    page.extras = InspectExtras()
    page.extras.setMinimumHeight(280)
    page.extras.headActivated.connect(lambda layer, head: page.select_head(layer, head))

    page.content = QWidget()
    body = QVBoxLayout(page.content)
    body.setContentsMargins(0, 0, 0, 0)
    body.addWidget(page.token_view)
    body.addWidget(page.prediction)
    body.addWidget(page.controls)
    body.addWidget(page.maps_view.caption_row)
    page.lens_strip = LensStrip()
    maps_row = QHBoxLayout()
    maps_row.setContentsMargins(0, 0, 0, 0)
    maps_row.addWidget(page.maps_view.splitter, 1)
    maps_row.addWidget(page.lens_strip, 0, Qt.AlignmentFlag.AlignTop)
    body.addLayout(maps_row, 1)
    body.addWidget(page.extras, 1)

    inner = QWidget()
    column = QVBoxLayout(inner)
    column.addLayout(picker_row)
    column.addLayout(top)
    column.addWidget(page.message)
    column.addWidget(page.source_label)
    column.addWidget(page.content, 1)
    column.addStretch(0)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(inner)
    page.scroll = scroll
    # The tabs under the grid are brought up to date only when scrolled into view.
    scroll.verticalScrollBar().valueChanged.connect(lambda _v: page.extras.bring_up_to_date())
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scroll)

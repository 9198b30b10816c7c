"""The Inspect page's attention maps: the caption (with the number of muted heads, Reset and Export), the grid of
every layer's and head's attention, and the chosen head large beside it (or under it when the page is narrow).

It keeps which head is chosen and which heads are muted; the page runs the model again when `mutedChanged` fires
and tells its tabs when `headSelected` does.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QToolButton, QWidget

from workbench.gui.pages.inspect.attention.attention_grid import AttentionGrid
from workbench.gui.pages.inspect.attention.head_detail import HeadDetail
from workbench.gui.pages.inspect.attention.inspect_maps import MapGrid, build_grid, mode_title
from workbench.gui.widgets.reflow import ReflowSplitter

MAPS_MIN_WIDE = 460  # px: the grid and the large head side by side get at least this much height


class AttentionMaps(QObject):
    """Builds the caption row and the maps (`caption_row` and `splitter`, which the page lays out one under the
    other). `headSelected(layer, head)` when a head (not a layer's aggregate) is chosen; `mutedChanged` when a head
    is muted or brought back."""

    headSelected = Signal(int, int)
    mutedChanged = Signal()
    detailDrawn = Signal()  # the large head shows the grid's latest maps

    def __init__(self, export_menu: QMenu, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._grid: MapGrid | None = None
        self._mode = "heads"
        self._muted: set[tuple[int, int]] = set()
        self._selected: tuple[int, int | None] = (0, 0)
        self._detail_due = False  # the grid is drawn and the large head will follow it

        self.grid_caption = QLabel(self.tr("Attention: layers × heads"))
        self.reset_button = QPushButton(self.tr("&Reset muted heads"))
        self.reset_button.setToolTip(self.tr("Bring every muted head back"))
        self.reset_button.clicked.connect(self.reset_muted)
        self.reset_button.setEnabled(False)
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Exp&ort"))
        self.export_button.setToolTip(self.tr("Save the grid or the large head as a picture, or the attention as CSV"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setMenu(export_menu)
        self.caption_row = QWidget()
        caption = QHBoxLayout(self.caption_row)
        caption.setContentsMargins(0, 0, 0, 0)
        caption.addWidget(self.grid_caption, 1)
        caption.addWidget(self.reset_button)
        caption.addWidget(self.export_button)

        self.grid = AttentionGrid()
        self.grid.cellClicked.connect(self._on_cell_clicked)
        self.grid.muteRequested.connect(self._on_mute_requested)
        self.detail = HeadDetail()
        # No fixed minimum height: its own grows with the token labels (every one at a readable size).
        self.detail.muteToggled.connect(self._on_detail_mute)
        self.splitter = ReflowSplitter(wide=[1, 1], roomy=[420, 380])
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(self.detail)
        self.splitter.reflowed.connect(lambda _orientation: self.fit())
        self.detail.installEventFilter(self)  # its minimum height changes with its labels: fit again then
        self.grid.shapeChanged.connect(self.fit)

    # --- state ----------------------------------------------------------------------------------------
    def shown_grid(self) -> MapGrid | None:
        return self._grid

    def muted_heads(self) -> set[tuple[int, int]]:
        return set(self._muted)

    def selected(self) -> tuple[int, int | None]:
        return self._selected

    def reset_for_model(self, *, new_shape: bool, mode: str) -> None:
        """A model was loaded: a model of another shape starts with no muted head and the first one chosen."""
        if new_shape:
            self._muted.clear()
            self._selected = (0, 0 if mode == "heads" else None)
        self.reset_button.setEnabled(bool(self._muted))

    def forget(self) -> None:
        self._grid = None
        self._detail_due = False

    # --- choosing and muting --------------------------------------------------------------------------
    def select_head(self, layer: int, head: int | None) -> None:
        self._selected = (layer, head)
        self._show_selected()
        if head is not None:
            self.headSelected.emit(layer, head)

    def toggle_mute(self, layer: int, head: int) -> None:
        """Mute a head (or bring it back); the page runs the model again."""
        self._muted ^= {(layer, head)}
        self.reset_button.setEnabled(bool(self._muted))
        if self._selected == (layer, head) and self._grid is not None:  # says so at once, not with the new maps
            self.detail.show_muted(self._title(layer, head), (layer, head) in self._muted)
        self.mutedChanged.emit()

    def set_muted(self, heads: set[tuple[int, int]]) -> None:
        """Exactly these heads muted (no signal: the caller runs the model again once it has set everything)."""
        self._muted = set(heads)
        self.reset_button.setEnabled(bool(self._muted))

    def reset_muted(self) -> None:
        if self._muted:
            self._muted.clear()
            self.reset_button.setEnabled(False)
            self.mutedChanged.emit()

    def set_mode(self, mode: str) -> None:
        """Each head, per-layer mean or rollout: a layer's aggregate has no head to keep chosen."""
        layer, head = self._selected
        self._selected = (layer, 0 if mode == "heads" and head is None else head)

    def set_colormap(self, name: str) -> None:
        self.grid.set_colormap(name)
        self.detail.set_colormap(name)

    # --- drawing --------------------------------------------------------------------------------------
    def draw(self, result: Any, mode: str, hide_special: bool, *, detail_after_grid: bool = False) -> None:
        """Draw the grid and the large view from a forward pass (no model run); with detail_after_grid, the large
        view in the next turn of the event loop, once the grid has been painted."""
        self._mode = mode
        insp = result.inspection
        self._grid = grid = build_grid(insp.attention, insp.tokens, mode, hide_special)
        self.grid.set_mute_allowed(grid.per_head)
        self.grid.set_grid(grid)
        muted_cells = {cell for key in self._muted if (cell := grid.find(*key)) is not None}
        self.grid.set_muted_cells(muted_cells)
        n_muted = len(self._muted)
        caption = (
            self.tr("Attention: layers × heads")
            if grid.per_head
            else self.tr("Attention: {mode}, per layer").format(mode=mode_title(mode).lower())
        )
        if n_muted:
            muted = self.tr("1 muted head") if n_muted == 1 else self.tr("{n} muted heads").format(n=n_muted)
            caption = self.tr("{caption} ({muted})").format(caption=caption, muted=muted)
        self.grid_caption.setText(caption)
        # While someone types, the grid is painted first and the large head right after it (a few ms later):
        # laying out its token labels would otherwise hold the grid back.
        self._show_selected(detail=not detail_after_grid)
        if detail_after_grid and not self._detail_due:
            self._detail_due = True
            QTimer.singleShot(0, self, self._draw_detail_due)

    def busy(self) -> bool:
        """True while the large head is still to be drawn for the grid shown."""
        return self._detail_due

    def _draw_detail_due(self) -> None:
        if self._detail_due:
            self._detail_due = False
            self._show_selected()

    def _show_selected(self, *, detail: bool = True) -> None:
        grid = self._grid
        if grid is None:
            return
        layer, head = self._selected
        layer = min(layer, grid.cells[-1][-1][0])
        head = (head if head is not None else 0) if grid.per_head else None
        if grid.per_head:
            head = min(head, len(grid.cells[0]) - 1)
        self._selected = (layer, head)
        cell = grid.find(layer, head)
        self.grid.set_selected(cell)
        if cell is None or not detail:
            return
        self._detail_due = False
        att = grid.maps[cell[0], cell[1]]
        muted = (layer, head) in self._muted
        self.detail.show_map(att, grid.tokens, self._title(layer, head), mutable=head is not None, muted=muted)
        self.fit()  # the large head's labels may need more height (bigger text, more tokens)
        self.detailDrawn.emit()

    def _title(self, layer: int, head: int | None) -> str:
        if head is None:
            return self.tr("Layer {layer} · {mode}").format(layer=layer + 1, mode=mode_title(self._mode).lower())
        return self.tr("Layer {layer} · head {head}").format(layer=layer + 1, head=head + 1) + (
            self.tr(" (muted)") if (layer, head) in self._muted else ""
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.detail and event.type() == QEvent.Type.LayoutRequest:
            self.fit()
        return False

    def fit(self) -> None:
        """Stacked: the grid as tall as its cells need. Side by side: no taller than that either (at least the
        room the large head needs to label every token), so spare height goes to the tabs below rather than to
        empty bands."""
        wide = self.splitter.is_wide()
        self.grid.set_fit_height(not wide)
        need = max(MAPS_MIN_WIDE, self.grid.ideal_height(self.grid.width()), self.detail.minimumSizeHint().height())
        top = need if wide else 16_777_215
        self.splitter.setMaximumHeight(top)

    # --- interaction ----------------------------------------------------------------------------------
    def _on_cell_clicked(self, row: int, col: int) -> None:
        if self._grid is not None:
            self.select_head(*self._grid.cells[row][col])

    def _on_mute_requested(self, row: int, col: int) -> None:
        if self._grid is not None:
            layer, head = self._grid.cells[row][col]
            if head is not None:
                self.select_head(layer, head)
                self.toggle_mute(layer, head)

    def _on_detail_mute(self, on: bool) -> None:
        layer, head = self._selected
        if head is not None and ((layer, head) in self._muted) != on:
            self.toggle_mute(layer, head)

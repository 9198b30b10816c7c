"""The Model page: size the encoder with presets or by hand and see, live, what it costs (model_costs.py) and
what it looks like (stack_diagram.py).

The preset follows the device training runs on (tiny on a CPU, small on a GPU) until the person picks a size;
the picked preset is remembered in QSettings for the next start.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

from PySide6.QtCore import QEvent, QSettings, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import PRESETS, ModelConfig, Pooling, Positional, Precision, Preset, preset_name
from workbench.core.errors import ConfigError
from workbench.core.machine import system_memory
from workbench.core.model.estimates import param_count
from workbench.gui.pages.model.choices import head_choices, nearest, preset_title
from workbench.gui.pages.model.model_costs import CostBox
from workbench.gui.pages.model.shape_form import ShapeForm
from workbench.gui.pages.model.stack_diagram import StackDiagram
from workbench.gui.widgets import text_scale
from workbench.gui.widgets.formatting import format_count, format_flops
from workbench.gui.widgets.reflow import ReflowSplitter
from workbench.gui.widgets.settings_level import SettingsLevelSwitch

__all__ = ["ModelPanel", "format_count", "format_flops", "head_choices"]

DEFAULT_PRESET = "tiny"  # until the device probe reports: what suits a CPU, where most first runs happen
CPU_PRESET, GPU_PRESET = "tiny", "small"  # tiny shows a falling loss within seconds on a CPU; small on a GPU
PRESET_KEY = "model/preset"  # the preset the person picked last, restored at the next start
DEFAULT_BATCH = 32
MAX_CONTROLS_WIDTH = 560  # wider form fields only put the labels further from their values


class ModelPanel(QWidget):
    """Model size settings with live estimates and a drawing. Signal modelChanged fires on every change."""

    modelChanged = Signal()

    def __init__(self, parent: Any = None, *, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._settings = settings if settings is not None else QSettings()
        self._chosen = False  # the person picked a preset or edited the shape: no automatic preset any more
        self._vocab_size = ModelConfig().vocab_size
        self._vocab_exact = False  # False: only the most the tokenizer may learn is known, so sizes say "up to"
        self._n_classes = 2
        self._batch_size = DEFAULT_BATCH
        self._precision = "fp32"
        self._device_bytes = system_memory()
        self._device_label = "this computer"
        self._applying = False
        self._locked = False
        self._held_tips: dict[int, tuple[QWidget, str]] = {}  # tooltips of the controls held for fine-tuning
        self._build()
        self._fit_to_font()
        defaults = ModelConfig()  # the core's defaults for what the presets leave alone
        self._applying = True
        self.dropout_spin.setValue(defaults.dropout)
        self.max_len_spin.setValue(defaults.max_len)
        self.positional_combo.setCurrentIndex(max(0, self.positional_combo.findData(defaults.positional)))
        self.pooling_combo.setCurrentIndex(max(0, self.pooling_combo.findData(defaults.pooling)))
        self._applying = False
        saved = str(self._settings.value(PRESET_KEY, "") or "")
        self._chosen = saved in PRESETS
        self.apply_preset(saved if self._chosen else DEFAULT_PRESET, emit=False)

    # ================================================================== layout
    def _build(self) -> None:
        # ---- presets
        self.preset_group = QButtonGroup(self)
        self.preset_buttons: dict[str, QPushButton] = {}
        presets = QHBoxLayout()
        presets.setSpacing(6)
        for name in PRESETS:
            button = QPushButton(preset_title(name))
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, n=name: self._preset_clicked(n))
            self.preset_group.addButton(button)
            self.preset_buttons[name] = button
            presets.addWidget(button)
        self.custom_label = QLabel()
        self.custom_label.setToolTip(self.tr("The settings below no longer match a preset"))
        italic = QFont(self.custom_label.font())
        italic.setItalic(True)
        self.custom_label.setFont(italic)
        self._style_presets()
        presets.addSpacing(4)
        presets.addWidget(self.custom_label)
        presets.addStretch(1)
        self.preset_note = QLabel()
        self.preset_note.setWordWrap(True)
        self.preset_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.preset_note.setToolTip(self.tr("Why this size was picked for you; choosing another size hides this note."))
        self.preset_note.hide()
        size_box = QGroupBox(self.tr("Start from a size"))
        size_layout = QVBoxLayout(size_box)
        size_layout.addLayout(presets)
        size_layout.addWidget(self.preset_note)

        self.shape = shape_box = ShapeForm()
        self.d_model_spin, self.heads_combo = shape_box.d_model_spin, shape_box.heads_combo
        self.layers_spin, self.ffn_spin, self.ffn_ratio = shape_box.layers_spin, shape_box.ffn_spin, shape_box.ffn_ratio
        self.dropout_spin, self.max_len_spin = shape_box.dropout_spin, shape_box.max_len_spin
        self.positional_combo, self.pooling_combo = shape_box.positional_combo, shape_box.pooling_combo
        self.form_labels, self.inputs = shape_box.form_labels, shape_box.inputs

        # ---- estimates
        self.cost_box = CostBox()
        cb = self.cost_box
        self.params_label, self.params_detail, self.memory_label = cb.params_label, cb.params_detail, cb.memory_label
        self.flops_label, self.warning_label, self.note_label = cb.flops_label, cb.warning_label, cb.note_label

        # ---- drawing
        self.diagram = StackDiagram()
        diagram_box = QGroupBox(self.tr("Encoder stack"))
        QVBoxLayout(diagram_box).addWidget(self.diagram)

        self.level_switch = SettingsLevelSwitch()  # Simple hides the Shape box; the window keeps it in step

        # Controls and drawing side by side when the page is wide enough, the drawing under them when not.
        controls = QWidget()
        left = QVBoxLayout(controls)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.level_switch)
        left.addWidget(size_box)
        left.addWidget(shape_box)
        left.addWidget(self.cost_box)
        left.addStretch(1)
        self.controls = controls
        # In a holder: a stacked splitter takes the narrowest maximum width of its panes as its own, which would
        # keep the drawing (and the splitter) from ever getting wider than the settings.
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(controls, 1)
        row.addStretch(0)
        self.splitter = ReflowSplitter(wide=[5, 6])
        self.splitter.addWidget(holder)
        self.splitter.addWidget(diagram_box)
        self.splitter.reflowed.connect(lambda _o: self._fit_stacked())
        root = QVBoxLayout(self)
        root.addWidget(self.splitter)

        order: list[QWidget] = [*self.preset_buttons.values(), *self.inputs]
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)

        self.d_model_spin.valueChanged.connect(self._d_model_changed)
        for spin in (self.layers_spin, self.ffn_spin, self.max_len_spin):
            spin.valueChanged.connect(self._changed)
        self.dropout_spin.valueChanged.connect(self._changed)
        self.heads_combo.currentIndexChanged.connect(self._changed)
        self.positional_combo.currentIndexChanged.connect(self._changed)
        self.pooling_combo.currentIndexChanged.connect(self._changed)

    def _style_presets(self) -> None:
        """The chosen preset filled with the accent colour: Fusion's sunken look alone is hard to see, above all
        in the dark palette."""
        pal = self.palette()
        accent = pal.color(QPalette.ColorRole.Highlight)
        text = pal.color(QPalette.ColorRole.HighlightedText)
        pad = self.fontMetrics().height() // 4
        sheet = (
            f"QPushButton:checked {{ background-color: {accent.name()}; color: {text.name()};"
            f" border: 1px solid {accent.darker(130).name()}; border-radius: 3px; padding: {pad}px 8px; }}"
        )
        for button in self.preset_buttons.values():
            if button.styleSheet() != sheet:  # a style sheet change is itself a palette change: no loops
                button.setStyleSheet(sheet)

    def _fit_to_font(self) -> None:
        """Widths that follow the text size (zoom, presenter mode): each preset button holds the longest text it
        shows ("Small · 999 M", so the row does not jump as counts change), room is kept for "Custom size", and
        the settings column may grow with the text beyond MAX_CONTROLS_WIDTH."""
        fm = self.fontMetrics()  # the page's: its children may hear of a new font after it
        for button in self.preset_buttons.values():
            button.setMinimumWidth(fm.horizontalAdvance(self.tr("Small · 999 M")) + fm.height() + 4)
        italic = QFont(self.font())
        italic.setItalic(True)
        self.custom_label.setMinimumWidth(QFontMetrics(italic).horizontalAdvance(self.tr("Custom size")) + 4)
        self.controls.setMaximumWidth(text_scale.grown(MAX_CONTROLS_WIDTH, self))
        if hasattr(self, "splitter"):  # side by side only while the wider buttons still fit beside the drawing
            QTimer.singleShot(0, self, lambda: self.splitter.reflow(self.splitter.width()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            self._style_presets()
        elif event.type() == QEvent.Type.FontChange and hasattr(self, "controls"):
            self._fit_to_font()
            QTimer.singleShot(0, self, self._fit_stacked)  # after the new fonts reach the children
        super().changeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_stacked()

    def _fit_stacked(self) -> None:
        """Stacked (a narrow page), the settings get the height their text needs at this width and font, and the
        drawing the rest: the splitter's shares alone squeezed them after Simple/All or a bigger font."""
        holder = self.splitter.widget(0)
        assert holder is not None, "the settings are the splitter's first pane"
        if self.splitter.is_wide():
            holder.setMinimumHeight(0)
            return
        width = holder.width()
        need = holder.heightForWidth(width) if holder.hasHeightForWidth() and width > 0 else -1
        need = max(need, holder.sizeHint().height())
        if holder.minimumHeight() != need:
            holder.setMinimumHeight(need)
        sizes = self.splitter.sizes()
        if sizes and sizes[0] != need:
            self.splitter.setSizes([need, max(1, sum(sizes) - need)])

    # ================================================================== public API
    def model_config(self) -> ModelConfig:
        """The encoder as set now, validated (ConfigError); n_classes is 0 (the engine sets it from the data)."""
        cfg = self._read_config()
        cfg.validate()
        return cfg

    def _read_config(self) -> ModelConfig:
        return ModelConfig(
            vocab_size=self._vocab_size,
            d_model=self.d_model_spin.value(),
            n_heads=int(self.heads_combo.currentData() or 1),
            n_layers=self.layers_spin.value(),
            d_ff=self.ffn_spin.value(),
            max_len=self.max_len_spin.value(),
            dropout=round(self.dropout_spin.value(), 4),
            positional=Positional(self.positional_combo.currentData()),
            pooling=self.pooling(),
            n_classes=0,
        )

    def preset_name(self) -> str | None:
        """The preset whose shape (width, heads, layers, feed-forward) matches the settings; None if custom."""
        heads = int(self.heads_combo.currentData() or 0)
        return preset_name(Preset(self.d_model_spin.value(), heads, self.layers_spin.value(), self.ffn_spin.value()))

    def apply_preset(self, name: str, emit: bool = True) -> None:
        """Set width, heads, layers and feed-forward size to a preset (dropout, length, positions stay)."""
        size = PRESETS[name]
        self._applying = True
        try:
            self.d_model_spin.setValue(size.d_model)
            self._fill_heads(size.d_model, size.n_heads)
            self.layers_spin.setValue(size.n_layers)
            self.ffn_spin.setValue(size.d_ff)
        finally:
            self._applying = False
        self._refresh()
        if emit:
            self.modelChanged.emit()

    def _preset_clicked(self, name: str) -> None:
        """The person picked a preset: use it, remember it for the next start, and stop choosing for them."""
        self._mark_chosen()
        self._settings.setValue(PRESET_KEY, name)
        self.apply_preset(name)

    def _mark_chosen(self) -> None:
        self._chosen = True
        self.preset_note.hide()

    def preset_was_chosen(self) -> bool:
        """True once the person picked a preset or edited the shape (now or, for presets, at an earlier start)."""
        return self._chosen

    def suggest_preset_for(self, device_kind: str, device_label: str = "") -> None:
        """Select the preset that suits the device training will use (tiny on a CPU, small on a GPU) and say why,
        unless the person has chosen a size or a run is training."""
        if self._chosen or self._locked:
            return
        name = CPU_PRESET if device_kind == "cpu" else GPU_PRESET
        if self.preset_name() != name:
            self.apply_preset(name)
        title = preset_title(name)
        if device_kind == "cpu":
            why = self.tr(
                "{title} is selected because training runs on the CPU: its loss curve starts falling within "
                "seconds. Small and Base can learn more but take minutes there."
            ).format(title=title)
        else:
            where = f" ({device_label})" if device_label else ""
            why = self.tr(
                "{title} is selected because training runs on the graphics card{where}. Base is bigger and slower."
            ).format(title=title, where=where)
        self.preset_note.setText(why)
        self.preset_note.show()

    def set_model_config(self, cfg: ModelConfig) -> None:
        """Show a stored configuration (e.g. of a run being continued)."""
        self._mark_chosen()
        self._applying = True
        try:
            self.d_model_spin.setValue(cfg.d_model)
            self._fill_heads(cfg.d_model, cfg.n_heads)
            self.layers_spin.setValue(cfg.n_layers)
            self.ffn_spin.setValue(cfg.d_ff)
            self.dropout_spin.setValue(cfg.dropout)
            self.max_len_spin.setValue(cfg.max_len)
            self.positional_combo.setCurrentIndex(max(0, self.positional_combo.findData(cfg.positional)))
            self.pooling_combo.setCurrentIndex(max(0, self.pooling_combo.findData(cfg.pooling)))
            self._vocab_size, self._vocab_exact = cfg.vocab_size, True  # a run's real vocabulary
        finally:
            self._applying = False
        self._refresh()
        self.modelChanged.emit()

    def set_batch_size(self, n: int) -> None:
        self._batch_size = max(1, int(n))
        self._refresh()

    def set_device_memory(self, n_bytes: int | None, label: str = "") -> None:
        """The memory of the device training will use (GPU memory, or RAM for the CPU); None or 0: unknown."""
        self._device_bytes = int(n_bytes) if n_bytes else None
        self._device_label = label
        self._refresh()

    def set_vocab_size(self, n: int, exact: bool = False) -> None:
        """The embedding table's size: the Data page's maximum vocabulary (exact=False: the sizes say "up to"), or
        the size its tokenizer preview really learnt (exact=True)."""
        if n != self._vocab_size or exact != self._vocab_exact:
            self._vocab_size, self._vocab_exact = int(n), exact
            self._refresh()
            self.modelChanged.emit()

    def set_class_count(self, n: int) -> None:
        """How many classes the data has, for the classifier's size in the estimates and the drawing."""
        self._n_classes = max(0, int(n))
        self._refresh()

    def set_precision(self, precision: str) -> None:
        """fp32, bf16, fp16 or auto: activations in 16 bits need about half the memory."""
        self._precision = precision if precision in Precision.values() else Precision.FP32
        self._refresh()

    def set_locked(self, locked: bool) -> None:
        """Lock the settings while a run trains (the shape of a model cannot change mid-run)."""
        self._locked = locked
        for w in [*self.preset_buttons.values(), *self.inputs]:
            w.setEnabled(not locked)
        tip = self.tr("The model cannot change while it trains; stop the run to edit it.") if locked else ""
        self.setToolTip(tip)

    def is_locked(self) -> bool:
        return self._locked

    def set_simple(self, simple: bool) -> None:
        """Simple: only the presets, the costs and the drawing; the Shape box is hidden but keeps every value."""
        self.level_switch.set_simple(simple)
        self.shape.setVisible(not simple)
        self._fit_stacked()

    def advanced_controls(self) -> list[QWidget]:
        """The controls Simple hides (each keeps its value, and runs use it)."""
        return list(self.inputs)

    def pooling(self) -> Pooling:
        """What the classifier reads (mean or cls)."""
        return Pooling(self.pooling_combo.currentData())

    def hold_size(self, why: str | None) -> None:
        """Fine-tuning keeps a pre-trained run's size: disable the sizing controls with `why` as their tooltip and
        the note; None gives them back. Dropout and pooling (what the new classifier head reads) stay free."""
        sizing = [*self.preset_buttons.values(), *(w for w in self.inputs if w not in self._free_when_held())]
        if why is not None:
            for widget in sizing:
                self._held_tips.setdefault(id(widget), (widget, widget.toolTip()))
                widget.setEnabled(False)
                widget.setToolTip(why)
            self.preset_note.setText(why)
            self.preset_note.show()
            return
        for widget, tip in self._held_tips.values():
            widget.setToolTip(tip)
            widget.setEnabled(not self._locked)
        self._held_tips.clear()
        self.preset_note.hide()

    def _free_when_held(self) -> tuple[QWidget, ...]:
        return (self.dropout_spin, self.pooling_combo)

    def estimate_config(self) -> ModelConfig:
        """The configuration the estimates use: the settings plus the data's class count."""
        return dataclasses.replace(self._read_config(), n_classes=self._n_classes)

    # ================================================================== reacting
    def _fill_heads(self, d_model: int, wanted: int) -> None:
        choices = head_choices(d_model)
        pick = wanted if wanted in choices else nearest(wanted, choices)
        self.heads_combo.blockSignals(True)
        self.heads_combo.clear()
        for h in choices:
            self.heads_combo.addItem(self.tr("{h}  ({d_model} numbers each)").format(h=h, d_model=d_model // h), h)
        self.heads_combo.setCurrentIndex(choices.index(pick))
        self.heads_combo.blockSignals(False)

    def _d_model_changed(self, value: int) -> None:
        if self._applying:
            return
        self._mark_chosen()
        self._fill_heads(value, int(self.heads_combo.currentData() or 1))
        self._changed()

    def _changed(self, *_args: Any) -> None:
        if self._applying:
            return
        self._mark_chosen()  # an edited shape is the person's choice: the device must not replace it
        self._refresh()
        self.modelChanged.emit()

    def _refresh(self) -> None:
        """Update the preset state, the estimates and the drawing from the inputs."""
        if self._applying:
            return
        cfg = self.estimate_config()
        try:
            cfg.validate()
        except ConfigError as err:  # only reachable through code that bypasses the pickers; say it, no crash
            self.cost_box.show_problem(str(err))
            return
        name = self.preset_name()
        self.preset_group.setExclusive(False)
        for preset, button in self.preset_buttons.items():
            button.setChecked(preset == name)
            shape = PRESETS[preset]
            size = param_count(
                dataclasses.replace(
                    cfg, d_model=shape.d_model, n_heads=shape.n_heads, n_layers=shape.n_layers, d_ff=shape.d_ff
                )
            )
            up_to = "" if self._vocab_exact else "≤"
            button.setText(f"{preset_title(preset)} · {up_to}{format_count(size)}")
            button.setToolTip(
                (
                    self.tr(
                        "{preset}: width {d_model}, {n_heads} heads, {n_layers} layers, feed-forward {d_ff} — "
                        "{size:,} parameters with the current vocabulary"
                    )
                    if self._vocab_exact
                    else self.tr(
                        "{preset}: width {d_model}, {n_heads} heads, {n_layers} layers, feed-forward {d_ff} — "
                        "up to {size:,} parameters with the current vocabulary"
                    )
                ).format(
                    preset=preset_title(preset),
                    d_model=shape.d_model,
                    n_heads=shape.n_heads,
                    n_layers=shape.n_layers,
                    d_ff=shape.d_ff,
                    size=size,
                )
            )
        self.preset_group.setExclusive(True)
        self.custom_label.setText(self.tr("Custom size") if name is None else "")
        d = cfg.d_model
        ratio = cfg.d_ff / d
        self.ffn_ratio.setText(self.tr("= {ratio:.3g} × width").format(ratio=ratio))

        self.cost_box.show_estimates(
            cfg, self._batch_size, self._precision, self._device_bytes, self._device_label, self._vocab_exact
        )
        self.diagram.set_config(cfg, self._n_classes)

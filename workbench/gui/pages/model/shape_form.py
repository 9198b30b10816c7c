"""The Model page's "Shape" box: width, heads, layers, feed-forward size, dropout, maximum length, positional
encoding and pooling, each with a tooltip that says what it does and what is typical."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from workbench.core.config import ModelConfig, Pooling, Positional, field_spec
from workbench.gui.pages.model.choices import choice_combo
from workbench.gui.pages.model.explanations import add_markers
from workbench.gui.widgets.field_spin import apply_spec, range_hint


class ShapeForm(QGroupBox):
    """The shape controls in a form; `inputs` lists them in tab order. The Model page reads and sets them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Shape"), parent)
        self.d_model_spin = QSpinBox()
        apply_spec(self.d_model_spin, field_spec(ModelConfig, "d_model"))
        self.d_model_spin.setToolTip(
            self.tr(
                "How many numbers describe each token inside the model ({range}). Wider models can learn "
                "more but are slower and need more memory; 128–512 suits most small data sets."
            ).format(range=range_hint(ModelConfig, "d_model"))
        )
        self.heads_combo = QComboBox()
        self.heads_combo.setToolTip(
            self.tr(
                "How many separate attention patterns each block learns at once. Only counts that divide the width "
                "evenly are offered; each head then works with width ÷ heads numbers."
            )
        )
        self.layers_spin = QSpinBox()
        apply_spec(self.layers_spin, field_spec(ModelConfig, "n_layers"))
        self.layers_spin.setToolTip(
            self.tr(
                "How many blocks are stacked ({range}). More blocks can learn more complex relations "
                "between words but train slower; 2–6 is typical for a few thousand sentences."
            ).format(range=range_hint(ModelConfig, "n_layers"))
        )
        self.ffn_spin = QSpinBox()
        apply_spec(self.ffn_spin, field_spec(ModelConfig, "d_ff"))
        self.ffn_spin.setToolTip(
            self.tr(
                "Size of the hidden layer in each block's feed-forward part ({range}). Usually 4 × the width."
            ).format(range=range_hint(ModelConfig, "d_ff"))
        )
        self.ffn_ratio = QLabel()
        self.ffn_ratio.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.dropout_spin = QDoubleSpinBox()
        apply_spec(self.dropout_spin, field_spec(ModelConfig, "dropout"))
        self.dropout_spin.setToolTip(
            self.tr(
                "Share of values switched off at random while training, so the model cannot lean on any single "
                "one ({range}; 0.1 is typical, more helps when the model memorises small data). Not used "
                "when predicting."
            ).format(range=range_hint(ModelConfig, "dropout"))
        )
        self.max_len_spin = QSpinBox()
        apply_spec(self.max_len_spin, field_spec(ModelConfig, "max_len"))
        self.max_len_spin.setSuffix(self.tr(" tokens"))
        self.max_len_spin.setToolTip(
            self.tr(
                "The longest text the model reads, in tokens; longer texts are cut at the end ({range}). "
                "Memory for attention grows with the square of this, so keep it just above your typical text "
                "length."
            ).format(range=range_hint(ModelConfig, "max_len"))
        )
        self.positional_combo = choice_combo(
            Positional,
            self.tr(
                "How the model knows word order. Sinusoidal adds fixed wave patterns (no parameters to learn); "
                "Learned trains one vector per position (a few more parameters, limited to the maximum length); "
                "ALiBi adds no vectors but makes each head favour nearby words, some heads more than others; "
                "Sinusoidal + ALiBi does both, which lets masked-word pre-training use the neighbours from the start."
            ),
        )
        self.pooling_combo = choice_combo(
            Pooling,
            self.tr(
                "What the classifier reads. Mean of all words averages the last layer over the text, which is what "
                "masked-word pre-training trains; the [CLS] token is BERT's way, a start marker whose last state the "
                "classifier alone teaches to sum up the text (pre-training never does)."
            ),
        )

        for combo in (
            self.heads_combo,
            self.positional_combo,
            self.pooling_combo,
        ):  # their longest item must not set the page width
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        ffn_row = QHBoxLayout()
        ffn_row.addWidget(self.ffn_spin, 1)
        ffn_row.addWidget(self.ffn_ratio)
        rows = (
            (self.tr("&Width (d_model):"), self.d_model_spin),
            (self.tr("Attention h&eads:"), self.heads_combo),
            (self.tr("&Layers (blocks):"), self.layers_spin),
            (self.tr("Feed-forward si&ze:"), ffn_row),
            (self.tr("&Dropout:"), self.dropout_spin),
            (self.tr("&Maximum length:"), self.max_len_spin),
            (self.tr("&Positional encoding:"), self.positional_combo),
            (self.tr("&Classifier reads:"), self.pooling_combo),
        )
        self.form_labels: list[QLabel] = []
        for text, field in rows:
            label = QLabel(text)
            label.setBuddy(field if isinstance(field, QWidget) else self.ffn_spin)  # the feed-forward row: its size
            self.form_labels.append(label)
            form.addRow(label, field)
        self.setLayout(form)
        self.markers = add_markers(self)  # a "?" with a plain sentence beside each control
        self.inputs: list[QWidget] = [
            self.d_model_spin,
            self.heads_combo,
            self.layers_spin,
            self.ffn_spin,
            self.dropout_spin,
            self.max_len_spin,
            self.positional_combo,
            self.pooling_combo,
        ]

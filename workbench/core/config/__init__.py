"""Settings of a run as validated dataclasses, the choices they offer, the model presets and their TOML form.

choices: an enum per choice (positional kind, pooling, task, precision, tokenizer, passages) and the device
parser; fields: ranges, steps and help on the dataclass fields (field_spec); model/data/train: the three
sections; run: RunConfig and config.toml; presets: the named sizes.
"""

from workbench.core.config.choices import (
    DEVICES_HINT,
    AlibiSlopes,
    Choice,
    DeviceSpec,
    PassageMode,
    Pooling,
    Positional,
    Precision,
    Task,
    TokenizerKind,
    parse_device,
)
from workbench.core.config.data import DataConfig
from workbench.core.config.fields import FieldSpec, check_fields, field_spec, field_specs
from workbench.core.config.model import MAX_LEN_LIMIT, ModelConfig
from workbench.core.config.presets import PRESETS, SCRATCH_LR, Preset, default_lr, preset, preset_name, shape_of
from workbench.core.config.run import LEGACY_DATA, LEGACY_MODEL, RunConfig
from workbench.core.config.train import DEFAULT_PATIENCE, TrainConfig

# The choices' values as tuples, for code that lists them (argparse choices, combo boxes).
POSITIONAL_KINDS = Positional.values()
POOLING_KINDS = Pooling.values()
TOKENIZER_KINDS = TokenizerKind.values()
TASKS = Task.values()
PASSAGE_MODES = PassageMode.values()
PRECISIONS = Precision.values()

__all__ = [
    "DEFAULT_PATIENCE",
    "DEVICES_HINT",
    "LEGACY_DATA",
    "LEGACY_MODEL",
    "MAX_LEN_LIMIT",
    "PASSAGE_MODES",
    "POOLING_KINDS",
    "POSITIONAL_KINDS",
    "PRECISIONS",
    "PRESETS",
    "SCRATCH_LR",
    "TASKS",
    "TOKENIZER_KINDS",
    "AlibiSlopes",
    "Choice",
    "DataConfig",
    "DeviceSpec",
    "FieldSpec",
    "ModelConfig",
    "PassageMode",
    "Pooling",
    "Positional",
    "Precision",
    "Preset",
    "RunConfig",
    "Task",
    "TokenizerKind",
    "TrainConfig",
    "check_fields",
    "default_lr",
    "field_spec",
    "field_specs",
    "parse_device",
    "preset",
    "preset_name",
    "shape_of",
]

"""The choice enums, the field specs (ranges, steps, help) and the helpers around them: the one source that the
validators, the CLI and the app's controls read."""

from __future__ import annotations

import dataclasses
import json

import pytest

from workbench.core.config import (
    PRESETS,
    DataConfig,
    DeviceSpec,
    ModelConfig,
    PassageMode,
    Pooling,
    Positional,
    Precision,
    RunConfig,
    Task,
    TokenizerKind,
    TrainConfig,
    field_spec,
    field_specs,
    parse_device,
    preset,
    preset_name,
    shape_of,
)
from workbench.core.config.toml import plain
from workbench.core.errors import ConfigError
from workbench.core.machine import format_bytes, system_memory


def test_positional_kinds_know_what_they_add() -> None:
    table = {
        kind: (kind.adds_vectors, kind.sinusoidal, kind.learned, kind.uses_alibi) for kind in Positional
    }  # fmt: skip
    assert table == {
        Positional.SINUSOIDAL: (True, True, False, False),
        Positional.LEARNED: (True, False, True, False),
        Positional.ALIBI: (False, False, False, True),
        Positional.SINUSOIDAL_ALIBI: (True, True, False, True),
    }
    assert [p.reads_cls for p in Pooling] == [False, True]
    assert [t.labelled for t in Task] == [True, False]
    assert [(p.autocast, p.activation_bytes) for p in Precision] == [(False, 4), (False, 4), (True, 2), (True, 2)]


def test_choices_behave_as_their_strings() -> None:
    assert Positional.ALIBI == "alibi" and Positional.ALIBI == "alibi"
    assert f"{Positional.SINUSOIDAL_ALIBI}" == "sinusoidal+alibi" and str(Pooling.CLS) == "cls"
    assert {"fp16": 2}[Precision.FP16] == 2 and {Precision.FP16: 2}["fp16"] == 2  # hash as the string
    assert json.dumps({"p": Precision.BF16}) == '{"p": "bf16"}'
    assert plain({"a": [Task.MLM], "b": PassageMode.CHUNKS}) == {"a": ["mlm"], "b": "chunks"}
    assert type(plain(Task.MLM)) is str
    assert Positional.values() == ("sinusoidal", "learned", "alibi", "sinusoidal+alibi")
    assert (Pooling.MEAN.label, TokenizerKind.CHAR.label, Precision.AUTO.label) == (
        "Mean of all words",
        "characters",
        "auto",
    )


def test_configs_hold_enum_members_whether_given_strings_or_members() -> None:
    cfg = ModelConfig(positional="learned", pooling="cls")
    assert cfg.positional is Positional.LEARNED and cfg.pooling is Pooling.CLS
    assert dataclasses.replace(cfg, positional="alibi").positional is Positional.ALIBI
    assert DataConfig(tokenizer="char", passages="lines").tokenizer is TokenizerKind.CHAR
    assert TrainConfig(task="mlm", precision="bf16").precision is Precision.BF16
    loaded = RunConfig.from_toml(RunConfig(model=cfg).to_toml())
    assert loaded.model.positional is Positional.LEARNED and loaded.train.task is Task.CLASSIFY
    assert 'positional = "learned"' in RunConfig(model=cfg).to_toml()
    bad = ModelConfig(pooling="max")  # kept as given, so validate can name it
    with pytest.raises(ConfigError, match="pooling must be one of mean, cls \\(got 'max'\\)"):
        bad.validate()


def test_field_specs_carry_ranges_steps_and_help() -> None:
    vocab = field_spec(DataConfig, "vocab_size")
    assert (vocab.minimum, vocab.maximum, vocab.step, vocab.integer) == (50, 200_000, 500, True)
    assert "tokenizer" in vocab.help and vocab.range_text() == "between 50 and 200,000"
    assert field_spec(DataConfig(), "vocab_size") == vocab  # an instance works as well as the class
    max_len = field_spec(ModelConfig, "max_len")
    assert (max_len.minimum, max_len.maximum, max_len.step) == (8, 512, 8)
    scale = field_spec(TrainConfig, "encoder_lr_scale")
    assert (scale.minimum, scale.maximum, scale.step, scale.decimals) == (0.0, 10.0, 0.1, 2)
    assert field_spec(ModelConfig, "positional").choices is Positional
    assert field_spec(TrainConfig, "epochs").optional and not field_spec(TrainConfig, "lr").optional
    assert list(field_specs(ModelConfig))[:3] == ["vocab_size", "d_model", "n_heads"]
    with pytest.raises(KeyError):
        field_spec(ModelConfig, "width")


@pytest.mark.parametrize(
    ("section", "name", "ok", "bad", "words"),
    [
        (DataConfig, "vocab_size", [50, 200_000], [49, 200_001], "vocabulary size must be between 50 and 200,000"),
        (DataConfig, "val_fraction", [0.01, 0.89], [0.0, 0.9], "above 0 and below 0.9"),
        (ModelConfig, "max_len", [8, 512], [7, 513], "max_len must be between 8 and 512"),
        (ModelConfig, "dropout", [0.0, 0.5], [-0.1, 0.55, 1.0], "dropout must be between 0 and 0.5"),
        (TrainConfig, "lr", [1e-6, 0.5], [0.0, 1.0], "learning rate must be above 0 and below 1"),
        (TrainConfig, "encoder_lr_scale", [0.0, 10.0], [-0.5, 10.5], "between 0 and 10"),
        (TrainConfig, "epochs", [None, 0.5], [0.0, -1.0], "epochs must be above 0 and at most 1000"),
        (TrainConfig, "freeze_steps", [0, 100], [-1, 10_000_001], "freeze_steps must be between 0 and 10,000,000"),
        (TrainConfig, "batch_size", [1, 8192], [0, 8193, 2.5, "8", True], "batch size must be"),
    ],
)
def test_validators_check_the_field_specs(section: type, name: str, ok: list, bad: list, words: str) -> None:
    spec = field_spec(section, name)
    for value in ok:
        assert spec.problem(value) is None, value
        dataclasses.replace(section(), **{name: value}).validate()
    for value in bad:
        assert spec.problem(value) is not None, value
        with pytest.raises(ConfigError, match=words):
            dataclasses.replace(section(), **{name: value}).validate()


def test_spin_ranges_are_inclusive_and_inside_the_valid_range() -> None:
    assert field_spec(DataConfig, "vocab_size").spin_range() == (50, 200_000)
    lo, hi = field_spec(DataConfig, "val_fraction").spin_range()  # open bounds move in by 0.01 (2 decimals)
    assert (lo, hi) == pytest.approx((0.01, 0.89))
    assert field_spec(TrainConfig, "epochs").spin_range() == pytest.approx((0.1, 1000.0))  # 1 decimal
    assert field_spec(TrainConfig, "max_time").spin_range()[0] > 0


def test_one_device_parser() -> None:
    assert parse_device("auto") == DeviceSpec("auto") and parse_device(None).auto
    assert parse_device(" CUDA:1 ") == DeviceSpec("cuda", 1) and str(parse_device("cuda:1")) == "cuda:1"
    assert str(parse_device("mps")) == "mps" and parse_device("cpu").index is None
    for text in ("gpu", "cuda:x", "cpu:0", "cuda:", ""):
        if text == "":
            assert parse_device(text).auto  # empty means automatic, as the GUI's combo gives it
            continue
        with pytest.raises(ConfigError, match="auto, cpu, cuda, cuda:N or mps"):
            parse_device(text)
    with pytest.raises(ConfigError, match="Unknown device"):
        TrainConfig(device="tpu").validate()


def test_the_preset_table_is_read_through_its_functions() -> None:
    assert PRESETS["base"] == (512, 8, 6, 2048) and PRESETS["tiny"].fields()["d_ff"] == 512
    assert preset_name(preset("small")) == "small" and preset_name(PRESETS["tiny"]) == "tiny"
    assert preset_name(preset("small", d_ff=2048)) is None
    assert shape_of(preset("base")) == PRESETS["base"]
    with pytest.raises(ConfigError, match="Unknown preset 'huge'; choose one of tiny, small, base"):
        preset("huge")


def test_bytes_read_as_people_read_them() -> None:
    cases = {512: "512 bytes", 1536: "1.5 KB", 850 * 1024**2: "850 MB", 2 * 1024**3: "2 GB", 3.1 * 1024**3: "3.1 GB"}
    assert {n: format_bytes(n) for n in cases} == cases
    assert format_bytes(12.4 * 1024**4) == "12 TB"
    memory = system_memory()
    assert memory is None or memory > 2**20

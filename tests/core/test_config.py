from __future__ import annotations

import dataclasses

import pytest
import tomli_w

from workbench.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig, preset
from workbench.core.errors import ConfigError


def test_presets_match_the_design_card() -> None:
    base = preset("base")
    assert (base.d_model, base.n_heads, base.n_layers, base.d_ff) == (512, 8, 6, 2048)
    assert (preset("tiny").d_model, preset("small").n_layers) == (128, 4)
    assert base.max_len == 128
    assert preset("small", d_model=512, n_heads=None).d_model == 512


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"n_heads": 3}, "must divide d_model"),
        ({"d_model": 0}, r"width \(d_model\) must be between 8 and 2048 \(got 0\)"),
        ({"max_len": 4}, "between 8 and 512"),
        ({"max_len": 1024}, "between 8 and 512"),
        ({"dropout": 1.0}, "dropout"),
        ({"positional": "rotary"}, "sinusoidal"),
        ({"n_classes": 1}, "two classes"),
    ],
)
def test_impossible_model_settings_are_refused_with_a_reason(changes: dict, words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        dataclasses.replace(ModelConfig(), **changes).validate()


def test_head_error_lists_the_valid_choices() -> None:
    with pytest.raises(ConfigError) as err:
        ModelConfig(d_model=96, n_heads=5).validate()
    assert "1, 2, 3, 4, 6, 8, 12" in str(err.value)


@pytest.mark.parametrize(
    "changes",
    [{"batch_size": 0}, {"lr": 0}, {"lr": 3.0}, {"max_time": -1}, {"precision": "int8"}, {"task": "x"}],
)
def test_impossible_training_settings_are_refused(changes: dict) -> None:
    with pytest.raises(ConfigError):
        dataclasses.replace(TrainConfig(), **changes).validate()


def test_toml_round_trip_keeps_every_field() -> None:
    cfg = RunConfig(model=preset("tiny", positional="learned", n_classes=3), preset="tiny")
    cfg.train.max_time = 60.0
    cfg.data.text_column = "review"
    again = RunConfig.from_toml(cfg.to_toml())
    assert again == cfg
    assert again.train.max_steps is None  # unset values survive TOML, which has no null


def test_runs_saved_before_pooling_and_alibi_load_as_they_were_trained(tmp_path) -> None:
    legacy = RunConfig(model=preset("tiny", n_classes=2), preset="tiny").to_dict()
    del legacy["model"]["pooling"], legacy["model"]["positional"]
    path = tmp_path / "config.toml"
    path.write_text(tomli_w.dumps(legacy), encoding="utf-8")
    assert "pooling" not in path.read_text(encoding="utf-8")
    old = RunConfig.load(path).model
    assert (old.pooling, old.positional) == ("cls", "sinusoidal")
    assert (RunConfig().model.pooling, RunConfig().model.positional) == ("mean", "sinusoidal+alibi")  # the defaults
    saved = RunConfig(model=preset("tiny", pooling="mean", positional="alibi"))
    again = RunConfig.from_toml(saved.to_toml()).model
    assert (again.pooling, again.positional) == ("mean", "alibi")


def test_unknown_and_broken_toml_give_plain_errors() -> None:
    with pytest.raises(ConfigError, match="Unknown setting"):
        RunConfig.from_toml("[model]\nwidth = 3\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        RunConfig.from_toml("[model\n")
    with pytest.raises(ConfigError, match="must be a table"):
        RunConfig.from_toml("model = 3\n")


def test_book_lines_become_passages_but_sentences_stay() -> None:
    from workbench.core.data.dataset import Dataset, to_passages

    play = Dataset([f"line {i} of the play" for i in range(100)], source="play.txt")
    passages = to_passages(play, words=20)
    assert len(passages) == 25 and passages.texts[0].startswith("line 0 of the play line 1")
    assert " ".join(passages.texts) == " ".join(play.texts)  # nothing lost, order kept
    long_lines = Dataset([" ".join(["word"] * 30)] * 10)
    assert to_passages(long_lines, words=20).texts == long_lines.texts  # auto: already passages
    assert len(to_passages(long_lines, words=20, mode="chunks")) == 10
    assert to_passages(play, words=20, mode="lines").texts == play.texts


def test_the_validation_split_has_its_own_seed_and_old_runs_keep_the_training_seed(tmp_path) -> None:
    cfg = RunConfig(train=TrainConfig(seed=7))
    assert cfg.data.split_seed == 0 and cfg.split_seed() == 0  # new runs: the same rows whatever the seed
    assert "split_seed = 0" in cfg.to_toml()
    legacy = cfg.to_dict()
    del legacy["data"]["split_seed"]
    old = RunConfig.from_dict(legacy)
    assert old.data.split_seed is None and old.split_seed() == 7  # how the engine split it then
    assert "split_seed" not in old.to_toml()  # saved again, it stays an old run
    with pytest.raises(ConfigError, match="split_seed"):
        DataConfig(split_seed=-1).validate()

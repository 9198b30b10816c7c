"""Any bytes in a run folder's small files give the data or one clear RunError, never a traceback or a hang
(issue 18, problem 7): property tests over config.toml, run.json, metrics.jsonl, labels.json, checkpoint.json and
trainer_state.json, read by every reader (inspect, the Runs page's summary, metrics, resume)."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_checkpoints import to_legacy

from workbench.core.config import DataConfig, ModelConfig, RunConfig, TrainConfig
from workbench.core.data.dataset import Dataset, stratified_split
from workbench.core.errors import WorkbenchError
from workbench.core.inspection.inspector import load_run
from workbench.core.runs.folder import RunFolder
from workbench.core.runs.summary import read_run
from workbench.core.training.engine import Trainer

FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)
TOML_VALUES = st.integers() | st.floats() | st.booleans() | st.text(max_size=8) | st.lists(st.integers(), max_size=3)


@pytest.fixture(scope="module")
def source(tmp_path_factory, tiny_texts_module) -> tuple[Path, tuple[Dataset, Dataset]]:
    texts, labels = tiny_texts_module
    splits = stratified_split(Dataset(texts, labels, source="tiny"), 0.2, seed=0)
    cfg = RunConfig(
        DataConfig(tokenizer="char"),
        ModelConfig(d_model=16, n_heads=2, n_layers=1, d_ff=32, max_len=16),
        TrainConfig(batch_size=16, max_steps=2, eval_every=2, precision="fp32", device="cpu"),
        preset=None,
    )
    run = tmp_path_factory.mktemp("fuzz") / "run"
    for _ in Trainer(cfg, train=splits[0], val=splits[1], run_dir=run).fit():
        pass
    return run, splits


@pytest.fixture(scope="module")
def tiny_texts_module() -> tuple[list[str], list[str]]:
    words = ["good", "bad"]
    texts = [f"the film was {'really ' * (i % 3)}{words[i % 2]}" for i in range(60)]
    return texts, ["positive" if i % 2 == 0 else "negative" for i in range(60)]


def read_everything(folder: Path, splits: tuple[Dataset, Dataset]) -> None:
    """Every reader of a run folder: each may refuse with a WorkbenchError (one line), nothing else."""
    row = read_run(folder)  # the Runs page: never raises, lists a damaged run
    assert row is not None and (row.status != "damaged" or row.problem)
    for read in (
        lambda: load_run(folder),
        lambda: load_run(folder, best=True),
        lambda: RunFolder(folder).read_metrics(),
        lambda: RunFolder.open(folder).load_labels(),
    ):
        try:
            read()
        except WorkbenchError as err:
            assert str(err) and "\n" not in str(err)
    trainer = Trainer(run_dir=folder, resume=True, train=splits[0], val=splits[1])
    try:
        trainer.prepare()
    except WorkbenchError as err:
        assert str(err) and "\n" not in str(err)
    finally:
        trainer.close()


def with_file(source: Path, name: str, data: bytes) -> Path:
    """A copy of the run with `name` replaced by `data`. "legacy/NAME": a copy in the layout from before
    checkpoint.json, whose files have no hash to be checked against."""
    folder = Path(tempfile.mkdtemp(prefix="fuzz-")) / "run"
    shutil.copytree(source, folder)
    if name.startswith("legacy/"):
        to_legacy(folder)
        name = name.removeprefix("legacy/")
    target = RunFolder(folder).checkpoint().files["state"] if name == "trainer_state.json" else folder / name
    target.write_bytes(data)
    return folder


def spliced(original: bytes) -> st.SearchStrategy[bytes]:
    """The real file with a span replaced by random bytes: mostly valid, damaged somewhere."""
    return st.tuples(st.integers(0, len(original)), st.integers(0, 40), st.binary(max_size=12)).map(
        lambda t: original[: t[0]] + t[2] + original[t[0] + t[1] :]
    )


def json_edit(original: bytes) -> st.SearchStrategy[bytes]:
    """The real JSON with one top-level value (or element) replaced by any JSON value, NaN included."""
    obj = json.loads(original)
    keys = list(obj) if isinstance(obj, dict) else list(range(len(obj)))
    if not keys:
        return JSON_VALUES.map(lambda v: json.dumps(v).encode())

    def edit(pair: tuple[object, object]) -> bytes:
        copy = json.loads(original)
        copy[pair[0]] = pair[1]
        return json.dumps(copy).encode()

    return st.tuples(st.sampled_from(keys), JSON_VALUES).map(edit)


def toml_edit(original: bytes) -> st.SearchStrategy[bytes]:
    """config.toml with one setting set to a value of any type (d_model = "big", lr = nan...)."""
    raw = RunConfig.from_toml(original.decode()).to_dict()
    places = [(section, key) for section, table in raw.items() if isinstance(table, dict) for key in table]

    def edit(pair: tuple[tuple[str, str], object]) -> bytes:
        (section, key), value = pair
        copy = RunConfig.from_toml(original.decode()).to_dict()
        copy[section][key] = value
        return tomli_w.dumps(copy).encode()

    return st.tuples(st.sampled_from(places), TOML_VALUES).map(edit)


@pytest.mark.parametrize(
    "name",
    [
        "config.toml",
        "run.json",
        "labels.json",
        "metrics.jsonl",
        "checkpoint.json",
        "trainer_state.json",
        "legacy/trainer_state.json",
        "legacy/optimizer.safetensors",
    ],
)
def test_any_bytes_in_a_run_file_load_or_fail_in_one_line(source, name: str) -> None:
    folder, splits = source
    part = {"trainer_state.json": "state", "optimizer.safetensors": "optimizer"}.get(name.removeprefix("legacy/"))
    path = RunFolder(folder).checkpoint().files[part] if part else folder / name
    original = path.read_bytes()
    edits = [st.binary(max_size=200), spliced(original)]
    if name == "config.toml":
        edits.append(toml_edit(original))
    elif name.endswith(".json"):
        edits.append(json_edit(original))

    @FUZZ
    @given(data=st.one_of(*edits))
    def check(data: bytes) -> None:
        copy = with_file(folder, name, data)
        try:
            read_everything(copy, splits)
        finally:
            shutil.rmtree(copy.parent, ignore_errors=True)

    check()


def test_a_garbage_config_marks_the_run_damaged_with_the_reason(source) -> None:
    folder, _ = source
    copy = with_file(folder, "config.toml", b'[model]\nd_model = "big"\n')
    row = read_run(copy)
    assert row.status == "damaged" and "d_model" in row.problem and "config.toml" in row.problem
    assert not row.can_continue

"""Run folders: atomic writes, format checks, damaged files, and optimizer state without pickle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from workbench.core.errors import RunError
from workbench.core.runs.folder import RunFolder, atomic_write_text, new_run_path


def test_atomic_write_replaces_whole_files_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    atomic_write_text(target, "one")
    atomic_write_text(target, "two")
    assert target.read_text() == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "a.json"
    atomic_write_text(target, "old")

    def broken_replace(*args):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_text(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_new_run_paths_are_unique_and_readable(tmp_path: Path) -> None:
    first = new_run_path(tmp_path, "demo:reviews", "small")
    first.mkdir()
    second = new_run_path(tmp_path, "demo:reviews", "small")
    assert first != second and first.name.endswith("_reviews_small")
    assert new_run_path(tmp_path, "/data/My Reviews.csv", None).name.endswith("_my-reviews_custom")


def test_open_refuses_what_is_not_a_run_or_is_from_the_future(tmp_path: Path) -> None:
    with pytest.raises(RunError, match="not a run folder"):
        RunFolder.open(tmp_path)
    (tmp_path / "run.json").write_text(json.dumps({"format_version": 99}))
    with pytest.raises(RunError, match="newer"):
        RunFolder.open(tmp_path)
    (tmp_path / "run.json").write_text("{broken")
    with pytest.raises(RunError, match="damaged"):
        RunFolder.open(tmp_path)


def test_damaged_weights_give_a_run_error(tmp_path: Path) -> None:
    run = RunFolder.create(tmp_path / "r", info={})
    (run.path / "model.safetensors").write_bytes(b"\x00" * 40)
    with pytest.raises(RunError, match="cannot be loaded"):
        run.load_model_weights(torch.nn.Linear(2, 2))


def test_optimizer_and_rng_state_round_trip_without_pickle(tmp_path: Path) -> None:
    torch.manual_seed(0)
    model = torch.nn.Linear(4, 3)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    for _ in range(3):
        opt.zero_grad()
        model(torch.randn(5, 4)).sum().backward()
        opt.step()
    run = RunFolder.create(tmp_path / "r", info={})
    with run.lock():
        saved = run.save_checkpoint(model, opt, {"step": 3}, best=False)
    expected_next = torch.rand(3)

    torch.manual_seed(123)  # disturb the RNG; loading must restore it
    fresh = torch.optim.AdamW(torch.nn.Linear(4, 3).parameters(), lr=1e-2)
    state = run.load_training_state(fresh)
    assert state == {"step": 3}
    assert torch.equal(torch.rand(3), expected_next)
    for a, b in zip(opt.state_dict()["state"].values(), fresh.state_dict()["state"].values(), strict=True):
        assert all(torch.equal(a[k], b[k]) for k in ("exp_avg", "exp_avg_sq", "step"))
    assert b"pickle" not in saved.files["optimizer"].read_bytes()[:200]


def test_metrics_ignore_a_torn_last_line(tmp_path: Path) -> None:
    run = RunFolder.create(tmp_path / "r", info={})
    run.append_metrics([{"type": "step", "step": 1, "loss": 1.0}, {"type": "step", "step": 2, "loss": 0.9}])
    with open(run.path / "metrics.jsonl", "a") as fh:
        fh.write('{"type": "step", "st')
    assert [r["step"] for r in run.read_metrics()] == [1, 2]
    run.truncate_metrics(1)
    assert [r["step"] for r in run.read_metrics()] == [1]


def test_non_finite_state_is_never_saved_nor_loaded(tmp_path: Path) -> None:
    from safetensors.torch import save_model

    from workbench.core.runs.folder import NonFiniteError

    run = RunFolder.create(tmp_path / "r", info={"format_version": 1})
    model = torch.nn.Linear(4, 3)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    model(torch.randn(5, 4)).sum().backward()
    opt.step()
    with run.lock():
        run.save_checkpoint(model, opt, {"step": 1}, best=True)
        opt.state[model.weight]["exp_avg"][0, 0] = float("inf")  # the optimizer state alone turned non-finite
        words = r"optimizer state became NaN .* step 2 \(first in 0.exp_avg\).*checkpoint from step 1 is kept"
        with pytest.raises(NonFiniteError, match=words):
            run.save_checkpoint(model, opt, {"step": 2}, best=False)
    assert run.checkpoint().step == 1 and len(list((run.path / "checkpoints").iterdir())) == 1
    # A folder from an older version that did save NaN weights: refused in one line, not predicted with.
    old = RunFolder.create(tmp_path / "old", info={"format_version": 1})
    with torch.no_grad():
        model.weight[0, 0] = float("nan")
    save_model(model, str(old.path / "model.safetensors"))
    with pytest.raises(RunError, match="non-finite weights"):
        old.load_model_weights(torch.nn.Linear(4, 3))


def test_json_output_never_holds_nan() -> None:
    from workbench.core.runs.files import finite_json

    value = {"loss": float("nan"), "rows": [1.0, float("inf"), {"x": -float("inf")}], "name": "a", "n": 3}
    assert json.dumps(finite_json(value), allow_nan=False) == (
        '{"loss": null, "rows": [1.0, null, {"x": null}], "name": "a", "n": 3}'
    )

"""The training engine: events, determinism, resume, stop/pause, failures and the run folder it writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from workbench.core.config import DataConfig, ModelConfig, Precision, RunConfig, TrainConfig
from workbench.core.data.dataset import Dataset, SkippedRow, stratified_split
from workbench.core.inspection.inspector import load_probe_history
from workbench.core.runs.folder import RunFolder
from workbench.core.training.device import DeviceChoice
from workbench.core.training.engine import Trainer
from workbench.core.training.events import CheckpointEvent, DoneEvent, ErrorEvent, EvalEvent, StepEvent
from workbench.core.training.step import ONE_THREAD_UPDATE_BELOW, update_threads


def make_config(tokenizer: str = "wordpiece", **train: object) -> RunConfig:
    model = ModelConfig(d_model=32, n_heads=2, n_layers=1, d_ff=64, max_len=32, dropout=0.1)
    settings = {"batch_size": 16, "max_steps": 12, "lr": 3e-3, "seed": 0, "precision": "fp32", **train}
    data = DataConfig(vocab_size=200, tokenizer=tokenizer)
    return RunConfig(data=data, model=model, train=TrainConfig(**settings), preset=None)


@pytest.fixture
def splits(tiny_texts: tuple[list[str], list[str]]) -> tuple[Dataset, Dataset]:
    texts, labels = tiny_texts
    data = Dataset(texts, labels, source="tiny", skipped=[SkippedRow(3, "empty text")])
    return stratified_split(data, 0.2, seed=0)


def run_all(trainer: Trainer, on_step=None) -> list:
    events = []
    for ev in trainer.fit():
        events.append(ev)
        if on_step is not None and isinstance(ev, StepEvent):
            on_step(trainer, ev)
    return events


def losses(events: list) -> list[float]:
    return [e.loss for e in events if isinstance(e, StepEvent)]


def test_a_run_yields_typed_events_and_writes_its_folder(splits, tmp_path: Path) -> None:
    train, val = splits
    trainer = Trainer(make_config(max_steps=10, eval_every=5), train=train, val=val, run_dir=tmp_path / "run")
    events = run_all(trainer)
    steps = [e for e in events if isinstance(e, StepEvent)]
    assert [e.step for e in steps] == list(range(1, 11))
    assert all(e.total_steps == 10 and e.tokens_per_s > 0 and e.lr > 0 for e in steps)
    evals = [e for e in events if isinstance(e, EvalEvent)]
    assert [e.step for e in evals] == [5, 10]
    assert set(evals[-1].metrics) == {"val_loss", "val_accuracy", "val_macro_f1"}
    assert any(isinstance(e, CheckpointEvent) and e.best for e in events)
    done = events[-1]
    assert isinstance(done, DoneEvent) and done.reason == "finished" and done.step == 10

    run = RunFolder.open(tmp_path / "run")
    info = run.info()
    assert info["status"] == "finished" and info["format_version"] == 1
    assert info["data"]["skipped_rows"] == 1 and info["versions"]["torch"] == torch.__version__
    for name in (
        "config.toml",
        "tokenizer.json",
        "labels.json",
        "checkpoint.json",
        "metrics.jsonl",
        "skipped_rows.jsonl",
    ):
        assert (run.path / name).is_file(), name
    saved = run.checkpoint()
    assert saved.step == 10 and saved.complete and saved.best is not None
    assert [p.name for p in (run.path / "checkpoints").iterdir()] == [saved.files["model"].parent.name]
    assert run.load_labels() == ["negative", "positive"]
    assert run.load_config().model.n_classes == 2
    records = run.read_metrics()
    assert [r["step"] for r in records if r["type"] == "step"] == list(range(1, 11))
    assert json.loads((run.path / "skipped_rows.jsonl").read_text())["line"] == 3
    assert not list(run.path.glob("*.tmp"))  # atomic writes leave no temporary files behind
    history = load_probe_history(run.path)
    assert history.steps == [5, 10] and len(history.texts) == 4
    assert history.attention[10][0].shape[:2] == (1, 2)  # [layers, heads, T, T]


def test_the_same_seed_gives_the_same_loss_curve(splits, tmp_path: Path) -> None:
    # The character tokenizer is deterministic; HF's WordPiece trainer breaks ties between equally frequent
    # merges in hash-map order (huggingface/tokenizers#1794), so its vocabulary may differ between trainings.
    train, val = splits
    first = losses(run_all(Trainer(make_config("char"), train=train, val=val, run_dir=tmp_path / "a")))
    second = losses(run_all(Trainer(make_config("char"), train=train, val=val, run_dir=tmp_path / "b")))
    other = losses(run_all(Trainer(make_config("char", seed=1), train=train, val=val, run_dir=tmp_path / "c")))
    assert first == second
    assert first != other


def test_the_model_learns_an_easy_task(splits, tmp_path: Path) -> None:
    train, val = splits
    trainer = Trainer(make_config(max_steps=60, eval_every=60), train=train, val=val, run_dir=tmp_path / "r")
    done = run_all(trainer)[-1]
    assert done.final_metrics["val_accuracy"] >= 0.9


def test_stop_then_resume_continues_the_curve_exactly(splits, tmp_path: Path) -> None:
    train, val = splits
    straight = losses(run_all(Trainer(make_config("char", max_steps=20), train=train, val=val, run_dir=tmp_path / "a")))

    def stop_at_8(trainer: Trainer, ev: StepEvent) -> None:
        if ev.step == 8:
            trainer.stop()

    first = run_all(Trainer(make_config("char", max_steps=20), train=train, val=val, run_dir=tmp_path / "b"), stop_at_8)
    assert isinstance(first[-1], DoneEvent) and first[-1].reason == "stopped" and first[-1].step == 8
    assert RunFolder.open(tmp_path / "b").info()["status"] == "stopped"

    resumed = Trainer(run_dir=tmp_path / "b", resume=True, train=train, val=val)
    rest = run_all(resumed)
    assert next(e.step for e in rest if isinstance(e, StepEvent)) == 9
    assert losses(first) + losses(rest) == pytest.approx(straight, rel=1e-6, abs=1e-7)
    steps = [r["step"] for r in RunFolder.open(tmp_path / "b").read_metrics() if r["type"] == "step"]
    assert steps == list(range(1, 21))


def test_a_quick_stop_saves_without_evaluating_and_still_resumes_exactly(splits, tmp_path: Path) -> None:
    """Closing the app stops with evaluate=False: the checkpoint is written, no validation pass is run."""
    train, val = splits
    straight = losses(
        run_all(Trainer(make_config("char", max_steps=20, eval_every=4), train=train, val=val, run_dir=tmp_path / "a"))
    )

    def quick_stop_at_9(trainer: Trainer, ev: StepEvent) -> None:
        if ev.step == 9:
            trainer.stop(evaluate=False)

    first = run_all(
        Trainer(make_config("char", max_steps=20, eval_every=4), train=train, val=val, run_dir=tmp_path / "q"),
        quick_stop_at_9,
    )
    assert isinstance(first[-1], DoneEvent) and first[-1].reason == "stopped" and first[-1].step == 9
    assert not any(isinstance(e, EvalEvent) and e.step == 9 for e in first)  # no evaluation on the way out
    assert any(isinstance(e, CheckpointEvent) and e.step == 9 for e in first)
    run = RunFolder.open(tmp_path / "q")
    assert run.info()["status"] == "stopped" and run.info()["last_checkpoint_step"] == 9
    assert not (run.path / "evaluation.json").exists()
    rest = run_all(Trainer(run_dir=tmp_path / "q", resume=True, train=train, val=val))
    assert losses(first) + losses(rest) == pytest.approx(straight, rel=1e-6, abs=1e-7)


def test_evaluation_json_names_the_step_it_scored(splits, tmp_path: Path) -> None:
    """A run closed mid-way after an earlier finish keeps the old evaluation.json: its step tells it is older."""
    train, val = splits
    run_all(Trainer(make_config("char", max_steps=8, eval_every=4), train=train, val=val, run_dir=tmp_path / "r"))
    saved = json.loads((tmp_path / "r" / "evaluation.json").read_text())
    assert saved["step"] == 8 and saved["examples"] == len(val)

    def quick_stop_at_10(trainer: Trainer, ev: StepEvent) -> None:
        if ev.step == 10:
            trainer.stop(evaluate=False)

    longer = make_config("char", max_steps=16, eval_every=4)
    run_all(Trainer(longer, run_dir=tmp_path / "r", resume=True, train=train, val=val), quick_stop_at_10)
    assert RunFolder.open(tmp_path / "r").info()["last_checkpoint_step"] == 10
    assert json.loads((tmp_path / "r" / "evaluation.json").read_text())["step"] == 8


def test_resume_cuts_back_metrics_logged_after_the_checkpoint(splits, tmp_path: Path) -> None:
    train, val = splits
    run_all(Trainer(make_config(max_steps=10, eval_every=5), train=train, val=val, run_dir=tmp_path / "r"))
    run = RunFolder.open(tmp_path / "r")
    # Pretend the process died at step 10 after logging but before its checkpoint: keep the step-5 one.
    run.append_metrics([{"type": "step", "step": 11, "loss": 9.9}])
    state = json.loads(run.checkpoint().files["state"].read_text())
    assert state["step"] == 10
    resumed = Trainer(make_config(max_steps=14), run_dir=tmp_path / "r", resume=True, train=train, val=val)
    resumed.prepare()
    assert max(r["step"] for r in run.read_metrics()) == 10
    rest = run_all(resumed)
    assert [e.step for e in rest if isinstance(e, StepEvent)] == [11, 12, 13, 14]


def test_pause_holds_and_stop_releases_a_paused_run(splits, tmp_path: Path) -> None:
    train, val = splits

    def pause_then_stop(trainer: Trainer, ev: StepEvent) -> None:
        if ev.step == 3:
            trainer.pause()
            assert trainer.paused
            trainer.stop()  # must not stay blocked in the pause

    events = run_all(Trainer(make_config(), train=train, val=val, run_dir=tmp_path / "p"), pause_then_stop)
    assert events[-1].reason == "stopped" and events[-1].step == 3
    assert isinstance(events[-2], CheckpointEvent)  # a stop still evaluates and saves


def test_nan_loss_stops_with_a_hint_and_keeps_the_checkpoint(splits, tmp_path: Path) -> None:
    train, val = splits
    trainer = Trainer(make_config(max_steps=20, eval_every=4), train=train, val=val, run_dir=tmp_path / "n")

    def poison(trainer: Trainer, ev: StepEvent) -> None:
        if ev.step == 6:
            trainer.model.classifier.register_forward_hook(lambda m, i, out: out * float("nan"))

    events = run_all(trainer, poison)
    err = events[-1]
    assert isinstance(err, ErrorEvent) and err.kind == "nan_loss"
    assert "lower learning rate" in err.message and "step 4" in err.message
    run = RunFolder.open(tmp_path / "n")
    assert run.info()["status"] == "failed"
    assert json.loads(run.checkpoint().files["state"].read_text())["step"] == 4


def test_on_the_cpu_the_update_runs_in_one_thread_and_the_passes_in_the_runs_threads(splits, tmp_path: Path) -> None:
    train, val = splits
    trainer = Trainer(make_config(max_steps=4, threads=2), train=train, val=val, run_dir=tmp_path / "t")
    seen: dict[str, list[int]] = {"forward": [], "update": []}

    def watch(trainer: Trainer, ev: StepEvent) -> None:
        if ev.step == 1:
            trainer.model.classifier.register_forward_hook(lambda *_: seen["forward"].append(torch.get_num_threads()))
            step = trainer.optimizer.step

            def counted(*args, **kwargs):
                seen["update"].append(torch.get_num_threads())
                return step(*args, **kwargs)

            trainer.optimizer.step = counted

    before = torch.get_num_threads()
    try:
        run_all(trainer, watch)
        assert seen["update"] == [1, 1, 1] and seen["forward"][:3] == [2, 2, 2]
        assert torch.get_num_threads() == 2  # the run's threads again after each update
    finally:
        torch.set_num_threads(before)


def test_only_a_small_model_on_the_cpu_updates_in_one_thread() -> None:
    small = [torch.nn.Parameter(torch.empty(1000, device="meta")) for _ in range(3)]
    large = [*small, torch.nn.Parameter(torch.empty(ONE_THREAD_UPDATE_BELOW, device="meta"))]
    cpu = DeviceChoice(torch.device("cpu"), Precision.FP32, "CPU")
    cuda = DeviceChoice(torch.device("cuda"), Precision.BF16, "GPU")
    assert update_threads(cpu, iter(small)) == 1
    assert update_threads(cpu, iter(large)) is None  # many cores may update a large model faster
    assert update_threads(cuda, iter(small)) is None


def test_out_of_memory_becomes_a_readable_error(splits, tmp_path: Path, monkeypatch) -> None:
    train, val = splits
    trainer = Trainer(make_config(), train=train, val=val, run_dir=tmp_path / "o")

    def boom(*args, **kwargs):
        raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(trainer, "_train_step", boom)
    err = run_all(trainer)[-1]
    assert isinstance(err, ErrorEvent) and err.kind == "out_of_memory"
    assert "smaller batch size" in err.message and "OutOfMemoryError" in err.details


def test_early_stopping_on_validation_loss(splits, tmp_path: Path, monkeypatch) -> None:
    train, val = splits
    trainer = Trainer(
        make_config(max_steps=40, eval_every=2, early_stopping_patience=2),
        train=train,
        val=val,
        run_dir=tmp_path / "e",
    )
    values = iter([1.0, 0.5, 0.6, 0.7, 0.8, 0.9])
    monkeypatch.setattr(trainer, "evaluate", lambda data=None: {"val_loss": next(values), "val_accuracy": 0.5})
    events = run_all(trainer)
    assert events[-1].reason == "early_stopping" and events[-1].step == 8
    assert [e.is_best for e in events if isinstance(e, EvalEvent)] == [True, True, False, False]


def test_an_existing_non_empty_out_folder_is_refused(splits, tmp_path: Path) -> None:
    train, val = splits
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    trainer = Trainer(make_config(), train=train, val=val, run_dir=tmp_path / "busy")
    err = run_all(trainer)[-1]
    assert isinstance(err, ErrorEvent) and err.kind == "input" and "not empty" in err.message
    assert (tmp_path / "busy" / "notes.txt").read_text() == "mine"


def test_mlm_pretraining_reports_masked_accuracy(splits, tmp_path: Path) -> None:
    train, val = splits
    trainer = Trainer(make_config(task="mlm", max_steps=6), train=train, val=val, run_dir=tmp_path / "m")
    events = run_all(trainer)
    assert isinstance(events[-1], DoneEvent)
    metrics = events[-1].final_metrics
    assert set(metrics) == {"val_loss", "masked_accuracy", "unigram_accuracy"}
    assert 0 <= metrics["unigram_accuracy"] < 0.5


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
@pytest.mark.parametrize("precision", ["auto", "fp16", "fp32"])
def test_training_on_cuda(splits, tmp_path: Path, precision: str) -> None:
    train, val = splits
    cfg = make_config(max_steps=30, eval_every=15, device="cuda", precision=precision)
    trainer = Trainer(cfg, train=train, val=val, run_dir=tmp_path / precision)
    events = run_all(trainer)
    assert isinstance(events[-1], DoneEvent), events[-1]
    assert trainer.device.device.type == "cuda"
    assert trainer.device.precision == (
        "bf16"
        if precision == "auto" and torch.cuda.is_bf16_supported()
        else "fp32"
        if precision == "auto"
        else precision
    )
    assert losses(events)[-1] < losses(events)[0]


def test_runs_that_differ_in_seed_are_scored_on_the_same_validation_rows(tmp_path: Path) -> None:
    rows = [(f"{'good' if i % 2 else 'bad'} text number {i}", "pos" if i % 2 else "neg") for i in range(60)]
    path = tmp_path / "d.csv"
    path.write_text("text,label\n" + "".join(f"{t},{y}\n" for t, y in rows), encoding="utf-8")
    vals = []
    for seed in (1, 2):
        cfg = make_config(seed=seed)
        cfg.data.source = str(path)
        trainer = Trainer(cfg, run_dir=tmp_path / f"seed{seed}")
        trainer.prepare()
        vals.append(trainer.val_data.texts)
    assert vals[0] == vals[1] and len(vals[0]) == 6
    old = make_config(seed=2)  # a run saved before split_seed: split with its training seed, as it was then
    old.data.source, old.data.split_seed = str(path), None
    trainer = Trainer(old, run_dir=tmp_path / "old")
    trainer.prepare()
    assert trainer.val_data.texts != vals[0]

"""--compile: the training forward through torch.compile gives the eager run's losses, keeps the checkpoint's
keys, and falls back to eager training (saying why) where compiling cannot work."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from workbench.core.config import DataConfig, ModelConfig, RunConfig, TokenizerKind, TrainConfig
from workbench.core.data.dataset import Dataset
from workbench.core.model.encoder import EncoderModel
from workbench.core.training import compiling
from workbench.core.training.compiling import CompiledForward
from workbench.core.training.engine import Trainer
from workbench.core.training.events import StepEvent

TEXTS = ["ab ab cd", "cd cd ab", "ab ab ab x", "cd x cd"] * 8
LABELS = ["a" if t.count("ab") > t.count("cd") else "c" for t in TEXTS]


def _train(tmp_path: Path, name: str, compile: bool) -> tuple[list[float], Trainer]:
    # No dropout: compiled code draws its dropout masks from another random stream than eager code.
    cfg = RunConfig(
        data=DataConfig(source="test", tokenizer=TokenizerKind.CHAR),
        model=ModelConfig(d_model=16, n_heads=2, n_layers=1, d_ff=32, max_len=16, dropout=0.0),
        train=TrainConfig(batch_size=8, max_steps=3, seed=1, precision="fp32", device="cpu", compile=compile),
        preset=None,
    )
    data = Dataset(texts=TEXTS, labels=LABELS, source="test")
    trainer = Trainer(cfg, train=data, val=data, run_dir=tmp_path / name)
    losses = [ev.loss for ev in trainer.fit() if isinstance(ev, StepEvent)]
    return losses, trainer


@pytest.mark.slow
@pytest.mark.skipif(compiling.unavailable_reason(torch.device("cpu")) is not None, reason="no torch.compile here")
def test_compiled_training_matches_eager_and_keeps_checkpoint_keys(tmp_path: Path) -> None:
    eager, _ = _train(tmp_path, "eager", compile=False)
    compiled, trainer = _train(tmp_path, "compiled", compile=True)
    assert trainer._compiled is not None and trainer._compiled.compiled, trainer.warnings
    assert len(compiled) == len(eager) == 3
    assert compiled == pytest.approx(eager, rel=1e-4)
    saved = load_file(str(next((tmp_path / "compiled").rglob("model.safetensors"))))
    assert set(saved) == set(EncoderModel(trainer.model.cfg).state_dict())  # no "_orig_mod." prefixes


def test_without_a_cpp_compiler_training_goes_on_eagerly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    eager, _ = _train(tmp_path, "eager", compile=False)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    losses, trainer = _train(tmp_path, "no_compiler", compile=True)
    assert losses == eager  # exactly the eager run
    assert any("C++ compiler" in w for w in trainer.warnings)


class _FakeCompileFailure(torch._dynamo.exc.TorchDynamoException):
    pass


def _model() -> EncoderModel:
    torch.manual_seed(0)
    cfg = ModelConfig(vocab_size=20, d_model=16, n_heads=2, n_layers=1, d_ff=32, max_len=8, n_classes=2)
    return EncoderModel(cfg).eval()  # no dropout: two calls give the same logits


def test_a_compile_failure_at_the_first_call_falls_back_once() -> None:
    model, heard = _model(), []

    def failing(*args: object) -> torch.Tensor:
        raise _FakeCompileFailure("inductor could not build the kernel")

    forward = CompiledForward(model, on_fallback=heard.append, compile_fn=lambda m: failing)
    ids, mask = torch.randint(0, 20, (2, 8)), torch.ones(2, 8, dtype=torch.bool)
    assert forward.compiled
    torch.testing.assert_close(forward(ids, mask), model(ids, mask))
    assert not forward.compiled
    forward(ids, mask)
    assert len(heard) == 1 and "inductor could not build the kernel" in heard[0]


def test_errors_of_the_model_itself_are_not_swallowed() -> None:
    def broken(*args: object) -> torch.Tensor:
        raise ValueError("sequence length 99 exceeds max_len 8")

    forward = CompiledForward(_model(), compile_fn=lambda m: broken)
    with pytest.raises(ValueError, match="exceeds max_len"):
        forward(torch.zeros(1, 8, dtype=torch.long), torch.ones(1, 8, dtype=torch.bool))
    assert forward.compiled

"""ONNX export: onnxruntime gives the workbench's own outputs (<= 1e-4) for every positional kind, both poolings,
padding, any batch and length, and masked-LM runs; the app and core import without the onnx packages."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest
import torch

from workbench.core.errors import WorkbenchError
from workbench.core.model import onnx_export
from workbench.core.model.onnx_export import CHECK_TOLERANCE, export_onnx, reference_outputs

ort = pytest.importorskip("onnxruntime")
pytest.importorskip("onnxscript")

pytestmark = pytest.mark.slow  # each export traces the model with torch.export (several seconds)


def _batch(vocab: int, batch: int, length: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    gen = torch.Generator().manual_seed(seed)
    ids = torch.randint(0, vocab, (batch, length), generator=gen)
    mask = torch.ones_like(ids)
    for row in range(1, batch):  # every row but the first padded by a different amount
        mask[row, max(1, length - 2 * row) :] = 0
    return ids, mask


def _run(path, ids: torch.Tensor, mask: torch.Tensor) -> list[np.ndarray]:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})


@pytest.mark.parametrize(
    ("positional", "pooling"),
    [("sinusoidal", "cls"), ("learned", "mean"), ("alibi", "cls"), ("sinusoidal+alibi", "mean")],
)
def test_onnxruntime_matches_the_forward_pass(positional, pooling, tmp_path) -> None:
    from tiny_models import tiny_classifier, tiny_tokenizer

    tokenizer = tiny_tokenizer()
    model = tiny_classifier(tokenizer, positional=positional, pooling=pooling)
    labels = ["a", "b", "c"]
    result = export_onnx(model, tmp_path / "out" / "m.onnx", tokenizer=tokenizer, labels=labels)
    assert result.outputs == ("logits", "attentions")
    assert result.max_difference is not None and max(result.max_difference.values()) <= CHECK_TOLERANCE
    session = ort.InferenceSession(str(result.path), providers=["CPUExecutionProvider"])
    assert [(i.name, i.type) for i in session.get_inputs()] == [
        ("input_ids", "tensor(int64)"),
        ("attention_mask", "tensor(int64)"),
    ]
    assert [o.name for o in session.get_outputs()] == ["logits", "attentions"]
    # Batch sizes and lengths other than the traced (2, 8), with padding; up to max_len (16).
    for batch, length, seed in [(1, 1, 0), (1, 16, 1), (4, 5, 2), (3, 16, 3)]:
        ids, mask = _batch(tokenizer.vocab_size, batch, length, seed)
        logits, attentions = _run(result.path, ids, mask)
        ref_logits, ref_attentions = reference_outputs(model, ids, mask)
        assert logits.shape == (batch, 3)
        assert attentions.shape == (2, batch, 2, length, length)  # layers, batch, heads, query, key
        np.testing.assert_allclose(logits, ref_logits, atol=CHECK_TOLERANCE, rtol=0)
        np.testing.assert_allclose(attentions, ref_attentions, atol=CHECK_TOLERANCE, rtol=0)
    # Padding changes nothing for the real tokens: a row alone equals the same row padded inside a batch.
    ids, mask = _batch(tokenizer.vocab_size, 3, 10, 4)
    padded_logits, _ = _run(result.path, ids, mask)
    real = int(mask[2].sum())
    alone_logits, _ = _run(result.path, ids[2:, :real], mask[2:, :real])
    np.testing.assert_allclose(padded_logits[2:], alone_logits, atol=CHECK_TOLERANCE, rtol=0)
    # The tokenizer and class names go beside the file.
    assert json.loads((tmp_path / "out" / "labels.json").read_text()) == labels
    assert (tmp_path / "out" / "tokenizer.json").read_text() == tokenizer._tok.to_str(pretty=True)


def test_masked_lm_runs_export_mlm_logits(tmp_path) -> None:
    from tiny_models import tiny_classifier, tiny_tokenizer

    tokenizer = tiny_tokenizer()
    model = tiny_classifier(tokenizer, n_classes=0, positional="sinusoidal+alibi", pooling="mean")
    result = export_onnx(model, tmp_path / "mlm.onnx", tokenizer=tokenizer, labels=[])
    assert result.outputs == ("mlm_logits", "attentions")
    ids, mask = _batch(tokenizer.vocab_size, 3, 9, 5)
    mlm_logits, attentions = _run(result.path, ids, mask)
    assert mlm_logits.shape == (3, 9, tokenizer.vocab_size)
    with torch.no_grad():  # the training path (SDPA), not the explicit one the graph holds
        direct = model.mlm_logits(ids, mask != 0).numpy()
    np.testing.assert_allclose(mlm_logits, direct, atol=CHECK_TOLERANCE, rtol=0)
    assert attentions.shape == (2, 3, 2, 9, 9)


def test_missing_packages_are_named_in_one_line(tmp_path, monkeypatch) -> None:
    from tiny_models import tiny_classifier, tiny_tokenizer

    real = onnx_export.importlib.util.find_spec
    monkeypatch.setattr(
        onnx_export.importlib.util, "find_spec", lambda name, *a: None if name == "onnxscript" else real(name, *a)
    )
    model = tiny_classifier(tiny_tokenizer())
    with pytest.raises(WorkbenchError, match=r"needs onnxscript, not installed.*transformer-workbench\[onnx\]") as err:
        export_onnx(model, tmp_path / "m.onnx")
    assert "\n" not in str(err.value)
    assert not list(tmp_path.iterdir())  # nothing written


def test_app_core_and_cli_import_without_the_onnx_packages() -> None:
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        BLOCKED = ("onnx", "onnxscript", "onnxruntime", "onnx_ir")

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in BLOCKED:
                    raise ImportError(f"{name} imported")
                return None

        sys.meta_path.insert(0, Block())
        import workbench.core
        names = [m.name for m in pkgutil.walk_packages(workbench.core.__path__, "workbench.core.")]
        for name in [*names, "workbench.cli", "workbench.gui.app"]:
            importlib.import_module(name)
        from workbench.cli import main
        print(len(names))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 12

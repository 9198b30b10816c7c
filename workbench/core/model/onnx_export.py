"""A trained run as one ONNX file, to run without Python or PyTorch (onnxruntime in C#, Java, JS, C++...).

Inputs: input_ids and attention_mask, int64 [batch, length] (both dynamic; length at most the model's max_len;
attention_mask 1 on real tokens, 0 on padding). Outputs: logits [batch, classes] for a classifier, or
mlm_logits [batch, length, vocabulary] for a masked-LM (pre-training) run, and attentions
[layers, batch, heads, length, length], the same probabilities the Inspect page draws. The tokenizer
(Hugging Face tokenizers' JSON) and the class names go beside the file as tokenizer.json and labels.json.

torch's export-based exporter (torch.onnx.export(dynamo=True), the default since torch 2.9; the TorchScript one
is deprecated) needs the onnx and onnxscript packages; the check after export needs onnxruntime. They are the
optional extra `onnx` and are imported only here, inside the functions, so the app runs without them.
"""

from __future__ import annotations

import contextlib
import copy
import importlib.util
import io
import json
import logging
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import Tensor, nn

from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.errors import RunError, WorkbenchError
from workbench.core.model.encoder import EncoderModel
from workbench.core.runs.folder import atomic_write_text

INPUTS = ("input_ids", "attention_mask")
CHECK_TOLERANCE = 1e-4
EXPORT_PACKAGES = ("onnx", "onnxscript")
INSTALL_HINT = 'pip install "transformer-workbench[onnx]" (or: pip install onnx onnxscript onnxruntime)'


class _Graph(nn.Module):
    """The model's explicit (attention-returning) path with plain tensor inputs and outputs."""

    def __init__(self, model: EncoderModel) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids: Tensor, attention_mask: Tensor) -> tuple[Tensor, Tensor]:
        pad_mask = attention_mask != 0
        hidden, attentions = self.model.encode_for_export(input_ids, pad_mask)
        if self.model.classifier is None:
            return self.model.mlm_head(hidden), attentions
        return self.model.classifier(self.model.pool(hidden, pad_mask)), attentions


def output_names(model: EncoderModel) -> tuple[str, str]:
    return ("logits" if model.classifier is not None else "mlm_logits", "attentions")


def missing_packages(names: tuple[str, ...] = EXPORT_PACKAGES) -> list[str]:
    return [name for name in names if importlib.util.find_spec(name) is None]


@dataclass
class ExportResult:
    path: Path
    outputs: tuple[str, str]
    size_bytes: int
    max_difference: dict[str, float] | None  # per output, against PyTorch; None when onnxruntime is missing


def export_onnx(
    model: EncoderModel,
    path: Path,
    *,
    tokenizer: TextTokenizer | None = None,
    labels: list[str] | None = None,
    metadata: dict[str, str] | None = None,
    check: bool = True,
) -> ExportResult:
    """Write `model` to `path` as ONNX (atomically), with tokenizer.json and labels.json beside it, and (with
    check and onnxruntime installed) compare onnxruntime's outputs with PyTorch's on a padded batch.

    Raises WorkbenchError with one line when the packages are missing, the path cannot be written, or the
    exported graph disagrees with PyTorch by more than CHECK_TOLERANCE."""
    missing = missing_packages()
    if missing:
        raise WorkbenchError(f"ONNX export needs {' and '.join(missing)}, not installed here: {INSTALL_HINT}.")
    path = Path(path)
    if path.is_dir():
        raise WorkbenchError(f"{path} is a folder; name the .onnx file to write, e.g. {path / 'model.onnx'}.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise RunError(f"Cannot create {path.parent}: {err.strerror}.") from None

    model = copy.deepcopy(model).to("cpu").float().eval()  # the caller's model stays where and as it was
    names = output_names(model)
    props = {"producer": "transformer-workbench", "outputs": ",".join(names), **(metadata or {})}
    props.update(max_len=str(model.cfg.max_len), positional=model.cfg.positional, pooling=model.cfg.pooling)
    if labels:
        props["labels"] = json.dumps(labels)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        _export_graph(model, tmp, names, props)
        difference = check_onnx(model, tmp) if check and not missing_packages(("onnxruntime",)) else None
        if difference is not None and max(difference.values()) > CHECK_TOLERANCE:
            worst = max(difference, key=difference.__getitem__)
            raise WorkbenchError(
                f"The exported graph's {worst} differ from PyTorch's by {difference[worst]:.2g} "
                f"(more than {CHECK_TOLERANCE:g}); the file was not written. Please report this with the run's "
                "config.toml."
            )
        os.chmod(tmp, 0o644)  # a file to hand on, not a private temporary one (mkstemp makes 0600)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    if tokenizer is not None:
        tokenizer.save(path.parent / "tokenizer.json")
    if labels is not None:
        atomic_write_text(path.parent / "labels.json", json.dumps(labels, indent=2))
    return ExportResult(path, names, path.stat().st_size, difference)


def _export_graph(model: EncoderModel, path: Path, names: tuple[str, str], props: dict[str, str]) -> None:
    import onnx

    length = min(8, model.cfg.max_len)
    ids = torch.randint(0, model.cfg.vocab_size, (2, length))
    mask = torch.ones_like(ids)
    mask[1, length // 2 :] = 0  # traced with padding, though the graph has no branch on it
    batch = torch.export.Dim("batch")
    tokens = torch.export.Dim("length", max=model.cfg.max_len)
    shapes = {name: {0: batch, 1: tokens} for name in INPUTS}
    # The exporter logs its progress and warns about optional torchvision ops; the user wants one line.
    exporter_log = logging.getLogger("torch.onnx")
    level = exporter_log.level
    exporter_log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings(), torch.no_grad(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            program = torch.onnx.export(
                _Graph(model),
                (ids, mask),
                input_names=list(INPUTS),
                output_names=list(names),
                dynamic_shapes=shapes,
                dynamo=True,
                external_data=False,
                verbose=False,
            )
    except Exception as err:  # the exporter's errors run to pages; the first line says what failed
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise WorkbenchError(f"torch's ONNX exporter failed: {first}") from None
    finally:
        exporter_log.setLevel(level)
    assert program is not None  # dynamo=True always returns the program
    proto = program.model_proto
    onnx.helper.set_model_props(proto, props)
    onnx.save_model(proto, str(path))


def check_onnx(model: EncoderModel, path: Path, *, seed: int = 0) -> dict[str, float]:
    """Largest absolute difference per output between onnxruntime on `path` and the model's own forward pass
    (classify or mlm_logits, and encode's attention) on a batch of three rows, two of them padded."""
    import onnxruntime

    length = min(12, model.cfg.max_len)
    gen = torch.Generator().manual_seed(seed)
    ids = torch.randint(0, model.cfg.vocab_size, (3, length), generator=gen)
    mask = torch.ones_like(ids)
    mask[1, length - 3 :] = 0
    mask[2, 2:] = 0
    ours = reference_outputs(model, ids, mask)
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    theirs = session.run(None, {"input_ids": ids.numpy(), "attention_mask": mask.numpy()})
    return {name: float(np.abs(theirs[i] - ours[i]).max()) for i, name in enumerate(output_names(model))}


@torch.no_grad()
def reference_outputs(model: EncoderModel, ids: Tensor, mask: Tensor) -> tuple[np.ndarray, np.ndarray]:
    """The workbench's own forward pass on a batch: (logits or mlm_logits, attentions [L,B,H,T,T])."""
    pad_mask = mask != 0
    model.eval()
    if model.classifier is not None:
        logits, attention = model.classify(ids, pad_mask, need_attention=True)
    else:
        logits = model.mlm_logits(ids, pad_mask)
        _, attention = model.encode(ids, pad_mask, need_attention=True)
    assert attention is not None
    return logits.float().numpy(), attention.float().numpy()

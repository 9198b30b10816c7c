"""Looking inside a trained model: the prediction and every layer's and head's attention for one sentence,
head ablation, side-by-side sentences, and the probe sentences whose attention is recorded during training.

Inspection always runs in fp32 and in eval mode, whatever precision training used, and leaves the model in the
mode it found it. To inspect a model that is still training, take snapshot_model(model, trainer.snapshot_state())
first, so the trainer's weights are never read while an optimizer step writes them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import safetensors.numpy
import torch
from safetensors import SafetensorError

from workbench.core.config import RunConfig
from workbench.core.data.tokenizer import TextTokenizer
from workbench.core.errors import ConfigError, RunError
from workbench.core.inspection.attention_stats import align_tokens, difference_on_shared
from workbench.core.model.encoder import EncoderModel
from workbench.core.model.hf.checkpoint import open_checkpoint
from workbench.core.model.hf.folder import is_checkpoint_folder
from workbench.core.model.hf.run_files import run_model, run_tokenizer, same_structure
from workbench.core.runs.folder import RunFolder, atomic_write_bytes, atomic_write_text

PROBES_FILE = "probes.safetensors"
PROBE_TEXTS_FILE = "probes.json"
PROBE_BATCH = 16
_PROBE_KEY = re.compile(r"step(\d+)\.probe(\d+)")


@dataclass
class LoadedRun:
    """A run's model (on the CPU, fp32, eval mode), tokenizer and class names."""

    path: Path
    config: RunConfig
    model: EncoderModel
    tokenizer: TextTokenizer
    labels: list[str]
    weights: str = "last"  # which checkpoint: "best" (lowest validation loss) or "last"
    step: int | None = None  # the training step those weights come from, when known

    def describe_weights(self) -> str:
        """E.g. "best weights (step 120)", for the CLI and the pages."""
        return f"{self.weights} weights" + (f" (step {self.step})" if self.step is not None else "")


@dataclass
class Inspection:
    tokens: list[str]
    probabilities: np.ndarray | None  # [n_classes] or None for a model without a classifier
    attention: np.ndarray  # [layers, heads, T, T] float32
    logits: np.ndarray | None = None  # [n_classes] float32, e.g. to measure what muting a head changes

    def predicted(self, labels: list[str]) -> str | None:
        if self.probabilities is None or not labels:
            return None
        return labels[int(np.argmax(self.probabilities))]


@dataclass
class PairInspection:
    """Two sentences through the same model, and their attention difference on the tokens they share."""

    a: Inspection
    b: Inspection
    pairs: list[tuple[int, int]]  # (index in a.tokens, index in b.tokens) of shared tokens, diff-aligned
    difference: np.ndarray  # [layers, heads, S, S]: a's attention minus b's over the shared tokens

    @property
    def shared_tokens(self) -> list[str]:
        return [self.a.tokens[i] for i, _ in self.pairs]


def load_run(path: Path, *, best: bool | None = None) -> LoadedRun:
    """Open a run folder for inspection, with its best weights by default (lowest validation loss; the last
    ones when it has no best yet) or, with best=False, its last ones; or a Hugging Face model folder
    (config.json + safetensors). Raises RunError with a plain message if it cannot be used."""
    if is_checkpoint_folder(path):
        return _load_checkpoint(Path(path))
    if Path(path).is_dir() and not (Path(path) / "run.json").exists():
        raise RunError(
            f"{path} is neither a run folder (run.json) nor a model folder (config.json, model.safetensors and "
            "its tokenizer)."
        )
    run = RunFolder.open(path)
    config = run.load_config()
    tokenizer = run_tokenizer(run.path)
    labels = run.load_labels()
    use_best = run.has_best() if best is None else best
    check_parts_match(run, config, tokenizer, labels, best=use_best)
    model: EncoderModel = run_model(run.path, config.model)  # type: ignore[assignment]
    run.load_model_weights(model, best=use_best)
    model.eval()
    weights = "best" if use_best else "last"
    return LoadedRun(Path(path), config, model, tokenizer, labels, weights, weights_step(run, weights))


def weights_step(run: RunFolder, weights: str) -> int | None:
    """The training step a run's best or last weights come from (the checkpoint's manifest, else run.json, else
    metrics.jsonl)."""
    found = run.checkpoint()
    if found is not None and not found.legacy:
        return found.step if weights == "last" else found.best_step
    info = run.info()
    if weights == "last":
        step = info.get("last_checkpoint_step", info.get("steps"))
        return int(step) if step is not None else None
    if info.get("best_step") is not None:
        return int(info["best_step"])
    evals = [r for r in run.read_metrics() if r.get("type") == "eval" and "val_loss" in r]
    return int(min(evals, key=lambda r: r["val_loss"])["step"]) if evals else None


def _load_checkpoint(path: Path) -> LoadedRun:
    opened = open_checkpoint(path)
    config = RunConfig(model=opened.model.cfg, preset=None)
    return LoadedRun(opened.info.path, config, opened.model, opened.tokenizer, opened.labels)  # type: ignore[arg-type]


def check_parts_match(
    run: RunFolder, config: RunConfig, tokenizer: TextTokenizer, labels: list[str], *, best: bool = False
) -> None:
    """Refuse, in one line, a run whose files disagree (edited or mixed from two runs): a tokenizer larger than
    the model's vocabulary, a class list of another length, or weights of another shape than config.toml's.
    The weights are compared by their header alone, on a model built without memory, so a tampered size in
    config.toml never allocates it."""
    from safetensors import safe_open

    m = config.model
    if tokenizer.vocab_size > m.vocab_size:
        raise RunError(
            f"{run.tokenizer_path} has {tokenizer.vocab_size} tokens but config.toml's model {m.vocab_size}; "
            "the files come from different runs."
        )
    if config.train.task == "classify" and len(labels) != m.n_classes:
        raise RunError(
            f"{run.path / 'labels.json'} names {len(labels)} classes but config.toml's model has {m.n_classes}; "
            "the files come from different runs."
        )
    found = run.checkpoint()
    path = (found.best if best else found.files["model"]) if found is not None else None
    if path is None or not path.is_file():
        return  # load_model_weights says what is missing
    try:
        with safe_open(str(path), "pt") as fh:
            shapes = {k: tuple(fh.get_slice(k).get_shape()) for k in fh.keys()}  # noqa: SIM118 (not a dict)
    except Exception:  # a damaged header: load_model_weights reports it in its own words
        return
    with torch.device("meta"):
        expected = {k: tuple(v.shape) for k, v in run_model(run.path, m).state_dict().items()}
    for key, shape in expected.items():
        if key in shapes and shapes[key] != shape:
            raise RunError(
                f"config.toml does not match {path} ({key} is {list(shapes[key])} there, {list(shape)} by the "
                "settings); the files come from different runs or one was edited."
            )


def snapshot_model(model: EncoderModel, state: dict[str, torch.Tensor] | None = None) -> EncoderModel:
    """A separate CPU fp32 eval-mode copy of `model` to inspect while the original keeps training.

    `state` is a state dict taken safely between steps (Trainer.snapshot_state()); without it the model's own
    state dict is copied, which is only safe when nothing else is updating the model.
    """
    if state is None:
        state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
    state = {k: (v.float() if v.is_floating_point() else v).to("cpu") for k, v in state.items()}
    copy: EncoderModel = same_structure(model)  # type: ignore[assignment]  # model.cfg follows replace_classifier
    copy.load_state_dict(state, strict=True)
    copy.requires_grad_(False)  # never trained; saliency takes gradients with respect to its inputs only
    return copy.eval()


def _device(model: EncoderModel) -> torch.device:
    return next(model.parameters()).device


@torch.no_grad()
def inspect_text(
    model: EncoderModel,
    tokenizer: TextTokenizer,
    text: str,
    *,
    head_mask: torch.Tensor | None = None,
) -> Inspection:
    """Tokens, class probabilities and attention [L, H, T, T] from one fp32 forward pass.

    head_mask is [layers, heads], 1 keeps a head and 0 mutes it (see ablate).
    """
    max_len = model.cfg.max_len
    device = _device(model)
    ids = torch.tensor(tokenizer.encode_ids([text], max_len), dtype=torch.long, device=device)
    mask = torch.ones_like(ids, dtype=torch.bool)
    if head_mask is not None:
        head_mask = head_mask.to(device=device, dtype=torch.float32)
    was_training = model.training
    model.eval()
    probs: np.ndarray | None
    logits_np: np.ndarray | None
    try:
        with torch.autocast(device.type, enabled=False):
            if model.cfg.n_classes > 0:
                logits, attention = model.classify(ids, mask, need_attention=True, head_mask=head_mask)
                logits = logits.float()[0]
                probs = torch.softmax(logits, dim=-1).cpu().numpy()
                logits_np = logits.cpu().numpy()
            else:
                _, attention = model.encode(ids, mask, need_attention=True, head_mask=head_mask)
                probs = logits_np = None
    finally:
        model.train(was_training)
    assert attention is not None
    tokens = [tokenizer.id_to_token(int(i)) for i in ids[0].cpu()]
    return Inspection(tokens, probs, attention[:, 0].float().cpu().numpy(), logits_np)


def head_mask_from_muted(muted: Iterable[tuple[int, int]], n_layers: int, n_heads: int) -> torch.Tensor:
    """The [n_layers, n_heads] float mask with 0 at each muted (layer, head) and 1 elsewhere."""
    mask = torch.ones(n_layers, n_heads)
    for layer, head in muted:
        if not (0 <= layer < n_layers and 0 <= head < n_heads):
            raise ConfigError(
                f"There is no head {head} in layer {layer}; this model has layers 0 to {n_layers - 1} "
                f"with heads 0 to {n_heads - 1}."
            )
        mask[layer, head] = 0.0
    return mask


def ablate(model: EncoderModel, tokenizer: TextTokenizer, text: str, muted: Iterable[tuple[int, int]]) -> Inspection:
    """inspect_text with the given (layer, head) pairs muted: their outputs are zeroed before the projection."""
    mask = head_mask_from_muted(muted, model.cfg.n_layers, model.cfg.n_heads)
    return inspect_text(model, tokenizer, text, head_mask=mask)


def inspect_pair(model: EncoderModel, tokenizer: TextTokenizer, a: str, b: str) -> PairInspection:
    """Inspect two sentences and the difference of their attention on the tokens a diff says they share."""
    first = inspect_text(model, tokenizer, a)
    second = inspect_text(model, tokenizer, b)
    pairs = align_tokens(first.tokens, second.tokens)
    return PairInspection(first, second, pairs, difference_on_shared(first.attention, second.attention, pairs))


# ---------------------------------------------------------------- attention over training
@torch.no_grad()
def probe_attention(model: EncoderModel, tokenizer: TextTokenizer, texts: Sequence[str]) -> list[np.ndarray]:
    """Attention of each probe text, one float32 [L, H, T_i, T_i] array per text (T_i its own token count).

    The texts are run in padded batches on the model's own device; [PAD] gets no attention, so each text's map
    equals the one inspect_text gives for it alone. Eval mode for the call and no random numbers drawn, so
    calling this between training steps does not change the training.
    """
    if not texts:
        return []
    device = _device(model)
    rows = tokenizer.encode_ids(list(texts), model.cfg.max_len)
    out: list[np.ndarray] = []
    was_training = model.training
    model.eval()
    try:
        for start in range(0, len(rows), PROBE_BATCH):
            chunk = rows[start : start + PROBE_BATCH]
            width = max(len(r) for r in chunk)
            ids = torch.full((len(chunk), width), tokenizer.pad_id, dtype=torch.long)
            for i, row in enumerate(chunk):
                ids[i, : len(row)] = torch.tensor(row, dtype=torch.long)
            lengths = torch.tensor([len(r) for r in chunk])
            mask = torch.arange(width)[None, :] < lengths[:, None]
            _, attention = model.encode(ids.to(device), mask.to(device), need_attention=True)
            assert attention is not None
            maps = attention.float().cpu().numpy()  # [L, B, H, W, W]
            for i, n in enumerate(lengths.tolist()):
                out.append(np.ascontiguousarray(maps[:, i, :, :n, :n]))
    finally:
        model.train(was_training)
    return out


@dataclass
class ProbeHistory:
    """The recorded probe attention of a run: texts, the steps recorded, and the maps at each step."""

    texts: list[str] = field(default_factory=list)
    steps: list[int] = field(default_factory=list)  # ascending
    attention: dict[int, list[np.ndarray]] = field(default_factory=dict)  # step → one [L,H,T,T] per text

    def of_probe(self, index: int) -> list[np.ndarray]:
        """One probe text's maps over training, in step order."""
        return [self.attention[s][index] for s in self.steps]


def _read_probe_tensors(path: Path) -> dict[str, np.ndarray]:
    if not path.is_file():
        return {}
    try:
        return safetensors.numpy.load(path.read_bytes())
    except (SafetensorError, OSError, ValueError) as err:
        raise RunError(f"{path} cannot be read ({err}); delete it to start the probe history again.") from None


def _read_probe_texts(path: Path) -> list[str] | None:
    if not path.is_file():
        return None
    try:
        texts = json.loads(path.read_text(encoding="utf-8"))["texts"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise RunError(f"{path} cannot be read ({err}); delete it to start the probe history again.") from None
    if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
        raise RunError(f"{path} is damaged (expected a list of texts); delete it to start the probe history again.")
    return texts


def _write_probe_tensors(path: Path, tensors: dict[str, np.ndarray]) -> None:
    # safetensors.numpy.save gives bytes, so the whole file is replaced in one rename: a reader (the GUI)
    # sees either the old history or the new one, never half of it.
    atomic_write_bytes(path, safetensors.numpy.save(tensors, metadata={"format_version": "1"}))


def save_probe_history(
    run_dir: Path, step: int, arrays: Sequence[np.ndarray], *, texts: Sequence[str] | None = None
) -> None:
    """Add the probe attention of one step to run_dir/probes.safetensors (and the texts to probes.json).

    Pass `texts` at least the first time. Saving a step again replaces it. The file is rewritten atomically.
    """
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise RunError(f"The run folder {run_dir} does not exist.")
    stored = _read_probe_texts(run_dir / PROBE_TEXTS_FILE)
    if texts is not None:
        texts = list(texts)
        if len(texts) != len(arrays):
            raise ValueError(f"{len(arrays)} attention arrays for {len(texts)} probe texts")
        if stored is not None and stored != texts:
            raise RunError(
                f"The probe sentences differ from those already recorded in {run_dir}; "
                f"delete {PROBES_FILE} and {PROBE_TEXTS_FILE} there to start a new probe history."
            )
        if stored is None:
            atomic_write_text(run_dir / PROBE_TEXTS_FILE, json.dumps({"texts": texts}, ensure_ascii=False) + "\n")
    elif stored is not None and len(stored) != len(arrays):
        raise ValueError(f"{len(arrays)} attention arrays for {len(stored)} recorded probe texts")
    path = run_dir / PROBES_FILE
    prefix = f"step{int(step)}."
    tensors = {k: v for k, v in _read_probe_tensors(path).items() if not k.startswith(prefix)}
    for i, arr in enumerate(arrays):
        tensors[f"{prefix}probe{i}"] = np.ascontiguousarray(arr, dtype=np.float32)
    _write_probe_tensors(path, tensors)


def truncate_probe_history(run_dir: Path, last_step: int) -> None:
    """Forget the steps after `last_step`, e.g. when a run resumes from an earlier checkpoint."""
    path = Path(run_dir) / PROBES_FILE
    tensors = _read_probe_tensors(path)
    kept = {k: v for k, v in tensors.items() if (m := _PROBE_KEY.fullmatch(k)) and int(m.group(1)) <= last_step}
    if len(kept) != len(tensors):
        _write_probe_tensors(path, kept)


def load_probe_history(run_dir: Path) -> ProbeHistory:
    """Read what save_probe_history wrote; an empty history if the run has none."""
    run_dir = Path(run_dir)
    texts = _read_probe_texts(run_dir / PROBE_TEXTS_FILE) or []
    by_step: dict[int, dict[int, np.ndarray]] = {}
    for key, arr in _read_probe_tensors(run_dir / PROBES_FILE).items():
        m = _PROBE_KEY.fullmatch(key)
        if m is None:
            continue  # a key from a later version: skip rather than fail
        by_step.setdefault(int(m.group(1)), {})[int(m.group(2))] = arr
    steps = sorted(by_step)
    attention = {s: [by_step[s][i] for i in sorted(by_step[s])] for s in steps}
    return ProbeHistory(texts, steps, attention)

"""`workbench bench inspect`: how quickly the real Inspect page follows a new sentence.

Offscreen, the page (with its inspection thread, as in the app) shows an untrained small and base model. For 50
different sentences of 32 tokens each (and, for base, 50 of 256 tokens) it times from setting the sentence to the
grid repainted: the page's own `refreshed` signal, then a forced synchronous repaint of the grid's view. The
typing debounce is not part of the time (the refresh is started directly) and is reported as debounce_ms. Between
sentences the page is left to finish (the saliency, which comes after the grid), so each time is measured alone.
The page paints the chosen head large and the token strip right after the grid (the next turn of the event loop);
`*_with_large_head_p95_ms` times until those are painted too.
Also reported: the saliency time. The app's garbage-collection policy holds, as in `bench gui`: cyclic GC only
on the GUI thread, checked once a second (automatic collection also ran in the inspection thread, and its 5-20 ms
collections under load fell inside some of the timings).

The targets are ratios (`*_overhead`): the page's p95 over the p95 of the bare forward pass of the same model on
the same sentences (`*_forward_*`: tokenizing, the forward pass with attention weights and copying them out, the
least the page must run), timed inside the inspection thread for each sentence, so a busy machine slows both
alike. Timing it there and not on this thread matters: a second thread running torch keeps a second OpenMP team,
which on 2 cores slowed the other's forward passes (and measured itself 3x slower at p95 under load).
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import time
from typing import Any

import numpy as np

SENTENCES = 50
SHORT, LONG = 32, 256
CASES = (("small", "small", SHORT), ("base", "base", SHORT), ("long256", "base", LONG))  # key, preset, tokens


def _app() -> Any:
    if "QT_QPA_PLATFORM" not in os.environ and not os.environ.get("DISPLAY"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def sentences(tokenizer: Any, texts: list[str], n_tokens: int, count: int) -> list[str]:
    """`count` different sentences of exactly n_tokens tokens ([CLS] and [SEP] included), from the texts' words."""
    words = " ".join(texts).split()

    def size(ws: list[str]) -> int:
        return len(tokenizer.tokens(" ".join(ws), 4 * n_tokens))

    singles = [w for w in dict.fromkeys(words) if size([w]) == 3][:50]  # words that are one token
    out: list[str] = []
    start = 0
    while len(out) < count:
        chosen: list[str] = []
        i = start
        while size([*chosen, words[i % len(words)]]) <= n_tokens:
            chosen.append(words[i % len(words)])
            i += 1
        while size(chosen) < n_tokens:
            chosen.append(singles[len(chosen) % len(singles)])
        text = " ".join(chosen)
        if text not in out:
            out.append(text)
        start += 11
    return out


def _p95(values: list[float]) -> float:
    return round(float(np.percentile(values, 95)), 1)


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 1) if values else float("nan")


def _measure(app: Any, panel: Any, texts: list[str]) -> dict[str, list[float]]:
    from PySide6.QtCore import QEventLoop

    loop, detail_loop = QEventLoop(), QEventLoop()
    panel.refreshed.connect(loop.quit)
    panel.maps_view.detailDrawn.connect(detail_loop.quit)
    grid_ms, maps_ms, forward_ms, saliency_ms = [], [], [], []
    try:
        for text in texts:
            _settle(app, panel)
            panel.text_box.blockSignals(True)  # no debounce: the refresh is started below, by hand
            panel.text_box.setText(text)
            panel.text_box.blockSignals(False)
            app.processEvents()  # the box shows the new text during the debounce, before the refresh starts
            start = time.perf_counter()
            panel.refresh_now()
            loop.exec()  # until the page says the grid has been redrawn for this sentence
            panel.grid.view.viewport().repaint()  # and paint it now
            grid_ms.append((time.perf_counter() - start) * 1000)
            if panel.maps_view.busy():  # the large head follows the grid: until it is painted too
                detail_loop.exec()
            while panel.tokens.tokens() != panel.shown_result().inspection.tokens:  # and the token strip
                app.processEvents()  # (already queued behind the grid: one turn of the event loop)
            panel.detail.heatmap.view.viewport().repaint()  # (paints every widget waiting to be painted)
            maps_ms.append((time.perf_counter() - start) * 1000)
            result = panel.result()
            assert result is not None and result.text == text
            forward_ms.append(result.seconds * 1000)
            t = time.perf_counter()
            _settle(app, panel)
            if panel.tokens.saliency() is not None:
                saliency_ms.append((time.perf_counter() - t) * 1000)
    finally:
        panel.refreshed.disconnect(loop.quit)
        panel.maps_view.detailDrawn.disconnect(detail_loop.quit)
    return {"grid": grid_ms, "maps": maps_ms, "forward": forward_ms, "saliency": saliency_ms}


def _settle(app: Any, panel: Any, timeout_s: float = 120.0) -> None:
    deadline = time.perf_counter() + timeout_s
    while panel.busy():
        if time.perf_counter() > deadline:
            raise TimeoutError("the Inspect page did not finish in time")
        app.processEvents()
        time.sleep(0.001)
    # What the last answer posted (a layout request when the saliency note changed) is handled now, as the idle
    # window would long before the next pause in typing, not inside the next sentence's time.
    app.sendPostedEvents()
    app.processEvents()


def run(
    count: int = SENTENCES, cases: tuple[tuple[str, str, int], ...] = CASES, bert: dict[str, Any] | None = None
) -> dict[str, Any]:
    """bert: BertConfig sizes of the model folder timed under bert_base_* ({} is BERT-base; None leaves it out)."""
    app = _app()
    import torch

    from workbench.core.config import preset
    from workbench.core.data.demo import make
    from workbench.core.data.tokenizer import TextTokenizer
    from workbench.core.model.encoder import EncoderModel
    from workbench.gui.app import GuiThreadCollector
    from workbench.gui.pages.inspect.inspect_page import DEBOUNCE_MS, InspectPanel

    train, _ = make("reviews")
    tokenizer = TextTokenizer.train(train.texts, "wordpiece", 8000)
    max_len = max(tokens for _, _, tokens in cases)
    collector = GuiThreadCollector(interval=1.0)
    panel = InspectPanel()
    panel.resize(560, 900)  # the page's width beside the plot on a 1366 px screen
    panel.show()
    out: dict[str, Any] = {}
    try:
        for key, name, tokens in cases:
            texts = sentences(tokenizer, train.texts, tokens, count + 3)
            torch.manual_seed(0)
            model = EncoderModel(preset(name, vocab_size=tokenizer.vocab_size, n_classes=2, max_len=max_len)).eval()
            panel.use_model(model, tokenizer, ["negative", "positive"], f"untrained {name}")
            _settle(app, panel)
            _measure(app, panel, texts[:3])  # warm-up: first calls allocate
            times = _measure(app, panel, texts[3:])
            forward = _p95(times["forward"])
            out[f"{key}_overhead"] = round(_p95(times["grid"]) / forward, 3) if forward else None
            out[f"{key}_p95_ms"] = _p95(times["grid"])
            out[f"{key}_median_ms"] = _median(times["grid"])
            out[f"{key}_with_large_head_p95_ms"] = _p95(times["maps"])
            out[f"{key}_forward_median_ms"] = _median(times["forward"])
            out[f"{key}_forward_p95_ms"] = _p95(times["forward"])
            out[f"{key}_saliency_median_ms"] = _median(times["saliency"])
        if bert is not None:
            out.update(_bert_base(app, panel, tokenizer, train.texts, count, bert))
    finally:
        panel.close()
        _settle(app, panel)
        panel.worker.wait()
        collector.timer.stop()
        gc.enable()
    ordered = {f"{key}_{what}": out[f"{key}_{what}"] for key, _, _ in cases for what in ("overhead", "p95_ms")}
    return {
        **ordered,
        "debounce_ms": DEBOUNCE_MS,
        **{k: v for k, v in out.items() if k not in ordered},
        "sentences": count,
        "tokens": sorted({tokens for _, _, tokens in cases}),
        "threads": torch.get_num_threads(),
        "targets_overhead": {"small": 1.5, "base": 1.3, "long256": 1.2},
        "bert_base_open_target_s": 5,
    }


BERT_KEYS = ("bert_base_open_s", "bert_base_p95_ms", "bert_base_median_ms", "bert_base_forward_median_ms")


def write_bert_base(folder: Any, tokenizer: Any, **config: Any) -> None:
    """A BERT-base classifier (110 M parameters, random weights; `config` changes BertConfig's sizes) saved by
    `transformers` in the Hugging Face layout, its vocab.txt the tokenizer's words padded with unused slots to
    the vocabulary size (BERT's 30,522)."""
    import torch
    import transformers

    vocab_size = config.pop("vocab_size", 30522)
    vocab = [tokenizer.id_to_token(i) for i in range(tokenizer.vocab_size)]
    vocab += [f"[unused{i}]" for i in range(vocab_size - len(vocab))]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    labels = {"id2label": {0: "negative", 1: "positive"}, "label2id": {"negative": 0, "positive": 1}}
    torch.manual_seed(0)
    transformers.BertForSequenceClassification(
        transformers.BertConfig(vocab_size=vocab_size, **labels, **config)
    ).save_pretrained(folder)


def _bert_base(
    app: Any, panel: Any, tokenizer: Any, texts: list[str], count: int, config: dict[str, Any]
) -> dict[str, Any]:
    """A BERT-base model folder opened as the app opens it (open_s), then typed into as the cases above; every
    key None when `transformers` (a test dependency, which writes the folder) is not installed."""
    import importlib.util
    import tempfile
    from pathlib import Path

    if importlib.util.find_spec("transformers") is None:
        return dict.fromkeys(BERT_KEYS)
    from workbench.core.inspection.inspector import load_run

    with tempfile.TemporaryDirectory(prefix="workbench-bert-base-") as tmp:
        folder = Path(tmp) / "bert-base"
        write_bert_base(folder, tokenizer, **config)
        start = time.perf_counter()
        loaded = load_run(folder)
        open_s = time.perf_counter() - start
    sample = sentences(loaded.tokenizer, texts, SHORT, count + 3)
    panel.use_model(loaded.model, loaded.tokenizer, loaded.labels, "BERT-base")
    _settle(app, panel)
    _measure(app, panel, sample[:3])
    times = _measure(app, panel, sample[3:])
    values = (round(open_s, 2), _p95(times["grid"]), _median(times["grid"]), _median(times["forward"]))
    return dict(zip(BERT_KEYS, values, strict=True))


def run_from_args(args: argparse.Namespace) -> dict[str, Any]:
    """`workbench bench inspect`."""
    return run(bert={})

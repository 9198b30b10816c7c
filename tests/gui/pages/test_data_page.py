"""DataPanel: built-in data at start, reading files in the background, inline problems, split and tokenizer."""

from __future__ import annotations

import html
import importlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool

from workbench.core.config import DataConfig
from workbench.gui.pages.data.data_page import DataPanel
from workbench.gui.pages.data.table_model import PreviewTableModel

WAIT_MS = 60_000


def _has_demo() -> bool:
    try:
        module = importlib.import_module("workbench.core.data.demo")
    except ImportError:
        return False
    return callable(getattr(module, "make", None)) and "reviews" in getattr(module, "DEMOS", {})


needs_demo = pytest.mark.skipif(
    not _has_demo(), reason="workbench.core.data.demo (make, DEMOS with 'reviews') is not in this checkout yet"
)


@pytest.fixture
def panel(qtbot):
    p = DataPanel()
    qtbot.addWidget(p)
    yield p
    # Leave no reading or tokenizing job behind for the next test.
    qtbot.waitUntil(lambda: not p.is_busy(), timeout=WAIT_MS)
    QThreadPool.globalInstance().waitForDone(5000)


def _write_csv(path: Path, rows: list[tuple[str, ...]], header: tuple[str, ...] = ("text", "label")) -> Path:
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _good_rows(n: int = 200) -> list[tuple[str, str]]:
    words = ["food", "film", "staff", "music", "plot", "room"]
    return [
        (f"the {words[i % 6]} was {'good' if i % 2 else 'bad'} number {i}", "pos" if i % 2 else "neg") for i in range(n)
    ]


def _open(qtbot, panel: DataPanel, path: Path) -> None:
    """Open a file that can be used and wait for the data to change."""
    with qtbot.waitSignal(panel.dataChanged, timeout=WAIT_MS):
        panel.open_file(path)
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=WAIT_MS)


def _open_unusable(qtbot, panel: DataPanel, path: Path) -> None:
    panel.open_file(path)
    assert panel.is_busy()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=WAIT_MS)


# ------------------------------------------------------------------------------------------ built-in data


@needs_demo
def test_default_demo_is_loaded_at_construction(panel):
    assert panel.is_ready()
    assert not panel.is_busy()  # built-in data needs no background job
    train, val = panel.datasets()
    assert (len(train), len(val)) == (2000, 500)
    cfg = panel.data_config()
    assert cfg.source == "demo:sentiment"  # the easy reviews: a tiny model learns them in seconds
    assert cfg.text_column is None and cfg.label_column is None
    assert panel.label_names() == sorted(set(train.labels))
    # The demo's validation set is fixed: the share slider does not apply and says why.
    assert not panel.split_slider.isEnabled()
    assert "validation set" in panel.split_note.text()
    assert "2,000 training / 500 validation sentences" in panel.summary_label.text()
    assert panel.table_model.rowCount() == 2500
    assert sum(panel.histogram.counts().values()) == 2500
    assert panel.demo_combo.currentData() == "sentiment"
    assert panel.demo_combo.findData("reviews") >= 0  # the harder negation data: one click away


@needs_demo
def test_demo_picker_lists_descriptions_and_switches_back(qtbot, panel, tmp_path):
    from workbench.core.data.demo import DEMOS

    for i in range(panel.demo_combo.count()):
        name = panel.demo_combo.itemData(i)
        assert DEMOS[name] in panel.demo_combo.itemText(i)
    _open(qtbot, panel, _write_csv(tmp_path / "d.csv", _good_rows()))
    assert panel.demo_combo.currentIndex() == -1  # a file is in use, not a built-in set
    with qtbot.waitSignal(panel.dataChanged, timeout=WAIT_MS):
        panel.load_demo("reviews")
    assert panel.data_config().source == "demo:reviews"


# ------------------------------------------------------------------------------------------ files


def test_bad_rows_are_reported_with_line_numbers(qtbot, panel, tmp_path):
    rows = _good_rows(40)
    rows[2] = ("", "pos")  # line 4 (header is line 1)
    rows[7] = ("the food was fine", "")  # line 9
    rows[20] = ("   ", "neg")  # line 22
    rows[30] = ("only text",)  # line 32: the label field is missing
    path = _write_csv(tmp_path / "bad.csv", rows)
    _open(qtbot, panel, path)

    msg = panel.skipped_box.text()
    assert not panel.skipped_box.isHidden()
    assert msg.startswith("4 rows skipped")
    assert "line 4 empty text" in msg and "line 9 empty label" in msg and "line 22 empty text" in msg
    details = panel.skipped_box.details()
    assert len(details) == 4 and details[-1].startswith("line 32:")
    assert panel.table_model.rowCount() == 36
    good = [r for i, r in enumerate(rows) if i not in (2, 7, 20, 30)]
    expected = {"pos": sum(r[1] == "pos" for r in good), "neg": sum(r[1] == "neg" for r in good)}
    assert panel.histogram.counts() == expected
    assert panel.data_config().source == str(path)
    assert panel.data_config().label_column == "label"
    assert "4 skipped" in panel.summary_label.text()
    assert "encoding utf-8" in panel.summary_label.text()
    assert panel.problem_box.isHidden()
    # The table shows the usable rows in file order.
    index = panel.table_model.index(0, PreviewTableModel.TEXT)
    assert panel.table_model.data(index) == good[0][0]
    assert panel.recent_files()[0] == str(path.resolve())


@pytest.mark.parametrize("kind", ["empty", "binary", "one_class", "missing"])
def test_unusable_file_keeps_previous_data(qtbot, panel, tmp_path, kind):
    _open(qtbot, panel, _write_csv(tmp_path / "good.csv", _good_rows()))
    before = panel.datasets()
    config = panel.data_config()
    bad = tmp_path / f"{kind}.csv"
    if kind == "empty":
        bad.write_bytes(b"")
    elif kind == "binary":
        bad.write_bytes(bytes(range(256)) * 20)
    elif kind == "one_class":
        _write_csv(bad, [(f"sentence {i}", "pos") for i in range(30)])
    changes: list[int] = []
    panel.dataChanged.connect(lambda: changes.append(1))
    _open_unusable(qtbot, panel, bad)

    assert changes == []
    assert panel.datasets() is before
    assert panel.data_config() == config
    assert not panel.problem_box.isHidden()
    assert panel.problem_box.kind == "error"
    text = panel.problem_box.text()
    assert bad.name in text
    assert "the data in use is still good.csv" in text
    assert "Traceback" not in text
    assert panel.is_ready()


def test_changing_label_column_rereads(qtbot, panel, tmp_path):
    rows = [(f"sentence number {i}", "pos" if i % 2 else "neg", ["a", "b", "c"][i % 3]) for i in range(90)]
    path = _write_csv(tmp_path / "two.csv", rows, header=("text", "sentiment", "topic"))
    _open(qtbot, panel, path)
    assert panel.data_config().label_column == "sentiment"
    assert [panel.label_combo.itemText(i) for i in range(panel.label_combo.count())] == [
        "text",
        "sentiment",
        "topic",
    ]
    with qtbot.waitSignal(panel.dataChanged, timeout=WAIT_MS):
        panel.label_combo.setCurrentText("topic")
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=WAIT_MS)
    assert panel.data_config().label_column == "topic"
    assert panel.label_names() == ["a", "b", "c"]
    assert panel.histogram.counts() == {"a": 30, "b": 30, "c": 30}


def test_unusable_column_choice_reverts_picker(qtbot, panel, tmp_path):
    rows = [(f"sentence number {i}", "pos" if i % 2 else "neg", "same") for i in range(60)]
    _open(qtbot, panel, _write_csv(tmp_path / "c.csv", rows, header=("text", "label", "constant")))
    panel.label_combo.setCurrentText("constant")
    qtbot.waitUntil(lambda: not panel.problem_box.isHidden() and not panel.is_busy(), timeout=WAIT_MS)
    assert "1 class" in panel.problem_box.text()
    assert panel.label_combo.currentText() == "label"  # back to what is in use
    assert panel.data_config().label_column == "label"


def test_split_slider_changes_sizes(qtbot, panel, tmp_path):
    _open(qtbot, panel, _write_csv(tmp_path / "s.csv", _good_rows(200)))
    assert panel.split_slider.isEnabled()
    train, val = panel.datasets()
    assert (len(train), len(val)) == (180, 20)
    with qtbot.waitSignal(panel.dataChanged, timeout=30_000):
        panel.split_slider.setValue(30)
    train, val = panel.datasets()
    assert (len(train), len(val)) == (140, 60)
    assert panel.data_config().val_fraction == pytest.approx(0.3)
    assert panel.split_spin.value() == 30
    assert "140 training / 60 validation" in panel.summary_label.text()
    assert sum(panel.histogram.validation_counts().values()) == 60
    panel.split_spin.setValue(5)  # the spin box and slider move together
    assert panel.split_slider.value() == 5
    assert len(panel.datasets()[1]) == 10


def test_later_choice_wins_over_slower_read(qtbot, panel, tmp_path):
    first = _write_csv(tmp_path / "first.csv", _good_rows(300))
    second = _write_csv(tmp_path / "second.csv", _good_rows(50))
    panel.open_file(first)
    panel.open_file(second)
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=WAIT_MS)
    assert panel.data_config().source == str(second)
    assert panel.table_model.rowCount() == 50


def test_tokenizer_preview_shows_vocabulary_and_pieces(qtbot, panel, tmp_path):
    _open(qtbot, panel, _write_csv(tmp_path / "t.csv", _good_rows(200)))
    assert panel.preview_vocab_size() is None
    panel.vocab_spin.setValue(300)
    panel.preview_button.click()
    qtbot.waitUntil(lambda: panel.preview_vocab_size() is not None, timeout=WAIT_MS)
    size = panel.preview_vocab_size()
    assert 5 < size <= 300
    assert f"Vocabulary: {size:,} pieces" in panel.vocab_result.text()
    shown = [lab for lab in panel.sample_labels if not lab.isHidden()]
    assert len(shown) == 3 and all("[CLS]" in lab.text() for lab in shown)
    panel.try_edit.setText("the food was good €")
    assert "[UNK]" in panel.try_label.text()  # € never occurs in the data
    assert "unknown piece" in panel.try_label.text()
    # New settings make the preview out of date.
    with qtbot.waitSignal(panel.dataChanged, timeout=30_000):
        panel.kind_combo.setCurrentIndex(panel.kind_combo.findData("char"))
    assert panel.preview_vocab_size() is None
    assert panel.data_config().tokenizer == "char"
    assert panel.data_config().vocab_size == 300


class _Watched(list):
    """A list that records which rows were read, and whether anyone went through all of them."""

    def __init__(self, items) -> None:
        super().__init__(items)
        self.read: list = []

    def __getitem__(self, i):
        self.read.append(i)
        return super().__getitem__(i)

    def __iter__(self):
        self.read.append("all")
        return super().__iter__()


def test_table_model_is_lazy():
    """A 100,000-row file costs only the rows shown: nothing is copied or formatted ahead (checked by what is
    read, not by a stopwatch, so a busy machine cannot fail it)."""
    texts = _Watched(f"row number {i} " + "word " * (i % 50) for i in range(100_000))
    labels = _Watched(str(i % 7) for i in range(100_000))
    model = PreviewTableModel()
    model.set_rows(texts, labels)
    assert texts.read == [] and labels.read == []
    last = model.index(99_999, PreviewTableModel.TEXT)
    assert model.data(last).startswith("row number 99999")
    assert model.data(model.index(99_999, PreviewTableModel.ROW)) == "100,000"
    assert model.data(model.index(99_999, PreviewTableModel.LABEL)) == "4"  # 99,999 % 7
    assert texts.read == [99_999] and labels.read == [99_999]
    assert model.rowCount() == 100_000 and model.columnCount() == 3
    long = PreviewTableModel()
    long.set_rows(["x" * 5000 + "\nsecond line"], ["a"])
    cell = long.data(long.index(0, PreviewTableModel.TEXT))
    assert len(cell) < 500 and cell.endswith("…")


def test_every_control_has_a_tooltip(panel):
    for widget in (
        panel.demo_combo,
        panel.open_button,
        panel.recent_button,
        panel.text_combo,
        panel.label_combo,
        panel.split_slider,
        panel.split_spin,
        panel.kind_combo,
        panel.vocab_spin,
        panel.preview_button,
        panel.try_edit,
    ):
        assert widget.toolTip(), widget
    # The core's range (core.config: DataConfig.vocab_size), not one of the page's own.
    assert (panel.vocab_spin.minimum(), panel.vocab_spin.maximum(), panel.vocab_spin.value()) == (50, 200_000, 8000)
    assert "(50–200,000;" in panel.vocab_spin.toolTip()
    assert (panel.split_slider.minimum(), panel.split_slider.maximum(), panel.split_slider.value()) == (5, 50, 10)


# ------------------------------------------------------------------------------------------ layout
def test_text_column_takes_the_room_and_shows_everything_on_hover(qtbot, panel, tmp_path):
    long = "this is a rather long sentence about the food and the service that does not fit in a narrow column"
    rows = [(f"{long} {i}", "positive" if i % 2 else "negative") for i in range(60)]
    _open(qtbot, panel, _write_csv(tmp_path / "long.csv", rows))
    panel.resize(540, 700)
    panel.show()
    qtbot.waitExposed(panel)
    table = panel.table
    number, text, label = (table.columnWidth(c) for c in range(3))
    fm = table.fontMetrics()
    # # and Label fit their contents (row numbers up to 60, "negative"), the text gets everything else.
    assert fm.horizontalAdvance("60") <= number < fm.horizontalAdvance("0000000")
    assert fm.horizontalAdvance("negative") <= label < fm.horizontalAdvance("negative") * 2
    assert text > number + label and text >= table.viewport().width() - number - label - 2
    index = panel.table_model.index(0, PreviewTableModel.TEXT)
    assert panel.table_model.data(index, Qt.ItemDataRole.ToolTipRole) == rows[0][0]  # the whole text


def test_the_page_is_narrow_enough_to_sit_beside_the_plot(qtbot, panel):
    assert panel.minimumSizeHint().width() <= 560
    panel.resize(540, 700)
    panel.show()
    qtbot.waitExposed(panel)
    assert not panel.splitter.is_wide()  # the rows above the classes, validation and tokenizer boxes
    assert panel.table.width() > 400


def test_locked_while_training_but_still_readable(panel):
    panel.set_locked(True)
    for widget in (panel.demo_combo, panel.open_button, panel.recent_button, panel.split_slider, panel.vocab_spin,
                   panel.kind_combo, panel.preview_button):  # fmt: skip
        assert not widget.isEnabled(), widget
    assert panel.is_locked() and panel.table.isEnabled() and panel.histogram.isEnabled()
    assert "cannot change while a run trains" in panel.source_box.toolTip()
    panel.set_locked(False)
    assert panel.open_button.isEnabled() and panel.vocab_spin.isEnabled() and not panel.source_box.toolTip()


def test_set_data_config_reads_the_file_with_its_columns_and_the_settings(qtbot, panel, tmp_path):
    rows = [(f"sentence number {i}", "pos" if i % 2 else "neg", ["a", "b", "c"][i % 3]) for i in range(90)]
    path = _write_csv(tmp_path / "two.csv", rows, header=("text", "sentiment", "topic"))
    saved = DataConfig(
        source=str(path), text_column="text", label_column="topic", val_fraction=0.3, tokenizer="char", vocab_size=700
    )
    with qtbot.waitSignal(panel.dataChanged, timeout=WAIT_MS):
        assert panel.set_data_config(saved) is None
    qtbot.waitUntil(lambda: not panel.is_busy() and panel.data_config().source == str(path), timeout=WAIT_MS)
    got = panel.data_config()
    assert (got.text_column, got.label_column) == ("text", "topic")  # the saved columns, not the guessed ones
    assert (got.val_fraction, got.tokenizer, got.vocab_size) == (0.3, "char", 700)
    assert panel.label_names() == ["a", "b", "c"]

    moved = DataConfig(source=str(tmp_path / "gone.csv"), tokenizer="wordpiece", vocab_size=900)
    problem = panel.set_data_config(moved)
    assert problem is not None and "gone.csv is no longer at" in problem
    assert panel.data_config().source == str(path)  # the data in use stays
    assert (panel.data_config().tokenizer, panel.data_config().vocab_size) == ("wordpiece", 900)


def test_hold_tokenizer_disables_its_controls_with_the_reason_and_gives_them_back(panel):
    tip = panel.vocab_spin.toolTip()
    panel.hold_tokenizer("Fine-tuning uses the pre-trained run's tokenizer.")
    assert not panel.vocab_spin.isEnabled() and not panel.kind_combo.isEnabled()
    assert panel.vocab_spin.toolTip() == "Fine-tuning uses the pre-trained run's tokenizer."
    panel.hold_tokenizer(None)
    assert panel.vocab_spin.isEnabled() and panel.kind_combo.isEnabled() and panel.vocab_spin.toolTip() == tip
    panel.set_locked(True)
    panel.hold_tokenizer("held")
    panel.hold_tokenizer(None)
    assert not panel.vocab_spin.isEnabled()  # still training: the page's own lock stays
    panel.set_locked(False)


def test_normalised_labels_and_an_id_like_label_column_are_said(qtbot, panel: DataPanel, tmp_path: Path) -> None:
    """Issue 18 (5, 8): labels 1 and 1.0 were two classes, and 10,000 classes went ahead without a word."""
    rows = [(text, "1.0" if i % 2 else "0") for i, (text, _) in enumerate(_good_rows(40))]
    _open(qtbot, panel, _write_csv(tmp_path / "numbers.csv", rows))
    assert not panel.skipped_box.isHidden()
    assert "'1.0' as '1'" in html.unescape(panel.skipped_box.text())
    ids = [(text, f"id{i % 250}") for i, (text, _) in enumerate(_good_rows(2500))]
    _open(qtbot, panel, _write_csv(tmp_path / "ids.csv", ids))
    assert "250 distinct values: is it an ID column?" in html.unescape(panel.skipped_box.text())
    _open(qtbot, panel, _write_csv(tmp_path / "fine.csv", _good_rows(40)))
    assert panel.skipped_box.isHidden()


def test_the_histogram_legend_speaks_the_window_language(qtbot, qapp):
    """The painted legend under the class bars goes through the translation like the rest of the page."""
    from workbench.gui.pages.data.label_histogram import LabelHistogram
    from workbench.gui.widgets.language import translations

    histogram = LabelHistogram()
    qtbot.addWidget(histogram)
    assert histogram.legend() == ("training", "validation")
    try:
        assert translations.install(qapp, translations.CHINESE) == "zh_CN"
        assert histogram.legend() == ("训练", "验证")
    finally:
        translations.install(qapp, translations.ENGLISH)
    assert histogram.legend() == ("training", "validation")

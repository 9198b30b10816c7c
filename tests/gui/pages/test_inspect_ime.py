"""Typing Chinese with an input method in the Inspect box: the text being composed (pre-edit) must not start an
inspection; the committed text does, once."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QInputMethodEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication
from tiny_models import tiny_classifier

from workbench.gui.pages.inspect.inspect_page import InspectPanel

WAIT = 60_000


@pytest.fixture(scope="module")
def model(tokenizer):
    return tiny_classifier(tokenizer, n_classes=2, spread=0.3)


@pytest.fixture
def panel(qtbot, model, tokenizer):
    p = InspectPanel()
    qtbot.addWidget(p, before_close_func=lambda w: qtbot.waitUntil(lambda: not w.busy(), timeout=WAIT))
    p.resize(560, 1000)
    p.show()
    qtbot.waitExposed(p)
    with qtbot.waitSignal(p.refreshed, timeout=WAIT):
        p.use_model(model, tokenizer, ["negative", "positive"], "tiny")
    qtbot.waitUntil(lambda: not p.busy(), timeout=WAIT)
    yield p
    qtbot.waitUntil(lambda: not p.busy(), timeout=WAIT)
    p.worker.wait()


def _preedit(text: str) -> QInputMethodEvent:
    underline = QInputMethodEvent.Attribute(QInputMethodEvent.AttributeType.TextFormat, 0, len(text), QTextCharFormat())
    return QInputMethodEvent(text, [underline])


def _commit(text: str) -> QInputMethodEvent:
    event = QInputMethodEvent()
    event.setCommitString(text)
    return event


def test_composing_does_not_inspect_committing_does(qtbot, panel) -> None:
    box = panel.text_box
    box.setFocus()
    box.setText("好吃")
    qtbot.waitUntil(
        lambda: not panel.busy() and panel.result() is not None and panel.result().text == "好吃", timeout=WAIT
    )
    seen: list[str] = []
    panel.refreshed.connect(lambda: seen.append(panel.result().text))

    for step in ("b", "bu", "bu c", "bu cuo"):  # pinyin being composed: 不错
        QApplication.sendEvent(box, _preedit(step))
        assert box.text() == "好吃"  # the pre-edit is shown but is not the text
        assert not panel.busy()  # no refresh is scheduled for it
    assert seen == []

    with qtbot.waitSignal(panel.refreshed, timeout=WAIT):
        QApplication.sendEvent(box, _commit("不错"))
        assert panel.busy()  # the committed text schedules the refresh
    qtbot.waitUntil(lambda: not panel.busy(), timeout=WAIT)
    assert box.text() == "好吃不错"
    assert seen == ["好吃不错"]
    assert panel.result().text == "好吃不错"


def test_a_cancelled_composition_changes_nothing(qtbot, panel) -> None:
    box = panel.text_box
    box.setFocus()
    before = box.text()
    QApplication.sendEvent(box, _preedit("ni hao"))
    QApplication.sendEvent(box, _commit(""))  # the person pressed Escape in the input method
    assert box.text() == before
    assert not panel.busy()

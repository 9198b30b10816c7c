"""What the Evaluate page says about a Hugging Face model folder chosen in its picker: a classifier is scored on a
labelled file (it has no validation rows of its own); a masked-LM model has no classes to score."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from workbench.core.evaluation.saved import RunFacts


def show_model_folder(page: Any, facts: RunFacts, file_choice: str) -> None:
    """The Evaluate page (EvaluatePanel) on a model folder: no scores yet, the note, and a labelled file chosen as
    what to score when the model is a classifier."""
    text, scored_on_a_file = model_folder_note(facts)
    page._clear_scores("")
    if scored_on_a_file and page.data_combo.currentData() != file_choice:
        page.data_combo.setCurrentIndex(page.data_combo.findData(file_choice))
        page.file_row.setVisible(page._file is not None)
    page._say("info", text)
    page._enable()


def model_folder_note(facts: RunFacts) -> tuple[str, bool]:
    """(the message, whether the page should switch to scoring a labelled file)."""
    arch = facts.info.get("architecture", "")
    if facts.is_classifier:
        text = QCoreApplication.translate(
            "EvaluatePanel",
            "{name} is a pre-trained {arch} with the classes {classes}. It has no validation rows of its own: "
            "choose a labelled file under Data and press Evaluate.",
        ).format(name=facts.name, arch=arch, classes=", ".join(facts.labels))
        return text, True
    text = QCoreApplication.translate(
        "EvaluatePanel",
        "{name} is a pre-trained {arch}: it fills in hidden words and has no classes to score. Fine-tune it on "
        "labelled data on the Train page, or look inside it on the Inspect page.",
    ).format(name=facts.name, arch=arch)
    return text, False

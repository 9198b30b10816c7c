"""resources/i18n is complete and current: the .ts holds every string of workbench/gui (extracted again here with
pyside6-lupdate), each translated with the same {fields} and shortcut, and the committed .qm is exactly what
pyside6-lrelease builds from the .ts. Fails with the commands that fix it (README: 中文 / Languages)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
I18N = ROOT / "resources" / "i18n"
TS = I18N / "workbench_zh_CN.ts"
QM = I18N / "workbench_zh_CN.qm"
FIX = (
    "update it: pyside6-lupdate $(git ls-files 'workbench/gui/*.py') -ts resources/i18n/workbench_zh_CN.ts "
    "-locations none -no-obsolete, translate the new entries, then pyside6-lrelease "
    "resources/i18n/workbench_zh_CN.ts -qm resources/i18n/workbench_zh_CN.qm"
)
FIELD = re.compile(r"\{[^{}]*\}")
SHORTCUT = re.compile(r"&(?!amp;|lt;|gt;|nbsp;|quot;)\S")


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{name} is not installed (it comes with PySide6)")
    return found


def _messages(ts: Path) -> dict[tuple[str, str], str | None]:
    """(context, source) -> translation (None when unfinished), for the messages still in use."""
    out: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            text = translation.text if translation is not None and kind != "unfinished" else None
            out[(name, message.findtext("source") or "")] = text
    return out


def test_the_ts_file_holds_every_string_of_the_window(tmp_path: Path) -> None:
    sources = sorted(str(p) for p in (ROOT / "workbench" / "gui").rglob("*.py"))
    fresh = tmp_path / "fresh.ts"
    subprocess.run([_tool("pyside6-lupdate"), *sources, "-ts", str(fresh), "-locations", "none"], check=True,
                   capture_output=True)  # fmt: skip
    extracted = set(_messages(fresh))
    committed = _messages(TS)
    missing = sorted(extracted - set(committed))
    assert not missing, f"{len(missing)} strings are not in {TS.name}, e.g. {missing[:5]}; {FIX}"
    unfinished = sorted(k for k in extracted if not committed[k])
    assert not unfinished, f"{len(unfinished)} strings have no translation, e.g. {unfinished[:5]}; {FIX}"


def test_every_translation_keeps_the_fields_the_shortcut_and_the_markup() -> None:
    for (context, source), text in _messages(TS).items():
        if text is None:
            continue
        where = f"{context}: {source!r} -> {text!r}"
        assert sorted(FIELD.findall(text)) == sorted(FIELD.findall(source)), where
        assert bool(SHORTCUT.search(text)) == bool(SHORTCUT.search(source)), where
        assert re.findall(r"</?\w+", text) == re.findall(r"</?\w+", source), where
        assert text.count("\n") == source.count("\n"), where


def test_the_qm_file_is_built_from_the_ts_file(tmp_path: Path) -> None:
    built = tmp_path / "built.qm"
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(built)], check=True, capture_output=True)
    assert QM.is_file(), f"{QM.name} is missing; {FIX}"
    assert built.read_bytes() == QM.read_bytes(), f"{QM.name} is older than or differs from {TS.name}; {FIX}"

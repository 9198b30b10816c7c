"""`LANG=zh_CN.UTF-8 workbench --smoke-test`: the whole app in Simplified Chinese, with no English left on any page
after a run has trained (the count covers labels, buttons, menus, tooltips, table headers and messages)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_the_smoke_test_in_chinese_reports_the_language_and_no_english_left(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path / "home"), LANG="zh_CN.UTF-8")
    env.pop("LANGUAGE", None)
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[var] = str(tmp_path / var.lower())
    report_path = tmp_path / "report.json"
    command = [sys.executable, "-m", "workbench", "--smoke-test", "--report", str(report_path), "--steps", "4"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240, check=False)
    assert report_path.is_file(), f"no report; stderr: {done.stderr[-2000:]}"
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert done.returncode == 0, report.get("error")
    assert report["language"] == "zh_CN"
    assert report["untranslated"] == 0, report.get("untranslated_examples")

"""Resources found through workbench.paths in a checkout and in a PyInstaller bundle; the icon files; torch loading."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import paths, torch_loader

ROOT = Path(__file__).resolve().parent.parent


def test_resources_live_beside_the_package_in_a_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    assert paths.resources_dir() == ROOT / "resources"
    assert paths.resource("icons", "workbench.png") == ROOT / "resources" / "icons" / "workbench.png"


def test_resources_live_in_the_bundle_when_frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"
    assert paths.app_icon() == tmp_path / "resources" / "icons" / "workbench.png"


def test_the_icon_files_are_well_formed() -> None:
    png = paths.app_icon().read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width == height == 256

    ico = (ROOT / "resources" / "icons" / "workbench.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
    sizes = []
    for i in range(count):
        w, _h, _c, _r, _planes, _bits, length, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * i : 22 + 16 * i])
        assert ico[offset : offset + 8] == b"\x89PNG\r\n\x1a\n" and offset + length <= len(ico)
        sizes.append(w or 256)
    assert {16, 32, 48, 256} <= set(sizes)

    icns = (ROOT / "resources" / "icons" / "workbench.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


def test_licence_texts_for_the_bundle_are_in_resources() -> None:
    licences = ROOT / "resources" / "licenses"
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (licences / "LGPL-3.0.txt").read_text()
    assert "GNU GENERAL PUBLIC LICENSE" in (licences / "GPL-3.0.txt").read_text()


def test_torch_already_imported_is_left_alone() -> None:
    import torch

    assert torch_loader.preload_libraries() == []
    assert torch_loader.import_torch() is torch


@pytest.mark.skipif(sys.platform == "win32", reason="Windows loads torch before Qt instead")
def test_a_cold_import_loads_torch_libraries_first() -> None:
    code = (
        "import json, sys\n"
        "from workbench import torch_loader as t\n"
        "torch = t.import_torch()\n"
        "print(json.dumps({'state': t.state(), 'sum': float(torch.ones(3).sum()), 'timings': t.timings(),\n"
        "                  'lib': str(t.torch_lib_dir())}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["state"] == "loaded" and out["sum"] == 3.0
    assert Path(out["lib"]).name == "lib" and Path(out["lib"]).parent.name == "torch"
    assert 0 < out["timings"]["preload_s"] <= out["timings"]["import_s"]

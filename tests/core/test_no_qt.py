"""The core (and the CLI built on it) must import without any Qt module: it runs headless and in the worker."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_core_and_cli_import_without_qt() -> None:
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        BLOCKED = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "pyqtgraph", "superqt", "qtpy")

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in BLOCKED:
                    raise ImportError(f"Qt module {name} imported by the core")
                return None

        sys.meta_path.insert(0, Block())
        import workbench.core
        names = [m.name for m in pkgutil.walk_packages(workbench.core.__path__, "workbench.core.")]
        names += ["workbench.cli", "workbench.cli_progress", "workbench.paths", "workbench.bench.train"]
        for name in names:
            importlib.import_module(name)
        leaked = [m for m in sys.modules if m.split(".")[0] in BLOCKED]
        assert not leaked, leaked
        print(len(names))
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 12  # every core module was really imported

"""The entry point as a windowed, frozen app meets it: no console streams at all."""

from __future__ import annotations

import subprocess
import sys


def test_the_entry_point_copes_without_stdout_and_stderr() -> None:
    # A windowed build on Windows (or a macOS .app) starts with sys.stdout and sys.stderr set to None. A bad
    # command must still end with its own exit status (2: bad input), and code that writes to the streams
    # directly (the app's error hook writes the traceback to sys.stderr) must not raise AttributeError.
    code = (
        "import sys\n"
        "sys.stdout = sys.stderr = None\n"
        "from workbench.__main__ import main\n"
        "status = main(['inspect', '/no/such/run', 'a sentence'])\n"
        "sys.stderr.write('a traceback nobody sees\\n'); sys.stdout.flush()\n"
        "sys.__stdout__.write(f'status={status}')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "status=2"

"""Running a benchmark module as a script (`python -m workbench.bench.NAME`): its result as JSON on stdout, or a
one-line error and exit status 2."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from workbench.core.errors import WorkbenchError


def print_result(run: Callable[[], dict[str, Any]]) -> int:
    """Run the benchmark and print its result as indented JSON; the exit status (0, or 2 on a WorkbenchError)."""
    try:
        result = run()
    except WorkbenchError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2))
    return 0

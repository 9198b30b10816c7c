"""Entry point: no arguments opens the app; a lesson file (`workbench LESSON.wblesson`, also how a file manager
opens one with the packaged app) opens the app on that lesson; a sub-command (train, inspect, bench) runs the CLI.

`--smoke-test --report PATH [--screenshot PATH]` checks the app end to end (gui/diagnostics/smoke_test.py). This is also
the packaged app's entry script, so it keeps what a frozen, windowed build needs: multiprocessing's freeze
support and somewhere to write when there is no console.
"""

from __future__ import annotations

import time

STARTED_AT = time.time()  # where the OS cannot say when the process started, start-up is timed from here

import multiprocessing  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402


def _ensure_std_streams() -> None:
    """A windowed build (Windows, macOS .app) has sys.stdout/sys.stderr set to None; writing to them would raise."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (lives as long as the app)


def _load_torch_before_qt() -> None:
    # torch >= 2.9 and Qt ship conflicting DLLs on Windows; loading torch first avoids the crash.
    if sys.platform == "win32":
        import torch  # noqa: F401


def _lesson_argument(args: list[str]) -> str | None:
    """The one argument when it names a lesson file (by its .wblesson name, or a zip with a lesson.json)."""
    if len(args) != 1 or args[0].startswith("-"):
        return None
    from workbench.core.lessons import is_lesson_path

    return args[0] if is_lesson_path(args[0]) else None


def main(argv: list[str] | None = None) -> int:
    _ensure_std_streams()
    from workbench.core.heap import keep_freed_memory
    from workbench.kernel_caches import bound_kernel_caches
    from workbench.torch_loader import prefer_passive_waits

    prefer_passive_waits()  # before anything loads torch
    bound_kernel_caches()
    keep_freed_memory()  # before torch allocates anything
    args = sys.argv[1:] if argv is None else argv
    lesson = _lesson_argument(args)
    if not args or args[0] == "--smoke-test" or lesson:
        _load_torch_before_qt()
        if args and not lesson:
            from workbench.gui.diagnostics.smoke_test import run_smoke_test

            return run_smoke_test(args)
        from workbench.gui.app import run_app

        return run_app(sys.argv[:1] or ["workbench"], lesson=lesson)
    try:  # Ctrl-C while torch imports (the first seconds) is one line too, not a traceback
        from workbench.cli import main as cli_main

        return cli_main(args)
    except KeyboardInterrupt:
        print("workbench: interrupted.", file=sys.stderr)
        return 130
    finally:
        if argv is None:  # the process's own command (not a caller's): a Ctrl-C pressed as it ends would
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # interrupt the interpreter's clean-up, with a traceback


if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen app re-launched as a multiprocessing child runs the child's work
    sys.exit(main())

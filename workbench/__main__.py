"""Entry point: no arguments opens the app; a sub-command (train, inspect, bench) runs the CLI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        if sys.platform == "win32":
            # torch >= 2.9 and Qt ship conflicting DLLs on Windows; loading torch first avoids the crash.
            import torch  # noqa: F401

        from workbench.gui.app import run_app

        return run_app(sys.argv[:1] or ["workbench"])
    from workbench.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())

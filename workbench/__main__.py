"""Entry point: no arguments opens the app; a sub-command (train, inspect, bench) runs the CLI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from workbench.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())

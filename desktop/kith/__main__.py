"""Entry point: ``kith`` (and ``python -m kith``) — the window, or a command-line verb."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from kith.cli import parse_arguments, run_command

    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        from kith.ui.pyside_imports import look_at_imports_quickly

        look_at_imports_quickly()  # before the window's modules are imported (~20 ms less)
        from kith.app import run_gui

        return run_gui(args)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())

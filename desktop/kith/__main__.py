"""Entry point: ``kith`` (and ``python -m kith``) — the window, or a command-line verb."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from kith.cli import build_parser, run_command

    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    if args.command is None:
        from kith.app import run_gui

        return run_gui(args)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())

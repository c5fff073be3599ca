"""The command-line verbs (``kith demo``, …): no window, plain text out, errors to stderr."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from kith import __version__


def _database_option(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    parser.add_argument(
        "--database",
        metavar="PATH",
        type=Path,
        # Sub-commands must not overwrite a --database given before the verb.
        default=None if top_level else argparse.SUPPRESS,
        help="the Kith database file to use (default: kith.sqlite in your user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kith",
        description="Kith keeps your professional network alive. Without a command, "
        "it opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"Kith {__version__}")
    _database_option(parser, top_level=True)
    parser.add_argument(
        "--exit-after-first-paint",
        action="store_true",
        help=argparse.SUPPRESS,  # used by bench/: print the time to first paint and exit
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser(
        "demo", help="write a demo network of about 150 people to a new database file"
    )
    demo.add_argument("path", type=Path, metavar="PATH", help="the new file to create")
    demo.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    demo.set_defaults(handler=_cmd_demo)
    return parser


def _cmd_demo(args: argparse.Namespace) -> int:
    from kith.core.demo import DemoError, write_demo

    try:
        summary = write_demo(args.path, seed=args.seed)
    except DemoError as exc:
        print(f"kith demo: {exc}", file=sys.stderr)
        return 1
    print(summary)
    print(f"Open it with: kith --database {args.path}")
    return 0


def run_command(args: argparse.Namespace) -> int:
    handler: Callable[[argparse.Namespace], int] = args.handler
    return handler(args)

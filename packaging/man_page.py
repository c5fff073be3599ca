"""Write kith(1), the manual page, from the command line's own parser (kith.cli.build_parser).

    python packaging/man_page.py [--out FILE]       (default: standard output)

The page is made from the same argparse parser ``kith --help`` prints, so every verb and
option it lists is the one Kith has: a verb added to kith/cli.py is in the next build's page.
Options hidden from ``--help`` (argparse.SUPPRESS) stay hidden here. Run it with a Python that
can import Kith (the build environment; in a checkout, PYTHONPATH=desktop).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def roff(text: str) -> str:
    """Plain text as roff: backslashes and hyphens escaped, no line starting a request."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    lines = [("\\&" + line if line.startswith((".", "'")) else line) for line in text.split("\n")]
    return "\n".join(lines)


def _visible(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        action
        for action in parser._actions
        if action.help != argparse.SUPPRESS and not isinstance(action, argparse._SubParsersAction)
    ]


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, str, argparse.ArgumentParser]]:
    """(name, one-line help, parser) of each verb, in the order ``--help`` lists them."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help or "" for choice in action._choices_actions}
            for name, sub in action.choices.items():
                found.append((name, helps.get(name, ""), sub))
    return found


def _options(parser: argparse.ArgumentParser) -> list[str]:
    formatter = parser._get_formatter()
    out = []
    for action in _visible(parser):
        invocation = formatter._format_action_invocation(action)
        help_text = formatter._expand_help(action) if action.help else ""
        out += [".TP", f"\\fB{roff(invocation)}\\fR", roff(help_text)]
    return out


def _usage(parser: argparse.ArgumentParser) -> str:
    usage = parser.format_usage().strip().removeprefix("usage:").strip()
    return " ".join(usage.split())


def man_page(parser: argparse.ArgumentParser, version: str) -> str:
    """kith(1) in roff (man(7) macros)."""
    lines = [
        f'.TH KITH 1 "" "Kith {roff(version)}" "User Commands"',
        ".SH NAME",
        "kith \\- keeps your professional network alive",
        ".SH SYNOPSIS",
        f"\\fB{roff(_usage(parser))}\\fR",
        ".SH DESCRIPTION",
        roff(parser.description or ""),
        ".PP",
        "Each verb below works on the database without opening the window; "
        "\\fBkith \\fICOMMAND\\fB \\-\\-help\\fR says the same as this page about one of them.",
        ".SH OPTIONS",
        *_options(parser),
        ".SH COMMANDS",
    ]
    for name, summary, sub in _subcommands(parser):
        lines += [
            f'.SS "{roff(name)}"',
            f"\\fB{roff(_usage(sub))}\\fR",
            ".PP",
            roff(summary[:1].upper() + summary[1:] + "."),
            *_options(sub),
        ]
    lines += [
        ".SH FILES",
        ".TP",
        "\\fI~/.local/share/Kith/kith.sqlite\\fR",
        "The database (\\fB$XDG_DATA_HOME/Kith\\fR when that is set), with its automatic "
        "backups beside it.",
        ".TP",
        "\\fI~/.config/Kith/Kith.conf\\fR",
        "The settings.",
        ".SH SEE ALSO",
        "\\fBkith \\-\\-help\\fR, \\fBkith \\fICOMMAND\\fB \\-\\-help\\fR",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    cli.add_argument("--out", type=Path, help="write the page here (default: standard output)")
    args = cli.parse_args(argv)
    from kith import __version__
    from kith.cli import build_parser

    page = man_page(build_parser(), __version__)
    if args.out:
        args.out.write_text(page, encoding="utf-8")
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())

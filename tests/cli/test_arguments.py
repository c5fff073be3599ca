"""``kith``'s arguments: the window's own are read without building every verb's parser (a
faster start, issue 18), to the same result as the whole parser; a verb, ``--help`` or a
mistake goes through the whole parser, with its messages."""

from __future__ import annotations

import pytest

from kith import cli

WINDOW_ARGUMENTS = [
    [],
    ["--database", "k.sqlite"],
    ["--data", "k.sqlite"],  # an abbreviation, as argparse allows it
    ["--import", "people.vcf"],
    ["--import"],  # a file manager's %f that expanded to nothing
    ["--database", "k.sqlite", "--import", "a.vcf", "--exit-after-first-paint"],
    ["--self-test"],
    ["--passphrase-stdin", "--database=k.sqlite"],
]


@pytest.mark.parametrize("argv", WINDOW_ARGUMENTS)
def test_the_windows_arguments_read_as_the_whole_parser_reads_them(argv, monkeypatch) -> None:
    whole = cli.build_parser()
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("built every verb's parser"))
    args = cli.parse_arguments(argv)
    assert args.command is None
    assert vars(args) == vars(whole.parse_args(argv))


@pytest.mark.parametrize(
    "argv", [["demo", "new.sqlite"], ["--database", "k.sqlite", "due"], ["stats", "--json"]]
)
def test_a_verb_goes_through_the_whole_parser(argv) -> None:
    assert vars(cli.parse_arguments(argv)) == vars(cli.build_parser().parse_args(argv))


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["--database", "k.sqlite", "--help"]])
def test_help_lists_the_verbs(argv, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.parse_arguments(argv)
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: kith") and "COMMAND" in out and "demo" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--database"], "expected one argument"),
        (["--nonsense"], "unrecognized arguments: --nonsense"),
        (["demoo"], "invalid choice: 'demoo'"),
    ],
)
def test_mistakes_get_the_whole_parsers_message(argv, message, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.parse_arguments(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "COMMAND" in err and message in err

"""The check and the unfolding in front of vobject agree with vobject itself, line for line.

So the guard costs nothing: every line vobject's pattern reads still reaches it, and only
lines it would refuse (perhaps after minutes) are kept from it.
"""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from vobject.base import getLogicalLines, line_re

from kith.core.importing.vcard_lines import (
    MAX_PARAMETERS,
    _scan_by_character,
    _unfolded,
    logical_lines,
    refusal,
    scan_line,
)

# Pieces of content lines, hostile ones included; at most 14 of them keep vobject's pattern
# (which backtracks on every parameter of a line it refuses) within milliseconds.
_LINE_PIECES = st.sampled_from(
    [
        "TEL", "item1", ".", "EMAIL", "x_y-1", ";", ";", ";TYPE", ";A", "=", "=", ",", "work",
        '"', '"a;b:c"', '="', ":", ":", "value", " ", "\t", "\\", "é", "\n", "=\"q\"",
    ]
)  # fmt: skip
# Lines built like content lines (name, parameters with values, a colon or not), so the
# rarer shapes come up too: "TEL;A=b=\"q\":x" (a quoted value after "=" inside a value).
_VALUES = st.sampled_from(
    ["", "work", "a=b", "b=", 'b="q"', 'a=b="q:"', '"q"', '"a;b:c"', '"', "x y", "é", "\\"]
)
_PARAMETER = st.builds(
    lambda name, values: ";" + name + "".join(values),
    st.sampled_from(["TYPE", "A", "x-y_1", "", "é"]),
    st.lists(st.tuples(st.sampled_from("=,"), _VALUES).map("".join), max_size=3),
)
_BUILT = st.builds(
    lambda name, lone, params, end: name + lone + "".join(params) + end,
    st.sampled_from(["TEL", "item1.EMAIL", "X-A_B", "", "é", "a.b.c", "a."]),
    st.sampled_from(["", ";"]),
    st.lists(_PARAMETER, max_size=8),
    st.sampled_from([":", ":value", "", ";", '"', " :x", ";:", "=:", '="q:"']),
)
_LINES = st.one_of(_BUILT, st.lists(_LINE_PIECES, max_size=14).map("".join))

# Pieces of a card's physical lines: folds, quoted-printable soft breaks, blank lines.
_CARD_PIECES = st.sampled_from(
    [
        "NOTE:a", "=", "\n", "\n", "\r\n", "\r", " ", "\t", "  \n", "x",
        ";ENCODING=QUOTED-PRINTABLE", "quoted-", "printable", "QUOTED-PRINTABLE", "İ",
    ]
)  # fmt: skip
_CARDS = st.lists(_CARD_PIECES, max_size=24).map("".join)


@given(_LINES)
@settings(max_examples=400, deadline=None, derandomize=True, database=None)
def test_the_check_passes_every_line_vobject_reads_and_no_line_it_refuses(text: str) -> None:
    shape = scan_line(text)
    match = line_re.match(text)
    if match is None:
        assert shape.colon is None
    else:
        assert shape.colon == match.start("value") - 1


@given(_CARDS)
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
def test_lines_are_unfolded_and_numbered_as_vobject_does(card: str) -> None:
    assert list(logical_lines(card)) == list(getLogicalLines(io.StringIO(card), True))


@given(_LINES)
@settings(max_examples=400, deadline=None, derandomize=True, database=None)
def test_the_plain_head_pattern_finds_what_the_character_scan_finds(text: str) -> None:
    # scan_line answers most lines with one regular expression: the same colon, parameter
    # count and header length as reading the line one character at a time.
    assert scan_line(text) == _scan_by_character(text)


def test_plain_heads_and_their_near_misses_agree_with_the_character_scan() -> None:
    lines = [
        "TEL;TYPE=cell,voice;PREF=1:+1 555 0100", "item1.EMAIL;type=INTERNET:a@b.org",
        "BEGIN:VCARD", "N:;;;;", "X-A_B-1;=;,,:v", "TEL;;TYPE=x:1", "TEL;:1", "a.b.c:x",
        "a.:x", 'ADR;LABEL="a;b:c":;;x', 'X;A=b="q:":v', "TEL;TYPE=a b:1", ";A:x", ":x",
        "TEL" + ";TYPE=x" * (MAX_PARAMETERS + 1) + ":1", "NOTE;X=" + "a" * 3994 + ":hi",
    ]  # fmt: skip
    for line in lines:
        assert scan_line(line) == _scan_by_character(line), line


@given(_CARDS)
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
def test_cards_without_folds_are_split_as_the_unfolding_reads_them(card: str) -> None:
    pieces = card.split("\n")
    if pieces and pieces[-1] == "":
        pieces.pop()
    assert list(logical_lines(card)) == list(_unfolded(pieces, None))
    plain = "\n".join(p.strip() or "X:y" for p in card.split("\n")).replace("\r", "")
    assert list(logical_lines(plain)) == list(getLogicalLines(io.StringIO(plain), True))


def test_a_line_is_refused_only_past_the_limits() -> None:
    allowed = "TEL" + ";TYPE=x" * MAX_PARAMETERS + ":+1 555 0100"
    assert refusal(scan_line(allowed)) is None
    assert refusal(scan_line(allowed.replace("TEL", "TEL;TYPE=x"))) == (
        "has 21 parameters, more than any address book writes (Kith reads up to 20)"
    )
    assert refusal(scan_line("NOTE;X=" + "a" * 3993 + ":hi")) is None  # 4,000 before ":"
    assert refusal(scan_line("NOTE;X=" + "a" * 3994 + ":hi")) is not None

"""vCard content lines made safe for vobject: unfolding, and a linear check of each line.

vobject's content-line pattern (``vobject.base.line_re``) backtracks exponentially on a line
that has many parameters and then fails to match, such as ``TEL;A;B;C;…`` with no colon:
20 parameters take 1.5 s, 24 take 15 s, 30 over a minute — all inside one regular-expression
call that holds the interpreter lock, so no other thread (the window, its Cancel button) runs
meanwhile. And vobject's line reader (``getLogicalLines``) copies the whole logical line for
every folded piece of it: quadratic, seconds for a photo of a few megabytes.

So Kith reads lines itself and lets only a line that vobject's pattern will accept reach it:

* :func:`logical_lines` unfolds a card exactly as ``getLogicalLines(fp, allowQP=True)`` does
  (folded lines, vCard 2.1 quoted-printable soft line breaks, blank lines, line numbers), in
  linear time, and stops when asked to (``should_cancel``);
* :func:`scan_line` decides in one pass whether a line matches vobject's pattern, where its
  value begins, and how many parameters it has. A line that does not match never reaches
  vobject (it would fail there anyway, perhaps after minutes); a line that matches does, and
  the pattern then matches on its first, greedy path.

A line with more than :data:`MAX_PARAMETERS` parameters, or more than :data:`MAX_HEADER_CHARS`
characters before its value, is not something an address book writes: :func:`refusal` says
so in words for the user, and the card reader skips the whole card with that message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

#: Address books write a handful of parameters per line (``TEL;TYPE=cell;PREF=1``); a line
#: with more is refused, and its card skipped.
MAX_PARAMETERS = 20

#: The most characters a line may have before its value (group, name and parameters).
MAX_HEADER_CHARS = 4000

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
_UNSAFE = frozenset('";:,')

#: vobject joins the next line after "=" only in a line that mentions this word.
_QP_WORD = "quoted-printable"


#: A line that starts with white space (a folded line's continuation) or is empty.
_LINE_STARTING_BLANK = re.compile(r"^\s", re.MULTILINE)


class ReadingStopped(Exception):
    """The caller asked a reader to stop (Cancel); the reader ends without another entry."""


@dataclass(frozen=True)
class LineShape:
    """What one pass over a content line found.

    ``colon`` is the index of the colon before the value, or None when vobject's pattern
    does not match the line. ``parameters`` counts the parameters read (up to where the
    line stopped matching), ``header`` the characters before the value (or read before
    the line stopped matching).
    """

    colon: int | None
    parameters: int
    header: int


#: The common line's head, with no quoted value and no lone ";" (``item1.TEL;TYPE=cell,voice:``):
#: a subset of the pattern :func:`scan_line` reads, matched without backtracking (possessive
#: quantifiers), in which every ";" starts a parameter.
_PLAIN_HEAD = re.compile(
    r'[A-Za-z0-9_-]++(?:\.[A-Za-z0-9_-]++)?+(?:;[A-Za-z0-9_-]++(?:[=,][^";:,]*+)*+)*+:'
)


def _name_end(text: str, start: int) -> int:
    end = start
    n = len(text)
    while end < n and text[end] in _NAME_CHARS:
        end += 1
    return end


def scan_line(text: str) -> LineShape:
    """Whether ``text`` matches vobject's content-line pattern, found without backtracking.

    The pattern is ``[group "."] name [";"] (";" name (("=" | ",") value)*)* ":" anything``,
    where a name is ``[A-Za-z0-9_-]+`` and a value is either ``"…"`` (anything but a double
    quote, inside quotes) or a run of characters other than ``" ; : ,`` (possibly empty).
    Every choice the pattern can make is decided by the next character or two, so one pass
    from left to right finds the same answer the pattern would. (Most lines' heads are
    plain, :data:`_PLAIN_HEAD`: one regular-expression match finds the same.)
    """
    plain = _PLAIN_HEAD.match(text)
    if plain is not None:
        colon = plain.end() - 1
        return LineShape(colon, text.count(";", 0, colon), colon)
    return _scan_by_character(text)


def _scan_by_character(text: str) -> LineShape:
    """:func:`scan_line` for any line, one character at a time."""
    n = len(text)
    params = 0
    i = _name_end(text, 0)
    if i == 0:
        return LineShape(None, 0, 0)
    if i < n and text[i] == ".":  # a group: "item1.EMAIL"
        end = _name_end(text, i + 1)
        if end == i + 1:
            return LineShape(None, 0, i + 1)
        i = end
    # An optional lone ";" before the parameters ("TEL;;TYPE=x:…" and "TEL;:…" match).
    if i + 1 < n and text[i] == ";" and text[i + 1] not in _NAME_CHARS:
        i += 1
    while i < n and text[i] == ";":
        end = _name_end(text, i + 1)
        if end == i + 1:
            return LineShape(None, params, i + 1)
        params += 1
        i = end
        # Values after "=" or ",": "TYPE=a,b", "TYPE=a=b", "LABEL=\"x;y\"", in any order.
        while i < n and text[i] in "=,":
            i += 1
            while True:
                if i < n and text[i] == '"':
                    close = text.find('"', i + 1)
                    if close < 0:
                        return LineShape(None, params, n)
                    i = close + 1
                    break
                while i < n and text[i] not in _UNSAFE:
                    i += 1
                # "=" just before a quote starts a new, quoted value: "X=a=\"b\"".
                if i < n and text[i] == '"' and text[i - 1] == "=":
                    continue
                break
    if i < n and text[i] == ":":
        return LineShape(i, params, i)
    return LineShape(None, params, i)


def refusal(shape: LineShape) -> str | None:
    """Why a line is refused outright (its card skipped), in words for the user; or None."""
    if shape.parameters > MAX_PARAMETERS:
        return (
            f"has {shape.parameters:,} parameters, more than any address book writes "
            f"(Kith reads up to {MAX_PARAMETERS})"
        )
    if shape.header > MAX_HEADER_CHARS:
        return (
            f"has {shape.header:,} characters before its value, more than any address book "
            f"writes (Kith reads up to {MAX_HEADER_CHARS:,})"
        )
    return None


def logical_lines(
    card: str, should_cancel: Callable[[], bool] | None = None
) -> Iterator[tuple[str, int]]:
    """(line, number) for every logical line of ``card``, as vobject's reader gives them.

    The same lines and numbers as ``vobject.base.getLogicalLines(StringIO(card), True)``:
    a line starting with a space or tab continues the one before (without that character);
    after a line that ends in ``=`` and mentions quoted-printable, the next line continues
    it after a line break; a blank line ends a line. The number is that of the line's first
    physical line, except 0 for the very first line (vobject's own count). Linear in the
    card's length; raises :class:`ReadingStopped` as soon as ``should_cancel()`` is true.
    """
    pieces = card.split("\n")
    if pieces and pieces[-1] == "":
        pieces.pop()  # the text after the last line break is no line
    if (
        "\r" not in card
        and _LINE_STARTING_BLANK.search(card) is None
        and _QP_WORD not in card.lower()
    ):
        # No line continues another or is blank: each is a logical line (most cards).
        for number, line in enumerate(pieces, start=1):
            if should_cancel is not None and should_cancel():
                raise ReadingStopped
            yield line, number if number > 1 else 0
        return
    yield from _unfolded(pieces, should_cancel)


def _unfolded(
    pieces: list[str], should_cancel: Callable[[], bool] | None
) -> Iterator[tuple[str, int]]:
    """:func:`logical_lines` of any card's physical lines."""
    parts: list[str] = []
    length = 0
    mentions_qp = False
    tail = ""  # the end of the line so far: the word may straddle a fold
    quoted_printable = False
    start_number = 0
    for number, raw in enumerate(pieces, start=1):
        if should_cancel is not None and should_cancel():
            raise ReadingStopped
        line = raw.rstrip("\r\n")
        if line.rstrip() == "":
            if length:
                yield "".join(parts), start_number
            start_number = number
            parts, length, mentions_qp, quoted_printable, tail = [], 0, False, False, ""
            continue
        if quoted_printable:
            added = "\n" + line
            quoted_printable = False
        elif line[0] in " \t":
            added = line[1:]
        else:
            if length:
                yield "".join(parts), start_number
                start_number = number
            parts, length, mentions_qp, tail = [], 0, False, ""
            added = line
        if not mentions_qp:
            window = tail + added
            mentions_qp = _QP_WORD in window.lower()
            tail = window[-len(_QP_WORD) :]
        parts.append(added)
        length += len(added)
        if added[-1] == "=" and mentions_qp:
            quoted_printable = True
    if length:
        yield "".join(parts), start_number

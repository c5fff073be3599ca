"""A strict RFC 6350 checker for the vCards Kith writes (tests only).

vobject reads leniently (it takes LF line ends, unfolded lines, bare parameters, any value),
so it cannot say whether a card is valid. :func:`problems` checks a stream of cards against
the RFC's grammar and returns every problem found, in words:

- §3.2: lines end with CRLF and are at most 75 octets (without the CRLF); a continuation
  line begins with one space or tab; a card is ``BEGIN:VCARD`` … ``END:VCARD``;
- §3.3: each content line is ``[group "."] name *(";" param) ":" value`` — names and groups
  are letters, digits and hyphens; a parameter is ``name=value[,value]``, a value either
  plain (no ``"``, ``;``, ``:`` or ``,``) or quoted (no ``"``), no control characters;
- §6.7.9 and §6.2.1: VERSION comes right after BEGIN, FN is there;
- cardinality (§6): at most one N, BDAY, ANNIVERSARY, GENDER, REV, UID, PRODID, KIND;
- §3.4 and §4.1: a text value escapes backslash and comma (``\\\\``, ``\\,``, ``\\n``) and
  uses no other escapes; N has five components and ADR seven (§6.2.2, §6.3.1);
- §4.3, §4.3.5: BDAY and ANNIVERSARY are a date-and-or-time (``19850304``, ``--0304``,
  ``1985-03``…, with an optional ``T`` time) unless ``VALUE=text``; REV a timestamp
  (``20261205T180852Z``);
- URI values (RELATED, PHOTO, URL, GEO, IMPP, KEY, LOGO, SOUND, SOURCE, MEMBER, TEL with
  ``VALUE=uri``, UID unless ``VALUE=text``) start with a scheme;
- property names: RFC 6350's, its registered extensions' (RFC 6474, 6715, 8605, 9554), or
  ``X-`` names.

Version 2.1 and 3.0 cards (another app's, kept as they came) are held to §3.2 and the
content-line grammar of their own RFC 2426 only: CRLF, folding, BEGIN/END, names.
"""

from __future__ import annotations

import re

_NAME = r"[A-Za-z0-9-]+"
_PARAM_VALUE = r'(?:"[^"\x00-\x08\x0a-\x1f\x7f]*"|[^";:,\x00-\x08\x0a-\x1f\x7f]*)'
_PARAM = rf"{_NAME}={_PARAM_VALUE}(?:,{_PARAM_VALUE})*"
_CONTENT_LINE = re.compile(
    rf"^(?:(?P<group>{_NAME})\.)?(?P<name>{_NAME})(?P<params>(?:;{_PARAM})*):(?P<value>.*)$"
)
#: vCard 2.1 allows bare parameters (``TEL;HOME:…``) and 3.0 writers use them too.
_LOOSE_LINE = re.compile(
    rf"^(?:(?P<group>{_NAME})\.)?(?P<name>{_NAME})(?P<params>(?:;[^:]*)?):(?P<value>.*)$"
)

RFC6350_PROPERTIES = frozenset(
    re.findall(
        r"\S+",
        # RFC 6350
        "BEGIN END SOURCE KIND XML FN N NICKNAME PHOTO BDAY ANNIVERSARY GENDER ADR TEL EMAIL "
        "IMPP LANG TZ GEO TITLE ROLE LOGO ORG MEMBER RELATED CATEGORIES NOTE PRODID REV "
        "SOUND UID CLIENTPIDMAP URL VERSION KEY FBURL CALADRURI CALURI "
        # RFC 6474, RFC 6715, RFC 8605, RFC 9554
        "BIRTHPLACE DEATHPLACE DEATHDATE EXPERTISE HOBBY INTEREST ORG-DIRECTORY CONTACT-URI "
        "CREATED GRAMGENDER LANGUAGE PRONOUNS SOCIALPROFILE JSPROP",
    )
)
AT_MOST_ONCE = frozenset(re.findall(r"\S+", "N BDAY ANNIVERSARY GENDER REV UID PRODID KIND"))
URI_PROPERTIES = frozenset(
    [
        "RELATED",
        "PHOTO",
        "URL",
        "GEO",
        "IMPP",
        "KEY",
        "LOGO",
        "SOUND",
        "SOURCE",
        "MEMBER",
        "FBURL",
        "CALADRURI",
        "CALURI",
    ]
)
#: Text properties whose value is a list (commas separate) or compound (semicolons do).
LIST_PROPERTIES = frozenset(["NICKNAME", "CATEGORIES"])
COMPOUND_PROPERTIES = {"N": 5, "ADR": 7, "ORG": None, "GENDER": None}
#: Text properties (RFC 6350 §6) whose value must be escaped text.
TEXT_PROPERTIES = frozenset(
    ["FN", "NOTE", "TITLE", "ROLE", "NICKNAME", "CATEGORIES", "N", "ADR", "ORG"]
)

_DATE = r"(?:\d{8}|\d{4}-\d{2}|\d{4}|--\d{4}|--\d{2}|---\d{2})"
_TIME = r"(?:\d{2}(?:\d{2}(?:\d{2})?)?|-\d{2}(?:\d{2})?|--\d{2})(?:Z|[+-]\d{2}(?:\d{2})?)?"
_DATE_AND_OR_TIME = re.compile(rf"^(?:{_DATE}(?:T{_TIME})?|T{_TIME})$")
_TIMESTAMP = re.compile(r"^\d{8}T\d{6}(?:Z|[+-]\d{2}(?:\d{2})?)$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S*$")
_ESCAPES = re.compile(r"\\(.)?", re.DOTALL)


def _physical_lines(data: bytes, problems: list[str]) -> list[str]:
    """The physical lines of a stream, checking §3.2's line ends and 75-octet limit."""
    if data and not data.endswith(b"\r\n"):
        problems.append("the last line does not end with CRLF")
    raw = data.split(b"\r\n")
    if raw and raw[-1] == b"":
        raw.pop()
    lines = []
    for number, line in enumerate(raw, start=1):
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number}: a line break other than CRLF")
        if len(line) > 75:
            problems.append(f"line {number}: {len(line)} octets, more than 75")
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            problems.append(f"line {number}: not UTF-8")
            lines.append(line.decode("utf-8", "replace"))
    return lines


def _unfold(lines: list[str]) -> list[tuple[int, str]]:
    logical: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line[:1] in (" ", "\t") and logical:
            at, text = logical[-1]
            logical[-1] = (at, text + line[1:])
        else:
            logical.append((number, line))
    return logical


def _split_unescaped(value: str, separator: str) -> list[str]:
    parts, current, i = [], [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            current.append(value[i : i + 2])
            i += 2
            continue
        if value[i] == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(value[i])
        i += 1
    parts.append("".join(current))
    return parts


def _text_problems(name: str, value: str) -> list[str]:
    found = []
    for match in _ESCAPES.finditer(value):
        if match.group(1) is None or match.group(1) not in "\\,;nN":
            found.append(f"{name}: a backslash that escapes nothing (“{match.group(0)}”)")
    pieces = [value]
    if name in COMPOUND_PROPERTIES:
        pieces = _split_unescaped(value, ";")
        wanted = COMPOUND_PROPERTIES[name]
        if wanted is not None and len(pieces) != wanted:
            found.append(f"{name}: {len(pieces)} components, RFC 6350 has {wanted}")
    if name not in LIST_PROPERTIES and name not in ("N", "ADR"):  # N and ADR: lists allowed
        for piece in pieces:
            if len(_split_unescaped(piece, ",")) > 1:
                found.append(f"{name}: an unescaped comma in a text value")
                break
    return found


def _params(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for match in re.finditer(rf";({_NAME})=({_PARAM_VALUE}(?:,{_PARAM_VALUE})*)", text):
        values = re.findall(_PARAM_VALUE, match.group(2))
        found.setdefault(match.group(1).upper(), []).extend(v.strip('"') for v in values if v != "")
    return found


def _card_problems(card: list[tuple[int, str]], version: str) -> list[str]:
    found: list[str] = []
    strict = version == "4.0"
    seen: dict[str, int] = {}
    for position, (number, line) in enumerate(card):
        match = (_CONTENT_LINE if strict else _LOOSE_LINE).match(line)
        if match is None:
            found.append(f"line {number}: not a content line: {line[:60]!r}")
            continue
        if re.search(r"[\x00-\x08\x0a-\x1f\x7f]", line):
            found.append(f"line {number}: a control character")
        name = match.group("name").upper()
        seen[name] = seen.get(name, 0) + 1
        if not strict:
            continue
        if position == 0 and name != "VERSION":
            found.append(f"line {number}: VERSION must come right after BEGIN:VCARD")
        if name not in RFC6350_PROPERTIES and not name.startswith("X-"):
            found.append(f"line {number}: {name} is no RFC 6350 property nor an X- name")
        params = _params(match.group("params"))
        value_type = (params.get("VALUE") or [""])[0].lower()
        value = match.group("value")
        where = f"line {number}"
        if name in ("BDAY", "ANNIVERSARY") and value_type != "text":
            if not _DATE_AND_OR_TIME.match(value):
                found.append(f"{where}: {name} “{value}” is not a date-and-or-time")
        elif name in ("REV", "CREATED") and not _TIMESTAMP.match(value):
            found.append(f"{where}: {name} “{value}” is not a timestamp")
        elif (name in URI_PROPERTIES and value_type != "text") or (
            (name == "TEL" and value_type == "uri") or (name == "UID" and value_type != "text")
        ):
            if not _URI.match(value):
                found.append(f"{where}: {name} “{value[:40]}” is not a URI")
        elif name == "UID" and not value:
            found.append(f"{where}: an empty UID")
        elif name in TEXT_PROPERTIES or (name == "TEL" and value_type in ("", "text")):
            found.extend(f"{where}: {p}" for p in _text_problems(name, value))
        if name == "VERSION" and value != "4.0":
            found.append(f"{where}: VERSION {value}")
    if strict:
        for name in AT_MOST_ONCE:
            if seen.get(name, 0) > 1:
                found.append(f"{name} appears {seen[name]} times; RFC 6350 allows one")
        if seen.get("VERSION", 0) != 1:
            found.append("VERSION must appear exactly once")
        if not seen.get("FN"):
            found.append("no FN: RFC 6350 requires one")
    return found


def problems(data: bytes | str) -> list[str]:
    """Everything in ``data`` (one or more vCards) that RFC 6350 does not allow; [] when
    every card is valid."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    found: list[str] = []
    lines = _physical_lines(data, found)
    logical = _unfold(lines)
    card: list[tuple[int, str]] | None = None
    for number, line in logical:
        upper = line.upper()
        if upper == "BEGIN:VCARD":
            if card is not None:
                found.append(f"line {number}: BEGIN:VCARD inside a card")
            card = [(number, line)]
            continue
        if card is None:
            found.append(f"line {number}: outside any card")
            continue
        if upper == "END:VCARD":
            version = next(
                (text.split(":", 1)[1] for _, text in card if text.upper().startswith("VERSION:")),
                "",
            )
            found.extend(_card_problems(card[1:], version))
            card = None
            continue
        card.append((number, line))
    if card is not None:
        found.append("a card without END:VCARD")
    return found

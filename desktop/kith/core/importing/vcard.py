"""vCard 2.1, 3.0 and 4.0 ⇄ contact drafts: the mapping shared by import, export and sync.

Reading unfolds lines and checks each one first (``vcard_lines``: vobject's own line
pattern backtracks for minutes on some lines, and its line reader is quadratic), then uses
vobject's line parser (name, parameters, ``itemN.`` groups; vCard 2.1 quoted-printable with
its CHARSET), then decodes each value by the property's own rules. vobject's high-level
decoding is not used for values because it keeps only the text before the first unescaped
comma of a single text value ("NOTE:hello, world" is common in vCard 2.1, where commas are
not escaped) and cuts vCard 4.0 ``data:`` photo URIs short.
Writing builds the card with vobject and writes vCard 4.0.

How fields map:

=====================  ==============================================================
vCard                  Kith
=====================  ==============================================================
FN, N                  full name; given, family and middle name, prefix and suffix (N)
NICKNAME               nickname
ORG                    company and department (its other parts, joined by ", ")
TITLE, ROLE            title (a ROLE that differs from TITLE goes to the notes)
EMAIL, TEL, URL        email, phone and link channels; labels from TYPE or Apple's
                       ``itemN.X-ABLabel``; a ``pref`` channel comes first of its kind
X-SOCIALPROFILE, IMPP  social channels (IMPP's scheme names the service: ``xmpp:a@b`` → XMPP);
X-SKYPE, X-TWITTER…    also X-MS-IMADDRESS, X-JABBER, X-AIM…: social channels per service
ANNIVERSARY, X-ABDATE  important dates: ANNIVERSARY (also X-ANNIVERSARY, X-MS-…,
                       X-EVOLUTION-…) is "Anniversary"; Apple's ``itemN.X-ABDATE`` takes its
                       ``itemN.X-ABLabel`` ("First climb", ``_$!<Anniversary>!$_``)
RELATED                ``urn:uuid:X``: a relationship with the person whose uid is X (written
                       for each of Kith's, with ``X-KITH-KIND/-NOTE/-SINCE``:
                       :func:`related_line`); by name: a line in the notes ("Spouse: Jorge")
GENDER…                not modelled yet: a line in the notes ("Gender: female"); so are
                       X-ABRELATEDNAMES, X-MS-SPOUSE/-MANAGER/-ASSISTANT. The kept card
                       (``original_card``) sends them back unchanged
CREATED                when the person was added (RFC 9554), written on fresh cards
ADR                    address channels: their parts (street, locality, region, postal
                       code, country) and the address on one line; the first address's city becomes
                       the location when the card has no ``X-KITH-LOCATION``
BDAY                   birthday: ``1985-03-04``, ``19850304``, ``--1231``, ``--12-31``,
                       and Apple's ``BDAY;X-APPLE-OMIT-YEAR=1604:1604-12-31`` (no year)
NOTE                   notes
CATEGORIES             tags
PHOTO                  photo: inline base64 (2.1/3.0) and ``data:`` URIs (4.0). A photo
                       given only as a web address is not downloaded (importing never
                       touches the network) and not kept as a link (it is an image, not
                       a page about the person); the entry says so in a warning.
UID                    the contact's uid, verbatim both ways (another app's ``urn:uuid:…``
                       or bare UID is its key for the person; a fresh 4.0 card marks a
                       bare one ``VALUE=text``); matching treats ``X`` and
                       ``urn:uuid:X`` as one (:func:`uid_variants`: older Kith exports)
X-KITH-*               Kith's own fields: circle, cadence, how we met, met on,
                       location, archived, introduced by (uid)
=====================  ==============================================================

Group cards (``KIND:group``, Apple's ``X-ADDRESSBOOKSERVER-KIND:group``) are not people
and come back as invalid entries saying so.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType

from kith import __version__
from kith.core.contacts import (
    ANNIVERSARY,
    CHANNEL_KINDS,
    AddressParts,
    ChannelDraft,
    ContactDraft,
    ImportantDate,
    date_error,
)
from kith.core.importing.file import (
    Entry,
    InvalidEntry,
    ParsedContact,
    RelatedPerson,
    checked_photo,
    finish_entry,
    sniff_image,
)
from kith.core.importing.vcard_lines import ReadingStopped, logical_lines, refusal, scan_line

X_CIRCLE = "X-KITH-CIRCLE"
X_CADENCE = "X-KITH-CADENCE"
X_HOW_MET = "X-KITH-HOW-MET"
X_MET_ON = "X-KITH-MET-ON"
X_LOCATION = "X-KITH-LOCATION"
X_ARCHIVED = "X-KITH-ARCHIVED"
X_INTRODUCED_BY = "X-KITH-INTRODUCED-BY"

PRODID = f"-//Kith//Kith {__version__}//EN"


class VCardError(ValueError):
    """Text that is not exactly one readable vCard; the message is meant for the user."""


# --- reading ------------------------------------------------------------------------------


def _unescape(value: str) -> str:
    """Undo vCard text escaping (\\n, \\, \\; \\\\); unknown escapes keep the character."""
    if "\\" not in value:
        return value
    out = []
    i = 0
    n = len(value)
    while i < n:
        ch = value[i]
        if ch == "\\" and i + 1 < n:
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _split(value: str, separator: str, *, unescape: bool = True) -> list[str]:
    """Split on every ``separator`` that is not backslash-escaped, then unescape the parts."""
    if "\\" not in value:
        return value.split(separator)
    parts: list[str] = []
    current: list[str] = []
    i = 0
    n = len(value)
    while i < n:
        ch = value[i]
        if ch == "\\" and i + 1 < n:
            current.append(value[i : i + 2])
            i += 2
            continue
        if ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return [_unescape(p) for p in parts] if unescape else parts


def _text(value: str) -> str:
    return _unescape(value).replace("\r\n", "\n").replace("\r", "\n").strip()


@dataclass(frozen=True)
class _Head:
    """What a content line says before its value: name, group, parameters (read-only: one
    head is shared by every line that starts the same way), and whether the value is
    quoted-printable (then in which charset)."""

    name: str
    group: str | None
    params: Mapping[str, tuple[str, ...]]
    flags: tuple[str, ...]
    types: frozenset[str]
    quoted_printable_charset: str | None


def _head(raw_name: str, raw_params: list[list[str]], raw_group: str | None) -> _Head:
    """The head of a line as vobject's ``parseLine`` split it."""
    params: dict[str, list[str]] = {}
    flags: list[str] = []
    for param in raw_params:
        if len(param) == 1:
            flags.append(param[0])
        else:
            params.setdefault(param[0].upper(), []).extend(param[1:])
    encodings = [e.upper() for e in params.get("ENCODING", [])]
    charset = None
    if "QUOTED-PRINTABLE" in encodings or "QUOTED-PRINTABLE" in (f.upper() for f in flags):
        charset = (params.get("CHARSET") or ["utf-8"])[0]
        params.pop("ENCODING", None)
        flags = [f for f in flags if f.upper() != "QUOTED-PRINTABLE"]
    # TYPE values and vCard 2.1 bare parameters, lower-cased.
    tokens: set[str] = set()
    for raw in params.get("TYPE", []):
        tokens.update(t.strip().lower() for t in raw.split(",") if t.strip())
    tokens.update(f.lower() for f in flags)
    return _Head(
        name=raw_name.upper(),
        group=raw_group.lower() if raw_group else None,
        params=MappingProxyType({name: tuple(values) for name, values in params.items()}),
        flags=tuple(flags),
        types=frozenset(tokens),
        quoted_printable_charset=charset,
    )


@dataclass
class _Line:
    head: _Head
    value: str
    line: int

    @property
    def name(self) -> str:
        return self.head.name

    @property
    def group(self) -> str | None:
        return self.head.group

    @property
    def params(self) -> Mapping[str, tuple[str, ...]]:
        return self.head.params

    @property
    def flags(self) -> tuple[str, ...]:
        return self.head.flags

    def types(self) -> frozenset[str]:
        """TYPE values and vCard 2.1 bare parameters, lower-cased."""
        return self.head.types

    def param(self, name: str) -> str | None:
        values = self.head.params.get(name)
        return values[0] if values else None

    def is_pref(self) -> bool:
        return "pref" in self.head.types or "PREF" in self.head.params


def _decode_quoted_printable(value: str, charset: str) -> str:
    return quopri.decodestring(value.encode("utf-8")).decode(charset)


class _RefusedLine(Exception):
    """A line no address book writes (see ``vcard_lines.refusal``): its card is skipped."""


#: Heads already read (``EMAIL;TYPE=INTERNET;TYPE=WORK:`` → its :class:`_Head`), by the line's
#: text up to its first colon when that colon ends the head: a file repeats a few dozen heads
#: on every card, each read by vobject once. At most this many, each at most this long.
_HEADS: dict[str, _Head] = {}
_HEADS_KEPT = 4096
_HEAD_CHARS_KEPT = 256


def _read_lines(
    card: str,
    first_line: int,
    warnings: list[str],
    should_cancel: Callable[[], bool] | None = None,
) -> list[_Line]:
    """The content lines of one card, via vobject's line parser; unreadable lines skipped.

    ``logical_lines`` unfolds lines (and joins vCard 2.1 quoted-printable soft line breaks)
    as vobject's reader does; ``scan_line`` checks each line in one pass, so only a line
    vobject's pattern matches reaches its ``parseLine``, which splits name, group,
    parameters and value; the quoted-printable text is then decoded in the line's CHARSET,
    as vobject itself does. A head read before (:data:`_HEADS`) is not read again: the value
    is what follows its colon, as ``parseLine`` would split it. Raises :class:`_RefusedLine`
    for a line with absurdly many parameters, and ``ReadingStopped`` when
    ``should_cancel()`` becomes true.
    """
    from vobject.base import VObjectError, parseLine

    heads = _HEADS
    lines = []
    for text, number in logical_lines(card, should_cancel):
        at = first_line + max(number, 1) - 1
        first_colon = text.find(":", 0, _HEAD_CHARS_KEPT)
        head = heads.get(text[: first_colon + 1]) if first_colon >= 0 else None
        try:
            if head is not None:
                value = text[first_colon + 1 :]
            else:
                shape = scan_line(text)
                refused = refusal(shape)
                if refused is not None:
                    raise _RefusedLine(f"line {at} {refused}")
                if shape.colon is None:  # vobject would refuse it too, maybe only after minutes
                    raise ValueError(text)
                name, raw_params, value, group = parseLine(text, number)
                head = _head(name, raw_params, group)
                if shape.colon == first_colon and len(heads) < _HEADS_KEPT:
                    heads[text[: first_colon + 1]] = head
            if head.quoted_printable_charset is not None:
                value = _decode_quoted_printable(value, head.quoted_printable_charset)
        except (VObjectError, ValueError, LookupError):
            shown = text if len(text) <= 40 else text[:37] + "…"
            warnings.append(f"Line {at} (“{shown}”) could not be read and was skipped.")
            continue
        lines.append(_Line(head, value, at))
    return lines


_APPLE_LABEL = re.compile(r"^_\$!<(.+)>!\$_$")
_APPLE_LABELS = {
    "homefax": "home fax",
    "workfax": "work fax",
    "otherfax": "other fax",
    "homepage": "home page",
}


def _apple_label(raw: str) -> str:
    text = _text(raw)
    match = _APPLE_LABEL.match(text)
    if not match:
        return text
    word = match.group(1).lower()
    return _APPLE_LABELS.get(word, word)


def _phone_label(tokens: frozenset[str]) -> str:
    place = next((p for p in ("work", "home", "other") if p in tokens), "")
    if "fax" in tokens:
        return f"{place} fax".strip()
    for token, label in (
        ("cell", "mobile"),
        ("mobile", "mobile"),
        ("iphone", "iPhone"),
        ("pager", "pager"),
        ("main", "main"),
        ("car", "car"),
    ):
        if token in tokens:
            return label
    return place


def _plain_label(tokens: frozenset[str]) -> str:
    return next((p for p in ("work", "home", "other") if p in tokens), "")


def _decode_bytes(line: _Line) -> bytes | None:
    """The bytes of a base64 PHOTO (2.1, 3.0) or ``data:`` URI (4.0); None if neither."""
    value = line.value.strip()
    encoding = (line.param("ENCODING") or "").lower()
    flags = {f.lower() for f in line.flags}
    try:
        if encoding in ("b", "base64") or "base64" in flags:
            return base64.b64decode("".join(value.split()), validate=False)
        if value.lower().startswith("data:"):
            header, _, payload = value.partition(",")
            if ";base64" in header.lower():
                return base64.b64decode("".join(payload.split()), validate=False)
            from urllib.parse import unquote_to_bytes

            return unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return b""
    return None


_BDAY = re.compile(r"^(?:(\d{4})|--)-?(\d{2})-?(\d{2})$")


def parse_birthday(
    value: str, omit_year: str | None = None
) -> tuple[int | None, int | None, int | None] | None:
    """(year, month, day) of a vCard BDAY, with None for an unknown year; None if unreadable.

    Accepts ``1985-03-04``, ``19850304`` (with or without a time after ``T``), ``--1231``,
    ``--12-31``, and Apple's placeholder year (``X-APPLE-OMIT-YEAR``, or 1604) meaning
    "no year".
    """
    text = value.strip().split("T", 1)[0]
    match = _BDAY.match(text)
    if not match:
        return None
    year_text, month_text, day_text = match.groups()
    year = int(year_text) if year_text else None
    if year is not None and (year_text == omit_year or year == 1604):
        year = None
    return year, int(month_text), int(day_text)


def _int(value: str) -> int | None:
    try:
        return int(value.strip())
    except ValueError:
        return None


def _clean_uid(value: str) -> str | None:
    return _text(value) or None


def uid_variants(uid: str) -> list[str]:
    """``uid`` and its other spelling: ``X`` ⇄ ``urn:uuid:X`` (Kith's exports before 0.2
    added the prefix to bare UUIDs), so a lookup finds the person under either."""
    if uid.lower().startswith("urn:uuid:"):
        return [uid, uid[9:]]
    if _is_uuid(uid):
        return [uid, f"urn:uuid:{uid}"]
    return [uid]


#: Categories that exporters add to every card (Google's "myContacts"): not the user's tags.
_SYSTEM_GROUPS = {"mycontacts", "starred"}

_KIND_ORDER = {kind: i for i, kind in enumerate(CHANNEL_KINDS)}


@dataclass
class _CardReading:
    """What one card's lines have said so far; each property's handler below adds to it."""

    #: Apple's ``itemN.X-ABLabel`` labels, by group (``item1`` → ``"assistant"``).
    labels: dict[str, str]
    warnings: list[str]
    draft: ContactDraft = field(default_factory=ContactDraft)
    #: Lines for the notes about fields Kith has no place for (``Department: …``).
    extra_notes: list[str] = field(default_factory=list)
    #: The NOTE properties' texts.
    note_parts: list[str] = field(default_factory=list)
    #: (marked ``pref``, channel) in the order of the card.
    channels: list[tuple[bool, ChannelDraft]] = field(default_factory=list)
    uid: str | None = None
    introducer: str | None = None
    #: (relation, who) from RELATED, X-ABRELATEDNAMES, X-MS-SPOUSE…
    relations: list[tuple[str, str]] = field(default_factory=list)
    #: CREATED, when the card says when the person was added.
    created: datetime | None = None
    #: Groups whose label is one of Apple's own (``_$!<Anniversary>!$_``), not typed.
    coded_labels: set[str] = field(default_factory=set)
    #: RELATED lines with what another Kith said of the relationship.
    related: list[RelatedPerson] = field(default_factory=list)
    formatted_name: str = ""
    structured_name: str = ""
    is_group: bool = False
    first_locality: str = ""
    location_given: bool = False

    def add_channel(
        self,
        ln: _Line,
        kind: str,
        value: str,
        fallback_label: str,
        address: AddressParts | None = None,
    ) -> None:
        """A channel from ``ln``; its Apple label if it has one, else ``fallback_label``."""
        label = self.labels.get(ln.group, "") if ln.group else ""
        channel = ChannelDraft(kind, value, label or fallback_label, address)
        self.channels.append((ln.is_pref(), channel))


# One handler per vCard property (or family of properties), in the table _PROPERTIES below.
# Each reads one content line into the card's reading; properties not in the table are
# ignored. Adding a property is one function here plus one entry in the table.


def _read_fn(card: _CardReading, ln: _Line) -> None:
    card.formatted_name = card.formatted_name or _text(ln.value)


def _read_n(card: _CardReading, ln: _Line) -> None:
    # Each part of N may itself be a comma-separated list ("Jean,Luc").
    parts = [
        " ".join(" ".join(_split(p, ",")).split()) for p in _split(ln.value, ";", unescape=False)
    ]
    family, given, additional, prefix, suffix = (parts + [""] * 5)[:5]
    card.draft.family_name = " ".join(family.split())
    card.draft.given_name = " ".join(given.split())
    card.draft.middle_name = " ".join(additional.split())
    card.draft.name_prefix = " ".join(prefix.split())
    card.draft.name_suffix = " ".join(suffix.split())
    composed = " ".join(p for p in (prefix, given, additional, family, suffix) if p)
    card.structured_name = " ".join(composed.split())


def _read_nickname(card: _CardReading, ln: _Line) -> None:
    card.draft.nickname = ", ".join(p.strip() for p in _split(ln.value, ",") if p.strip())


def _read_org(card: _CardReading, ln: _Line) -> None:
    parts = [p.strip() for p in _split(ln.value, ";")]
    card.draft.company = parts[0] if parts else ""
    card.draft.department = ", ".join(p for p in parts[1:] if p)


def _read_title(card: _CardReading, ln: _Line) -> None:
    card.draft.title = _text(ln.value)


def _read_role(card: _CardReading, ln: _Line) -> None:
    role = _text(ln.value)
    if role and role != card.draft.title:
        card.extra_notes.append(f"Role: {role}")


def _read_note(card: _CardReading, ln: _Line) -> None:
    text = _text(ln.value)
    if text:
        card.note_parts.append(text)


def _read_email(card: _CardReading, ln: _Line) -> None:
    value = _text(ln.value)
    if value.lower().startswith("mailto:"):
        value = value[7:]
    card.add_channel(ln, "email", value, _plain_label(ln.types()))


def _read_tel(card: _CardReading, ln: _Line) -> None:
    value = _text(ln.value)
    if value.lower().startswith("tel:"):
        from urllib.parse import unquote

        number, _, rest = unquote(value[4:]).partition(";")
        # RFC 3966 parameters: an extension is kept the way people write it.
        extension = next((p[4:] for p in rest.split(";") if p.lower().startswith("ext=")), "")
        value = f"{number} ext. {extension}" if extension else number
    card.add_channel(ln, "phone", value, _phone_label(ln.types()))


def _read_url(card: _CardReading, ln: _Line) -> None:
    card.add_channel(ln, "url", _text(ln.value), _plain_label(ln.types()))


#: IMPP URI schemes → the service's name.
_IM_SCHEMES = {
    "xmpp": "XMPP",
    "skype": "Skype",
    "sip": "SIP",
    "aim": "AIM",
    "ymsgr": "Yahoo",
    "msnim": "MSN",
    "icq": "ICQ",
    "gtalk": "Google Talk",
    "irc": "IRC",
    "matrix": "Matrix",
    "qq": "QQ",
    "facetime": "FaceTime",
}

#: The older one-property-per-service IM handles (Apple, Evolution, Outlook, Android).
IM_PROPERTIES = {
    "X-SKYPE": "Skype",
    "X-SKYPE-USERNAME": "Skype",
    "X-TWITTER": "Twitter",
    "X-AIM": "AIM",
    "X-JABBER": "Jabber",
    "X-ICQ": "ICQ",
    "X-MSN": "MSN",
    "X-YAHOO": "Yahoo",
    "X-GOOGLE-TALK": "Google Talk",
    "X-GTALK": "Google Talk",
    "X-QQ": "QQ",
    "X-GADUGADU": "Gadu-Gadu",
    "X-MS-IMADDRESS": "IM",
}


def _read_social(card: _CardReading, ln: _Line) -> None:
    """X-SOCIALPROFILE and IMPP: labelled by X-SERVICE-TYPE, the IMPP scheme (``xmpp:`` →
    XMPP, the handle without it) or the first unusual TYPE."""
    tokens = sorted(ln.types() - {"pref", "home", "work", "other"})
    value = _text(ln.value)
    service = ln.param("X-SERVICE-TYPE") or ""
    if ln.name == "IMPP":
        scheme, colon, handle = value.partition(":")
        known = _IM_SCHEMES.get(scheme.lower()) if colon else None
        if known:
            service = service or known
            value = handle
    card.add_channel(ln, "social", value, service or (tokens[0] if tokens else ""))


def _read_im(card: _CardReading, ln: _Line) -> None:
    """X-SKYPE, X-TWITTER, X-MS-IMADDRESS…: a social channel named for its service."""
    card.add_channel(ln, "social", _text(ln.value), IM_PROPERTIES[ln.name])


def _note_line(card: _CardReading, label: str, value: str) -> None:
    """A property Kith has no field for yet: a line in the notes naming it, never dropped
    (the kept card also sends it back out unchanged: ``original_card``)."""
    if value:
        card.extra_notes.append(f"{label}: {value}")


def _group_label(card: _CardReading, ln: _Line, fallback: str) -> str:
    label = card.labels.get(ln.group, "") if ln.group else ""
    return (label or fallback).strip().capitalize()


def _add_date(card: _CardReading, ln: _Line, label: str) -> None:
    """An important date; one Kith cannot read goes into the notes, with a warning."""
    raw = _text(ln.value)
    parsed = parse_birthday(raw, ln.param("X-APPLE-OMIT-YEAR"))
    problem = "" if parsed is None else date_error(parsed[1], parsed[2], parsed[0])
    if parsed is None or problem:
        if raw:
            _note_line(card, label, raw)
            card.warnings.append(
                f"The date “{raw}” ({label}) is not one Kith understands; it was kept in the notes."
            )
        return
    year, month, day = parsed
    assert month is not None and day is not None
    card.draft.dates.append(ImportantDate(label, month, day, year))


def _read_anniversary(card: _CardReading, ln: _Line) -> None:
    """ANNIVERSARY (4.0), X-ANNIVERSARY, X-MS-ANNIVERSARY, X-EVOLUTION-ANNIVERSARY."""
    _add_date(card, ln, ANNIVERSARY)


def _read_abdate(card: _CardReading, ln: _Line) -> None:
    """Apple's labelled dates (``item2.X-ABDATE`` with ``X-ABLabel:_$!<Anniversary>!$_``)."""
    label = (card.labels.get(ln.group, "") if ln.group else "").strip() or "Date"
    if ln.group in card.coded_labels:  # Apple's word ("anniversary", "other"): as a name
        label = label.capitalize()
    _add_date(card, ln, label)


def _read_related(card: _CardReading, ln: _Line) -> None:
    """RELATED (4.0): the relation's TYPE names it ("Spouse: Jorge"). A reference to a
    person (``urn:uuid:…``) is a relationship when they are in Kith, not a notes line (the
    kept card sends it back out); ``X-KITH-*`` parameters carry Kith's own relationship."""
    from urllib.parse import unquote

    kinds = sorted(ln.types() - {"pref"})
    kind = kinds[0] if kinds else "related"
    who = _text(ln.value)
    if not who.lower().startswith("urn:uuid:"):
        _note_line(card, kind.capitalize(), who)
    card.relations.append((kind, who))
    since = None
    if ln.param("X-KITH-SINCE"):
        try:
            since = date.fromisoformat(str(ln.param("X-KITH-SINCE")))
        except ValueError:
            since = None
    note = ln.param("X-KITH-NOTE")
    card.related.append(
        RelatedPerson(
            who,
            kind,
            (ln.param("X-KITH-KIND") or "").lower() or None,
            unquote(note) if note is not None else None,
            since,
        )
    )


def _read_related_name(card: _CardReading, ln: _Line) -> None:
    """Apple's X-ABRELATEDNAMES, labelled by its group (``_$!<Spouse>!$_``)."""
    label = _group_label(card, ln, "Related")
    _note_line(card, label, _text(ln.value))
    card.relations.append((label.lower(), _text(ln.value)))


_NAMED_RELATIONS = {
    "X-MS-SPOUSE": "Spouse",
    "X-EVOLUTION-SPOUSE": "Spouse",
    "X-SPOUSE": "Spouse",
    "X-MS-MANAGER": "Manager",
    "X-EVOLUTION-MANAGER": "Manager",
    "X-MANAGER": "Manager",
    "X-MS-ASSISTANT": "Assistant",
    "X-EVOLUTION-ASSISTANT": "Assistant",
    "X-ASSISTANT": "Assistant",
    "X-MS-CHILD": "Child",
}


def _read_named_relation(card: _CardReading, ln: _Line) -> None:
    _note_line(card, _NAMED_RELATIONS[ln.name], _text(ln.value))
    card.relations.append((_NAMED_RELATIONS[ln.name].lower(), _text(ln.value)))


_GENDERS = {"m": "male", "f": "female", "o": "other", "n": "none", "u": "unknown"}


def _read_gender(card: _CardReading, ln: _Line) -> None:
    """GENDER (4.0: ``F``, ``M;woman``…) and X-GENDER."""
    sex, _, identity = _text(ln.value).partition(";")
    shown = ", ".join(p for p in (_GENDERS.get(sex.strip().lower(), sex.strip()), identity) if p)
    _note_line(card, "Gender", shown)


def _read_adr(card: _CardReading, ln: _Line) -> None:
    parts = [" ".join(p.replace("\n", ", ").split()) for p in _split(ln.value, ";")]
    parts += [""] * 7
    pobox, extended, street, locality, region, code, country = parts[:7]
    address = AddressParts(
        ", ".join(p for p in (street, extended, pobox) if p), locality, region, code, country
    )
    text = address.one_line()
    if text:
        card.add_channel(ln, "address", text, _plain_label(ln.types()), address or None)
    if locality and not card.first_locality:
        card.first_locality = ", ".join(p for p in (locality, country) if p)


def _read_bday(card: _CardReading, ln: _Line) -> None:
    parsed = parse_birthday(_text(ln.value), ln.param("X-APPLE-OMIT-YEAR"))
    if parsed is None:
        shown = _text(ln.value)
        if shown:
            card.extra_notes.append(f"Birthday: {shown}")
            card.warnings.append(
                f"The birthday “{shown}” is not a date Kith understands; it was kept in the notes."
            )
        return
    year, month, day = parsed
    if year is not None and not 1900 <= year <= date.today().year:
        card.warnings.append(
            f"The birth year {year} looks wrong; only the day and month were kept."
        )
        year = None
    card.draft.birthday_year, card.draft.birthday_month, card.draft.birthday_day = year, month, day


def _read_categories(card: _CardReading, ln: _Line) -> None:
    card.draft.tags.extend(
        p.strip()
        for p in _split(ln.value, ",")
        if p.strip() and p.strip().casefold() not in _SYSTEM_GROUPS
    )


def _read_photo(card: _CardReading, ln: _Line) -> None:
    data = _decode_bytes(ln)
    if data is None:
        where = _text(ln.value)
        shown = where if len(where) <= 60 else where[:57] + "…"
        card.warnings.append(
            f"The photo at {shown} was not downloaded; add it by hand if you want it."
        )
    elif not data:
        card.warnings.append("The photo could not be decoded; it was left out.")
    else:
        card.draft.photo = checked_photo(data, card.warnings)


def _read_uid(card: _CardReading, ln: _Line) -> None:
    card.uid = _clean_uid(ln.value)


def _read_kind(card: _CardReading, ln: _Line) -> None:
    """KIND and Apple's X-ADDRESSBOOKSERVER-KIND: a group card is not a person."""
    card.is_group = card.is_group or _text(ln.value).lower() == "group"


def _read_circle(card: _CardReading, ln: _Line) -> None:
    circle = _int(_text(ln.value))
    if circle is not None and 1 <= circle <= 5:
        card.draft.circle = circle
    else:
        card.warnings.append(
            f"The circle “{_text(ln.value)}” is not one Kith knows; it was left out."
        )


def _read_cadence(card: _CardReading, ln: _Line) -> None:
    cadence = _int(_text(ln.value))
    if cadence is not None and 1 <= cadence <= 3650:
        card.draft.cadence_days = cadence
    else:
        card.warnings.append(f"The keep-in-touch cadence “{_text(ln.value)}” was left out.")


def _read_how_met(card: _CardReading, ln: _Line) -> None:
    card.draft.how_met = _text(ln.value)


def _read_met_on(card: _CardReading, ln: _Line) -> None:
    try:
        card.draft.met_on = date.fromisoformat(_text(ln.value))
    except ValueError:
        card.extra_notes.append(f"Met on: {_text(ln.value)}")


def _read_location(card: _CardReading, ln: _Line) -> None:
    card.draft.location = _text(ln.value)
    card.location_given = True


def _read_archived(card: _CardReading, ln: _Line) -> None:
    card.draft.archived = _text(ln.value).lower() in ("true", "1", "yes")


def _read_introduced_by(card: _CardReading, ln: _Line) -> None:
    card.introducer = _clean_uid(ln.value)


def _read_created(card: _CardReading, ln: _Line) -> None:
    """CREATED (RFC 9554): ``20261205T180852Z``, when the person was added."""
    match = _TIMESTAMP.match(_text(ln.value))
    try:
        if match is None:
            card.created = None
        else:
            year, month, day, hour, minute, second = (int(g) for g in match.groups())
            card.created = datetime(year, month, day, hour, minute, second)
    except ValueError:
        card.created = None


#: A UTC timestamp (RFC 6350 §4.3.5), ``20261205T180852Z``; local times are not read.
_TIMESTAMP = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$", re.IGNORECASE)


#: vCard property name (upper case, without its ``itemN.`` group) → its handler.
_PROPERTIES: dict[str, Callable[[_CardReading, _Line], None]] = {
    "FN": _read_fn,
    "N": _read_n,
    "NICKNAME": _read_nickname,
    "ORG": _read_org,
    "TITLE": _read_title,
    "ROLE": _read_role,
    "NOTE": _read_note,
    "EMAIL": _read_email,
    "TEL": _read_tel,
    "URL": _read_url,
    "X-SOCIALPROFILE": _read_social,
    "IMPP": _read_social,
    **dict.fromkeys(IM_PROPERTIES, _read_im),
    "ANNIVERSARY": _read_anniversary,
    "X-ANNIVERSARY": _read_anniversary,
    "X-MS-ANNIVERSARY": _read_anniversary,
    "X-EVOLUTION-ANNIVERSARY": _read_anniversary,
    "X-ABDATE": _read_abdate,
    "RELATED": _read_related,
    "X-ABRELATEDNAMES": _read_related_name,
    **dict.fromkeys(_NAMED_RELATIONS, _read_named_relation),
    "GENDER": _read_gender,
    "X-GENDER": _read_gender,
    "ADR": _read_adr,
    "BDAY": _read_bday,
    "CATEGORIES": _read_categories,
    "PHOTO": _read_photo,
    "UID": _read_uid,
    "KIND": _read_kind,
    "X-ADDRESSBOOKSERVER-KIND": _read_kind,
    X_CIRCLE: _read_circle,
    X_CADENCE: _read_cadence,
    X_HOW_MET: _read_how_met,
    X_MET_ON: _read_met_on,
    X_LOCATION: _read_location,
    X_ARCHIVED: _read_archived,
    X_INTRODUCED_BY: _read_introduced_by,
    "CREATED": _read_created,
}


def card_to_entry(
    card: str,
    source: str,
    *,
    first_line: int = 1,
    end: int = 0,
    should_cancel: Callable[[], bool] | None = None,
) -> Entry:
    """One card's text (``BEGIN:VCARD`` … ``END:VCARD``) → a parsed contact or invalid entry.

    A card with a line no address book writes (dozens of parameters) is an invalid entry
    naming the card, the person and the line. Raises ``ReadingStopped`` when
    ``should_cancel()`` becomes true while the card is read.
    """
    warnings: list[str] = []
    try:
        lines = _read_lines(card, first_line, warnings, should_cancel)
    except _RefusedLine as exc:
        name = _guess_name(card.split("\n"))
        who = f", {name}" if name else ""
        return InvalidEntry(source, f"{source.capitalize()}{who}: {exc}.", end, name)
    labels = {
        ln.group: _apple_label(ln.value) for ln in lines if ln.name == "X-ABLABEL" and ln.group
    }
    reading = _CardReading(labels, warnings)
    reading.coded_labels = {
        ln.group
        for ln in lines
        if ln.name == "X-ABLABEL" and ln.group and _APPLE_LABEL.match(_text(ln.value))
    }
    for ln in lines:
        handler = _PROPERTIES.get(ln.name)
        if handler is not None:
            handler(reading, ln)
    entry = _finish_card(reading, source, end)
    if isinstance(entry, ParsedContact):
        entry.card = card
        entry.relations = [(kind, who) for kind, who in reading.relations if who]
        entry.related = [r for r in reading.related if r.who]
        entry.created = reading.created
    return entry


def _finish_card(card: _CardReading, source: str, end: int) -> Entry:
    """What a card's lines said → the entry: its name, a group refused, channels in order."""
    draft = card.draft
    draft.full_name = card.formatted_name or card.structured_name or draft.nickname
    if card.is_group:
        shown = draft.full_name or "unnamed"
        reason = f"{source.capitalize()} is a contact group ({shown}), not a person."
        return InvalidEntry(source, reason, end, draft.full_name)
    if not card.location_given and card.first_locality:
        draft.location = card.first_locality
    draft.notes = "\n\n".join(card.note_parts)
    # Kith's kind order; within a kind, ``pref`` channels first, then the card's order.
    ordered = sorted(
        enumerate(card.channels),
        key=lambda item: (_KIND_ORDER[item[1][1].kind], not item[1][0], item[0]),
    )
    draft.channels = [channel for _, (_, channel) in ordered]
    return finish_entry(
        draft,
        source,
        end=end,
        uid=card.uid,
        introduced_by_uid=card.introducer,
        warnings=card.warnings,
        extra_notes=card.extra_notes,
    )


_LINE_BREAK = re.compile(r"\r\n|\r")


def parse_vcards(text: str, should_cancel: Callable[[], bool] | None = None) -> Iterator[Entry]:
    """Every card in ``text``, one entry at a time (so a caller can show rows as they come).

    A card that cannot become a contact (no name, never closed, a group, a line no address
    book writes) is an :class:`InvalidEntry` naming the card and its line; the cards around
    it are unaffected. Lines outside any card are reported once per block. Reading stops,
    even inside a card, as soon as ``should_cancel()`` is true.
    """
    try:
        yield from _parse_vcards(text, should_cancel)
    except ReadingStopped:
        return


#: BEGIN:VCARD / END:VCARD, also with a group prefix (``home.begin:vcard``: some exporters
#: group every line of a card, its first and last too).
_CARD_EDGE = re.compile(r"^(?:[A-Za-z0-9-]+\.)?(BEGIN|END):VCARD$", re.IGNORECASE)


def _edge(line: str) -> str:
    """ "BEGIN" or "END" for a line that opens or closes a card, else ""."""
    stripped = line.rstrip()
    if stripped[-1:] not in ("D", "d") or len(stripped) > 80 or ":" not in stripped:
        return ""
    match = _CARD_EDGE.match(stripped)
    return match.group(1).upper() if match else ""


def _parse_vcards(text: str, should_cancel: Callable[[], bool] | None) -> Iterator[Entry]:
    text = _LINE_BREAK.sub("\n", text)
    if text.startswith("\ufeff"):
        text = text[1:]
    card_no = 0
    card: list[str] | None = None
    start_line = 0
    stray_start: int | None = None
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if should_cancel is not None and should_cancel():
            return
        offset += len(line) + 1
        word = _edge(line)
        if card is None:
            if word == "BEGIN":
                if stray_start is not None:
                    yield InvalidEntry(
                        f"lines {stray_start}–{number - 1}",
                        f"Lines {stray_start}–{number - 1} are not part of any card "
                        "and were skipped.",
                        offset,
                    )
                    stray_start = None
                card_no += 1
                card = [line]
                start_line = number
            elif line.strip() and stray_start is None:
                stray_start = number
            continue
        if word == "BEGIN":
            source = f"card {card_no} (line {start_line})"
            yield InvalidEntry(
                source,
                f"{source.capitalize()} has no END:VCARD before the next card begins on "
                f"line {number}; it was skipped.",
                offset,
                _guess_name(card),
            )
            card_no += 1
            card = [line]
            start_line = number
            continue
        card.append(line)
        if word == "END":
            source = f"card {card_no} (line {start_line})"
            yield card_to_entry(
                "\n".join(card) + "\n",
                source,
                first_line=start_line,
                end=offset,
                should_cancel=should_cancel,
            )
            card = None
    if card is not None:
        source = f"card {card_no} (line {start_line})"
        yield InvalidEntry(
            source,
            f"{source.capitalize()} is cut off: the file ends before its END:VCARD.",
            offset,
            _guess_name(card),
        )
    elif stray_start is not None and card_no:
        yield InvalidEntry(
            f"lines {stray_start}–{number}",
            f"Lines {stray_start}–{number} after the last card are not part of any card "
            "and were skipped.",
            offset,
        )


def _guess_name(lines: list[str]) -> str:
    for line in lines:
        if line.upper().startswith("FN:"):
            return _text(line[3:])
    return ""


def looks_like_vcard(text: str) -> bool:
    """Does the text start with a card (``BEGIN:VCARD``, ``home.begin:vcard``)?"""
    head = text.lstrip("\ufeff \t\r\n")[:200]
    return _edge(head.split("\n", 1)[0].split("\r", 1)[0]) == "BEGIN"


def parse_vcard(text: str) -> ParsedContact:
    """Exactly one card (a CardDAV resource) → a parsed contact; :class:`VCardError` if not."""
    entries = list(parse_vcards(text))
    if not entries:
        raise VCardError("This is not a vCard: there is no BEGIN:VCARD line.")
    if len(entries) > 1:
        raise VCardError(f"Expected one vCard, found {len(entries)}.")
    entry = entries[0]
    if isinstance(entry, InvalidEntry):
        raise VCardError(entry.reason)
    return entry


# --- writing ------------------------------------------------------------------------------

_PHONE_TYPES = {
    "mobile": ["cell"],
    "home": ["home"],
    "work": ["work"],
    "fax": ["fax"],
    "home fax": ["home", "fax"],
    "work fax": ["work", "fax"],
    "pager": ["pager"],
}
_PLAIN_TYPES = {"home": ["home"], "work": ["work"]}
_PROPERTY = {
    "email": "email",
    "phone": "tel",
    "url": "url",
    "social": "x-socialprofile",
    "address": "adr",
}


def _is_uuid(value: str) -> bool:
    if len(value) < 32:  # 32 hex digits at least, whatever else surrounds them
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


_NEEDS_ESCAPE = re.compile(r"[\\\r\n,;]")


def _escape(text: str) -> str:
    """A text value as vCard writes it: backslash, newline, comma and semicolon escaped."""
    if _NEEDS_ESCAPE.search(text) is None:  # most values: nothing to do
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def _line(name: str, value: str, params: str = "", group: str = "") -> str:
    return f"{group + '.' if group else ''}{name}{params}:{value}"


def _channel_lines(draft: ContactDraft, first_group: int = 1) -> list[str]:
    """EMAIL, TEL, URL, X-SOCIALPROFILE and ADR lines: labels as TYPE or Apple's X-ABLabel
    (groups numbered from ``first_group``); the first of each kind ``PREF=1``."""
    lines: list[str] = []
    group = first_group - 1
    seen_kinds: set[str] = set()
    for channel in draft.channels:
        value = channel.value.strip()
        if not value:
            continue
        kind = channel.kind
        name = _PROPERTY[kind].upper()
        params: list[str] = []
        if kind not in seen_kinds:
            params.append("PREF=1")
            seen_kinds.add(kind)
        label = channel.label.strip()
        known = (
            None
            if kind == "social"
            else (_PHONE_TYPES if kind == "phone" else _PLAIN_TYPES).get(label)
        )
        group_name = ""
        if known:
            params.append("TYPE=" + ",".join(known))
        elif label:
            group += 1
            group_name = f"item{group}"
        if kind == "phone":
            params.append("VALUE=text")
        shown = _escape(value) if kind != "address" else adr_value(channel)
        lines.append(_line(name, shown, "".join(";" + p for p in params), group_name))
        if group_name:
            lines.append(_line("X-ABLABEL", _escape(label), group=group_name))
    return lines


#: Kith's relationship kinds as RELATED's TYPE (RFC 6350 §6.6.6) when the note names none.
RELATED_TYPES = {
    "knows": "acquaintance",
    "colleague": "colleague",
    "friend": "friend",
    "family": "kin",
    "introduced": "met",
}
#: RELATED's TYPE values (RFC 6350 §6.6.6): a note that is one of them goes out as the TYPE.
_RFC_RELATED = frozenset(
    [
        "contact",
        "acquaintance",
        "friend",
        "met",
        "co-worker",
        "colleague",
        "co-resident",
        "neighbor",
        "child",
        "parent",
        "sibling",
        "spouse",
        "kin",
        "muse",
        "crush",
        "date",
        "sweetheart",
        "me",
        "agent",
        "emergency",
    ]
)
#: A uid Kith can write as ``urn:uuid:…`` without escaping anything.
_URI_SAFE_UID = re.compile(r"[A-Za-z0-9._~@+-]+")


def related_line(uid: str, kind: str, note: str = "", since: date | None = None) -> str | None:
    """A relationship with the person ``uid`` as RELATED: ``urn:uuid:`` and their uid, the
    RFC's TYPE (the note when it is one, "spouse"; else the kind's), and Kith's own kind,
    note (percent-encoded) and since as ``X-KITH-*`` parameters. None for a uid that
    cannot be written as a URI."""
    from urllib.parse import quote

    bare = uid[9:] if uid.lower().startswith("urn:uuid:") else uid
    if not _URI_SAFE_UID.fullmatch(bare):
        return None
    word = note.strip().lower()
    params = f";TYPE={word if word in _RFC_RELATED else RELATED_TYPES.get(kind, 'contact')}"
    params += f";X-KITH-KIND={kind}"
    if note.strip():
        params += f";X-KITH-NOTE={quote(note.strip(), safe='')}"
    if since is not None:
        params += f";X-KITH-SINCE={since.isoformat()}"
    return f"RELATED{params}:urn:uuid:{bare}"


def related_uid(line: str) -> str | None:
    """The uid a RELATED line points to (``urn:uuid:X`` → ``X``), or None."""
    colon = scan_line(line).colon
    if colon is None:
        return None
    value = line[colon + 1 :].strip()
    return value[9:] if value.lower().startswith("urn:uuid:") else None


#: Apple's label for an anniversary (``X-ABLabel``).
APPLE_ANNIVERSARY = "_$!<Anniversary>!$_"


def date_lines(draft: ContactDraft, first_group: int = 1, *, anniversary: bool = True) -> list[str]:
    """The important dates: the first anniversary as ANNIVERSARY (``19960415``, ``--0415``),
    every other date as Apple's ``itemN.X-ABDATE`` (``1996-04-15``; a year-less one as
    ``1604-04-15`` with ``X-APPLE-OMIT-YEAR=1604``, as Apple writes it) with its
    ``itemN.X-ABLabel``; with ``anniversary=False`` every date as X-ABDATE."""
    lines: list[str] = []
    group = first_group - 1
    anniversary_written = not anniversary
    for important in draft.dates:
        month, day, year = important.month, important.day, important.year
        if important.is_anniversary() and not anniversary_written:
            month_day = f"{month:02d}{day:02d}"
            lines.append(
                "ANNIVERSARY:"
                + (f"{year:04d}{month_day}" if year is not None else f"--{month_day}")
            )
            anniversary_written = True
            continue
        group += 1
        name = f"item{group}"
        if year is None:
            lines.append(
                _line("X-ABDATE", f"1604-{month:02d}-{day:02d}", ";X-APPLE-OMIT-YEAR=1604", name)
            )
        else:
            lines.append(_line("X-ABDATE", f"{year:04d}-{month:02d}-{day:02d}", group=name))
        label = APPLE_ANNIVERSARY if important.is_anniversary() else important.label.strip()
        lines.append(_line("X-ABLABEL", _escape(label or "Date"), group=name))
    return lines


def adr_value(channel: ChannelDraft) -> str:
    """ADR's seven parts: an address's own parts, or (a one-line address) all in street."""
    parts = channel.address
    if not parts:
        return f";;{_escape(channel.value.strip())};;;;"
    fields = (parts.street, parts.locality, parts.region, parts.postal_code, parts.country)
    return ";;" + ";".join(_escape(p.strip()) for p in fields)


def n_value(draft: ContactDraft) -> str:
    """N's five parts: family; given; middle; prefix; suffix."""
    parts = (
        draft.family_name,
        draft.given_name,
        draft.middle_name,
        draft.name_prefix,
        draft.name_suffix,
    )
    return ";".join(_escape(p.strip()) for p in parts)


def card_lines(
    draft: ContactDraft,
    *,
    uid: str | None = None,
    introduced_by_uid: str | None = None,
    revised: datetime | None = None,
    first_group: int = 1,
    anniversary: bool = True,
    related: Sequence[str] = (),
    created: datetime | None = None,
) -> list[str]:
    """The content lines of ``draft``'s vCard 4.0, unfolded, without BEGIN and END (labels'
    ``itemN`` groups numbered from ``first_group``). ``anniversary=False`` writes every
    important date as Apple's X-ABDATE (for a 3.0 card, which has no ANNIVERSARY)."""
    lines = ["VERSION:4.0", f"PRODID:{PRODID}"]
    if uid:
        lines.append(uid_line(uid))
    lines.append(f"FN:{_escape(draft.display_name())}")
    lines.append("N:" + n_value(draft))
    if draft.nickname:
        lines.append(f"NICKNAME:{_escape(draft.nickname)}")
    if draft.company or draft.department:
        department = f";{_escape(draft.department)}" if draft.department else ""
        lines.append(f"ORG:{_escape(draft.company)}{department}")
    if draft.title:
        lines.append(f"TITLE:{_escape(draft.title)}")
    channel_lines = _channel_lines(draft, first_group)
    lines.extend(channel_lines)
    if draft.birthday_month is not None and draft.birthday_day is not None:
        month_day = f"{draft.birthday_month:02d}{draft.birthday_day:02d}"
        year = draft.birthday_year
        lines.append("BDAY:" + (f"{year:04d}{month_day}" if year is not None else f"--{month_day}"))
    used = sum(1 for line in channel_lines if line.startswith("item") and ".X-ABLABEL:" in line)
    lines.extend(date_lines(draft, first_group + used, anniversary=anniversary))
    if draft.notes:
        lines.append(f"NOTE:{_escape(draft.notes)}")
    tags = [t for t in draft.tags if t.strip()]
    if tags:
        lines.append("CATEGORIES:" + ",".join(_escape(t) for t in tags))
    lines.extend(related)
    if draft.photo:
        mime = sniff_image(draft.photo) or "application/octet-stream"
        data = base64.b64encode(draft.photo).decode("ascii")
        lines.append(f"PHOTO:data:{mime};base64,{data}")
    for name, value in _kith_fields(draft, introduced_by_uid):
        lines.append(f"{name}:{_escape(value)}")
    if created is not None:  # RFC 9554: when the person was added (to Kith)
        lines.append(f"CREATED:{_stamp(created)}")
    if revised is not None:
        lines.append(f"REV:{_stamp(revised)}")
    return lines


_URI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


def uid_line(uid: str, *, v4: bool = True) -> str:
    """The UID line, its value verbatim: a URI (``urn:uuid:…``) as it is; another UID (a
    bare UUID, another app's key) marked ``VALUE=text`` in a 4.0 card, whose UID is a URI by
    default (RFC 6350 §6.7.6); a 3.0 card's UID is text anyway."""
    if _URI_SCHEME.match(uid):
        return f"UID:{uid}"
    return f"UID;VALUE=text:{_escape(uid)}" if v4 else f"UID:{_escape(uid)}"


def _stamp(when: datetime) -> str:
    """REV's UTC timestamp, ``20261205T180852Z`` (strftime took a tenth of an export)."""
    return (
        f"{when.year:04d}{when.month:02d}{when.day:02d}"
        f"T{when.hour:02d}{when.minute:02d}{when.second:02d}Z"
    )


#: Lines this long are shorter than 75 octets whatever they hold, if ASCII.
_SHORT = 75


def folded_card(lines: list[str]) -> str:
    """BEGIN:VCARD, the content lines folded at 75 octets, END:VCARD; CRLF line ends. A line
    holding a line break (vCard 2.1 quoted-printable) goes out as it came."""
    out = ["BEGIN:VCARD\r\n"]
    for line in lines:
        if len(line) <= _SHORT and line.isascii():  # most lines: as they are
            out.append(line + "\r\n")
        elif "\n" in line:
            out.append(line.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n")
        else:
            out.append("\r\n".join(_fold_line(line)) + "\r\n")
    out.append("END:VCARD\r\n")
    return "".join(out)


def draft_to_vcard(
    draft: ContactDraft,
    *,
    uid: str | None = None,
    introduced_by_uid: str | None = None,
    revised: datetime | None = None,
    related: Sequence[str] = (),
    created: datetime | None = None,
) -> str:
    """A vCard 4.0 for ``draft`` (CRLF line ends, folded at 75 octets), with Kith's X-KITH-*
    fields, ``related`` (:func:`related_line`) and CREATED. Written directly (vobject's
    writer took over a millisecond a card)."""
    return folded_card(
        card_lines(
            draft,
            uid=uid,
            introduced_by_uid=introduced_by_uid,
            revised=revised,
            related=related,
            created=created,
        )
    )


def _kith_fields(draft: ContactDraft, introduced_by_uid: str | None) -> list[tuple[str, str]]:
    """Kith's own fields, as X-KITH-* properties."""
    extras: list[tuple[str, str]] = []
    if draft.circle is not None:
        extras.append((X_CIRCLE, str(draft.circle)))
    if draft.cadence_days is not None:
        extras.append((X_CADENCE, str(draft.cadence_days)))
    if draft.how_met:
        extras.append((X_HOW_MET, draft.how_met))
    if draft.met_on is not None:
        extras.append((X_MET_ON, draft.met_on.isoformat()))
    if draft.location or any(c.address and c.address.locality for c in draft.channels):
        # Said even when empty: a reader would take the first address's city instead.
        extras.append((X_LOCATION, draft.location))
    if draft.archived:
        extras.append((X_ARCHIVED, "TRUE"))
    if introduced_by_uid:
        extras.append((X_INTRODUCED_BY, introduced_by_uid))
    return extras


#: RFC 6350 §3.2: content lines SHOULD be no longer than 75 octets, excluding the line break.
FOLD_OCTETS = 75


def _fold_line(line: str) -> list[str]:
    """One logical line as physical lines of at most 75 octets (continuations start with a
    space), never splitting a UTF-8 character."""
    if len(line) <= FOLD_OCTETS // 4:  # short enough whatever its characters
        return [line]
    if line.isascii():
        if len(line) <= FOLD_OCTETS:
            return [line]
        pieces = [line[:FOLD_OCTETS]]
        step = FOLD_OCTETS - 1
        pieces.extend(" " + line[i : i + step] for i in range(FOLD_OCTETS, len(line), step))
        return pieces
    data = line.encode("utf-8")
    if len(data) <= FOLD_OCTETS:
        return [line]
    pieces = []
    start, limit = 0, FOLD_OCTETS
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # inside a character
            end -= 1
        piece = data[start:end].decode("utf-8")
        pieces.append(piece if not pieces else " " + piece)
        start, limit = end, FOLD_OCTETS - 1
    return pieces


def fold_lines(text: str) -> str:
    """A card's text with every content line folded at 75 octets (CRLF line ends)."""
    unfolded = text.replace("\r\n ", "").replace("\r\n\t", "")
    lines = unfolded.split("\r\n")
    if lines and lines[-1] == "":
        lines.pop()
    return "".join(piece + "\r\n" for line in lines for piece in _fold_line(line))


def contact_vcards(contact_ids: list[int]) -> dict[int, str]:
    """The vCards of many stored contacts (with uid, introducer and REV): a few queries per
    500, whatever their number. A contact with a kept card (``original_card``) gets Kith's
    fields written into it; others a fresh card. Missing contacts are left out."""
    from kith.core.contacts import draft_rows
    from kith.core.importing.original_card import (
        card_hash,
        stored_cards,
        unchanged_card,
        write_into,
    )
    from kith.store.models import database_proxy

    result: dict[int, str] = {}
    for start in range(0, len(contact_ids), 500):
        chunk = contact_ids[start : start + 500]
        stored = draft_rows(chunk)
        kept = stored_cards(chunk)
        marks = ", ".join("?" * len(chunk))
        # Plain SQL rows: peewee building a query of 500 parameters cost more than reading it.
        rows = {
            cid: (uid, _stored_time(updated), introducer_uid, _stored_time(created))
            for cid, uid, updated, introducer_uid, created in database_proxy.execute_sql(
                "SELECT c.id, c.uid, c.updated_at, i.uid, c.created_at FROM contact AS c "
                f"LEFT JOIN contact AS i ON i.id = c.introduced_by_id WHERE c.id IN ({marks})",
                chunk,
            )
        }
        related = relationship_lines(chunk)
        known = kith_uids_named_in([text for text, _ in kept.values()])
        for cid in chunk:
            found = stored.get(cid)
            if found is None or cid not in rows:
                continue
            uid, updated, introducer_uid, created = rows[cid]
            lines = related.get(cid, [])
            text: str | None = None
            draft: ContactDraft | None = None
            if cid in kept:
                original, digest = kept[cid]
                # Unchanged since the card was kept: its rows' fingerprint says so without
                # building the draft (an older Kith's fingerprint: the draft's).
                if digest.startswith("r:"):
                    unchanged = digest == found.fingerprint(uid, introducer_uid)
                else:
                    draft = found.draft()
                    unchanged = bool(digest) and digest == card_hash(draft, uid, introducer_uid)
                if unchanged:
                    text = unchanged_card(
                        original, uid=uid, revised=updated, related=lines, known_uids=known
                    )
                else:
                    draft = draft or found.draft()
                    text = write_into(
                        original,
                        draft,
                        uid=uid,
                        introduced_by_uid=introducer_uid,
                        revised=updated,
                        related=lines,
                        known_uids=known,
                    )
            result[cid] = text or draft_to_vcard(
                draft or found.draft(),
                uid=uid,
                introduced_by_uid=introducer_uid,
                revised=updated,
                related=lines,
                created=created,
            )
    return result


def _stored_time(value: object) -> datetime:
    """A timestamp column as SQLite gives it (peewee's text) as a datetime."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def relationship_lines(contact_ids: Sequence[int]) -> dict[int, list[str]]:
    """Each contact's relationships as RELATED lines (:func:`related_line`), in the order of
    the other person's uid; one query."""
    from kith.store.models import database_proxy

    if not contact_ids:
        return {}
    marks = ", ".join("?" * len(contact_ids))
    found: dict[int, list[tuple[str, str]]] = {}
    for a, b, kind, note, since, uid_a, uid_b in database_proxy.execute_sql(
        "SELECT r.a_id, r.b_id, r.kind, r.note, r.since, ca.uid, cb.uid FROM relationship AS r "
        "JOIN contact AS ca ON ca.id = r.a_id JOIN contact AS cb ON cb.id = r.b_id "
        f"WHERE r.a_id IN ({marks}) OR r.b_id IN ({marks})",
        [*contact_ids, *contact_ids],
    ):
        day = date.fromisoformat(str(since)[:10]) if since else None
        for me, other in ((a, uid_b), (b, uid_a)):
            line = related_line(other, kind, note, day)
            if line is not None:
                found.setdefault(me, []).append((other, line))
    return {cid: [line for _, line in sorted(pairs)] for cid, pairs in found.items()}


_RELATED_LINE = re.compile(r"^(?:[A-Za-z0-9-]+\.)?RELATED[;:].*$", re.IGNORECASE | re.MULTILINE)


def kith_uids_named_in(cards: Sequence[str]) -> frozenset[str]:
    """The uids of people in Kith that these cards' RELATED lines point to (both spellings,
    ``X`` and ``urn:uuid:X``): the lines Kith writes for its relationships."""
    from kith.store.models import Contact

    named: set[str] = set()
    for card in cards:
        if "related" not in card.lower():
            continue
        for line in _RELATED_LINE.findall(card.replace("\r\n ", "").replace("\n ", "")):
            uid = related_uid(line.rstrip("\r"))
            if uid:
                named.update(uid_variants(uid))
                named.update(uid_variants(f"urn:uuid:{uid}"))
    if not named:
        return frozenset()
    found: set[str] = set()
    wanted = sorted(named)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for (uid,) in Contact.select(Contact.uid).where(Contact.uid.in_(chunk)).tuples():
            found.update(uid_variants(uid))
            bare = uid[9:] if uid.lower().startswith("urn:uuid:") else uid
            found.update((bare, f"urn:uuid:{bare}"))
    return frozenset(found)


def contact_to_vcard(contact_id: int) -> str:
    """The vCard 4.0 of a contact in the database (with its uid, introducer and REV)."""
    return contact_vcards([contact_id])[contact_id]

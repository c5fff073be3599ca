"""Fuzzing the readers: vCard, CSV, and the decoding and detection of a file before them.

Whatever the input, reading it ends within a second, with entries (people, or invalid
entries whose reason names the card or line) or with Kith's own ``ImportFileError`` or
``VCardError`` — never another exception, never a stall. The inputs are built from the
pieces real files and hostile ones are made of (parameters without a colon, unclosed
quotes, folds, quoted-printable soft breaks, fields over the csv module's limit, byte-order
marks), so the rare shapes come up within a few hundred examples. Examples are derandomized:
every run tries the same inputs, and CI stays short. An input this finds goes to
``tests/fixtures/fuzz/`` with a test of its own in ``test_fuzz_finds.py``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith.core.importing.csv_file import parse_csv
from kith.core.importing.file import Entry, ImportFileError, InvalidEntry, ParsedContact
from kith.core.importing.review import ImportReview
from kith.core.importing.vcard import VCardError, parse_vcard, parse_vcards
from kith.store.database import close_database, open_database
from tests.core.importing.limits import within_a_second

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# --- vCard ------------------------------------------------------------------------------------

_REAL_LINES = st.sampled_from(
    [
        "FN:Ada Lovelace", "N:Lovelace;Ada;;;", "N:;;;;", "NICKNAME:Ada,Countess",
        "EMAIL;TYPE=INTERNET;TYPE=WORK:ada@example.org", "EMAIL:not-an-email",
        "TEL;TYPE=CELL;PREF=1:+44 20 7946 0000", 'TEL;VALUE=uri;TYPE="voice,cell":tel:+1-555',
        "item1.EMAIL;type=pref:a@b.org", "item1.X-ABLabel:_$!<Work>!$_", "ORG:Acme;Research",
        "TITLE:Engineer", "ROLE:Lead", "BDAY:--1231", "BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29",
        "BDAY:1815-12-10", "BDAY:2999-99-99", "ADR;TYPE=home:;;1 Main St;Town;;123;UK",
        "CATEGORIES:myContacts,friends", "NOTE:hello\\, world\\n", "UID:urn:uuid:1234",
        "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQ", "PHOTO:data:image/png;base64,iVBORw0K",
        "PHOTO:https://example.org/a.jpg", "PHOTO;ENCODING=b:!!!", "KIND:group",
        "X-ADDRESSBOOKSERVER-KIND:group", "X-KITH-CIRCLE:9", "X-KITH-CADENCE:x",
        "X-KITH-MET-ON:2020-02-30", "X-KITH-INTRODUCED-BY:urn:uuid:x", "X-KITH-ARCHIVED:TRUE",
        "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:caf=C3=A9=", "=0D=0Asecond line",
        "FN;CHARSET=KOI8-R;ENCODING=QUOTED-PRINTABLE:=E1", "FN;CHARSET=nonsense;QUOTED-PRINTABLE:=",
        " folded on", "\tfolded on", "", "  ", "BEGIN:VCARD", "END:VCARD", "VERSION:2.1",
        "garbage", ":", ";", "a.b.c:d", "X-\u00e9:x",
    ]
)  # fmt: skip
_VALUES = st.sampled_from(["", "work", "a=b", "b=", 'b="q"', '"q"', '"a;b:c"', '"', "x y"])
_PARAMETER = st.builds(
    lambda name, values: ";" + name + "".join(values),
    st.sampled_from(["TYPE", "A", "ENCODING", "CHARSET", "x-y_1", "", "\u00e9"]),
    st.lists(st.tuples(st.sampled_from("=,"), _VALUES).map("".join), max_size=3),
)
_NAMES = st.sampled_from(["TEL", "EMAIL", "NOTE", "FN", "item1.EMAIL", "X-A_B", "", "\u00e9"])
_ENDS = st.sampled_from([":", ":value", "", ";", '"', " :x", ";:", '="q:"', ":a@b.org"])
_BUILT_LINES = st.builds(
    lambda name, params, end: name + "".join(params) + end,
    _NAMES,
    st.lists(_PARAMETER, max_size=8),
    _ENDS,
)
# One parameter many times over: vobject's own pattern needs 15 s for 24 without a colon.
_MANY_PARAMETERS = st.builds(
    lambda name, param, count, end: name + param * count + end,
    _NAMES,
    _PARAMETER,
    st.integers(10, 26),
    _ENDS,
)
_ANY_LINES = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
_LINE = st.one_of(_REAL_LINES, _BUILT_LINES, _MANY_PARAMETERS, _ANY_LINES)


@st.composite
def vcard_texts(draw: st.DrawFn) -> str:
    """One to three cards (some never closed), stray lines, any line ending."""
    cards = []
    for _ in range(draw(st.integers(1, 3))):
        lines = [
            "BEGIN:VCARD",
            draw(st.sampled_from(["VERSION:2.1", "VERSION:3.0", "VERSION:4.0"])),
        ]
        lines += draw(st.lists(_LINE, max_size=12))
        if draw(st.booleans()) or draw(st.booleans()):
            lines.append("END:VCARD")
        cards.append(lines)
    if draw(st.booleans()):
        cards.insert(draw(st.integers(0, len(cards))), draw(st.lists(_LINE, max_size=3)))
    ending = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    return "".join(line + ending for lines in cards for line in lines)


def drain(entries: Iterable[Entry]) -> list[Entry]:
    """Every entry; each is a person or an invalid entry that says why."""
    found = list(entries)
    for entry in found:
        assert isinstance(entry, ParsedContact | InvalidEntry)
        if isinstance(entry, InvalidEntry):
            assert entry.reason.strip()
    return found


@given(vcard_texts())
@FUZZ
def test_any_vcard_text_is_read_within_a_second(text: str) -> None:
    within_a_second(lambda: drain(parse_vcards(text)))


@given(vcard_texts())
@settings(FUZZ, max_examples=80)
def test_any_server_card_is_read_or_refused_with_a_reason_within_a_second(text: str) -> None:
    def read() -> None:
        try:
            parse_vcard(text)
        except VCardError as exc:
            assert str(exc).strip()

    within_a_second(read)


# --- CSV --------------------------------------------------------------------------------------

_HEADERS = st.sampled_from(
    [
        ["Name", "Email", "Phone", "Birthday", "Notes", "Tags"],
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
        ["Name", "Given Name", "Group Membership", "E-mail 1 - Type", "E-mail 1 - Value",
         "Phone 1 - Value", "Address 1 - Formatted", "Organization 1 - Name", "Birthday"],
        ["First Name", "Last Name", "E-mail Address", "Business Phone", "Job Title", "Company",
         "Categories", "Birthday", "Business Street", "Business City"],
        ["Full Name", "Circle", "Cadence Days", "Met On", "UID"],
        ["Company", "Email"],
        [],
    ]
)  # fmt: skip
_AWKWARD_CELLS = [
    "", "Ada", "Ada Lovelace", "ada@example.org", "not an email", "+44 20 7946 0000", "4/30/1984",
    "31/12/1990", "0/0/00", "14 Mar 2023", "--12-31", "2999-99-99", "* myContacts ::: friends",
    "a;b,c", "\u00e9", "3", "99999999999999999999", "https://example.org", '"', '""', "x\ny",
    "\x00",
]  # fmt: skip
_CELLS = st.one_of(
    st.sampled_from(_AWKWARD_CELLS),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=20),
    # Around the csv module's field size limit (131,072 characters).
    st.sampled_from([1000, csv.field_size_limit(), csv.field_size_limit() + 1]).map(
        lambda n: "x" * n
    ),
)


def _cell(value: str, quote: str) -> str:
    if quote == "quoted":
        return '"' + value.replace('"', '""') + '"'
    if quote == "unclosed":
        return '"' + value
    return value


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """A preamble maybe, a header, rows of awkward cells; quoted, unquoted or never closed."""
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    quoting = st.sampled_from(["plain", "plain", "quoted", "unclosed"])
    header = draw(_HEADERS)
    rows = [header, *draw(st.lists(st.lists(_CELLS, max_size=10), max_size=5))]
    lines = [delimiter.join(_cell(c, draw(quoting)) for c in row) for row in rows]
    if draw(st.booleans()):
        lines[:0] = draw(st.lists(_CELLS, max_size=3))
    ending = draw(st.sampled_from(["\r\n", "\n", "\r"]))
    return ending.join(lines) + draw(st.sampled_from([ending, ""]))


@given(csv_texts())
@FUZZ
def test_any_csv_text_is_read_within_a_second(text: str) -> None:
    def read() -> None:
        try:
            drain(parse_csv(text))
        except ImportFileError as exc:
            assert str(exc).strip()

    within_a_second(read)


# --- whole files: decoding and detection ------------------------------------------------------


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One database for every example: reviewing a file only reads it."""
    open_database(tmp_path_factory.mktemp("fuzz") / "kith.sqlite")
    yield
    close_database()


_ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"])


@st.composite
def files(draw: st.DrawFn) -> bytes:
    """What a file may hold: a vCard, a CSV, a backup's start, a calendar, or any bytes."""
    kind = draw(st.sampled_from(["vcard", "csv", "json", "calendar", "bytes"]))
    if kind == "bytes":
        return draw(st.binary(max_size=600))
    text = {
        "vcard": lambda: draw(vcard_texts()),
        "csv": lambda: draw(csv_texts()),
        "json": lambda: '{"format": "kith-backup", "version": 1, "contacts": [' + draw(_ANY_LINES),
        "calendar": lambda: "BEGIN:VCALENDAR\r\n" + draw(_ANY_LINES),
    }[kind]()
    text = draw(st.sampled_from(["", "\ufeff", "  \r\n"])) + text
    encoding = draw(_ENCODINGS)
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):  # cut anywhere, as a broken download is
        data = data[: draw(st.integers(0, len(data)))]
    return data


@given(files(), st.sampled_from(["people.vcf", "people.csv", "backup.json", "people"]))
@settings(FUZZ, max_examples=120)
def test_any_file_is_decoded_detected_and_reviewed_within_a_second(
    database: None, data: bytes, name: str
) -> None:
    def review() -> None:
        try:
            for candidate in ImportReview(Path(name), data=data).candidates():
                assert candidate.reason.strip() or candidate.parsed is not None
        except ImportFileError as exc:
            assert str(exc).strip()

    within_a_second(review)

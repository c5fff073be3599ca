"""Property tests: random contacts survive export → import; random bytes never crash an importer."""

from __future__ import annotations

import atexit
import calendar
import shutil
import string
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kith.core.contacts import (
    CHANNEL_KINDS,
    AddressParts,
    ChannelDraft,
    ContactDraft,
    ImportantDate,
    load_draft,
    save_contact,
)
from kith.core.export import backup_entries, export_json_backup, export_vcards, restore_json_backup
from kith.core.importing.apply import apply_import, default_decisions
from kith.core.importing.csv_file import parse_csv
from kith.core.importing.file import ImportFileError, InvalidEntry, ParsedContact
from kith.core.importing.review import ImportReview, review_file
from kith.core.importing.vcard import draft_to_vcard, parse_vcard, parse_vcards
from kith.core.merge import channel_key
from kith.store.database import close_database, open_database
from kith.store.models import ALL_MODELS, Contact, ContactIndex

# Text a person can type into a field: no control characters, no surrogates, trimmed.
_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\x85")
_word = st.text(_CHARS.filter(lambda c: not c.isspace()), min_size=1, max_size=12)
_line = st.lists(_word, min_size=1, max_size=4).map(" ".join)
_optional_line = st.one_of(st.just(""), _line)
_paragraph = st.lists(_line, min_size=0, max_size=3).map("\n".join)

_ascii = string.ascii_lowercase + string.digits
_email = st.builds(
    lambda a, b, c: f"{a}@{b}.{c}",
    st.text(_ascii + "._+-", min_size=1, max_size=10),
    st.text(_ascii + "-", min_size=1, max_size=10),
    st.text(string.ascii_lowercase, min_size=2, max_size=4),
)
_phone = st.builds(
    lambda cc, body: f"+{cc} {body}",
    st.integers(1, 999),
    st.text(string.digits + " -()", min_size=6, max_size=14).filter(lambda s: s.strip() == s),
).filter(lambda p: sum(c.isdigit() for c in p) >= 3)
_url = st.builds(
    lambda h, p: f"https://{h}.example/{p}",
    st.text(_ascii, min_size=1, max_size=10),
    st.text(_ascii + "/-_", max_size=10),
)
_label = st.one_of(st.sampled_from(["", "work", "home", "mobile", "work fax", "pager"]), _line)
_channel = st.one_of(
    st.builds(ChannelDraft, st.just("email"), _email, _label),
    st.builds(ChannelDraft, st.just("phone"), _phone, _label),
    st.builds(ChannelDraft, st.just("url"), _url, _label),
    st.builds(ChannelDraft, st.just("social"), _line, _label),
    st.builds(ChannelDraft, st.just("address"), _line, _label),
    # A structured address: its parts, and the one line they make.
    st.builds(
        AddressParts, _optional_line, _line, _optional_line, _optional_line, _optional_line
    ).flatmap(
        lambda parts: st.builds(
            ChannelDraft, st.just("address"), st.just(parts.one_line()), _label, st.just(parts)
        )
    ),
)
_tags = st.lists(
    st.text(_CHARS.filter(lambda c: not c.isspace()), min_size=1, max_size=20),
    max_size=4,
    unique_by=str.casefold,
).map(lambda tags: [t for t in tags if t.casefold() not in ("mycontacts", "starred")])


@st.composite
def important_dates(draw: st.DrawFn) -> ImportantDate:
    label = draw(st.one_of(st.sampled_from(["Anniversary", "Wedding", "Name day"]), _line))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31))
    # 1604 is Apple's "no year"; 29 February only in leap years.
    year = draw(st.one_of(st.none(), st.integers(1700, 2100).filter(lambda y: y != 1604)))
    if (month, day) == (2, 29) and year is not None and not calendar.isleap(year):
        year = None
    return ImportantDate(label, month, day, year)


@st.composite
def drafts(draw: st.DrawFn) -> ContactDraft:
    month = draw(st.one_of(st.none(), st.integers(1, 12)))
    year = day = None
    if month is not None:
        year = draw(st.one_of(st.none(), st.integers(1900, 2026)))
        last = 29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
        day = draw(st.integers(1, last))
        if (month, day) == (2, 29) and year is not None and not calendar.isleap(year):
            year = None
    return ContactDraft(
        full_name=draw(_line),
        given_name=draw(_optional_line),
        family_name=draw(_optional_line),
        nickname=draw(_optional_line),
        photo=draw(
            st.one_of(st.none(), st.binary(max_size=300).map(lambda b: b"\x89PNG\r\n\x1a\n" + b))
        ),
        company=draw(_optional_line),
        title=draw(_optional_line),
        location=draw(_optional_line),
        how_met=draw(_paragraph),
        met_on=draw(st.one_of(st.none(), st.dates(date(1950, 1, 1), date(2026, 11, 1)))),
        birthday_month=month,
        birthday_day=day,
        birthday_year=year,
        circle=draw(st.one_of(st.none(), st.integers(1, 5))),
        cadence_days=draw(st.one_of(st.none(), st.integers(1, 3650))),
        notes=draw(_paragraph),
        tags=draw(_tags),
        # Each channel once: an import keeps the same address in another case, the same
        # number written another way, once (test_vcard: ..._kept_once).
        channels=draw(st.lists(_channel, max_size=5, unique_by=channel_key)),
        archived=draw(st.booleans()),
        name_prefix=draw(_optional_line),
        middle_name=draw(_optional_line),
        name_suffix=draw(_optional_line),
        department=draw(_optional_line),
        dates=draw(st.lists(important_dates(), max_size=3)),
    )


def by_kind(channels: list[ChannelDraft]) -> list[ChannelDraft]:
    """vCard has no order across kinds of channel; within a kind the order is kept."""
    return sorted(channels, key=lambda c: CHANNEL_KINDS.index(c.kind))


@given(drafts())
@settings(max_examples=100, deadline=None)
def test_any_contact_survives_vcard_export_and_import(draft: ContactDraft) -> None:
    back = parse_vcard(draft_to_vcard(draft, uid="7e1d2c1a-0000-4000-8000-000000000001"))
    expected = ContactDraft(**{**vars(draft), "channels": by_kind(draft.channels)})
    assert back.draft == expected
    assert back.uid == "7e1d2c1a-0000-4000-8000-000000000001"


@contextmanager
def fresh_database() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="kith-prop-") as folder:
        path = Path(folder) / "kith.sqlite"
        open_database(path)
        try:
            yield Path(folder)
        finally:
            close_database()


def dump() -> dict[str, list[dict[str, object]]]:
    return {
        m._meta.table_name: list(m.select().order_by(m._meta.primary_key).dicts())
        for m in ALL_MODELS
        if m is not ContactIndex
    }


@given(drafts())
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_stored_contact_survives_vcard_export_and_import_into_another_database(
    draft: ContactDraft,
) -> None:
    with fresh_database() as folder:
        contact_id = save_contact(draft)
        stored = load_draft(contact_id)
        uid = Contact.get_by_id(contact_id).uid
        export_vcards(folder / "all.vcf")
        close_database()
        open_database(folder / "other.sqlite")
        result = apply_import(default_decisions(review_file(folder / "all.vcf")))
        [imported] = result.added
        assert Contact.get_by_id(imported).uid == uid
        expected = ContactDraft(**{**vars(stored), "channels": by_kind(stored.channels)})
        assert load_draft(imported) == expected


@given(st.lists(drafts(), min_size=1, max_size=3))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_stored_contacts_survive_a_json_backup_and_restore(people: list[ContactDraft]) -> None:
    with fresh_database() as folder:
        ids: list[int] = []
        for person in people:
            person.introduced_by_id = ids[0] if ids else None
            ids.append(save_contact(person))
        before = dump()
        export_json_backup(folder / "backup.json")
        close_database()
        open_database(folder / "restored.sqlite")
        restore_json_backup(folder / "backup.json")
        assert dump() == before


_ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)


def _drain(entries: object) -> None:
    for entry in entries:  # type: ignore[attr-defined]
        assert isinstance(entry, ParsedContact | InvalidEntry)
        if isinstance(entry, InvalidEntry):
            assert entry.reason


_SHARED = Path(tempfile.mkdtemp(prefix="kith-prop-")) / "shared.sqlite"
atexit.register(shutil.rmtree, _SHARED.parent, ignore_errors=True)


@given(st.binary(max_size=600), st.sampled_from(["x.vcf", "x.csv", "x.json", "x"]))
@settings(max_examples=250, deadline=None)
def test_random_bytes_never_crash_the_import(data: bytes, name: str) -> None:
    open_database(_SHARED)  # reviewing only reads; one database serves every example
    try:
        review = ImportReview(Path(name), data=data)
        for candidate in review.candidates():
            assert candidate.reason or candidate.parsed is not None
    except ImportFileError as exc:
        assert str(exc)
    finally:
        close_database()


@given(_ANY_TEXT)
@settings(max_examples=300, deadline=None)
def test_random_text_inside_a_card_or_a_csv_never_crashes(text: str) -> None:
    _drain(parse_vcards(f"BEGIN:VCARD\r\nVERSION:2.1\r\n{text}\r\nEND:VCARD\r\n"))
    _drain(
        parse_vcards(
            f"BEGIN:VCARD\nVERSION:3.0\nFN:X\nNOTE;ENCODING=QUOTED-PRINTABLE:{text}\nEND:VCARD\n"
        )
    )
    for header in (
        "Name,Email,Phone,Birthday\n",
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n",
    ):
        try:
            _drain(parse_csv(header + text))
        except ImportFileError as exc:
            assert str(exc)
    try:
        _drain(backup_entries('{"format": "kith-backup", "version": 1, "contacts": [' + text))
    except ImportFileError as exc:
        assert str(exc)

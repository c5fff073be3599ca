"""vCard 2.1/3.0/4.0 files as Apple, Google, Android and Nextcloud write them, and Kith's own."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from kith.core.contacts import ChannelDraft, ContactDraft, save_contact
from kith.core.importing.file import InvalidEntry, ParsedContact, decode_text
from kith.core.importing.vcard import (
    VCardError,
    contact_to_vcard,
    draft_to_vcard,
    parse_birthday,
    parse_vcard,
    parse_vcards,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"


def entries(name: str) -> list[ParsedContact | InvalidEntry]:
    text, _ = decode_text((FIXTURES / name).read_bytes(), name)
    return list(parse_vcards(text))


def people(name: str) -> dict[str, ParsedContact]:
    return {e.draft.full_name: e for e in entries(name) if isinstance(e, ParsedContact)}


def test_apple_card_with_item_groups_labels_and_omitted_year() -> None:
    sofia = people("apple.vcf")["Sofía Ramírez"]
    d = sofia.draft
    assert (d.given_name, d.family_name, d.nickname) == ("Sofía", "Ramírez", "Sofi")
    assert (d.company, d.title) == ("Acme Corp.", "VP Engineering")
    assert [(c.kind, c.value, c.label) for c in d.channels] == [
        ("email", "sofia@acme.example", "work"),
        ("email", "sofia.r@mail.example", "home"),
        ("phone", "+34 600 123 456", "mobile"),
        ("phone", "+34 91 555 0100", "work"),
        ("url", "https://sofia.example", "home page"),
        ("social", "http://twitter.com/sofiar", "twitter"),
        ("address", "Calle Mayor 1, Madrid, 28013, Spain", "home"),
    ]
    assert d.location == "Madrid, Spain"
    # BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29 is "29 February, year unknown".
    assert (d.birthday_year, d.birthday_month, d.birthday_day) == (None, 2, 29)
    assert d.notes.startswith("Met at PyCon Spain, 2023.\nTwo kids; loves climbing.")
    assert d.department == "Platform Engineering"  # ORG's unit: a field, not a note
    assert "Department" not in d.notes
    assert d.tags == ["mentor", "Madrid"]
    assert d.photo is not None and d.photo.startswith(b"\xff\xd8\xff")
    assert sofia.uid == "7A3E9C3B-1C2D-4E5F-8A9B-0C1D2E3F4A5B"
    assert sofia.warnings == []


def test_apple_group_card_is_reported_as_not_a_person() -> None:
    invalid = [e for e in entries("apple.vcf") if isinstance(e, InvalidEntry)]
    assert [e.reason for e in invalid] == [
        "Card 3 (line 50) is a contact group (Climbing friends), not a person."
    ]


def test_vcard_21_quoted_printable_utf8_and_folded_base64_photo() -> None:
    found = people("android-2.1.vcf")
    ayse = found["Ayşe Öztürk"].draft
    assert (ayse.given_name, ayse.family_name) == ("Ayşe", "Öztürk")
    assert ayse.company == "İstanbul Tasarım"
    # A soft line break (=) joins the lines; =0D=0A is a real new line.
    assert ayse.notes == (
        "Tanıştık: konferans, 2019. Uzun bir not ki satır sonunda bölünüyor.\nIkinci satır."
    )
    assert [(c.value, c.label) for c in ayse.channels if c.kind == "phone"] == [
        ("+90 532 000 0000", "mobile"),
        ("+90 212 000 0001", "work fax"),
    ]
    assert ayse.photo is not None
    assert ayse.photo.startswith(b"\xff\xd8\xff") and len(ayse.photo) == 631
    assert (ayse.birthday_year, ayse.birthday_month, ayse.birthday_day) == (1988, 7, 14)
    # vCard 2.1 does not escape commas; the whole note is kept.
    assert found["Jörg Müller"].draft.notes == "Plain 2.1 note, with commas, not escaped"


def test_google_vcard_photo_by_url_is_not_downloaded_and_not_kept_as_link() -> None:
    priya = people("google.vcf")["Priya Natarajan"]
    assert priya.draft.photo is None
    assert [c.value for c in priya.draft.channels if c.kind == "url"] == [
        "https://www.linkedin.com/in/priya-n"
    ]
    assert any("lh3.googleusercontent.com" in w and "not downloaded" in w for w in priya.warnings)
    assert priya.draft.tags == ["Data friends"]  # Google's own "myContacts" is not a tag
    assert (priya.draft.birthday_year, priya.draft.birthday_month, priya.draft.birthday_day) == (
        None,
        12,
        31,
    )


def test_card_without_a_name_is_invalid_and_names_its_card_and_line() -> None:
    invalid = [e for e in entries("google.vcf") if isinstance(e, InvalidEntry)]
    assert [e.reason for e in invalid] == [
        "Card 2 (line 17) has no name (only no-name@example.com)."
    ]


def test_vcard_40_data_uri_photo_tel_uri_and_group() -> None:
    found = entries("nextcloud-4.0.vcf")
    kenji = found[0]
    assert isinstance(kenji, ParsedContact)
    assert kenji.uid == "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"  # verbatim
    assert kenji.draft.photo is not None and kenji.draft.photo.startswith(b"\x89PNG")
    assert [(c.kind, c.value, c.label) for c in kenji.draft.channels] == [
        ("email", "kenji@nimbus.example", "work"),
        ("phone", "+81-90-1234-5678", "mobile"),
    ]
    assert (kenji.draft.birthday_month, kenji.draft.birthday_day) == (12, 31)
    assert isinstance(found[1], InvalidEntry)
    assert "contact group (Founders)" in found[1].reason


def test_broken_card_in_the_middle_leaves_the_good_ones_importable() -> None:
    found = entries("broken.vcf")
    good = [e.draft.full_name for e in found if isinstance(e, ParsedContact)]
    assert good == ["Ada Lovelace", "Grace Hopper", "Alan Turing"]
    reasons = [e.reason for e in found if isinstance(e, InvalidEntry)]
    assert reasons == [
        "Card 2 (line 6) has no END:VCARD before the next card begins on line 11; it was skipped.",
        "Card 4 (line 19) has no name (only Nobody Inc.).",
    ]
    grace = next(e for e in found if isinstance(e, ParsedContact) and e.draft.given_name == "Grace")
    # A bad email and an impossible birthday are kept in the notes, not lost.
    assert "Email: not-an-email" in grace.draft.notes
    assert "Birthday: 1906-02-30" in grace.draft.notes
    assert grace.draft.birthday_month is None
    assert [c.kind for c in grace.draft.channels] == ["phone"]
    alan = next(
        e for e in found if isinstance(e, ParsedContact) and e.draft.full_name == "Alan Turing"
    )
    assert alan.warnings == [
        "Line 27 (“this line is garbage too”) could not be read and was skipped."
    ]


def test_file_that_ends_inside_a_card_reports_it() -> None:
    found = list(parse_vcards("BEGIN:VCARD\nVERSION:3.0\nFN:Cut Off\nEMAIL:c@example.com\n"))
    assert len(found) == 1 and isinstance(found[0], InvalidEntry)
    assert found[0].reason == "Card 1 (line 1) is cut off: the file ends before its END:VCARD."
    assert found[0].name == "Cut Off"


@pytest.mark.parametrize(
    ("value", "omit", "expected"),
    [
        ("1985-03-04", None, (1985, 3, 4)),
        ("19850304", None, (1985, 3, 4)),
        ("1985-03-04T00:00:00Z", None, (1985, 3, 4)),
        ("--1231", None, (None, 12, 31)),
        ("--12-31", None, (None, 12, 31)),
        ("1604-12-31", "1604", (None, 12, 31)),
        ("1604-12-31", None, (None, 12, 31)),
        ("circa 1980", None, None),
    ],
)
def test_birthday_forms(value: str, omit: str | None, expected: object) -> None:
    assert parse_birthday(value, omit) == expected


def kith_draft() -> ContactDraft:
    return ContactDraft(
        full_name="Dr. Zoë O'Brien-Łukasz, Jr.",
        given_name="Zoë",
        family_name="O'Brien-Łukasz",
        nickname="Zo, the; great",
        photo=b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        company="Acme, Inc.; West",
        title="Head of R&D",
        location="Kraków",
        how_met="Intro by Sam; dinner, 2019\nsecond line",
        met_on=date(2019, 5, 17),
        birthday_month=2,
        birthday_day=29,
        birthday_year=None,
        circle=2,
        cadence_days=21,
        notes="Line one\nLine two, with; punctuation \\ and a backslash",
        tags=["mentor", "a,b", "Kraków"],
        channels=[
            ChannelDraft("email", "zoe@acme.example", "work"),
            ChannelDraft("email", "zoe@home.example", "Personal Stuff"),
            ChannelDraft("phone", "+48 (12) 345-67-89", "mobile"),
            ChannelDraft("phone", "+48 12 000 00 00", "work fax"),
            ChannelDraft("url", "https://example.com/a,b;c", "Blog"),
            ChannelDraft("social", "@zoe@mastodon.social", "Mastodon"),
            ChannelDraft("address", "ul. Długa 1, 31-000 Kraków; Poland", "home"),
        ],
        archived=True,
    )


def test_kith_vcard_round_trips_every_field() -> None:
    draft = kith_draft()
    text = draft_to_vcard(
        draft, uid="0b7f6c7e-1f1e-4a4b-9c1e-9c8d5d1c2f00", introduced_by_uid="abc"
    )
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    # Verbatim, no urn:uuid: added; text, as RFC 6350 asks of a UID that is not a URI.
    assert "UID;VALUE=text:0b7f6c7e-1f1e-4a4b-9c1e-9c8d5d1c2f00\r\n" in text
    back = parse_vcard(text)
    assert back.draft == draft
    assert back.uid == "0b7f6c7e-1f1e-4a4b-9c1e-9c8d5d1c2f00"
    assert back.introduced_by_uid == "abc"
    assert back.warnings == []


def test_kith_vcard_is_readable_by_vobject() -> None:
    import vobject

    card = vobject.readOne(draft_to_vcard(kith_draft(), uid="u-1"))
    assert card.fn.value == "Dr. Zoë O'Brien-Łukasz, Jr."
    assert card.n.value.family == "O'Brien-Łukasz"
    assert [e.value for e in card.contents["email"]] == ["zoe@acme.example", "zoe@home.example"]
    assert card.bday.value == "--0229"
    assert card.contents["x-kith-circle"][0].value == "2"


def test_parse_vcard_wants_exactly_one_card() -> None:
    with pytest.raises(VCardError, match="no BEGIN:VCARD"):
        parse_vcard("FN:nobody")
    two = draft_to_vcard(ContactDraft(full_name="A")) + draft_to_vcard(ContactDraft(full_name="B"))
    with pytest.raises(VCardError, match="found 2"):
        parse_vcard(two)


def test_contact_from_the_database_carries_uid_introducer_and_revision(db: object) -> None:
    sam = save_contact(ContactDraft(full_name="Sam Introducer"), uid="sam-uid")
    ann = save_contact(ContactDraft(full_name="Ann Lee", introduced_by_id=sam))
    text = contact_to_vcard(ann)
    assert "X-KITH-INTRODUCED-BY:sam-uid" in text
    rev = next(line for line in text.splitlines() if line.startswith("REV:"))
    assert datetime.strptime(rev[4:], "%Y%m%dT%H%M%SZ").year >= 2026

"""Fields other address books keep (issue 14): what Kith has no field for yet goes into the
notes with a line naming it, IM handles become channels, anniversaries and labelled dates
become important dates, and the card goes back out whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from kith.core.contacts import ChannelDraft, ImportantDate, load_draft
from kith.core.export import export_vcards
from kith.core.importing.apply import apply_import, default_decisions
from kith.core.importing.file import ParsedContact
from kith.core.importing.review import review_file
from kith.core.importing.vcard import parse_vcards
from kith.core.importing.vcard_lines import logical_lines

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"


def only(name: str) -> ParsedContact:
    [entry] = list(parse_vcards((FIXTURES / name).read_bytes().decode("utf-8")))
    assert isinstance(entry, ParsedContact)
    return entry


def test_apple_dates_relations_and_im_handles() -> None:
    bjorn = only("apple-dates-relations.vcf")
    notes = bjorn.draft.notes.split("\n")
    assert bjorn.draft.dates == [
        ImportantDate("Anniversary", 8, 18, 2012),
        ImportantDate("first climb", 3, 1, 2019),  # the label as typed on the phone
    ]
    assert not any(line.startswith(("Anniversary", "First climb")) for line in notes)
    assert "Spouse: Karin Lindqvist" in notes
    assert bjorn.draft.department == "Platform"
    social = [(c.value, c.label) for c in bjorn.draft.channels if c.kind == "social"]
    assert social == [
        ("bjorn.lq", "Skype"),
        ("bjorn@jabber.example", "Jabber"),
        ("https://twitter.com/bjornlq", "twitter"),
        ("bjornaim", "AIM"),
    ]


def test_rfc_6350_examples_lose_nothing() -> None:
    doe = only("rfc6350-examples.vcf")
    phones = [c.value for c in doe.draft.channels if c.kind == "phone"]
    assert phones == ["+1-555-555-5555 ext. 5555", "+33-01-23-45-67"]  # not in the notes
    assert ChannelDraft("social", "alice@example.com", "XMPP") in doe.draft.channels
    notes = doe.draft.notes.split("\n")
    assert doe.draft.dates == [ImportantDate("Anniversary", 4, 15, 1996)]
    assert "Anniversary: 1996-04-15" not in notes
    assert "Gender: male" in notes
    assert "Spouse: Jane Doe" in notes
    # A reference to a person is a relationship when they are in Kith, not a notes line
    # (the kept card sends it back out unchanged).
    assert not any("urn:uuid" in line for line in notes)
    assert ("friend", "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6") in doe.relations
    assert doe.warnings == []


def test_outlook_21_spouse_manager_assistant_anniversary_and_im() -> None:
    siobhan = only("outlook-2.1.vcf")
    notes = siobhan.draft.notes.split("\n")
    for line in ("Spouse: Ciarán", "Manager: Art Vandelay", "Assistant: George"):
        assert line in notes
    assert siobhan.draft.dates == [ImportantDate("Anniversary", 5, 21, 2008)]
    assert ChannelDraft("social", "siobhan@im.vandelay.example", "IM") in siobhan.draft.channels
    assert siobhan.draft.department == "Logistics"


def test_google_csv_events_relations_custom_fields_im_and_gender(db: object) -> None:
    [lucia] = review_file(FIXTURES / "google-extras.csv")
    draft = lucia.parsed.draft
    notes = draft.notes.split("\n")
    assert draft.dates == [
        ImportantDate("Anniversary", 9, 27, 2014),
        ImportantDate("Graduation", 6, 30, 2009),
    ]
    assert lucia.parsed.warnings == []
    for line in (
        "Sister: Marta Ortega",
        "Shoe size: 38",
        "Gender: female",
    ):
        assert line in notes
    assert ChannelDraft("social", "@lucia_o", "Telegram") in draft.channels
    assert draft.tags == ["friends"]


@pytest.mark.parametrize(
    "name",
    [
        "apple-dates-relations.vcf",
        "rfc6350-examples.vcf",
        "outlook-2.1.vcf",
        "apple.vcf",
        "android-2.1.vcf",
        "nextcloud-4.0.vcf",
        "google.vcf",
    ],
)
def test_every_line_of_a_card_goes_back_out(db: object, tmp_path: Path, name: str) -> None:
    """Imported and exported again, each card keeps every line it had (but Kith's own:
    PRODID, REV, UID spelled as stored), in the card's own order."""
    result = apply_import(default_decisions(review_file(FIXTURES / name)))
    out = tmp_path / "out.vcf"
    export_vcards(out, result.added)
    exported = {
        line for line, _ in logical_lines(out.read_bytes().decode("utf-8").replace("\r\n", "\n"))
    }
    for entry in parse_vcards((FIXTURES / name).read_bytes().decode("utf-8")):
        if not isinstance(entry, ParsedContact):
            continue
        assert entry.card is not None
        for line, _ in logical_lines(entry.card):
            if line.upper().startswith(("PRODID:", "REV:", "BEGIN:", "END:")):
                continue
            assert line in exported, (name, line)
    for contact_id in result.added:
        assert load_draft(contact_id).full_name


def test_a_relation_naming_someone_in_kith_becomes_a_relationship(
    db: object, tmp_path: Path
) -> None:
    from kith.core.contacts import ContactDraft, save_contact
    from kith.core.relationships import connections_of
    from kith.store.models import Contact, Relationship

    karin = save_contact(ContactDraft(full_name="Karin Lindqvist"))
    save_contact(ContactDraft(full_name="Jane Doe"))
    save_contact(ContactDraft(full_name="Jane Doe"))  # two of them: no guess
    friend = save_contact(
        ContactDraft(full_name="Old Friend"), uid="f81d4fae-7dec-11d0-a765-00a0c91e6bf6"
    )
    for name in ("apple-dates-relations.vcf", "rfc6350-examples.vcf"):
        apply_import(default_decisions(review_file(FIXTURES / name)))
    bjorn = Contact.get(Contact.full_name == "Björn Lindqvist").id
    doe = Contact.get(Contact.full_name == "J. Doe").id
    assert [(c.contact_id, c.kind) for c in connections_of(bjorn)] == [(karin, "family")]
    assert [(c.contact_id, c.kind) for c in connections_of(doe)] == [(friend, "friend")]
    notes = {(r.a_id, r.b_id): r.note for r in Relationship.select()}
    assert notes[(min(bjorn, karin), max(bjorn, karin))] == "spouse"
    assert "Spouse: Jane Doe" in load_draft(doe).notes  # nobody to link: kept as a line


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.vcf")), ids=lambda p: p.name)
def test_the_fast_path_for_an_unchanged_card_gives_what_writing_into_it_gives(
    path: Path,
) -> None:
    """An export skips reading an unchanged person's kept card (``unchanged_card``): its
    text must be exactly what writing Kith's unchanged fields into the card gives."""
    from datetime import datetime

    from kith.core.importing.original_card import unchanged_card, write_into

    revised = datetime(2026, 12, 5, 18, 8, 52)
    for entry in parse_vcards(path.read_bytes().decode("utf-8", errors="replace")):
        if not isinstance(entry, ParsedContact) or entry.card is None:
            continue
        uid = entry.uid or "kith-uid-1"
        slow = write_into(
            entry.card,
            entry.draft,
            uid=uid,
            introduced_by_uid=entry.introduced_by_uid,
            revised=revised,
        )
        if slow is None:
            continue
        assert unchanged_card(entry.card, uid=uid, revised=revised) == slow, entry.source


def test_an_imported_card_is_fingerprinted_and_any_change_shows(db: object, tmp_path: Path) -> None:
    """After an import, a kept card's fingerprint is of the stored rows (export needs no
    draft for an unchanged person); a bulk change that touches no form — a tag added to many,
    undone — still shows in the card."""
    from kith.core.bulk import add_tag, undo_tagging
    from kith.core.importing.original_card import stored_cards
    from kith.core.importing.vcard import contact_to_vcard

    result = apply_import(default_decisions(review_file(FIXTURES / "apple-dates-relations.vcf")))
    [cid] = result.added
    [(_text, digest)] = stored_cards([cid]).values()
    assert digest.startswith("r:")
    before = contact_to_vcard(cid)
    tagging = add_tag([cid], "climbers")
    assert "CATEGORIES:climbers" in contact_to_vcard(cid)
    undo_tagging(tagging)
    assert contact_to_vcard(cid).split("REV:")[0] == before.split("REV:")[0]


def test_a_person_merged_from_two_cards_of_one_file_goes_out_as_before_and_fingerprinted(
    db: object, tmp_path: Path
) -> None:
    """Two cards of one file for the same person are merged; the kept (first) card then no
    longer says what Kith holds, so the import keeps it with Kith's fields written into it —
    exactly what export wrote into it each time — and export needs no reading of it after."""
    from kith.core.importing.original_card import stored_cards, write_into
    from kith.core.importing.vcard import contact_to_vcard
    from kith.store.models import Contact

    first = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:4f0e2d4c-1111-4a5b-9c6d-0123456789ab\r\n"
        "FN:Ines Duarte\r\nN:Duarte;Ines;Maria;;\r\nEMAIL:ines@example.org\r\n"
        "GEO:geo:38.7223,-9.1393\r\nX-OTHER-APP:keep me\r\nEND:VCARD\r\n"
    )
    second = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ines Duarte\r\nEMAIL:ines@example.org\r\n"
        "TEL;TYPE=cell:+351 912 345 678\r\nORG:Atlântico Lda\r\nEND:VCARD\r\n"
    )
    path = tmp_path / "twice.vcf"
    path.write_bytes((first + second).encode("utf-8"))
    result = apply_import(default_decisions(review_file(path)))
    [cid] = result.added
    [(kept, digest)] = stored_cards([cid]).values()
    assert digest.startswith("r:")  # export takes the fast path
    person = Contact.get_by_id(cid)
    expected = write_into(first, load_draft(cid), uid=person.uid, revised=person.updated_at)
    card = contact_to_vcard(cid)
    assert card == expected
    for line in ("GEO:geo:38.7223,-9.1393", "X-OTHER-APP:keep me", "N:Duarte;Ines;Maria;;"):
        assert line in card  # the first card's own lines, exactly
    assert "+351 912 345 678" in card and "ORG:Atlântico Lda" in card  # the second's, merged
    assert "X-OTHER-APP:keep me" in kept


def test_a_lines_value_starts_where_the_line_scanner_says() -> None:
    """The kept card finds a line's value with a plain pattern when no parameter is quoted;
    it agrees with vobject's line pattern (``scan_line``) on every line of every fixture."""
    from kith.core.importing.original_card import _value_start
    from kith.core.importing.vcard_lines import scan_line

    lines = [
        'item1.ADR;LABEL="Main St 1:\\nBerlin";TYPE=home:;;Main St 1;Berlin;;;',
        "TEL;;TYPE=cell:+1 555 0100",
        "TEL;:+1 555 0100",
        "X-A;B=c=d,e:f:g",
        "UID;VALUE=text:abc",
        "no colon here",
        ":empty name",
        "item1.:x",
    ]
    for path in sorted(FIXTURES.glob("*.vcf")):
        text = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
        lines.extend(line for line, _number in logical_lines(text))
    assert len(lines) > 200
    for line in lines:
        assert _value_start(line) == scan_line(line).colon, line

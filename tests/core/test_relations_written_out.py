"""Relationships written out (issue 14): every relationship goes out on both people's vCards
as RELATED (``urn:uuid:`` of the other person, the RFC's TYPE, Kith's own kind, note and
since), comes back in as the same relationship, and a kept card's own RELATED lines stay as
they were while they still say what Kith holds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kith.core.contacts import ContactDraft, load_draft, save_contact
from kith.core.export import export_vcards
from kith.core.importing.apply import apply_import, default_decisions
from kith.core.importing.review import review_file
from kith.core.importing.vcard import contact_to_vcard, parse_vcard
from kith.core.relationships import (
    connections_of,
    relationship_between,
    remove_relationship,
    set_relationship,
)
from kith.store.database import close_database, open_database
from kith.store.models import Contact

FRIEND_UID = "f81d4fae-7dec-11d0-a765-00a0c91e6bf6"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def _lines(card: str) -> list[str]:
    return card.replace("\r\n ", "").split("\r\n")


def test_both_people_carry_the_relationship_and_it_comes_back_whole(
    db: object, tmp_path: Path
) -> None:
    ana = save_contact(ContactDraft(full_name="Ana Lima"), uid="ana-1")
    bo = save_contact(ContactDraft(full_name="Bo Jensen"))
    bo_uid = Contact.get_by_id(bo).uid
    set_relationship(ana, bo, "friend", "climbing partner, Lisbon 2019", date(2019, 5, 1))
    ana_lines = _lines(contact_to_vcard(ana))
    assert (
        "RELATED;TYPE=friend;X-KITH-KIND=friend;X-KITH-NOTE=climbing%20partner%2C%20Lisbon"
        f"%202019;X-KITH-SINCE=2019-05-01:urn:uuid:{bo_uid}"
    ) in ana_lines
    assert any(line.endswith(":urn:uuid:ana-1") for line in _lines(contact_to_vcard(bo)))
    # A spouse is family to Kith and "spouse" to every other address book.
    set_relationship(ana, bo, "family", "spouse")
    [related] = [line for line in _lines(contact_to_vcard(ana)) if line.startswith("RELATED")]
    assert related.startswith("RELATED;TYPE=spouse;X-KITH-KIND=family;X-KITH-NOTE=spouse:")
    set_relationship(ana, bo, "friend", "climbing partner, Lisbon 2019", date(2019, 5, 1))
    path = tmp_path / "out.vcf"
    export_vcards(path)
    close_database()
    open_database(tmp_path / "other.sqlite")
    try:
        apply_import(default_decisions(review_file(path)))
        ana2 = Contact.get(Contact.full_name == "Ana Lima").id
        bo2 = Contact.get(Contact.full_name == "Bo Jensen").id
        state = relationship_between(ana2, bo2)
        assert (state.kind, state.note, state.since) == (
            "friend",
            "climbing partner, Lisbon 2019",
            date(2019, 5, 1),
        )
        assert "urn:uuid" not in Contact.get_by_id(ana2).notes
    finally:
        close_database()
        open_database(tmp_path / "kith.sqlite")


def test_a_kept_cards_related_line_stays_until_the_relationship_changes(db: object) -> None:
    friend = save_contact(ContactDraft(full_name="Old Friend"), uid=FRIEND_UID)
    result = apply_import(default_decisions(review_file(FIXTURES / "rfc6350-examples.vcf")))
    [doe] = result.added
    jane = save_contact(ContactDraft(full_name="Jane Doe"))
    assert [(c.contact_id, c.kind) for c in connections_of(doe)] == [(friend, "friend")]
    original = f"RELATED;TYPE=friend:urn:uuid:{FRIEND_UID}"
    lines = _lines(contact_to_vcard(doe))
    assert original in lines  # says what Kith holds: the card's own line
    assert "RELATED;TYPE=spouse;VALUE=text:Jane Doe" in lines
    set_relationship(doe, friend, "colleague")
    lines = _lines(contact_to_vcard(doe))
    assert original not in lines
    assert f"RELATED;TYPE=colleague;X-KITH-KIND=colleague:urn:uuid:{FRIEND_UID}" in lines
    assert "RELATED;TYPE=spouse;VALUE=text:Jane Doe" in lines  # someone not linked: as it was
    remove_relationship(doe, friend)
    set_relationship(doe, jane, "knows")
    lines = _lines(contact_to_vcard(doe))
    assert not any(FRIEND_UID in line for line in lines)
    jane_uid = Contact.get_by_id(jane).uid
    assert f"RELATED;TYPE=acquaintance;X-KITH-KIND=knows:urn:uuid:{jane_uid}" in lines
    # Read back, the card's notes are the person's: Kith's lines add nothing to them.
    assert parse_vcard(contact_to_vcard(doe)).draft.notes == load_draft(doe).notes


def test_a_relationship_change_counts_as_a_change_of_both_people(db: object) -> None:
    ana = save_contact(ContactDraft(full_name="Ana"))
    bo = save_contact(ContactDraft(full_name="Bo"))
    before = {c.id: c.updated_at for c in Contact.select()}
    set_relationship(ana, bo, "friend")
    after = {c.id: c.updated_at for c in Contact.select()}
    assert after[ana] > before[ana] and after[bo] > before[bo]

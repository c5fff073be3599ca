"""Structured addresses (issue 14): ADR's parts kept, written back in place, not all in street."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from kith.core.contacts import AddressParts, ChannelDraft, ContactDraft, load_draft, save_contact
from kith.core.export import export_google_csv, export_outlook_csv, export_vcards
from kith.core.importing.review import review_file
from kith.core.importing.vcard import draft_to_vcard, parse_vcard
from kith.store.database import close_database, open_database
from kith.store.models import Contact, ContactMethod

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

PARTS = AddressParts("Calle Mayor 5", "Madrid", "Madrid", "28013", "Spain")
MARIA = ContactDraft(
    full_name="Maria Fernández",
    location="Madrid, Spain",
    channels=[ChannelDraft("address", PARTS.one_line(), "home", PARTS)],
)


def test_adr_parts_are_read_and_written_back_in_their_places() -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maria Fernández\r\n"
        "ADR;TYPE=home:;;Calle Mayor 5;Madrid;Madrid;28013;Spain\r\nEND:VCARD\r\n"
    )
    [address] = parse_vcard(card).draft.channels
    assert address == ChannelDraft(
        "address", "Calle Mayor 5, Madrid, Madrid 28013, Spain", "home", PARTS
    )
    text = draft_to_vcard(MARIA)
    assert "ADR;PREF=1;TYPE=home:;;Calle Mayor 5;Madrid;Madrid;28013;Spain\r\n" in text
    assert parse_vcard(text).draft == MARIA


def test_a_one_line_address_stays_one_line(db: object) -> None:
    one = ChannelDraft("address", "1 Main St, Springfield", "work")
    contact_id = save_contact(ContactDraft(full_name="Ann", channels=[one]))
    assert load_draft(contact_id).channels == [one]
    assert ";;1 Main St\\, Springfield;;;;" in draft_to_vcard(load_draft(contact_id))


def test_parts_are_stored_and_go_out_in_both_csv_shapes(db: object, tmp_path: Path) -> None:
    contact_id = save_contact(MARIA)
    assert load_draft(contact_id).channels == MARIA.channels
    export_google_csv(tmp_path / "g.csv")
    with (tmp_path / "g.csv").open(encoding="utf-8", newline="") as f:
        [google] = list(csv.DictReader(f))
    assert (google["Address 1 - City"], google["Address 1 - Postal Code"]) == ("Madrid", "28013")
    export_outlook_csv(tmp_path / "o.csv")
    with (tmp_path / "o.csv").open(encoding="utf-8-sig", newline="") as f:
        [outlook] = list(csv.DictReader(f))
    assert (outlook["Home Street"], outlook["Home City"]) == ("Calle Mayor 5", "Madrid")
    assert outlook["Home Country/Region"] == "Spain"
    for name in ("g.csv", "o.csv"):
        [back] = review_file(tmp_path / name)
        [address] = [c for c in back.parsed.draft.channels if c.kind == "address"]
        assert address.address == PARTS, name


def test_an_upgraded_database_keeps_its_one_line_addresses(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "kith-v1.sqlite", path)
    open_database(path)
    try:
        ada = Contact.get(Contact.full_name == "Ada Lovelace").id
        ContactMethod.create(contact=ada, kind="address", value="12 St James's Sq, London")
        [address] = [c for c in load_draft(ada).channels if c.kind == "address"]
        assert (address.value, address.address) == ("12 St James's Sq, London", None)
        export_vcards(tmp_path / "out.vcf")
        assert ";;12 St James's Sq\\, London;;;;" in (tmp_path / "out.vcf").read_text()
    finally:
        close_database()

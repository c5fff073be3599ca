"""The kept card: import and sync store it, export writes Kith's fields into it."""

from __future__ import annotations

from pathlib import Path

from kith.core.contacts import (
    ContactDraft,
    delete_contacts,
    load_draft,
    restore_contacts,
    save_contact,
)
from kith.core.export import export_json_backup, export_vcards, restore_json_backup
from kith.core.importing.apply import apply_import, default_decisions
from kith.core.importing.original_card import stored_cards, write_into
from kith.core.importing.review import review_file
from kith.core.importing.vcard import draft_to_vcard, parse_vcard
from kith.store.database import close_database, open_database
from kith.store.models import Contact

APPLE = (
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//Apple Inc.//macOS 14.0//EN\r\n"
    "N:Okafor;Amara;;;\r\n"
    "FN:Amara Okafor\r\n"
    "ORG:Acme Labs;\r\n"
    "item1.EMAIL;type=INTERNET;type=pref:amara@acme.example\r\n"
    "item1.X-ABLabel:_$!<Other>!$_\r\n"
    "item2.X-ABDATE;type=pref:2015-06-20\r\n"
    "item2.X-ABLabel:_$!<Anniversary>!$_\r\n"
    "X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE:ABPerson\r\n"
    "UID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE\r\n"
    "END:VCARD\r\n"
)


def lines(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def import_text(tmp_path: Path, text: str) -> int:
    path = tmp_path / "in.vcf"
    path.write_bytes(text.encode("utf-8"))
    [added] = apply_import(default_decisions(review_file(path))).added
    return added


def export_text(tmp_path: Path) -> str:
    out = tmp_path / "out.vcf"
    export_vcards(out)
    return out.read_bytes().decode("utf-8")


def test_an_unchanged_contact_goes_out_as_its_card_came_in(db: object, tmp_path: Path) -> None:
    import_text(tmp_path, APPLE)
    out = lines(export_text(tmp_path))
    original = lines(APPLE)
    kept = [ln for ln in original if not ln.startswith(("PRODID:", "UID:", "BEGIN:", "END:"))]
    assert [ln for ln in out if ln in kept] == kept  # every line, in order
    assert "UID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE" in out
    assert out[:3] == ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Kith//Kith 0.1.0//EN"]


def test_an_edit_replaces_only_its_own_lines_in_the_cards_version(
    db: object, tmp_path: Path
) -> None:
    contact_id = import_text(tmp_path, APPLE)
    draft = load_draft(contact_id)
    draft.channels[0].value = "amara@new.example"
    draft.photo = b"\x89PNG\r\n\x1a\n" + b"x" * 40
    save_contact(draft, contact_id)
    out = lines(export_text(tmp_path))
    assert "item1.EMAIL;type=INTERNET;type=pref:amara@acme.example" not in out
    assert "item1.X-ABLabel:_$!<Other>!$_" not in out  # its label went with it
    assert "item3.EMAIL;TYPE=pref;VALUE=text:amara@new.example" not in out  # not a TEL
    assert "item3.EMAIL;TYPE=pref:amara@new.example" in out  # 3.0 form, a free group
    assert "item3.X-ABLABEL:other" in out
    assert any(ln.startswith("PHOTO;ENCODING=b;TYPE=PNG:iVBOR") for ln in out)
    assert "item2.X-ABDATE;type=pref:2015-06-20" in out  # the anniversary stays
    assert "X-ABUID:5AD380FD-B2DE-4261-BA99-DE1D1DB52FBE:ABPerson" in out
    back = parse_vcard("\r\n".join(out))
    assert back.draft.photo == draft.photo
    assert [(c.value, c.label) for c in back.draft.channels] == [("amara@new.example", "other")]


def test_a_contact_made_in_kith_gets_a_fresh_card(db: object, tmp_path: Path) -> None:
    contact_id = save_contact(ContactDraft(full_name="Fresh Person"))
    assert stored_cards([contact_id]) == {}
    out = lines(export_text(tmp_path))
    assert out[:2] == ["BEGIN:VCARD", "VERSION:4.0"]


def test_an_unreadable_kept_card_gives_way_to_a_fresh_one() -> None:
    assert write_into("not a card", ContactDraft(full_name="X"), uid="u") is None


def test_the_kept_card_survives_delete_and_undo(db: object, tmp_path: Path) -> None:
    contact_id = import_text(tmp_path, APPLE)
    before = stored_cards([contact_id])
    snapshot = delete_contacts([contact_id])
    assert stored_cards([contact_id]) == {}
    [back] = restore_contacts(snapshot)
    assert stored_cards([back]) == {back: before[contact_id]}


def test_the_kept_card_is_in_the_json_backup(db: object, tmp_path: Path) -> None:
    contact_id = import_text(tmp_path, APPLE)
    export_json_backup(tmp_path / "backup.json")
    close_database()
    open_database(tmp_path / "restored.sqlite")
    restore_json_backup(tmp_path / "backup.json")
    restored = Contact.get(Contact.full_name == "Amara Okafor").id
    assert stored_cards([restored])[restored][0] == APPLE.replace("\r\n", "\n")
    assert contact_id == restored


def test_name_parts_are_read_kept_and_written(db: object, tmp_path: Path) -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Dr. Maria Luisa Fernández PhD\r\n"
        "N;SORT-AS=Fernandez:Fernández;Maria;Luisa;Dr.;PhD\r\nEND:VCARD\r\n"
    )
    contact_id = import_text(tmp_path, card)
    draft = load_draft(contact_id)
    assert (draft.name_prefix, draft.given_name, draft.middle_name) == ("Dr.", "Maria", "Luisa")
    assert (draft.family_name, draft.name_suffix) == ("Fernández", "PhD")
    draft.middle_name = "Luisa María"
    save_contact(draft, contact_id)
    out = lines(export_text(tmp_path))
    assert "N;SORT-AS=Fernandez:Fernández;Maria;Luisa María;Dr.;PhD" in out  # its parameter kept
    fresh = draft_to_vcard(
        ContactDraft(full_name="A B", given_name="A", family_name="B", name_suffix="Jr.")
    )
    assert "N:B;A;;;Jr." in lines(fresh)

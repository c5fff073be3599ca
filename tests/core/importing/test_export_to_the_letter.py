"""Export to the letter (issue 14): UIDs verbatim, lines folded at 75 octets, grouped BEGIN
lines read as vCard, CSV rows of the wrong width named in the review."""

from __future__ import annotations

import base64
import io
from pathlib import Path

from kith.core.contacts import ChannelDraft, ContactDraft, load_draft, save_contact
from kith.core.export import export_vcards
from kith.core.importing.apply import apply_import, default_decisions
from kith.core.importing.review import ImportReview, Status, review_file
from kith.core.importing.vcard import draft_to_vcard, parse_vcard, parse_vcards
from kith.store.models import Contact

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 800  # ~200 KB


def uid_lines(text: str) -> list[str]:
    return [ln for ln in text.split("\r\n") if ln.startswith("UID:")]


def test_uids_go_out_exactly_as_they_came_in(db: object, tmp_path: Path) -> None:
    source = tmp_path / "in.vcf"
    source.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:ABC-123@phone.example\r\nFN:Bare Uid\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n"
        "FN:Urn Uid\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:4fbe8971-0bc3-424c-9c26-000000000002\r\n"
        "FN:Bare Uuid\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    apply_import(default_decisions(review_file(source)))
    out = tmp_path / "out.vcf"
    export_vcards(out)
    assert sorted(uid_lines(out.read_bytes().decode("utf-8"))) == [
        "UID:4fbe8971-0bc3-424c-9c26-000000000002",
        "UID:ABC-123@phone.example",
        "UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1",
    ]


def test_an_old_kith_export_with_urn_uuid_still_matches_by_uid(db: object, tmp_path: Path) -> None:
    ann = save_contact(
        ContactDraft(full_name="Ann Lee"), uid="4fbe8971-0bc3-424c-9c26-36c3e1eff6b1"
    )
    old = tmp_path / "old.vcf"
    old.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1\r\n"
        "FN:Ann Lee-Smith\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    [candidate] = review_file(old)
    assert (candidate.status, candidate.match_id, candidate.reason) == (
        Status.DUPLICATE,
        ann,
        "same UID",
    )


def test_every_line_is_folded_at_75_octets_photo_included() -> None:
    import vobject
    from vobject.base import getLogicalLines

    draft = ContactDraft(
        full_name="Zoë Łukasz",
        photo=PNG,
        notes=("Ünïcödé " * 60).strip(),
        channels=[ChannelDraft("address", ("Straße " * 30).strip(), "home")],
    )
    text = draft_to_vcard(draft, uid="u-1")
    physical = text.split("\r\n")
    assert physical[-1] == ""
    assert max(len(line.encode("utf-8")) for line in physical) <= 75
    assert sum(1 for line in physical if line.startswith("PHOTO:")) == 1
    # vobject's own unfolding gives the whole photo back.
    unfolded = [line for line, _number in getLogicalLines(io.StringIO(text))]
    [photo] = [line for line in unfolded if line.startswith("PHOTO:")]
    assert photo.startswith("PHOTO:data:image/png;base64,")
    assert base64.b64decode(photo.split(",", 1)[1]) == PNG
    assert vobject.readOne(text).fn.value == "Zoë Łukasz"
    assert parse_vcard(text).draft == draft


def test_a_card_whose_begin_has_a_group_is_a_vcard(db: object, tmp_path: Path) -> None:
    path = tmp_path / "grouped.vcf"
    path.write_text(
        "home.begin:vcard\r\nhome.version:3.0\r\nhome.fn:Grouped Person\r\n"
        "home.email:grouped@example.org\r\nhome.end:vcard\r\n",
        encoding="utf-8",
    )
    review = ImportReview(path)
    assert review.format_name == "vCard"
    [candidate] = review.candidates()
    assert candidate.name == "Grouped Person"
    assert [c.value for c in candidate.parsed.draft.channels] == ["grouped@example.org"]
    assert len(list(parse_vcards(path.read_text()))) == 1


def test_csv_rows_shorter_or_longer_than_the_header_are_named(db: object, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,Email,Company,Notes\n"
        "Ann Lee,ann@acme.example,Acme,fine\n"
        "Bo Short,bo@example.org\n"
        "Cy Long,cy@example.org,Initech, Inc,likes tea\n",
        encoding="utf-8",
    )
    ann, bo, cy = review_file(path)
    assert ann.warnings == []
    assert bo.warnings == [
        "Line 3 has 2 fields but the header has 4 columns: the last 2 are empty, and values "
        "after a missing separator may be in the wrong fields. Check this person."
    ]
    assert cy.warnings[0].startswith("Line 4 has 5 fields but the header has 4 columns")
    assert "Extra fields in the file: likes tea" in cy.parsed.draft.notes
    result = apply_import(default_decisions([ann, bo, cy]))
    cy_id = Contact.get(Contact.full_name == "Cy Long").id
    assert len(result.added) == 3 and "likes tea" in load_draft(cy_id).notes

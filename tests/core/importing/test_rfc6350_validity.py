"""Every vCard Kith writes is valid RFC 6350 (checked by the strict checker in
tests/vcard_rfc6350.py, not by a lenient reader) and reads back as it was written."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings

from kith.core.contacts import ChannelDraft, ContactDraft, ImportantDate, save_contact
from kith.core.export import export_vcards
from kith.core.importing.apply import apply_import, default_decisions
from kith.core.importing.review import review_file
from kith.core.importing.vcard import draft_to_vcard, parse_vcard, parse_vcards, related_line
from kith.core.relationships import set_relationship
from kith.store.models import Contact
from tests.core.importing.test_import_properties import by_kind, drafts
from tests.vcard_rfc6350 import problems

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"
REVISED = datetime(2026, 12, 5, 18, 8, 52)

VALID = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana Lima\r\nN:Lima;Ana;;;\r\n"
    "BDAY:--0304\r\nREV:20261205T180852Z\r\nEND:VCARD\r\n"
)


@pytest.mark.parametrize(
    ("card", "said"),
    [
        (VALID.replace("\r\n", "\n"), "a line break other than CRLF"),
        (VALID.replace("FN:Ana Lima", "FN:" + "a" * 80), "octets, more than 75"),
        (VALID.replace("FN:Ana Lima\r\n", ""), "no FN"),
        (VALID.replace("BDAY:--0304", "BDAY:4 March"), "BDAY “4 March” is not a date"),
        (VALID.replace("REV:20261205T180852Z", "REV:2026-12-05"), "REV “2026-12-05”"),
        (VALID.replace("N:Lima;Ana;;;", "N:Lima;Ana"), "N: 2 components"),
        (VALID.replace("FN:Ana Lima", "FN:Lima, Ana"), "an unescaped comma"),
        (VALID.replace("FN:Ana Lima", "FN:Ana\\qLima"), "a backslash that escapes nothing"),
        (VALID.replace("BDAY:--0304", "BDAY;HOME:--0304"), "not a content line"),
        (VALID.replace("BDAY:--0304", "FOO:bar"), "FOO is no RFC 6350 property"),
        (VALID.replace("BDAY:--0304", "RELATED:Jane Doe"), "RELATED “Jane Doe” is not a URI"),
        (VALID.replace("BDAY:--0304", "BDAY:--0304\r\nBDAY:--0305"), "BDAY appears 2 times"),
        (VALID.replace("VERSION:4.0\r\nFN:Ana Lima", "FN:Ana Lima\r\nVERSION:4.0"), "VERSION"),
    ],
)
def test_the_checker_refuses_what_rfc_6350_does_not_allow(card: str, said: str) -> None:
    assert problems(VALID) == []
    found = problems(card)
    assert any(said in p for p in found), found


@given(drafts())
@settings(max_examples=150, deadline=None)
def test_any_fresh_card_is_valid_and_reads_back_the_same(draft: ContactDraft) -> None:
    card = draft_to_vcard(
        draft,
        uid="7e1d2c1a-0000-4000-8000-000000000001",
        revised=REVISED,
        related=[
            line
            for line in (
                related_line("0b5e7d3c-0000-4000-8000-000000000002", "friend", draft.title),
                related_line("plain-uid.42", "family", "spouse", date(2001, 6, 2)),
            )
            if line
        ],
    )
    assert problems(card) == []
    back = parse_vcard(card)
    assert back.draft == ContactDraft(**{**vars(draft), "channels": by_kind(draft.channels)})


def test_a_full_export_is_valid(db: object, tmp_path: Path) -> None:
    ana = save_contact(
        ContactDraft(
            full_name="Ana Lima, PhD",
            given_name="Ana",
            family_name="Lima",
            company="Acme; Research",
            notes="Likes: climbing, chess\\go\nSecond line",
            tags=["a,b", "climbing"],
            channels=[
                ChannelDraft("phone", "+1 555 0100 ext. 12", "work"),
                ChannelDraft("email", "ana@example.com", "private"),
            ],
            birthday_month=2,
            birthday_day=29,
            dates=[ImportantDate("Anniversary", 6, 20, 2015), ImportantDate("Climb", 3, 1)],
        )
    )
    bo = save_contact(ContactDraft(full_name="Bo"))
    set_relationship(ana, bo, "friend", "met at the wall; Lisbon")
    out = tmp_path / "all.vcf"
    export_vcards(out)
    assert problems(out.read_bytes()) == []
    # When each was added to Kith goes along (RFC 9554's CREATED), to the second.
    [ana_card] = [c for c in parse_vcards(out.read_text(encoding="utf-8")) if c.draft.given_name]
    assert ana_card.created == Contact.get_by_id(ana).created_at.replace(microsecond=0)


@pytest.mark.parametrize("name", ["rfc6350-examples.vcf", "nextcloud-4.0.vcf"])
def test_another_apps_4_0_card_written_into_stays_valid(
    db: object, tmp_path: Path, name: str
) -> None:
    """A kept 4.0 card (another app's) with Kith's fields written into it is still valid."""
    from kith.core.contacts import load_draft

    result = apply_import(default_decisions(review_file(FIXTURES / name)))
    for contact_id in result.added:
        draft = load_draft(contact_id)
        draft.company = "Kith, edited"
        draft.dates.append(ImportantDate("First climb", 3, 1))
        save_contact(draft, contact_id)
    out = tmp_path / "out.vcf"
    export_vcards(out)
    assert problems(out.read_bytes()) == []
    again = apply_import(default_decisions(review_file(out)))
    assert again.added == [] or all(isinstance(i, int) for i in again.added)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.vcf")), ids=lambda p: p.name)
def test_every_kept_card_goes_out_folded_with_crlf(path: Path) -> None:
    """2.1 and 3.0 cards stay 2.1 and 3.0 (another app's, kept), but their lines are folded
    and end as RFC 6350 §3.2 says (a 2.1 quoted-printable value keeps its own soft breaks)."""
    from kith.core.importing.file import ParsedContact
    from kith.core.importing.original_card import write_into
    from kith.core.importing.vcard import parse_vcards

    for entry in parse_vcards(path.read_bytes().decode("utf-8", "replace")):
        if isinstance(entry, ParsedContact) and entry.card:
            text = write_into(entry.card, entry.draft, uid=entry.uid or "x", revised=REVISED)
            if text is None:
                continue
            lines = text.split("\r\n")
            quoted = {i + 1 for i, line in enumerate(lines) if "QUOTED-PRINTABLE" in line.upper()}
            found = [
                p
                for p in problems(text)
                if ("octets" in p and int(p.split()[1].rstrip(":")) not in quoted) or "CRLF" in p
            ]
            assert found == [], entry.source

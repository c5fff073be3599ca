"""Matching that does not merge strangers: a name is only a possible duplicate, phones are E.164.

The cases of issue 14: two people sharing a name (and nothing else) are both imported; a
German and a French number with the same last nine digits are two numbers; the same address
or number twice on one card is kept once.
"""

from __future__ import annotations

from pathlib import Path

from kith.core.contacts import ChannelDraft, ContactDraft, load_draft, save_contact
from kith.core.importing.apply import Decision, apply_import, default_decisions
from kith.core.importing.review import Action, ImportReview, Status, review_file
from kith.core.importing.vcard import parse_vcard
from kith.core.phones import region_used
from kith.store.models import Contact


def write(tmp_path: Path, text: str, name: str = "people.vcf") -> Path:
    path = tmp_path / name
    path.write_text(text.replace("\n", "\r\n"), encoding="utf-8")
    return path


def card(name: str, *lines: str) -> str:
    return "\n".join(["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}", *lines, "END:VCARD", ""])


def test_two_strangers_with_one_name_are_both_imported(db: object, tmp_path: Path) -> None:
    known = save_contact(
        ContactDraft(
            full_name="Maria Garcia",
            company="Acme",
            channels=[ChannelDraft("email", "maria@acme.example")],
        )
    )
    path = write(
        tmp_path, card("Maria Garcia", "EMAIL:mgarcia@elsewhere.example", "TEL:+1 212 555 0199")
    )
    [candidate] = review_file(path)
    assert candidate.status == Status.POSSIBLE
    assert (candidate.match_id, candidate.reason) == (known, "same name")
    assert candidate.default_action == Action.ADD
    assert candidate.description == "possible duplicate of Maria Garcia (same name) — added as new"
    result = apply_import(default_decisions([candidate]), source="people.vcf")
    assert len(result.added) == 1
    assert sorted(Contact.select(Contact.full_name).tuples()) == [("Maria Garcia",)] * 2
    assert load_draft(known).channels == [ChannelDraft("email", "maria@acme.example")]


def test_a_possible_duplicate_can_still_be_merged_by_choice(db: object, tmp_path: Path) -> None:
    known = save_contact(ContactDraft(full_name="Li Wei", company="Globex"))
    path = write(tmp_path, card("Li Wei", "ORG:Globex Ltd", "EMAIL:li@globex.example"))
    [candidate] = review_file(path)
    assert (candidate.status, candidate.reason) == (Status.POSSIBLE, "same name and company")
    apply_import([Decision(candidate, Action.MERGE)], source="people.vcf")
    assert Contact.select().count() == 1
    assert [c.value for c in load_draft(known).channels] == ["li@globex.example"]


def test_same_name_twice_in_one_file_is_two_people(db: object, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        card("John Smith", "EMAIL:john@one.example")
        + card("John Smith", "ORG:Initech", "EMAIL:jsmith@two.example")
        + card("John Smith", "EMAIL:JOHN@one.example", "NOTE:met at the fair"),
    )
    first, second, third = review_file(path)
    assert (second.status, second.match_row, second.default_action) == (
        Status.POSSIBLE,
        0,
        Action.ADD,
    )
    assert (third.status, third.match_row) == (Status.DUPLICATE, 0)  # the same email
    assert third.reason == "same email JOHN@one.example as row 1 of this file"
    result = apply_import(default_decisions([first, second, third]), source="people.vcf")
    assert (len(result.added), len(result.merged)) == (2, 1)


def test_a_name_match_that_adds_nothing_is_already_in_kith(db: object, tmp_path: Path) -> None:
    """A re-imported LinkedIn export (names and companies only) must not double everyone."""
    save_contact(ContactDraft(full_name="Amara Okonkwo", company="Initech"))
    path = write(tmp_path, card("Amara Okonkwo", "ORG:Initech"))
    [candidate] = review_file(path)
    assert candidate.status == Status.DUPLICATE
    assert candidate.reason == "same name and company, and nothing else differs"
    assert candidate.default_action == Action.SKIP


def test_a_german_number_is_not_a_french_one(db: object, tmp_path: Path) -> None:
    """Same last nine digits (the old rule): +49 151 23456789 and +33 1 23 45 67 89."""
    french = save_contact(
        ContactDraft(
            full_name="Camille Martin", channels=[ChannelDraft("phone", "+33 1 23 45 67 89")]
        )
    )
    path = write(tmp_path, card("Jonas Becker", "TEL;TYPE=CELL:+49 151 23456789"))
    [candidate] = review_file(path)
    assert candidate.status == Status.NEW
    with region_used("FR"):
        [candidate] = review_file(
            write(tmp_path, card("C. Martin", "TEL:01 23 45 67 89"), "fr.vcf")
        )
    assert (candidate.status, candidate.match_id) == (Status.DUPLICATE, french)
    assert candidate.reason == "same phone 01 23 45 67 89"
    with region_used("DE"):  # the same digits read in Germany: another number
        [candidate] = review_file(
            write(tmp_path, card("C. Martin", "TEL:01 23 45 67 89"), "de.vcf")
        )
    assert candidate.status == Status.NEW


def test_a_number_written_another_way_matches_in_the_default_region(
    db: object, tmp_path: Path
) -> None:
    with region_used("DE"):
        jonas = save_contact(
            ContactDraft(
                full_name="Jonas Becker", channels=[ChannelDraft("phone", "0151 23456789")]
            )
        )
        [candidate] = review_file(write(tmp_path, card("J. Becker", "TEL:+49-151-234-567-89")))
    assert (candidate.status, candidate.match_id) == (Status.DUPLICATE, jonas)


def test_a_review_reads_numbers_in_the_region_it_is_given(db: object, tmp_path: Path) -> None:
    from kith.core.merge import ContactMatcher

    save_contact(
        ContactDraft(full_name="Jonas Becker", channels=[ChannelDraft("phone", "0151 23456789")])
    )
    path = write(tmp_path, card("J. Becker", "TEL:+49 151 23456789"))
    [in_us] = ImportReview(path).candidates()
    [in_germany] = ImportReview(path).candidates(ContactMatcher(region="DE"))
    assert (in_us.status, in_germany.status) == (Status.NEW, Status.DUPLICATE)


def test_one_card_keeps_an_address_or_a_number_once() -> None:
    with region_used("DE"):
        parsed = parse_vcard(
            card(
                "Jonas Becker",
                "EMAIL:Jonas@Example.org",
                "EMAIL;TYPE=WORK:jonas@example.ORG",
                "TEL:0151 23456789",
                "TEL;TYPE=CELL:+49 151 234 567 89",
                "TEL;TYPE=WORK:+49 30 1234567",
            )
        )
    assert [(c.kind, c.value, c.label) for c in parsed.draft.channels] == [
        ("email", "Jonas@Example.org", "work"),
        ("phone", "0151 23456789", "mobile"),
        ("phone", "+49 30 1234567", "work"),
    ]

"""The review step: new, likely duplicate or invalid; re-imports offer only what changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kith.core.contacts import ChannelDraft, ContactDraft, save_contact
from kith.core.importing.apply import apply_import, default_decisions
from kith.core.importing.file import ImportFileError
from kith.core.importing.review import Action, ImportReview, Status, review_file
from kith.core.importing.vcard import draft_to_vcard
from kith.store.models import Contact

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "import"


def test_each_row_is_new_duplicate_or_invalid(db: object) -> None:
    ann = save_contact(
        ContactDraft(
            full_name="Sofia Ramirez", channels=[ChannelDraft("email", "SOFIA@acme.example")]
        )
    )
    candidates = review_file(FIXTURES / "apple.vcf")
    assert [c.status for c in candidates] == [Status.DUPLICATE, Status.NEW, Status.INVALID]
    sofia = candidates[0]
    assert (sofia.match_id, sofia.match_name, sofia.reason) == (
        ann,
        "Sofia Ramirez",
        "same email sofia@acme.example",
    )
    assert "adds phone +34 600 123 456" in sofia.changes
    assert sofia.default_action == Action.MERGE
    assert sofia.description.startswith("likely duplicate of Sofia Ramirez (same email")
    assert candidates[1].default_action == Action.ADD
    assert candidates[2].default_action == Action.SKIP
    assert candidates[2].description == (
        "invalid: Card 3 (line 50) is a contact group (Climbing friends), not a person."
    )


def test_reimporting_the_same_file_offers_nothing_and_adds_no_copy(db: object) -> None:
    for name in ("apple.vcf", "google.csv", "linkedin-connections.csv", "outlook.csv"):
        apply_import(default_decisions(review_file(FIXTURES / name)), source=name)
    before = Contact.select().count()
    for name in ("apple.vcf", "google.csv", "linkedin-connections.csv", "outlook.csv"):
        again = review_file(FIXTURES / name)
        valid = [c for c in again if c.status != Status.INVALID]
        assert valid and all(c.status == Status.DUPLICATE for c in valid), name
        assert all(c.changes == [] for c in valid), [c.changes for c in valid]
        assert all(c.default_action == Action.SKIP for c in again)
        apply_import(default_decisions(again), source=name)
    assert Contact.select().count() == before


def test_an_updated_export_offers_only_the_changes(db: object, tmp_path: Path) -> None:
    first = tmp_path / "contacts.vcf"
    draft = ContactDraft(
        full_name="Kai Moreno", channels=[ChannelDraft("email", "kai@example.com")]
    )
    first.write_text(draft_to_vcard(draft, uid="kai-1"), encoding="utf-8")
    apply_import(default_decisions(review_file(first)))
    draft.channels.append(ChannelDraft("phone", "+34 600 000 111", "mobile"))
    draft.title = "Chef"
    first.write_text(draft_to_vcard(draft, uid="kai-1"), encoding="utf-8")
    (candidate,) = review_file(first)
    assert candidate.status == Status.DUPLICATE and candidate.reason == "same UID"
    assert candidate.changes == ["adds title “Chef”", "adds phone +34 600 000 111"]
    apply_import(default_decisions([candidate]))
    assert Contact.select().count() == 1
    assert Contact.get().title == "Chef"


def test_the_same_person_twice_in_one_file_is_a_duplicate_of_the_earlier_row(
    db: object, tmp_path: Path
) -> None:
    path = tmp_path / "twice.vcf"
    a = ContactDraft(full_name="Mia Wong", channels=[ChannelDraft("email", "mia@example.com")])
    b = ContactDraft(
        full_name="Mia Wong",
        channels=[
            ChannelDraft("email", "mia@example.com"),
            ChannelDraft("phone", "+1 555 010 0999"),
        ],
    )
    path.write_text(draft_to_vcard(a) + draft_to_vcard(b), encoding="utf-8")
    first, second = review_file(path)
    assert first.status == Status.NEW
    assert (second.status, second.match_row, second.reason) == (
        Status.DUPLICATE,
        0,
        "same email mia@example.com as row 1 of this file",
    )
    result = apply_import(default_decisions([first, second]))
    assert len(result.added) == 1 and result.merged == result.added
    assert Contact.select().count() == 1


def test_candidates_stream_with_progress_and_can_be_cancelled(db: object, tmp_path: Path) -> None:
    path = tmp_path / "many.vcf"
    path.write_text(
        "".join(draft_to_vcard(ContactDraft(full_name=f"Person {i}")) for i in range(200)),
        encoding="utf-8",
    )
    review = ImportReview(path)
    stream = review.candidates()
    first = next(stream)
    assert first.name == "Person 0" and 0 < review.progress < 0.05
    seen = 1
    for _candidate in stream:
        seen += 1
        if seen == 50:
            review.cancel()
    assert seen == 50 and review.cancelled
    assert Contact.select().count() == 0  # reviewing writes nothing


def test_unreadable_files_are_refused_before_review(db: object, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="not a text file"):
        ImportReview(FIXTURES / "binary.vcf")
    calendar = tmp_path / "calendar.ics"
    calendar.write_text("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n")
    with pytest.raises(ImportFileError, match="is a calendar"):
        ImportReview(calendar)
    odd = tmp_path / "contacts.txt"
    shutil.copy(FIXTURES / "no-name-column.csv", odd)
    with pytest.raises(ImportFileError, match="no column with people's names"):
        ImportReview(odd)


def test_format_is_named_for_the_review_title(db: object) -> None:
    assert ImportReview(FIXTURES / "linkedin-connections.csv").format_name == "LinkedIn connections"
    assert ImportReview(FIXTURES / "outlook-utf16.csv").format_name == "Outlook CSV"
    assert ImportReview(FIXTURES / "android-2.1.vcf").format_name == "vCard"

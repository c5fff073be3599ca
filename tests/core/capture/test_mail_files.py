"""Capture from an mbox file and a Maildir folder: the right suggestions and nothing else,
a second read adds nothing, broken messages get a note and the rest is read."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from kith.core.capture.files import CaptureFileError, capture_file
from kith.core.capture.suggestions import SuggestedPerson, last_captured, list_suggestions
from kith.core.local_time import local_date
from kith.store.models import Contact
from tests.capture_mail import (
    ANA,
    BOB,
    ME,
    add_people,
    inbox,
    noon,
    sent,
    write_maildir,
    write_mbox,
)


def _seen(today: date) -> list[tuple[str, str, date, str | None]]:
    return sorted(
        (s.kind, s.people[0].name, local_date(s.occurred_at), s.initiator)
        for s in list_suggestions()
    )


def expected(today: date) -> list[tuple[str, str, date, str | None]]:
    return sorted(
        [
            ("email", "Ana Lima", local_date(noon(today, 5)), "them"),
            ("email", "Ana Lima", local_date(noon(today, 3)), "them"),
            ("email", "Bob Stone", local_date(noon(today, 4)), "me"),
        ]
    )


def test_an_mbox_gives_one_suggestion_per_person_per_thread_per_day(
    db: object, tmp_path: Path, now: datetime, today: date
) -> None:
    add_people()
    path = write_mbox(tmp_path / "all.mbox", inbox(today) + sent(today))
    report = capture_file(path, my_addresses=[ME], now=now)
    assert _seen(today) == expected(today)
    assert report.suggestions == 3
    assert report.read == 10  # 12 messages, two of them broken
    assert report.bulk == 3  # the newsletter, the no-reply sender, the auto-reply
    assert report.crowded == 1
    assert report.unknown == 2  # the stranger, and Cleo who is archived
    notes = "\n".join(report.notes)
    assert "all.mbox, message 9: it has no date; skipped" in notes
    assert "message 12: its date cannot be read ('the day after tomorrow'); skipped" in notes
    # The person is matched by the address whatever its case, and named by it.
    ana = [s for s in list_suggestions() if s.people[0].name == "Ana Lima"]
    assert {s.people for s in ana} == {
        (SuggestedPerson(ana[0].people[0].contact_id, "Ana Lima", ANA),)
    }
    assert Contact.select().count() == 3  # nobody was created from mail


def test_reading_the_same_file_again_adds_nothing(
    db: object, tmp_path: Path, now: datetime, today: date
) -> None:
    add_people()
    path = write_mbox(tmp_path / "all.mbox", inbox(today) + sent(today))
    capture_file(path, my_addresses=[ME], now=now)
    again = capture_file(path, now=now)
    assert again.suggestions == 0
    assert again.captured == 0
    assert _seen(today) == expected(today)


def test_a_maildir_reads_like_an_mbox(
    db: object, tmp_path: Path, now: datetime, today: date
) -> None:
    add_people()
    folder = write_maildir(tmp_path / "Mail", inbox(today) + sent(today))
    (folder / "new" / "garbage").write_bytes(b"\x00\xff not a message at all")
    report = capture_file(folder, my_addresses=[ME], now=now)
    assert _seen(today) == expected(today)
    assert any("garbage: it has no sender (From); skipped" in n for n in report.notes)
    assert any("it has no date" in n for n in report.notes)


def test_without_the_users_address_the_users_own_message_is_not_counted_as_theirs(
    db: object, tmp_path: Path, now: datetime, today: date
) -> None:
    add_people()
    path = write_mbox(tmp_path / "sent.mbox", sent(today), broken_date=False)
    capture_file(path, now=now)
    bob = [s for s in list_suggestions() if s.people[0].name == "Bob Stone"]
    # me@example.org is not known as the user's: Kith cannot tell who reached out to Bob.
    assert [s.initiator for s in bob] == ["them"]
    capture_file(path, my_addresses=[ME], now=now)
    bob = [s for s in list_suggestions() if s.people[0].name == "Bob Stone"]
    assert bob[0].initiator == "them"  # what was read stays as read: the thread started then


def test_the_card_knows_the_last_email_before_anything_is_accepted(
    db: object, tmp_path: Path, now: datetime, today: date
) -> None:
    people = add_people()
    capture_file(
        write_mbox(tmp_path / "a.mbox", inbox(today) + sent(today)), my_addresses=[ME], now=now
    )
    last = last_captured([people.ana, people.bob, people.cleo])
    assert last == {people.ana: noon(today, 3), people.bob: noon(today, 4)}


def test_a_file_that_is_not_mail_is_refused_plainly(db: object, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("just some notes\n")
    with pytest.raises(CaptureFileError, match="neither an mbox file, a Maildir folder nor"):
        capture_file(other)
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(CaptureFileError, match="not a Maildir"):
        capture_file(folder)
    with pytest.raises(CaptureFileError, match="There is no file"):
        capture_file(tmp_path / "missing.mbox")


def test_bob_in_a_message_from_the_user_is_matched(
    db: object, tmp_path: Path, now: datetime, today: date
) -> None:
    add_people()
    capture_file(
        write_mbox(tmp_path / "s.mbox", sent(today), broken_date=False), my_addresses=[ME], now=now
    )
    assert {(s.people[0].address, s.initiator) for s in list_suggestions()} == {
        (BOB, "me"),
        (ANA, "me"),  # the user's reply to Ana: its thread's first message is not in this file
    }

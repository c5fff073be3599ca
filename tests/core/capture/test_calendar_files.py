"""Capture from an .ics calendar: one suggestion per meeting with everyone known who
attended; cancelled, declined, crowded and future events left out."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from kith.core.capture.files import CaptureFileError, capture_file
from kith.core.capture.suggestions import last_captured, list_suggestions
from tests.capture_mail import ME, add_people, ics, noon


def test_a_calendar_gives_one_suggestion_per_meeting_with_everyone_known(
    db: object, tmp_path: Path, now: datetime, today: date
) -> None:
    people = add_people()
    path = tmp_path / "work.ics"
    path.write_text(ics(today))
    report = capture_file(path, my_addresses=[ME], now=now)
    found = sorted(
        (s.occurred_at, s.kind, sorted(p.name for p in s.people), s.initiator)
        for s in list_suggestions()
    )
    assert found == [
        (noon(today, 6), "meeting", ["Ana Lima", "Bob Stone"], "them"),  # Ana organised
        (noon(today, 2), "meeting", ["Ana Lima"], "me"),  # Bob declined; the user organised
    ]
    assert report.crowded == 1
    assert report.upcoming == 1
    assert report.summary().startswith("work.ics: read 4, 2 new with people you know")
    assert last_captured([people.ana], "meeting") == {people.ana: noon(today, 2)}
    assert capture_file(path, now=now).suggestions == 0  # read again: nothing new


def test_titles_are_kept_only_when_the_user_allows(
    db: object, tmp_path: Path, now: datetime, today: date
) -> None:
    from kith.core.capture.sources import file_source, get_source, save_source

    add_people()
    path = tmp_path / "work.ics"
    path.write_text(ics(today))
    capture_file(path, my_addresses=[ME], now=now)
    assert {s.summary for s in list_suggestions()} == {""}
    source = file_source(path)
    draft_values = {**source.__dict__}
    from kith.core.capture.sources import SourceDraft

    save_source(
        SourceDraft(
            kind="file",
            name=draft_values["name"],
            path=draft_values["path"],
            my_addresses=list(draft_values["my_addresses"]),
            read_subject=True,
        ),
        source.id,
    )
    assert get_source(source.id).read_subject
    other = tmp_path / "other.ics"
    other.write_text(ics(today).replace("m1@kith", "m9@kith"))
    again = file_source(other)
    save_source(
        SourceDraft(kind="file", name=again.name, path=again.path, read_subject=True), again.id
    )
    capture_file(other, now=now)
    assert "Planning" in {s.summary for s in list_suggestions()}


def test_a_broken_calendar_is_refused_plainly(db: object, tmp_path: Path) -> None:
    path = tmp_path / "bad.ics"
    path.write_text("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:nonsense\r\n")
    with pytest.raises(CaptureFileError, match=r"bad\.ics: it holds no complete calendar"):
        capture_file(path)
    path.write_text("BEGIN:VCALENDAR\r\ngarbage line\r\nEND:VCALENDAR\r\n")
    with pytest.raises(CaptureFileError, match=r"bad\.ics: it is not a calendar Kith can read"):
        capture_file(path)


def test_an_event_without_a_readable_start_gets_a_note_and_the_rest_is_read(
    db: object, tmp_path: Path, now: datetime, today: date
) -> None:
    add_people()
    path = tmp_path / "mixed.ics"
    text = ics(today).replace(
        "BEGIN:VEVENT",
        "BEGIN:VEVENT\r\nUID:broken@kith\r\nDTSTART:nonsense\r\nEND:VEVENT\r\nBEGIN:VEVENT",
        1,
    )
    path.write_text(text)
    report = capture_file(path, my_addresses=[ME], now=now)
    assert report.notes == ["mixed.ics, event 1 (broken@kith): its start cannot be read; skipped"]
    assert len(list_suggestions()) == 2

"""Capture meetings from a sync account's CalDAV calendars, through the real Radicale the sync
tests use: one suggestion per meeting with everyone known who attended; Kith's own follow-ups
calendar is left alone; a wrong password is said plainly."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kith.core.capture.calendars import calendar_source, scan_calendars
from kith.core.capture.imap import CaptureConnectionError
from kith.core.capture.suggestions import list_suggestions
from kith.core.sync.accounts import AccountDraft, password_store, save_account
from kith.core.sync.dav import CALENDAR, DavClient
from kith.core.sync.discovery import create_kith_collections
from tests.capture_mail import ME, add_people, ics, noon
from tests.core.sync.conftest import radicale  # noqa: F401
from tests.dav_server import DavUser, RadicaleServer


@pytest.fixture
def dav_user(radicale: RadicaleServer) -> DavUser:  # noqa: F811
    return radicale.add_user()


def _events(today: date) -> list[tuple[str, str]]:
    """The calendar of tests/capture_mail.py, one event per resource, as servers keep them."""
    from icalendar import Calendar

    whole = Calendar.from_ical(ics(today))
    result = []
    for event in whole.walk("VEVENT"):
        single = Calendar()
        single.add("prodid", "-//Kith tests//EN")
        single.add("version", "2.0")
        single.add_component(event)
        result.append((str(event["uid"]), single.to_ical().decode()))
    return result


def test_meetings_from_a_calendar_on_the_server(
    db: object, tmp_path: Path, dav_user: DavUser, now: datetime, today: date
) -> None:
    add_people()
    made = create_kith_collections(dav_user.url, dav_user.username, dav_user.password)
    with DavClient(dav_user.url, dav_user.username, dav_user.password) as dav:
        home = dav.home_sets()[CALENDAR]
        work = dav.make_collection(home, "work", "Work", CALENDAR)
        folder = urlsplit(work.url).path.rstrip("/")
        for uid, text in _events(today):
            dav.put(f"{folder}/{uid}.ics", text, "text/calendar")
        # Kith's own follow-ups calendar is never read: a meeting there is not suggested.
        own = _events(today)[0][1].replace("m1@kith", "own@kith")
        dav.put(f"{urlsplit(made[CALENDAR].url).path.rstrip('/')}/own.ics", own, "text/calendar")
    account = save_account(
        AccountDraft("Home", dav_user.url, dav_user.username, None, made[CALENDAR].url),
        password=dav_user.password,
    )
    source = calendar_source(account)
    assert source.name == "Home calendars"
    from kith.core.capture.sources import add_my_addresses, get_source

    add_my_addresses(source.id, [ME])
    report = scan_calendars(get_source(source.id), now=now)
    found = sorted(
        (s.occurred_at, sorted(p.name for p in s.people), s.initiator) for s in list_suggestions()
    )
    assert found == [
        (noon(today, 6), ["Ana Lima", "Bob Stone"], "them"),
        (noon(today, 2), ["Ana Lima"], "me"),
    ]
    assert (report.crowded, report.upcoming) == (1, 1)
    assert scan_calendars(get_source(source.id), now=now).suggestions == 0
    assert calendar_source(account).id == source.id


def test_a_wrong_password_is_said_plainly(
    db: object, dav_user: DavUser, now: datetime, memory_keyring: object
) -> None:
    account = save_account(AccountDraft("Home", dav_user.url, dav_user.username))
    password_store().set(account.uid, "wrong")
    source = calendar_source(account)
    with pytest.raises(CaptureConnectionError) as caught:
        scan_calendars(source, now=now)
    assert "password" in str(caught.value).lower()
    assert list_suggestions() == []


def test_kith_capture_account_reads_a_sync_accounts_calendars(
    tmp_path: Path, dav_user: DavUser, today: date, capsys: pytest.CaptureFixture[str]
) -> None:
    from kith.__main__ import main
    from kith.store.database import close_database, open_database

    with DavClient(dav_user.url, dav_user.username, dav_user.password) as dav:
        work = dav.make_collection(dav.home_sets()[CALENDAR], "work", "Work", CALENDAR)
        folder = urlsplit(work.url).path.rstrip("/")
        for uid, text in _events(today):
            dav.put(f"{folder}/{uid}.ics", text, "text/calendar")
    path = tmp_path / "kith.sqlite"
    open_database(path)
    add_people()
    save_account(AccountDraft("Home", dav_user.url, dav_user.username), password=dav_user.password)
    close_database()
    assert main(["capture", "--account", "Home", "--database", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Home calendars: read 4, 2 new with people you know")
    assert main(["capture", "--database", str(path)]) == 0  # every source: nothing new
    assert "Home calendars: read 4, 0 new with people you know" in capsys.readouterr().out

"""Follow-ups both ways between two Kiths (and a phone writing tasks directly), on a real
Radicale and a real Xandikos."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar, Todo

from kith.core.contacts import ContactDraft, save_contact
from kith.core.follow_ups import (
    FollowUpDraft,
    complete_follow_up,
    create_follow_up,
    delete_follow_up,
    drop,
)
from kith.core.interactions import InteractionDraft
from kith.core.sync.accounts import find_account
from kith.core.sync.dav import DavClient
from kith.core.sync.engine import sync_account
from kith.store.models import Contact, FollowUp, Interaction, utcnow
from tests.core.sync.helpers import ACCOUNT, two_machines
from tests.core.sync.test_calendar_sync import server_calendar
from tests.dav_server import DavUser, XandikosServer


def follow_ups() -> dict[str, dict[str, Any]]:
    """Every follow-up of the open database by uid, as a user would compare them."""

    def second(value: datetime | None) -> datetime | None:
        return value.replace(microsecond=0) if value is not None else None

    people = dict(Contact.select(Contact.id, Contact.uid).tuples())
    done_by = dict(Interaction.select(Interaction.id, Interaction.uid).tuples())
    return {
        f.uid: {
            "title": f.title,
            "notes": f.notes,
            "due_at": f.due_at,
            "due_has_time": f.due_has_time,
            "remind_at": second(f.remind_at),
            "urgent": f.urgent,
            "important": f.important,
            "status": f.status,
            "completed_at": second(f.completed_at),
            "rrule": f.rrule,
            "ask_size": f.ask_size,
            "person": people.get(f.contact_id),
            "done_by": done_by.get(f.interaction_id),
            "created_at": second(f.created_at),
        }
        for f in FollowUp.select()
    }


def differences(one: dict[str, dict[str, Any]], other: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What differs between two machines' follow-ups: {uid: {field: (one, other)}}."""
    found: dict[str, Any] = {}
    for uid in one.keys() | other.keys():
        if uid not in one or uid not in other:
            found[uid] = "only on one side"
            continue
        fields = {k: (v, other[uid][k]) for k, v in one[uid].items() if v != other[uid][k]}
        if fields:
            found[uid] = fields
    return found


def build_follow_ups(today: date) -> None:
    ana = save_contact(ContactDraft(full_name="Ana Lima"))
    create_follow_up(
        FollowUpDraft(
            title="Ask Ana for an intro to Lisbon Labs",
            due_date=today + timedelta(days=3),
            due_time=time(15, 30),
            contact_id=ana,
            notes="She offered in May.",
            urgent=True,
            important=True,
            rrule="FREQ=WEEKLY",
            ask_size="medium",
            remind_at=datetime.combine(today + timedelta(days=2), time(9, 0)),
        )
    )
    create_follow_up(
        FollowUpDraft(title="Book the venue", due_date=today, important=True, reminder=False)
    )
    done = create_follow_up(FollowUpDraft(title="Send the deck", due_date=today, urgent=True))
    sent = InteractionDraft(occurred_at=utcnow(), kind="email", contact_ids=[ana])
    complete_follow_up(done, interaction=sent)  # done by logging the email that sent it
    dropped = create_follow_up(FollowUpDraft(title="Maybe lunch", due_date=today))
    drop(dropped)


def test_every_follow_up_reaches_the_second_computer_exactly(
    tmp_path: Path, dav_user: DavUser, today: date
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, b):
        with a:
            build_follow_ups(today)
            expected = follow_ups()
        assert a.sync().follow_ups_sent == 4
        report = b.sync()
        assert report.follow_ups_received == 4 and report.follow_ups_sent == 0
        with b:
            assert differences(follow_ups(), expected) == {}
            assert [f["done_by"] for f in follow_ups().values() if f["done_by"]]
        assert a.sync().moved is False
        assert b.sync().moved is False


def test_done_and_deleted_travel_and_a_repeat_rolls_on_once(
    tmp_path: Path, dav_user: DavUser, today: date
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, b):
        with a:
            build_follow_ups(today)
            weekly = FollowUp.get(FollowUp.rrule.is_null(False)).uid
            venue = FollowUp.get(FollowUp.title == "Book the venue").uid
        a.sync()
        b.sync()
        with b:  # the laptop: the weekly one is done, the venue is no longer needed
            complete_follow_up(FollowUp.get(FollowUp.uid == weekly).id)
            delete_follow_up(FollowUp.get(FollowUp.uid == venue).id)
        b.sync()
        report = a.sync()
        assert report.completed_here == 1 and report.follow_ups_deleted_here == 1
        with a:
            after_a = follow_ups()
        with b:
            after_b = follow_ups()
        assert differences(after_a, after_b) == {}
        assert venue not in after_a
        assert after_a[weekly]["status"] == "done"
        open_weekly = [f for f in after_a.values() if f["rrule"] and f["status"] == "open"]
        assert len(open_weekly) == 1  # one next occurrence, not one per computer
        assert open_weekly[0]["due_at"] > after_a[weekly]["due_at"]
        assert a.sync().moved is False and b.sync().moved is False


def test_a_phone_ticking_the_same_task_off_makes_one_next_occurrence_on_both_computers(
    tmp_path: Path, dav_user: DavUser, today: date
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, b):
        with a:
            build_follow_ups(today)
            weekly = FollowUp.get(FollowUp.rrule.is_null(False)).uid
        a.sync()
        b.sync()
        path, etag, cal, todo = server_calendar(a, dav_user)[weekly]  # type: ignore[misc]
        todo["STATUS"] = "COMPLETED"
        todo.add("COMPLETED", todo["DTSTAMP"].dt)
        with DavClient(dav_user.url, dav_user.username, dav_user.password) as dav:
            dav.put(path, cal.to_ical().decode(), "text/calendar", etag=etag)
        # Both computers read the phone's change before either sends a next occurrence: A is
        # cut off right after its pull (it quits), then B syncs, then A again.
        with a:
            account = find_account(ACCOUNT)
            assert account is not None

            def quit_after_the_pull(done: int, total: int, what: str) -> None:
                if what == "Receiving calendar entries":
                    raise Quit

            with pytest.raises(Quit):
                sync_account(account, progress=quit_after_the_pull, timeout=5)
            assert FollowUp.get(FollowUp.uid == weekly).status == "done"
        assert b.sync().completed_here == 1
        a.sync()
        b.sync()
        with a:
            after_a = follow_ups()
        with b:
            after_b = follow_ups()
        assert differences(after_a, after_b) == {}
        assert len([f for f in after_a.values() if f["rrule"] and f["status"] == "open"]) == 1
        assert a.sync().moved is False and b.sync().moved is False


class Quit(Exception):
    """Kith quitting in the middle of a sync."""


def test_a_task_made_on_a_phone_becomes_a_follow_up_and_is_not_rewritten(
    tmp_path: Path, dav_user: DavUser, today: date
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, _b):
        a.sync()
        with a:
            from kith.core.sync.accounts import list_accounts

            calendar_url = list_accounts()[0].calendar_url
        assert calendar_url
        todo = Todo()
        todo.add("uid", "phone-task-1@example.org")
        todo.add("dtstamp", datetime(2026, 1, 1, 12, 0))
        todo.add("summary", "Renew the passport")
        todo.add("due", today + timedelta(days=10))
        todo.add("priority", 2)
        cal = Calendar()
        cal.add("prodid", "-//A phone//EN")
        cal.add("version", "2.0")
        cal.add_component(todo)
        path = calendar_url.split("127.0.0.1", 1)[1].split("/", 1)[1]
        with DavClient(dav_user.url, dav_user.username, dav_user.password) as dav:
            dav.put("/" + path + "phone-task-1.ics", cal.to_ical().decode(), "text/calendar")
        before = server_calendar(a, dav_user)["phone-task-1@example.org"][1]  # type: ignore[index]
        report = a.sync()
        assert report.follow_ups_received == 1 and report.follow_ups_sent == 0
        with a:
            made = FollowUp.get(FollowUp.uid == "phone-task-1@example.org")
            assert made.title == "Renew the passport"
            assert made.due_at.date() == today + timedelta(days=10) and not made.due_has_time
            assert made.urgent and not made.important and made.status == "open"
        assert server_calendar(a, dav_user)["phone-task-1@example.org"][1] == before  # type: ignore[index]
        assert a.sync().moved is False


def test_follow_ups_travel_through_xandikos_too(
    tmp_path: Path, xandikos: XandikosServer, today: date
) -> None:
    with two_machines(tmp_path, xandikos.user(), calendar=True) as (a, b):
        with a:
            build_follow_ups(today)
            expected = follow_ups()
        assert a.sync().follow_ups_sent == 4
        assert b.sync().follow_ups_received == 4
        with b:
            assert differences(follow_ups(), expected) == {}
        assert a.sync().moved is False
        assert b.sync().moved is False


def test_a_follow_up_changed_on_both_sides_merges_field_by_field(
    tmp_path: Path, dav_user: DavUser, today: date
) -> None:
    from kith.core.follow_ups import load_follow_up_draft, update_follow_up

    def edit(uid: str, **changes: Any) -> None:
        mine = FollowUp.get(FollowUp.uid == uid).id
        draft = load_follow_up_draft(mine)
        for name, value in changes.items():
            setattr(draft, name, value)
        update_follow_up(mine, draft)

    with two_machines(tmp_path, dav_user, calendar=True) as (a, b):
        with a:
            build_follow_ups(today)
            venue = FollowUp.get(FollowUp.title == "Book the venue").uid
            deck = FollowUp.get(FollowUp.title == "Ask Ana for an intro to Lisbon Labs").uid
        a.sync()
        b.sync()
        with b:  # the laptop renames one and retitles the other …
            edit(venue, title="Book the venue for 40")
            edit(deck, title="Ask Ana for the Lisbon Labs intro")
        b.sync()
        with a:  # … while the desktop moves the first and retitles the second too
            edit(venue, due_date=today + timedelta(days=7))
            edit(deck, title="Intro to Lisbon Labs via Ana")
        report = a.sync()
        assert report.conflicts == 1
        b.sync()
        with a:
            after_a = follow_ups()
        with b:
            after_b = follow_ups()
        assert differences(after_a, after_b) == {}
        # Different fields: both edits stay.
        assert after_a[venue]["title"] == "Book the venue for 40"
        assert after_a[venue]["due_at"].date() == today + timedelta(days=7)
        # The same field: this machine's edit wins, the server's is kept in the notes.
        assert after_a[deck]["title"] == "Intro to Lisbon Labs via Ana"
        assert (
            "Title was “Ask Ana for the Lisbon Labs intro” on the server" in after_a[deck]["notes"]
        )
        assert a.sync().moved is False and b.sync().moved is False

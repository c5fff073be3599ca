"""Follow-ups as VTODOs and birthdays as yearly VEVENTs, on a real Radicale server."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar

from kith.core.contacts import ContactDraft, save_contact
from kith.core.follow_ups import FollowUpDraft, complete_follow_up, create_follow_up
from kith.core.sync.accounts import list_accounts
from kith.core.sync.dav import CALENDAR, DavClient
from kith.store.models import Contact, FollowUp
from tests.core.sync.helpers import Kith, two_machines
from tests.dav_server import DavUser


def server_calendar(kith: Kith, user: DavUser) -> dict[str, tuple[str, Calendar]]:
    """uid of each component on the server → (ETag, parsed calendar), plus the paths."""
    with kith:
        url = list_accounts()[0].calendar_url
    assert url
    with DavClient(user.url, user.username, user.password) as dav:
        found = dav.multiget(url, CALENDAR, dav.etags(url))
    result = {}
    for path, (etag, text) in found.items():
        cal = Calendar.from_ical(text)
        kinds = ("VTODO", "VEVENT", "VJOURNAL")
        component = next(c for c in cal.walk() if c.name in kinds)
        result[str(component["UID"])] = (path, etag, cal, component)
    return result  # type: ignore[return-value]


def test_follow_ups_become_tasks_and_completing_one_on_the_phone_completes_it(
    tmp_path: Path, dav_user: DavUser, today: date
) -> None:
    due = today + timedelta(days=3)
    with two_machines(tmp_path, dav_user, calendar=True) as (a, _b):
        with a:
            ana = save_contact(ContactDraft(full_name="Ana Lima"))
            first = create_follow_up(
                FollowUpDraft(
                    title="Send the deck", due_date=due, contact_id=ana, urgent=True, important=True
                )
            )
            create_follow_up(FollowUpDraft(title="Book the venue", due_date=due, important=True))
            uid = FollowUp.get_by_id(first).uid
        report = a.sync()
        assert report.follow_ups_sent == 2
        on_server = server_calendar(a, dav_user)
        path, etag, cal, todo = on_server[uid]  # type: ignore[misc]
        assert str(todo["SUMMARY"]) == "Send the deck — Ana Lima"
        assert todo["DUE"].dt == due
        assert int(todo["PRIORITY"]) == 1
        assert str(todo["STATUS"]) == "NEEDS-ACTION"
        # The phone ticks it off.
        todo["STATUS"] = "COMPLETED"
        todo.add("COMPLETED", todo["DTSTAMP"].dt)
        with DavClient(dav_user.url, dav_user.username, dav_user.password) as dav:
            dav.put(path, cal.to_ical().decode(), "text/calendar", etag=etag)
        report = a.sync()
        assert report.completed_here == 1
        with a:
            assert FollowUp.get_by_id(first).status == "done"
            assert FollowUp.select().where(FollowUp.status == "open").count() == 1
        # Nothing else moves after that.
        assert a.sync().moved is False


def test_a_follow_up_done_in_kith_shows_as_completed_on_the_server(
    tmp_path: Path, dav_user: DavUser, today: date
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, _b):
        with a:
            done = create_follow_up(FollowUpDraft(title="Call Jonas", due_date=today))
            uid = FollowUp.get_by_id(done).uid
        a.sync()
        with a:
            complete_follow_up(done)
        assert a.sync().follow_ups_sent == 1
        todo = server_calendar(a, dav_user)[uid][3]  # type: ignore[index]
        assert str(todo["STATUS"]) == "COMPLETED"


def test_birthdays_become_yearly_events_and_leave_with_the_birthday(
    tmp_path: Path, dav_user: DavUser
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, _b):
        with a:
            mei = save_contact(
                ContactDraft(full_name="Mei Chen", birthday_month=3, birthday_day=14)
            )
        assert a.sync().birthdays_sent == 1
        events = {
            str(c["SUMMARY"]): c
            for _, _, _, c in server_calendar(a, dav_user).values()  # type: ignore[misc]
        }
        event = events["Mei Chen’s birthday"]
        assert event["DTSTART"].dt == date(1970, 3, 14)
        assert event["RRULE"]["FREQ"] == ["YEARLY"]
        with a:
            from kith.core.contacts import load_draft

            draft = load_draft(mei)
            draft.birthday_month = draft.birthday_day = None
            save_contact(draft, mei)
        assert a.sync().calendar_deleted == 1
        assert server_calendar(a, dav_user) == {}


def test_anniversaries_become_yearly_events_that_the_other_computer_adopts(
    tmp_path: Path, dav_user: DavUser
) -> None:
    from kith.core.contacts import ImportantDate, load_draft

    with two_machines(tmp_path, dav_user, calendar=True) as (a, b):
        with a:
            mei = save_contact(
                ContactDraft(
                    full_name="Mei Chen",
                    dates=[
                        ImportantDate("Anniversary", 6, 20, 2015),
                        ImportantDate("First climb", 2, 29, None),
                    ],
                )
            )
        assert a.sync().dates_sent == 2
        events = {
            str(c["SUMMARY"]): c
            for _, _, _, c in server_calendar(a, dav_user).values()  # type: ignore[misc]
        }
        assert set(events) == {"Mei Chen: Anniversary", "Mei Chen: First climb"}
        wedding = events["Mei Chen: Anniversary"]
        assert wedding["DTSTART"].dt == date(2015, 6, 20)
        assert wedding["RRULE"]["FREQ"] == ["YEARLY"]
        assert events["Mei Chen: First climb"]["RRULE"]["BYMONTHDAY"] == [-1]
        # The other computer gets the dates with the card, and the events as they are.
        report = b.sync()
        assert report.received == 1 and report.dates_sent == 0
        with b:
            [draft] = [load_draft(c.id) for c in Contact.select()]
            assert [d.label for d in draft.dates] == ["Anniversary", "First climb"]
        assert len(server_calendar(b, dav_user)) == 2
        with a:
            draft = load_draft(mei)
            draft.dates = draft.dates[:1]
            save_contact(draft, mei)
        assert a.sync().calendar_deleted == 1
        assert [str(c["SUMMARY"]) for *_, c in server_calendar(a, dav_user).values()] == [
            "Mei Chen: Anniversary"
        ]


def test_a_task_cancelled_on_the_phone_drops_the_follow_up_and_a_deleted_one_deletes_it(
    tmp_path: Path, dav_user: DavUser, today: date
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, _b):
        with a:
            dropped = create_follow_up(FollowUpDraft(title="Maybe lunch", due_date=today))
            deleted = create_follow_up(FollowUpDraft(title="Send notes", due_date=today))
            edited = create_follow_up(FollowUpDraft(title="Call Jonas", due_date=today))
            dropped_uid = FollowUp.get_by_id(dropped).uid
            deleted_uid = FollowUp.get_by_id(deleted).uid
            edited_uid = FollowUp.get_by_id(edited).uid
        a.sync()
        on_server = server_calendar(a, dav_user)
        path, etag, cal, todo = on_server[dropped_uid]  # type: ignore[misc]
        todo["STATUS"] = "CANCELLED"
        with DavClient(dav_user.url, dav_user.username, dav_user.password) as dav:
            dav.put(path, cal.to_ical().decode(), "text/calendar", etag=etag)
            dav.delete(on_server[deleted_uid][0])  # type: ignore[index]
            dav.delete(on_server[edited_uid][0])  # type: ignore[index]
        with a:  # changed here meanwhile: this one is kept and sent again
            from kith.core.follow_ups import load_follow_up_draft, update_follow_up

            draft = load_follow_up_draft(edited)
            draft.title = "Call Jonas about Lisbon"
            update_follow_up(edited, draft)
        report = a.sync()
        assert report.dropped_here == 1
        assert report.follow_ups_deleted_here == 1
        with a:
            assert FollowUp.get_by_id(dropped).status == "dropped"
            assert FollowUp.get_or_none(FollowUp.id == deleted) is None
            assert FollowUp.get_by_id(edited).title == "Call Jonas about Lisbon"
        on_server = server_calendar(a, dav_user)
        assert deleted_uid not in on_server
        assert str(on_server[edited_uid][3]["SUMMARY"]) == "Call Jonas about Lisbon"  # type: ignore[index]

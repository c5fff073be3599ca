"""Two Kiths sharing one calendar: birthdays are read back, not rewritten, and a 412 on a
calendar resource refreshes its ETag instead of failing on every later sync (real Radicale)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar

from kith.core.contacts import ContactDraft, load_draft, save_contact
from kith.core.follow_ups import FollowUpDraft, create_follow_up, load_follow_up_draft
from kith.core.follow_ups import update_follow_up as edit_follow_up
from kith.core.sync.accounts import find_account
from kith.core.sync.dav import DavClient
from kith.core.sync.engine import sync_account
from kith.store.models import Contact, FollowUp, SyncResource
from tests.core.sync.helpers import ACCOUNT, Kith, two_machines
from tests.core.sync.test_calendar_sync import server_calendar
from tests.dav_server import DavUser

PEOPLE = [("Mei Chen", 3, 14), ("Jonas Berg", 7, 2), ("Ana Lima", 11, 30)]


def etags(kith: Kith, user: DavUser) -> dict[str, str]:
    return {uid: found[1] for uid, found in server_calendar(kith, user).items()}  # type: ignore[index]


def summaries(kith: Kith, user: DavUser) -> set[str]:
    return {
        str(found[3]["SUMMARY"])  # type: ignore[index]
        for found in server_calendar(kith, user).values()
    }


def test_a_second_kith_reads_birthdays_back_instead_of_rewriting_each_one(
    tmp_path: Path, dav_user: DavUser
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, b):
        with a:
            for name, month, day in PEOPLE:
                save_contact(ContactDraft(full_name=name, birthday_month=month, birthday_day=day))
        assert a.sync().birthdays_sent == 3
        before = etags(a, dav_user)
        first = b.sync()
        assert first.received == 3
        assert first.birthdays_sent == 0  # A's events already say what B would send
        assert etags(a, dav_user) == before  # untouched on the server
        # Nothing left to do on either machine.
        assert a.sync().moved is False
        again = b.sync()
        assert again.moved is False and again.requests == 2  # one report per collection
        # An edit on A reaches B's contact and B adopts A's new event without a PUT.
        with a:
            mei = Contact.get(Contact.full_name == "Mei Chen").id
            draft = load_draft(mei)
            draft.full_name = "Mei Chen-Berg"
            save_contact(draft, mei)
        assert a.sync().birthdays_sent == 1
        changed = b.sync()
        assert changed.received == 1 and changed.birthdays_sent == 0
        assert "Mei Chen-Berg’s birthday" in summaries(a, dav_user)
        assert a.sync().moved is False
        assert b.sync().moved is False


def test_a_stale_etag_is_refreshed_after_a_412_and_the_change_still_goes_out(
    tmp_path: Path, dav_user: DavUser
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, _b):
        with a:
            mei = save_contact(
                ContactDraft(full_name="Mei Chen", birthday_month=3, birthday_day=14)
            )
        a.sync()
        # What an older Kith left behind: an ETag the server no longer has.
        with a:
            SyncResource.update(etag='"stale"').where(SyncResource.kind == "birthday").execute()
            draft = load_draft(mei)
            draft.birthday_day = 15
            save_contact(draft, mei)
        report = a.sync()
        assert report.birthdays_sent == 1
        event = next(iter(server_calendar(a, dav_user).values()))[3]  # type: ignore[index]
        assert event["DTSTART"].dt == date(1970, 3, 15)
        with a:
            stored = SyncResource.get(SyncResource.kind == "birthday").etag
            uid = Contact.get_by_id(mei).uid
        assert stored == etags(a, dav_user)[f"{uid}-birthday@kith"]
        assert a.sync().moved is False  # no 412 left behind


def test_a_task_ticked_off_on_a_phone_while_kith_sends_its_edit_is_not_lost(
    tmp_path: Path, dav_user: DavUser, today: date
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, _b):
        with a:
            first = create_follow_up(FollowUpDraft(title="Send the deck", due_date=today))
            second = create_follow_up(FollowUpDraft(title="Book the venue", due_date=today))
            second_uid = FollowUp.get_by_id(second).uid
        a.sync()
        with a:
            for follow_up in (first, second):
                draft = load_follow_up_draft(follow_up)
                draft.due_date = today + timedelta(days=2)
                edit_follow_up(follow_up, draft)
            account = find_account(ACCOUNT)
            assert account is not None
            phone_done = False

            def phone_ticks_off_the_second(done: int, total: int, what: str) -> None:
                # While Kith sends its edits, the phone completes the second task.
                nonlocal phone_done
                if what == "Sending follow-ups" and not phone_done:
                    phone_done = True
                    path, etag, cal, todo = server_calendar(a, dav_user)[second_uid]  # type: ignore[misc]
                    todo["STATUS"] = "COMPLETED"
                    todo.add("COMPLETED", todo["DTSTAMP"].dt)
                    with DavClient(dav_user.url, dav_user.username, dav_user.password) as dav:
                        dav.put(path, Calendar.to_ical(cal).decode(), "text/calendar", etag=etag)

            report = sync_account(account, progress=phone_ticks_off_the_second, timeout=5)
            assert phone_done
            assert report.completed_here == 1
            assert FollowUp.get_by_id(second).status == "done"
        todo = server_calendar(a, dav_user)[second_uid][3]  # type: ignore[index]
        assert str(todo["STATUS"]) == "COMPLETED"
        assert a.sync().moved is False

"""Interactions as journal entries (VJOURNAL) both ways between two Kiths, and journal notes
other apps write, on a real Radicale and a real Xandikos."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from icalendar import Calendar, Journal, vCalAddress

from kith.core.contacts import ChannelDraft, ContactDraft, save_contact
from kith.core.interactions import (
    InteractionDraft,
    delete_interaction,
    load_interaction_draft,
    log_interaction,
    update_interaction,
)
from kith.core.sync.accounts import list_accounts
from kith.core.sync.dav import CALENDAR, DavClient
from kith.store.models import Contact, Interaction, InteractionContact
from tests.core.sync.helpers import two_machines
from tests.dav_server import DavUser, XandikosServer


def interactions() -> dict[str, dict[str, Any]]:
    """Every interaction of the open database by uid, as a user would compare them."""
    people: dict[int, set[str]] = {}
    for interaction_id, uid in (
        InteractionContact.select(InteractionContact.interaction, Contact.uid)
        .join(Contact)
        .tuples()
    ):
        people.setdefault(interaction_id, set()).add(uid)
    return {
        i.uid: {
            "occurred_at": i.occurred_at.replace(microsecond=0),
            "kind": i.kind,
            "summary": i.summary,
            "notes": i.notes,
            "direction": i.direction,
            "initiator": i.initiator,
            "ask_size": i.ask_size,
            "people": people.get(i.id, set()),
            "created_at": i.created_at.replace(microsecond=0),
        }
        for i in Interaction.select()
    }


def log_some(now: datetime) -> tuple[int, int]:
    ana = save_contact(
        ContactDraft(full_name="Ana Lima", channels=[ChannelDraft("email", "ana@example.com")])
    )
    ben = save_contact(ContactDraft(full_name="Ben Okafor"))
    coffee = log_interaction(
        InteractionDraft(
            occurred_at=now - timedelta(days=2),
            kind="meal",
            contact_ids=[ana, ben],
            summary="Coffee at the Lisbon meetup",
            notes="Ana is hiring; Ben moves to Porto.",
            direction="gave",
            initiator="me",
        )
    )
    call = log_interaction(
        InteractionDraft(
            occurred_at=now - timedelta(hours=3),
            kind="call",
            contact_ids=[ana],
            direction="asked",
            initiator="them",
            ask_size="large",
        )
    )
    return coffee, call


def server_journals(kith: Any, user: DavUser) -> dict[str, Any]:
    with kith:
        url = list_accounts()[0].calendar_url
    with DavClient(user.url, user.username, user.password) as dav:
        found = dav.multiget(url, CALENDAR, dav.etags(url))
    result = {}
    for _path, (_etag, text) in found.items():
        for journal in Calendar.from_ical(text).walk("VJOURNAL"):
            result[str(journal["UID"])] = journal
    return result


def test_interactions_travel_as_journal_entries_and_come_back_exactly(
    tmp_path: Path, dav_user: DavUser, now: datetime
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, b):
        with a:
            _coffee, call = log_some(now)
            expected = interactions()
            call_uid = Interaction.get_by_id(call).uid
        assert a.sync().interactions_sent == 2
        # Other apps see journal notes: who (email where known), when, what.
        journal = server_journals(a, dav_user)[call_uid]
        assert str(journal["SUMMARY"]) == "Call with Ana Lima"
        assert str(journal["ATTENDEE"]) == "mailto:ana@example.com"
        assert journal["DTSTART"].dt.replace(tzinfo=None) == expected[call_uid]["occurred_at"]
        report = b.sync()
        assert report.interactions_received == 2 and report.interactions_sent == 0
        with b:
            assert interactions() == expected
        assert a.sync().moved is False
        assert b.sync().moved is False


def test_an_edit_and_a_deletion_travel_both_ways(
    tmp_path: Path, dav_user: DavUser, now: datetime
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, b):
        with a:
            coffee, call = log_some(now)
            coffee_uid = Interaction.get_by_id(coffee).uid
            call_uid = Interaction.get_by_id(call).uid
        a.sync()
        b.sync()
        with b:  # the laptop adds to the notes of the coffee
            mine = Interaction.get(Interaction.uid == coffee_uid).id
            draft = load_interaction_draft(mine)
            draft.notes += " Send Ana the deck."
            update_interaction(mine, draft)
        with a:  # the desktop deletes the call
            delete_interaction(call)
        assert b.sync().interactions_sent == 1
        report = a.sync()
        assert report.interactions_received == 1
        report = b.sync()
        assert report.interactions_deleted_here == 1
        with a:
            after_a = interactions()
        with b:
            after_b = interactions()
        assert after_a == after_b
        assert call_uid not in after_a
        assert after_a[coffee_uid]["notes"].endswith("Send Ana the deck.")
        assert a.sync().moved is False and b.sync().moved is False


def test_a_journal_note_from_another_app_about_someone_known_becomes_an_interaction(
    tmp_path: Path, dav_user: DavUser, now: datetime
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, _b):
        with a:
            save_contact(
                ContactDraft(
                    full_name="Ana Lima", channels=[ChannelDraft("email", "Ana@Example.com")]
                )
            )
            url = list_accounts()[0].calendar_url
        a.sync()
        assert url
        base = "/" + url.split("/", 3)[3]

        def note(uid: str, email: str, summary: str) -> str:
            journal = Journal()
            journal.add("uid", uid)
            journal.add("dtstamp", now)
            journal.add("dtstart", now - timedelta(days=1))
            journal.add("summary", summary)
            journal.add("attendee", vCalAddress(f"mailto:{email}"))
            cal = Calendar()
            cal.add("prodid", "-//jtx Board//EN")
            cal.add("version", "2.0")
            cal.add_component(journal)
            return cal.to_ical().decode()

        with DavClient(dav_user.url, dav_user.username, dav_user.password) as dav:
            dav.put(
                base + "n1.ics",
                note("n1", "ana@example.com", "Lunch, talked Lisbon"),
                "text/calendar",
            )
            dav.put(
                base + "n2.ics", note("n2", "stranger@example.org", "Met someone"), "text/calendar"
            )
        report = a.sync()
        assert report.interactions_received == 1 and report.interactions_sent == 0
        with a:
            made = Interaction.get(Interaction.uid == "n1")
            assert made.summary == "Lunch, talked Lisbon" and made.kind == "other"
            people = [c.full_name for c in Contact.select().join(InteractionContact)]
            assert people == ["Ana Lima"]
            assert not Interaction.select().where(Interaction.uid == "n2").exists()
        assert a.sync().moved is False


def test_interactions_travel_through_xandikos_and_a_calendar_without_journals_is_said(
    tmp_path: Path, xandikos: XandikosServer, now: datetime
) -> None:
    user = xandikos.user()
    with two_machines(tmp_path, user, calendar=True) as (a, b):
        with a:
            log_some(now)
            expected = interactions()
        assert a.sync().interactions_sent == 2
        assert b.sync().interactions_received == 2
        with b:
            assert interactions() == expected
    # A calendar made for tasks and events only (as an older Kith made it): said, not fatal.
    with DavClient(user.url, user.username, user.password) as dav:
        home = dav.home_sets()[CALENDAR]
        body = (
            '<?xml version="1.0" encoding="utf-8"?><C:mkcalendar xmlns:D="DAV:" '
            'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>'
            "<C:supported-calendar-component-set>"
            '<C:comp name="VTODO"/><C:comp name="VEVENT"/>'
            "</C:supported-calendar-component-set></D:prop></D:set></C:mkcalendar>"
        )
        assert dav.request("MKCALENDAR", home + "tasks-only/", body=body).status_code == 201
    from kith.core.sync.accounts import find_account, save_account
    from tests.core.sync.helpers import ACCOUNT

    with a:
        account = find_account(ACCOUNT)
        assert account is not None
        draft = account.draft()
        draft.calendar_url = home + "tasks-only/"
        save_account(draft, account.id)
    report = a.sync()
    assert report.interactions_sent == 0
    assert any("does not take journal entries" in note for note in report.notes)


def test_an_interaction_edited_on_both_sides_merges_field_by_field(
    tmp_path: Path, dav_user: DavUser, now: datetime
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, b):
        with a:
            coffee, _call = log_some(now)
            coffee_uid = Interaction.get_by_id(coffee).uid
        a.sync()
        b.sync()
        with b:  # the laptop adds to the notes …
            mine = Interaction.get(Interaction.uid == coffee_uid).id
            draft = load_interaction_draft(mine)
            draft.notes += " Send Ana the deck."
            update_interaction(mine, draft)
        b.sync()
        with a:  # … while the desktop says it was a meeting, not a meal
            draft = load_interaction_draft(coffee)
            draft.kind = "meeting"
            update_interaction(coffee, draft)
        a.sync()
        b.sync()
        with a:
            after_a = interactions()
        with b:
            after_b = interactions()
        assert after_a == after_b
        assert after_a[coffee_uid]["kind"] == "meeting"
        assert after_a[coffee_uid]["notes"].endswith("Send Ana the deck.")
        assert a.sync().moved is False and b.sync().moved is False

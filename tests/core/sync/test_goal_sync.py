"""Goals (with their people) and per-tag cadences travel between two Kiths through the
calendar, on a real Radicale."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kith.core.contacts import ContactDraft, save_contact
from kith.core.follow_ups import FollowUpDraft, create_follow_up
from kith.core.goals import (
    GoalDraft,
    create_goal,
    delete_goal,
    link_contacts,
    load_goal_draft,
    unlink_contacts,
    update_goal,
)
from kith.core.interactions import InteractionDraft, log_interaction
from kith.core.rules.cadence import set_tag_cadence, tag_cadences
from kith.store.models import Contact, FollowUp, Goal, GoalContact, Interaction
from tests.core.sync.helpers import two_machines
from tests.core.sync.test_calendar_sync import server_calendar
from tests.dav_server import DavUser


def goals() -> dict[str, dict[str, Any]]:
    """Every goal by uid with its people, and what follow-ups and interactions serve it."""
    people: dict[int, set[str]] = {}
    for goal_id, uid in GoalContact.select(GoalContact.goal, Contact.uid).join(Contact).tuples():
        people.setdefault(goal_id, set()).add(uid)
    return {
        g.uid: {
            "title": g.title,
            "why": g.why,
            "target_date": g.target_date,
            "status": g.status,
            "people": people.get(g.id, set()),
            "created_at": g.created_at.replace(microsecond=0),
            "follow_ups": {f.uid for f in FollowUp.select().where(FollowUp.goal == g.id)},
            "interactions": {i.uid for i in Interaction.select().where(Interaction.goal == g.id)},
        }
        for g in Goal.select()
    }


def cadences() -> dict[str, int | None]:
    return {name: days for name, days in tag_cadences() if days is not None}


def build(today: date, now: datetime) -> int:
    ana = save_contact(ContactDraft(full_name="Ana Lima", tags=["Lisbon"]))
    ben = save_contact(ContactDraft(full_name="Ben Okafor", tags=["Investors"]))
    lisbon = create_goal(
        GoalDraft(
            title="Move to Lisbon",
            why="Closer to the team; better light.",
            target_date=today + timedelta(days=200),
        )
    )
    link_contacts(lisbon, [ana, ben])
    create_goal(GoalDraft(title="Raise a seed round", status="achieved"))
    create_follow_up(
        FollowUpDraft(title="Ask Ana about flats", due_date=today, contact_id=ana, goal_id=lisbon)
    )
    log_interaction(
        InteractionDraft(
            occurred_at=now - timedelta(days=1),
            kind="call",
            contact_ids=[ana],
            summary="Neighbourhoods",
            goal_id=lisbon,
        )
    )
    set_tag_cadence("Investors", 90)
    return lisbon


def test_goals_with_their_people_and_what_serves_them_reach_the_second_computer(
    tmp_path: Path, dav_user: DavUser, today: date, now: datetime
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, b):
        with a:
            lisbon = build(today, now)
            lisbon_uid = Goal.get_by_id(lisbon).uid
            flats_uid = FollowUp.get(FollowUp.title == "Ask Ana about flats").uid
            expected, expected_cadences = goals(), cadences()
        report = a.sync()
        assert report.goals_sent == 2 and report.tag_cadences_sent == 1  # Investors
        # Task apps see the goal as a task and the follow-up as its subtask.
        on_server = server_calendar(a, dav_user)
        goal_task = on_server[lisbon_uid][3]  # type: ignore[index]
        assert str(goal_task["SUMMARY"]) == "Move to Lisbon"
        assert goal_task["DUE"].dt == today + timedelta(days=200)
        subtask = on_server[flats_uid][3]  # type: ignore[index]
        assert str(subtask["RELATED-TO"]) == lisbon_uid
        assert subtask["RELATED-TO"].params["RELTYPE"] == "PARENT"
        report = b.sync()
        assert report.goals_received == 2 and report.tag_cadences_received == 1
        with b:
            assert goals() == expected
            assert cadences() == expected_cadences == {"Investors": 90}
        assert a.sync().moved is False
        assert b.sync().moved is False


def test_goal_and_cadence_edits_on_both_sides_converge_and_a_deleted_goal_goes(
    tmp_path: Path, dav_user: DavUser, today: date, now: datetime
) -> None:
    with two_machines(tmp_path, dav_user, calendar=True) as (a, b):
        with a:
            lisbon = build(today, now)
            lisbon_uid = Goal.get_by_id(lisbon).uid
        a.sync()
        b.sync()
        with b:  # the laptop renames the goal, drops Ben from it, and adds a tag cadence
            mine = Goal.get(Goal.uid == lisbon_uid).id
            draft = load_goal_draft(mine)
            draft.title = "Move to Lisbon by spring"
            update_goal(mine, draft)
            unlink_contacts(mine, [Contact.get(Contact.full_name == "Ben Okafor").id])
            set_tag_cadence("Lisbon", 30)
        with a:  # the desktop changes the investors' cadence meanwhile
            set_tag_cadence("Investors", 60)
        b.sync()
        a.sync()
        b.sync()
        with a:
            after_a, cadences_a = goals(), cadences()
        with b:
            after_b, cadences_b = goals(), cadences()
        assert after_a == after_b
        assert after_a[lisbon_uid]["title"] == "Move to Lisbon by spring"
        assert len(after_a[lisbon_uid]["people"]) == 1
        assert cadences_a == cadences_b == {"Investors": 60, "Lisbon": 30}
        with a:
            delete_goal(lisbon)
        a.sync()
        assert b.sync().goals_deleted_here == 1
        with b:
            assert lisbon_uid not in goals()
            flats = FollowUp.get(FollowUp.title == "Ask Ana about flats")
            assert flats.goal_id is None  # the follow-up stays, without the goal
        assert a.sync().moved is False and b.sync().moved is False


@pytest.mark.parametrize("server", ["radicale", "xandikos"])
def test_a_goal_edited_on_both_computers_keeps_both_edits_field_by_field(
    tmp_path: Path, server: str, request: pytest.FixtureRequest, today: date, now: datetime
) -> None:
    user: DavUser = (
        request.getfixturevalue("dav_user")
        if server == "radicale"
        else request.getfixturevalue("xandikos").user()
    )
    ben_uid = ""
    with two_machines(tmp_path, user, calendar=True) as (a, b):
        with a:
            lisbon = build(today, now)
            lisbon_uid = Goal.get_by_id(lisbon).uid
            ben_uid = Contact.get(Contact.full_name == "Ben Okafor").uid
        a.sync()
        b.sync()
        with b:  # the laptop renames the goal and takes Ben off it …
            mine = Goal.get(Goal.uid == lisbon_uid).id
            draft = load_goal_draft(mine)
            draft.title = "Move to Lisbon by spring"
            update_goal(mine, draft)
            unlink_contacts(mine, [Contact.get(Contact.uid == ben_uid).id])
        b.sync()
        with a:  # … while the desktop, not yet synced, moves its date and marks it achieved
            draft = load_goal_draft(lisbon)
            draft.target_date = today + timedelta(days=90)
            draft.status = "achieved"
            update_goal(lisbon, draft)
        report = a.sync()
        assert report.conflicts == 0  # different fields: nothing to choose between
        b.sync()
        with a:
            after_a = goals()
        with b:
            after_b = goals()
        assert after_a == after_b
        merged = after_a[lisbon_uid]
        assert merged["title"] == "Move to Lisbon by spring"
        assert merged["target_date"] == today + timedelta(days=90)
        assert merged["status"] == "achieved"
        assert ben_uid not in merged["people"] and len(merged["people"]) == 1
        assert merged["why"] == "Closer to the team; better light."
        assert a.sync().moved is False and b.sync().moved is False

        # The same field on both sides: the computer that syncs second keeps its own title,
        # and the other one is kept in the goal's "why", as contacts keep it in the notes.
        with b:
            draft = load_goal_draft(mine)
            draft.title = "Lisbon, after the summer"
            update_goal(mine, draft)
        b.sync()
        with a:
            draft = load_goal_draft(lisbon)
            draft.title = "Lisbon or Porto"
            update_goal(lisbon, draft)
        assert a.sync().conflicts == 1
        b.sync()
        with a:
            after_a = goals()
        with b:
            after_b = goals()
        assert after_a == after_b
        assert after_a[lisbon_uid]["title"] == "Lisbon or Porto"
        why = after_a[lisbon_uid]["why"]
        assert why.startswith("Closer to the team; better light.")
        assert "Title was “Lisbon, after the summer” on the server" in why
        assert after_a[lisbon_uid]["target_date"] == today + timedelta(days=90)
        assert a.sync().moved is False and b.sync().moved is False

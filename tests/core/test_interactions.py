"""Logging interactions: validation, one transaction with the follow-up, edit, delete, undo."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

import kith.core.follow_ups as follow_ups_module
from kith.core.contacts import delete_contacts
from kith.core.errors import ValidationError
from kith.core.follow_ups import follow_up_item
from kith.core.interactions import (
    InteractionDraft,
    delete_interaction,
    load_interaction_draft,
    log_interaction,
    record_interaction,
    restore_interaction,
    undo_log,
    update_interaction,
    validate_interaction,
)
from kith.store.changes import changes
from kith.store.models import FollowUp, Goal, Interaction, InteractionContact
from tests.core.rules_fixtures import BERLIN, NOW, person


@pytest.fixture
def announced():
    seen: list[frozenset[str]] = []
    unsubscribe = changes.subscribe(seen.append)
    yield seen
    unsubscribe()


def draft(contact_ids, **fields):
    return InteractionDraft(
        occurred_at=fields.pop("occurred_at", NOW - timedelta(hours=2)),
        kind=fields.pop("kind", "meal"),
        contact_ids=contact_ids,
        summary=fields.pop("summary", "Coffee at Oslo"),
        **fields,
    )


def test_validation_names_each_problem(db):
    errors = validate_interaction(
        InteractionDraft(
            occurred_at=NOW + timedelta(days=2),
            kind="telepathy",
            direction="sideways",
            summary="x" * 201,
            goal_id=42,
            follow_up_in_days=-1,
        ),
        now=NOW,
        tz=UTC,
    )
    assert errors == {
        "contact_ids": "Pick at least one person",
        "kind": "Unknown kind of interaction",
        "direction": "Choose what flowed: gave, asked, they gave, they asked, both or neither",
        "occurred_at": "That day has not come yet: plan it as a follow-up instead",
        "summary": "Keep the summary under 200 characters",
        "goal": "That goal is no longer in Kith",
        "follow_up_in_days": "Follow up within 0 to 3650 days",
    }
    assert validate_interaction(draft([12345]), now=NOW)["contact_ids"] == (
        "Someone you picked is no longer in Kith"
    )


def test_later_today_is_fine_but_tomorrow_is_not(db):
    jonas = person("Jonas")
    # 23:30 UTC on the 23rd is still today in UTC but already tomorrow in Berlin.
    later = datetime(2026, 11, 23, 23, 30)
    assert "occurred_at" not in validate_interaction(
        draft([jonas], occurred_at=later), now=NOW, tz=UTC
    )
    assert "occurred_at" in validate_interaction(
        draft([jonas], occurred_at=later), now=NOW, tz=BERLIN
    )


def test_log_with_several_people_and_an_aware_time(db, announced):
    ana, ben = person("Ana"), person("Ben")
    local = datetime(2026, 11, 23, 9, 15, tzinfo=BERLIN)
    interaction_id = log_interaction(
        draft([ana, ben, ana], occurred_at=local, direction="gave"), now=NOW, tz=BERLIN
    )
    row = Interaction.get_by_id(interaction_id)
    assert row.occurred_at == datetime(2026, 11, 23, 8, 15)  # stored as UTC
    assert (row.kind, row.summary, row.direction) == ("meal", "Coffee at Oslo", "gave")
    assert sorted(
        link.contact_id
        for link in InteractionContact.select().where(
            InteractionContact.interaction == interaction_id
        )
    ) == [ana, ben]
    assert announced[-1] >= {"interaction", "interaction_contact"}


def test_log_refuses_a_bad_draft_and_writes_nothing(db):
    with pytest.raises(ValidationError) as caught:
        log_interaction(draft([]), now=NOW)
    assert "contact_ids" in caught.value.errors
    assert Interaction.select().count() == 0


def test_follow_up_in_n_days_is_created_in_the_same_step(db):
    jonas = person("Jonas Weber", given_name="Jonas")
    goal = Goal.create(title="Speak at three conferences")
    logged = record_interaction(
        draft([jonas], follow_up_in_days=7, goal_id=goal.id), now=NOW, tz=BERLIN
    )
    item = follow_up_item(logged.follow_up_id, tz=BERLIN)
    assert item.title == "Follow up with Jonas"
    assert (item.contact_id, item.due_date, item.due_time) == (jonas, date(2026, 11, 30), None)
    assert item.notes == "Coffee at Oslo"
    assert item.goal_id == goal.id
    assert item.remind_at == datetime(2026, 11, 30, 8, 0)  # 09:00 in Berlin
    titled = record_interaction(
        draft([jonas, person("Mia")], follow_up_in_days=0, follow_up_title="Send the deck"),
        now=NOW,
        tz=BERLIN,
    )
    assert follow_up_item(titled.follow_up_id, tz=BERLIN).title == "Send the deck"
    untitled = record_interaction(draft([jonas, person("Kai")], follow_up_in_days=1), now=NOW)
    assert follow_up_item(untitled.follow_up_id).title == "Follow up with Jonas and 1 other"


def test_interaction_and_follow_up_are_one_transaction(db, monkeypatch, announced):
    jonas = person("Jonas")
    announced.clear()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(follow_ups_module, "insert_follow_up", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        log_interaction(draft([jonas], follow_up_in_days=3), now=NOW)
    assert Interaction.select().count() == 0
    assert InteractionContact.select().count() == 0
    assert FollowUp.select().count() == 0
    assert announced == []


def test_edit_returns_the_old_draft_for_undo(db):
    ana, ben = person("Ana"), person("Ben")
    interaction_id = log_interaction(draft([ana], summary="Lunch"), now=NOW)
    old = load_interaction_draft(interaction_id)
    before = update_interaction(
        interaction_id, draft([ben], summary="Lunch with Ben", kind="call"), now=NOW
    )
    assert before == old
    now_draft = load_interaction_draft(interaction_id)
    assert (now_draft.summary, now_draft.kind, now_draft.contact_ids) == (
        "Lunch with Ben",
        "call",
        [ben],
    )
    update_interaction(interaction_id, before, now=NOW)
    assert load_interaction_draft(interaction_id) == old
    with pytest.raises(ValidationError):
        update_interaction(interaction_id, draft([]), now=NOW)


def test_delete_and_restore(db):
    ana, ben = person("Ana"), person("Ben")
    interaction_id = log_interaction(draft([ana, ben], notes="She moved to Lisbon"), now=NOW)
    completed = FollowUp.create(
        title="Ask about Lisbon",
        due_at=datetime(2026, 11, 20),
        status="done",
        interaction=interaction_id,
    )
    snapshot = delete_interaction(interaction_id)
    assert Interaction.select().count() == 0
    assert FollowUp.get_by_id(completed.id).interaction_id is None
    restored = restore_interaction(snapshot)
    assert restored == interaction_id
    assert load_interaction_draft(restored).notes == "She moved to Lisbon"
    assert load_interaction_draft(restored).contact_ids == [ana, ben]
    assert FollowUp.get_by_id(completed.id).interaction_id == interaction_id


def test_restore_leaves_out_people_deleted_meanwhile(db):
    ana, ben = person("Ana"), person("Ben")
    interaction_id = log_interaction(draft([ana, ben]), now=NOW)
    snapshot = delete_interaction(interaction_id)
    delete_contacts([ben])
    restored = restore_interaction(snapshot)
    assert load_interaction_draft(restored).contact_ids == [ana]


def test_undo_log_removes_the_follow_up_too(db):
    jonas = person("Jonas")
    logged = record_interaction(draft([jonas], follow_up_in_days=2), now=NOW)
    undo_log(logged)
    assert Interaction.select().count() == 0
    assert FollowUp.select().count() == 0


def test_default_morning_can_be_changed(db):
    jonas = person("Jonas")
    logged = record_interaction(
        draft([jonas], follow_up_in_days=1), now=NOW, tz=UTC, morning=time(7, 30)
    )
    assert follow_up_item(logged.follow_up_id).remind_at == datetime(2026, 11, 24, 7, 30)


def test_an_ask_keeps_its_size_and_other_directions_drop_it(db):
    ana = person("Ana")
    asked = log_interaction(draft([ana], direction="asked", ask_size="large"), now=NOW, tz=UTC)
    gave = log_interaction(draft([ana], direction="gave", ask_size="large"), now=NOW, tz=UTC)
    assert Interaction.get_by_id(asked).ask_size == "large"
    assert load_interaction_draft(asked).ask_size == "large"
    assert Interaction.get_by_id(gave).ask_size is None
    errors = validate_interaction(draft([ana], direction="asked", ask_size="huge"), now=NOW)
    assert errors == {"ask_size": "Choose a small, medium or large ask"}


def test_goal_choices_are_the_active_goals_and_the_one_already_chosen(db):
    from kith.core.interactions import goal_choices

    speak = Goal.create(title="Speak at two conferences")
    Goal.create(title="Old job hunt", status="achieved")
    hire = Goal.create(title="Hire a designer")
    dropped = Goal.create(title="Learn Rust", status="dropped")
    assert [g.title for g in goal_choices()] == ["Hire a designer", "Speak at two conferences"]
    chosen = goal_choices(include=dropped.id)
    assert [(g.id, g.active) for g in chosen] == [
        (hire.id, True),
        (dropped.id, False),
        (speak.id, True),
    ]

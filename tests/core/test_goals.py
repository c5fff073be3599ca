"""Goals: create, edit, link people, progress per month and the purpose share."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest

from kith.core.errors import ValidationError
from kith.core.follow_ups import FollowUpDraft, create_follow_up, drop
from kith.core.goals import (
    GoalDraft,
    create_goal,
    delete_goal,
    goal_follow_ups,
    goal_interactions,
    goal_people,
    goal_summaries,
    interactions_per_month,
    link_contacts,
    load_goal_draft,
    purpose_share,
    restore_goal,
    set_goal_status,
    unlink_contacts,
    update_goal,
)
from kith.store.models import Interaction
from tests.core.rules_fixtures import NOW, TODAY, log, person


def test_a_goal_needs_a_title_and_a_known_status(db: object) -> None:
    with pytest.raises(ValidationError) as problem:
        create_goal(GoalDraft(title="  ", status="someday"))
    assert set(problem.value.errors) == {"title", "status"}


def test_create_edit_and_mark_achieved(db: object) -> None:
    goal = create_goal(GoalDraft("Find three speaking engagements", "Visibility", date(2027, 6, 1)))
    before = update_goal(goal, GoalDraft("Find three talks", "Visibility", date(2027, 6, 1)))
    assert before.title == "Find three speaking engagements"
    assert set_goal_status(goal, "achieved") == "active"
    assert load_goal_draft(goal) == GoalDraft(
        "Find three talks", "Visibility", date(2027, 6, 1), "achieved"
    )


def test_linking_people_skips_those_already_linked_and_unlink_reports_who_left(db: object) -> None:
    goal = create_goal(GoalDraft("Hire a designer"))
    ana, ben = person("Ana Silva"), person("Ben Ito")
    assert link_contacts(goal, [ana, ben]) == [ana, ben]
    assert link_contacts(goal, [ana]) == []
    assert [p.full_name for p in goal_people(goal, NOW, tz=UTC)] == ["Ana Silva", "Ben Ito"]
    assert unlink_contacts(goal, [ben, ben]) == [ben]
    assert [p.contact_id for p in goal_people(goal, NOW, tz=UTC)] == [ana]


def test_people_are_listed_strongest_first(db: object) -> None:
    goal = create_goal(GoalDraft("Raise a seed round"))
    ana, ben = person("Ana Silva"), person("Ben Ito")
    link_contacts(goal, [ana, ben])
    log(ben, TODAY - timedelta(days=2), "meeting")
    people = goal_people(goal, NOW, tz=UTC)
    assert [p.full_name for p in people] == ["Ben Ito", "Ana Silva"]
    assert people[0].strength > 0 and people[1].strength == 0
    assert people[0].last_contact is not None


def test_progress_counts_interactions_per_local_month(db: object) -> None:
    goal = create_goal(GoalDraft("Speak at conferences"))
    ana = person("Ana Silva")
    log(ana, date(2026, 11, 2), goal_id=goal)
    log(ana, date(2026, 11, 20), goal_id=goal)
    log(ana, date(2026, 9, 30), goal_id=goal)
    log(ana, date(2026, 10, 5))  # served no goal
    log(ana, date(2025, 11, 30), goal_id=goal)  # 12 months back: outside the chart
    months = interactions_per_month(goal, NOW, tz=UTC, months=12)
    assert len(months) == 12
    assert (months[0].year, months[0].month) == (2025, 12)
    assert (months[-1].year, months[-1].month, months[-1].count) == (2026, 11, 2)
    assert months[-2].count == 0 and months[-3].count == 1
    assert sum(m.count for m in months) == 3


def test_summaries_recent_interactions_and_open_follow_ups(db: object) -> None:
    talks = create_goal(GoalDraft("Speak at conferences", target_date=date(2027, 3, 1)))
    hire = create_goal(GoalDraft("Hire a designer"))
    done = create_goal(GoalDraft("Old goal", status="achieved"))
    ana = person("Ana Silva")
    link_contacts(talks, [ana])
    log(ana, TODAY - timedelta(days=10), "call", summary="CFP chat", goal_id=talks)
    log(ana, TODAY - timedelta(days=200), goal_id=talks)
    keep = create_follow_up(FollowUpDraft("Send abstract", TODAY, contact_id=ana, goal_id=talks))
    dropped = create_follow_up(FollowUpDraft("Old idea", TODAY, goal_id=talks))
    drop(dropped, now=NOW)
    summaries = goal_summaries(NOW, tz=UTC)
    assert [g.id for g in summaries] == [talks, hire, done]
    first = summaries[0]
    assert (first.people, first.open_follow_ups, first.recent_interactions) == (1, 1, 1)
    assert first.last_interaction is not None
    assert [i.id for i in goal_follow_ups(talks, tz=UTC)] == [keep]
    recent = goal_interactions(talks)
    assert recent[0].summary == "CFP chat"
    assert recent[0].names == ("Ana Silva",)


def test_purpose_share_counts_only_active_goals_in_the_last_90_days(db: object) -> None:
    active = create_goal(GoalDraft("Speak"))
    achieved = create_goal(GoalDraft("Old", status="achieved"))
    ana = person("Ana Silva")
    assert purpose_share(NOW, tz=UTC).share is None
    log(ana, TODAY, goal_id=active)
    log(ana, TODAY - timedelta(days=89), goal_id=active)  # the 90th day back: inside
    log(ana, TODAY - timedelta(days=90), goal_id=active)  # outside
    log(ana, TODAY - timedelta(days=3), goal_id=achieved)  # not an active goal
    log(ana, TODAY - timedelta(days=4))
    share = purpose_share(NOW, tz=UTC)
    assert (share.with_goal, share.total) == (2, 4)
    assert share.share == 0.5
    assert share.text == "2 of 4 interactions in the last 90 days served an active goal (50 %)"


def test_delete_keeps_interactions_and_restore_puts_every_link_back(db: object) -> None:
    goal = create_goal(GoalDraft("Speak"))
    ana = person("Ana Silva")
    link_contacts(goal, [ana])
    interaction = log(ana, TODAY, goal_id=goal)
    follow_up = create_follow_up(FollowUpDraft("Send abstract", TODAY, goal_id=goal))
    snapshot = delete_goal(goal)
    assert goal_summaries(NOW, tz=UTC) == []
    assert Interaction.get_by_id(interaction).goal_id is None
    restored = restore_goal(snapshot)
    assert restored == goal
    assert [p.contact_id for p in goal_people(goal, NOW, tz=UTC)] == [ana]
    assert Interaction.get_by_id(interaction).goal_id == goal
    assert [f.id for f in goal_follow_ups(goal, tz=UTC)] == [follow_up]

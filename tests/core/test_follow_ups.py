"""Follow-ups: saving, reminders, repeats across month ends and DST, done, move, snooze, queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from kith.core.errors import ValidationError
from kith.core.follow_up_counts import due_counts
from kith.core.follow_ups import (
    FollowUpDraft,
    FollowUpStateError,
    complete_follow_up,
    create_follow_up,
    delete_follow_up,
    drop,
    due_today,
    follow_up_item,
    follow_ups_between,
    follow_ups_of,
    load_follow_up_draft,
    open_follow_ups,
    overdue,
    quadrants,
    reopen,
    reschedule,
    restore_follow_up,
    snooze,
    undo_completion,
    update_follow_up,
    validate_follow_up,
)
from kith.core.interactions import InteractionDraft, load_interaction_draft
from kith.store.models import FollowUp, Goal, Interaction
from tests.core.rules_fixtures import BERLIN, NEW_YORK, NOW, TODAY, person


def make(title="Send the slides", due=TODAY, **fields) -> int:
    tz = fields.pop("tz", UTC)
    return create_follow_up(FollowUpDraft(title=title, due_date=due, **fields), tz=tz)


def item(follow_up_id, tz=UTC):
    return follow_up_item(follow_up_id, tz=tz)


def open_items(tz=UTC):
    return open_follow_ups(tz=tz)


# --- saving ----------------------------------------------------------------------------------


def test_validation(db):
    errors = validate_follow_up(
        FollowUpDraft(title=" ", contact_id=999, rrule="FREQ=HOURLY", goal_id=5)
    )
    assert errors == {
        "title": "Say what to do",
        "due_date": "Pick the day it is due",
        "contact": "That person is no longer in Kith",
        "rrule": "A follow-up repeats daily, weekly, monthly or yearly.",
        "goal": "That goal is no longer in Kith",
    }
    with pytest.raises(ValidationError):
        create_follow_up(FollowUpDraft(title="", due_date=TODAY))
    assert FollowUp.select().count() == 0


def test_a_date_only_follow_up_reminds_in_the_morning_of_its_day(db):
    follow_up_id = make(due=date(2026, 12, 1), tz=BERLIN)
    row = FollowUp.get_by_id(follow_up_id)
    assert (row.due_at, row.due_has_time) == (datetime(2026, 12, 1), False)
    assert row.remind_at == datetime(2026, 12, 1, 8, 0)  # 09:00 in Berlin
    got = item(follow_up_id, BERLIN)
    assert (got.due_date, got.due_time, got.status) == (date(2026, 12, 1), None, "open")
    # The due date is a calendar date: the same wherever you look from.
    assert item(follow_up_id, NEW_YORK).due_date == date(2026, 12, 1)


def test_a_timed_follow_up_reminds_at_its_time_and_is_stored_in_utc(db):
    follow_up_id = make(due=date(2026, 12, 1), due_time=time(15, 30), tz=NEW_YORK)
    row = FollowUp.get_by_id(follow_up_id)
    assert (row.due_at, row.due_has_time, row.remind_at) == (
        datetime(2026, 12, 1, 20, 30),
        True,
        datetime(2026, 12, 1, 20, 30),
    )
    assert item(follow_up_id, NEW_YORK).due_time == time(15, 30)


def test_explicit_reminder_or_none(db):
    custom = make(remind_at=datetime(2026, 11, 22, 18, 0, tzinfo=BERLIN))
    assert FollowUp.get_by_id(custom).remind_at == datetime(2026, 11, 22, 17, 0)
    silent = make(reminder=False)
    assert FollowUp.get_by_id(silent).remind_at is None


def test_load_draft_round_trips_and_keeps_default_reminders_default(db):
    jonas = person("Jonas")
    follow_up_id = make(
        due=date(2026, 12, 1),
        due_time=time(9, 0),
        contact_id=jonas,
        urgent=True,
        rrule="FREQ=MONTHLY",
        notes="Deck v3",
        tz=BERLIN,
    )
    loaded = load_follow_up_draft(follow_up_id, tz=BERLIN)
    assert loaded == FollowUpDraft(
        title="Send the slides",
        due_date=date(2026, 12, 1),
        due_time=time(9, 0),
        contact_id=jonas,
        notes="Deck v3",
        urgent=True,
        rrule="FREQ=MONTHLY;BYMONTHDAY=1",
        remind_at=None,
        reminder=True,
    )
    loaded.due_date = date(2026, 12, 3)
    update_follow_up(follow_up_id, loaded, tz=BERLIN)
    row = FollowUp.get_by_id(follow_up_id)
    assert row.remind_at == datetime(2026, 12, 3, 8, 0)  # the reminder moved with the date
    assert row.rrule == "FREQ=MONTHLY;BYMONTHDAY=3"  # editing the date moves the series


def test_editing_the_title_keeps_a_month_end_series_on_the_month_end(db):
    follow_up_id = make(due=date(2027, 1, 31), rrule="FREQ=MONTHLY")
    february = complete_follow_up(follow_up_id, now=datetime(2027, 1, 31, 10)).next_follow_up_id
    assert item(february).due_date == date(2027, 2, 28)
    draft = load_follow_up_draft(february)
    draft.title = "Pay the rent"
    before = update_follow_up(february, draft)
    assert before.row["title"] == "Send the slides"
    march = complete_follow_up(february, now=datetime(2027, 2, 28, 10)).next_follow_up_id
    assert (item(march).title, item(march).due_date) == ("Pay the rent", date(2027, 3, 31))


# --- repeats -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "due", "completed", "next_due"),
    [
        ("FREQ=MONTHLY", date(2027, 1, 31), date(2027, 1, 31), date(2027, 2, 28)),
        ("FREQ=MONTHLY", date(2028, 1, 31), date(2028, 1, 30), date(2028, 2, 29)),
        ("FREQ=MONTHLY;INTERVAL=3", date(2026, 11, 30), date(2026, 11, 30), date(2027, 2, 28)),
        ("FREQ=YEARLY", date(2028, 2, 29), date(2028, 2, 29), date(2029, 2, 28)),
        ("FREQ=YEARLY", date(2031, 2, 28), date(2031, 2, 28), date(2032, 2, 28)),
        # Done late: the next one is the first of the series after today, not overdue.
        ("FREQ=MONTHLY", date(2026, 8, 10), date(2026, 11, 23), date(2026, 12, 10)),
        # Done early: the next one is still a full step after this due date.
        ("FREQ=WEEKLY", date(2026, 11, 30), date(2026, 11, 23), date(2026, 12, 7)),
        ("FREQ=DAILY", date(2026, 11, 20), date(2026, 11, 23), date(2026, 11, 24)),
    ],
)
def test_completing_a_repeat_creates_the_next_occurrence(db, rule, due, completed, next_due):
    follow_up_id = make(due=due, rrule=rule)
    done = complete_follow_up(follow_up_id, now=datetime.combine(completed, time(12)), tz=UTC)
    assert item(follow_up_id).status == "done"
    assert item(done.next_follow_up_id).due_date == next_due
    assert item(done.next_follow_up_id).status == "open"


def test_the_next_occurrence_copies_everything_but_the_date(db):
    jonas = person("Jonas")
    goal = Goal.create(title="Raise a seed round")
    follow_up_id = make(
        title="Quarterly update",
        due=date(2026, 11, 20),
        due_time=time(9, 0),
        contact_id=jonas,
        notes="Numbers + hiring",
        urgent=True,
        important=True,
        goal_id=goal.id,
        rrule="FREQ=MONTHLY;INTERVAL=3",
        remind_at=datetime(2026, 11, 19, 18, 0),  # the evening before (UTC)
    )
    next_id = complete_follow_up(follow_up_id, now=NOW, tz=UTC).next_follow_up_id
    got = item(next_id)
    assert (got.title, got.contact_id, got.notes, got.urgent, got.important, got.goal_id) == (
        "Quarterly update",
        jonas,
        "Numbers + hiring",
        True,
        True,
        goal.id,
    )
    assert (got.due_date, got.due_time) == (date(2027, 2, 20), time(9, 0))
    assert got.remind_at == datetime(2027, 2, 19, 18, 0)  # still the evening before
    assert got.repeat_text == "every 3 months on the 20th"


@pytest.mark.parametrize(
    ("tz", "due", "rule", "next_due", "utc_before", "utc_after"),
    [
        # Berlin leaves summer time on 25 October 2026: 09:00 is 07:00 UTC, then 08:00 UTC.
        (BERLIN, date(2026, 10, 20), "FREQ=WEEKLY", date(2026, 10, 27), 7, 8),
        # …and enters it on 28 March 2027: 08:00 UTC, then 07:00 UTC.
        (BERLIN, date(2027, 3, 23), "FREQ=WEEKLY", date(2027, 3, 30), 8, 7),
        # New York leaves summer time on 1 November 2026: 13:00 UTC, then 14:00 UTC.
        (NEW_YORK, date(2026, 10, 15), "FREQ=MONTHLY", date(2026, 11, 15), 13, 14),
        # …and enters it on 14 March 2027.
        (NEW_YORK, date(2027, 3, 10), "FREQ=DAILY;INTERVAL=5", date(2027, 3, 15), 14, 13),
    ],
)
def test_a_9am_repeat_stays_9am_local_across_dst(
    db, tz, due, rule, next_due, utc_before, utc_after
):
    follow_up_id = make(due=due, due_time=time(9, 0), rrule=rule, tz=tz)
    first = FollowUp.get_by_id(follow_up_id)
    assert first.due_at.hour == first.remind_at.hour == utc_before
    now = datetime.combine(due, time(7, 0)).replace(tzinfo=tz)
    next_id = complete_follow_up(follow_up_id, now=now, tz=tz).next_follow_up_id
    row = FollowUp.get_by_id(next_id)
    assert row.due_at == datetime.combine(next_due, time(utc_after, 0))
    assert row.remind_at == row.due_at
    assert (item(next_id, tz).due_date, item(next_id, tz).due_time) == (next_due, time(9, 0))


def test_a_date_only_repeat_keeps_its_morning_reminder_across_dst(db):
    follow_up_id = make(due=date(2026, 10, 20), rrule="FREQ=WEEKLY", tz=BERLIN)
    assert FollowUp.get_by_id(follow_up_id).remind_at == datetime(2026, 10, 20, 7, 0)
    next_id = complete_follow_up(
        follow_up_id, now=datetime(2026, 10, 20, 8), tz=BERLIN
    ).next_follow_up_id
    assert FollowUp.get_by_id(next_id).remind_at == datetime(2026, 10, 27, 8, 0)  # 09:00 CET


def test_a_counted_repeat_ends(db):
    follow_up_id = make(due=date(2026, 11, 1), rrule="FREQ=MONTHLY;COUNT=2")
    second = complete_follow_up(follow_up_id, now=datetime(2026, 11, 1, 12)).next_follow_up_id
    assert item(second).repeat_text == "every month on the 1st, this is the last time"
    assert complete_follow_up(second, now=datetime(2026, 12, 1, 12)).next_follow_up_id is None


# --- done, with an interaction ------------------------------------------------------------------


def test_complete_logs_the_interaction_that_did_it(db):
    jonas = person("Jonas")
    goal = Goal.create(title="Find a co-founder")
    follow_up_id = make(title="Call Jonas about the role", contact_id=jonas, goal_id=goal.id)
    done = complete_follow_up(
        follow_up_id,
        interaction=InteractionDraft(occurred_at=NOW, kind="call", summary="He's in"),
        now=NOW,
    )
    row = FollowUp.get_by_id(follow_up_id)
    assert (row.status, row.completed_at, row.interaction_id) == ("done", NOW, done.interaction_id)
    logged = load_interaction_draft(done.interaction_id)
    assert (logged.contact_ids, logged.goal_id, logged.summary) == ([jonas], goal.id, "He's in")
    assert done.next_follow_up_id is None
    with pytest.raises(FollowUpStateError, match="already done"):
        complete_follow_up(follow_up_id, now=NOW)


def test_a_bad_interaction_leaves_the_follow_up_open(db):
    follow_up_id = make()  # about nobody: the interaction needs people
    with pytest.raises(ValidationError) as caught:
        complete_follow_up(follow_up_id, interaction=InteractionDraft(occurred_at=NOW), now=NOW)
    assert "contact_ids" in caught.value.errors
    assert item(follow_up_id).status == "open"
    assert Interaction.select().count() == 0


def test_undo_completion_removes_what_it_made(db):
    jonas = person("Jonas")
    follow_up_id = make(contact_id=jonas, rrule="FREQ=WEEKLY")
    done = complete_follow_up(
        follow_up_id,
        interaction=InteractionDraft(occurred_at=NOW, kind="email", follow_up_in_days=3),
        now=NOW,
    )
    assert FollowUp.select().count() == 3  # this one, the next week's, the interaction's
    undo_completion(done)
    assert [(i.id, i.status) for i in open_items()] == [(follow_up_id, "open")]
    assert Interaction.select().count() == 0
    assert FollowUp.get_by_id(follow_up_id).completed_at is None


# --- moving, snoozing, dropping ----------------------------------------------------------------


def test_reschedule_keeps_the_time_and_moves_the_reminder_by_as_much(db):
    follow_up_id = make(
        due=date(2026, 10, 20),
        due_time=time(14, 45),
        remind_at=datetime(2026, 10, 20, 7, 0, tzinfo=BERLIN),
        tz=BERLIN,
    )
    FollowUp.update(reminded_at=datetime(2026, 10, 20, 5)).execute()
    before = reschedule(follow_up_id, date(2026, 10, 29), tz=BERLIN)  # across the DST change
    got = item(follow_up_id, BERLIN)
    assert (got.due_date, got.due_time) == (date(2026, 10, 29), time(14, 45))
    row = FollowUp.get_by_id(follow_up_id)
    assert row.remind_at == datetime(2026, 10, 29, 6, 0)  # still 07:00 in Berlin
    assert row.reminded_at is None  # it will remind again
    restore_follow_up(before)
    assert item(follow_up_id, BERLIN).due_date == date(2026, 10, 20)


def test_reschedule_a_date_only_follow_up(db):
    follow_up_id = make(due=date(2026, 11, 20))
    reschedule(follow_up_id, date(2026, 12, 24))
    row = FollowUp.get_by_id(follow_up_id)
    assert (row.due_at, row.remind_at) == (datetime(2026, 12, 24), datetime(2026, 12, 24, 9))


def test_rescheduling_one_occurrence_keeps_the_series(db):
    follow_up_id = make(due=date(2026, 12, 1), rrule="FREQ=MONTHLY")
    reschedule(follow_up_id, date(2026, 12, 3))
    next_id = complete_follow_up(follow_up_id, now=datetime(2026, 12, 3, 12)).next_follow_up_id
    assert item(next_id).due_date == date(2027, 1, 1)


def test_snooze_moves_only_the_reminder(db):
    follow_up_id = make(due=date(2026, 11, 23))
    FollowUp.update(reminded_at=datetime(2026, 11, 23, 9)).execute()
    until = datetime(2026, 11, 23, 11, 15, tzinfo=BERLIN)
    before = snooze(follow_up_id, until)
    row = FollowUp.get_by_id(follow_up_id)
    assert row.snoozed_until == row.remind_at == datetime(2026, 11, 23, 10, 15)
    assert row.reminded_at is None
    assert row.due_at == datetime(2026, 11, 23)
    restore_follow_up(before)
    assert FollowUp.get_by_id(follow_up_id).snoozed_until is None


def test_drop_and_reopen(db):
    follow_up_id = make()
    drop(follow_up_id, now=NOW)
    assert (item(follow_up_id).status, item(follow_up_id).completed_at) == ("dropped", NOW)
    assert open_items() == []
    reopen(follow_up_id)
    assert item(follow_up_id).status == "open"
    assert item(follow_up_id).completed_at is None


def test_delete_and_restore(db):
    follow_up_id = make(title="Book the venue")
    state = delete_follow_up(follow_up_id)
    assert item(follow_up_id) is None
    restore_follow_up(state)
    assert item(follow_up_id).title == "Book the venue"


# --- queries -------------------------------------------------------------------------------


def test_calendar_days_count_open_and_done_and_skip_dropped(db):
    make("A", due=date(2026, 11, 1))
    make("B", due=date(2026, 11, 1), due_time=time(10, 0))
    done = make("C", due=date(2026, 11, 15))
    complete_follow_up(done, now=NOW)
    dropped = make("D", due=date(2026, 11, 15))
    drop(dropped, now=NOW)
    make("E", due=date(2026, 11, 30))
    make("Outside", due=date(2026, 12, 1))
    make("Outside", due=date(2026, 10, 31))
    month = follow_ups_between(date(2026, 11, 1), date(2026, 11, 30))
    assert sorted(month) == [date(2026, 11, 1), date(2026, 11, 15), date(2026, 11, 30)]
    assert (month[date(2026, 11, 1)].open, month[date(2026, 11, 1)].done) == (2, 0)
    assert [i.title for i in month[date(2026, 11, 1)].items] == ["A", "B"]  # all-day first
    assert (month[date(2026, 11, 15)].open, month[date(2026, 11, 15)].done) == (0, 1)


def test_calendar_uses_local_days_for_timed_follow_ups(db):
    # 23:30 on 30 November in New York is 04:30 UTC on 1 December.
    follow_up_id = make(due=date(2026, 11, 30), due_time=time(23, 30), tz=NEW_YORK)
    assert list(follow_ups_between(date(2026, 11, 30), date(2026, 11, 30), tz=NEW_YORK)) == [
        date(2026, 11, 30)
    ]
    assert list(follow_ups_between(date(2026, 12, 1), date(2026, 12, 1), tz=UTC)) == [
        date(2026, 12, 1)
    ]
    assert item(follow_up_id, BERLIN).due_date == date(2026, 12, 1)


def test_overdue_due_today_and_counts(db):
    late = make("Late", due=date(2026, 11, 20))
    make("Later today", due=TODAY, due_time=time(18, 0))
    make("Today", due=TODAY)
    make("Tomorrow", due=date(2026, 11, 24))
    make("Earlier today", due=TODAY, due_time=time(8, 0))
    old = make("Very late", due=date(2026, 1, 2))
    drop(make("Dropped", due=date(2026, 11, 1)), now=NOW)
    assert [i.title for i in overdue(NOW, tz=UTC)] == ["Very late", "Late"]
    assert [i.id for i in overdue(NOW, tz=UTC, limit=1)] == [old]
    assert [i.title for i in due_today(NOW, tz=UTC)] == ["Today", "Earlier today", "Later today"]
    assert due_counts(NOW, tz=UTC) == (2, 3)
    complete_follow_up(late, now=NOW)
    assert due_counts(NOW, tz=UTC) == (1, 3)


def test_quadrants_group_open_follow_ups_by_urgent_and_important(db):
    make("Fire", urgent=True, important=True, due=date(2026, 11, 25))
    make("Fire 2", urgent=True, important=True, due=date(2026, 11, 24))
    make("Mentor coffee", important=True)
    make("Reply to recruiter", urgent=True)
    make("Read newsletter")
    drop(make("Dropped", urgent=True, important=True), now=NOW)
    groups = quadrants(NOW, tz=UTC, limit=1)
    assert [i.title for i in groups.do] == ["Fire 2"]
    assert [i.title for i in groups.plan] == ["Mentor coffee"]
    assert [i.title for i in groups.quick] == ["Reply to recruiter"]
    assert [i.title for i in groups.later] == ["Read newsletter"]
    assert groups.counts == {"do": 2, "plan": 1, "quick": 1, "later": 1}
    assert groups.plan[0].quadrant == "plan"


def test_a_persons_follow_ups(db):
    jonas = person("Jonas")
    first = make("First", contact_id=jonas, due=date(2026, 11, 10))
    make("Second", contact_id=jonas, due=date(2026, 12, 10))
    make("Someone else's")
    complete_follow_up(first, now=NOW)
    open_ones, closed = follow_ups_of(jonas)
    assert [i.title for i in open_ones] == ["Second"]
    assert [i.title for i in closed] == ["First"]
    assert [i.title for i in open_follow_ups(contact_id=jonas)] == ["Second"]
    assert item(open_ones[0].id).contact_name == "Jonas"


def test_month_query_is_one_indexed_range_scan(db):
    make(due=date(2026, 11, 5))
    from kith.core.follow_ups import _bounds, _select
    from kith.store.models import database_proxy

    low, high = _bounds(date(2026, 11, 1), date(2026, 12, 12), BERLIN)
    query = _select().where(FollowUp.due_at >= low, FollowUp.due_at < high)
    sql, params = query.sql()
    plan = " ".join(str(r) for r in database_proxy.execute_sql("EXPLAIN QUERY PLAN " + sql, params))
    assert "follow_up_due_at" in plan
    assert high - low < timedelta(days=43)


def test_due_counts_near_midnight_in_a_time_zone(db):
    # 23:30 on 22 November in New York is 04:30 UTC on the 23rd: New York's today is the 22nd.
    now = datetime(2026, 11, 23, 4, 30)
    make("Yesterday in NY", due=date(2026, 11, 21))
    make("Late evening in NY", due=date(2026, 11, 22), due_time=time(23, 0), tz=NEW_YORK)
    make("Today in NY", due=date(2026, 11, 22))
    make("Tomorrow in NY", due=date(2026, 11, 23))
    make("Long ago", due=date(2025, 1, 1), due_time=time(9, 0))
    assert due_counts(now, tz=NEW_YORK) == (2, 2)
    assert due_counts(now, tz=UTC) == (3, 2)  # the late evening one is 04:00 UTC on the 23rd


def test_a_planned_ask_keeps_its_size_through_edits_and_repeats(db):
    ana = person("Ana Lima")
    draft = FollowUpDraft(
        "Ask Ana for a review", TODAY, contact_id=ana, rrule="FREQ=MONTHLY", ask_size="medium"
    )
    fid = create_follow_up(draft, tz=BERLIN)
    assert load_follow_up_draft(fid, tz=BERLIN).ask_size == "medium"
    completion = complete_follow_up(fid, now=NOW, tz=BERLIN)
    assert completion.next_follow_up_id is not None
    assert (
        FollowUp.get_by_id(completion.next_follow_up_id).ask_size == "medium"
    )  # the series keeps it
    with pytest.raises(ValidationError) as error:
        create_follow_up(FollowUpDraft("Ask", TODAY, ask_size="huge"))
    assert "ask_size" in error.value.errors

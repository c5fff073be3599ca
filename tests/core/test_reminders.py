"""Reminder scheduling without Qt or sleeping: due, next, fired once, sleep/wake, clock jumps,
DST, snooze, repeats, quiet hours and pauses — every moment comes from an explicit clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from kith.core.follow_ups import (
    FollowUpDraft,
    complete_follow_up,
    create_follow_up,
    reschedule,
    snooze,
)
from kith.core.reminders import (
    QuietHours,
    ReminderPolicy,
    due_reminders,
    is_held,
    next_reminder_at,
    release_time,
    snooze_until,
    take_due,
    tomorrow_morning,
)
from kith.store.database import close_database, open_database
from kith.store.models import FollowUp
from tests.core.rules_fixtures import BERLIN, person

BERLIN_POLICY = ReminderPolicy(tz=BERLIN)


def at(day: date, hh: int, mm: int = 0, title: str = "Call Ana", **fields) -> int:
    """A follow-up due (and reminding) at hh:mm Berlin time on ``day``."""
    return create_follow_up(
        FollowUpDraft(title=title, due_date=day, due_time=time(hh, mm), **fields), tz=BERLIN
    )


def utc(*args: int) -> datetime:
    return datetime(*args)


def ids(due) -> list[int]:
    return [item.id for item in due.items]


DAY = date(2026, 11, 24)  # Berlin is UTC+1 in November


# --- due, next, fired once -------------------------------------------------------------------


def test_nothing_armed_means_no_next_reminder(db):
    assert next_reminder_at(utc(2026, 11, 24, 8), BERLIN_POLICY) is None
    assert not take_due(utc(2026, 11, 24, 8), BERLIN_POLICY)


def test_a_reminder_is_due_at_its_moment_and_fires_once(db):
    fid = at(DAY, 10, title="Send Ana the deck")  # 09:00 UTC
    assert next_reminder_at(utc(2026, 11, 24, 8), BERLIN_POLICY) == utc(2026, 11, 24, 9)
    assert not take_due(utc(2026, 11, 24, 8, 59, 59), BERLIN_POLICY)
    due = take_due(utc(2026, 11, 24, 9), BERLIN_POLICY)
    assert ids(due) == [fid]
    assert due.on_time[0].title == "Send Ana the deck" and not due.missed
    assert FollowUp.get_by_id(fid).reminded_at == utc(2026, 11, 24, 9)
    # Never again: not a second later, not tomorrow, and nothing left to wait for.
    assert not take_due(utc(2026, 11, 24, 9, 0, 1), BERLIN_POLICY)
    assert not take_due(utc(2026, 11, 25, 9), BERLIN_POLICY)
    assert next_reminder_at(utc(2026, 11, 24, 9, 1), BERLIN_POLICY) is None


def test_fired_once_across_a_restart(db, db_path):
    fid = at(DAY, 10)
    assert ids(take_due(utc(2026, 11, 24, 9, 0, 30), BERLIN_POLICY)) == [fid]
    close_database()
    open_database(db_path)  # Kith quits and starts again
    assert not take_due(utc(2026, 11, 24, 9, 5), BERLIN_POLICY)
    assert next_reminder_at(utc(2026, 11, 24, 9, 5), BERLIN_POLICY) is None


def test_next_is_the_earliest_armed_one_and_done_or_dropped_ones_never_fire(db):
    late = at(DAY, 15)
    early = at(DAY, 11)
    complete_follow_up(early, now=utc(2026, 11, 24, 8), tz=BERLIN)
    assert next_reminder_at(utc(2026, 11, 24, 8), BERLIN_POLICY) == utc(2026, 11, 24, 14)
    assert ids(take_due(utc(2026, 11, 24, 14), BERLIN_POLICY)) == [late]


def test_a_follow_up_without_reminder_never_fires(db):
    create_follow_up(
        FollowUpDraft(title="Quiet one", due_date=DAY, due_time=time(10), reminder=False),
        tz=BERLIN,
    )
    assert next_reminder_at(utc(2026, 11, 24, 8), BERLIN_POLICY) is None
    assert not take_due(utc(2026, 11, 25, 8), BERLIN_POLICY)


def test_a_date_only_follow_up_reminds_in_the_morning(db):
    fid = create_follow_up(FollowUpDraft(title="Birthday card", due_date=DAY), tz=BERLIN)
    assert next_reminder_at(utc(2026, 11, 24, 0), BERLIN_POLICY) == utc(2026, 11, 24, 8)  # 09:00
    assert ids(take_due(utc(2026, 11, 24, 8), BERLIN_POLICY)) == [fid]


def test_several_due_at_once_come_together_oldest_first(db):
    ana = person("Ana Lima")
    first = at(DAY, 10, title="First", contact_id=ana)
    second = at(DAY, 10, 1, title="Second")
    due = take_due(utc(2026, 11, 24, 9, 1), BERLIN_POLICY)
    assert ids(due) == [first, second]
    assert due.on_time[0].contact_name == "Ana Lima"


# --- sleep, wake, clock jumps, Kith not running ----------------------------------------------


def test_missed_while_asleep_appear_once_grouped_at_wake(db):
    nine = at(DAY, 10, title="At ten")
    eleven = at(DAY, 12, title="At noon")
    later = at(DAY, 18, title="Evening")
    # 08:00 UTC: the scheduler would sleep until 09:00; the laptop sleeps until 12:30 instead.
    assert next_reminder_at(utc(2026, 11, 24, 8), BERLIN_POLICY) == utc(2026, 11, 24, 9)
    woke = utc(2026, 11, 24, 12, 30)
    due = take_due(woke, BERLIN_POLICY)
    assert [i.id for i in due.missed] == [nine, eleven] and not due.on_time
    assert not take_due(woke + timedelta(seconds=1), BERLIN_POLICY)
    assert next_reminder_at(woke, BERLIN_POLICY) == utc(2026, 11, 24, 17)
    assert ids(take_due(utc(2026, 11, 24, 17), BERLIN_POLICY)) == [later]


def test_a_timer_that_fires_a_little_late_is_not_missed(db):
    at(DAY, 10)
    due = take_due(utc(2026, 11, 24, 9, 1, 30), BERLIN_POLICY)
    assert len(due.on_time) == 1 and not due.missed


def test_missed_while_kith_was_not_running(db, db_path):
    fid = at(date(2026, 11, 20), 10)
    close_database()  # Kith is not running for days
    open_database(db_path)
    due = take_due(utc(2026, 11, 24, 7), BERLIN_POLICY)
    assert [i.id for i in due.missed] == [fid]


def test_clock_jumps_forward(db):
    first = at(DAY, 10)
    second = at(DAY, 14)  # 13:00 UTC
    assert not take_due(utc(2026, 11, 24, 8), BERLIN_POLICY)
    # The clock is corrected five hours forward: both are now past, each shown once.
    due = take_due(utc(2026, 11, 24, 13), BERLIN_POLICY)
    assert ids(due) == [first, second]
    assert [i.id for i in due.missed] == [first]
    assert [i.id for i in due.on_time] == [second]


def test_clock_jumps_backwards_after_firing(db):
    fid = at(DAY, 10)
    other = at(DAY, 12)
    assert ids(take_due(utc(2026, 11, 24, 9), BERLIN_POLICY)) == [fid]
    # The clock goes back two hours: the fired one does not come back, the next stays next.
    back = utc(2026, 11, 24, 7)
    assert not take_due(back, BERLIN_POLICY)
    assert next_reminder_at(back, BERLIN_POLICY) == utc(2026, 11, 24, 11)
    # Time passes 09:00 again: still nothing twice.
    assert not take_due(utc(2026, 11, 24, 9, 0, 30), BERLIN_POLICY)
    assert ids(take_due(utc(2026, 11, 24, 11), BERLIN_POLICY)) == [other]


# --- DST (Europe/Berlin) ---------------------------------------------------------------------


def test_spring_forward_keeps_local_reminder_times(db):
    # Sunday 29 March 2026: 02:00 CET becomes 03:00 CEST.
    saturday = at(date(2026, 3, 28), 9)
    sunday = at(date(2026, 3, 29), 9)
    assert next_reminder_at(utc(2026, 3, 28, 0), BERLIN_POLICY) == utc(2026, 3, 28, 8)
    take_due(utc(2026, 3, 28, 8), BERLIN_POLICY)
    # 09:00 CEST is 07:00 UTC: 23 hours after Saturday's, not 24.
    assert next_reminder_at(utc(2026, 3, 28, 8, 1), BERLIN_POLICY) == utc(2026, 3, 29, 7)
    assert not take_due(utc(2026, 3, 29, 6, 59), BERLIN_POLICY)
    assert ids(take_due(utc(2026, 3, 29, 7), BERLIN_POLICY)) == [sunday]
    assert saturday != sunday


def test_autumn_back_keeps_local_reminder_times(db):
    # Sunday 25 October 2026: 03:00 CEST becomes 02:00 CET.
    fid = at(date(2026, 10, 25), 9)
    assert next_reminder_at(utc(2026, 10, 24, 20), BERLIN_POLICY) == utc(2026, 10, 25, 8)
    assert not take_due(utc(2026, 10, 25, 7), BERLIN_POLICY)  # 09:00 by the summer clock
    assert ids(take_due(utc(2026, 10, 25, 8), BERLIN_POLICY)) == [fid]


def test_repeating_daily_reminder_across_spring_forward(db):
    fid = at(date(2026, 3, 28), 9, rrule="FREQ=DAILY")
    assert ids(take_due(utc(2026, 3, 28, 8), BERLIN_POLICY)) == [fid]
    done = complete_follow_up(fid, now=utc(2026, 3, 28, 8, 5), tz=BERLIN)
    assert done.next_follow_up_id is not None
    # The next occurrence reminds at 09:00 local again, now 07:00 UTC.
    assert next_reminder_at(utc(2026, 3, 28, 8, 5), BERLIN_POLICY) == utc(2026, 3, 29, 7)
    assert ids(take_due(utc(2026, 3, 29, 7), BERLIN_POLICY)) == [done.next_follow_up_id]


def test_tomorrow_morning_across_dst(db):
    # Saturday 20:00 CET → Sunday 09:00 CEST is 07:00 UTC (11 hours, not 12).
    assert tomorrow_morning(utc(2026, 3, 28, 19), tz=BERLIN, morning=time(9)) == utc(2026, 3, 29, 7)
    # Saturday 20:00 CEST → Sunday 09:00 CET is 08:00 UTC (13 hours).
    assert tomorrow_morning(utc(2026, 10, 24, 18), tz=BERLIN, morning=time(9)) == utc(
        2026, 10, 25, 8
    )


# --- snooze, reschedule, repeats -------------------------------------------------------------


def test_snooze_fires_again_at_the_new_moment_once(db):
    fid = at(DAY, 10)
    assert ids(take_due(utc(2026, 11, 24, 9), BERLIN_POLICY)) == [fid]
    snooze(fid, snooze_until("15m", utc(2026, 11, 24, 9), tz=BERLIN))
    assert next_reminder_at(utc(2026, 11, 24, 9), BERLIN_POLICY) == utc(2026, 11, 24, 9, 15)
    assert not take_due(utc(2026, 11, 24, 9, 14), BERLIN_POLICY)
    assert ids(take_due(utc(2026, 11, 24, 9, 15), BERLIN_POLICY)) == [fid]
    assert not take_due(utc(2026, 11, 24, 9, 16), BERLIN_POLICY)
    row = FollowUp.get_by_id(fid)
    assert row.due_at == utc(2026, 11, 24, 9)  # snooze never moves the due date


def test_snooze_choices(db):
    now = utc(2026, 11, 24, 9)  # Tuesday 10:00 in Berlin
    assert snooze_until("1h", now, tz=BERLIN) == utc(2026, 11, 24, 10)
    assert snooze_until("tomorrow", now, tz=BERLIN, morning=time(8, 30)) == utc(2026, 11, 25, 7, 30)
    assert snooze_until("next_week", now, tz=BERLIN) == utc(2026, 11, 30, 8)  # Monday 09:00


def test_a_rescheduled_reminder_fires_again(db):
    fid = at(DAY, 10)
    take_due(utc(2026, 11, 24, 9), BERLIN_POLICY)
    reschedule(fid, date(2026, 11, 26), tz=BERLIN)
    assert next_reminder_at(utc(2026, 11, 24, 9), BERLIN_POLICY) == utc(2026, 11, 26, 9)


def test_repeating_follow_up_rolls_on_and_reminds_at_its_next_occurrence(db):
    fid = at(DAY, 10, title="Weekly check-in", rrule="FREQ=WEEKLY")
    assert ids(take_due(utc(2026, 11, 24, 9), BERLIN_POLICY)) == [fid]
    done = complete_follow_up(fid, now=utc(2026, 11, 24, 9, 30), tz=BERLIN)
    nxt = done.next_follow_up_id
    assert nxt is not None
    assert next_reminder_at(utc(2026, 11, 24, 9, 30), BERLIN_POLICY) == utc(2026, 12, 1, 9)
    due = take_due(utc(2026, 12, 1, 9), BERLIN_POLICY)
    assert ids(due) == [nxt] and due.on_time[0].title == "Weekly check-in"


# --- quiet hours and pauses ------------------------------------------------------------------

NIGHT = QuietHours(time(22, 0), time(7, 0))


def test_quiet_hours_hold_a_reminder_until_they_end(db):
    policy = ReminderPolicy(quiet=NIGHT, tz=BERLIN)
    fid = at(DAY, 23, title="Late idea")  # 22:00 UTC
    assert next_reminder_at(utc(2026, 11, 24, 12), policy) == utc(2026, 11, 25, 6)  # 07:00
    assert not take_due(utc(2026, 11, 24, 22, 30), policy)
    assert is_held(utc(2026, 11, 24, 22, 30), policy)
    due = take_due(utc(2026, 11, 25, 6), policy)
    # Held back by quiet hours is not "missed": it comes as an ordinary card.
    assert [i.id for i in due.on_time] == [fid] and not due.missed


def test_quiet_hours_inside_one_day(db):
    policy = ReminderPolicy(quiet=QuietHours(time(12), time(14)), tz=BERLIN)
    at(DAY, 13)
    assert next_reminder_at(utc(2026, 11, 24, 8), policy) == utc(2026, 11, 24, 13)  # 14:00
    assert not is_held(utc(2026, 11, 24, 14), policy)


def test_quiet_hours_end_on_local_time_across_dst(db):
    policy = ReminderPolicy(quiet=NIGHT, tz=BERLIN)
    at(date(2026, 3, 28), 23)
    at(date(2026, 10, 24), 23)
    # The spring night is short: 07:00 CEST = 05:00 UTC; the autumn one long: 07:00 CET = 06:00.
    assert next_reminder_at(utc(2026, 3, 28, 12), policy) == utc(2026, 3, 29, 5)
    take_due(utc(2026, 3, 29, 5), policy)
    assert next_reminder_at(utc(2026, 10, 24, 12), policy) == utc(2026, 10, 25, 6)


def test_no_quiet_hours_when_start_equals_end(db):
    policy = ReminderPolicy(quiet=QuietHours(time(7), time(7)), tz=BERLIN)
    assert release_time(utc(2026, 11, 24, 22), policy) == utc(2026, 11, 24, 22)


def test_pause_holds_reminders_until_it_ends(db):
    fid = at(DAY, 10)
    paused = ReminderPolicy(paused_until=utc(2026, 11, 24, 9, 30), tz=BERLIN)
    assert next_reminder_at(utc(2026, 11, 24, 9), paused) == utc(2026, 11, 24, 9, 30)
    assert not take_due(utc(2026, 11, 24, 9, 10), paused)
    assert ids(take_due(utc(2026, 11, 24, 9, 30), paused)) == [fid]


def test_a_pause_ending_in_quiet_hours_waits_for_morning(db):
    policy = ReminderPolicy(quiet=NIGHT, paused_until=utc(2026, 11, 24, 22), tz=BERLIN)
    at(DAY, 20)
    assert next_reminder_at(utc(2026, 11, 24, 12), policy) == utc(2026, 11, 25, 6)


def test_due_reminders_does_not_mark_anything(db):
    at(DAY, 10)
    assert len(due_reminders(utc(2026, 11, 24, 9), BERLIN_POLICY)) == 1
    assert len(due_reminders(utc(2026, 11, 24, 9), BERLIN_POLICY)) == 1


def test_times_may_be_aware(db):
    fid = at(DAY, 10)
    aware = datetime(2026, 11, 24, 10, tzinfo=BERLIN)
    assert next_reminder_at(aware - timedelta(hours=1), BERLIN_POLICY) == utc(2026, 11, 24, 9)
    assert ids(take_due(aware.astimezone(UTC), BERLIN_POLICY)) == [fid]

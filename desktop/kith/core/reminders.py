"""When reminders fire: which are due now, when the next one is, quiet hours, pauses, fired-once.

A follow-up's reminder is *armed* while the follow-up is open, has a ``remind_at`` and has not
fired for that moment yet: ``reminded_at`` is empty, or older than ``remind_at`` (a snooze, a
reschedule or an edit moves ``remind_at`` and clears ``reminded_at``, so it fires once more).
Firing writes ``reminded_at``; the database remembers it, so a reminder never fires twice —
not after a restart, not when the clock goes backwards.

Everything here takes ``now`` (naive UTC, or aware) from the caller, so the rules are tested
with any clock: the Qt side (``kith.ui.reminder_scheduler``) asks for :func:`next_reminder_at`,
sleeps until then on one single-shot timer, and calls :func:`take_due`.

*Quiet hours* (local wall-clock times, possibly across midnight) and a *pause* hold reminders
back: a reminder whose moment falls inside them waits until they end. A reminder that is
more than :data:`MISSED_AFTER` late for any other reason (the computer slept, the clock
jumped, Kith was not running) counts as *missed*: the UI shows the missed ones together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo

import peewee as pw

from kith.core.follow_ups import FollowUpItem, follow_up_items
from kith.core.local_time import local_at, to_utc, today
from kith.core.reminder_settings import DEFAULT_MORNING as DEFAULT_MORNING
from kith.core.reminder_settings import NO_POLICY as NO_POLICY
from kith.core.reminder_settings import SNOOZE_CHOICES as SNOOZE_CHOICES
from kith.core.reminder_settings import SNOOZE_LABELS as SNOOZE_LABELS
from kith.core.reminder_settings import QuietHours as QuietHours
from kith.core.reminder_settings import ReminderPolicy as ReminderPolicy
from kith.store.changes import writing
from kith.store.models import FollowUp

#: A clock: returns the current moment (naive UTC, or aware). Tests inject their own.
Clock = Callable[[], datetime]

#: A reminder shown later than this after its moment (not held by quiet hours or a pause)
#: was missed: the computer slept, the clock jumped, or Kith was not running.
MISSED_AFTER = timedelta(minutes=2)


def release_time(moment: datetime, policy: ReminderPolicy = NO_POLICY) -> datetime:
    """The first moment at or after ``moment`` (UTC) at which reminders may fire."""
    moment = to_utc(moment)
    for _ in range(4):  # a pause can end inside quiet hours and the other way round
        later = moment
        if policy.paused_until is not None and later < to_utc(policy.paused_until):
            later = to_utc(policy.paused_until)
        if policy.quiet is not None:
            end = policy.quiet.end_after(later, policy.tz)
            if end is not None and end > later:
                later = end
        if later == moment:
            break
        moment = later
    return moment


def is_held(now: datetime, policy: ReminderPolicy = NO_POLICY) -> bool:
    """True while quiet hours or a pause hold reminders back."""
    return release_time(now, policy) > to_utc(now)


def _armed() -> pw.Expression:
    return (
        (FollowUp.status == "open")
        & FollowUp.remind_at.is_null(False)
        & (FollowUp.reminded_at.is_null() | (FollowUp.reminded_at < FollowUp.remind_at))
    )


@dataclass(frozen=True)
class DueReminders:
    """Reminders due now: ``on_time`` ones (each its own card) and ``missed`` ones (grouped).

    Both oldest reminder first.
    """

    on_time: tuple[FollowUpItem, ...] = field(default_factory=tuple)
    missed: tuple[FollowUpItem, ...] = field(default_factory=tuple)

    @property
    def items(self) -> tuple[FollowUpItem, ...]:
        return self.missed + self.on_time

    @property
    def ids(self) -> list[int]:
        return [item.id for item in self.items]

    def __len__(self) -> int:
        return len(self.on_time) + len(self.missed)

    def __bool__(self) -> bool:
        return len(self) > 0


def due_reminders(
    now: datetime,
    policy: ReminderPolicy = NO_POLICY,
    *,
    missed_after: timedelta = MISSED_AFTER,
) -> DueReminders:
    """The armed reminders whose moment has come (none while quiet hours or a pause hold them)."""
    now = to_utc(now)
    if is_held(now, policy):
        return DueReminders()
    ids = [
        row_id
        for (row_id,) in FollowUp.select(FollowUp.id)
        .where(_armed() & (FollowUp.remind_at <= now))
        .tuples()
    ]
    if not ids:
        return DueReminders()
    items = sorted(
        follow_up_items(ids, tz=policy.tz).values(),
        key=lambda i: (i.remind_at or now, i.id),
    )
    on_time: list[FollowUpItem] = []
    missed: list[FollowUpItem] = []
    for item in items:
        assert item.remind_at is not None
        released = release_time(item.remind_at, policy)
        (missed if now - released > missed_after else on_time).append(item)
    return DueReminders(tuple(on_time), tuple(missed))


def next_reminder_at(now: datetime, policy: ReminderPolicy = NO_POLICY) -> datetime | None:
    """When the next armed reminder may fire (``now`` if one is due already); None: none armed.

    One indexed ``MIN(remind_at)`` over the open follow-ups.
    """
    now = to_utc(now)
    earliest = FollowUp.select(pw.fn.MIN(FollowUp.remind_at)).where(_armed()).scalar()
    if earliest is None:
        return None
    if isinstance(earliest, str):
        earliest = datetime.fromisoformat(earliest)
    return release_time(max(earliest, now), policy)


def mark_fired(follow_up_ids: Iterable[int], now: datetime) -> None:
    """Remember that these reminders fired at ``now`` (so they never fire again)."""
    ids = list(follow_up_ids)
    if not ids:
        return
    moment = to_utc(now)
    with writing("follow_up"):
        for start in range(0, len(ids), 500):
            FollowUp.update(reminded_at=moment).where(
                FollowUp.id.in_(ids[start : start + 500])
            ).execute()


def take_due(now: datetime, policy: ReminderPolicy = NO_POLICY) -> DueReminders:
    """The reminders due now, marked as fired in the same step: each is returned only once."""
    due = due_reminders(now, policy)
    mark_fired(due.ids, now)
    return due


# --- snooze and pause moments ----------------------------------------------------------------


def tomorrow_morning(
    now: datetime, *, tz: tzinfo | None = None, morning: time = DEFAULT_MORNING
) -> datetime:
    """The morning time (local) on the day after today, as naive UTC (DST-aware)."""
    return local_at(today(now, tz) + timedelta(days=1), morning, tz)


def next_week_morning(
    now: datetime, *, tz: tzinfo | None = None, morning: time = DEFAULT_MORNING
) -> datetime:
    """The morning time (local) on next week's Monday, as naive UTC."""
    day = today(now, tz)
    return local_at(day + timedelta(days=7 - day.weekday()), morning, tz)


def snooze_until(
    choice: str, now: datetime, *, tz: tzinfo | None = None, morning: time = DEFAULT_MORNING
) -> datetime:
    """The moment (naive UTC) a snooze choice ("15m", "1h", "tomorrow", "next_week") means."""
    now = to_utc(now)
    if choice == "15m":
        return now + timedelta(minutes=15)
    if choice == "1h":
        return now + timedelta(hours=1)
    if choice == "tomorrow":
        return tomorrow_morning(now, tz=tz, morning=morning)
    if choice == "next_week":
        return next_week_morning(now, tz=tz, morning=morning)
    raise ValueError(f"unknown snooze choice {choice!r}")

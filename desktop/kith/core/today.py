"""What the Today page shows: overdue, due today, going cold, birthdays and the four quadrants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from kith.core.follow_ups import (
    FollowUpItem,
    Quadrants,
    due_counts,
    due_today,
    overdue,
    quadrants,
    stale_count,
)
from kith.core.local_time import to_utc, today
from kith.core.rules.birthdays import Birthday, upcoming_birthdays
from kith.core.rules.circles import Newcomer, newcomer_count, newcomers
from kith.core.rules.going_cold import ColdContact, going_cold_with_total

BIRTHDAY_DAYS = 14
COLD_LIMIT = 10
LIST_LIMIT = 50
#: Newcomers read for the sorting card (the rest are counted): enough to skip a few.
NEWCOMER_LIMIT = 25


@dataclass(frozen=True)
class TodayOverview:
    day: date  # today, local
    overdue: tuple[FollowUpItem, ...]  # oldest first (at most LIST_LIMIT)
    overdue_count: int
    due_today: tuple[FollowUpItem, ...]  # in order of time
    going_cold: tuple[ColdContact, ...]  # worst first (at most ``cold_limit``)
    going_cold_count: int
    birthdays: tuple[Birthday, ...]  # today and the next 14 days
    #: The open follow-ups due after today (the overdue and today's are listed above them).
    quadrants: Quadrants
    #: People without a circle, the longest-waiting first (at most NEWCOMER_LIMIT), and how
    #: many there are in all.
    newcomers: tuple[Newcomer, ...] = ()
    newcomer_count: int = 0
    #: Overdue, unimportant follow-ups a month late: to do, drop or plan again.
    stale_count: int = 0


def today_overview(
    now: datetime,
    tz: tzinfo | None = None,
    *,
    cold_limit: int = COLD_LIMIT,
    list_limit: int = LIST_LIMIT,
    birthday_days: int = BIRTHDAY_DAYS,
) -> TodayOverview:
    """Everything the Today page shows, as of ``now`` in zone ``tz``."""
    now = to_utc(now)
    day = today(now, tz)
    late_count, _ = due_counts(now, tz=tz)
    cold, cold_count = going_cold_with_total(now, tz, cold_limit)
    return TodayOverview(
        day=day,
        overdue=tuple(overdue(now, tz=tz, limit=list_limit)),
        overdue_count=late_count,
        due_today=tuple(due_today(now, tz=tz)),
        going_cold=tuple(cold),
        going_cold_count=cold_count,
        birthdays=tuple(upcoming_birthdays(day, birthday_days)),
        quadrants=quadrants(now, tz=tz, limit=list_limit, upcoming=True),
        newcomers=tuple(newcomers(NEWCOMER_LIMIT)),
        newcomer_count=newcomer_count(),
        stale_count=stale_count(now, tz=tz),
    )

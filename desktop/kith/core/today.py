"""What the Today page shows: overdue, due today, going cold, birthdays and the four quadrants."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from typing import Any

from kith.core.follow_up_counts import due_counts
from kith.core.follow_ups import (
    FollowUpItem,
    Quadrants,
    due_today,
    follow_up_items,
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
    return TodayOverview(
        day=day,
        **_follow_up_parts(now, tz, list_limit),
        **_people_parts(now, tz, day, cold_limit, birthday_days),
    )


def refreshed_overview(
    previous: TodayOverview,
    now: datetime,
    tz: tzinfo | None = None,
    *,
    follow_ups: bool = True,
    people: bool = True,
    names: bool = False,
    cold_limit: int = COLD_LIMIT,
    list_limit: int = LIST_LIMIT,
    birthday_days: int = BIRTHDAY_DAYS,
) -> TodayOverview:
    """``previous`` read again only where a change could have altered it.

    ``follow_ups``: the follow-up sections (overdue, due today, quadrants, stale); ``people``:
    going cold, birthdays and newcomers; ``names``: only the people's names in the follow-ups
    listed (a renamed contact), when the follow-ups themselves are kept. A new day reads
    everything.
    """
    now = to_utc(now)
    day = today(now, tz)
    if previous.day != day:
        return today_overview(
            now, tz, cold_limit=cold_limit, list_limit=list_limit, birthday_days=birthday_days
        )
    overview = previous
    if follow_ups:
        overview = replace(overview, **_follow_up_parts(now, tz, list_limit))
    elif names:
        overview = _with_fresh_names(overview, tz)
    if people:
        overview = replace(overview, **_people_parts(now, tz, day, cold_limit, birthday_days))
    return overview


def _follow_up_parts(now: datetime, tz: tzinfo | None, list_limit: int) -> dict[str, Any]:
    late_count, _ = due_counts(now, tz=tz)
    return {
        "overdue": tuple(overdue(now, tz=tz, limit=list_limit)),
        "overdue_count": late_count,
        "due_today": tuple(due_today(now, tz=tz)),
        "quadrants": quadrants(now, tz=tz, limit=list_limit, upcoming=True),
        "stale_count": stale_count(now, tz=tz),
    }


def _people_parts(
    now: datetime, tz: tzinfo | None, day: date, cold_limit: int, birthday_days: int
) -> dict[str, Any]:
    cold, cold_count = going_cold_with_total(now, tz, cold_limit)
    return {
        "going_cold": tuple(cold),
        "going_cold_count": cold_count,
        "birthdays": tuple(upcoming_birthdays(day, birthday_days)),
        "newcomers": tuple(newcomers(NEWCOMER_LIMIT)),
        "newcomer_count": newcomer_count(),
    }


def _with_fresh_names(overview: TodayOverview, tz: tzinfo | None) -> TodayOverview:
    """The same follow-ups, each read again by id (a person's name may have changed)."""
    groups = overview.quadrants
    shown = (overview.overdue, overview.due_today, groups.do, groups.plan, groups.quick)
    fresh = follow_up_items({item.id for items in (*shown, groups.later) for item in items}, tz=tz)

    def again(items: tuple[FollowUpItem, ...]) -> tuple[FollowUpItem, ...]:
        return tuple(fresh.get(item.id, item) for item in items)

    return replace(
        overview,
        overdue=again(overview.overdue),
        due_today=again(overview.due_today),
        quadrants=replace(
            groups,
            do=again(groups.do),
            plan=again(groups.plan),
            quick=again(groups.quick),
            later=again(groups.later),
        ),
    )

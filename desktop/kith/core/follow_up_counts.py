"""The overdue and due-today counts of the sidebar's and the tray's badges, and the small
query helpers :mod:`kith.core.follow_ups` shares with them.

Kept apart from :mod:`kith.core.follow_ups` (its drafts, rules and repeats) so the window can
count its badge before its first paint without importing them (issue 18).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

import peewee as pw

from kith.core.local_time import local_wall, start_of_day, today
from kith.store.models import FollowUp, database_proxy

_COMPILED: dict[tuple[Any, ...], tuple[str, list[Any]]] = {}


def compiled_sql(key: tuple[Any, ...], build: Callable[[], Any]) -> tuple[str, list[Any]]:
    """``build()``'s SQL and parameters, compiled once for ``key``: the Today page and the
    Calendar ask the same questions all day, and peewee's compiling costs more than some of
    the queries. ``key`` must hold every value the query depends on (bounds as datetimes,
    not a day and a zone, so a change of the system's zone makes a new key)."""
    found = _COMPILED.get(key)
    if found is None:
        if len(_COMPILED) >= 256:
            _COMPILED.clear()
        found = _COMPILED[key] = build().sql()
    return found


def stamp(value: Any) -> Any:
    """A timestamp column read straight from SQLite (text) as a datetime."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def due_bounds(first: date, last: date, tz: tzinfo | None) -> tuple[datetime, datetime]:
    """Stored ``due_at`` values that can fall on local days first…last (a little wider)."""
    after = last + timedelta(days=1)
    low = min(start_of_day(first, tz), datetime.combine(first, time(0, 0)))
    high = max(start_of_day(after, tz), datetime.combine(after, time(0, 0)))
    return low, high


def due_counts(now: datetime, *, tz: tzinfo | None = None) -> tuple[int, int]:
    """(overdue, due today) counts of open follow-ups, for badges."""
    day = today(now, tz)
    low, high = due_bounds(day, day, tz)
    # Everything stored before the earliest value that can fall on today is overdue: counted
    # by SQLite. Only the rows near today are converted to local dates one by one.
    late_sql = compiled_sql(
        ("late", low),
        lambda: FollowUp.select(pw.fn.COUNT(FollowUp.id)).where(
            FollowUp.status == "open", FollowUp.due_at < low
        ),
    )
    late = int(database_proxy.execute_sql(*late_sql).fetchone()[0])
    near_sql = compiled_sql(
        ("near", low, high),
        lambda: FollowUp.select(FollowUp.due_at, FollowUp.due_has_time).where(
            FollowUp.status == "open", FollowUp.due_at >= low, FollowUp.due_at < high
        ),
    )
    due = 0
    for stored, has_time in database_proxy.execute_sql(*near_sql).fetchall():
        due_at = stamp(stored)
        when = local_wall(due_at, tz).date() if has_time else due_at.date()
        if when < day:
            late += 1
        elif when == day:
            due += 1
    return late, due

"""Between stored UTC timestamps and the user's local calendar: dates, wall-clock times, "today".

Kith stores every instant as a naive UTC ``datetime``. Rules that speak of days ("3 weeks
overdue", "due today") work in the user's local calendar. The functions here are the only
crossing points. ``tz=None`` always means the machine's own zone.

Any ``datetime`` handed to ``kith.core`` may be naive (read as UTC, like the database) or
timezone-aware (converted to UTC); :func:`to_utc` applies that rule.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo

from kith.store.models import utcnow

__all__ = [
    "days_since",
    "from_local",
    "local_at",
    "local_date",
    "local_today",
    "local_wall",
    "start_of_day",
    "to_local",
    "to_utc",
    "today",
    "utcnow",
]


def to_utc(moment: datetime) -> datetime:
    """``moment`` as a naive UTC datetime: naive input is taken as UTC already."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def to_local(utc_naive: datetime, tz: tzinfo | None = None) -> datetime:
    """A stored UTC timestamp as an aware datetime in ``tz`` (default: the machine's zone)."""
    return to_utc(utc_naive).replace(tzinfo=UTC).astimezone(tz)


def local_date(utc_naive: datetime, tz: tzinfo | None = None) -> date:
    """The local calendar date of a stored UTC timestamp."""
    return to_local(utc_naive, tz).date()


def local_wall(utc_naive: datetime, tz: tzinfo | None = None) -> datetime:
    """The local wall-clock time (naive) of a stored UTC timestamp."""
    return to_local(utc_naive, tz).replace(tzinfo=None)


def from_local(wall: datetime, tz: tzinfo | None = None) -> datetime:
    """A local wall-clock time (naive) as a naive UTC datetime.

    Times in a daylight-saving gap (02:30 on a spring-forward night) are read with the offset
    in force before the change, so they land an hour later on the clock; times that occur
    twice (autumn) mean the first of the two.
    """
    if wall.tzinfo is not None:
        return to_utc(wall)
    if tz is None:
        return wall.astimezone(UTC).replace(tzinfo=None)
    return wall.replace(tzinfo=tz).astimezone(UTC).replace(tzinfo=None)


def local_at(day: date, at: time, tz: tzinfo | None = None) -> datetime:
    """The UTC instant (naive) of a wall-clock time on a local calendar day."""
    return from_local(datetime.combine(day, at), tz)


def start_of_day(day: date, tz: tzinfo | None = None) -> datetime:
    """The UTC instant (naive) at which a local calendar day begins."""
    return local_at(day, time(0, 0), tz)


def today(now: datetime, tz: tzinfo | None = None) -> date:
    """The local calendar date at the instant ``now``."""
    return local_date(to_utc(now), tz)


def days_since(then_utc: datetime, now: datetime, tz: tzinfo | None = None) -> int:
    """Whole local calendar days from ``then_utc`` to ``now`` (0 = the same day).

    A moment later today or in the future counts as 0 days, never a negative number.
    """
    return max(0, (today(now, tz) - local_date(then_utc, tz)).days)


def local_today(tz: tzinfo | None = None) -> date:
    """Today's date on the user's calendar, from the one clock Kith reads (:func:`utcnow`)."""
    return today(utcnow(), tz)

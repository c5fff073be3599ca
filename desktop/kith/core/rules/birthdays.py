"""Birthdays and important dates (anniversaries…) in a span of days: for the Today page
(next 14 days) and the calendar month.

A birthday or date on 29 February is shown on 28 February in years without a 29 February.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from kith.store.models import database_proxy

#: The longest span one query looks at.
MAX_SPAN_DAYS = 400


@dataclass(frozen=True)
class Birthday:
    """Someone's birthday falling on ``day`` (this year's date of it)."""

    contact_id: int
    full_name: str
    day: date
    year_born: int | None
    #: An important date's name ("Anniversary", "First climb"); "" for the birthday itself.
    #: Then ``year_born`` is the year of the date, when known.
    label: str = ""

    @property
    def turning(self) -> int | None:
        """The age they turn that day (the years since an important date), when the year is
        known."""
        return None if self.year_born is None else self.day.year - self.year_born

    @property
    def title(self) -> str:
        """ "Ana Ruiz’s birthday", "Ana Ruiz’s anniversary", "Ana Ruiz: First climb"."""
        if not self.label:
            return f"{self.full_name}’s birthday"
        if self.label.casefold() == "anniversary":
            return f"{self.full_name}’s anniversary"
        return f"{self.full_name}: {self.label}"

    def text(self, today: date) -> str:
        """ "today", "tomorrow", "in 5 days" — plus the age when known ("turns 40"), or the
        years since an important date ("10 years")."""
        days = (self.day - today).days
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        if days < 0:
            when = f"{-days} days ago" if days < -1 else "yesterday"
        age = self.turning
        if age is None or age <= 0:
            return when
        if self.label:
            return f"{when}, {age} year{'s' if age != 1 else ''}"
        return f"{when}, turns {age}"


def birthday_in(year: int, month: int, day: int) -> date:
    """The date of a (month, day) birthday in ``year``: 29 Feb → 28 Feb in common years."""
    if (month, day) == (2, 29) and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def birthdays_between(
    first: date, last: date, *, include_archived: bool = False, dates: bool = True
) -> list[Birthday]:
    """Birthdays — and, with ``dates``, important dates — from ``first`` to ``last`` (both
    included), by date then name (a birthday before a person's other dates).

    One query per calendar year the span touches, on the month/day columns (each month a
    range of days, so an index on (birthday_month, birthday_day) would serve it).
    """
    if last < first:
        return []
    if (last - first).days > MAX_SPAN_DAYS:
        raise ValueError(f"at most {MAX_SPAN_DAYS} days at a time")
    found: list[Birthday] = []
    year = first.year
    while year <= last.year:
        start = max(first, date(year, 1, 1))
        end = min(last, date(year, 12, 31))
        parts: list[str] = []
        params: list[int] = []
        for month in range(start.month, end.month + 1):
            first_day = start.day if month == start.month else 1
            last_day = end.day if month == end.month else 31
            if month == 2 and not calendar.isleap(year) and first_day <= 28 <= last_day:
                last_day = max(last_day, 29)
            parts.append("(birthday_month = ? AND birthday_day BETWEEN ? AND ?)")
            params += (month, first_day, last_day)
        # Written out, not built by peewee (whose compiling costs more than this query), and
        # read from the covering (month, day, year, archived, name) index. Archived people
        # are left out in Python: a condition on ``archived`` would make SQLite walk the
        # (archived, sort_name) index and fetch every row out of order.
        sql = (
            "SELECT id, full_name, birthday_month, birthday_day, birthday_year, archived"
            f" FROM contact WHERE {' OR '.join(parts)}"
        )
        for contact_id, name, month, day, born, archived in database_proxy.execute_sql(
            sql, params
        ).fetchall():
            if archived and not include_archived:
                continue
            try:
                when = birthday_in(year, month, day)
            except ValueError:
                continue  # an impossible date stored by an old import
            found.append(Birthday(contact_id, name, when, born))
        year += 1
    if dates:
        found.extend(_important_dates_between(first, last, include_archived))
    found.sort(key=lambda b: (b.day, b.full_name.casefold(), b.contact_id, b.label.casefold()))
    return found


def _important_dates_between(first: date, last: date, include_archived: bool) -> list[Birthday]:
    """Important dates from ``first`` to ``last``: the same month/day ranges on
    ``contact_date`` (indexed on month and day)."""
    found: list[Birthday] = []
    for year in range(first.year, last.year + 1):
        start = max(first, date(year, 1, 1))
        end = min(last, date(year, 12, 31))
        parts: list[str] = []
        params: list[int] = []
        for month in range(start.month, end.month + 1):
            first_day = start.day if month == start.month else 1
            last_day = end.day if month == end.month else 31
            if month == 2 and not calendar.isleap(year) and first_day <= 28 <= last_day:
                last_day = 29
            parts.append("(d.month = ? AND d.day BETWEEN ? AND ?)")
            params += (month, first_day, last_day)
        # Written out like the birthdays' query above (peewee's compiling costs more than it).
        sql = (
            "SELECT c.id, c.full_name, d.label, d.month, d.day, d.year, c.archived"
            " FROM contact_date AS d JOIN contact AS c ON c.id = d.contact_id"
            f" WHERE {' OR '.join(parts)}"
        )
        for contact_id, name, label, month, day, since, archived in database_proxy.execute_sql(
            sql, params
        ).fetchall():
            if archived and not include_archived:
                continue
            try:
                when = birthday_in(year, month, day)
            except ValueError:
                continue
            found.append(Birthday(contact_id, name, when, since, label or "Date"))
    return found


def upcoming_birthdays(today: date, days: int = 14) -> list[Birthday]:
    """Birthdays from today through the next ``days`` days (today + 14 by default)."""
    return birthdays_between(today, today + timedelta(days=days))

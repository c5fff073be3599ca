"""Birthdays and important dates (anniversaries…) in a span of days: for the Today page
(next 14 days) and the calendar month.

A birthday or date on 29 February is shown on 28 February in years without a 29 February.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from operator import itemgetter

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


def _spans(first: date, last: date) -> list[tuple[int, tuple[int, int], tuple[int, int]]]:
    """Each calendar year that ``first``…``last`` touches, with the stored (month, day) range
    whose birthdays fall in it that year: ``(year, low, high)``, both ends included.

    In a year without a 29 February, a span holding 28 February holds the 29ths too (they are
    shown on the 28th). Impossible stored days inside a range (31 April, a 0th) are left out
    by :func:`birthday_in`, as they always were.
    """
    spans = []
    for year in range(first.year, last.year + 1):
        start = max(first, date(year, 1, 1))
        end = min(last, date(year, 12, 31))
        high = (end.month, end.day)
        if not calendar.isleap(year) and start <= date(year, 2, 28) <= end:
            high = max(high, (2, 29))
        spans.append((year, (start.month, start.day), high))
    return spans


def _check_span(first: date, last: date) -> bool:
    """Whether there is anything to read (``last`` not before ``first``); raises for a span
    longer than :data:`MAX_SPAN_DAYS`."""
    if last < first:
        return False
    if (last - first).days > MAX_SPAN_DAYS:
        raise ValueError(f"at most {MAX_SPAN_DAYS} days at a time")
    return True


#: Written out, not built by peewee (whose compiling costs more than these queries). Each
#: year's days are one range of ``(month, day)``: birthdays from the covering (month, day,
#: year, archived, name) index, dates from ``contact_date``'s (month, day) index. Archived
#: people are left out in Python: a condition on ``archived`` would make SQLite walk the
#: (archived, sort_name) index and fetch every row out of order.
_BIRTHDAYS_SQL = (
    "SELECT id, full_name, birthday_month, birthday_day, birthday_year, archived FROM contact"
    " WHERE (birthday_month, birthday_day) >= (?, ?) AND (birthday_month, birthday_day) <= (?, ?)"
)
_DATES_SQL = (
    "SELECT c.id, c.full_name, d.label, d.month, d.day, d.year, c.archived"
    " FROM contact_date AS d JOIN contact AS c ON c.id = d.contact_id"
    " WHERE (d.month, d.day) >= (?, ?) AND (d.month, d.day) <= (?, ?)"
)


def birthdays_between(
    first: date, last: date, *, include_archived: bool = False, dates: bool = True
) -> list[Birthday]:
    """Birthdays — and, with ``dates``, important dates — from ``first`` to ``last`` (both
    included), by date then name (a birthday before a person's other dates).

    One range of the (month, day) index per calendar year the span touches.
    """
    if not _check_span(first, last):
        return []
    # Sorted by a key made while reading (the date, the name folded, the id, the label
    # folded): a calendar month at 100,000 people holds thousands.
    keyed: list[tuple[tuple[date, str, int, str], Birthday]] = []
    for year, low, high in _spans(first, last):
        days: dict[tuple[int, int], date | None] = {}
        for contact_id, name, month, day, born, archived in database_proxy.execute_sql(
            _BIRTHDAYS_SQL, (*low, *high)
        ).fetchall():
            if archived and not include_archived:
                continue
            key = (month, day)
            if key in days:
                when = days[key]
            else:
                when = days[key] = _day_in(year, month, day)
            if when is None:
                continue  # an impossible date stored by an old import
            keyed.append(
                ((when, name.casefold(), contact_id, ""), Birthday(contact_id, name, when, born))
            )
    if dates:
        keyed.extend(
            ((b.day, b.full_name.casefold(), b.contact_id, b.label.casefold()), b)
            for b in _important_dates_between(first, last, include_archived)
        )
    keyed.sort(key=itemgetter(0))
    return [birthday for _, birthday in keyed]


@dataclass(frozen=True)
class DayBirthdays:
    """A day's birthdays and important dates as a calendar cell shows them: the names of the
    people born that day, and (name, the date's name) for each date, each in the order of
    :func:`birthdays_between` (by name)."""

    names: tuple[str, ...] = ()
    dates: tuple[tuple[str, str], ...] = ()


#: Each day's names in one row (``NOT archived`` is tested on the covering index's own entries,
#: archived being in it: unlike ``archived = 0`` it is no equality SQLite could look up in the
#: (archived, sort_name) index). Both lists step over the same rows in the same order.
_NAMES_SQL = (
    "SELECT birthday_month, birthday_day, count(*), group_concat(full_name, char(31)),"
    " group_concat(id) FROM contact"
    " WHERE (birthday_month, birthday_day) >= (?, ?) AND (birthday_month, birthday_day) <= (?, ?)"
    " AND NOT archived GROUP BY birthday_month, birthday_day"
)
#: One stored day's people, row by row (when a name holds the separator above).
_DAY_NAMES_SQL = (
    "SELECT full_name, id FROM contact"
    " WHERE birthday_month = ? AND birthday_day = ? AND NOT archived"
)


def birthdays_by_day(first: date, last: date) -> dict[date, DayBirthdays]:
    """What the calendar's cells show from ``first`` to ``last``: each day's birthdays and
    dates (archived people left out; days without any left out) — the same people and
    order as :func:`birthdays_between`, without making a :class:`Birthday` of each (a
    calendar month at 100,000 people holds thousands; the day list makes its day's)."""
    if not _check_span(first, last):
        return {}
    born: dict[date, list[tuple[str, int, str]]] = {}
    for year, low, high in _spans(first, last):
        for month, day, count, joined, ids in database_proxy.execute_sql(
            _NAMES_SQL, (*low, *high)
        ).fetchall():
            when = _day_in(year, month, day)
            if when is None:
                continue  # an impossible date stored by an old import
            names: list[str] = joined.split("\x1f")
            people: Iterable[int]
            if len(names) == count:
                people = map(int, ids.split(","))
            else:  # someone's name holds the separator: this day's rows one by one
                rows = database_proxy.execute_sql(_DAY_NAMES_SQL, (month, day)).fetchall()
                names = [name for name, _ in rows]
                people = [contact_id for _, contact_id in rows]
            # (folded name, id, name): zipped and mapped in C, a day's hundred at a time.
            born.setdefault(when, []).extend(
                zip(map(str.casefold, names), people, names, strict=True)
            )
    dated: dict[date, list[Birthday]] = {}
    for birthday in _important_dates_between(first, last, False):
        dated.setdefault(birthday.day, []).append(birthday)
    found: dict[date, DayBirthdays] = {}
    for when in sorted(born.keys() | dated.keys()):
        # One birthday per person: (folded name, id) never ties, so plain tuples sort them.
        shown = tuple(map(itemgetter(2), sorted(born.get(when, ()))))
        dates = sorted(
            dated.get(when, ()),
            key=lambda b: (b.full_name.casefold(), b.contact_id, b.label.casefold()),
        )
        found[when] = DayBirthdays(shown, tuple((b.full_name, b.label) for b in dates))
    return found


def _day_in(year: int, month: int, day: int) -> date | None:
    """:func:`birthday_in`, or None for an impossible stored date."""
    try:
        return birthday_in(year, month, day)
    except ValueError:
        return None


def _important_dates_between(first: date, last: date, include_archived: bool) -> list[Birthday]:
    """Important dates from ``first`` to ``last``: the same (month, day) ranges on
    ``contact_date`` (indexed on month and day)."""
    found: list[Birthday] = []
    for year, low, high in _spans(first, last):
        for contact_id, name, label, month, day, since, archived in database_proxy.execute_sql(
            _DATES_SQL, (*low, *high)
        ).fetchall():
            if archived and not include_archived:
                continue
            when = _day_in(year, month, day)
            if when is None:
                continue
            found.append(Birthday(contact_id, name, when, since, label or "Date"))
    return found


def upcoming_birthdays(today: date, days: int = 14) -> list[Birthday]:
    """Birthdays from today through the next ``days`` days (today + 14 by default)."""
    return birthdays_between(today, today + timedelta(days=days))

"""What the calendar's month reads: each day's follow-up titles and birthdays, lighter than the
full lists but the same things on the same days in the same order (held against
``follow_ups_between`` and ``birthdays_between``, which the day list and Today read)."""

from __future__ import annotations

import random
from datetime import UTC, date, time, timedelta

import pytest

from kith.core.contacts import ImportantDate
from kith.core.follow_ups import (
    FollowUpDraft,
    complete_follow_up,
    create_follow_up,
    drop,
    follow_up_titles_between,
    follow_ups_between,
)
from kith.core.rules.birthdays import (
    DayBirthdays,
    birthday_in,
    birthdays_between,
    birthdays_by_day,
)
from kith.store.models import Contact, database_proxy
from tests.core.rules_fixtures import BERLIN, NEW_YORK, NOW, person

ZONES = [UTC, BERLIN, NEW_YORK]


def _titles_from_items(first: date, last: date, tz: object) -> dict[date, tuple[list, list]]:
    found = follow_ups_between(first, last, tz=tz)  # type: ignore[arg-type]
    return {
        day: (
            [i.title for i in d.items if i.status == "open"],
            [i.title for i in d.items if i.status == "done"],
        )
        for day, d in found.items()
    }


def _titles(first: date, last: date, tz: object) -> dict[date, tuple[list, list]]:
    found = follow_up_titles_between(first, last, tz=tz)  # type: ignore[arg-type]
    return {day: (list(d.open), list(d.done)) for day, d in found.items()}


def test_a_days_titles_open_then_done_untimed_first_then_by_time(db) -> None:
    day = date(2026, 12, 3)
    create_follow_up(FollowUpDraft(title="Late call", due_date=day, due_time=time(18)), tz=UTC)
    create_follow_up(FollowUpDraft(title="Any time", due_date=day), tz=UTC)
    create_follow_up(FollowUpDraft(title="Early call", due_date=day, due_time=time(8)), tz=UTC)
    done = create_follow_up(FollowUpDraft(title="Sent", due_date=day), tz=UTC)
    complete_follow_up(done, now=NOW)
    dropped = create_follow_up(FollowUpDraft(title="Dropped", due_date=day), tz=UTC)
    drop(dropped)
    found = follow_up_titles_between(day, day, tz=UTC)
    assert list(found) == [day]
    assert found[day].open == ("Any time", "Early call", "Late call")
    assert found[day].done == ("Sent",)
    assert follow_up_titles_between(day + timedelta(days=1), day + timedelta(days=9)) == {}


def test_titles_are_the_full_lists_titles_in_every_zone(db) -> None:
    """Random follow-ups, timed ones near midnight in every zone, open, done and dropped:
    the month's titles are exactly those of ``follow_ups_between`` on the same days."""
    rng = random.Random(7)
    start = date(2026, 10, 20)
    for n in range(160):
        day = start + timedelta(days=rng.randint(0, 60))
        at = None
        if rng.random() < 0.6:
            at = time(rng.choice([0, 0, 1, 5, 12, 22, 23, 23]), rng.choice([0, 15, 30, 59]))
        zone = rng.choice(ZONES)
        fid = create_follow_up(FollowUpDraft(title=f"t{n}", due_date=day, due_time=at), tz=zone)
        roll = rng.random()
        if roll < 0.25:
            complete_follow_up(fid, now=NOW)
        elif roll < 0.35:
            drop(fid)
    for zone in ZONES:
        for first in (date(2026, 10, 26), date(2026, 11, 30), date(2026, 11, 2)):
            last = first + timedelta(days=41)
            assert _titles(first, last, zone) == _titles_from_items(first, last, zone)
        assert _titles(date(2026, 11, 10), date(2026, 11, 10), zone) == _titles_from_items(
            date(2026, 11, 10), date(2026, 11, 10), zone
        )


def _grouped(first: date, last: date) -> dict[date, DayBirthdays]:
    grouped: dict[date, tuple[list[str], list[tuple[str, str]]]] = {}
    for b in birthdays_between(first, last):
        names, dates = grouped.setdefault(b.day, ([], []))
        if b.label:
            dates.append((b.full_name, b.label))
        else:
            names.append(b.full_name)
    return {day: DayBirthdays(tuple(n), tuple(d)) for day, (n, d) in grouped.items()}


def test_a_days_birthdays_by_name_dates_apart_archived_left_out(db) -> None:
    day = date(2026, 12, 3)
    person("bea Zed", birthday_month=12, birthday_day=3)
    person("Ana", birthday_month=12, birthday_day=3, birthday_year=1990)
    person("Émile", birthday_month=12, birthday_day=3)
    person("Gone", birthday_month=12, birthday_day=3, archived=True)
    person("Cy", dates=[ImportantDate("Anniversary", 12, 3, 2016), ImportantDate("", 12, 3, None)])
    person("Ana", dates=[ImportantDate("First climb", 12, 3, None)])
    # A date stored without a name (an old import) is called "Date".
    database_proxy.execute_sql(
        "UPDATE contact_date SET label = '' WHERE year IS NULL AND label != 'First climb'"
    )
    found = birthdays_by_day(day - timedelta(days=2), day + timedelta(days=2))
    assert found == {
        day: DayBirthdays(
            ("Ana", "bea Zed", "Émile"),
            (("Ana", "First climb"), ("Cy", "Anniversary"), ("Cy", "Date")),
        )
    }
    assert found == _grouped(day - timedelta(days=2), day + timedelta(days=2))


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2027, 2, 1), date(2027, 2, 28)),  # a common year: the 29th on the 28th
        (date(2027, 2, 28), date(2027, 3, 1)),
        (date(2027, 3, 1), date(2027, 3, 31)),  # not in March
        (date(2028, 2, 1), date(2028, 3, 13)),  # a leap year: on the day
        (date(2026, 12, 28), date(2027, 2, 7)),  # across the year end
        (date(2026, 4, 27), date(2026, 6, 7)),
    ],
)
def test_birthdays_by_day_are_birthdays_between_by_day(db, first: date, last: date) -> None:
    person("Leap", birthday_month=2, birthday_day=29, birthday_year=2000)
    person("Feb", birthday_month=2, birthday_day=28)
    person("New Year", birthday_month=1, birthday_day=1, dates=[ImportantDate("Wed", 2, 29, 2004)])
    person("Eve", birthday_month=12, birthday_day=31)
    person("May", birthday_month=5, birthday_day=31)
    person("April", birthday_month=4, birthday_day=30)
    # Impossible dates an old import stored are left out, as birthdays_between leaves them.
    odd = person("Odd")
    database_proxy.execute_sql(
        "UPDATE contact SET birthday_month = 4, birthday_day = 31 WHERE id = ?", (odd,)
    )
    zero = person("Zero")
    Contact.update(birthday_month=5, birthday_day=0).where(Contact.id == zero).execute()
    assert birthdays_by_day(first, last) == _grouped(first, last)


def test_many_birthdays_in_random_order_and_case(db) -> None:
    rng = random.Random(3)
    # "a\x1fb": a name holding the separator the day's names are joined with in SQL.
    names = ["ana", "Ana", "ÁNGEL", "bo", "Bo", "émile", "Zoë", "zed", "ß", "ss", "Ø", "a\x1fb", ""]
    for n in range(150):
        month = rng.choice([11, 12, 1])
        fields: dict[str, object] = {"birthday_month": month, "birthday_day": rng.randint(1, 31)}
        if rng.random() < 0.2:
            fields["dates"] = [ImportantDate(rng.choice(["Anniversary", "x", "X"]), month, 5, None)]
        if rng.random() < 0.1:
            fields["archived"] = True
        try:
            person(f"{rng.choice(names)} {n % 7}", **fields)
        except Exception:  # an impossible day the form refuses (31 November): skip it
            continue
    for first in (date(2026, 10, 26), date(2026, 11, 30), date(2026, 12, 28)):
        last = first + timedelta(days=41)
        assert birthdays_by_day(first, last) == _grouped(first, last)
    assert birthdays_by_day(date(2026, 12, 5), date(2026, 12, 4)) == {}
    with pytest.raises(ValueError):
        birthdays_by_day(date(2026, 1, 1), date(2028, 1, 1))


def test_birthdays_between_reads_each_year_as_one_range(db) -> None:
    """The span's days in each calendar year, whole months and the ends: nobody a day
    outside it, nobody inside it left out."""
    born = {}
    for month in (11, 12, 1, 2):
        for day in (1, 14, 15, 28, 29, 30, 31):
            try:
                date(2028, month, day)
            except ValueError:
                continue
            born[(month, day)] = person(f"P {month}-{day}", birthday_month=month, birthday_day=day)
    first, last = date(2026, 11, 15), date(2027, 1, 14)
    found = {(b.day.month, b.day.day) for b in birthdays_between(first, last)}
    expected = {
        (m, d) for (m, d) in born if first <= birthday_in(2026 if m > 6 else 2027, m, d) <= last
    }
    assert found == expected


def test_a_29_february_birthday_in_a_span_ending_on_28_february(db) -> None:
    leap = person("Leap", birthday_month=2, birthday_day=29, birthday_year=2000)
    for first in (date(2027, 2, 1), date(2027, 2, 28)):
        [found] = birthdays_between(first, date(2027, 2, 28))
        assert (found.contact_id, found.day) == (leap, date(2027, 2, 28))
        assert birthdays_by_day(first, date(2027, 2, 28)) == {
            date(2027, 2, 28): DayBirthdays(("Leap",))
        }
    assert birthdays_between(date(2027, 2, 1), date(2027, 2, 27)) == []
    assert birthdays_by_day(date(2028, 2, 1), date(2028, 2, 28)) == {}
    assert list(birthdays_by_day(date(2028, 2, 1), date(2028, 2, 29))) == [date(2028, 2, 29)]


def test_the_months_queries_read_ranges_of_their_indexes(db) -> None:
    """Each a range of an index (the birthdays' covering one: no contact row is read), not a
    walk of the table or of the (archived, sort_name) index."""
    from kith.core import follow_ups
    from kith.core.rules import birthdays

    def plan(sql: str, params: tuple[object, ...]) -> str:
        rows = database_proxy.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
        return " | ".join(row[-1] for row in rows)

    days = (11, 30, 12, 31)
    for sql in (birthdays._NAMES_SQL, birthdays._BIRTHDAYS_SQL):
        assert plan(sql, days) == (
            "SEARCH contact USING COVERING INDEX contact_birthday_covering"
            " ((birthday_month,birthday_day)>(?,?) AND (birthday_month,birthday_day)<(?,?))"
        )
    assert "SEARCH d USING INDEX contact_date_month_day" in plan(birthdays._DATES_SQL, days)
    assert plan(follow_ups._TITLES_SQL, ("2026-11-30", "2027-01-11")) == (
        "SEARCH follow_up USING INDEX follow_up_due_at (due_at>? AND due_at<?)"
    )


def test_a_name_holding_the_separator_of_the_days_names(db) -> None:
    """The month reads a day's names joined with \\x1f; a name holding one (an old import)
    is read row by row, the day the same as birthdays_between's."""
    day = date(2026, 12, 3)
    odd = person("Bo", birthday_month=12, birthday_day=3)
    person("Ana", birthday_month=12, birthday_day=3)
    person("Cy", birthday_month=12, birthday_day=3)
    database_proxy.execute_sql("UPDATE contact SET full_name = ? WHERE id = ?", ("Bo\x1fZed", odd))
    found = birthdays_by_day(day, day)
    assert found == {day: DayBirthdays(("Ana", "Bo\x1fZed", "Cy"))}
    assert found == _grouped(day, day)

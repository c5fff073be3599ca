"""Birthdays: across the year end, 29 February, archived people, ages."""

from __future__ import annotations

from datetime import date

import pytest

from kith.core.rules.birthdays import birthday_in, birthdays_between, upcoming_birthdays
from tests.core.rules_fixtures import person


def names(found):
    return [(b.full_name, b.day) for b in found]


def test_the_next_14_days_cross_the_year_end(db):
    person("New Year", birthday_month=1, birthday_day=1, birthday_year=1990)
    person("Boxing Day", birthday_month=12, birthday_day=26)
    person("Twelfth Night", birthday_month=1, birthday_day=6)
    person("Too late", birthday_month=1, birthday_day=7)
    person("Just gone", birthday_month=12, birthday_day=22)
    person("Archived", birthday_month=12, birthday_day=25, archived=True)
    person("No birthday")
    found = upcoming_birthdays(date(2026, 12, 23))
    assert names(found) == [
        ("Boxing Day", date(2026, 12, 26)),
        ("New Year", date(2027, 1, 1)),
        ("Twelfth Night", date(2027, 1, 6)),
    ]
    assert found[1].turning == 37
    assert found[1].text(date(2026, 12, 23)) == "in 9 days, turns 37"
    assert found[0].turning is None
    assert found[0].text(date(2026, 12, 26)) == "today"


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2027, 2, 20), date(2027, 2, 28)),  # common year: on 28 February
        (date(2028, 2, 20), date(2028, 2, 29)),  # leap year: on the day
    ],
)
def test_29_february(db, start, expected):
    person("Leap", birthday_month=2, birthday_day=29, birthday_year=2000)
    [found] = upcoming_birthdays(start)
    assert found.day == expected
    assert found.turning == expected.year - 2000
    assert birthdays_between(date(2027, 3, 1), date(2027, 3, 31)) == []


def test_a_calendar_month_with_several_on_one_day(db):
    person("Bea", birthday_month=11, birthday_day=5)
    person("Al", birthday_month=11, birthday_day=5)
    person("Cy", birthday_month=11, birthday_day=30)
    person("Dee", birthday_month=12, birthday_day=1)
    assert names(birthdays_between(date(2026, 11, 1), date(2026, 11, 30))) == [
        ("Al", date(2026, 11, 5)),
        ("Bea", date(2026, 11, 5)),
        ("Cy", date(2026, 11, 30)),
    ]


def test_birthday_in():
    assert birthday_in(2027, 2, 29) == date(2027, 2, 28)
    assert birthday_in(2028, 2, 29) == date(2028, 2, 29)
    assert birthday_in(2027, 7, 14) == date(2027, 7, 14)


def test_spans_are_bounded(db):
    assert birthdays_between(date(2026, 5, 1), date(2026, 4, 1)) == []
    with pytest.raises(ValueError):
        birthdays_between(date(2026, 1, 1), date(2028, 1, 1))

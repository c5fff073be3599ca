"""Repeat rules: month ends, leap days, counts, anchoring, words, and bad rules."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from kith.core.recurrence import (
    RepeatRuleError,
    anchor_rule,
    describe_rule,
    make_rule,
    next_occurrence,
    normalise_rule,
    repeat_choice,
    rule_error,
    unanchor_rule,
)


def series(rule: str, start: datetime, n: int) -> list[date]:
    """The next ``n`` due dates after ``start``, completing each one on its due day."""
    rule = anchor_rule(rule, start.date())
    dates = []
    current = start
    for _ in range(n):
        found = next_occurrence(rule, current, current)
        if found is None:
            break
        current, rule = found
        dates.append(current.date())
    return dates


@pytest.mark.parametrize(
    ("rule", "start", "expected"),
    [
        (
            "FREQ=MONTHLY",
            date(2027, 1, 31),
            [date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30), date(2027, 5, 31)],
        ),
        (
            "FREQ=MONTHLY",
            date(2028, 1, 31),
            [date(2028, 2, 29), date(2028, 3, 31), date(2028, 4, 30), date(2028, 5, 31)],
        ),
        (
            "FREQ=MONTHLY",
            date(2027, 1, 30),
            [date(2027, 2, 28), date(2027, 3, 30), date(2027, 4, 30), date(2027, 5, 30)],
        ),
        (
            "FREQ=MONTHLY;INTERVAL=3",
            date(2026, 11, 30),
            [date(2027, 2, 28), date(2027, 5, 30), date(2027, 8, 30), date(2027, 11, 30)],
        ),
        (
            "FREQ=MONTHLY",
            date(2026, 12, 15),
            [date(2027, 1, 15), date(2027, 2, 15), date(2027, 3, 15)],
        ),
        (
            "FREQ=YEARLY",
            date(2028, 2, 29),
            [date(2029, 2, 28), date(2030, 2, 28), date(2031, 2, 28), date(2032, 2, 29)],
        ),
        (
            "FREQ=YEARLY",
            date(2026, 12, 31),
            [date(2027, 12, 31), date(2028, 12, 31)],
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2",
            date(2026, 12, 28),
            [date(2027, 1, 11), date(2027, 1, 25)],
        ),
        ("FREQ=DAILY", date(2026, 12, 31), [date(2027, 1, 1), date(2027, 1, 2)]),
        (
            "FREQ=MONTHLY;COUNT=3",
            date(2026, 11, 15),
            [date(2026, 12, 15), date(2027, 1, 15)],
        ),
        (
            "FREQ=MONTHLY;UNTIL=20270201",
            date(2026, 11, 15),
            [date(2026, 12, 15), date(2027, 1, 15)],
        ),
    ],
)
def test_next_occurrences(rule, start, expected):
    begin = datetime.combine(start, datetime.min.time())
    assert series(rule, begin, len(expected)) == expected
    ends = "COUNT" in rule or "UNTIL" in rule
    assert (series(rule, begin, 10) == expected) is ends


def test_month_end_series_does_not_drift_after_a_short_month():
    rule = anchor_rule("FREQ=MONTHLY", date(2027, 1, 31))
    feb, feb_rule = next_occurrence(rule, datetime(2027, 1, 31), datetime(2027, 1, 31))
    assert feb == datetime(2027, 2, 28)
    assert next_occurrence(feb_rule, feb, feb)[0] == datetime(2027, 3, 31)


def test_completing_late_skips_to_the_first_date_after_today():
    rule = anchor_rule("FREQ=MONTHLY", date(2026, 6, 10))
    found = next_occurrence(rule, datetime(2026, 6, 10), datetime(2026, 11, 23))
    assert found == (datetime(2026, 12, 10), "FREQ=MONTHLY;BYMONTHDAY=10")


def test_skipped_occurrences_use_up_the_count():
    rule = anchor_rule("FREQ=MONTHLY;COUNT=5", date(2026, 6, 10))
    found = next_occurrence(rule, datetime(2026, 6, 10), datetime(2026, 9, 20))
    assert found == (datetime(2026, 10, 10), "FREQ=MONTHLY;BYMONTHDAY=10;COUNT=1")
    assert next_occurrence(rule, datetime(2026, 6, 10), datetime(2026, 10, 20)) is None


def test_a_moved_occurrence_keeps_the_series_on_its_day():
    rule = anchor_rule("FREQ=MONTHLY", date(2026, 12, 1))
    # This occurrence was moved from 1 December to 3 December; the series stays on the 1st.
    assert next_occurrence(rule, datetime(2026, 12, 3, 9), datetime(2026, 12, 3, 9))[0] == (
        datetime(2027, 1, 1, 9)
    )


def test_time_of_day_is_kept():
    rule = anchor_rule("FREQ=WEEKLY", date(2026, 10, 20))
    assert next_occurrence(rule, datetime(2026, 10, 20, 9, 30), datetime(2026, 10, 20))[0] == (
        datetime(2026, 10, 27, 9, 30)
    )


@pytest.mark.parametrize(
    ("rule", "start", "anchored"),
    [
        ("FREQ=MONTHLY", date(2026, 1, 15), "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("FREQ=MONTHLY", date(2026, 1, 31), "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1"),
        ("FREQ=MONTHLY", date(2026, 1, 29), "FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=-1"),
        ("FREQ=WEEKLY;INTERVAL=2", date(2026, 11, 23), "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
        ("FREQ=YEARLY", date(2026, 3, 5), "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=5"),
        ("FREQ=YEARLY", date(2028, 2, 29), "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1"),
        ("FREQ=DAILY;INTERVAL=3", date(2026, 1, 15), "FREQ=DAILY;INTERVAL=3"),
        ("FREQ=WEEKLY;BYDAY=MO,FR", date(2026, 11, 25), "FREQ=WEEKLY;BYDAY=MO,FR"),
    ],
)
def test_anchoring_and_back(rule, start, anchored):
    assert anchor_rule(rule, start) == anchored
    assert unanchor_rule(anchored) == rule


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (None, "does not repeat"),
        ("FREQ=DAILY", "every day"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "every 2 weeks on Monday"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "every week on Monday, Wednesday and Friday"),
        ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15", "every 3 months on the 15th"),
        ("FREQ=MONTHLY;BYMONTHDAY=2", "every month on the 2nd"),
        ("FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", "every month on the last day"),
        (
            "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1",
            "every month on the 30th (or the last day of shorter months)",
        ),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=5", "every year on 5 March"),
        (
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1",
            "every year on 29 February (28 February in other years)",
        ),
        ("FREQ=MONTHLY;BYMONTHDAY=1;COUNT=3", "every month on the 1st, this one and 2 more"),
        ("FREQ=MONTHLY;COUNT=1", "every month, this is the last time"),
        ("FREQ=MONTHLY;UNTIL=20270601", "every month, until 1 June 2027"),
        ("FREQ=MONTHLY;BYDAY=1MO", "every month (custom rule)"),
    ],
)
def test_describe(rule, words):
    assert describe_rule(rule) == words


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("FREQ=HOURLY", "A follow-up repeats daily, weekly, monthly or yearly."),
        ("every month", "Kith cannot read the repeat rule “every month”."),
        ("FREQ=MONTHLY;INTERVAL=0", "Repeat every 1 or more days, weeks, months or years."),
        ("FREQ=MONTHLY;COUNT=0", "A repeat count must be 1 or more."),
        ("FREQ=MONTHLY;BYDAY=XX", "Kith cannot read the repeat rule “FREQ=MONTHLY;BYDAY=XX”."),
        ("FREQ=MONTHLY;FOO=1", "Kith cannot use the repeat rule part FOO."),
        (
            "FREQ=MONTHLY;COUNT=2;UNTIL=20270101",
            "A repeat ends after a number of times or on a date, not both.",
        ),
    ],
)
def test_bad_rules_are_explained(rule, message):
    assert rule_error(rule) == message
    with pytest.raises(RepeatRuleError):
        normalise_rule(rule)


def test_normalise_tidies_and_accepts_the_rrule_prefix():
    assert normalise_rule("RRULE:freq=monthly;interval=3") == "FREQ=MONTHLY;INTERVAL=3"
    assert normalise_rule("  ") is None
    assert normalise_rule(None) is None
    assert rule_error("FREQ=MONTHLY;UNTIL=20270101T000000Z") is None


def test_repeat_picker_helpers():
    assert make_rule("MONTHLY", 3) == "FREQ=MONTHLY;INTERVAL=3"
    assert make_rule("WEEKLY") == "FREQ=WEEKLY"
    assert repeat_choice("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15") == ("MONTHLY", 3)
    assert repeat_choice(None) is None
    with pytest.raises(ValueError):
        make_rule("HOURLY")

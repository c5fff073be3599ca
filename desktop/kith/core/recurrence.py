"""Repeating follow-ups: RFC 5545 repeat rules, their next date (python-dateutil), and words.

A follow-up's ``rrule`` holds the value of an RFC 5545 RRULE ("FREQ=MONTHLY;INTERVAL=3").
All date arithmetic is dateutil's; this module only prepares the rule text:

- **Anchoring.** When a follow-up is saved, a plain weekly, monthly or yearly rule is pinned
  to its due date ("FREQ=MONTHLY" due on the 15th becomes "FREQ=MONTHLY;BYMONTHDAY=15"), so
  moving one occurrence does not move the series.
- **Month ends.** A monthly rule due on the 29th–31st is pinned with
  "BYMONTHDAY=28,…,31;BYSETPOS=-1": the 31st, or the last day of shorter months (Jan 31,
  Feb 28, Mar 31, Apr 30…). A yearly rule due on Feb 29 falls on Feb 28 in other years.
  (RFC 5545 alone would skip those months.)
- **Counts.** "COUNT=n" counts the occurrences still to come, this one included; each new
  occurrence carries the count that is left.

Rules work in local wall-clock time: a 09:00 reminder stays at 09:00 across daylight-saving
changes. ``UNTIL`` is read as local wall-clock time too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

#: Writes a day for :func:`describe_rule`: (day, with its year) → "5 August 2026".
DayText = Callable[[date, bool], str]

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_UNITS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
_PARTS = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "WKST", "BYDAY", "BYMONTHDAY", "BYMONTH")
_MORE_PARTS = ("BYSETPOS", "BYYEARDAY", "BYWEEKNO")
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_BY_PARTS = ("BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "BYYEARDAY", "BYWEEKNO")


class RepeatRuleError(ValueError):
    """A repeat rule Kith cannot use; the message is meant for the user."""


def parse_parts(rule: str) -> dict[str, str]:
    """ "FREQ=MONTHLY;INTERVAL=3" → {"FREQ": "MONTHLY", "INTERVAL": "3"} (keys upper-cased).

    Raises :class:`RepeatRuleError` for text that is not a list of NAME=VALUE parts.
    """
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for piece in text.split(";"):
        if not piece.strip():
            continue
        name, sep, value = piece.partition("=")
        name = name.strip().upper()
        if not sep or not name or not value.strip() or name in parts:
            raise RepeatRuleError(f"Kith cannot read the repeat rule “{rule}”.")
        parts[name] = value.strip().upper()
    return parts


def format_parts(parts: dict[str, str]) -> str:
    """The rule text of ``parts`` (FREQ first, then the order given)."""
    ordered = {"FREQ": parts["FREQ"], **{k: v for k, v in parts.items() if k != "FREQ"}}
    return ";".join(f"{k}={v}" for k, v in ordered.items())


def normalise_rule(rule: str | None) -> str | None:
    """A checked, tidy rule ("freq=monthly" → "FREQ=MONTHLY"), or None for no repeat.

    Raises :class:`RepeatRuleError` (message for the user) when the rule cannot be used:
    Kith repeats follow-ups daily, weekly, monthly or yearly.
    """
    if rule is None or not rule.strip():
        return None
    parts = parse_parts(rule)
    unknown = [k for k in parts if k not in _PARTS + _MORE_PARTS]
    if unknown:
        raise RepeatRuleError(f"Kith cannot use the repeat rule part {unknown[0]}.")
    freq = parts.get("FREQ")
    if freq not in FREQUENCIES:
        raise RepeatRuleError("A follow-up repeats daily, weekly, monthly or yearly.")
    if "INTERVAL" in parts and not (parts["INTERVAL"].isdigit() and int(parts["INTERVAL"]) >= 1):
        raise RepeatRuleError("Repeat every 1 or more days, weeks, months or years.")
    if "COUNT" in parts and not (parts["COUNT"].isdigit() and int(parts["COUNT"]) >= 1):
        raise RepeatRuleError("A repeat count must be 1 or more.")
    if "COUNT" in parts and "UNTIL" in parts:
        raise RepeatRuleError("A repeat ends after a number of times or on a date, not both.")
    text = format_parts(parts)
    try:
        _series(text, datetime(2026, 1, 1, 9, 0))
    except (ValueError, TypeError) as exc:
        raise RepeatRuleError(f"Kith cannot read the repeat rule “{rule}”.") from exc
    return text


def rule_error(rule: str | None) -> str | None:
    """Why ``rule`` cannot be used (a message for the form), or None when it is fine."""
    try:
        normalise_rule(rule)
    except RepeatRuleError as exc:
        return str(exc)
    return None


def make_rule(freq: str, interval: int = 1) -> str:
    """The plain rule a repeat picker builds: ("MONTHLY", 3) → "FREQ=MONTHLY;INTERVAL=3"."""
    if freq not in FREQUENCIES or interval < 1:
        raise ValueError(f"not a repeat: {freq} every {interval}")
    return f"FREQ={freq}" if interval == 1 else f"FREQ={freq};INTERVAL={interval}"


def repeat_choice(rule: str | None) -> tuple[str, int] | None:
    """(frequency, interval) of a rule, for a repeat picker: ("MONTHLY", 3); None: no repeat."""
    if not rule:
        return None
    parts = parse_parts(rule)
    return parts["FREQ"], int(parts.get("INTERVAL", "1"))


def _month_end_days(day: int) -> str:
    return ",".join(str(d) for d in range(28, day + 1))


def anchor_rule(rule: str, start: date) -> str:
    """Pin a plain rule (no BY… parts) to ``start``: its weekday, day of month or date.

    Rules that already say which days they mean are returned as they are. See the module
    docstring for month ends and Feb 29.
    """
    parts = parse_parts(rule)
    if any(k in parts for k in _BY_PARTS):
        return format_parts(parts)
    freq = parts["FREQ"]
    if freq == "WEEKLY":
        parts["BYDAY"] = _WEEKDAYS[start.weekday()]
    elif freq == "MONTHLY":
        if start.day >= 29:
            parts["BYMONTHDAY"] = _month_end_days(start.day)
            parts["BYSETPOS"] = "-1"
        else:
            parts["BYMONTHDAY"] = str(start.day)
    elif freq == "YEARLY":
        parts["BYMONTH"] = str(start.month)
        if (start.month, start.day) == (2, 29):
            parts["BYMONTHDAY"] = "28,29"
            parts["BYSETPOS"] = "-1"
        else:
            parts["BYMONTHDAY"] = str(start.day)
    return format_parts(parts)


def unanchor_rule(rule: str) -> str:
    """Undo :func:`anchor_rule`: drop BY… parts that pin the rule to one day.

    Rules with BY… parts that say more than one day (every Monday and Friday) are kept whole.
    """
    parts = parse_parts(rule)
    freq = parts["FREQ"]
    by = {k: v for k, v in parts.items() if k in _BY_PARTS}
    plain = {k: v for k, v in parts.items() if k not in _BY_PARTS}
    if not by:
        return format_parts(parts)
    if freq == "WEEKLY" and set(by) == {"BYDAY"} and by["BYDAY"] in _WEEKDAYS:
        return format_parts(plain)
    if freq == "MONTHLY":
        if set(by) == {"BYMONTHDAY"} and by["BYMONTHDAY"].isdigit():
            return format_parts(plain)
        if set(by) == {"BYMONTHDAY", "BYSETPOS"} and by["BYSETPOS"] == "-1":
            days = by["BYMONTHDAY"].split(",")
            if days[0] == "28" and days == [str(d) for d in range(28, 28 + len(days))]:
                return format_parts(plain)
    if (
        freq == "YEARLY"
        and set(by) <= {"BYMONTH", "BYMONTHDAY", "BYSETPOS"}
        and by.get("BYMONTH", "").isdigit()
        and (
            by.get("BYMONTHDAY", "").isdigit()
            or (by.get("BYMONTHDAY") == "28,29" and by.get("BYSETPOS") == "-1")
        )
    ):
        return format_parts(plain)
    return format_parts(parts)


def _series(rule: str, start: datetime) -> Any:
    """dateutil's rrule for ``rule`` starting at ``start`` (naive local wall time)."""
    from dateutil.rrule import rrulestr

    return rrulestr(rule, dtstart=start, ignoretz=True)


def next_occurrence(rule: str, current: datetime, after: datetime) -> tuple[datetime, str] | None:
    """The next occurrence of a series and the rule it carries, or None when the series ends.

    ``current`` is this occurrence's due time (local wall clock, naive); the series is
    anchored there. The next occurrence is the first one later than both ``current`` and
    ``after`` (e.g. the end of today when a follow-up is completed late, so the new one is
    not overdue at birth). With COUNT, the returned rule carries the count that remains
    after this occurrence and any skipped ones.
    """
    parts = parse_parts(rule)
    count = int(parts.pop("COUNT")) if "COUNT" in parts else None
    series = _series(format_parts(parts), current)
    cutoff = max(current, after)
    moment = series.after(cutoff)
    if moment is None:
        return None
    if count is not None:
        skipped = sum(1 for m in series.between(current, cutoff, inc=True) if m > current)
        left = count - 1 - skipped
        if left < 1:
            return None
        parts["COUNT"] = str(left)
    return moment, format_parts(parts)


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def english_day(day: date, year: bool) -> str:
    """ "5 August 2026" (or "5 August"): how :func:`describe_rule` writes a day by default."""
    text = f"{day.day} {_MONTH_NAMES[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def describe_rule(rule: str | None, day_text: DayText = english_day) -> str:
    """Plain words for a rule: "every 3 months on the 15th", "every week on Monday".

    ``day_text(day, year)`` writes the days a rule names ("until 5 August 2026", "every year
    on 5 August"); the window passes its locale's format."""
    if not rule:
        return "does not repeat"
    try:
        parts = parse_parts(rule)
        freq = parts["FREQ"]
        unit = _UNITS[freq]
    except (RepeatRuleError, KeyError):
        return "repeats (a rule Kith cannot read)"
    interval = int(parts.get("INTERVAL", "1")) if parts.get("INTERVAL", "").isdigit() else 1
    words = f"every {unit}" if interval == 1 else f"every {interval} {unit}s"
    if freq == "DAILY" and interval == 1:
        words = "every day"
    by = {k: v for k, v in parts.items() if k in _BY_PARTS}
    if by:
        detail = _describe_by(freq, by, day_text)
        words = f"{words} {detail}" if detail else f"{words} (custom rule)"
    if "COUNT" in parts:
        count = parts["COUNT"]
        if count.isdigit():
            left = int(count) - 1
            words += ", this is the last time" if left < 1 else f", this one and {left} more"
    if "UNTIL" in parts:
        until = parts["UNTIL"][:8]
        try:
            end = date(int(until[:4]), int(until[4:6]), int(until[6:8]))
            words += f", until {day_text(end, True)}"
        except ValueError:
            pass
    return words


def _describe_by(freq: str, by: dict[str, str], day_text: DayText) -> str:
    if freq == "WEEKLY" and set(by) == {"BYDAY"}:
        days = by["BYDAY"].split(",")
        if all(d in _WEEKDAYS for d in days):
            names = [_WEEKDAY_NAMES[_WEEKDAYS.index(d)] for d in days]
            return "on " + (
                names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
            )
    if freq == "MONTHLY" and set(by) == {"BYMONTHDAY"} and by["BYMONTHDAY"].isdigit():
        return f"on the {_ordinal(int(by['BYMONTHDAY']))}"
    if freq == "MONTHLY" and set(by) == {"BYMONTHDAY", "BYSETPOS"} and by["BYSETPOS"] == "-1":
        days = by["BYMONTHDAY"].split(",")
        if days[0] == "28" and days[-1].isdigit():
            last = int(days[-1])
            if last == 31:
                return "on the last day"
            return f"on the {_ordinal(last)} (or the last day of shorter months)"
    if freq == "YEARLY" and by.get("BYMONTH", "").isdigit() and 1 <= int(by["BYMONTH"]) <= 12:
        month = int(by["BYMONTH"])
        if set(by) == {"BYMONTH", "BYMONTHDAY"} and by["BYMONTHDAY"].isdigit():
            with contextlib.suppress(ValueError):  # 31 April: no such day
                return f"on {day_text(date(2000, month, int(by['BYMONTHDAY'])), False)}"
        if by.get("BYMONTHDAY") == "28,29" and by.get("BYSETPOS") == "-1" and month == 2:
            leap, common = date(2000, 2, 29), date(2000, 2, 28)  # 2000: a leap year
            return f"on {day_text(leap, False)} ({day_text(common, False)} in other years)"
    return ""

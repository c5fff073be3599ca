"""Plain words for spans of days: "today", "5 days ago", "7 weeks ago", "in 3 months"."""

from __future__ import annotations

from kith.core.local_time import local_date

__all__ = ["ago_words", "local_date", "span_words", "until_words"]


def span_words(days: int) -> str:
    """A rounded length of time: 1 day, 12 days, 3 weeks, 4 months, 2 years."""
    days = abs(days)
    if days < 14:
        return "1 day" if days == 1 else f"{days} days"
    if days < 60:
        weeks = round(days / 7)
        return f"{weeks} weeks"
    if days < 365:
        months = round(days / 30.44)
        return "1 month" if months == 1 else f"{months} months"
    years = round(days / 365.25)
    return "1 year" if years == 1 else f"{years} years"


def ago_words(days: int) -> str:
    """How long ago something was, from a whole number of days: "today", "3 weeks ago"."""
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{span_words(days)} ago"


def until_words(days: int) -> str:
    """How far off something is: "today", "tomorrow", "in 12 days"."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days < 0:
        return ago_words(-days)
    return f"in {span_words(days)}"

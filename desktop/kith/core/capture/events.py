"""Calendar events (iCalendar, read with ``icalendar``) reduced to meetings: when, who
organised, who attended."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time
from typing import Any

from kith.core.capture.recorder import Meeting


class CalendarFileError(ValueError):
    """The calendar text cannot be read; the message says why."""


def _address(value: Any) -> str:
    text = str(value or "").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().lower()
    return text if "@" in text else ""


def _utc(value: Any) -> datetime | None:
    try:
        moment = getattr(value, "dt", value)
    except (ValueError, AttributeError):  # icalendar's vBroken: a value it could not parse
        return None
    if isinstance(moment, datetime):
        if moment.tzinfo is None:  # floating time: the user's own clock
            return moment.astimezone(UTC).replace(tzinfo=None)
        return moment.astimezone(UTC).replace(tzinfo=None)
    if isinstance(moment, date):  # an all-day event: noon of that day, local
        return datetime.combine(moment, time(12)).astimezone(UTC).replace(tzinfo=None)
    return None


def meetings_from_ics(
    text: str | bytes,
    *,
    with_summary: bool = False,
    note: Callable[[str], None] | None = None,
) -> Iterator[Meeting]:
    """Every event of a calendar that someone attended: cancelled events, and people who
    declined, are left out. One meeting per event (a moved occurrence is its own). An event
    without a readable start or UID is skipped with a ``note``."""
    from icalendar import Calendar

    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except ValueError as exc:
        raise CalendarFileError(f"it is not a calendar Kith can read ({exc})") from None
    if not calendars:
        raise CalendarFileError("it holds no complete calendar (is it cut short?)")
    for number, event in enumerate(
        (e for calendar in calendars for e in calendar.walk("VEVENT")), 1
    ):
        if str(event.get("status", "")).upper() == "CANCELLED":
            continue
        start = _utc(event.get("dtstart"))
        uid = str(event.get("uid", "")).strip()
        if start is None or not uid:
            if note is not None:
                what = "its start cannot be read" if uid else "it has no UID"
                note(f"event {number}{f' ({uid})' if uid else ''}: {what}; skipped")
            continue
        recurrence = event.get("recurrence-id")
        key = uid if recurrence is None else f"{uid}@{_utc(recurrence)}"
        organizer = _address(event.get("organizer"))
        attendees = event.get("attendee", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        people = [organizer] if organizer else []
        for attendee in attendees:
            params = getattr(attendee, "params", {})
            if str(params.get("PARTSTAT", "")).upper() == "DECLINED":
                continue
            address = _address(attendee)
            if address and address not in people:
                people.append(address)
        summary = str(event.get("summary", "")) if with_summary else ""
        yield Meeting(key, start, organizer, tuple(people), " ".join(summary.split())[:200])

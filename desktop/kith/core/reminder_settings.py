"""What the user sets about reminders: the morning time of a day's reminders, quiet hours, a
pause, and the snooze choices — plain values, kept apart from :mod:`kith.core.reminders` (the
queries of what is due) so the window reads its preferences before its first paint without
importing the follow-ups (issue 18). :mod:`kith.core.reminders` gives the same names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from kith.core.local_time import local_at, local_wall, to_utc

#: When a follow-up with a date and no time reminds you, unless Settings says otherwise.
DEFAULT_MORNING = time(9, 0)


@dataclass(frozen=True)
class QuietHours:
    """Local wall-clock hours without reminders, e.g. 22:00–07:00 (``start == end``: none)."""

    start: time
    end: time

    @property
    def empty(self) -> bool:
        return self.start == self.end

    def end_after(self, moment: datetime, tz: tzinfo | None = None) -> datetime | None:
        """If ``moment`` (UTC) falls in quiet hours, the UTC moment they end; else None."""
        if self.empty:
            return None
        wall = local_wall(to_utc(moment), tz)
        at = wall.time()
        day: date | None = None
        if self.start < self.end:
            if self.start <= at < self.end:
                day = wall.date()
        elif at >= self.start:
            day = wall.date() + timedelta(days=1)
        elif at < self.end:
            day = wall.date()
        if day is None:
            return None
        return local_at(day, self.end, tz)


@dataclass(frozen=True)
class ReminderPolicy:
    """What holds reminders back: quiet hours and a pause, in a time zone (None: the machine's)."""

    quiet: QuietHours | None = None
    #: Naive UTC; reminders wait until then ("Pause reminders for 1 hour").
    paused_until: datetime | None = None
    tz: tzinfo | None = None


NO_POLICY = ReminderPolicy()


SNOOZE_CHOICES: Sequence[str] = ("15m", "1h", "tomorrow", "next_week")
SNOOZE_LABELS = {
    "15m": "15 minutes",
    "1h": "1 hour",
    "tomorrow": "Tomorrow morning",
    "next_week": "Next week",
}

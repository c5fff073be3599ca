"""Shared pieces of the tray, popup and settings tests: a settable clock and private settings."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QSettings

from kith.core.follow_ups import FollowUpDraft, create_follow_up, follow_up_item
from kith.core.local_time import local_at, to_utc
from kith.ui.preferences import Preferences


class FakeClock:
    """A clock the test moves by hand (naive UTC)."""

    def __init__(self, now: datetime) -> None:
        self.now = to_utc(now)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def private_preferences(folder: Path) -> Preferences:
    """Preferences over an INI file of the test's own (never the user's settings)."""
    return Preferences(
        QSettings(str(folder / "kith-settings.ini"), QSettings.Format.IniFormat),
        backup_settings=folder / "backups.json",
        phone_settings=folder / "phones.json",
    )


def follow_up_at(day: date, at: time, title: str = "Send Ana the deck", **fields) -> int:
    """A follow-up due (and reminding) at a local wall-clock time."""
    return create_follow_up(FollowUpDraft(title=title, due_date=day, due_time=at, **fields))


def remind_at(follow_up_id: int) -> datetime:
    item = follow_up_item(follow_up_id)
    assert item is not None and item.remind_at is not None
    return item.remind_at


#: Tomorrow 10:00 local, as the day and time every test plans around.
def tomorrow_ten(today_: date) -> tuple[date, time, datetime]:
    day = today_ + timedelta(days=1)
    return day, time(10, 0), local_at(day, time(10, 0))

"""The Snooze menu: 15 minutes, 1 hour, tomorrow morning, next week."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta, tzinfo

from PySide6.QtWidgets import QMenu, QWidget

from kith.core.local_time import local_at, local_wall, to_utc

MORNING = time(9, 0)


def snooze_choices(
    now: datetime, tz: tzinfo | None = None, morning: time = MORNING
) -> list[tuple[str, datetime]]:
    """(label, moment as naive UTC) for each snooze choice, as of ``now``.

    "Tomorrow morning" is the morning time on the next local day; "next week" the morning
    time on the coming Monday (a week from today when today is Monday).
    """
    moment = to_utc(now)
    wall = local_wall(moment, tz)
    tomorrow = wall.date() + timedelta(days=1)
    monday = wall.date() + timedelta(days=7 - wall.date().weekday())
    return [
        ("15 minutes", moment + timedelta(minutes=15)),
        ("1 hour", moment + timedelta(hours=1)),
        (f"Tomorrow morning ({morning:%H:%M})", local_at(tomorrow, morning, tz)),
        (f"Next week ({_short(monday)}, {morning:%H:%M})", local_at(monday, morning, tz)),
    ]


def _short(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def snooze_menu(
    parent: QWidget,
    now: datetime,
    tz: tzinfo | None,
    chosen: Callable[[datetime], None],
) -> QMenu:
    """A menu of :func:`snooze_choices`; picking one calls ``chosen(moment)``."""
    menu = QMenu("Snooze", parent)
    for label, moment in snooze_choices(now, tz):
        action = menu.addAction(label)
        action.triggered.connect(lambda _=False, m=moment: chosen(m))
    return menu

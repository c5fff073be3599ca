"""The Snooze menu: 15 minutes, 1 hour, tomorrow morning, next week."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, tzinfo

from PySide6.QtWidgets import QMenu, QWidget

from kith.core.local_time import local_wall
from kith.core.reminders import DEFAULT_MORNING, SNOOZE_CHOICES, SNOOZE_LABELS, snooze_until
from kith.ui.formats import date_time_text, time_text
from kith.ui.preferences import preferences


def snooze_label(
    choice: str, now: datetime, *, tz: tzinfo | None = None, morning: time = DEFAULT_MORNING
) -> str:
    """ "Next week (Mon, 30 Nov, 09:00)": a snooze choice with the moment it means, for menus."""
    wall = local_wall(snooze_until(choice, now, tz=tz, morning=morning), tz)
    base = SNOOZE_LABELS[choice]
    if choice in ("15m", "1h"):
        return f"{base} ({time_text(wall)})"
    return f"{base} ({date_time_text(wall, weekday=True, year=False)})"


def snooze_choices(
    now: datetime, tz: tzinfo | None = None, morning: time | None = None
) -> list[tuple[str, datetime]]:
    """(label, moment as naive UTC) for each snooze choice, as of ``now`` (aware, or naive UTC).

    The choices and their moments are :mod:`kith.core.reminders`' (the reminder popups offer
    the same ones); "tomorrow morning" and "next week" use the morning time from Settings.
    """
    if morning is None:
        morning = preferences().morning
    return [
        (
            snooze_label(choice, now, tz=tz, morning=morning),
            snooze_until(choice, now, tz=tz, morning=morning),
        )
        for choice in SNOOZE_CHOICES
    ]


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

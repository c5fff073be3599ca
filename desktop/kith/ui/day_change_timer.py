"""A signal at the next local midnight (one single-shot timer, re-armed each day; no polling)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, tzinfo

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kith.core.local_time import local_wall, start_of_day, to_utc, utcnow

#: Fire a little after midnight, so "today" has certainly turned.
SLACK_MS = 1_000


def msecs_to_next_midnight(now: datetime, tz: tzinfo | None = None) -> int:
    """Milliseconds from ``now`` to the start of the next local day."""
    moment = to_utc(now)
    tomorrow = local_wall(moment, tz).date() + timedelta(days=1)
    return max(0, int((start_of_day(tomorrow, tz) - moment).total_seconds() * 1000))


class DayChangeTimer(QObject):
    """Emits :attr:`day_changed` once at each local midnight while it lives."""

    day_changed = Signal()

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        now: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
    ) -> None:
        super().__init__(parent)
        self._now = now
        self._tz = tz
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        # A coarse timer may be 5 % late: an hour on a day-long wait.
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._fire)
        self.arm()

    def arm(self) -> None:
        """(Re)start the timer for the next midnight as of now (e.g. after the clock jumps)."""
        self.timer.start(msecs_to_next_midnight(self._now(), self._tz) + SLACK_MS)

    def _fire(self) -> None:
        self.arm()
        self.day_changed.emit()

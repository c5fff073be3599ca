"""Kith's preferences (QSettings), typed, in one place: reminders, start-up, the tray notice,
and the backups' size cap (kept by core beside them, so the command line shares it)."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from kith.core.local_time import to_utc
from kith.core.reminder_settings import (
    DEFAULT_MORNING,
    SNOOZE_CHOICES,
    QuietHours,
    ReminderPolicy,
)

DEFAULT_QUIET = QuietHours(time(22, 0), time(7, 0))
DEFAULT_SNOOZE = "15m"


def _time(value: object, default: time) -> time:
    try:
        return time.fromisoformat(str(value)) if value not in (None, "") else default
    except ValueError:
        return default


def _bool(value: object, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)


class Preferences(QObject):
    """Typed access to the settings; ``changed`` after any change (the scheduler re-plans)."""

    changed = Signal()

    def __init__(
        self,
        settings: QSettings | None = None,
        parent: QObject | None = None,
        *,
        backup_settings: Path | None = None,
        phone_settings: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else QSettings()
        #: The backups' settings file (None: Kith's own, which ``kith backups`` reads too).
        self.backup_settings = backup_settings
        #: The phone region's settings file (None: Kith's own, which ``kith import`` reads).
        self.phone_settings = phone_settings

    def _set(self, key: str, value: object) -> None:
        if self.settings.value(key) == value:
            return
        self.settings.setValue(key, value)
        self.settings.sync()
        self.changed.emit()

    # reminders ----------------------------------------------------------------------------

    @property
    def morning(self) -> time:
        """The time "tomorrow morning" and date-only follow-ups mean (default 09:00)."""
        return _time(self.settings.value("reminders/morning"), DEFAULT_MORNING)

    @morning.setter
    def morning(self, value: time) -> None:
        self._set("reminders/morning", value.strftime("%H:%M"))

    @property
    def quiet_hours_enabled(self) -> bool:
        return _bool(self.settings.value("reminders/quiet_enabled"), False)

    @quiet_hours_enabled.setter
    def quiet_hours_enabled(self, value: bool) -> None:
        self._set("reminders/quiet_enabled", bool(value))

    @property
    def quiet_hours(self) -> QuietHours:
        """The quiet hours chosen (whether or not they are switched on)."""
        return QuietHours(
            _time(self.settings.value("reminders/quiet_start"), DEFAULT_QUIET.start),
            _time(self.settings.value("reminders/quiet_end"), DEFAULT_QUIET.end),
        )

    @quiet_hours.setter
    def quiet_hours(self, value: QuietHours) -> None:
        self._set("reminders/quiet_start", value.start.strftime("%H:%M"))
        self._set("reminders/quiet_end", value.end.strftime("%H:%M"))

    @property
    def default_snooze(self) -> str:
        """One of :data:`kith.core.reminders.SNOOZE_CHOICES` (default 15 minutes)."""
        value = str(self.settings.value("reminders/default_snooze") or DEFAULT_SNOOZE)
        return value if value in SNOOZE_CHOICES else DEFAULT_SNOOZE

    @default_snooze.setter
    def default_snooze(self, value: str) -> None:
        if value not in SNOOZE_CHOICES:
            raise ValueError(f"unknown snooze choice {value!r}")
        self._set("reminders/default_snooze", value)

    @property
    def paused_until(self) -> datetime | None:
        """Naive UTC; reminders wait until then (the tray's "Pause reminders")."""
        value = self.settings.value("reminders/paused_until")
        if not value:
            return None
        try:
            return datetime.fromisoformat(str(value))
        except ValueError:
            return None

    def pause_until(self, moment: datetime | None) -> None:
        self._set("reminders/paused_until", to_utc(moment).isoformat() if moment else "")

    def policy(self, now: datetime | None = None) -> ReminderPolicy:
        """The reminder policy for the scheduler (a pause already over is left out)."""
        paused = self.paused_until
        if paused is not None and now is not None and paused <= to_utc(now):
            paused = None
        quiet = self.quiet_hours if self.quiet_hours_enabled else None
        return ReminderPolicy(quiet=quiet, paused_until=paused)

    # start-up and the tray ----------------------------------------------------------------

    @property
    def start_minimized(self) -> bool:
        """Start with only the tray icon (when there is a tray)."""
        return _bool(self.settings.value("startup/minimized"), False)

    @start_minimized.setter
    def start_minimized(self, value: bool) -> None:
        self._set("startup/minimized", bool(value))

    @property
    def tray_notice_shown(self) -> bool:
        """Whether the one-time "Kith keeps running in the tray" notice has been shown."""
        return _bool(self.settings.value("tray/notice_shown"), False)

    @tray_notice_shown.setter
    def tray_notice_shown(self, value: bool) -> None:
        self._set("tray/notice_shown", bool(value))

    # backups -----------------------------------------------------------------------------

    @property
    def backup_cap_mb(self) -> int:
        """How many MB the backups of a database may take (Settings ▸ Backups; default 500)."""
        # The backups' and phones' modules are imported when these are first read (the
        # window's start reads none of them).
        from kith.core.backups import size_cap

        return size_cap(self.backup_settings) // (1024 * 1024)

    @backup_cap_mb.setter
    def backup_cap_mb(self, value: int) -> None:
        from kith.core.backups import set_size_cap

        if int(value) == self.backup_cap_mb:
            return
        set_size_cap(int(value), self.backup_settings)
        self.changed.emit()

    # phone numbers ------------------------------------------------------------------------

    @property
    def phone_region(self) -> str | None:
        """The country numbers without a country code belong to (Settings ▸ Import; None:
        the locale's), used to tell duplicates (``kith.core.phones``)."""
        from kith.core.phones import saved_region

        return saved_region(self.phone_settings)

    @phone_region.setter
    def phone_region(self, value: str | None) -> None:
        from kith.core.phones import save_region

        if value == self.phone_region:
            return
        save_region(value, self.phone_settings)
        self.changed.emit()


_instance: Preferences | None = None


def preferences() -> Preferences:
    """The application's preferences over the default QSettings (created on first use)."""
    global _instance
    if _instance is None:
        _instance = Preferences()
    return _instance

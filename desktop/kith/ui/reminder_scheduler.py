"""The Qt side of reminders: one single-shot timer to the next reminder, re-planned on every
change, and on wake-up or clock change.

No polling loop: the timer sleeps until :func:`kith.core.reminders.next_reminder_at` (at most
:data:`MAX_SLEEP`, so a clock change or a wake-up that no platform signal reported is still
noticed within minutes). Qt timers run on the monotonic clock, which stops while the computer
sleeps; wake-ups are therefore also taken from the platform where it says so (logind's
``PrepareForSleep`` on Linux, ``WM_POWERBROADCAST``/``WM_TIMECHANGE`` on Windows).
"""

from __future__ import annotations

import ctypes
import os
import sys
from datetime import datetime

from PySide6.QtCore import (
    SLOT,
    QAbstractNativeEventFilter,
    QByteArray,
    QCoreApplication,
    QObject,
    Qt,
    QTimer,
    Signal,
    SignalInstance,
    Slot,
)

from kith.core.local_time import to_utc, utcnow
from kith.core.reminders import Clock, DueReminders, next_reminder_at, take_due
from kith.ui.preferences import Preferences, preferences
from kith.ui.store_signals import StoreSignals, store_signals

#: The longest the timer sleeps before looking again (catches unreported clock changes).
MAX_SLEEP_MS = 10 * 60 * 1000

# Windows messages (winuser.h)
WM_POWERBROADCAST = 0x0218
WM_TIMECHANGE = 0x001E
PBT_APMRESUMEAUTOMATIC = 0x0012
PBT_APMRESUMESUSPEND = 0x0007


class _POINT(ctypes.Structure):
    _fields_ = (("x", ctypes.c_long), ("y", ctypes.c_long))


class MSG(ctypes.Structure):
    """The Windows MSG structure (defined here so it can be built and tested anywhere)."""

    _fields_ = (
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint),
        ("wParam", ctypes.c_size_t),
        ("lParam", ctypes.c_ssize_t),
        ("time", ctypes.c_ulong),
        ("pt", _POINT),
    )


def is_wake_message(message: int, wparam: int) -> bool:
    """True for the Windows messages that mean "the computer woke up" or "the clock changed"."""
    if message == WM_TIMECHANGE:
        return True
    return message == WM_POWERBROADCAST and wparam in (
        PBT_APMRESUMEAUTOMATIC,
        PBT_APMRESUMESUSPEND,
    )


class _WindowsWakeFilter(QAbstractNativeEventFilter):
    def __init__(self, woke: SignalInstance) -> None:
        super().__init__()
        self._woke = woke

    def nativeEventFilter(self, event_type: QByteArray, message: int) -> tuple[bool, int]:
        if bytes(event_type.data()).startswith(b"windows_") and message:
            msg = MSG.from_address(int(message))
            if is_wake_message(msg.message, msg.wParam):
                self._woke.emit()
        return False, 0


class WakeWatcher(QObject):
    """Emits ``woke`` when the platform says the computer resumed or the clock was set."""

    woke = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter: _WindowsWakeFilter | None = None
        if sys.platform == "win32":
            app = QCoreApplication.instance()
            if app is not None:
                self._filter = _WindowsWakeFilter(self.woke)
                app.installNativeEventFilter(self._filter)
        elif sys.platform.startswith("linux") and (
            os.environ.get("DBUS_SYSTEM_BUS_ADDRESS")
            or os.path.exists("/run/dbus/system_bus_socket")
        ):
            self._watch_logind()

    def _watch_logind(self) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # a build without QtDBus: the timer's cap still catches wake-ups
            return
        bus = QDBusConnection.systemBus()
        if bus.isConnected():
            bus.connect(
                "org.freedesktop.login1",
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager",
                "PrepareForSleep",
                self,
                SLOT("_prepare_for_sleep(bool)"),
            )

    @Slot(bool)
    def _prepare_for_sleep(self, going_to_sleep: bool) -> None:
        if not going_to_sleep:
            self.woke.emit()


class ReminderScheduler(QObject):
    """Fires ``reminders_due(DueReminders)`` when reminders come due; never twice for one.

    ``clock`` returns the current moment (tests inject their own). ``start()`` looks at once
    (reminders missed while Kith was not running come out grouped), then sleeps on one timer.
    """

    reminders_due = Signal(object)  # DueReminders
    planned = Signal(object)  # the moment the timer is set for (naive UTC), or None

    def __init__(
        self,
        clock: Clock = utcnow,
        prefs: Preferences | None = None,
        signals: StoreSignals | None = None,
        *,
        watch_wake: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.prefs = prefs or preferences()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.CoarseTimer)
        self.timer.timeout.connect(self.check)
        self.next_at: datetime | None = None
        self._running = False
        self._checking = False
        (signals or store_signals()).changed.connect(self._store_changed)
        self.prefs.changed.connect(self.replan)
        self.wake_watcher = WakeWatcher(self) if watch_wake else None
        if self.wake_watcher is not None:
            self.wake_watcher.woke.connect(self.check)

    def now(self) -> datetime:
        return to_utc(self.clock())

    def start(self) -> None:
        self._running = True
        self.check()

    def stop(self) -> None:
        self._running = False
        self.timer.stop()

    @Slot()
    def check(self) -> None:
        """Fire what is due now, then sleep until the next one."""
        if not self._running or self._checking:
            return
        self._checking = True
        try:
            now = self.now()
            due: DueReminders = take_due(now, self.prefs.policy(now))
        finally:
            self._checking = False
        if due:
            self.reminders_due.emit(due)
        self.replan()

    @Slot()
    def replan(self) -> None:
        """Set the one timer for the next reminder (nothing armed: no timer at all)."""
        if not self._running or self._checking:
            return
        now = self.now()
        self.next_at = next_reminder_at(now, self.prefs.policy(now))
        if self.next_at is None:
            self.timer.stop()
        else:
            wait_ms = (self.next_at - now).total_seconds() * 1000
            self.timer.start(int(max(0, min(wait_ms, MAX_SLEEP_MS))))
        self.planned.emit(self.next_at)

    def _store_changed(self, tables: frozenset[str]) -> None:
        if "follow_up" in tables:
            self.replan()

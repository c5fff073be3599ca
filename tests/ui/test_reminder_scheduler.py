"""The scheduler's one timer: set to the next reminder, re-planned on every change and on
wake-up, stopped when nothing is armed (no polling), capped so unreported clock jumps are
caught."""

from __future__ import annotations

import ctypes
from datetime import date, time, timedelta

import pytest
from PySide6.QtCore import QByteArray

from kith.core.follow_ups import drop
from kith.ui.reminder_scheduler import (
    MAX_SLEEP_MS,
    MSG,
    PBT_APMRESUMEAUTOMATIC,
    WM_POWERBROADCAST,
    WM_TIMECHANGE,
    ReminderScheduler,
    WakeWatcher,
    _WindowsWakeFilter,
    is_wake_message,
)
from kith.ui.store_signals import StoreSignals
from tests.ui.reminder_fixtures import FakeClock, follow_up_at, private_preferences, tomorrow_ten


@pytest.fixture
def scheduler(db, tmp_path, qtbot, today: date):
    _day, _at, moment = tomorrow_ten(today)
    signals = StoreSignals()
    made = ReminderScheduler(
        FakeClock(moment - timedelta(hours=2)),
        private_preferences(tmp_path),
        signals,
        watch_wake=False,
    )
    yield made
    made.stop()
    signals.close()


def test_nothing_armed_means_no_timer_at_all(scheduler):
    scheduler.start()
    assert scheduler.next_at is None
    assert not scheduler.timer.isActive()
    assert scheduler.timer.isSingleShot()


def test_a_new_follow_up_re_plans_the_timer(scheduler, qtbot, today: date):
    scheduler.start()
    day, at, moment = tomorrow_ten(today)
    with qtbot.waitSignal(scheduler.planned) as planned:
        fid = follow_up_at(day, at)
    assert planned.args == [moment]
    assert scheduler.timer.isActive()
    # Two hours away: the timer sleeps at most MAX_SLEEP, then looks again.
    assert scheduler.timer.interval() == MAX_SLEEP_MS
    earlier = follow_up_at(day, time(8, 30), title="Earlier")
    assert scheduler.next_at == moment - timedelta(minutes=90)
    drop(earlier)
    drop(fid)
    assert scheduler.next_at is None and not scheduler.timer.isActive()


def test_the_timer_waits_exactly_until_a_near_reminder(scheduler, today: date):
    day, at, moment = tomorrow_ten(today)
    follow_up_at(day, at)
    scheduler.clock.now = moment - timedelta(seconds=90)
    scheduler.start()
    assert abs(scheduler.timer.interval() - 90_000) < 50


def test_waking_up_fires_what_was_missed_once(scheduler, qtbot, today: date):
    day, at, moment = tomorrow_ten(today)
    fid = follow_up_at(day, at)
    scheduler.start()
    assert scheduler.next_at == moment
    scheduler.clock.now = moment + timedelta(hours=3)  # the laptop slept through it
    with qtbot.waitSignal(scheduler.reminders_due) as fired:
        scheduler.check()  # what the wake watcher triggers
    assert [i.id for i in fired.args[0].missed] == [fid]
    with qtbot.assertNotEmitted(scheduler.reminders_due):
        scheduler.check()


def test_a_clock_set_back_re_plans_without_firing_again(scheduler, qtbot, today: date):
    day, at, moment = tomorrow_ten(today)
    follow_up_at(day, at)
    scheduler.clock.now = moment
    with qtbot.waitSignal(scheduler.reminders_due):
        scheduler.start()
    scheduler.clock.now = moment - timedelta(hours=1)
    with qtbot.assertNotEmitted(scheduler.reminders_due):
        scheduler.check()
        scheduler.clock.now = moment + timedelta(minutes=1)
        scheduler.check()
    assert scheduler.next_at is None


def test_windows_wake_and_time_change_messages(qtbot):
    assert is_wake_message(WM_TIMECHANGE, 0)
    assert is_wake_message(WM_POWERBROADCAST, PBT_APMRESUMEAUTOMATIC)
    assert not is_wake_message(WM_POWERBROADCAST, 0x0004)  # going to sleep
    assert not is_wake_message(0x0010, 0)
    watcher = WakeWatcher()
    event_filter = _WindowsWakeFilter(watcher.woke)
    msg = MSG()
    msg.message = WM_POWERBROADCAST
    msg.wParam = PBT_APMRESUMEAUTOMATIC
    with qtbot.waitSignal(watcher.woke):
        result = event_filter.nativeEventFilter(
            QByteArray(b"windows_generic_MSG"), ctypes.addressof(msg)
        )
    assert result == (False, 0)  # the message goes on to Qt
    msg.message = 0x0010
    with qtbot.assertNotEmitted(watcher.woke):
        event_filter.nativeEventFilter(QByteArray(b"windows_generic_MSG"), ctypes.addressof(msg))

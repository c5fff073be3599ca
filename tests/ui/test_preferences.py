"""Preferences over QSettings: defaults, round trips, a damaged value falls back, the reminder
policy the scheduler gets (quiet hours only when on, a pause only while it lasts)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from kith.core.reminders import QuietHours
from tests.ui.reminder_fixtures import private_preferences


def test_defaults(tmp_path, qtbot):
    prefs = private_preferences(tmp_path)
    assert prefs.morning == time(9, 0)
    assert not prefs.quiet_hours_enabled
    assert prefs.quiet_hours == QuietHours(time(22, 0), time(7, 0))
    assert prefs.default_snooze == "15m"
    assert prefs.paused_until is None
    assert not prefs.start_minimized
    assert not prefs.tray_notice_shown
    assert prefs.policy().quiet is None and prefs.policy().paused_until is None


def test_values_survive_a_restart(tmp_path, qtbot):
    prefs = private_preferences(tmp_path)
    with qtbot.waitSignal(prefs.changed):
        prefs.morning = time(7, 45)
    prefs.quiet_hours = QuietHours(time(23, 0), time(6, 30))
    prefs.quiet_hours_enabled = True
    prefs.default_snooze = "tomorrow"
    prefs.start_minimized = True
    prefs.pause_until(datetime(2026, 11, 24, 10, 0))
    again = private_preferences(tmp_path)
    assert again.morning == time(7, 45)
    assert again.quiet_hours == QuietHours(time(23, 0), time(6, 30))
    assert again.quiet_hours_enabled
    assert again.default_snooze == "tomorrow"
    assert again.start_minimized
    assert again.paused_until == datetime(2026, 11, 24, 10, 0)


def test_setting_the_same_value_again_is_not_a_change(tmp_path, qtbot):
    prefs = private_preferences(tmp_path)
    prefs.morning = time(8, 0)
    with qtbot.assertNotEmitted(prefs.changed):
        prefs.morning = time(8, 0)


def test_damaged_values_fall_back_to_defaults(tmp_path, qtbot):
    prefs = private_preferences(tmp_path)
    prefs.settings.setValue("reminders/morning", "breakfast")
    prefs.settings.setValue("reminders/default_snooze", "forever")
    prefs.settings.setValue("reminders/paused_until", "soon")
    assert prefs.morning == time(9, 0)
    assert prefs.default_snooze == "15m"
    assert prefs.paused_until is None
    with pytest.raises(ValueError):
        prefs.default_snooze = "forever"


def test_policy_keeps_a_pause_only_while_it_lasts(tmp_path, qtbot):
    prefs = private_preferences(tmp_path)
    until = datetime(2026, 11, 24, 10, 0)
    prefs.pause_until(until)
    assert prefs.policy(until - timedelta(minutes=1)).paused_until == until
    assert prefs.policy(until).paused_until is None
    prefs.quiet_hours_enabled = True
    assert prefs.policy().quiet == QuietHours(time(22, 0), time(7, 0))
    prefs.pause_until(None)
    assert prefs.paused_until is None


def test_start_minimised_hides_the_window_only_where_a_tray_shows_kith(
    tmp_path, qtbot, monkeypatch
):
    from kith.app import starts_in_tray
    from kith.ui.tray import KithTray

    prefs = private_preferences(tmp_path)
    # The desktop's tray, asked before the tray icon is set up (after the window shows).
    monkeypatch.setattr(KithTray, "available", staticmethod(lambda: True))
    assert not starts_in_tray(prefs)  # by default the window shows
    prefs.start_minimized = True
    assert starts_in_tray(prefs)
    # Without a tray a hidden window could not be reached: it shows anyway.
    monkeypatch.setattr(KithTray, "available", staticmethod(lambda: False))
    assert not starts_in_tray(prefs)

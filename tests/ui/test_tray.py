"""The tray: today's follow-ups in its menu, the count on its icon, pause, quit, and what closing
the window does with and without a tray (offscreen has no tray: the menu is built anyway)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from kith.app import Background, attach_reminders
from kith.core.contacts import ContactDraft, save_contact
from kith.core.local_time import local_at
from kith.core.reminders import due_reminders, tomorrow_morning
from kith.ui.icons import app_icon
from kith.ui.main_window import MainWindow
from kith.ui.tray import KithTray, badge_icon
from tests.ui.reminder_fixtures import FakeClock, follow_up_at, private_preferences

TODAY = date(2026, 11, 24)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(local_at(TODAY, time(8, 0)))


@pytest.fixture
def background(
    window: MainWindow, clock: FakeClock, tmp_path: Path, qtbot: QtBot
) -> Iterator[Background]:
    wired = attach_reminders(
        window, clock=clock, prefs=private_preferences(tmp_path), watch_wake=False
    )
    yield wired
    wired.scheduler.stop()
    wired.popups.clear()


def texts(tray: KithTray) -> list[str]:
    return [a.text() for a in tray.actions() if not a.isSeparator()]


def image(icon_, size=32) -> QImage:
    return icon_.pixmap(size, size).toImage()


def test_offscreen_has_no_tray_but_the_menu_is_built(db, clock, tmp_path, qtbot):
    tray = KithTray(clock=clock, prefs=private_preferences(tmp_path))
    assert not QSystemTrayIcon.isSystemTrayAvailable()
    assert tray.show() is False and not tray.visible
    assert texts(tray) == [
        "Open Kith",
        "Due today",
        "Nothing due — enjoy your day",
        "Log interaction…",
        "Pause reminders",
        "Quit Kith",
    ]
    assert tray.icon.contextMenu() is tray.menu


def test_menu_lists_todays_and_overdue_follow_ups(db, clock, tmp_path, qtbot):
    ana = save_contact(ContactDraft(full_name="Ana Lima"))
    late = follow_up_at(TODAY - timedelta(days=2), time(9), title="Thank Jonas")
    now = follow_up_at(TODAY, time(10), title="Send the deck", contact_id=ana)
    follow_up_at(TODAY + timedelta(days=1), time(10), title="Tomorrow's thing")
    tray = KithTray(clock=clock, prefs=private_preferences(tmp_path))
    items = tray.follow_up_actions()
    assert [a.data() for a in items] == [late, now]
    assert [a.text() for a in items] == [
        "Overdue · Thank Jonas",
        "10:00  Send the deck — Ana Lima",
    ]
    assert "Tomorrow's thing" not in " ".join(texts(tray))
    assert tray.count == 2
    assert tray.icon.toolTip() == "Kith — 2 follow-ups: 1 due today, 1 overdue"


def test_the_menu_follows_changes(db, clock, tmp_path, qtbot):
    tray = KithTray(clock=clock, prefs=private_preferences(tmp_path))
    assert tray.count == 0
    follow_up_at(TODAY, time(15), title="Call Mo")
    assert tray.count == 1  # the badge follows the database at once
    tray.rebuild_menu()  # the menu is rebuilt each time it opens (aboutToShow)
    assert [a.text() for a in tray.follow_up_actions()] == ["15:00  Call Mo"]


def test_badge_paints_the_count_on_the_icon(qtbot):
    plain = image(app_icon())
    assert image(badge_icon(0)) == plain
    three = image(badge_icon(3))
    assert three != plain
    assert image(badge_icon(12)) != three
    assert image(badge_icon(250)) != image(badge_icon(12))  # "99+"
    assert not badge_icon(3).pixmap(16, 16).isNull()


def test_clicking_a_follow_up_opens_it_in_the_window(window, background, qtbot, monkeypatch):
    fid = follow_up_at(TODAY, time(10), title="Send the deck")
    tray = background.tray
    tray.rebuild_menu()
    opened: list[int] = []
    monkeypatch.setattr(window, "open_follow_up", opened.append)
    window.hide()
    tray.follow_up_actions()[0].trigger()
    assert opened == [fid]
    assert window.isVisible()


def test_open_kith_and_log_interaction(window, background, qtbot, monkeypatch):
    tray = background.tray
    logged: list[object] = []
    monkeypatch.setattr(window, "log_interaction", lambda *a: logged.append(a))
    window.hide()
    [open_action] = [a for a in tray.actions() if a.text() == "Open Kith"]
    open_action.trigger()
    assert window.isVisible()
    [log] = [a for a in tray.actions() if a.text() == "Log interaction…"]
    log.trigger()
    assert logged == [()]


def test_pause_reminders_for_an_hour_and_until_tomorrow(window, background, clock):
    fid = follow_up_at(TODAY, time(8, 30))
    tray, scheduler = background.tray, background.scheduler
    assert scheduler.next_at == local_at(TODAY, time(8, 30))
    pause = {a.text(): a for a in tray.pause_menu.actions()}
    pause["For 1 hour"].trigger()
    assert tray.prefs.paused_until == clock.now + timedelta(hours=1)
    assert scheduler.next_at == clock.now + timedelta(hours=1)  # re-planned at once
    clock.now = local_at(TODAY, time(8, 45))
    assert not due_reminders(clock.now, tray.prefs.policy(clock.now))
    # The menu says so, and offers to resume.
    tray.rebuild_menu()
    labels = [a.text() for a in tray.pause_menu.actions()]
    assert labels[0].startswith("Paused until")
    [resume] = [a for a in tray.pause_menu.actions() if a.text() == "Resume reminders now"]
    resume.trigger()
    assert tray.prefs.paused_until is None
    assert scheduler.next_at == clock.now
    tray.rebuild_menu()
    [until] = [a for a in tray.pause_menu.actions() if a.text().startswith("Until tomorrow")]
    assert until.text() == "Until tomorrow morning (09:00)"
    until.trigger()
    assert tray.prefs.paused_until == tomorrow_morning(clock.now)
    assert scheduler.next_at == tomorrow_morning(clock.now)
    assert fid


def test_quit_really_quits(window, background, qtbot):
    window.keeps_running_in_tray = lambda: True
    [quit_action] = [a for a in background.tray.actions() if a.text() == "Quit Kith"]
    with qtbot.waitSignal(window.quit_requested):
        quit_action.trigger()
    assert not window.isVisible()


def test_without_a_tray_closing_the_window_quits(window, background, qtbot):
    assert not background.tray.visible
    with qtbot.assertNotEmitted(window.hidden_to_tray):
        assert window.close() is True  # accepted: the app's last window is gone
    assert not window.isVisible()


def test_with_a_tray_closing_hides_and_says_so_once(window, background, qtbot, monkeypatch):
    tray = background.tray
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(tray.icon, "isVisible", lambda: True)
    monkeypatch.setattr(
        tray.icon, "showMessage", lambda title, text, *a: shown.append((title, text))
    )
    with qtbot.waitSignal(window.hidden_to_tray):
        assert window.close() is False  # ignored: Kith keeps running
    assert not window.isVisible()
    assert shown == [
        (
            "Kith is still running",
            "Kith stays in the tray to remind you. Choose Quit Kith here to stop it.",
        )
    ]
    assert tray.prefs.tray_notice_shown
    window.bring_to_front()
    window.close()
    assert len(shown) == 1  # the notice comes only the first time
    # While the window is hidden a reminder still comes — once: Kith's own card, and no
    # desktop balloon beside it.
    fid = follow_up_at(TODAY, time(9), title="Call Mo")
    due = due_reminders(local_at(TODAY, time(9)))
    assert [i.id for i in due.on_time] == [fid]
    background.scheduler.reminders_due.emit(due)
    assert [card.follow_up_id for card in background.popups.cards] == [fid]
    assert len(shown) == 1  # still only the "still running" notice

"""Reminder popups in the running window: a follow-up coming due pops up a card that never takes
the focus; Done, Snooze and Open act on it (undoably); many at once stack then group."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kith.app import Background, attach_reminders
from kith.core.contacts import ContactDraft, save_contact
from kith.core.follow_ups import follow_up_item
from kith.core.reminders import next_week_morning
from kith.ui.main_window import MainWindow
from kith.ui.reminder_popup import MAX_CARDS, GroupCard, ReminderCard
from tests.ui.reminder_fixtures import (
    FakeClock,
    follow_up_at,
    private_preferences,
    remind_at,
    tomorrow_ten,
)


@pytest.fixture
def clock(today: date) -> FakeClock:
    _day, _at, moment = tomorrow_ten(today)
    return FakeClock(moment - timedelta(hours=1))


@pytest.fixture
def background(
    window: MainWindow, clock: FakeClock, tmp_path: Path, qtbot: QtBot
) -> Iterator[Background]:
    wired = attach_reminders(
        window,
        clock=clock,
        prefs=private_preferences(tmp_path),
        show_tray=False,
        watch_wake=False,
    )
    yield wired
    wired.scheduler.stop()
    wired.popups.clear()


def fire_soon(background: Background, clock: FakeClock, qtbot: QtBot, *ids: int) -> None:
    """Set the clock just before the first reminder and let the real timer fire it."""
    first = min(remind_at(i) for i in ids)
    clock.now = first - timedelta(milliseconds=300)
    background.scheduler.replan()
    assert background.scheduler.timer.isActive()
    assert 0 < background.scheduler.timer.interval() <= 300
    clock.now = max(remind_at(i) for i in ids)  # time passes while the timer sleeps
    with qtbot.waitSignal(background.scheduler.reminders_due, timeout=3000):
        pass


def test_a_follow_up_coming_due_pops_up_a_card(window, background, clock, qtbot, today: date):
    day, at, _ = tomorrow_ten(today)
    ana = save_contact(ContactDraft(full_name="Ana Lima"))
    fid = follow_up_at(day, at, contact_id=ana, notes="The Q3 numbers, slides 4–9")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    fire_soon(background, clock, qtbot, fid)

    cards = background.popups.cards
    assert [c.follow_up_id for c in cards] == [fid]
    card = cards[0]
    qtbot.waitUntil(card.isVisible)
    assert card.name_label.text() == "Ana Lima"
    assert card.title_label.text() == "Send Ana the deck"
    assert "Q3 numbers" in card.notes_label.text()
    assert card.when_label.text() == "Due today at 10:00"
    assert not card.avatar.pixmap().isNull()
    # Always on top, frameless, never takes the keyboard focus from the window.
    flags = card.windowFlags()
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowDoesNotAcceptFocus
    assert card.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert QApplication.activeWindow() is window
    # Near the bottom-right corner of the screen.
    area = card.screen().availableGeometry()
    assert area.contains(card.frameGeometry())
    assert area.right() - card.frameGeometry().right() < 40
    assert area.bottom() - card.frameGeometry().bottom() < 40
    # Fired once: stored, and a second look finds nothing more.
    assert follow_up_item(fid).remind_at == remind_at(fid)
    background.scheduler.check()
    assert len(background.popups.cards) == 1


def test_done_marks_it_done_and_undo_reopens(window, background, clock, qtbot, today: date):
    day, at, _ = tomorrow_ten(today)
    fid = follow_up_at(day, at)
    fire_soon(background, clock, qtbot, fid)
    card = background.popups.cards[0]
    qtbot.mouseClick(card.done_button, Qt.MouseButton.LeftButton)
    assert follow_up_item(fid).status == "done"
    assert background.popups.cards == []
    qtbot.waitUntil(lambda: not card.isVisible())
    assert "Done" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert follow_up_item(fid).status == "open"


def test_snooze_moves_the_reminder_and_it_comes_back(window, background, clock, qtbot, today: date):
    day, at, _moment = tomorrow_ten(today)
    fid = follow_up_at(day, at)
    fire_soon(background, clock, qtbot, fid)
    card = background.popups.cards[0]
    card.snooze_actions["1h"].trigger()
    item = follow_up_item(fid)
    assert item.status == "open"
    assert item.remind_at == clock.now + timedelta(hours=1)
    assert item.due_date == day  # snooze never moves the due date
    assert background.popups.cards == []
    assert background.scheduler.next_at == clock.now + timedelta(hours=1)
    # An hour later it pops up again.
    fire_soon(background, clock, qtbot, fid)
    assert [c.follow_up_id for c in background.popups.cards] == [fid]


def test_the_snooze_button_uses_the_default_snooze(window, background, clock, qtbot, today: date):
    background.popups.prefs.default_snooze = "next_week"
    day, at, _ = tomorrow_ten(today)
    fid = follow_up_at(day, at)
    fire_soon(background, clock, qtbot, fid)
    card = background.popups.cards[0]
    assert card.snooze_button.toolTip().startswith("Snooze for Next week")
    qtbot.mouseClick(card.snooze_button, Qt.MouseButton.LeftButton)
    assert follow_up_item(fid).remind_at == next_week_morning(clock.now)


def test_open_opens_the_follow_up_in_the_window(
    window, background, clock, qtbot, monkeypatch, today: date
):
    day, at, _ = tomorrow_ten(today)
    fid = follow_up_at(day, at)
    fire_soon(background, clock, qtbot, fid)
    opened: list[int] = []
    monkeypatch.setattr(window, "open_follow_up", opened.append)
    window.hide()
    qtbot.mouseClick(background.popups.cards[0].open_button, Qt.MouseButton.LeftButton)
    assert opened == [fid]
    assert window.isVisible()
    assert background.popups.cards == []


def test_done_elsewhere_takes_the_card_away(window, background, clock, qtbot, today: date):
    day, at, _ = tomorrow_ten(today)
    fid = follow_up_at(day, at)
    fire_soon(background, clock, qtbot, fid)
    window.follow_up_actions.complete(fid)
    assert background.popups.cards == []


def test_many_at_once_stack_three_then_group(window, background, clock, qtbot, today: date):
    day, at, _ = tomorrow_ten(today)
    ids = [follow_up_at(day, at, title=f"Follow-up {n}") for n in range(6)]
    fire_soon(background, clock, qtbot, *ids)
    popups = background.popups
    assert len(popups.cards) == MAX_CARDS
    assert [c.follow_up_id for c in popups.cards] == ids[:MAX_CARDS]
    group = popups.group_card
    assert isinstance(group, GroupCard)
    assert group.title_label.text() == "3 more follow-ups due"
    assert "Follow-up 3" in group.list_label.text()
    # Stacked upwards without overlapping, all on screen, not covering it.
    windows = popups.windows()
    for w in windows:
        qtbot.waitUntil(w.isVisible)
    area = windows[0].screen().availableGeometry()
    rects = sorted((w.frameGeometry() for w in windows), key=lambda r: r.top())
    for upper, lower in itertools.pairwise(rects):
        assert upper.bottom() < lower.top()
    assert all(area.contains(r) for r in rects)
    assert sum(r.height() for r in rects) < area.height() * 0.9
    # Acting on one card moves the next one out of the group.
    popups.cards[0].done_clicked.emit(ids[0])
    assert [c.follow_up_id for c in popups.cards] == ids[1:4]
    assert popups.group_card is not None
    assert popups.group_card.title_label.text() == "2 more follow-ups due"
    # Dismissing the group leaves the single cards.
    popups.group_card.dismissed.emit()
    assert popups.group_card is None and len(popups.cards) == 3


def test_missed_reminders_come_once_as_one_group(window, clock, tmp_path, qtbot, today: date):
    day, at, moment = tomorrow_ten(today)
    ids = [follow_up_at(day, at, title=f"Missed {n}") for n in range(3)]
    clock.now = moment + timedelta(hours=5)  # Kith was not running, or the laptop slept
    wired = attach_reminders(
        window,
        clock=clock,
        prefs=private_preferences(tmp_path),
        show_tray=False,
        watch_wake=False,
        start=False,
    )
    try:
        with qtbot.waitSignal(wired.scheduler.reminders_due) as fired:
            wired.scheduler.start()
        assert [i.id for i in fired.args[0].missed] == ids
        popups = wired.popups
        assert popups.cards == []
        assert popups.group_card is not None
        assert popups.group_card.title_label.text() == "3 follow-ups you missed"
        # Open Kith shows the Today page and clears the group.
        window.hide()
        qtbot.mouseClick(popups.group_card.open_button, Qt.MouseButton.LeftButton)
        assert window.isVisible() and window.current_page() == "today"
        assert popups.group_card is None
        # Never twice: the next look finds nothing.
        with qtbot.assertNotEmitted(wired.scheduler.reminders_due):
            wired.scheduler.check()
    finally:
        wired.scheduler.stop()
        wired.popups.clear()


def test_a_card_without_a_person_shows_kiths_mark(window, background, clock, qtbot, today: date):
    day, at, _ = tomorrow_ten(today)
    fid = follow_up_at(day, at, title="Renew the domain")
    fire_soon(background, clock, qtbot, fid)
    card = background.popups.cards[0]
    assert isinstance(card, ReminderCard)
    assert card.name_label.text() == "Follow-up"
    assert not card.notes_label.isVisible()
    card.dismissed.emit()
    assert background.popups.cards == []
    assert follow_up_item(fid).status == "open"  # dismissing changes nothing

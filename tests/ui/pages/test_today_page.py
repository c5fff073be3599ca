"""The Today page: its sections, Done and Snooze from it, going cold, the calm empty state,
and the sidebar badge in the main window."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from kith.core.follow_ups import FollowUpDraft, FollowUpItem, create_follow_up, follow_up_item
from kith.ui.commands.follow_up_actions import FollowUpActions
from kith.ui.day_change_timer import DayChangeTimer, msecs_to_next_midnight
from kith.ui.formats import date_text
from kith.ui.lists.follow_up_delegate import FollowUpDelegate
from kith.ui.lists.going_cold_delegate import GoingColdDelegate
from kith.ui.main_window import MainWindow
from kith.ui.pages.today_page import TodayPage
from tests.core.rules_fixtures import NOW, TODAY, log, person


def _follow_up(title: str, due: date, **fields: object) -> int:
    draft = FollowUpDraft(title=title, due_date=due, **fields)  # type: ignore[arg-type]
    return create_follow_up(draft, tz=UTC)


def _status(follow_up_id: int) -> str:
    item = follow_up_item(follow_up_id)
    assert item is not None
    return item.status


def _ids(view) -> list[int]:
    return [e.id for e in view.list_model.entries() if isinstance(e, FollowUpItem)]


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


def _page(qtbot: QtBot, stack: QUndoStack, now: datetime = NOW) -> TodayPage:
    page = TodayPage(FollowUpActions(stack), now=lambda: now, tz=UTC)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.overview is not None)  # read right after the first paint
    return page


def test_sections_hold_the_right_follow_ups_and_people(db, qtbot: QtBot, stack: QUndoStack) -> None:
    old = NOW - timedelta(days=400)
    ana = person("Ana Lima", circle=1, added=old, birthday_month=11, birthday_day=30)
    jonas = person("Jonas Berg", circle=2, added=old)
    warm = person("Mira Chen", circle=1, added=old)
    log(ana, NOW - timedelta(days=40))  # 14-day cadence: cold
    log(jonas, NOW - timedelta(days=35))  # 30-day cadence: a little cold
    log(warm, NOW - timedelta(days=3))
    late = _follow_up("Thank Omar", TODAY - timedelta(days=2), urgent=True, important=True)
    due = _follow_up("Send Ana the deck", TODAY, contact_id=ana, important=True)
    later = _follow_up("Plan the offsite", TODAY + timedelta(days=20))
    page = _page(qtbot, stack)
    FollowUpActions(stack).complete(_follow_up("Finished", TODAY))
    qtbot.waitUntil(lambda: _ids(page.due_list) == [due])
    assert _ids(page.overdue_list) == [late]
    assert page.overdue_label.text() == "OVERDUE · 1"
    assert [c.contact_id for c in page.cold_model.rows()] == [ana, jonas]  # worst first
    births = page.birthday_list.list_model.entries()
    assert [b.contact_id for b in births] == [ana]  # type: ignore[union-attr]
    # The grid holds what is still to come: the overdue and today's are listed above it.
    assert _ids(page.quadrant_lists["do"]) == []
    assert _ids(page.quadrant_lists["plan"]) == []
    assert _ids(page.quadrant_lists["later"]) == [later]
    assert page.quadrant_empty["do"].isVisible()
    assert not page.calm.isVisible()
    assert page.due_count() == 2  # overdue + due today; the finished one no longer counts


def test_done_from_today_marks_done_and_the_row_leaves(db, qtbot: QtBot, stack: QUndoStack) -> None:
    due = _follow_up("Send Ana the deck", TODAY)
    page = _page(qtbot, stack)
    assert _ids(page.due_list) == [due]
    rect = page.due_list.visualRect(page.due_list.list_model.index(0))
    with qtbot.waitSignal(page.due_count_changed) as counted:
        qtbot.mouseClick(
            page.due_list.viewport(),
            Qt.MouseButton.LeftButton,
            pos=FollowUpDelegate.done_rect(rect).center(),
        )
    assert _status(due) == "done"
    assert counted.args == [0]
    assert page.calm.isVisible()
    stack.undo()
    qtbot.waitUntil(lambda: _ids(page.due_list) == [due])
    assert _status(due) == "open"


def test_snooze_from_today_keeps_the_due_date(db, qtbot: QtBot, stack: QUndoStack) -> None:
    due = _follow_up("Send Ana the deck", TODAY)
    page = _page(qtbot, stack)
    menu = page.due_list.snooze_menu_for(due)
    menu.actions()[2].trigger()  # tomorrow morning
    item = follow_up_item(due, tz=UTC)
    assert item is not None
    assert item.snoozed_until == datetime(2026, 11, 24, 9, 0)
    assert item.due_date == TODAY


def test_nothing_due_says_so_calmly_and_counts_who_is_going_cold(
    db, qtbot: QtBot, stack: QUndoStack
) -> None:
    person("Bea Acquaintance", circle=5)  # someone in Kith, with no cadence
    page = _page(qtbot, stack)
    assert page.calm.isVisible()
    assert not page.start_buttons.isVisible()
    assert page.calm_title.text() == "Nothing due today"
    assert page.calm_text.text() == "Nobody is going cold either. Enjoy the quiet."
    assert not page.overdue_list.isVisible() and not page.due_list.isVisible()
    old = NOW - timedelta(days=400)
    person("Ana Lima", circle=1, added=old)
    person("Jonas Berg", circle=1, added=old)
    qtbot.waitUntil(lambda: page.cold_model.rowCount() == 2)
    assert page.calm_text.text() == "2 people are going cold — a good day to get back in touch."


def test_going_cold_buttons_ask_to_log_and_to_plan(db, qtbot: QtBot, stack: QUndoStack) -> None:
    ana = person("Ana Lima", circle=1, added=NOW - timedelta(days=400))
    page = _page(qtbot, stack)
    rect = page.cold_list.visualRect(page.cold_model.index(0))
    buttons = page.cold_delegate.button_rects(rect, page.cold_list.font())
    with qtbot.waitSignal(page.log_interaction_requested) as logged:
        qtbot.mouseClick(
            page.cold_list.viewport(), Qt.MouseButton.LeftButton, pos=buttons["log"].center()
        )
    assert logged.args == [[ana]]
    with qtbot.waitSignal(page.plan_follow_up_requested) as planned:
        qtbot.mouseClick(
            page.cold_list.viewport(), Qt.MouseButton.LeftButton, pos=buttons["plan"].center()
        )
    assert planned.args == [ana, None]
    assert isinstance(page.cold_delegate, GoingColdDelegate)


def test_midnight_turns_the_page_to_the_new_day(db, qtbot: QtBot, stack: QUndoStack) -> None:
    clock = {"now": datetime(2026, 11, 23, 23, 59, 30)}
    _follow_up("Tomorrow's", TODAY + timedelta(days=1))
    page = TodayPage(FollowUpActions(stack), now=lambda: clock["now"], tz=UTC)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.overview is not None)
    assert _ids(page.due_list) == []
    assert page.day_timer.timer.isSingleShot()
    assert page.day_timer.timer.remainingTime() <= 31_000
    clock["now"] = datetime(2026, 11, 24, 0, 0, 1)
    page.day_timer.timer.timeout.emit()  # what the timer does at midnight
    qtbot.waitUntil(lambda: len(_ids(page.due_list)) == 1)
    assert page.date_label.text() == "Tuesday, 24 November 2026"
    assert page.day_timer.timer.isActive()  # armed again for the next midnight


def test_time_to_midnight_is_local() -> None:
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    # 22:30 UTC is 23:30 in Berlin: half an hour to go.
    assert msecs_to_next_midnight(datetime(2026, 11, 23, 22, 30), berlin) == 30 * 60 * 1000
    # The night the clocks go back (25 October 2026) is 25 hours long in Berlin.
    assert msecs_to_next_midnight(datetime(2026, 10, 24, 22, 0), berlin) == 25 * 3600 * 1000
    assert isinstance(DayChangeTimer, type)


def test_window_opens_on_today_with_a_live_badge(db, db_path, qtbot: QtBot, today: date) -> None:
    real_today = today
    late = _follow_up("Thank Omar", real_today - timedelta(days=3))
    _follow_up("Send Ana the deck", real_today)
    _follow_up("Plan the offsite", real_today + timedelta(days=5))
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.current_page() == "today"
    assert window.page("today") is window.today_page
    assert window.page("calendar") is window.calendar_page
    qtbot.waitUntil(lambda: window.today_badge() == 2)
    window.follow_up_actions.complete(late)
    qtbot.waitUntil(lambda: window.today_badge() == 1)
    window.show_page("contacts")  # hidden, Today still keeps the badge current
    _follow_up("Another", real_today)
    qtbot.waitUntil(lambda: window.today_badge() == 2)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: window.today_badge() == 3)


def test_birthdays_and_follow_ups_update_live(db, qtbot: QtBot, stack: QUndoStack) -> None:
    person("Bo Jensen")  # someone in Kith: not the first run's welcome
    page = _page(qtbot, stack)
    qtbot.waitUntil(page.no_birthdays.isVisible)
    ana = person("Ana Lima", birthday_month=11, birthday_day=25)
    qtbot.waitUntil(lambda: page.birthday_list.list_model.rowCount() == 1)
    assert not page.no_birthdays.isVisible()
    due = _follow_up("Send Ana the deck", TODAY, contact_id=ana)
    qtbot.waitUntil(lambda: _ids(page.due_list) == [due])
    assert page.birthday_list.list_model.rowCount() == 1  # kept through a follow-up change


def test_today_and_calendar_requests_open_the_forms(
    db, db_path, qtbot: QtBot, now: datetime, today: date
) -> None:
    from kith.ui.dialogs.follow_up_dialog import FollowUpDialog
    from kith.ui.dialogs.interaction_dialog import InteractionDialog

    ana = person("Ana Lima", circle=1, added=now - timedelta(days=400))
    deck = _follow_up("Send Ana the deck", today, contact_id=ana)
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.today_page
    qtbot.waitUntil(lambda: page.overview is not None)  # read right after the first paint
    qtbot.waitUntil(lambda: page.cold_model.rowCount() == 1)
    rect = page.cold_list.visualRect(page.cold_model.index(0))
    buttons = page.cold_delegate.button_rects(rect, page.cold_list.font())
    qtbot.mouseClick(
        page.cold_list.viewport(), Qt.MouseButton.LeftButton, pos=buttons["log"].center()
    )
    logs = [d for d in window.findChildren(InteractionDialog) if d.isVisible()]
    assert len(logs) == 1 and logs[0].people.contact_ids() == [ana]
    logs[0].reject()
    qtbot.mouseClick(
        page.cold_list.viewport(), Qt.MouseButton.LeftButton, pos=buttons["plan"].center()
    )
    plans = [d for d in window.findChildren(FollowUpDialog) if d.isVisible()]
    assert len(plans) == 1 and plans[0].draft().contact_id == ana
    plans[0].reject()
    qtbot.waitUntil(lambda: not any(d.isVisible() for d in window.findChildren(FollowUpDialog)))
    window.calendar_page.open_follow_up_requested.emit(deck)
    opened = [d for d in window.findChildren(FollowUpDialog) if d.isVisible()]
    assert len(opened) == 1 and opened[0].draft().title == "Send Ana the deck"
    opened[0].reject()
    window.today_page.open_contact_requested.emit(ana)
    assert window.current_page() == "contacts"


def test_going_cold_menu_gives_the_keyboard_log_and_plan(
    db, qtbot: QtBot, stack: QUndoStack
) -> None:
    ana = person("Ana Lima", circle=1, added=NOW - timedelta(days=400))
    page = _page(qtbot, stack)
    menu = page.cold_menu_for(0)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Log interaction…", "Plan follow-up…", "Open Ana Lima"]
    with qtbot.waitSignal(page.plan_follow_up_requested) as planned:
        menu.actions()[1].trigger()
    assert planned.args == [ana, None]


def test_a_long_overdue_list_shows_the_oldest_and_counts_the_rest(
    db, qtbot: QtBot, stack: QUndoStack
) -> None:
    ids = [_follow_up(f"Late {n}", TODAY - timedelta(days=20 - n)) for n in range(8)]
    page = _page(qtbot, stack)
    assert _ids(page.overdue_list) == ids[:6]  # oldest first
    assert page.overdue_label.text() == "OVERDUE · 8"
    assert page.overdue_more.link_text() == "and 2 more"
    assert page.due_count() == 8


def _shown_ids(page: TodayPage) -> list[int]:
    lists = [page.overdue_list, page.due_list, *page.quadrant_lists.values()]
    return [fid for view in lists if view.isVisible() for fid in _ids(view)]


def test_today_never_shows_a_follow_up_twice(db, qtbot: QtBot, stack: QUndoStack) -> None:
    flags = [dict(urgent=u, important=i) for u in (True, False) for i in (True, False)]
    for n, fields in enumerate(flags):
        _follow_up(f"Late {n}", TODAY - timedelta(days=3 + 10 * n), **fields)
        _follow_up(f"Today {n}", TODAY, **fields)
        _follow_up(f"Soon {n}", TODAY + timedelta(days=2 + n), **fields)
    page = _page(qtbot, stack)
    shown = _shown_ids(page)
    assert len(shown) == 12
    assert len(set(shown)) == len(shown)
    assert [page.quadrant_lists[k].list_model.entries()[0].title for k in ("do", "plan")] == [
        "Soon 0",
        "Soon 2",
    ]
    # Still so after a follow-up is done and the page re-reads.
    FollowUpActions(stack).complete(_ids(page.due_list)[0])
    qtbot.waitUntil(lambda: len(_shown_ids(page)) == 11)
    assert len(set(_shown_ids(page))) == 11


def test_and_more_under_overdue_opens_every_overdue_follow_up(
    db, qtbot: QtBot, stack: QUndoStack
) -> None:
    ids = [_follow_up(f"Late {n}", TODAY - timedelta(days=30 - n)) for n in range(22)]
    page = _page(qtbot, stack)
    assert page.overdue_more.isVisible()
    # The keyboard reaches the link: Tab focuses it, Enter follows it.
    page.overdue_more.setFocus(Qt.FocusReason.TabFocusReason)
    assert page.overdue_more.hasFocus()
    qtbot.keyClick(page.overdue_more, Qt.Key.Key_Return)
    dialog = page.more_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.heading.text() == "Overdue · 22"
    assert _ids(dialog.list_view) == ids  # every one, oldest first
    # It acts like the page's list and re-reads: Done on the first row removes it.
    FollowUpActions(stack).complete(ids[0])
    qtbot.waitUntil(lambda: dialog.heading.text() == "Overdue · 21")
    assert _ids(dialog.list_view) == ids[1:]
    with qtbot.waitSignal(page.open_follow_up_requested) as opened:
        dialog.list_view.open_follow_up_requested.emit(ids[3])
    assert opened.args == [ids[3]]


def test_and_more_in_a_group_opens_the_whole_group(db, qtbot: QtBot, stack: QUndoStack) -> None:
    ids = [_follow_up(f"Plan {n}", TODAY + timedelta(days=1 + n), important=True) for n in range(7)]
    page = _page(qtbot, stack)
    more = page.quadrant_more["plan"]
    assert more.link_text() == "and 3 more"
    more.clicked.emit()
    dialog = page.more_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.heading.text() == "Plan (important, not urgent) · 7"
    assert _ids(dialog.list_view) == ids
    assert not page.quadrant_more["do"].isVisible()


def test_and_more_going_cold_opens_everyone_going_cold(db, qtbot: QtBot, stack: QUndoStack) -> None:
    old = NOW - timedelta(days=400)
    people = []
    for n in range(9):
        contact = person(f"Friend {n}", circle=1, added=old)
        log(contact, NOW - timedelta(days=20 + 10 * n))
        people.append(contact)
    page = _page(qtbot, stack)
    assert page.cold_more.link_text() == "and 3 more, less overdue"
    page.cold_more.clicked.emit()
    dialog = page.more_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.heading.text() == "Going cold · 9"
    rows = dialog.cold_view.rows()
    assert [c.contact_id for c in rows] == people[::-1]  # worst first
    with qtbot.waitSignal(page.plan_follow_up_requested) as planned:
        dialog.cold_view.menu_for(8).actions()[1].trigger()
    assert planned.args == [people[0], None]
    # Logging with someone warms them up: the list re-reads.
    log(people[8], NOW)
    qtbot.waitUntil(lambda: dialog.heading.text() == "Going cold · 8")


def test_a_new_kith_welcomes_and_offers_the_two_ways_to_start(db, db_path, qtbot: QtBot) -> None:
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.today_page
    qtbot.waitUntil(lambda: page.overview is not None)  # read right after the first paint
    qtbot.waitUntil(lambda: page.calm.isVisible())
    assert page.calm_title.text() == "Welcome to Kith"
    assert page.start_buttons.isVisible()
    # Only the welcome: no empty lists and groups of nothing on the first run.
    assert page.summary_label.text() == "Nobody in Kith yet"
    assert not page.side_column.isVisible() and not page.quadrant_section.isVisible()
    page.new_contact_button.click()
    assert window.current_page() == "contacts"
    dialog = window.contacts_page.open_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.close()
    # With someone in Kith, Today is the usual calm page.
    person("Ana Lima", circle=5)
    window.show_page("today")
    qtbot.waitUntil(lambda: page.calm_title.text() == "Nothing due today")
    assert not page.start_buttons.isVisible()
    assert page.side_column.isVisible() and page.quadrant_section.isVisible()


def test_move_to_from_today_starts_no_earlier_than_today(
    db, qtbot: QtBot, stack: QUndoStack
) -> None:
    late = _follow_up("Thank Omar", TODAY - timedelta(days=4))
    page = _page(qtbot, stack)
    qtbot.waitUntil(lambda: _ids(page.overdue_list) == [late])
    page.overdue_list.move_requested.emit(late)
    dialog = page.move_dialog
    assert dialog is not None and dialog.selected_date() == TODAY  # not four days ago
    dialog.set_selected_date(TODAY + timedelta(days=2))
    dialog.accept()
    moved = follow_up_item(late, tz=UTC)
    assert moved is not None and moved.due_date == TODAY + timedelta(days=2)
    stack.undo()
    back = follow_up_item(late, tz=UTC)
    assert back is not None and back.due_date == TODAY - timedelta(days=4)


def test_newcomers_are_sorted_one_at_a_time_with_a_key_per_circle(
    db, qtbot: QtBot, stack: QUndoStack
) -> None:
    from kith.core.contacts import load_draft
    from kith.core.rules.circles import newcomer_count

    ana = person("Ana Lima", title="Designer", company="Acme", added=NOW - timedelta(days=3))
    bo = person("Bo Jensen", added=NOW - timedelta(days=2))
    cy = person("Cy Park", added=NOW - timedelta(days=1))
    person("Dee Inner", circle=1)
    page = _page(qtbot, stack)
    card = page.newcomer_card
    qtbot.waitUntil(lambda: card.isVisible())
    assert card.heading.text() == "SORT NEWCOMERS · 3 wait for a circle"
    assert "Ana Lima" in card.name.text()
    assert card.detail.text().startswith("Designer · Acme — which circle?")
    assert "3 newcomers to sort" in page.summary_label.text()
    with qtbot.waitSignal(page.open_contact_requested) as opened:
        card.name.linkActivated.emit("open")  # the name opens their card
    assert opened.args == [ana]

    messages: list[str] = []
    page.status_message.connect(messages.append)
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_2)  # circle 15
    assert load_draft(ana).circle == 2
    assert messages[-1] == "Put 1 person in circle 15. Undo with Ctrl+Z."
    qtbot.waitUntil(lambda: "Bo Jensen" in card.name.text())
    assert card.heading.text() == "SORT NEWCOMERS · 2 wait for a circle"

    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_S)  # skip Bo for now
    assert card.skipped == {bo}
    assert "Cy Park" in card.name.text()
    card.archive_button.click()
    assert load_draft(cy).archived
    qtbot.waitUntil(lambda: not card.isVisible())  # Bo was skipped, Cy archived
    assert newcomer_count() == 1

    stack.undo()  # Cy back among the newcomers
    stack.undo()  # Ana back without a circle
    assert load_draft(ana).circle is None and not load_draft(cy).archived
    qtbot.waitUntil(lambda: card.isVisible() and "Ana Lima" in card.name.text())


def test_lateness_raises_urgency_in_the_overdue_list(db, qtbot: QtBot, stack: QUndoStack) -> None:
    late = _follow_up("Send Ana the intro", TODAY - timedelta(days=40), important=True)
    stale = _follow_up("Read Bo's post", TODAY - timedelta(days=35))
    week = _follow_up("Book the venue", TODAY - timedelta(days=3), important=True)
    page = _page(qtbot, stack)
    assert _ids(page.overdue_list) == [late, stale, week]
    delegate = page.overdue_list.follow_up_delegate
    items = {e.id: e for e in page.overdue_list.list_model.entries()}
    assert delegate.chips(items[late]) == ["urgent", "important"]  # 40 days late: urgent now
    assert delegate.chips(items[week]) == ["important"]
    assert page.overdue_stale.text() == "1 is a month late: do, drop or plan again"


def test_an_anniversary_is_listed_beside_the_birthdays(db, qtbot: QtBot, stack: QUndoStack) -> None:
    from kith.core.contacts import ImportantDate

    person("Ana Lima", birthday_month=11, birthday_day=25)
    person("Bo Jensen", dates=[ImportantDate("Anniversary", 11, 26, 2016)])
    page = _page(qtbot, stack)
    qtbot.waitUntil(lambda: page.birthday_list.list_model.rowCount() == 2)
    model = page.birthday_list.list_model
    assert [model.index(r).data() for r in range(2)] == [
        "Ana Lima’s birthday",
        "Bo Jensen’s anniversary",
    ]
    assert model.index(1).data(Qt.ItemDataRole.AccessibleTextRole) == (
        f"Bo Jensen’s anniversary, {date_text(date(2026, 11, 26), weekday=True)}, 10 years"
    )
    summary = page.summary_label.text()
    assert "1 birthday coming up" in summary
    assert "1 anniversary or date coming up" in summary


def _names(view) -> list[str]:
    return [e.contact_name for e in view.list_model.entries() if isinstance(e, FollowUpItem)]


def test_each_change_updates_what_it_touched(db, qtbot: QtBot, stack: QUndoStack) -> None:
    """A rename shows in the follow-up lists, a logged talk takes the person off going cold,
    a new follow-up appears: each change re-reads only its part, and nothing goes stale."""
    from kith.core.contacts import load_draft, save_contact

    old = NOW - timedelta(days=400)
    ana = person("Ana Lima", circle=1, added=old)
    log(ana, NOW - timedelta(days=40))  # 14-day cadence: cold
    due = _follow_up("Send Ana the deck", TODAY, contact_id=ana)
    later = _follow_up("Ask Ana about the offsite", TODAY + timedelta(days=9), contact_id=ana)
    page = _page(qtbot, stack)
    assert _names(page.due_list) == ["Ana Lima"]
    assert [c.contact_id for c in page.cold_model.rows()] == [ana]

    draft = load_draft(ana)
    draft.full_name = "Ana Souza"
    save_contact(draft, ana)
    qtbot.waitUntil(lambda: _names(page.due_list) == ["Ana Souza"])
    assert _names(page.quadrant_lists["later"]) == ["Ana Souza"]
    assert [c.full_name for c in page.cold_model.rows()] == ["Ana Souza"]
    assert _ids(page.quadrant_lists["later"]) == [later]

    log(ana, NOW - timedelta(hours=2))
    qtbot.waitUntil(lambda: page.cold_model.rowCount() == 0)
    assert _ids(page.due_list) == [due]

    soon = _follow_up("Book the room", TODAY + timedelta(days=2))
    qtbot.waitUntil(lambda: _ids(page.quadrant_lists["later"]) == [soon, later])
    assert page.cold_model.rowCount() == 0

"""The Calendar page: day counts in the month, the day's list, moving follow-ups, the agenda."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent, QUndoStack
from pytestqt.qtbot import QtBot

from kith.core.follow_ups import FollowUpDraft, FollowUpItem, create_follow_up, follow_up_item
from kith.core.rules.birthdays import Birthday
from kith.ui.commands.follow_up_actions import FollowUpActions
from kith.ui.lists.follow_up_list_model import DayHeading
from kith.ui.pages.calendar_page import AGENDA_TAB, CalendarPage
from tests.core.rules_fixtures import NOW, TODAY, person


def _follow_up(title: str, due: date, **fields: object) -> int:
    draft = FollowUpDraft(title=title, due_date=due, **fields)  # type: ignore[arg-type]
    return create_follow_up(draft, tz=UTC)


def _due(follow_up_id: int) -> date:
    item = follow_up_item(follow_up_id, tz=UTC)
    assert item is not None
    return item.due_date


@pytest.fixture
def stack() -> QUndoStack:
    return QUndoStack()


@pytest.fixture
def page(db: object, qtbot: QtBot, stack: QUndoStack) -> CalendarPage:
    widget = CalendarPage(FollowUpActions(stack), now=lambda: NOW, tz=UTC)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _drop(page: CalendarPage, follow_up_id: int, day: date) -> None:
    from kith.ui.widgets.month_view import follow_up_mime

    view = page.month_view
    mime = follow_up_mime(follow_up_id)  # the event does not own it: keep it alive
    event = QDropEvent(
        QPointF(view.cell_rect(day).center()),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(event)


def test_cells_count_due_follow_ups_and_birthdays(db, qtbot: QtBot, stack: QUndoStack) -> None:
    ana = person("Ana Lima", birthday_month=11, birthday_day=26, birthday_year=1990)
    _follow_up("Send Ana the deck", date(2026, 11, 26), contact_id=ana)
    _follow_up("Book the venue", date(2026, 11, 26))
    done = _follow_up("Call Jana", date(2026, 11, 26))
    FollowUpActions(stack).complete(done)
    late = _follow_up("Thank Omar", date(2026, 11, 20))
    page = CalendarPage(FollowUpActions(stack), now=lambda: NOW, tz=UTC)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    view = page.month_view
    assert view.marks(date(2026, 11, 26)).due == 2
    assert view.marks(date(2026, 11, 26)).done == 1
    assert view.marks(date(2026, 11, 26)).birthdays == ["Ana Lima"]
    assert not view.marks(date(2026, 11, 26)).overdue
    assert view.marks(date(2026, 11, 20)).due == 1
    assert view.marks(date(2026, 11, 20)).overdue  # past due: painted to stand out
    assert view.marks(date(2026, 11, 21)).due == 0
    assert page.title_label.text() == "November 2026"
    # Completing the late one clears the day's overdue mark (live, through the store signal).
    FollowUpActions(stack).complete(late)
    qtbot.waitUntil(lambda: not view.marks(date(2026, 11, 20)).overdue)


def test_month_cells_list_the_titles_and_count_the_rest(
    page: CalendarPage, qtbot: QtBot, stack: QUndoStack
) -> None:
    person("Ana Lima", birthday_month=11, birthday_day=26)
    busy = date(2026, 11, 26)
    titles = [f"Call friend {n}" for n in range(8)]
    ids = [_follow_up(title, busy) for title in titles]
    _follow_up("Book the venue", date(2026, 11, 27))
    done = _follow_up("Thank Omar", date(2026, 11, 27))
    FollowUpActions(stack).complete(done)
    view = page.month_view
    qtbot.waitUntil(lambda: view.marks(busy).due == 8)
    # A quiet day shows its titles, not "1 due"; a done one is there too, ticked.
    assert view.cell_lines(date(2026, 11, 27)) == [
        ("open", "Book the venue"),
        ("done", "Thank Omar"),
    ]
    # A busy day: the birthday, then as many titles as fit, then "+N" for the rest.
    lines = view.cell_lines(busy)
    kinds = [kind for kind, _ in lines]
    assert lines[0] == ("birthday", "Ana Lima")
    assert kinds[-1] == "more" and set(kinds[1:-1]) == {"open"}
    shown = [text for kind, text in lines if kind == "open"]
    assert shown == titles[: len(shown)] and len(shown) >= 1
    assert lines[-1][1] == f"+{8 - len(shown)}"
    # A taller grid has room for more titles and a smaller rest.
    page.resize(1100, 1400)
    qtbot.waitUntil(lambda: len(view.cell_lines(busy)) > len(lines))
    taller = view.cell_lines(busy)
    more_shown = [text for kind, text in taller if kind == "open"]
    assert more_shown == titles[: len(more_shown)] and len(more_shown) > len(shown)
    assert taller[-1] == ("open", titles[-1]) or taller[-1][1] == f"+{8 - len(more_shown)}"
    page.resize(1100, 700)
    qtbot.waitUntil(lambda: view.cell_lines(busy) == lines)
    # Clicking "+N" selects the day and puts its whole list, focused, beside the month.
    page.month_view.select(date(2026, 11, 27))
    more = view.line_rect(busy, len(lines) - 1)
    with qtbot.waitSignal(view.more_clicked) as clicked:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=more.center())
    assert clicked.args == [busy]
    assert view.selected_date() == busy
    listed = [e.id for e in page.day_list.list_model.entries() if isinstance(e, FollowUpItem)]
    assert listed == ids
    assert page.day_list.hasFocus()


def test_selecting_a_day_lists_its_items(page: CalendarPage, qtbot: QtBot) -> None:
    ana = person("Ana Lima", birthday_month=11, birthday_day=26)
    deck = _follow_up("Send Ana the deck", date(2026, 11, 26), contact_id=ana)
    qtbot.waitUntil(lambda: page.month_view.marks(date(2026, 11, 26)).due == 1)
    page.month_view.select(date(2026, 11, 26))
    entries = page.day_list.list_model.entries()
    assert isinstance(entries[0], Birthday) and entries[0].contact_id == ana
    assert isinstance(entries[1], FollowUpItem) and entries[1].id == deck
    assert page.day_title.text() == "Thursday, 26 November"
    assert page.day_summary.text() == "1 due · 1 birthday"
    page.month_view.select(date(2026, 11, 27))
    assert page.day_list.list_model.rowCount() == 0
    assert page.day_stack.currentWidget() is page.day_empty


def test_dropping_on_a_day_reschedules_and_undo_restores(
    page: CalendarPage, qtbot: QtBot, stack: QUndoStack
) -> None:
    deck = _follow_up("Send Ana the deck", date(2026, 11, 26))
    qtbot.waitUntil(lambda: page.month_view.marks(date(2026, 11, 26)).due == 1)
    page.month_view.select(date(2026, 11, 26))
    # What a drag from the day list carries is what the grid accepts.
    mime = page.day_list.list_model.mimeData([page.day_list.list_model.index(0)])
    assert mime is not None
    _drop(page, deck, date(2026, 12, 2))
    assert _due(deck) == date(2026, 12, 2)
    qtbot.waitUntil(lambda: page.month_view.marks(date(2026, 11, 26)).due == 0)
    assert page.month_view.marks(date(2026, 12, 2)).due == 1
    assert page.day_list.list_model.rowCount() == 0
    stack.undo()
    assert _due(deck) == date(2026, 11, 26)
    qtbot.waitUntil(lambda: page.day_list.list_model.rowCount() == 1)


def test_move_to_picks_a_date(page: CalendarPage, qtbot: QtBot, stack: QUndoStack) -> None:
    deck = _follow_up("Send Ana the deck", TODAY)
    qtbot.waitUntil(lambda: page.day_list.list_model.rowCount() == 1)
    assert not page.move_button.isEnabled()  # nothing selected yet
    page.day_list.select_follow_up(deck)
    assert page.move_button.isEnabled()
    qtbot.mouseClick(page.move_button, Qt.MouseButton.LeftButton)
    dialog = page.move_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.set_selected_date(date(2026, 12, 10))
    dialog.accept()
    assert _due(deck) == date(2026, 12, 10)
    assert stack.undoText().startswith("Moved: Send Ana the deck")
    stack.undo()
    assert _due(deck) == TODAY


def test_step_months_with_buttons_and_keys_and_back_to_today(
    page: CalendarPage, qtbot: QtBot
) -> None:
    qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.title_label.text() == "December 2026"
    assert page.month_view.selected_date() == date(2026, 12, 23)
    page.month_view.setFocus()
    qtbot.keyClick(page.month_view, Qt.Key.Key_PageDown)
    assert page.title_label.text() == "January 2027"
    qtbot.keyClick(page.day_list, Qt.Key.Key_PageUp)  # from the list too
    qtbot.keyClick(page.day_list, Qt.Key.Key_PageUp)
    qtbot.mouseClick(page.previous_button, Qt.MouseButton.LeftButton)
    assert page.title_label.text() == "October 2026"
    qtbot.keyClick(page.month_view, Qt.Key.Key_T)
    assert page.month_view.selected_date() == TODAY
    assert page.title_label.text() == "November 2026"
    page.step_months(3)
    qtbot.mouseClick(page.today_button, Qt.MouseButton.LeftButton)
    assert page.month_view.selected_date() == TODAY


def test_marks_follow_the_month_shown(page: CalendarPage, qtbot: QtBot) -> None:
    _follow_up("Plan the offsite", date(2027, 2, 10))
    qtbot.waitUntil(lambda: page.month_view.marks(date(2027, 2, 10)).due == 0)
    page.step_months(3)
    assert page.month_view.marks(date(2027, 2, 10)).due == 1


def test_agenda_lists_the_next_14_days_by_day(page: CalendarPage, qtbot: QtBot) -> None:
    ana = person("Ana Lima", birthday_month=11, birthday_day=25)
    _follow_up("Today's", TODAY)
    _follow_up("Last day", TODAY + timedelta(days=13))
    _follow_up("Too far", TODAY + timedelta(days=14))
    _follow_up("Late", TODAY - timedelta(days=1))
    page.tabs.setCurrentIndex(AGENDA_TAB)
    assert page.title_label.text() == "Next 14 days"
    qtbot.waitUntil(lambda: page.agenda_list.list_model.rowCount() == 6)
    rows = page.agenda_list.list_model.entries()
    headings = [r.day for r in rows if isinstance(r, DayHeading)]
    assert headings == [TODAY, date(2026, 11, 25), TODAY + timedelta(days=13)]
    titles = [r.title for r in rows if isinstance(r, FollowUpItem)]
    assert titles == ["Today's", "Last day"]
    assert any(isinstance(r, Birthday) and r.contact_id == ana for r in rows)


def test_double_click_opens_a_follow_up_and_plans_on_a_day(
    page: CalendarPage, qtbot: QtBot
) -> None:
    deck = _follow_up("Send Ana the deck", TODAY)
    qtbot.waitUntil(lambda: page.day_list.list_model.rowCount() == 1)
    rect = page.day_list.visualRect(page.day_list.list_model.index(0))
    qtbot.mouseClick(page.day_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    opened: list[int] = []
    page.open_follow_up_requested.connect(opened.append)
    qtbot.mouseDClick(page.day_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [deck]  # once: one form, not two
    cell = page.month_view.cell_rect(date(2026, 11, 30)).center()
    with qtbot.waitSignal(page.plan_follow_up_requested) as planned:
        qtbot.mouseDClick(page.month_view, Qt.MouseButton.LeftButton, pos=cell)
    assert planned.args == [None, date(2026, 11, 30)]


def test_a_new_birthday_appears_live(page: CalendarPage, qtbot: QtBot) -> None:
    _follow_up("Send Ana the deck", date(2026, 11, 26))
    qtbot.waitUntil(lambda: page.month_view.marks(date(2026, 11, 26)).due == 1)
    person("Ana Lima", birthday_month=11, birthday_day=26)
    qtbot.waitUntil(lambda: page.month_view.marks(date(2026, 11, 26)).birthdays == ["Ana Lima"])


def test_dragging_from_the_day_list_onto_a_day_moves_it(
    page: CalendarPage, qtbot: QtBot, stack: QUndoStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kith.ui.lists.follow_up_list_view as list_view

    deck = _follow_up("Send Ana the deck", TODAY)
    qtbot.waitUntil(lambda: page.day_list.list_model.rowCount() == 1)
    page.day_list.select_follow_up(deck)
    target = date(2026, 11, 27)

    class DropOnTheGrid(list_view.QDrag):
        """Stands in for the user's hand: the drag ends over ``target`` in the grid."""

        def exec(self, *actions: object) -> Qt.DropAction:  # type: ignore[override]
            view = page.month_view
            mime = self.mimeData()
            event = QDropEvent(
                QPointF(view.cell_rect(target).center()),
                Qt.DropAction.MoveAction,
                mime,
                Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier,
            )
            view.dropEvent(event)
            assert not self.pixmap().isNull()  # the title chip under the pointer
            return Qt.DropAction.MoveAction

    monkeypatch.setattr(list_view, "QDrag", DropOnTheGrid)
    page.day_list.startDrag(Qt.DropAction.MoveAction)
    assert _due(deck) == target
    qtbot.waitUntil(lambda: page.month_view.marks(target).due == 1)
    stack.undo()
    assert _due(deck) == TODAY


def test_moving_on_the_calendar_updates_today_and_the_badge(
    db, db_path, qtbot: QtBot, today: date
) -> None:
    from kith.ui.main_window import MainWindow

    real_today = today
    deck = create_follow_up(FollowUpDraft(title="Send Ana the deck", due_date=real_today))
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.today_page.overview is not None)
    assert window.today_page.due_list.list_model.follow_up_ids() == [deck]
    assert window.today_badge() == 1
    window.show_page("calendar")
    page = window.calendar_page
    qtbot.waitUntil(lambda: page.day_list.list_model.follow_up_ids() == [deck])
    page.move_follow_up(deck, real_today + timedelta(days=2))
    qtbot.waitUntil(lambda: window.today_badge() == 0)
    window.show_page("today")
    qtbot.waitUntil(lambda: window.today_page.due_list.list_model.follow_up_ids() == [])
    assert window.today_page.calm.isVisible()
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: window.today_page.due_list.list_model.follow_up_ids() == [deck])
    assert window.today_badge() == 1


def test_in_the_agenda_a_follow_up_dropped_on_another_day_moves_there(
    page: CalendarPage, qtbot: QtBot, stack: QUndoStack
) -> None:
    from kith.ui.widgets.month_view import follow_up_mime

    deck = _follow_up("Send Ana the deck", TODAY)
    _follow_up("Book the venue", TODAY + timedelta(days=3))
    page.show_agenda()
    agenda = page.agenda_list
    qtbot.waitUntil(lambda: agenda.list_model.rowCount() == 4)
    heading_row = next(
        r
        for r, e in enumerate(agenda.list_model.entries())
        if isinstance(e, DayHeading) and e.day == TODAY + timedelta(days=3)
    )
    point = agenda.visualRect(agenda.list_model.index(heading_row)).center()
    mime = follow_up_mime(deck)  # the event does not own it: keep it alive
    event = QDropEvent(
        QPointF(point),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    agenda.dropEvent(event)
    assert _due(deck) == TODAY + timedelta(days=3)
    qtbot.waitUntil(lambda: agenda.list_model.rowCount() == 3)  # one heading, two follow-ups
    stack.undo()
    assert _due(deck) == TODAY


def test_an_anniversary_is_in_its_cell_and_the_days_list(page: CalendarPage, qtbot: QtBot) -> None:
    from kith.core.contacts import ImportantDate

    person("Ana Lima", dates=[ImportantDate("Anniversary", 11, 26, 2016)])
    person("Bo Jensen", dates=[ImportantDate("First climb", 11, 26, None)])
    day = date(2026, 11, 26)
    qtbot.waitUntil(lambda: len(page.month_view.marks(day).dates) == 2)
    assert page.month_view.marks(day).dates == [
        ("Ana Lima", "Anniversary"),
        ("Bo Jensen", "First climb"),
    ]
    assert page.month_view.marks(day).birthdays == []
    page.month_view.select(day)
    entries = page.day_list.list_model.entries()
    assert [e.title for e in entries if isinstance(e, Birthday)] == [
        "Ana Lima’s anniversary",
        "Bo Jensen: First climb",
    ]
    assert page.day_summary.text() == "2 anniversaries or dates"


def _names(page: CalendarPage) -> list[str]:
    return [
        e.contact_name for e in page.day_list.list_model.entries() if isinstance(e, FollowUpItem)
    ]


def test_a_renamed_person_shows_under_the_new_name_on_every_day(
    page: CalendarPage, qtbot: QtBot
) -> None:
    from kith.core.contacts import load_draft, save_contact

    ana = person("Ana Lima")
    _follow_up("Send Ana the deck", date(2026, 11, 26), contact_id=ana)
    _follow_up("Call Ana back", date(2026, 11, 30), contact_id=ana)
    qtbot.waitUntil(lambda: page.month_view.marks(date(2026, 11, 30)).due == 1)
    page.month_view.select(date(2026, 11, 26))
    assert _names(page) == ["Ana Lima"]
    draft = load_draft(ana)
    draft.full_name = "Ana Souza"
    save_contact(draft, ana)
    qtbot.waitUntil(lambda: _names(page) == ["Ana Souza"])
    assert page.month_view.marks(date(2026, 11, 26)).titles == ["Send Ana the deck"]
    page.month_view.select(date(2026, 11, 30))
    assert _names(page) == ["Ana Souza"]
    assert page.day_summary.text() == "1 due"


def test_a_renamed_or_archived_persons_birthday_follows_in_the_cell_and_the_list(
    page: CalendarPage, qtbot: QtBot
) -> None:
    from kith.core.contacts import load_draft, save_contact

    day = date(2026, 11, 26)
    ana = person("Ana Lima", birthday_month=11, birthday_day=26)
    person("Bo Jensen", birthday_month=11, birthday_day=26)
    view = page.month_view
    qtbot.waitUntil(lambda: view.marks(day).birthdays == ["Ana Lima", "Bo Jensen"])
    view.select(day)
    draft = load_draft(ana)
    draft.full_name = "Zoe Souza"
    save_contact(draft, ana)
    qtbot.waitUntil(lambda: view.marks(day).birthdays == ["Bo Jensen", "Zoe Souza"])
    titles = [e.title for e in page.day_list.list_model.entries() if isinstance(e, Birthday)]
    assert titles == ["Bo Jensen’s birthday", "Zoe Souza’s birthday"]
    draft = load_draft(ana)
    draft.archived = True
    save_contact(draft, ana)
    qtbot.waitUntil(lambda: view.marks(day).birthdays == ["Bo Jensen"])
    assert page.day_summary.text() == "1 birthday"
    # A birthday moved to another day leaves this one and shows on that one.
    draft = load_draft(ana)
    draft.archived = False
    draft.birthday_day = 28
    save_contact(draft, ana)
    qtbot.waitUntil(lambda: view.marks(date(2026, 11, 28)).birthdays == ["Zoe Souza"])
    assert view.marks(day).birthdays == ["Bo Jensen"]


def test_an_edited_title_shows_in_the_cell_and_in_a_day_listed_before(
    page: CalendarPage, qtbot: QtBot
) -> None:
    from kith.core.follow_ups import load_follow_up_draft, update_follow_up

    deck = _follow_up("Send Ana the deck", date(2026, 11, 26))
    view = page.month_view
    qtbot.waitUntil(lambda: view.marks(date(2026, 11, 26)).titles == ["Send Ana the deck"])
    view.select(date(2026, 11, 26))  # listed, then another day shown
    view.select(date(2026, 11, 27))
    draft = load_follow_up_draft(deck, tz=UTC)
    draft.title = "Send Ana the new deck"
    update_follow_up(deck, draft, tz=UTC)
    qtbot.waitUntil(lambda: view.marks(date(2026, 11, 26)).titles == ["Send Ana the new deck"])
    view.select(date(2026, 11, 26))
    entries = page.day_list.list_model.entries()
    assert [e.title for e in entries if isinstance(e, FollowUpItem)] == ["Send Ana the new deck"]


def test_a_change_that_touches_nothing_shown_leaves_the_month_as_it_is(
    page: CalendarPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kith.core.contacts import load_draft, save_contact

    ana = person("Ana Lima", birthday_month=11, birthday_day=26)
    _follow_up("Send Ana the deck", date(2026, 11, 26), contact_id=ana)
    view = page.month_view
    qtbot.waitUntil(lambda: view.marks(date(2026, 11, 26)).due == 1)
    view.select(date(2026, 11, 26))
    given: list[object] = []
    monkeypatch.setattr(view, "set_marks", given.append)
    # Notes, and a follow-up far from the month: the cells stay, the day list is read again.
    draft = load_draft(ana)
    draft.notes = "Met at the climbing wall"
    save_contact(draft, ana)
    _follow_up("Plan the summer", date(2027, 6, 1))
    page._refresh_now()
    assert given == []
    assert _names(page) == ["Ana Lima"]
    # A change the month shows does give it new marks.
    draft = load_draft(ana)
    draft.full_name = "Ana Souza"
    save_contact(draft, ana)
    qtbot.waitUntil(lambda: len(given) == 1)
    assert _names(page) == ["Ana Souza"]

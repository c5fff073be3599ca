"""The follow-up list model and its delegate: rows, drag data, refreshes, painted buttons."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from kith.core.follow_ups import FollowUpDraft, create_follow_up, follow_up_item
from kith.core.rules.birthdays import Birthday
from kith.core.rules.going_cold import going_cold
from kith.store.models import FollowUp
from kith.ui.commands.follow_up_actions import FollowUpActions
from kith.ui.lists.follow_up_delegate import FollowUpDelegate, due_words
from kith.ui.lists.follow_up_list_model import DayHeading, FollowUpListModel
from kith.ui.lists.follow_up_list_view import FollowUpListView
from kith.ui.lists.going_cold_model import GoingColdModel
from kith.ui.widgets.month_view import follow_up_from_mime
from kith.ui.widgets.snooze_menu import snooze_choices
from tests.core.rules_fixtures import NOW, TODAY, log, person


def _follow_up(title: str, due: date, **fields: object) -> int:
    return create_follow_up(FollowUpDraft(title=title, due_date=due, **fields), tz=UTC)  # type: ignore[arg-type]


def _item(follow_up_id: int):
    item = follow_up_item(follow_up_id, tz=UTC)
    assert item is not None
    return item


def test_model_lists_follow_ups_birthdays_and_headings(db, qtbot: QtBot, qtmodeltester) -> None:
    ana = person("Ana Lima")
    deck = _item(_follow_up("Send Ana the deck", TODAY, contact_id=ana, important=True))
    cake = Birthday(ana, "Ana Lima", TODAY, 1990)
    model = FollowUpListModel()
    model.set_entries([DayHeading(TODAY, TODAY), cake, deck])
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.index(0).data() == "Today · Monday, 23 November"
    assert model.index(1).data() == "Ana Lima’s birthday"
    assert model.index(2).data() == "Send Ana the deck"
    assert model.index(2).data(FollowUpListModel.IdRole) == deck.id
    assert model.index(1).data(FollowUpListModel.IdRole) == ana
    assert "with Ana Lima" in model.index(2).data(Qt.ItemDataRole.AccessibleTextRole)
    # A heading cannot be selected; an open follow-up can be dragged, carrying its id.
    assert not model.flags(model.index(0)) & Qt.ItemFlag.ItemIsSelectable
    assert model.flags(model.index(2)) & Qt.ItemFlag.ItemIsDragEnabled
    assert not model.flags(model.index(1)) & Qt.ItemFlag.ItemIsDragEnabled
    mime = model.mimeData([model.index(2)])
    assert mime is not None and follow_up_from_mime(mime) == deck.id


def test_same_rows_refresh_in_place_and_new_rows_reset(db, qtbot: QtBot) -> None:
    first = _item(_follow_up("Call Jana", TODAY))
    model = FollowUpListModel()
    model.set_entries([first])
    resets: list[int] = []
    changes: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda *_: changes.append(1))
    renamed = FollowUp.update(title="Call Jana back").where(FollowUp.id == first.id).execute()
    assert renamed == 1
    model.set_entries([_item(first.id)])
    assert changes and not resets
    assert model.index(0).data() == "Call Jana back"
    model.set_entries([_item(first.id), _item(_follow_up("Write to Omar", TODAY))])
    assert resets and model.rowCount() == 2


def test_due_words_say_how_late_or_how_soon(db) -> None:
    late = _item(_follow_up("a", TODAY - timedelta(days=3)))
    timed = _item(
        create_follow_up(
            FollowUpDraft(title="b", due_date=TODAY, due_time=datetime(2026, 1, 1, 14, 30).time()),
            tz=UTC,
        )
    )
    far = _item(_follow_up("c", TODAY + timedelta(days=15)))
    assert due_words(late, TODAY) == "3 days overdue"
    assert due_words(timed, TODAY) == "today · 14:30"
    assert due_words(_item(_follow_up("d", TODAY + timedelta(days=1))), TODAY) == "tomorrow"
    assert due_words(far, TODAY) == "Tue, 8 Dec"


def test_clicking_the_round_button_marks_done_and_undo_reopens(db, qtbot: QtBot) -> None:
    stack = QUndoStack()
    actions = FollowUpActions(stack)
    view = FollowUpListView(actions, now=lambda: NOW, tz=UTC, today=lambda: TODAY)
    qtbot.addWidget(view)
    view.resize(500, 300)
    fid = _follow_up("Send Ana the deck", TODAY)
    view.set_entries([_item(fid)])
    view.show()
    qtbot.waitExposed(view)
    rect = view.visualRect(view.list_model.index(0))
    button = FollowUpDelegate.done_rect(rect).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=button)
    assert _item(fid).status == "done"
    stack.undo()
    assert _item(fid).status == "open"


def test_snooze_menu_offers_four_times_and_snoozes(db, qtbot: QtBot) -> None:
    stack = QUndoStack()
    view = FollowUpListView(FollowUpActions(stack), now=lambda: NOW, tz=UTC, today=lambda: TODAY)
    qtbot.addWidget(view)
    fid = _follow_up("Send Ana the deck", TODAY)
    view.set_entries([_item(fid)])
    menu = view.snooze_menu_for(fid)
    labels = [a.text() for a in menu.actions()]
    assert labels == [
        "15 minutes (12:15)",
        "1 hour (13:00)",
        "Tomorrow morning (Tue, 24 Nov, 09:00)",
        "Next week (Mon, 30 Nov, 09:00)",
    ]
    menu.actions()[1].trigger()
    row = FollowUp.get_by_id(fid)
    assert row.snoozed_until == NOW + timedelta(hours=1)
    assert row.due_at.date() == TODAY  # snoozing never moves the due date


def test_snooze_choices_in_a_time_zone() -> None:
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")
    choices = dict(snooze_choices(datetime(2026, 11, 23, 22, 30, tzinfo=UTC), berlin))
    # 23:30 on Monday in Berlin: tomorrow morning is Tuesday 09:00 there, 08:00 UTC.
    assert choices["Tomorrow morning (Tue, 24 Nov, 09:00)"] == datetime(2026, 11, 24, 8, 0)
    assert choices["Next week (Mon, 30 Nov, 09:00)"] == datetime(2026, 11, 30, 8, 0)
    # The morning time is the user's (Settings ▸ Reminders).
    early = dict(snooze_choices(datetime(2026, 11, 23, 22, 30, tzinfo=UTC), berlin, time(7, 30)))
    assert early["Tomorrow morning (Tue, 24 Nov, 07:30)"] == datetime(2026, 11, 24, 6, 30)


def test_context_menu_offers_the_follow_up_actions(db, qtbot: QtBot) -> None:
    view = FollowUpListView(FollowUpActions(QUndoStack()), now=lambda: NOW, tz=UTC)
    qtbot.addWidget(view)
    fid = _follow_up("Send Ana the deck", TODAY, contact_id=person("Ana Lima"))
    item = _item(fid)
    menu = view.context_menu_for(item)
    assert menu is not None
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Open…", "Go to Ana Lima", "Done", "Snooze", "Move to…", "Drop"]
    assert view.context_menu_for(DayHeading(TODAY, TODAY)) is None
    with qtbot.waitSignal(view.open_follow_up_requested) as opened:
        menu.actions()[0].trigger()
    assert opened.args == [fid]
    drop = next(a for a in menu.actions() if a.text() == "Drop")
    drop.trigger()
    assert _item(fid).status == "dropped"


def test_going_cold_model_lists_people_worst_first(db, qtbot: QtBot, qtmodeltester) -> None:
    added = NOW - timedelta(days=400)
    near = person("Jonas Berg", circle=1, added=added)  # every 14 days
    far = person("Mira Chen", circle=1, added=added)
    log(near, NOW - timedelta(days=20))
    log(far, NOW - timedelta(days=60))
    model = GoingColdModel()
    model.set_rows(going_cold(NOW, UTC))
    qtmodeltester.check(model)
    assert [model.index(r).data() for r in range(model.rowCount())] == ["Mira Chen", "Jonas Berg"]
    assert model.index(0).data(GoingColdModel.IdRole) == far
    assert "overdue" in model.index(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert model.index(0, 0, QModelIndex()).isValid()

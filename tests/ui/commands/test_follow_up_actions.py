"""FollowUpActions: done, snooze, reschedule, drop, reopen, delete — each one undoable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from PySide6.QtGui import QUndoStack
from pytestqt.qtbot import QtBot

from kith.core.follow_ups import FollowUpDraft, create_follow_up, follow_up_item, open_follow_ups
from kith.core.interactions import InteractionDraft
from kith.store.models import FollowUp, Interaction
from kith.ui.commands.follow_up_actions import FollowUpActions
from tests.core.rules_fixtures import person


@pytest.fixture
def make(today: date) -> Callable[..., int]:
    """Makes a follow-up, due in two days unless told otherwise."""

    def _make(title: str = "Send Ana the deck", **fields: object) -> int:
        fields.setdefault("due_date", today + timedelta(days=2))
        return create_follow_up(FollowUpDraft(title=title, **fields))  # type: ignore[arg-type]

    return _make


def _row(follow_up_id: int) -> dict[str, object]:
    return FollowUp.select().where(FollowUp.id == follow_up_id).dicts().get()


def _actions(qtbot: QtBot) -> tuple[FollowUpActions, QUndoStack]:
    stack = QUndoStack()
    actions = FollowUpActions(stack)
    return actions, stack


def test_complete_says_so_and_undo_reopens(db, qtbot: QtBot, make: Callable[..., int]) -> None:
    actions, stack = _actions(qtbot)
    follow_up_id = make()
    before = _row(follow_up_id)
    with qtbot.waitSignal(actions.status_message) as blocker:
        actions.complete(follow_up_id)
    assert blocker.args == ["Done: Send Ana the deck · Undo with Ctrl+Z"]
    assert _row(follow_up_id)["status"] == "done"
    assert stack.count() == 1 and stack.undoText() == "Done: Send Ana the deck"
    stack.undo()
    after = _row(follow_up_id)
    assert after["status"] == "open" and after["completed_at"] is None
    assert after["remind_at"] == before["remind_at"]
    stack.redo()
    assert _row(follow_up_id)["status"] == "done"


def test_completing_a_repeat_rolls_on_and_undo_removes_the_next_one(
    db, qtbot: QtBot, make: Callable[..., int]
) -> None:
    actions, stack = _actions(qtbot)
    follow_up_id = make("Check in with Jonas", rrule="FREQ=MONTHLY")
    with qtbot.waitSignal(actions.status_message) as blocker:
        actions.complete(follow_up_id)
    assert "next on" in blocker.args[0]
    (next_one,) = open_follow_ups()
    assert next_one.title == "Check in with Jonas" and next_one.id != follow_up_id
    stack.undo()
    assert [i.id for i in open_follow_ups()] == [follow_up_id]


def test_complete_with_an_interaction_logs_it_and_undo_removes_it(
    db, qtbot: QtBot, now: datetime, make: Callable[..., int]
) -> None:
    actions, stack = _actions(qtbot)
    ana = person("Ana Lima")
    follow_up_id = make(contact_id=ana)
    draft = InteractionDraft(occurred_at=now, kind="email", summary="Sent the deck")
    completion = actions.complete(follow_up_id, draft)
    assert completion is not None and completion.interaction_id is not None
    assert Interaction.get_by_id(completion.interaction_id).summary == "Sent the deck"
    assert _row(follow_up_id)["interaction"] == completion.interaction_id
    stack.undo()
    assert Interaction.select().count() == 0
    assert _row(follow_up_id)["status"] == "open"


def test_completing_twice_is_refused_plainly(db, qtbot: QtBot, make: Callable[..., int]) -> None:
    actions, stack = _actions(qtbot)
    follow_up_id = make()
    actions.complete(follow_up_id)
    with qtbot.waitSignal(actions.status_message) as blocker:
        assert actions.complete(follow_up_id) is None
    assert blocker.args == ["“Send Ana the deck” is already done."]
    assert stack.count() == 1


def test_snooze_moves_only_the_reminder_and_undo_restores_it(
    db, qtbot: QtBot, today: date, make: Callable[..., int]
) -> None:
    actions, stack = _actions(qtbot)
    follow_up_id = make()
    before = _row(follow_up_id)
    until = datetime.combine(today + timedelta(days=1), datetime.min.time()).replace(hour=7)
    with qtbot.waitSignal(actions.status_message) as blocker:
        actions.snooze(follow_up_id, until)
    assert blocker.args[0].startswith("Snoozed: Send Ana the deck until ")
    row = _row(follow_up_id)
    assert row["remind_at"] == until and row["snoozed_until"] == until
    assert row["due_at"] == before["due_at"]
    stack.undo()
    assert _row(follow_up_id) == before


def test_reschedule_moves_the_due_day_and_undo_moves_it_back(
    db, qtbot: QtBot, today: date, make: Callable[..., int]
) -> None:
    actions, stack = _actions(qtbot)
    follow_up_id = make()
    before = _row(follow_up_id)
    new_day = today + timedelta(days=9)
    actions.reschedule(follow_up_id, new_day)
    item = follow_up_item(follow_up_id)
    assert item is not None and item.due_date == new_day
    stack.undo()
    assert _row(follow_up_id) == before
    stack.redo()
    item = follow_up_item(follow_up_id)
    assert item is not None and item.due_date == new_day


def test_drop_and_reopen_are_undoable(db, qtbot: QtBot, make: Callable[..., int]) -> None:
    actions, stack = _actions(qtbot)
    follow_up_id = make()
    before = _row(follow_up_id)
    actions.drop(follow_up_id)
    assert _row(follow_up_id)["status"] == "dropped"
    stack.undo()
    assert _row(follow_up_id) == before
    stack.redo()
    actions.reopen(follow_up_id)
    assert _row(follow_up_id)["status"] == "open"
    stack.undo()
    assert _row(follow_up_id)["status"] == "dropped"


def test_delete_and_undo_bring_back_the_same_follow_up(
    db, qtbot: QtBot, make: Callable[..., int]
) -> None:
    actions, stack = _actions(qtbot)
    follow_up_id = make()
    before = _row(follow_up_id)
    actions.delete(follow_up_id)
    assert follow_up_item(follow_up_id) is None
    stack.undo()
    assert _row(follow_up_id) == before


def test_a_vanished_follow_up_is_a_message_not_a_crash(db, qtbot: QtBot) -> None:
    actions, stack = _actions(qtbot)
    with qtbot.waitSignal(actions.status_message) as blocker:
        actions.drop(12345)
    assert blocker.args == ["That follow-up is no longer in Kith."]
    assert stack.count() == 0


def test_the_main_window_shares_one_set_of_actions(
    window, qtbot: QtBot, make: Callable[..., int]
) -> None:
    follow_up_id = make()
    window.follow_up_actions.complete(follow_up_id)
    assert "Done: Send Ana the deck" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert _row(follow_up_id)["status"] == "open"


def test_create_and_update_are_undoable(db, qtbot: QtBot, today: date) -> None:
    actions, stack = _actions(qtbot)
    day = today + timedelta(days=3)
    follow_up_id = actions.create(FollowUpDraft(title="Call Bo", due_date=day, important=True))
    assert follow_up_item(follow_up_id) is not None
    stack.undo()
    assert follow_up_item(follow_up_id) is None
    stack.redo()
    item = follow_up_item(follow_up_id)
    assert item is not None and item.important
    actions.update(follow_up_id, FollowUpDraft(title="Call Bo back", due_date=day))
    item = follow_up_item(follow_up_id)
    assert item is not None and (item.title, item.important) == ("Call Bo back", False)
    stack.undo()
    item = follow_up_item(follow_up_id)
    assert item is not None and (item.title, item.important) == ("Call Bo", True)


def test_a_bad_draft_pushes_nothing(db, qtbot: QtBot, today: date) -> None:
    import pytest

    from kith.core.errors import ValidationError

    actions, stack = _actions(qtbot)
    with pytest.raises(ValidationError):
        actions.create(FollowUpDraft(title="", due_date=today))
    assert stack.count() == 0

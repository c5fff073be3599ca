"""A contact's timeline and header in the detail pane: order, live updates, figures, actions."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kith.core.follow_ups import FollowUpDraft, complete_follow_up, create_follow_up, drop
from kith.core.interactions import InteractionDraft, log_interaction
from kith.core.local_time import local_at, to_local
from kith.core.timeline import contact_header
from kith.store.models import FollowUp, Interaction
from kith.ui.dialogs.interaction_dialog import InteractionDialog
from kith.ui.lists.timeline_model import FOLLOW_UP, HEADER, INTERACTION, TimelineModel
from tests.core.rules_fixtures import person


def _log(now: datetime, contact_ids: list[int], days_ago: float, **fields: object) -> int:
    draft = InteractionDraft(
        occurred_at=now - timedelta(days=days_ago),
        contact_ids=contact_ids,
        **fields,  # type: ignore[arg-type]
    )
    return log_interaction(draft)


def _titles(model: TimelineModel) -> list[str]:
    return [e.title for e in model.entries()]


def _show(window, contact_id: int, qtbot: QtBot):
    window.open_contact(contact_id)
    pane = window.contacts_page.detail
    qtbot.waitUntil(lambda: pane.contact_id == contact_id)
    return pane


def test_the_model_lists_open_follow_ups_then_history_newest_first(
    db, qtmodeltester, now: datetime, today: date
) -> None:
    ana = person("Ana Lima", circle=2)
    mia = person("Mia Chen")
    _log(now, [ana], 30, kind="call", summary="Old call")
    _log(now, [ana, mia], 2, kind="meal", summary="Lunch", direction="gave", notes="Paid")
    _log(now, [ana], 10, kind="email", summary="Asked for the intro", direction="asked")
    soon = create_follow_up(
        FollowUpDraft(title="Send the deck", due_date=today + timedelta(days=3), contact_id=ana)
    )
    closed = create_follow_up(
        FollowUpDraft(title="Thank her", due_date=today - timedelta(days=20), contact_id=ana)
    )
    complete_follow_up(closed, now=now - timedelta(days=20))

    model = TimelineModel()
    model.set_contact(ana)
    qtmodeltester.check(model)
    assert _titles(model) == [
        "Coming up",
        "Send the deck",
        "History",
        "Lunch",
        "Asked for the intro",
        "Thank her",
        "Old call",
    ]
    entries = model.entries()
    assert [e.kind for e in entries[:3]] == [HEADER, FOLLOW_UP, HEADER]
    assert entries[1].id == soon and entries[1].detail == "Due in 3 days"
    lunch = entries[3]
    assert lunch.detail == "Coffee or meal · I gave · with Mia Chen" and lunch.notes == "Paid"
    assert entries[5].detail.startswith("Done on ")
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert model.data(model.index(3, 0), TimelineModel.KindRole) == INTERACTION


def test_calls_video_calls_done_and_dropped_follow_ups_each_have_their_own_icon(
    db, now: datetime, today: date
) -> None:
    ana = person("Ana Lima")
    _log(now, [ana], 3, kind="call", summary="A call")
    _log(now, [ana], 4, kind="video", summary="A video call")
    done = create_follow_up(FollowUpDraft(title="Done one", due_date=today, contact_id=ana))
    complete_follow_up(done, now=now - timedelta(days=1))
    dropped = create_follow_up(FollowUpDraft(title="Dropped one", due_date=today, contact_id=ana))
    drop(dropped, now=now - timedelta(days=2))

    model = TimelineModel()
    model.set_contact(ana)
    icons = {e.title: e.icon for e in model.entries() if e.kind != HEADER}
    assert icons == {
        "A call": "phone",
        "A video call": "video",
        "Done one": "done",
        "Dropped one": "dropped",  # given up on: no tick
    }


def test_history_is_loaded_a_page_at_a_time(db, qtmodeltester, now: datetime) -> None:
    ana = person("Ana Lima")
    for day in range(7):
        _log(now, [ana], day + 1, summary=f"Touch {day}")
    model = TimelineModel(page_size=3)
    model.set_contact(ana)
    assert _titles(model) == ["History", "Touch 0", "Touch 1", "Touch 2"]
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert _titles(model)[1:] == [f"Touch {i}" for i in range(7)]
    assert not model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)


def test_the_pane_header_matches_core(window, qtbot: QtBot, now: datetime) -> None:
    jonas = person("Jonas Weber", circle=2)
    _log(now, [jonas], 21, kind="meeting", direction="gave")
    _log(now, [jonas], 50, kind="call", direction="asked")
    _log(now, [jonas], 60, kind="email", direction="gave")
    pane = _show(window, jonas, qtbot)
    header = contact_header(jonas, now)
    assert pane.last_contact.value.text() == "3 weeks ago"
    assert pane.strength.value.text() == f"{header.strength.total} / 100"
    for part in header.strength.parts:
        assert f"{part.label}: {round(part.points)}" in pane.strength.toolTip()
    assert pane.balance.value.text() == "+1"
    assert pane.balance.note.text() == "2 gives, 1 ask · 12 months"
    assert header.cadence.due_in == 9
    assert pane.cadence.value.text() == "Due in 9 days"
    assert pane.cadence.note.text() == "every 30 days (circle 15)"


def test_an_overdue_cadence_and_no_history(
    window, qtbot: QtBot, now: datetime, today: date
) -> None:
    # Added at noon 60 calendar days ago (60 × 24 hours may be 59 days on a calendar that
    # changed to or from summer time in between); the inner circle's cadence is 14 days.
    added = local_at(today - timedelta(days=60), time(12, 0))
    old = person("Old Friend", circle=1, added=added)
    pane = _show(window, old, qtbot)
    assert pane.last_contact.value.text() == "Never"
    status = contact_header(old, now).cadence
    assert status.due_in == -46
    assert pane.cadence.value.text() == status.text[:1].upper() + status.text[1:]
    assert pane.cadence.value.text().endswith("weeks overdue")
    assert pane._timeline_stack.currentWidget() is pane._no_history


def test_the_timeline_updates_after_logging(window, qtbot: QtBot, now: datetime) -> None:
    ana = person("Ana Lima")
    _log(now, [ana], 5, summary="Earlier chat")
    pane = _show(window, ana, qtbot)
    assert _titles(pane.timeline_model) == ["History", "Earlier chat"]
    qtbot.mouseClick(pane.log_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(InteractionDialog)
    assert dialog is not None and dialog.people.contact_ids() == [ana]
    dialog.summary.setText("Coffee today")
    dialog.follow_up.setCurrentIndex(dialog.follow_up.findText("in 1 week"))
    dialog.accept()
    assert _titles(pane.timeline_model) == [
        "Coming up",
        "Follow up with Ana Lima",
        "History",
        "Coffee today",
        "Earlier chat",
    ]
    assert pane.last_contact.value.text() == "Today"
    window.undo_stack.undo()
    assert _titles(pane.timeline_model) == ["History", "Earlier chat"]


def _click_button(pane, row: int, which: int, qtbot: QtBot) -> None:
    view = pane.timeline_view
    index = pane.timeline_model.index(row, 0)
    view.scrollTo(index)
    rect = view.visualRect(index)
    entry = pane.timeline_model.entry(row)
    button = pane.timeline_delegate.button_rects(rect, entry)[which]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=button.center())


def test_done_on_an_open_follow_up_row_and_undo(window, qtbot: QtBot, today: date) -> None:
    ana = person("Ana Lima")
    follow_up_id = create_follow_up(
        FollowUpDraft(title="Send the deck", due_date=today, contact_id=ana)
    )
    pane = _show(window, ana, qtbot)
    pane.resize(420, 700)
    assert pane.timeline_model.entry(1).id == follow_up_id
    _click_button(pane, 1, 0, qtbot)
    assert FollowUp.get_by_id(follow_up_id).status == "done"
    assert _titles(pane.timeline_model) == ["History", "Send the deck"]
    assert "Done: Send the deck" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert FollowUp.get_by_id(follow_up_id).status == "open"
    assert pane.timeline_model.entry(1).is_open_follow_up


def test_snooze_from_the_row_menu(window, qtbot: QtBot, now: datetime, today: date) -> None:
    ana = person("Ana Lima")
    follow_up_id = create_follow_up(
        FollowUpDraft(title="Send the deck", due_date=today, contact_id=ana)
    )
    pane = _show(window, ana, qtbot)
    wanted: list[tuple[int, QPoint]] = []
    pane.timeline_delegate.snooze_clicked.connect(lambda i, p: wanted.append((i, p)))
    _click_button(pane, 1, 1, qtbot)
    assert wanted and wanted[0][0] == follow_up_id
    until = to_local(now) + timedelta(days=1)
    pane.snooze_follow_up_requested.emit(follow_up_id, until)
    assert FollowUp.get_by_id(follow_up_id).snoozed_until is not None
    window.undo_stack.undo()
    assert FollowUp.get_by_id(follow_up_id).snoozed_until is None
    for widget in QApplication.topLevelWidgets():  # the snooze menu that was opened
        if widget.inherits("QMenu"):
            widget.close()


def test_double_click_edits_an_interaction_and_delete_removes_it(
    window, qtbot: QtBot, now: datetime
) -> None:
    ana = person("Ana Lima")
    interaction_id = _log(now, [ana], 3, summary="Coffee", kind="meal")
    pane = _show(window, ana, qtbot)
    view = pane.timeline_view
    index = pane.timeline_model.index(1, 0)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    dialog = window.findChild(InteractionDialog)
    assert dialog is not None and dialog.windowTitle() == "Edit interaction"
    assert dialog.summary.text() == "Coffee"
    dialog.summary.setText("Coffee at Oslo")
    dialog.accept()
    assert Interaction.get_by_id(interaction_id).summary == "Coffee at Oslo"
    assert _titles(pane.timeline_model)[1] == "Coffee at Oslo"
    window.undo_stack.undo()
    assert Interaction.get_by_id(interaction_id).summary == "Coffee"

    view.setCurrentIndex(pane.timeline_model.index(1, 0))
    view.setFocus()
    pane.delete_current_entry()
    assert Interaction.select().count() == 0
    assert pane._timeline_stack.currentWidget() is pane._no_history
    window.undo_stack.undo()
    assert _titles(pane.timeline_model) == ["History", "Coffee"]


def test_the_card_turns_over_at_midnight(db, qtbot: QtBot, now: datetime) -> None:
    from kith.ui.pages.contact_detail_pane import ContactDetailPane

    clock = [now]
    ana = person("Ana Lima", circle=2)
    _log(now, [ana], 0, kind="call")
    pane = ContactDetailPane(now=lambda: clock[0])
    qtbot.addWidget(pane)
    pane.show_contact(ana)
    assert pane.last_contact.value.text() == "Today"
    clock[0] += timedelta(days=1)
    pane.day_timer.day_changed.emit()
    assert pane.last_contact.value.text() == "Yesterday"


def test_the_card_names_who_only_asks_and_who_gives_unprompted(
    window, qtbot: QtBot, now: datetime
) -> None:
    bo = person("Bo Lind", given_name="Bo")
    for days in (20, 60, 100, 140):
        _log(now, [bo], days, kind="call", direction="they_asked", initiator="them")
    pane = _show(window, bo, qtbot)
    assert pane.trust_note.isVisible()
    assert pane.trust_note.text() == "Bo has asked 4 times and given nothing in a year"
    assert pane.strength.note.text() == "nothing logged"  # asks are not contact that builds

    mo = person("Mo Sato", given_name="Mo")
    _log(now, [mo], 90, kind="meal", direction="gave", initiator="me")
    _log(now, [mo], 10, kind="email", direction="they_gave", initiator="them")
    pane = _show(window, mo, qtbot)
    assert pane.trust_note.text() == "Mo gave without being asked once"
    assert pane.strength.note.text() == "a weak tie"  # known 90 days, in touch in 2 months
    assert "History:" in pane.strength.toolTip() and "asks count in none" in pane.strength.toolTip()
    assert pane.timeline_model.entry(1).detail == "Email · They reached out · They gave"

    ana = person("Ana Lima")
    pane = _show(window, ana, qtbot)
    assert not pane.trust_note.isVisible()

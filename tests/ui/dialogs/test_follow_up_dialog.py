"""The follow-up form: plan, edit, repeat, reminder, and Done / Snooze / Drop / Delete with undo."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kith.core.follow_ups import FollowUpDraft, create_follow_up, follow_up_item, open_follow_ups
from kith.core.local_time import local_at, to_local
from kith.store.models import FollowUp, Goal, Interaction
from kith.ui.dialogs.follow_up_dialog import FollowUpDialog
from kith.ui.dialogs.interaction_dialog import InteractionDialog
from tests.core.rules_fixtures import person


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def test_planning_from_ctrl_shift_f_saves_every_field(window, qtbot: QtBot, today: date) -> None:
    ana = person("Ana Lima")
    goal = Goal.create(title="Find a co-founder")
    window.open_contact(ana)
    qtbot.waitUntil(lambda: window.contacts_page.detail.contact_id == ana)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(
        window,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = window.findChild(FollowUpDialog)
    assert dialog is not None and dialog.contact.current_id() == ana
    assert dialog.windowTitle() == "Plan a follow-up"
    assert not dialog.done_button.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.title, "Send Ana the deck")
    due = today + timedelta(days=10)
    dialog.due_date.setDate(_qdate(due))
    dialog.has_time.setChecked(True)
    dialog.due_time.setTime(QTime(14, 30))
    dialog.urgent.setChecked(True)
    dialog.important.setChecked(True)
    dialog.repeat.setCurrentIndex(dialog.repeat.findText("Every 3 months"))
    assert dialog.repeat_words.text().startswith("Every 3 months on the")
    dialog.goal.setCurrentIndex(dialog.goal.findData(goal.id))
    dialog.notes.setPlainText("The Q3 one")
    dialog.accept()

    (item,) = open_follow_ups()
    assert (item.title, item.contact_id, item.due_date, item.due_time) == (
        "Send Ana the deck",
        ana,
        due,
        time(14, 30),
    )
    assert (item.urgent, item.important, item.goal_id, item.notes) == (
        True,
        True,
        goal.id,
        "The Q3 one",
    )
    assert item.rrule is not None and item.rrule.startswith("FREQ=MONTHLY;INTERVAL=3")
    assert item.remind_at == local_at(due, time(14, 30))
    assert "Planned: Send Ana the deck" in window.statusBar().currentMessage()
    window.undo_stack.undo()
    assert open_follow_ups() == []


def test_plan_follow_up_takes_contact_and_day(window, qtbot: QtBot, today: date) -> None:
    ana = person("Ana Lima")
    day = today + timedelta(days=3)
    dialog = window.plan_follow_up(ana, day)
    assert dialog.contact.text() == "Ana Lima"
    assert dialog.due_date.date() == _qdate(day)
    assert dialog.reminder.currentText() == "On the day, at 09:00"
    dialog.has_time.setChecked(True)
    assert dialog.reminder.currentText() == "At the due time"


def test_reminder_choices(window, qtbot: QtBot, today: date) -> None:
    day = today + timedelta(days=10)
    dialog = window.plan_follow_up(None, day)
    dialog.title.setText("Evening reminder")
    dialog.reminder.setCurrentIndex(dialog.reminder.findText("The evening before (18:00)"))
    dialog.accept()
    dialog = window.plan_follow_up(None, day)
    dialog.title.setText("No reminder")
    dialog.reminder.setCurrentIndex(dialog.reminder.findText("No reminder"))
    dialog.accept()
    by_title = {i.title: i for i in open_follow_ups()}
    assert by_title["Evening reminder"].remind_at == local_at(day - timedelta(days=1), time(18))
    assert by_title["No reminder"].remind_at is None


def test_errors_are_shown_beside_the_fields(window, qtbot: QtBot) -> None:
    dialog = window.plan_follow_up()
    dialog.repeat.setCurrentIndex(dialog.repeat.findData("custom"))
    dialog.custom_rule.setText("FREQ=HOURLY")
    dialog.contact.setText("Nobody I know")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog._errors["title"].text() == "Say what to do"
    assert dialog._errors["rrule"].text() == "A follow-up repeats daily, weekly, monthly or yearly."
    assert "Pick a person" in dialog._errors["contact"].text()
    assert dialog._summary.text() == "Fix the 3 fields marked in red"
    assert dialog._summary.isVisible()  # beside Save, as in the other forms
    assert dialog.title.property("invalid") is True
    assert FollowUp.select().count() == 0


def _existing(today: date, title: str = "Send Ana the deck", **fields: object) -> int:
    fields.setdefault("due_date", today + timedelta(days=2))
    return create_follow_up(FollowUpDraft(title=title, **fields))  # type: ignore[arg-type]


def test_editing_keeps_the_form_and_saves_changes(window, qtbot: QtBot, today: date) -> None:
    follow_up_id = _existing(today, rrule="FREQ=MONTHLY", important=True)
    rule_before = FollowUp.get_by_id(follow_up_id).rrule
    dialog = window.open_follow_up(follow_up_id)
    assert dialog.windowTitle() == "Follow-up"
    assert dialog.title.text() == "Send Ana the deck" and dialog.important.isChecked()
    assert dialog.repeat.currentText() == "Every month"
    assert dialog.done_button.isVisibleTo(dialog) and not dialog.reopen_button.isVisibleTo(dialog)
    dialog.title.setText("Send Ana the new deck")
    dialog.accept()
    row = FollowUp.get_by_id(follow_up_id)
    assert row.title == "Send Ana the new deck"
    assert row.rrule == rule_before  # the series did not move
    window.undo_stack.undo()
    assert FollowUp.get_by_id(follow_up_id).title == "Send Ana the deck"


def test_done_snooze_drop_delete_from_the_form_are_undoable(
    window, qtbot: QtBot, now: datetime, today: date
) -> None:
    follow_up_id = _existing(today)

    window.open_follow_up(follow_up_id).mark_done()
    assert FollowUp.get_by_id(follow_up_id).status == "done"
    window.undo_stack.undo()
    assert FollowUp.get_by_id(follow_up_id).status == "open"

    until = to_local(now) + timedelta(hours=1)
    window.open_follow_up(follow_up_id).snooze(until)
    item = follow_up_item(follow_up_id)
    assert item is not None and item.snoozed_until is not None
    window.undo_stack.undo()

    window.open_follow_up(follow_up_id).drop()
    assert FollowUp.get_by_id(follow_up_id).status == "dropped"
    dialog = window.open_follow_up(follow_up_id)
    assert dialog.reopen_button.isVisibleTo(dialog)
    assert "Dropped on" in dialog._status_line.text()
    dialog.reject()
    window.undo_stack.undo()

    before = FollowUp.select().where(FollowUp.id == follow_up_id).dicts().get()
    window.open_follow_up(follow_up_id).delete()
    assert follow_up_item(follow_up_id) is None
    window.undo_stack.undo()
    assert FollowUp.select().where(FollowUp.id == follow_up_id).dicts().get() == before


def test_done_and_log_interaction_links_them(window, qtbot: QtBot, today: date) -> None:
    ana = person("Ana Lima")
    follow_up_id = _existing(today, contact_id=ana)
    dialog = window.open_follow_up(follow_up_id)
    log = dialog.done_and_log()
    assert isinstance(log, InteractionDialog)
    assert log.people.contact_ids() == [ana]
    assert log.summary.text() == "Send Ana the deck"
    log.kind.setCurrentIndex(log.kind.findData("email"))
    log.accept()
    row = FollowUp.get_by_id(follow_up_id)
    assert row.status == "done"
    (interaction,) = Interaction.select()
    assert row.interaction_id == interaction.id and interaction.kind == "email"
    window.undo_stack.undo()
    assert FollowUp.get_by_id(follow_up_id).status == "open"
    assert Interaction.select().count() == 0


def test_a_dialog_is_window_modal(window, qtbot: QtBot) -> None:
    dialog = window.plan_follow_up()
    assert isinstance(dialog, FollowUpDialog)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal and dialog.isVisible()


def test_planning_an_ask_sizes_it_and_says_whether_it_fits(
    window, qtbot: QtBot, today: date
) -> None:
    bo = person("Bo Stranger", given_name="Bo")
    dialog = window.plan_follow_up(bo, today + timedelta(days=2))
    assert dialog.ask_verdict.isHidden()  # not an ask
    dialog.ask_size.setCurrentIndex(dialog.ask_size.findData("large"))
    assert not dialog.ask_verdict.isHidden()
    assert dialog.ask_verdict.text().startswith(
        "Too big for now: you have never been in touch with Bo"
    )
    assert dialog.ask_verdict.text().endswith("Plan giving Bo something first.")
    dialog.title.setText("Ask Bo for a referral")
    dialog.accept()
    (row,) = FollowUp.select()
    assert row.ask_size == "large"
    again = window.open_follow_up(row.id)
    assert again.ask_size.currentData() == "large"
    again.close()

"""The log-interaction form: people, direction, ask size, follow-up, pester warning, errors."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kith.core.follow_ups import open_follow_ups
from kith.core.interactions import InteractionDraft, log_interaction
from kith.core.local_time import local_wall
from kith.store.models import Goal, Interaction, InteractionContact
from kith.ui.dialogs.interaction_dialog import InteractionDialog
from tests.core.rules_fixtures import person


def _people(interaction_id: int) -> list[int]:
    return [
        r[0]
        for r in InteractionContact.select(InteractionContact.contact)
        .where(InteractionContact.interaction == interaction_id)
        .order_by(InteractionContact.id)
        .tuples()
    ]


def _save(dialog: InteractionDialog, qtbot: QtBot) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_logging_writes_one_interaction_with_its_people_and_follow_up(
    window, qtbot, today: date
) -> None:
    ana = person("Ana Lima")
    bo = person("Bo Jensen")
    dialog = window.log_interaction([ana])
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.people.names() == ["Ana Lima"]
    dialog.people.add_contact(bo, "Bo Jensen")
    dialog.kind.setCurrentIndex(dialog.kind.findData("meal"))
    qtbot.keyClicks(dialog.summary, "Lunch about the Lisbon role")
    dialog.notes.setPlainText("She is hiring in Q1")
    qtbot.mouseClick(dialog.direction_buttons["gave"], Qt.MouseButton.LeftButton)
    dialog.follow_up.setCurrentIndex(dialog.follow_up.findText("in 2 weeks"))
    assert dialog.follow_up_title.placeholderText() == "Follow up with Ana Lima and 1 other"
    with qtbot.waitSignal(dialog.finished):
        _save(dialog, qtbot)

    (row,) = Interaction.select()
    assert (row.kind, row.summary, row.notes, row.direction) == (
        "meal",
        "Lunch about the Lisbon role",
        "She is hiring in Q1",
        "gave",
    )
    assert _people(row.id) == [ana, bo]
    (follow_up,) = open_follow_ups()
    assert follow_up.contact_id == ana
    assert follow_up.due_date == today + timedelta(days=14)
    assert "Logged “Lunch about the Lisbon role”" in window.statusBar().currentMessage()

    window.undo_stack.undo()
    assert Interaction.select().count() == 0 and open_follow_ups() == []
    window.undo_stack.redo()
    assert Interaction.select().count() == 1 and len(open_follow_ups()) == 1


def test_ctrl_l_logs_about_the_contact_on_screen(window, qtbot) -> None:
    ana = person("Ana Lima")
    window.open_contact(ana)
    qtbot.waitUntil(lambda: window.contacts_page.detail.contact_id == ana)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(InteractionDialog)
    assert dialog is not None and dialog.people.contact_ids() == [ana]
    dialog.reject()


def test_the_pester_warning_appears_for_a_recent_ask_and_goes_for_a_give(
    db, qtbot, now: datetime
) -> None:
    jonas = person("Jonas Weber", given_name="Jonas", circle=2)
    log_interaction(
        InteractionDraft(
            occurred_at=now - timedelta(days=3),
            kind="email",
            contact_ids=[jonas],
            direction="asked",
        )
    )
    dialog = InteractionDialog(lambda d: None)
    qtbot.addWidget(dialog)
    assert dialog.warning_text() == ""
    dialog.people.add_contact(jonas, "Jonas Weber")
    assert dialog.warning_text() == ""  # neutral: nothing to say
    dialog.direction_buttons["asked"].click()
    assert dialog.warning_text() == (
        "You asked Jonas 3 days ago and haven't given since — give first?"
    )
    dialog.direction_buttons["gave"].click()
    assert dialog.warning_text() == ""
    dialog.direction_buttons["asked"].click()
    dialog.people.remove_contact(jonas)
    assert dialog.warning_text() == ""


def test_the_warning_never_blocks_saving(db, qtbot, now: datetime) -> None:
    jonas = person("Jonas Weber")
    log_interaction(
        InteractionDraft(
            occurred_at=now - timedelta(days=1), contact_ids=[jonas], direction="asked"
        )
    )
    saved: list[InteractionDraft] = []
    dialog = InteractionDialog(saved.append, InteractionDraft(now, contact_ids=[jonas]))
    qtbot.addWidget(dialog)
    dialog.direction_buttons["asked"].click()
    assert dialog.warning_text()
    dialog.accept()
    assert len(saved) == 1 and saved[0].direction == "asked"


def test_ask_size_shows_only_for_an_ask_and_is_saved(window, qtbot) -> None:
    ana = person("Ana Lima")
    dialog = window.log_interaction([ana])
    form = dialog._form
    assert not form.isRowVisible(dialog._ask_row)
    dialog.direction_buttons["asked"].click()
    assert form.isRowVisible(dialog._ask_row)
    dialog.ask_size.setCurrentIndex(dialog.ask_size.findData("large"))
    dialog.direction_buttons["mutual"].click()
    assert not form.isRowVisible(dialog._ask_row)
    dialog.direction_buttons["asked"].click()
    dialog.accept()
    (row,) = Interaction.select()
    assert (row.direction, row.ask_size) == ("asked", "large")


def test_goal_field_lists_active_goals_and_hides_without_any(window, qtbot) -> None:
    ana = person("Ana Lima")
    dialog = window.log_interaction([ana])
    assert not dialog._form.isRowVisible(dialog._goal_row)
    dialog.reject()
    goal = Goal.create(title="Find a co-founder")
    Goal.create(title="Done already", status="achieved")
    dialog = window.log_interaction([ana])
    assert dialog._form.isRowVisible(dialog._goal_row)
    assert [dialog.goal.itemText(i) for i in range(dialog.goal.count())] == [
        "No goal",
        "Find a co-founder",
    ]
    dialog.goal.setCurrentIndex(1)
    dialog.accept()
    assert Interaction.get().goal_id == goal.id


def test_follow_up_on_a_picked_date(window, qtbot, today: date) -> None:
    ana = person("Ana Lima")
    dialog = window.log_interaction([ana])
    assert not dialog.follow_up_date.isVisibleTo(dialog)
    dialog.follow_up.setCurrentIndex(dialog.follow_up.count() - 1)
    assert dialog.follow_up_date.isVisibleTo(dialog)
    dialog.follow_up_date.setDate(today + timedelta(days=40))
    dialog.follow_up_title.setText("Send the intro to Marta")
    dialog.accept()
    (follow_up,) = open_follow_ups()
    assert follow_up.title == "Send the intro to Marta"
    assert follow_up.due_date == today + timedelta(days=40)


def test_errors_show_beside_the_field_and_nothing_is_saved(window, qtbot, now: datetime) -> None:
    dialog = window.log_interaction()
    qtbot.keyClicks(dialog.summary, "x" * 201)
    dialog.when.setDateTime(local_wall(now) + timedelta(days=2))
    dialog.accept()
    assert dialog.isVisible()
    assert dialog._errors["contact_ids"].text() == "Pick at least one person"
    assert dialog._errors["contact_ids"].isVisibleTo(dialog)
    assert dialog._errors["occurred_at"].text().startswith("That day has not come yet")
    assert dialog._errors["summary"].text() == "Keep the summary under 200 characters"
    assert dialog._summary.text() == "Fix the 3 fields marked in red"
    assert dialog.summary.property("invalid") is True
    assert Interaction.select().count() == 0


def test_a_typed_name_that_was_not_picked_is_an_error(window, qtbot) -> None:
    person("Ana Lima")
    dialog = window.log_interaction()
    dialog.people.picker.setText("Nobody Known")
    dialog.accept()
    assert "Pick the person from the suggestions" in dialog._errors["contact_ids"].text()
    assert Interaction.select().count() == 0


def test_typing_a_full_name_and_enter_adds_the_person_without_saving(window, qtbot) -> None:
    ana = person("Ana Lima")
    dialog = window.log_interaction()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClicks(dialog.people.picker, "Ana Lima")
    dialog.people.picker.popup().hide()
    qtbot.keyClick(dialog.people.picker, Qt.Key.Key_Return)
    assert dialog.people.contact_ids() == [ana]
    assert dialog.people.picker.text() == ""
    assert dialog.isVisible() and Interaction.select().count() == 0


def test_default_time_is_now(window, qtbot, now: datetime) -> None:
    dialog = window.log_interaction()
    shown = dialog.when.dateTime().toPython()
    assert abs((shown - local_wall(now)).total_seconds()) < 120


def test_sizing_an_ask_says_whether_the_person_would_do_it(db, qtbot, now: datetime) -> None:
    close = person("Ana Lima", given_name="Ana", circle=1)
    for days in (2, 9, 20, 35, 50, 70):
        log_interaction(
            InteractionDraft(
                occurred_at=now - timedelta(days=days),
                kind="meeting",
                contact_ids=[close],
                direction="gave" if days % 2 else "mutual",
            )
        )
    stranger = person("Bo Stranger", given_name="Bo")
    dialog = InteractionDialog(lambda d: None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.people.add_contact(close, "Ana Lima")
    dialog.direction_buttons["asked"].click()
    assert dialog.ask_verdict.isHidden()  # not sized yet
    dialog.ask_size.setCurrentIndex(dialog.ask_size.findData("small"))
    assert not dialog.ask_verdict.isHidden()
    assert "Ana would likely do this" in dialog.ask_verdict.text()
    dialog.people.remove_contact(close)
    dialog.people.add_contact(stranger, "Bo Stranger")
    dialog.ask_size.setCurrentIndex(dialog.ask_size.findData("large"))
    assert dialog.ask_verdict.text().startswith(
        "Bo: Too big for now: you have never been in touch with Bo; say hello before you ask"
    )
    assert "likely do this" not in dialog.ask_verdict.text()
    assert dialog.ask_verdict.property("role") == "warning"
    dialog.direction_buttons["gave"].click()
    assert dialog.ask_verdict.isHidden()


def test_an_ask_above_the_threshold_offers_to_plan_giving_first(db, qtbot) -> None:
    bo = person("Bo Stranger", given_name="Bo")
    saved: list[InteractionDraft] = []
    dialog = InteractionDialog(saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.people.add_contact(bo, "Bo Stranger")
    dialog.direction_buttons["asked"].click()
    dialog.ask_size.setCurrentIndex(dialog.ask_size.findData("medium"))
    assert not dialog.give_first_button.isHidden()
    dialog.give_first_button.click()
    dialog.summary.setText("Asked Bo for a review")
    dialog.accept()
    (draft,) = saved
    assert draft.follow_up_in_days == 3
    assert draft.follow_up_title == "Give Bo something first (share, help or introduce)"


def test_a_long_verdict_wraps_below_the_size_and_is_never_clipped(db, qtbot) -> None:
    stranger = person("Bo Stranger", given_name="Bo")
    dialog = InteractionDialog(lambda d: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.people.add_contact(stranger, "Bo Stranger")
    dialog.direction_buttons["asked"].click()
    before = dialog.height()
    dialog.ask_size.setCurrentIndex(dialog.ask_size.findData("large"))
    verdict = dialog.ask_verdict
    qtbot.waitUntil(lambda: verdict.height() >= verdict.heightForWidth(verdict.width()))
    assert verdict.heightForWidth(verdict.width()) > verdict.fontMetrics().height() * 2  # wraps
    below = verdict.mapTo(dialog, verdict.rect().topLeft()).y()
    size_bottom = dialog.ask_size.mapTo(dialog, dialog.ask_size.rect().bottomLeft()).y()
    assert below > size_bottom  # under the size box, not over it
    assert dialog.height() > before  # the form grew to make room

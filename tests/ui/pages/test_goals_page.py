"""The Goals page: create a goal, link people, and watch progress move as you log."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kith.core.goals import GoalDraft, create_goal, goal_summaries, link_contacts
from kith.store.models import Goal, GoalContact
from kith.ui.dialogs.follow_up_dialog import FollowUpDialog
from kith.ui.lists.goal_models import GoalListModel
from kith.ui.main_window import MainWindow
from kith.ui.pages.goals_page import GoalsPage
from tests.core.rules_fixtures import person


def _goals_page(window: MainWindow, qtbot: QtBot) -> GoalsPage:
    window.show_page("goals")
    page = window.page("goals")
    assert isinstance(page, GoalsPage)
    qtbot.waitUntil(page.isVisible)
    return page


def test_no_goals_shows_a_calm_empty_state(window: MainWindow, qtbot: QtBot) -> None:
    page = _goals_page(window, qtbot)
    assert page.stack.currentWidget() is page.empty
    assert page.purpose_label.text() == "No interactions in the last 90 days"


def test_create_link_log_and_see_progress(window: MainWindow, qtbot: QtBot) -> None:
    ana = person("Ana Lima")
    page = _goals_page(window, qtbot)
    dialog = page.new_goal()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClicks(dialog.title_edit, "Find three speaking engagements")
    dialog.why_edit.setPlainText("Visibility for the book")
    with qtbot.waitSignal(dialog.finished):
        dialog.accept()
    (goal,) = Goal.select()
    assert (goal.title, goal.why, goal.status) == (
        "Find three speaking engagements",
        "Visibility for the book",
        "active",
    )
    assert page.stack.currentIndex() == 1
    assert page.title_label.text() == "Find three speaking engagements"
    assert page.chart.months()[-1].count == 0

    link = page.link_people()
    assert link is not None
    link.people.add_contact(ana, "Ana Lima")
    with qtbot.waitSignal(link.finished):
        link.accept()
    assert [r.title for r in page.people_model.rows()] == ["Ana Lima"]

    log = window.log_interaction([ana])
    log.goal.setCurrentIndex(log.goal.findData(goal.id))
    qtbot.keyClicks(log.summary, "Asked about the CFP")
    with qtbot.waitSignal(log.finished):
        qtbot.mouseClick(log.save_button, Qt.MouseButton.LeftButton)
    window.show_page("goals")
    qtbot.waitUntil(lambda: page.chart.months()[-1].count == 1)
    assert page.chart_caption.text().startswith("1 interaction in the last 12 months")
    assert [r.title for r in page.interaction_model.rows()] == ["Asked about the CFP"]
    assert page.purpose_label.text().startswith(
        "1 of 1 interaction in the last 90 days served an active goal (100 %)"
    )

    # Undo takes the interaction back, and the chart with it.
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: page.chart.months()[-1].count == 0)

    # "Plan next step" opens the follow-up form for this goal, about the selected person.
    page.people_list.setCurrentIndex(page.people_model.index(0))
    plan = window.plan_follow_up
    forms: list[FollowUpDialog] = []
    window.plan_follow_up = lambda *a: forms.append(plan(*a)) or forms[-1]  # type: ignore[method-assign]
    page.plan_button.click()
    assert forms[0].goal.currentData() == goal.id
    assert forms[0].contact.current_id() == ana
    forms[0].reject()


def test_status_unlink_delete_and_undo(window: MainWindow, qtbot: QtBot) -> None:
    goal = create_goal(GoalDraft("Raise a seed round", target_date=date(2030, 1, 1)))
    ana, bo = person("Ana Lima"), person("Bo Jensen")
    link_contacts(goal, [ana, bo])
    page = _goals_page(window, qtbot)
    assert page.achieved_button.isVisible() and not page.reopen_button.isVisible()
    page.achieved_button.click()
    assert Goal.get_by_id(goal).status == "achieved"
    assert page.reopen_button.isVisible()
    assert page.goal_model.rows()[0].badge == "Achieved"
    window.undo_stack.undo()
    assert Goal.get_by_id(goal).status == "active"

    page.people_list.setCurrentIndex(page.people_model.index(0))
    page.unlink_button.click()
    assert GoalContact.select().count() == 1
    page.delete_goal(confirm=False)
    assert Goal.select().count() == 0
    assert page.stack.currentWidget() is page.empty
    window.undo_stack.undo()
    assert Goal.select().count() == 1
    assert page.stack.currentIndex() == 1


def test_a_goal_without_a_title_is_not_saved(window: MainWindow, qtbot: QtBot) -> None:
    page = _goals_page(window, qtbot)
    dialog = page.new_goal()
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.title_error.text() == "Say what you want to achieve"
    assert Goal.select().count() == 0
    dialog.reject()


def test_goal_list_model_passes_the_model_tester(db: object, qtmodeltester, now: datetime) -> None:  # type: ignore[no-untyped-def]
    create_goal(GoalDraft("One"))
    create_goal(GoalDraft("Two", status="dropped"))
    model = GoalListModel()
    model.set_goals(goal_summaries(now))
    qtmodeltester.check(model)
    assert model.rowCount() == 2

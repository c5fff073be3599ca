"""Suggestions from mail and calendar on Today: the card says how many, Enter accepts (an
interaction, undoable), Delete dismisses, "never for this address", accept with a note."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kith.core.capture.files import capture_file
from kith.core.timeline import interactions_of
from kith.ui.commands.follow_up_actions import FollowUpActions
from kith.ui.dialogs.interaction_dialog import InteractionDialog
from kith.ui.pages.today_page import TodayPage
from tests.capture_mail import ANA, ME, add_people, inbox, sent, write_mbox


def _page(qtbot: QtBot, stack: QUndoStack, now: datetime) -> TodayPage:
    page = TodayPage(FollowUpActions(stack), now=lambda: now, tz=UTC)
    qtbot.addWidget(page)
    page.resize(1100, 900)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.overview is not None)
    return page


def _names(page: TodayPage) -> list[str]:
    model = page.suggestions_card.model
    return [model.suggestion(r).people[0].name for r in range(model.rowCount())]  # type: ignore[union-attr]


def test_the_card_lists_suggestions_and_enter_accepts_one(
    db: object, qtbot: QtBot, qtmodeltester, tmp_path: Path, now: datetime, today: date
) -> None:
    people = add_people()
    capture_file(write_mbox(tmp_path / "a.mbox", inbox(today) + sent(today)), my_addresses=[ME])
    stack = QUndoStack()
    page = _page(qtbot, stack, now)
    card = page.suggestions_card
    assert card.isVisible()
    assert card.heading.text() == "3 SUGGESTIONS FROM MAIL AND CALENDAR"
    qtmodeltester.check(card.model)
    assert sorted(_names(page)) == ["Ana Lima", "Ana Lima", "Bob Stone"]

    # The newest first: Ana, 3 days ago. Enter logs it.
    first = card.current()
    assert first is not None and first.people[0].name == "Ana Lima"
    card.list.setFocus()
    qtbot.keyClick(card.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: card.heading.text() == "2 SUGGESTIONS FROM MAIL AND CALENDAR")
    assert [(i.kind, i.initiator) for i in interactions_of(people.ana)] == [("email", "them")]
    stack.undo()
    qtbot.waitUntil(lambda: card.count == 3)
    assert interactions_of(people.ana) == []

    # Delete dismisses the one picked; undo brings it back.
    card.list.setCurrentIndex(card.model.index(card.model.row_of(first.id) or 0, 0))
    qtbot.keyClick(card.list, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: card.count == 2)
    assert first.id not in {s.id for s in card.model._rows}
    stack.undo()
    qtbot.waitUntil(lambda: card.count == 3)


def test_never_for_this_address_and_accept_with_a_note(
    db: object, qtbot: QtBot, tmp_path: Path, now: datetime, today: date
) -> None:
    people = add_people()
    capture_file(write_mbox(tmp_path / "a.mbox", inbox(today) + sent(today)), my_addresses=[ME])
    page = _page(qtbot, QUndoStack(), now)
    card = page.suggestions_card
    ana_row = _names(page).index("Ana Lima")
    card.list.setCurrentIndex(card.model.index(ana_row, 0))
    with qtbot.waitSignal(page.status_message) as said:
        card.never_button.click()
    assert said.args == [f"Kith will not capture {ANA} again (Settings ▸ Capture lets it back)"]
    qtbot.waitUntil(lambda: _names(page) == ["Bob Stone"])
    assert card.heading.text() == "1 SUGGESTION FROM MAIL AND CALENDAR"

    card.note_button.click()
    dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, InteractionDialog))
    qtbot.waitExposed(dialog)
    assert dialog.people.contact_ids() == [people.bob]
    dialog.notes.setPlainText("Sent him the intro")
    dialog.accept()
    qtbot.waitUntil(lambda: not card.isVisible())
    [logged] = interactions_of(people.bob)
    assert (logged.kind, logged.notes) == ("email", "Sent him the intro")


def test_the_contact_card_shows_the_last_email_before_anything_is_accepted(
    window, qtbot: QtBot, tmp_path: Path, now: datetime, today: date
) -> None:
    people = add_people()
    capture_file(write_mbox(tmp_path / "a.mbox", inbox(today) + sent(today)), my_addresses=[ME])
    window.open_contact(people.bob)
    pane = window.contacts_page.detail
    qtbot.waitUntil(lambda: pane.contact_id == people.bob)
    assert pane.last_contact.value.text() == "Never"
    assert pane.last_contact.note.text() == "nothing logged yet · last email 4 days ago"


def test_the_heading_says_when_counting_stopped() -> None:
    from kith.ui.widgets.suggestions_card import heading_text

    assert heading_text(1) == "1 SUGGESTION FROM MAIL AND CALENDAR"
    assert heading_text(1000, more=True) == "1000+ SUGGESTIONS FROM MAIL AND CALENDAR"

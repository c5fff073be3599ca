"""Contacts ▸ Find duplicates…: likely pairs side by side, merged without losing anything."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from kith.core.contacts import ChannelDraft, ContactDraft, load_draft, save_contact
from kith.core.directory import contact_ids
from kith.core.follow_ups import FollowUpDraft, create_follow_up
from kith.core.interactions import InteractionDraft, log_interaction
from kith.store.models import FollowUp, InteractionContact
from kith.ui.dialogs.duplicates_dialog import DuplicatesDialog, dismissed_pairs
from kith.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def fresh_session() -> None:
    dismissed_pairs().clear()


@pytest.fixture
def twins(db: object, now: datetime, today: date) -> tuple[int, int]:
    """The same Ana twice (same email), each with her own history."""
    a = save_contact(
        ContactDraft(
            full_name="Ana Souza",
            company="Acme",
            tags=["client"],
            channels=[ChannelDraft("email", "ana@acme.example")],
        )
    )
    b = save_contact(
        ContactDraft(
            full_name="Ana S.",
            tags=["speaker"],
            channels=[
                ChannelDraft("email", "ANA@acme.example"),
                ChannelDraft("phone", "+351 912 345 678"),
            ],
        )
    )
    log_interaction(
        InteractionDraft(occurred_at=now - timedelta(days=9), kind="meal", contact_ids=[a])
    )
    log_interaction(
        InteractionDraft(occurred_at=now - timedelta(days=3), kind="call", contact_ids=[b])
    )
    create_follow_up(FollowUpDraft("Send the deck", today, contact_id=b))
    save_contact(ContactDraft(full_name="Ben Okafor"))
    return a, b


def open_dialog(qtbot: QtBot, window: MainWindow) -> DuplicatesDialog:
    dialog = window.find_duplicates()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_pairs_are_listed_and_shown_side_by_side(
    qtbot: QtBot, qtmodeltester: ModelTester, twins: tuple[int, int], window: MainWindow
) -> None:
    dialog = open_dialog(qtbot, window)
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1
    row = [dialog.model.index(0, c).data() for c in range(3)]
    assert row[:2] == ["Ana Souza", "Ana S."]
    assert row[2].casefold() == "same email ana@acme.example"
    assert dialog.summary.text() == "1 likely duplicate pair."
    left, right = dialog.left.body.text(), dialog.right.body.text()
    assert "Ana Souza" in left and "1 interaction" in left and "0 follow-ups" in left
    assert "+351 912 345 678" in right and "1 follow-up" in right


def test_merge_keeps_both_peoples_interactions_follow_ups_tags_and_channels(
    qtbot: QtBot, twins: tuple[int, int], window: MainWindow
) -> None:
    a, b = twins
    dialog = open_dialog(qtbot, window)
    assert dialog.left.keep.isChecked()
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert a in contact_ids() and b not in contact_ids()
    assert len(contact_ids()) == 2  # Ana once, and Ben
    kept = load_draft(a)
    assert kept.full_name == "Ana Souza"
    assert set(kept.tags) == {"client", "speaker"}
    assert "+351 912 345 678" in [c.value for c in kept.channels]
    assert InteractionContact.select().where(InteractionContact.contact == a).count() == 2
    assert FollowUp.get(FollowUp.title == "Send the deck").contact_id == a
    assert dialog.model.rowCount() == 0
    assert dialog.stack.currentWidget() is dialog.empty
    assert "Merged two records of Ana Souza" in window.statusBar().currentMessage()

    dialog.close()
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()  # both back, each with their own history
    assert b in contact_ids() and load_draft(a).tags == ["client"]
    assert InteractionContact.select().where(InteractionContact.contact == b).count() == 1
    assert FollowUp.get(FollowUp.title == "Send the deck").contact_id == b
    window.undo_stack.redo()
    assert b not in contact_ids()


def test_keeping_the_right_side_keeps_its_details(
    qtbot: QtBot, twins: tuple[int, int], window: MainWindow
) -> None:
    a, b = twins
    dialog = open_dialog(qtbot, window)
    dialog.right.keep.setChecked(True)
    assert not dialog.left.keep.isChecked()  # one choice for the pair
    dialog.merge_current()
    assert a not in contact_ids()
    kept = load_draft(b)
    assert kept.full_name == "Ana S." and kept.company == "Acme"
    assert "Name: Ana Souza" in kept.notes


def test_not_a_duplicate_hides_the_pair_for_the_session(
    qtbot: QtBot, twins: tuple[int, int], window: MainWindow
) -> None:
    dialog = open_dialog(qtbot, window)
    qtbot.mouseClick(dialog.not_duplicate_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 0
    assert len(contact_ids()) == 3  # nothing merged
    dialog.close()
    again = open_dialog(qtbot, window)
    assert again.model.rowCount() == 0
    assert again.summary.text() == "No likely duplicates."


def test_the_contacts_menu_opens_the_dialog(
    qtbot: QtBot, twins: tuple[int, int], window: MainWindow
) -> None:
    window.data_actions.find_duplicates_action.trigger()
    dialog = window.data_actions.duplicates_dialog
    assert dialog is not None and dialog.model.rowCount() == 1

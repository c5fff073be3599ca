"""From a contact's card: who they know, and how to reach them through people you know."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kith.core.contacts import ContactDraft, save_contact
from kith.core.interactions import InteractionDraft, log_interaction
from kith.core.relationships import set_relationship
from kith.ui.main_window import MainWindow


def test_who_they_know_opens_from_the_card(qtbot: QtBot, window: MainWindow) -> None:
    ana = save_contact(ContactDraft(full_name="Ana Lima"))
    window.open_contact(ana)
    detail = window.contacts_page.detail
    qtbot.waitUntil(lambda: detail.relationships_action.isEnabled())
    detail.relationships_action.trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None and dialog.windowTitle() == "Who Ana Lima knows"
    dialog.close()


def test_how_do_i_reach_them_lists_the_chain_through_a_friend(
    qtbot: QtBot, window: MainWindow, now: datetime
) -> None:
    ben = save_contact(ContactDraft(full_name="Ben Okafor"))
    cleo = save_contact(ContactDraft(full_name="Cleo Park"))
    log_interaction(InteractionDraft(contact_ids=[ben], occurred_at=now, kind="call"))
    set_relationship(ben, cleo, "colleague")
    window.open_contact(cleo)
    detail = window.contacts_page.detail
    qtbot.waitUntil(lambda: detail.warm_path_action.isEnabled())
    detail.warm_path_action.trigger()
    assert window.current_page() == "network"
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    assert dialog is not None
    assert "Ben Okafor" in dialog.paths[0].text  # type: ignore[attr-defined]
    dialog.close()

"""File ▸ Restore from backup…: the list shows each backup with its date, why, and its counts;
restoring brings back the deleted people in the window, the current data becomes a backup, and
a failed backup before a bulk delete deletes nobody."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from kith.app import install_restore_from_backup
from kith.core.backups import list_backups
from kith.core.contacts import ContactDraft, save_contact
from kith.core.interactions import InteractionDraft, log_interaction
from kith.core.local_time import local_wall
from kith.store import backup as files
from kith.store.backup import write_backup
from kith.store.database import CorruptDatabaseError, close_database, open_database
from kith.store.models import Contact
from kith.ui import error_hook
from kith.ui.dialogs.restore_dialog import RestoreDialog, when_text
from kith.ui.main_window import MainWindow
from tests.damaged_files import damage_guard, flip_page_bytes, kith_file  # noqa: F401

NAMES = ("Amara Okafor", "Jonas Berg", "Priya Natarajan")


def card_names(window: MainWindow) -> list[str]:
    model = window.contacts_page.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def delete_everyone(qtbot: QtBot, window: MainWindow, now: datetime) -> list[int]:
    """Three people and a coffee with two of them; then select all on Contacts and delete."""
    ids = [save_contact(ContactDraft(full_name=name)) for name in NAMES]
    log_interaction(InteractionDraft(occurred_at=now, contact_ids=ids[:2], summary="Coffee"))
    window.show_page("contacts")
    page = window.contacts_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    page.actions.confirm_delete = lambda count: True
    page.delete_contacts(ids)
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    return ids


def open_restore(qtbot: QtBot, window: MainWindow) -> RestoreDialog:
    window.data_actions.restore_action.trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), RestoreDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, RestoreDialog)
    return dialog


def test_the_list_shows_each_backup_with_its_date_and_counts(
    qtbot: QtBot, window: MainWindow, now: datetime
) -> None:
    delete_everyone(qtbot, window, now)
    dialog = open_restore(qtbot, window)
    [backup] = list_backups()
    [row] = dialog.rows()
    assert row[1:4] == ["Before deleting several people", "3", "1"]
    # The date as the user's locale writes it, in local time.
    assert row[0] == when_text(backup.taken_at)
    local = local_wall(backup.taken_at)  # the user's date, not UTC's
    assert str(local.year) in row[0] and str(local.day) in row[0]
    assert "backups" in dialog.where_label.text()
    assert dialog.restore_button.isEnabled()
    dialog.reject()


def test_restoring_brings_back_the_deleted_people_and_keeps_the_current_data(
    qtbot: QtBot, window: MainWindow, now: datetime
) -> None:
    delete_everyone(qtbot, window, now)
    assert window.undo_stack.count() == 1
    dialog = open_restore(qtbot, window)
    asked: list[str] = []
    dialog.confirm = lambda summary: asked.append(summary.backup.reason) or True
    dialog.restore_selected()

    assert asked == ["Before deleting several people"]
    qtbot.waitUntil(lambda: card_names(window) == sorted(NAMES))
    assert Contact.select().count() == 3
    assert window.undo_stack.count() == 0  # its steps spoke of the data before
    assert "Restored the copy of" in window.statusBar().currentMessage()
    assert "3 people, 1 interaction." in window.statusBar().currentMessage()

    again = open_restore(qtbot, window)
    assert [row[1:4] for row in again.rows()] == [
        ["Before a restore", "0", "0"],  # the data as it was just before: nobody
        ["Before deleting several people", "3", "1"],
    ]
    again.reject()


def test_saying_no_restores_nothing(qtbot: QtBot, window: MainWindow, now: datetime) -> None:
    delete_everyone(qtbot, window, now)
    dialog = open_restore(qtbot, window)
    dialog.confirm = lambda summary: False
    assert dialog.restore_selected() is None
    assert Contact.select().count() == 0
    assert len(list_backups()) == 1
    dialog.reject()


def test_without_a_backup_a_bulk_delete_deletes_nobody(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [save_contact(ContactDraft(full_name=name)) for name in NAMES]
    window.show_page("contacts")
    page = window.contacts_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)

    def disk_full(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    warnings: list[str] = []
    monkeypatch.setattr(files, "_copy_online", disk_full)
    monkeypatch.setattr(
        QMessageBox, "warning", lambda parent, title, text: warnings.append(f"{title}: {text}")
    )
    page.actions.confirm_delete = lambda count: True
    page.delete_contacts(ids)
    assert warnings and warnings[0].startswith("Nobody was deleted")
    assert "No space left on device" in warnings[0]
    assert card_names(window) == sorted(NAMES)
    assert window.undo_stack.count() == 0


@pytest.mark.usefixtures("damage_guard")
def test_a_damaged_file_is_restored_from_its_backup_at_start(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = kith_file(tmp_path / "kith.sqlite", people=300)
    write_backup(path, "daily")
    flip_page_bytes(path)
    with pytest.raises(CorruptDatabaseError):
        open_database(path)
    monkeypatch.setattr(error_hook, "restore_from_backup", None)
    install_restore_from_backup()  # what the app does at start
    assert error_hook.restore_from_backup is not None

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, RestoreDialog):
            QTimer.singleShot(20, choose)
            return
        assert [row[1:3] for row in dialog.rows()] == [["Daily", "300"]]
        dialog.confirm = lambda summary: True
        dialog.restore_selected()

    QTimer.singleShot(0, choose)
    assert error_hook.restore_from_backup(path, None) is True
    open_database(path)  # checks every page: sound again
    try:
        assert Contact.select().count() == 300
    finally:
        close_database()
    # The damaged file itself was kept, as the backup "before a restore".
    assert [b.kind for b in list_backups(path)] == ["restore", "daily"]

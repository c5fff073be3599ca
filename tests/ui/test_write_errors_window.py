"""Write errors in the window: a read-only file opens with a read-only banner and every save is
refused with a message; a full disk or a locked file keeps the form open with what was typed;
a write error out of a slot without a form is said in a dialog — never a raw OperationalError."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from kith.core.follow_ups import FollowUpDraft, create_follow_up
from kith.store.database import close_database, open_database
from kith.store.models import FollowUp, database_proxy
from kith.ui.error_hook import DatabaseErrorHook
from kith.ui.main_window import MainWindow
from tests.damaged_files import kith_file
from tests.read_only_files import read_only


@pytest.fixture
def read_only_window(tmp_path: Path, qtbot: QtBot, today: date) -> Iterator[MainWindow]:
    path = kith_file(tmp_path / "kith.sqlite", people=3)
    open_database(path)
    create_follow_up(FollowUpDraft("Call Ana", today))
    close_database()
    with read_only(path):
        open_database(path)
        window = MainWindow(path)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        yield window
        window.close()
        close_database()


def test_a_read_only_file_shows_a_banner(read_only_window: MainWindow) -> None:
    banner = read_only_window.read_only_banner
    assert banner is not None and banner.isVisible()
    assert banner.text().startswith(
        "<b>Read-only.</b> Kith can show kith.sqlite but cannot save to it: the file is read-only."
    )


def test_a_sound_file_has_no_banner(window: MainWindow) -> None:
    assert window.read_only_banner is None


def test_saving_a_form_to_a_read_only_file_keeps_the_form_and_says_why(
    read_only_window: MainWindow, tmp_path: Path
) -> None:
    dialog = read_only_window.plan_follow_up()
    dialog.title.setText("Send Ana the deck")
    dialog.notes.setPlainText("The Q3 one")
    dialog.accept()
    assert dialog.isVisible()
    assert dialog._summary.text() == (
        f"Kith cannot save to {tmp_path / 'kith.sqlite'}: the file is read-only. "
        "Nothing was changed."
    )
    assert dialog.title.text() == "Send Ana the deck"
    assert dialog.notes.toPlainText() == "The Q3 one"
    dialog.reject()


def test_a_change_from_a_button_on_a_read_only_file_is_said_in_a_dialog(
    read_only_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    hook = DatabaseErrorHook(read_only_window, lambda: None).install()
    try:
        follow_up = FollowUp.get(FollowUp.title == "Call Ana")
        QTimer.singleShot(0, lambda: read_only_window.follow_up_actions.complete(follow_up.id))
        qtbot.waitUntil(lambda: hook.box is not None and hook.box.isVisible(), timeout=5000)
        assert hook.box is not None
        assert hook.box.windowTitle() == "Kith could not save"
        assert hook.box.text() == (
            f"Kith cannot save to {tmp_path / 'kith.sqlite'}: the file is read-only. "
            "Nothing was changed."
        )
        hook.box.close()
    finally:
        hook.uninstall()
    assert FollowUp.get_by_id(follow_up.id).status == "open"
    assert read_only_window.undo_stack.count() == 0


def test_a_full_disk_keeps_the_form_open_with_what_was_typed(
    window: MainWindow, db_path: Path, today: date
) -> None:
    pages = database_proxy.execute_sql("PRAGMA page_count").fetchone()[0]
    database_proxy.execute_sql(f"PRAGMA max_page_count = {pages}")
    dialog = window.plan_follow_up()
    dialog.title.setText("Send Ana the deck")
    dialog.notes.setPlainText("a long note " * 3000)
    dialog.due_date.setDate(today + timedelta(days=3))
    dialog.accept()
    assert dialog.isVisible()
    assert dialog._summary.text() == (
        f"Kith could not save: the disk that holds {db_path} is full. Nothing was changed; "
        "free some space, then try again."
    )
    assert dialog.title.text() == "Send Ana the deck"
    assert FollowUp.select().count() == 0
    dialog.reject()


def test_a_file_locked_by_another_program_keeps_the_form_open(
    window: MainWindow, db_path: Path
) -> None:
    database_proxy.execute_sql("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(db_path)
    other.execute("BEGIN IMMEDIATE")
    try:
        dialog = window.plan_follow_up()
        dialog.title.setText("Call Ben")
        dialog.accept()
    finally:
        other.rollback()
        other.close()
    assert dialog.isVisible()
    assert "another program kept" in dialog._summary.text()
    assert dialog.title.text() == "Call Ben"
    dialog.accept()  # the lock is gone: the same form saves now
    assert not dialog.isVisible()
    assert [f.title for f in FollowUp.select()] == ["Call Ben"]

"""A damaged file in the window: at start the "damaged" dialog (offering a backup when the
backups feature is there, else saying where backups are kept) instead of a traceback; met
later by a read in a slot, the same words in a dialog over the window."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from kith.app import _ask_for_database, _open_window
from kith.core.database import BackgroundCheck
from kith.store import integrity
from kith.store.database import CorruptDatabaseError, close_database, open_database
from kith.ui import error_hook
from kith.ui.error_hook import DatabaseErrorHook
from kith.ui.main_window import MainWindow
from tests.damaged_files import damage_guard, flip_page_bytes, kith_file  # noqa: F401

pytestmark = pytest.mark.usefixtures("damage_guard")


def _answer(button_text: str, seen: list[str]) -> None:
    """When the message box is up, note what it says and press one of its buttons."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(f"{box.windowTitle()}\n{box.text()}\n{box.informativeText()}")
        (button,) = [b for b in box.buttons() if b.text() == button_text]
        button.click()

    QTimer.singleShot(0, press)


@pytest.fixture
def damaged(tmp_path: Path) -> Iterator[Path]:
    path = kith_file(tmp_path / "kith.sqlite")
    flip_page_bytes(path)
    yield path
    close_database()


def test_a_damaged_file_at_start_gets_the_damaged_dialog_not_a_traceback(
    damaged: Path, qtbot: QtBot
) -> None:
    before = damaged.read_bytes()
    with pytest.raises(CorruptDatabaseError) as refused:
        _open_window(damaged)
    seen: list[str] = []
    _answer("Quit", seen)
    assert _ask_for_database(refused.value) is None
    title, text, informative = seen[0].split("\n", 2)
    assert title == "The database is damaged"
    assert text.startswith(f"{damaged} is damaged and cannot be read (")
    assert f"Kith keeps automatic backups of this file in {damaged.parent / 'backups'}" in (
        informative
    )
    assert "open another Kith database" in informative
    assert damaged.read_bytes() == before


def test_restore_from_backup_is_offered_once_backups_can_do_it(
    damaged: Path, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = kith_file(tmp_path / "good-copy.sqlite", people=20)
    asked: list[Path] = []

    def restore(path: Path, parent: object) -> bool:
        asked.append(path)
        shutil.copyfile(good, path)
        return True

    monkeypatch.setattr(error_hook, "restore_from_backup", restore)
    with pytest.raises(CorruptDatabaseError) as refused:
        _open_window(damaged)
    seen: list[str] = []
    _answer("Restore from backup…", seen)
    assert _ask_for_database(refused.value) == damaged
    assert asked == [damaged]
    window, check_later = _open_window(damaged)  # the restored file opens
    assert not check_later  # a small file: checked before the window was built
    qtbot.addWidget(window)
    assert window.database_path == damaged


def test_a_damaged_page_met_in_a_slot_shows_the_same_dialog(tmp_path: Path, qtbot: QtBot) -> None:
    path = kith_file(tmp_path / "kith.sqlite", people=50)
    open_database(path)
    window = MainWindow(path)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    quits: list[bool] = []
    hook = DatabaseErrorHook(window, lambda: quits.append(True)).install()
    try:
        # The disk goes bad under the running window; a fresh connection reads the pages anew.
        close_database()
        flip_page_bytes(path, every_table=True)
        open_database(path, check=False)
        window.show_page("contacts")
        QTimer.singleShot(0, window.contacts_page.refresh)
        qtbot.waitUntil(lambda: hook.box is not None and hook.box.isVisible(), timeout=5000)
        assert hook.box is not None
        assert hook.box.windowTitle() == "The database is damaged"
        assert hook.box.text().startswith(f"{path} is damaged and cannot be read (")
        assert "automatic backups" in hook.box.informativeText()
        (quit_button,) = [b for b in hook.box.buttons() if b.text() == "Quit Kith"]
        quit_button.click()
        assert quits == [True]
    finally:
        # Quit as the window would: nothing left to paint, or to read, the damaged file.
        window.close()
        hook.uninstall()
        close_database()
        open_database(tmp_path / "sound.sqlite")
        close_database()


def test_a_large_files_check_reports_over_the_window_when_it_is_done(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file too large to check before the window shows: the window opens, and the damaged
    dialog comes over it once the check has read every page."""
    path = kith_file(tmp_path / "kith.sqlite")
    flip_page_bytes(path)
    window, check_later = _open_window(path, check_at_once_bytes=0)  # "large"
    qtbot.addWidget(window)
    assert check_later
    release = threading.Event()
    slow_check = integrity.damage_found

    def damage_found_slowly(path: Path) -> str | None:
        release.wait(10)  # as if the file were very large
        return slow_check(path)

    monkeypatch.setattr(integrity, "damage_found", damage_found_slowly)
    hook = DatabaseErrorHook(window, window.close).install()
    try:
        hook.report_check(BackgroundCheck(path), interval_ms=20)
        assert hook.box is None
        release.set()
        qtbot.waitUntil(lambda: hook.box is not None and hook.box.isVisible(), timeout=10_000)
        assert hook.box is not None
        assert hook.box.windowTitle() == "The database is damaged"
        assert hook.box.text().startswith(f"{path} is damaged and cannot be read (")
    finally:
        window.close()
        hook.uninstall()
        close_database()
        open_database(tmp_path / "sound.sqlite")
        close_database()

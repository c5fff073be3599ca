"""Settings ▸ Privacy (*Encrypt my data*), the recovery key shown once, and the passphrase
asked at start (three tries)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kith.core.contacts import ContactDraft, save_contact
from kith.core.database import close_database, open_database, open_key
from kith.core.directory import find_contacts
from kith.core.encryption import (
    encrypt_database,
    is_encrypted,
    keyring_key,
    parse_recovery_key,
)
from kith.ui.dialogs.passphrase_dialog import PassphraseDialog
from kith.ui.dialogs.privacy_settings_page import PrivacySettingsPage
from kith.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog
from kith.ui.single_instance import DatabaseLock
from tests.dav_server import MemoryKeyring


@pytest.fixture
def memory_keyring() -> Iterator[object]:
    import keyring

    before = keyring.get_keyring()
    backend = MemoryKeyring.backend()
    keyring.set_keyring(backend)  # type: ignore[arg-type]
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def window_db(db_path: Path) -> Iterator[Path]:
    """A database with one person, open and locked as the window holds it."""
    open_database(db_path)
    save_contact(ContactDraft(full_name="Katherine Johnson", notes="orbital mechanics"))
    lock = DatabaseLock(db_path)
    lock.acquire()
    yield db_path
    close_database()
    lock.release()


def make_page(qtbot: QtBot, path: Path) -> PrivacySettingsPage:
    page = PrivacySettingsPage(path)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


def names(query: str) -> list[str]:
    return [s.full_name for s in find_contacts(query)]


def test_the_warning_is_said_before_anything_is_encrypted(
    qtbot: QtBot, window_db: Path, memory_keyring: object
) -> None:
    page = make_page(qtbot, window_db)
    assert "is not encrypted" in page.state_label.text()
    assert not page.warning_label.isVisible()
    assert not page.has_unsaved_changes()
    page.encrypt_check.setChecked(True)
    assert page.warning_label.isVisible()
    text = page.warning_label.text()
    assert "without this computer's keyring and the recovery key" in text
    assert "cannot be opened by anyone" in text
    assert page.has_unsaved_changes()
    assert not is_encrypted(window_db)  # nothing happens before Save


def test_encrypting_with_the_keyring_shows_the_recovery_key_once_and_keeps_working(
    qtbot: QtBot, window_db: Path, memory_keyring: object
) -> None:
    page = make_page(qtbot, window_db)
    shown: list[str] = []
    page.show_recovery = shown.append
    results: list[bool] = []
    page.encrypt_check.setChecked(True)
    with qtbot.waitSignal(page.conversion_done, timeout=60_000):
        page.save(results.append)
    assert results == [True]
    assert is_encrypted(window_db)
    assert len(shown) == 1
    assert keyring_key(window_db) is not None
    assert keyring_key(window_db).raw == parse_recovery_key(shown[0])  # type: ignore[union-attr]
    # The window's database is open again, with the key, and holds what it did.
    assert open_key() is not None
    assert names("katherine") == ["Katherine Johnson"]
    save_contact(ContactDraft(full_name="Dorothy Vaughan"))
    assert names("dorothy") == ["Dorothy Vaughan"]
    assert b"Katherine" not in window_db.read_bytes()
    assert "encrypted; its key is in this computer's keyring" in page.state_label.text()
    # The window's lock is on the new file: a second Kith is refused.
    from kith.core.database import DatabaseInUseError

    with pytest.raises(DatabaseInUseError):
        DatabaseLock(window_db).acquire()


def test_with_the_window_open_the_swap_holds_nothing_open_and_the_window_goes_on(
    qtbot: QtBot, window_db: Path, memory_keyring: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings ▸ Privacy with the window open. Windows renames over no file that is open, so
    at the swap nothing of the window's — its connection (opened again by its timers while the
    copy is written: here a timer opens, reads and closes it every few milliseconds) nor its
    lock — is open on the file: checked on Linux by refusing, as Windows does, a rename or
    removal of a file still open. The reads meanwhile go through SQLCipher's SQLite and do not
    make the conversion think the file was written to. After it, the window's form saves a
    person into the encrypted file and its list and search show them; turning encryption off
    goes the same way."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QDialogButtonBox

    from kith.core.database import DatabaseInUseError
    from kith.store.conversion import converting_path
    from kith.store.models import database_proxy
    from kith.ui.main_window import MainWindow
    from tests.windows_file_rules import open_descriptors, windows_file_rules

    window = MainWindow(window_db)
    qtbot.addWidget(window)
    window.show_page("contacts")
    window.show()
    qtbot.waitExposed(window)
    rules = windows_file_rules(monkeypatch, window_db.parent)
    assert open_descriptors(window_db)  # the window's connection and lock, before

    def save_on_privacy_page(turn_on: bool) -> None:
        dialog = window.open_settings()
        dialog.show_page("Privacy")
        page = dialog.pages.currentWidget()
        assert isinstance(page, PrivacySettingsPage)
        page.show_recovery = lambda _key: None
        page.confirm_off = lambda: True
        page.encrypt_check.setChecked(turn_on)
        reads: list[list[str]] = []
        drivers: set[str] = set()
        reader = QTimer()
        reader.setInterval(2)

        def read_anew() -> None:  # as a job on a thread of the window's does: open, read, close
            copying = converting_path(window_db).exists()
            reads.append(names("katherine"))
            if copying:  # through the conversion's SQLite, not Python's own
                drivers.add(type(database_proxy.connection()).__module__.split(".")[0])
            close_database()

        reader.timeout.connect(read_anew)
        reader.start()
        with qtbot.waitSignal(page.conversion_done, timeout=60_000) as done:
            dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        reader.stop()
        assert done.args == [True], (page.error_label.text(), rules.refused)
        assert len(reads) > 1 and all(found == ["Katherine Johnson"] for found in reads)
        assert drivers <= {"sqlcipher3"}
        qtbot.waitUntil(lambda: not dialog.isVisible())

    def add_through_the_form(name: str) -> None:
        contacts = window.contacts_page
        form = contacts.new_contact()
        form.full_name.setText(name)
        form.accept()
        saved = form.saved_id
        assert saved is not None
        qtbot.waitUntil(lambda: contacts.model.row_of(saved) is not None)
        row = contacts.model.row_of(saved)
        assert row is not None
        assert contacts.model.index(row, 0).data(Qt.ItemDataRole.DisplayRole) == name
        assert names(name.split()[-1].lower()) == [name]

    save_on_privacy_page(True)
    assert rules.refused == []
    assert ("replace", str(window_db)) in rules.allowed
    assert is_encrypted(window_db) and open_key() is not None
    add_through_the_form("Dorothy Vaughan")
    assert names("katherine") == ["Katherine Johnson"]
    assert b"Dorothy" not in window_db.read_bytes()
    with pytest.raises(DatabaseInUseError):  # the window's lock is on the new file
        DatabaseLock(window_db).acquire()

    save_on_privacy_page(False)
    assert rules.refused == []
    assert not is_encrypted(window_db) and open_key() is None
    add_through_the_form("Mary Jackson")
    assert names("vaughan") == ["Dorothy Vaughan"]
    with pytest.raises(DatabaseInUseError):
        DatabaseLock(window_db).acquire()
    window.close()


def test_a_passphrase_typed_twice_differently_changes_nothing(
    qtbot: QtBot, window_db: Path, memory_keyring: object
) -> None:
    page = make_page(qtbot, window_db)
    page.encrypt_check.setChecked(True)
    page.passphrase_radio.setChecked(True)
    assert page.passphrase_edit.isVisible()
    page.passphrase_edit.setText("one thing")
    page.repeat_edit.setText("another")
    results: list[bool] = []
    page.save(results.append)
    assert results == [False]
    assert "not the same" in page.error_label.text()
    assert not is_encrypted(window_db)


def test_with_a_passphrase_then_turned_off_after_asking(
    qtbot: QtBot, window_db: Path, memory_keyring: object
) -> None:
    page = make_page(qtbot, window_db)
    page.encrypt_check.setChecked(True)
    page.passphrase_radio.setChecked(True)
    page.passphrase_edit.setText("river stone")
    page.repeat_edit.setText("river stone")
    shown: list[str] = []
    page.show_recovery = shown.append
    with qtbot.waitSignal(page.conversion_done, timeout=60_000):
        page.save()
    assert is_encrypted(window_db) and shown == []
    assert "asks for its passphrase" in page.state_label.text()

    page.confirm_off = lambda: False
    page.encrypt_check.setChecked(False)
    results: list[bool] = []
    page.save(results.append)
    assert results == [False] and is_encrypted(window_db)

    page.confirm_off = lambda: True
    with qtbot.waitSignal(page.conversion_done, timeout=60_000):
        page.save()
    assert not is_encrypted(window_db)
    assert open_key() is None
    assert names("katherine") == ["Katherine Johnson"]


def test_the_recovery_key_dialog_copies_and_saves_the_key(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = RecoveryKeyDialog("ABCD-EFGH", tmp_path / "kith.sqlite")
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == "ABCD-EFGH"
    target = tmp_path / "key.txt"
    dialog.save(target)
    assert "ABCD-EFGH" in target.read_text()
    assert "Saved to" in dialog.status_label.text()


@pytest.fixture
def encrypted_with_passphrase(db_path: Path) -> Path:
    open_database(db_path)
    save_contact(ContactDraft(full_name="Mary Jackson"))
    close_database()
    encrypt_database(db_path, passphrase="blue door")
    return db_path


def test_three_wrong_passphrases_and_kith_gives_up(
    qtbot: QtBot, encrypted_with_passphrase: Path
) -> None:
    dialog = PassphraseDialog(encrypted_with_passphrase)
    qtbot.addWidget(dialog)
    dialog.show()
    for attempt in range(3):
        dialog.field.setText(f"red door {attempt}")
        dialog.accept()
        if attempt < 2:
            assert dialog.isVisible()
            assert "does not open it" in dialog.error_label.text()
    assert dialog.error_label.text().endswith("(one more try).")
    assert not dialog.isVisible() and dialog.gave_up and dialog.key is None


def test_the_right_passphrase_opens_it(qtbot: QtBot, encrypted_with_passphrase: Path) -> None:
    dialog = PassphraseDialog(encrypted_with_passphrase)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.field.setText("red door")
    dialog.accept()
    dialog.field.setText("blue door")
    dialog.accept()
    assert dialog.key is not None and not dialog.gave_up
    open_database(encrypted_with_passphrase, key=dialog.key)
    assert names("mary") == ["Mary Jackson"]
    close_database()


def test_at_start_the_keyring_key_opens_it_without_asking(
    db_path: Path, memory_keyring: object
) -> None:
    from kith.app import unlock

    open_database(db_path)
    close_database()
    encrypt_database(db_path)
    key = unlock(db_path)  # a dialog would block here: none is shown
    assert key is not None and key == keyring_key(db_path)


def test_at_start_three_wrong_passphrases_end_in_a_clear_refusal(
    qtbot: QtBot, encrypted_with_passphrase: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kith.app import unlock
    from kith.core.database import WrongKeyError

    typed: list[str] = []

    def exec_three_wrong(dialog: PassphraseDialog) -> int:
        while not dialog.gave_up:
            typed.append(f"guess {len(typed)}")
            dialog.field.setText(typed[-1])
            dialog.accept()
        return 0

    monkeypatch.setattr(PassphraseDialog, "exec", exec_three_wrong)
    with pytest.raises(WrongKeyError, match="Three passphrases did not open"):
        unlock(encrypted_with_passphrase)
    assert len(typed) == 3


def test_at_start_the_recovery_key_opens_it_and_goes_into_the_keyring(
    qtbot: QtBot, db_path: Path, memory_keyring: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kith.app import unlock

    open_database(db_path)
    close_database()
    recovery = encrypt_database(db_path).recovery_key
    assert recovery is not None
    memory_keyring.secrets.clear()  # type: ignore[attr-defined]  # the keyring was lost

    def exec_recovery(dialog: PassphraseDialog) -> int:
        dialog.field.setText(recovery.lower())
        dialog.accept()
        return 1

    monkeypatch.setattr(PassphraseDialog, "exec", exec_recovery)
    key = unlock(db_path)
    assert key is not None and keyring_key(db_path) == key

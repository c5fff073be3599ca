"""Settings ▸ Sync against a real Radicale server: add an account, test it, sync, status line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from pytestqt.qtbot import QtBot

from kith.core.autostart import Autostart
from kith.core.contacts import ContactDraft, save_contact
from kith.core.sync.accounts import KEYRING_SERVICE, list_accounts
from kith.core.sync.dav import CONTACTS, VCARD_TYPE, DavClient
from kith.core.sync.discovery import create_kith_collections
from kith.store.models import Contact
from kith.ui.dialogs.settings_dialog import BUILT_IN_PAGES, SettingsDialog, SettingsPageSpec
from kith.ui.dialogs.sync_settings_page import SyncSettingsPage
from kith.ui.sync_runner import SyncRunner
from tests.core.sync.conftest import memory_keyring, radicale  # noqa: F401
from tests.dav_server import DavUser, RadicaleServer


@pytest.fixture
def dav_user(radicale: RadicaleServer) -> DavUser:  # noqa: F811
    return radicale.add_user()


@pytest.fixture
def runner(db: object, memory_keyring: object) -> Iterator[SyncRunner]:  # noqa: F811
    sync = SyncRunner(debounce_ms=50)
    yield sync
    sync.stop()


@pytest.fixture
def page(runner: SyncRunner, qtbot: QtBot) -> SyncSettingsPage:
    widget = SyncSettingsPage(runner)
    qtbot.addWidget(widget)
    widget.resize(520, 560)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def fill(page: SyncSettingsPage, user: DavUser, password: str | None = None) -> None:
    page.name_edit.setText("Home server")
    page.url_edit.setText(user.url)
    page.username_edit.setText(user.username)
    page.password_edit.setText(password or user.password)


def test_add_an_account_test_it_and_sync(
    page: SyncSettingsPage,
    runner: SyncRunner,
    dav_user: DavUser,
    qtbot: QtBot,
    memory_keyring: object,  # noqa: F811
    db_path: Path,
) -> None:
    assert page.status_label.text() == "Add an account to start syncing."
    save_contact(ContactDraft(full_name="Ana Lima"))
    fill(page, dav_user)
    with qtbot.waitSignal(page.test_finished, timeout=15_000) as test:
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    assert test.args == [True, "Connected. Found 0 address books and 0 calendars for tasks."]
    assert page.book_combo.currentText() == "Create the address book “Kith”"
    assert page.calendar_combo.currentText() == "Create the calendar “Kith follow-ups”"
    with qtbot.waitSignal(runner.sync_finished, timeout=20_000) as synced:
        page.save()
    _account_id, report, error = synced.args
    assert error == ""
    assert report.sent == 1
    [account] = list_accounts()
    assert account.addressbook_url and account.addressbook_url.endswith("/kith/")
    assert account.calendar_url and account.calendar_url.endswith("/kith-follow-ups/")
    assert page.account_list.item(0).text() == f"Home server — {dav_user.username}"
    assert page.status_label.text().startswith("Last sync ")
    assert "next at" in page.status_label.text()
    # The password went to the keyring, and nowhere else.
    assert memory_keyring.secrets == {(KEYRING_SERVICE, account.uid): dav_user.password}  # type: ignore[attr-defined]
    settings_file = Path(QSettings().fileName())
    if settings_file.exists():
        assert dav_user.password not in settings_file.read_text(errors="replace")
    for path in db_path.parent.glob("kith.sqlite*"):
        assert dav_user.password.encode() not in path.read_bytes()


def test_a_wrong_password_is_shown_in_plain_words(
    page: SyncSettingsPage, dav_user: DavUser, qtbot: QtBot
) -> None:
    fill(page, dav_user, password="nope")
    with qtbot.waitSignal(page.test_finished, timeout=15_000) as test:
        qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    ok, message = test.args
    assert not ok
    assert page.test_label.text() == message
    assert "refused the username or password" in message


def test_a_local_edit_schedules_a_sync_but_the_syncs_own_writes_do_not(
    page: SyncSettingsPage, runner: SyncRunner, dav_user: DavUser, qtbot: QtBot
) -> None:
    # Another machine already put a card on the server.
    made = create_kith_collections(dav_user.url, dav_user.username, dav_user.password)
    with DavClient(dav_user.url, dav_user.username, dav_user.password) as dav:
        path = urlsplit(made[CONTACTS].url).path + "ana.vcf"
        dav.put(
            path,
            "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:ana\r\nFN:Ana Lima\r\nEND:VCARD\r\n",
            VCARD_TYPE,
        )
    fill(page, dav_user)
    page.book_combo.addItem("Kith", made[CONTACTS].url)
    page.book_combo.setCurrentIndex(page.book_combo.count() - 1)
    with qtbot.waitSignal(runner.sync_finished, timeout=20_000) as first:
        page.save()
    # The sync wrote Ana here, on its own thread: that is not a local edit to send back…
    assert first.args[1].received == 1
    assert [c.full_name for c in Contact.select()] == ["Ana Lima"]
    qtbot.wait(100)  # longer than the debounce: a wrongly scheduled sync would start now
    assert not runner.debounce_timer.isActive()
    assert not runner.status(first.args[0]).running
    # …while an edit made here starts the debounce, and the sync that follows sends it.
    with qtbot.waitSignal(runner.sync_finished, timeout=20_000) as synced:
        save_contact(ContactDraft(full_name="Ben Okafor"))
        assert runner.debounce_timer.isActive()
    assert synced.args[1].sent == 1


def test_settings_has_a_sync_page(window: object, qtbot: QtBot, memory_keyring: object) -> None:  # noqa: F811
    dialog = window.open_settings()  # type: ignore[attr-defined]
    dialog.show_page("Sync")
    page = dialog.pages.currentWidget()
    assert isinstance(page, SyncSettingsPage)
    assert page.status_label.text() == "Add an account to start syncing."
    dialog.reject()


def test_an_existing_account_shows_its_collections(
    runner: SyncRunner,
    dav_user: DavUser,
    qtbot: QtBot,
) -> None:
    from kith.core.sync.accounts import AccountDraft, password_store, save_account

    made = create_kith_collections(dav_user.url, dav_user.username, dav_user.password)
    account = save_account(
        AccountDraft(
            "Home", dav_user.url, dav_user.username, made[CONTACTS].url, made["calendar"].url
        )
    )
    password_store().set(account.uid, dav_user.password)
    page = SyncSettingsPage(runner)
    qtbot.addWidget(page)
    assert page.name_edit.text() == "Home"
    assert page.book_combo.currentData() == made[CONTACTS].url
    assert page.password_edit.placeholderText() == "saved (type to change)"
    with qtbot.waitSignal(page.test_finished, timeout=15_000):
        page.test_connection()  # with the saved password
    assert page.book_combo.currentText() == "Kith"
    assert page.calendar_combo.currentText() == "Kith follow-ups"


def test_sync_now_becomes_stop_while_a_sync_runs_and_stops_it(
    runner: SyncRunner, dav_user: DavUser, qtbot: QtBot
) -> None:
    from kith.core.contacts import save_contacts
    from kith.core.sync.accounts import AccountDraft, password_store, save_account
    from kith.ui.sync_runner import STOPPED

    made = create_kith_collections(dav_user.url, dav_user.username, dav_user.password)
    save_contacts([ContactDraft(full_name=f"Person {n:02d}") for n in range(40)])
    account = save_account(
        AccountDraft("Home", dav_user.url, dav_user.username, made[CONTACTS].url)
    )
    password_store().set(account.uid, dav_user.password)
    page = SyncSettingsPage(runner)
    qtbot.addWidget(page)
    assert page.sync_button.text() == "Sync now"
    pressed = False

    def press_stop_once_it_runs(account_id: int) -> None:
        nonlocal pressed
        if not pressed and runner.status(account_id).done >= 3:
            assert page.sync_button.text() == "Stop"
            pressed = True
            page.sync_button.click()

    runner.status_changed.connect(press_stop_once_it_runs)
    with qtbot.waitSignal(runner.sync_finished, timeout=60_000) as finished:
        page.sync_button.click()
    assert pressed and finished.args[2] == STOPPED
    assert page.sync_button.text() == "Sync now"
    assert page.status_label.text().startswith(STOPPED)


def test_an_account_without_a_password_stays_so_when_saved_here(
    runner: SyncRunner, qtbot: QtBot
) -> None:
    from kith.core.sync.accounts import AccountDraft, find_account, save_account

    save_account(AccountDraft("Open server", "http://127.0.0.1:1/", "", needs_password=False))
    page = SyncSettingsPage(runner)
    qtbot.addWidget(page)
    draft = page._draft(None, None)
    assert draft.needs_password is False  # nothing typed: still a server without a password
    page.password_edit.setText("now it has one")
    assert page._draft(None, None).needs_password is True
    assert find_account("Open server") is not None


def _settings_with_sync(runner: SyncRunner, qtbot: QtBot) -> SettingsDialog:
    dialog = SettingsDialog(
        pages=[
            *BUILT_IN_PAGES,
            SettingsPageSpec("Sync", "sync", lambda d: SyncSettingsPage(runner, parent=d)),
        ],
        autostart=Autostart(),
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_page("Sync")
    qtbot.waitExposed(dialog)
    return dialog


def _sync_page(dialog: SettingsDialog) -> SyncSettingsPage:
    (page,) = dialog.findChildren(SyncSettingsPage)
    return page


def test_the_settings_dialogs_one_save_saves_the_account_too(
    runner: SyncRunner, dav_user: DavUser, qtbot: QtBot
) -> None:
    dialog = _settings_with_sync(runner, qtbot)
    page = _sync_page(dialog)
    saves = [b.text() for b in dialog.findChildren(QPushButton) if "Save" in b.text()]
    assert saves == ["Save"]  # one Save, the dialog's
    fill(page, dav_user)
    assert page.has_unsaved_changes()
    with qtbot.waitSignal(dialog.accepted, timeout=20_000):
        qtbot.mouseClick(
            dialog.buttons.button(QDialogButtonBox.StandardButton.Save),
            Qt.MouseButton.LeftButton,
        )
    [account] = list_accounts()
    assert account.name == "Home server" and account.addressbook_url


def test_an_account_the_server_refuses_keeps_the_dialog_open_on_sync(
    runner: SyncRunner, dav_user: DavUser, qtbot: QtBot
) -> None:
    dialog = _settings_with_sync(runner, qtbot)
    dialog.show_page("Reminders")
    page = _sync_page(dialog)
    fill(page, dav_user, password="nope")  # Kith's own collections must be made: it asks
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.form_error.isVisible(), timeout=20_000)
    assert "refused the username or password" in page.form_error.text()
    assert dialog.isVisible() and dialog.pages.currentWidget() is page
    assert save.isEnabled() and save.text() == "Save"
    assert list_accounts() == []


def test_the_settings_dialog_shows_the_sync_form_whole_at_1280_by_720(
    runner: SyncRunner, qtbot: QtBot
) -> None:
    dialog = _settings_with_sync(runner, qtbot)
    page = _sync_page(dialog)
    # The form is as wide as its page: nothing cut off on the right.
    for field in (page.url_edit, page.book_combo, page.test_button):
        right = field.mapTo(page, field.rect().topRight()).x()
        assert right <= page.width(), f"{field.accessibleName() or field.text()} is cut off"
    assert dialog.width() <= 1280 - 16 and dialog.height() <= 720 - 48

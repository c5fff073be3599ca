"""Settings ▸ Sync and secrets: credentials typed into the server address go to the keyring and
out of the field; a failing keyring is said in the form, which keeps everything typed; keyring's
null backend is shown as "no keyring"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kith.core.sync.accounts import KEYRING_SERVICE, list_accounts
from kith.ui.dialogs.sync_settings_page import NONE, SyncSettingsPage
from kith.ui.sync_runner import SyncRunner
from tests.core.sync.conftest import memory_keyring  # noqa: F401
from tests.dav_server import DBUS_MESSAGE, raising_keyring

#: Nothing listens here: a sync started by Save fails at once, and quietly.
SERVER = "http://127.0.0.1:9/dav/"


@pytest.fixture
def page(db: object, memory_keyring: object, qtbot: QtBot) -> Iterator[SyncSettingsPage]:  # noqa: F811
    runner = SyncRunner(debounce_ms=50)
    widget = SyncSettingsPage(runner)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    runner.stop()


def fill(page: SyncSettingsPage, url: str, username: str = "", password: str = "") -> None:
    page.name_edit.setText("Home")
    page.url_edit.setText(url)
    page.username_edit.setText(username)
    page.password_edit.setText(password)
    for combo in (page.book_combo, page.calendar_combo):
        combo.setCurrentIndex(combo.findData(NONE))


def test_a_password_typed_into_the_server_address_goes_to_the_keyring(
    page: SyncSettingsPage,
    memory_keyring: object,  # noqa: F811
    db_path: Path,
) -> None:
    fill(page, "http://ana:S3cret-pw@127.0.0.1:9/dav/")
    page.save()
    assert page.form_error.isHidden()
    [account] = list_accounts()
    assert (account.url, account.username) == (SERVER, "ana")
    assert memory_keyring.secrets == {(KEYRING_SERVICE, account.uid): "S3cret-pw"}  # type: ignore[attr-defined]
    # The form now shows the clean address; the password is nowhere on screen or in the file.
    assert page.url_edit.text() == SERVER
    assert page.username_edit.text() == "ana"
    assert page.password_edit.text() == ""
    assert page.password_edit.placeholderText() == "saved (type to change)"
    for path in db_path.parent.glob("kith.sqlite*"):
        assert b"S3cret-pw" not in path.read_bytes()


def test_a_keyring_that_raises_is_said_in_the_form_and_nothing_typed_is_lost(
    page: SyncSettingsPage,
) -> None:
    import keyring

    keyring.set_keyring(raising_keyring())  # type: ignore[arg-type]
    fill(page, SERVER, "ana", "pw")
    page.save()
    assert not page.form_error.isHidden()
    assert page.form_error.text().startswith(
        f"The system keyring could not store the password ({DBUS_MESSAGE})."
    )
    assert page.form_error.text().endswith("Nothing was saved.")
    assert list_accounts() == []
    assert (page.name_edit.text(), page.url_edit.text()) == ("Home", SERVER)
    assert (page.username_edit.text(), page.password_edit.text()) == ("ana", "pw")


def test_the_null_keyring_is_shown_as_no_keyring(
    db: object,
    memory_keyring: object,  # noqa: F811
    qtbot: QtBot,
) -> None:
    import keyring
    from keyring.backends import null

    keyring.set_keyring(null.Keyring())
    runner = SyncRunner(debounce_ms=50)
    page = SyncSettingsPage(runner)
    qtbot.addWidget(page)
    try:
        assert page.keyring_label.text().startswith("No system keyring is available")
        assert page.keyring_label.property("role") == "error"
    finally:
        runner.stop()

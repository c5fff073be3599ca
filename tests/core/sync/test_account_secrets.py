"""Secrets never land in the file: credentials typed into a server address go to the keyring; a
keyring that raises saves nothing; keyring's null backend is "no keyring", not "kept"."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from kith.__main__ import main
from kith.core.sync.accounts import (
    KEYRING_SERVICE,
    AccountDraft,
    AccountError,
    PasswordStore,
    ServerAddress,
    keyring_status,
    list_accounts,
    password_store,
    save_account,
    split_credentials,
)
from kith.core.sync.engine import sync_account
from kith.core.sync.errors import KeyringFailure
from kith.store.database import close_database, open_database
from tests.dav_server import DBUS_MESSAGE, raising_keyring


@pytest.fixture
def broken_keyring() -> Iterator[None]:
    import keyring

    from kith.core.sync import accounts

    before = keyring.get_keyring()
    keyring.set_keyring(raising_keyring())  # type: ignore[arg-type]
    accounts._store = None
    yield
    keyring.set_keyring(before)
    accounts._store = None


def file_bytes(db_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(db_path.parent.glob(db_path.name + "*")))


def test_split_credentials_takes_user_and_password_out_of_an_address() -> None:
    assert split_credentials("https://ana:s%40cret@dav.example.com/dav/?x#y") == ServerAddress(
        "https://dav.example.com/dav/?x#y", "ana", "s@cret"
    )
    assert split_credentials(" ana:pw@dav.example.com ").url == "dav.example.com"
    assert split_credentials("https://ana@dav.example.com/").password == ""
    assert split_credentials("https://dav.example.com/a@b").url == "https://dav.example.com/a@b"
    assert split_credentials("https://dav.example.com/a@b").username == ""


def test_a_password_in_the_server_address_goes_to_the_keyring_not_the_file(
    db: object, db_path: Path, memory_keyring: object
) -> None:
    account = save_account(
        AccountDraft("Home", "https://ana:S3cret%21pw@dav.example.com/remote.php/dav/", "")
    )
    assert account.url == "https://dav.example.com/remote.php/dav/"
    assert account.username == "ana"
    assert memory_keyring.secrets == {(KEYRING_SERVICE, account.uid): "S3cret!pw"}  # type: ignore[attr-defined]
    close_database()
    stored = file_bytes(db_path)
    assert b"S3cret" not in stored
    assert b"ana:" not in stored
    open_database(db_path)


def test_the_typed_user_and_password_win_over_the_ones_in_the_address(
    db: object, memory_keyring: object
) -> None:
    account = save_account(
        AccountDraft("Home", "https://old:oldpw@dav.example.com/", "ana"), password="typed"
    )
    assert (account.url, account.username) == ("https://dav.example.com/", "ana")
    assert password_store().get(account.uid) == "typed"


def test_a_keyring_that_raises_a_dbus_error_saves_no_account(
    db: object, db_path: Path, broken_keyring: None
) -> None:
    status = keyring_status()
    assert status.usable  # it looks fine until it is asked
    with pytest.raises(AccountError) as refused:
        save_account(AccountDraft("Home", "https://dav.example.com/", "ana"), password="pw")
    message = refused.value.errors["password"]
    assert message.startswith(
        f"The system keyring could not store the password ({DBUS_MESSAGE}). Check that your keyring"
    )
    assert message.endswith("Nothing was saved.")
    assert list_accounts() == []
    # Reading fails just as plainly: a message, never the backend's own exception.
    with pytest.raises(KeyringFailure, match="could not read the password"):
        PasswordStore().get("some-uid")


def test_kith_sync_says_the_keyring_failed_in_one_line(
    tmp_path: Path,
    memory_keyring: object,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "k.sqlite"
    open_database(path)
    account = save_account(AccountDraft("Home", "http://127.0.0.1:9/", "ana"), password="pw")
    close_database()
    import keyring

    from kith.core.sync import accounts

    keyring.set_keyring(raising_keyring())  # type: ignore[arg-type]
    accounts._store = None
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["sync", "--database", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"Home: The system keyring could not read the password ({DBUS_MESSAGE}). Check that "
        "your keyring (GNOME Keyring, KWallet…) is running and unlocked, then try again.\n"
    )
    # The window's sync gets the same words on the account's status line.
    open_database(path)
    try:
        with pytest.raises(KeyringFailure):
            sync_account(account)
        assert "could not read the password" in list_accounts()[0].last_error
    finally:
        close_database()


def test_the_null_keyring_is_no_keyring_and_the_password_is_not_said_to_be_kept(
    db: object,
) -> None:
    import keyring
    from keyring.backends import null

    keyring.set_keyring(null.Keyring())
    status = keyring_status()
    assert not status.usable
    assert status.message.startswith("No system keyring is available")
    account = save_account(AccountDraft("Work", "https://dav.example.com", "ana"), password="pw")
    assert password_store().get(account.uid) == "pw"  # this session only…
    assert PasswordStore().get(account.uid) is None  # …the next one asks again


def test_an_address_an_older_kith_stored_with_a_password_is_cleaned_at_the_next_sync(
    db: object, db_path: Path, memory_keyring: object
) -> None:
    from kith.core.sync.errors import SyncError
    from kith.store.models import SyncAccount

    # As Kith stored it before: the password in the server's and the address book's address.
    SyncAccount.insert(
        name="Home",
        url="http://ana:Old-S3cret@127.0.0.1:9/dav/",
        username="ana",
        addressbook_url="http://ana:Old-S3cret@127.0.0.1:9/dav/ana/book/",
    ).execute()
    [account] = list_accounts()
    with pytest.raises(SyncError):  # nothing listens there; the address is cleaned first
        sync_account(account, timeout=2)
    [account] = list_accounts()
    assert account.url == "http://127.0.0.1:9/dav/"
    assert account.addressbook_url == "http://127.0.0.1:9/dav/ana/book/"
    assert account.username == "ana"
    assert memory_keyring.secrets == {(KEYRING_SERVICE, account.uid): "Old-S3cret"}  # type: ignore[attr-defined]
    close_database()
    assert b"Old-S3cret" not in file_bytes(db_path)
    open_database(db_path)

"""Sync accounts: stored in the database, passwords only in the keyring (or memory)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kith.core.sync.accounts import (
    KEYRING_SERVICE,
    AccountDraft,
    AccountError,
    delete_account,
    find_account,
    keyring_status,
    list_accounts,
    password_store,
    save_account,
)
from kith.store.database import close_database


def test_an_account_is_saved_and_its_password_goes_only_to_the_keyring(
    db: object, db_path: Path, memory_keyring: object
) -> None:
    account = save_account(
        AccountDraft("Home server", "dav.example.com", "ana", "https://dav.example.com/ana/c/")
    )
    assert account.url == "https://dav.example.com/"
    assert password_store().set(account.uid, "Sup3r-Secret-pw") is True
    assert memory_keyring.secrets == {(KEYRING_SERVICE, account.uid): "Sup3r-Secret-pw"}  # type: ignore[attr-defined]
    assert [a.name for a in list_accounts()] == ["Home server"]
    assert find_account("home server") == account
    close_database()
    for path in db_path.parent.glob("kith.sqlite*"):
        assert b"Sup3r-Secret-pw" not in path.read_bytes()


def test_account_form_problems_are_named_by_field(db: object) -> None:
    save_account(AccountDraft("Work", "https://dav.example.com", "ana"))
    with pytest.raises(AccountError) as caught:
        save_account(AccountDraft("work", "ftp://x", "", interval_minutes=0))
    assert set(caught.value.errors) == {"name", "url", "username", "interval_minutes"}
    assert "already an account" in caught.value.errors["name"]


def test_deleting_an_account_removes_its_keyring_entry(db: object, memory_keyring: object) -> None:
    account = save_account(AccountDraft("Work", "https://dav.example.com", "ana"))
    password_store().set(account.uid, "pw")
    delete_account(account.id)
    assert list_accounts() == []
    assert memory_keyring.secrets == {}  # type: ignore[attr-defined]


def test_without_a_keyring_the_password_lives_in_memory_only(db: object) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    status = keyring_status()
    assert not status.usable
    assert "No system keyring is available" in status.message
    account = save_account(AccountDraft("Work", "https://dav.example.com", "ana"))
    store = password_store()
    assert store.set(account.uid, "pw") is False
    assert store.get(account.uid) == "pw"
    # A new session (a new store) has to ask again.
    from kith.core.sync.accounts import PasswordStore

    assert PasswordStore().get(account.uid) is None

"""What a user sees when a sync cannot happen, and that an interrupted sync loses nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kith.core.contacts import ContactDraft, save_contact
from kith.core.sync.accounts import find_account, password_store
from kith.core.sync.engine import sync_account
from kith.core.sync.errors import AuthenticationError, NoSuchCollectionError, OfflineError
from kith.store.models import Contact
from tests.core.sync.helpers import ACCOUNT, Kith, two_machines
from tests.dav_server import DavUser, RadicaleServer


def test_a_wrong_password_is_reported_plainly_and_remembered(
    tmp_path: Path, dav_user: DavUser
) -> None:
    with two_machines(tmp_path, dav_user) as (a, _b), a:
        account = find_account(ACCOUNT)
        assert account is not None
        password_store().set(account.uid, "not the password")
        with pytest.raises(AuthenticationError, match="refused the username or password"):
            sync_account(account, timeout=5)
        account = find_account(ACCOUNT)
        assert account is not None
        assert "refused the username or password" in account.last_error
        assert account.last_sync_at is None


def test_a_missing_address_book_is_reported_plainly(tmp_path: Path, dav_user: DavUser) -> None:
    kith = Kith(tmp_path / "a.sqlite", dav_user, f"{dav_user.url}{dav_user.username}/gone/", None)
    with pytest.raises(NoSuchCollectionError, match="gone from the server"):
        kith.sync()


def test_a_server_killed_mid_sync_loses_nothing_and_the_next_sync_finishes(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "server-folder"
    folder.mkdir()
    server = RadicaleServer(folder).start()  # a server of its own, to kill
    try:
        user = server.add_user()
        with two_machines(tmp_path, user) as (a, b):
            with a:
                for n in range(12):
                    save_contact(ContactDraft(full_name=f"Person {n:02d}"))
                account = find_account(ACCOUNT)
                assert account is not None

                def kill_after_five(done: int, total: int, what: str) -> None:
                    if done == 5:
                        server.stop()

                with pytest.raises(OfflineError, match="cannot reach"):
                    sync_account(account, progress=kill_after_five, timeout=5)
                assert Contact.select().count() == 12  # nothing lost here
            server.start()
            report = a.sync()
            assert report.sent == 12 - 5
            assert b.sync().received == 12
            with b:
                assert sorted(c.full_name for c in Contact.select()) == [
                    f"Person {n:02d}" for n in range(12)
                ]
    finally:
        server.stop()

"""Two Kith databases syncing through one server account, for the engine tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kith.core.sync.accounts import AccountDraft, find_account, password_store, save_account
from kith.core.sync.dav import CALENDAR, CONTACTS
from kith.core.sync.discovery import create_kith_collections
from kith.core.sync.engine import SyncReport, sync_account
from kith.store.database import close_database, open_database
from tests.dav_server import DavUser

ACCOUNT = "Test server"


class Kith:
    """One Kith database (one machine) with a sync account; ``with kith:`` opens it."""

    def __init__(self, path: Path, user: DavUser, book: str | None, calendar: str | None) -> None:
        self.path = path
        self.user = user
        with self:
            account = save_account(AccountDraft(ACCOUNT, user.url, user.username, book, calendar))
            password_store().set(account.uid, user.password)

    def __enter__(self) -> Kith:
        open_database(self.path)
        return self

    def __exit__(self, *exc: object) -> None:
        close_database()

    def sync(self) -> SyncReport:
        """Open the database, sync once, close it."""
        with self:
            account = find_account(ACCOUNT)
            assert account is not None
            return sync_account(account, timeout=5)


@contextmanager
def two_machines(
    tmp_path: Path, user: DavUser, *, calendar: bool = False
) -> Iterator[tuple[Kith, Kith]]:
    made = create_kith_collections(user.url, user.username, user.password, calendar=calendar)
    book = made[CONTACTS].url
    cal = made[CALENDAR].url if calendar else None
    yield Kith(tmp_path / "a.sqlite", user, book, cal), Kith(tmp_path / "b.sqlite", user, book, cal)

"""Schema v4: an upgraded database gets the sync tables, and they work."""

from __future__ import annotations

import shutil
from pathlib import Path

from kith.store.database import close_database, open_database
from kith.store.models import SyncAccount, SyncCollection, SyncResource

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_an_upgraded_database_can_hold_sync_accounts_and_their_state(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "kith-v1.sqlite", path)
    open_database(path)
    try:
        account = SyncAccount.create(name="Home", url="https://dav.example.com/", username="ana")
        collection = SyncCollection.create(account=account, url="https://dav.example.com/c/")
        SyncResource.create(collection=collection, href="/c/a.vcf", kind="contact", local_uid="a")
        account.delete_instance()  # what Kith knew about the account goes with it
        assert SyncCollection.select().count() == 0
        assert SyncResource.select().count() == 0
    finally:
        close_database()

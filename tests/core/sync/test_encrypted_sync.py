"""Sync with encrypted databases: contacts travel both ways through a real Radicale server, and
neither file on disk holds their names."""

from __future__ import annotations

from pathlib import Path

from kith.core.contacts import ChannelDraft, ContactDraft, load_draft, save_contact
from kith.core.sync.dav import CONTACTS
from kith.core.sync.discovery import create_kith_collections
from kith.store.cipher import FileKey, looks_encrypted
from kith.store.database import open_database
from kith.store.models import Contact
from tests.core.sync.helpers import Kith
from tests.dav_server import DavUser


class EncryptedKith(Kith):
    """A machine whose database is encrypted with ``key``."""

    def __init__(self, path: Path, user: DavUser, book: str, key: FileKey) -> None:
        self.key = key
        super().__init__(path, user, book, None)

    def __enter__(self) -> EncryptedKith:
        open_database(self.path, key=self.key)
        return self


def on_disk(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(f"{path.name}*"))


def test_encrypted_databases_sync_contacts_both_ways(tmp_path: Path, dav_user: DavUser) -> None:
    made = create_kith_collections(dav_user.url, dav_user.username, dav_user.password)
    book = made[CONTACTS].url
    a = EncryptedKith(tmp_path / "a.sqlite", dav_user, book, FileKey(raw=bytes(range(32))))
    b = EncryptedKith(tmp_path / "b.sqlite", dav_user, book, FileKey(passphrase="two hills"))
    with a:
        save_contact(
            ContactDraft(
                full_name="Ifeoma Adeyemi",
                notes="Moving to Lagos in spring",
                channels=[ChannelDraft("email", "ifeoma@example.net")],
            )
        )
    assert a.sync().sent == 1
    assert b.sync().received == 1
    with b:
        found = Contact.get(Contact.full_name == "Ifeoma Adeyemi")
        draft = load_draft(found.id)
        assert draft.notes == "Moving to Lagos in spring"
        draft.company = "Northwind"
        save_contact(draft, found.id)
    assert b.sync().sent == 1
    assert a.sync().received == 1
    with a:
        assert Contact.get(Contact.full_name == "Ifeoma Adeyemi").company == "Northwind"
    for machine in (a, b):
        assert looks_encrypted(machine.path)
        data = on_disk(machine.path)
        for secret in (b"Ifeoma", b"Adeyemi", b"ifeoma@example.net", b"Lagos", b"Northwind"):
            assert secret not in data

"""Writes that cannot happen — a read-only file, a read-only folder, a file another program
keeps locked, a full disk — are a DatabaseWriteError with a message for the user, and nothing
is half-written. A read-only file or folder opens read-only: never "damaged", never "in use"."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from kith.core.contacts import ContactDraft, save_contact
from kith.store.database import (
    DatabaseOpenError,
    MigrationError,
    close_database,
    open_database,
    open_read_only_reason,
)
from kith.store.failures import DatabaseWriteError
from kith.store.models import Contact, database_proxy
from tests.damaged_files import kith_file
from tests.read_only_files import read_only

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_a_read_only_file_opens_read_only_and_refuses_writes_plainly(tmp_path: Path) -> None:
    path = kith_file(tmp_path / "kith.sqlite", people=5)
    before = path.read_bytes()
    with read_only(path):
        open_database(path)
        try:
            assert open_read_only_reason() == "the file is read-only"
            assert Contact.select().count() == 5
            with pytest.raises(DatabaseWriteError) as refused:
                save_contact(ContactDraft(full_name="Ana Lima"))
            assert refused.value.title == "Kith could not save"
            assert str(refused.value) == (
                f"Kith cannot save to {path}: the file is read-only. Nothing was changed."
            )
            assert Contact.select().count() == 5
        finally:
            close_database()
    assert path.read_bytes() == before


def test_a_file_in_a_read_only_folder_opens_read_only_and_is_not_called_damaged(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    path = kith_file(folder / "kith.sqlite", people=5)
    before = path.read_bytes()
    with read_only(folder):
        open_database(path)  # neither CorruptDatabaseError nor "in use"
        try:
            assert open_read_only_reason() == (
                f"its folder {folder} is read-only (SQLite writes its journal beside the file)"
            )
            assert [c.full_name for c in Contact.select().order_by(Contact.id)][:2] == [
                "Person 000",
                "Person 001",
            ]
            with pytest.raises(DatabaseWriteError, match=f"Kith cannot save to {path}: its folder"):
                save_contact(ContactDraft(full_name="Ana Lima"))
        finally:
            close_database()
    assert path.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["kith.sqlite"]


def test_no_new_database_in_a_read_only_folder_and_no_upgrade_of_a_read_only_file(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder), pytest.raises(DatabaseOpenError) as refused:
        open_database(folder / "new.sqlite")
    assert str(refused.value) == (
        f"Kith cannot create a database at {folder / 'new.sqlite'}: its folder {folder} is "
        "read-only (SQLite writes its journal beside the file)."
    )
    old = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "kith-v1.sqlite", old)
    with read_only(old), pytest.raises(MigrationError, match="cannot upgrade it: the file is"):
        open_database(old)


def test_a_file_another_program_keeps_locked_is_said_plainly_and_nothing_is_half_written(
    db_path: Path, db: object
) -> None:
    save_contact(ContactDraft(full_name="Ana Lima"))
    database_proxy.execute_sql("PRAGMA busy_timeout = 50")  # waits 50 ms, not the usual 5 s
    other = sqlite3.connect(db_path)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        with pytest.raises(DatabaseWriteError) as refused:
            save_contact(ContactDraft(full_name="Ben Okafor"))
    finally:
        other.rollback()
        other.close()
    assert str(refused.value) == (
        f"Kith could not save: another program kept {db_path} locked for more than 5 seconds. "
        "Nothing was changed; try again in a moment."
    )
    assert [c.full_name for c in Contact.select()] == ["Ana Lima"]


def test_a_full_disk_is_said_plainly_and_nothing_is_half_written(db_path: Path, db: object) -> None:
    save_contact(ContactDraft(full_name="Ana Lima"))
    pages = database_proxy.execute_sql("PRAGMA page_count").fetchone()[0]
    database_proxy.execute_sql(f"PRAGMA max_page_count = {pages}")  # the disk is full now
    with pytest.raises(DatabaseWriteError) as refused:
        save_contact(ContactDraft(full_name="Ben Okafor", notes="a long note " * 2000))
    assert str(refused.value) == (
        f"Kith could not save: the disk that holds {db_path} is full. Nothing was changed; "
        "free some space, then try again."
    )
    assert [c.full_name for c in Contact.select()] == ["Ana Lima"]

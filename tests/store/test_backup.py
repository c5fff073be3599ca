"""Backup files: each one complete or none at all, in backups/ beside the database, and a
restore that the open connection sees at once."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime
from pathlib import Path

import pytest

from kith.store import backup as files
from kith.store.backup import (
    BackupWriteError,
    backup_files,
    parse_backup_name,
    read_facts,
    remove_stale_temporaries,
    restore_into,
    write_backup,
)
from kith.store.models import Contact

MOMENT = datetime(2026, 11, 23, 10, 15, 0)


def add_people(*names: str) -> None:
    for name in names:
        Contact.create(full_name=name, sort_name=name.casefold())


def test_a_backup_is_one_complete_file_in_backups_beside_the_database(db, db_path):
    add_people("Ada Lovelace", "Charles Babbage")
    path = write_backup(db_path, "daily", now=MOMENT)
    assert path == db_path.parent / "backups" / "kith.20261123T101500Z.daily.sqlite"
    # Reading it creates nothing beside it: it is not in WAL mode.
    facts = read_facts(path)
    assert (facts.people, facts.interactions) == (2, 0)
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_two_backups_in_the_same_second_keep_both(db, db_path):
    first = write_backup(db_path, "merge", now=MOMENT)
    second = write_backup(db_path, "merge", now=MOMENT)
    assert first != second
    assert second.name == "kith.20261123T101500Z-2.merge.sqlite"
    assert parse_backup_name(second.name).counter == 2
    assert {p for p, _ in backup_files(db_path)} == {first, second}


def test_names_say_whose_when_and_why_and_other_files_are_not_backups(db, db_path):
    write_backup(db_path, "import", now=MOMENT)
    folder = db_path.parent / "backups"
    (folder / "other.20261123T101500Z.daily.sqlite").write_bytes(b"")
    (folder / "notes.txt").write_text("mine")
    (folder / ".incomplete-abc.tmp").write_bytes(b"half")
    [(_path, name)] = backup_files(db_path)
    assert (name.stem, name.taken_at, name.kind) == ("kith", MOMENT, "import")
    assert parse_backup_name("kith.sqlite") is None


def test_a_copy_that_fails_midway_leaves_no_file_named_like_a_backup(db, db_path, monkeypatch):
    add_people("Ada Lovelace")

    def half_then_fail(source: Path, target: Path) -> None:
        target.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "_copy_online", half_then_fail)
    with pytest.raises(BackupWriteError, match="No space left on device"):
        write_backup(db_path, "delete", now=MOMENT)
    assert list((db_path.parent / "backups").iterdir()) == []


def test_temporary_files_of_killed_backups_are_cleared_once_old(db, db_path):
    write_backup(db_path, "daily", now=MOMENT)
    folder = db_path.parent / "backups"
    old = folder / ".incomplete-old.tmp"
    old.write_bytes(b"")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    fresh = folder / ".incomplete-fresh.tmp"  # another process may be writing it right now
    fresh.write_bytes(b"")
    moment = time.time()  # the clock Kith compares with (a moved test clock included)
    os.utime(fresh, (moment, moment))
    assert remove_stale_temporaries(db_path) == 1
    assert not old.exists() and fresh.exists()


def test_restore_into_an_open_database_is_seen_by_its_connection(db, db_path):
    add_people("Ada Lovelace", "Charles Babbage")
    saved = write_backup(db_path, "delete", now=MOMENT)
    Contact.delete().execute()
    assert Contact.select().count() == 0
    restore_into(saved, db_path)
    assert sorted(c.full_name for c in Contact.select()) == ["Ada Lovelace", "Charles Babbage"]


def test_restore_into_a_file_sqlite_cannot_open_replaces_it(db, db_path, tmp_path):
    add_people("Ada Lovelace")
    saved = write_backup(db_path, "daily", now=MOMENT)
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"this is not a database at all" * 200)
    restore_into(saved, damaged)
    with sqlite3.connect(damaged) as conn:
        assert conn.execute("SELECT full_name FROM contact").fetchall() == [("Ada Lovelace",)]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

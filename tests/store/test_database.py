"""Opening database files: new, existing, older, newer, foreign, damaged."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from kith.core.contacts import ContactDraft, save_contact
from kith.core.directory import contact_ids
from kith.store.database import (
    CorruptDatabaseError,
    NewerDatabaseError,
    NotKithDatabaseError,
    close_database,
    open_database,
)
from kith.store.models import Contact, Interaction, Tag
from kith.store.schema import KITH_APPLICATION_ID, SCHEMA_VERSION

FIXTURES = Path(__file__).parent.parent / "fixtures"


def pragma(path: Path, name: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def columns(conn: sqlite3.Connection) -> dict[str, list[str]]:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'contact_index_%'"
        )
    ]
    return {t: sorted(r[1] for r in conn.execute(f"PRAGMA table_info({t})")) for t in tables}


def test_first_open_creates_a_kith_database_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "folder" / "kith.sqlite"
    open_database(path)
    close_database()
    assert path.exists()
    assert pragma(path, "journal_mode") == "wal"
    assert pragma(path, "application_id") == KITH_APPLICATION_ID
    assert pragma(path, "user_version") == SCHEMA_VERSION


def test_contacts_survive_closing_and_reopening(db_path: Path) -> None:
    open_database(db_path)
    save_contact(ContactDraft(full_name="Amara Okafor", company="Acme Labs"))
    close_database()
    open_database(db_path)
    try:
        assert [c.full_name for c in Contact.select()] == ["Amara Okafor"]
    finally:
        close_database()


def test_an_empty_file_is_set_up_as_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.touch()
    open_database(path)
    close_database()
    assert pragma(path, "application_id") == KITH_APPLICATION_ID


def test_older_database_is_upgraded_after_a_backup_copy(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "kith-v1.sqlite", path)
    open_database(path)
    try:
        # Everything written by version 1 is still there and findable.
        names = sorted(c.full_name for c in Contact.select())
        assert names == ["Ada Lovelace", "Charles Babbage"]
        ada = Contact.get(Contact.full_name == "Ada Lovelace")
        assert ada.birthday_year == 1985
        assert Contact.get(Contact.full_name == "Charles Babbage").introduced_by_id == ada.id
        assert len(contact_ids("engines")) == 2
        assert contact_ids("notes everything") == [ada.id]
        # The version 2 column exists and works.
        family = Tag.get(Tag.name == "family")
        family.cadence_days = 7
        family.save()
        # The version 3 column exists and works.
        interaction = Interaction.create(
            occurred_at=datetime(2026, 1, 5, 9), direction="asked", ask_size="medium"
        )
        assert Interaction.get_by_id(interaction.id).ask_size == "medium"
    finally:
        close_database()
    assert pragma(path, "user_version") == SCHEMA_VERSION
    backups = list((tmp_path / "backups").glob("old.*.upgrade.sqlite"))
    assert len(backups) == 1
    assert not list(tmp_path.glob("old.*.sqlite"))  # nothing else beside the file
    assert pragma(backups[0], "user_version") == 1
    with sqlite3.connect(backups[0]) as backup:
        assert backup.execute("SELECT count(*) FROM contact").fetchone()[0] == 2


def test_upgraded_schema_matches_a_new_one(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "kith-v1.sqlite", old)
    open_database(old)
    close_database()
    new = tmp_path / "new.sqlite"
    open_database(new)
    close_database()
    with sqlite3.connect(old) as a, sqlite3.connect(new) as b:
        assert columns(a) == columns(b)


def test_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    open_database(path)
    close_database()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA journal_mode = delete")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerDatabaseError, match="newer version of Kith"):
        open_database(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.before-*"))


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("These are my notes, not a database.\n" * 50)
    before = path.read_bytes()
    with pytest.raises(NotKithDatabaseError, match="not a Kith database"):
        open_database(path)
    assert path.read_bytes() == before


def test_another_programs_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotKithDatabaseError, match="not one of Kith's"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_damaged_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite"
    open_database(path)
    save_contact(ContactDraft(full_name="Someone"))
    close_database()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # garble the schema page, keep the header
    path.write_bytes(bytes(data))
    for leftover in tmp_path.glob("damaged.sqlite-*"):
        leftover.unlink()
    before = path.read_bytes()
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_failed_upgrade_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kith.store import schema
    from kith.store.database import MigrationError

    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "kith-v1.sqlite", path)

    def broken(db: object) -> None:
        schema._v1_to_v2(db)  # type: ignore[arg-type]
        raise RuntimeError("simulated crash halfway")

    monkeypatch.setitem(schema.MIGRATIONS, 1, broken)
    with pytest.raises(MigrationError, match="left as it was"):
        open_database(path)
    assert pragma(path, "user_version") == 1
    with sqlite3.connect(path) as conn:
        tag_columns = [r[1] for r in conn.execute("PRAGMA table_info(tag)")]
        assert "cadence_days" not in tag_columns
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 2


def _shape(path: Path) -> dict[str, object]:
    """Every table's columns and every index's columns, as SQLite reports them."""
    with sqlite3.connect(path) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE 'contact_index_%'"
            )
        ]
        shape: dict[str, object] = {}
        for table in tables:
            columns = sorted(
                (row[1], row[2].upper(), row[3])
                for row in conn.execute(f"PRAGMA table_info('{table}')")
            )
            # An index on an expression has no column name for it (None).
            indexes = sorted(
                tuple(
                    "<expression>" if col[2] is None else col[2]
                    for col in conn.execute(f"PRAGMA index_info('{index[1]}')")
                )
                for index in conn.execute(f"PRAGMA index_list('{table}')")
            )
            shape[table] = (columns, indexes)
        shape["triggers"] = sorted(
            conn.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger'")
        )
        return shape


def test_an_upgraded_database_has_the_shape_of_a_new_one(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "kith-v1.sqlite", old)
    open_database(old)
    close_database()
    new = tmp_path / "new.sqlite"
    open_database(new)
    close_database()
    assert _shape(old) == _shape(new)

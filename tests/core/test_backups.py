"""Automatic backups: taken at the named moments (before a bulk delete, an import, a merge,
a restore; once a day; at quit after changes), listed with what they hold, and restored."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kith.core import backups
from kith.core.backups import (
    BackupError,
    RestoreError,
    backup_at_quit,
    backup_before,
    backup_summaries,
    daily_backup,
    list_backups,
    prune_backups,
    restore_backup,
    set_size_cap,
    size_cap,
    take_backup,
    track_changes,
)
from kith.core.bulk import delete_many
from kith.core.contacts import ContactDraft, delete_contacts, save_contact
from kith.core.duplicates import merge_pair
from kith.core.importing.apply import ImportApplyError, apply_import, default_decisions
from kith.core.importing.review import review_file
from kith.core.importing.vcard import draft_to_vcard
from kith.core.interactions import InteractionDraft, log_interaction
from kith.store import backup as files
from kith.store.models import Contact, Interaction
from kith.store.schema import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MOMENT = datetime(2026, 11, 23, 10, 15)


def people(*names: str) -> list[int]:
    return [save_contact(ContactDraft(full_name=name)) for name in names]


def names() -> list[str]:
    return sorted(c.full_name for c in Contact.select())


def test_deleting_several_people_first_takes_a_backup_that_holds_them(db, now):
    ids = people("Ada Lovelace", "Charles Babbage", "Grace Hopper")
    log_interaction(InteractionDraft(occurred_at=now, contact_ids=ids[:2], summary="Tea"))
    delete_many(ids)
    [summary] = backup_summaries()
    assert summary.backup.kind == "delete"
    assert summary.backup.reason == "Before deleting several people"
    assert (summary.people, summary.interactions) == (3, 1)
    assert summary.backup.path.parent.name == "backups"


def test_deleting_one_person_or_saving_takes_no_backup(db):
    [ada] = people("Ada Lovelace")
    save_contact(ContactDraft(full_name="Ada King"), ada)
    delete_many([ada])
    delete_contacts(people("Grace Hopper"))
    assert list_backups() == []


def test_an_import_first_takes_a_backup(db, tmp_path):
    people("Ada Lovelace")
    card = tmp_path / "new.vcf"
    card.write_text(draft_to_vcard(ContactDraft(full_name="Grace Hopper")), encoding="utf-8")
    apply_import(default_decisions(review_file(card)), source=card.name)
    [summary] = backup_summaries()
    assert (summary.backup.kind, summary.people) == ("import", 1)
    assert names() == ["Ada Lovelace", "Grace Hopper"]


def test_without_a_backup_nothing_is_imported_nor_deleted(db, tmp_path, monkeypatch):
    ids = people("Ada Lovelace", "Charles Babbage")

    def disk_full(source: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "_copy_online", disk_full)
    with pytest.raises(BackupError, match="No space left on device"):
        delete_many(ids)
    card = tmp_path / "new.vcf"
    card.write_text(draft_to_vcard(ContactDraft(full_name="Grace Hopper")), encoding="utf-8")
    with pytest.raises(ImportApplyError, match=r"Nothing was imported.*No space left"):
        apply_import(default_decisions(review_file(card)))
    assert names() == ["Ada Lovelace", "Charles Babbage"]
    assert list_backups() == []


def test_a_run_of_merges_takes_one_backup_before_the_first(db):
    a, b, c, d = people("Ada Lovelace", "Ada Lovelace", "Grace Hopper", "Grace Hopper")
    merge_pair(a, b)
    merge_pair(c, d)
    [summary] = backup_summaries()
    assert (summary.backup.kind, summary.people) == ("merge", 4)
    assert names() == ["Ada Lovelace", "Grace Hopper"]


def test_another_merge_backup_once_ten_minutes_have_passed(db):
    people("Ada Lovelace")
    assert backup_before("merge", now=MOMENT) is not None
    assert backup_before("merge", now=MOMENT + timedelta(minutes=5)) is None
    assert backup_before("merge", now=MOMENT + timedelta(minutes=11)) is not None
    assert len(list_backups()) == 2


def test_one_daily_backup_a_day(db):
    assert daily_backup(now=MOMENT, tz=UTC) is not None
    assert daily_backup(now=MOMENT + timedelta(hours=8), tz=UTC) is None
    assert daily_backup(now=MOMENT + timedelta(days=1), tz=UTC) is not None
    assert [b.kind for b in list_backups()] == ["daily", "daily"]


def test_the_day_of_a_daily_backup_is_the_users_local_day(db):
    berlin = ZoneInfo("Europe/Berlin")
    late = datetime(2026, 3, 9, 23, 30)  # UTC: already 10 March, 00:30, in Berlin
    assert daily_backup(now=late, tz=berlin) is not None
    assert daily_backup(now=datetime(2026, 3, 10, 6, 0), tz=berlin) is None
    assert daily_backup(now=datetime(2026, 3, 10, 6, 0), tz=UTC) is not None


def test_a_backup_at_quit_only_when_something_changed_since_the_last(db):
    track_changes()
    take_backup("daily", now=MOMENT)
    assert backup_at_quit(now=MOMENT + timedelta(hours=1)) is None
    people("Ada Lovelace")
    quit_backup = backup_at_quit(now=MOMENT + timedelta(hours=2))
    assert quit_backup is not None and quit_backup.kind == "quit"
    assert backups.summarize(quit_backup).people == 1
    assert backup_at_quit(now=MOMENT + timedelta(hours=3)) is None


def test_restore_brings_back_the_deleted_people_and_keeps_the_current_file_as_a_backup(db, now):
    ids = people("Ada Lovelace", "Charles Babbage", "Grace Hopper")
    log_interaction(InteractionDraft(occurred_at=now, contact_ids=ids, summary="Tea"))
    delete_many(ids)
    people("Someone New")
    [before_delete] = list_backups()
    seen: list[frozenset[str]] = []
    unsubscribe = backups.changes.subscribe(seen.append)
    try:
        result = restore_backup(before_delete)
    finally:
        unsubscribe()
    assert names() == ["Ada Lovelace", "Charles Babbage", "Grace Hopper"]
    assert Interaction.select().count() == 1
    assert result.restored.people == 3
    # The data as it was just before (only "Someone New") is itself a backup now.
    assert result.kept_as is not None and result.kept_as.kind == "restore"
    assert backups.summarize(result.kept_as).people == 1
    assert [b.kind for b in list_backups()] == ["restore", "delete"]
    # Every view is told that everything changed.
    assert seen and {"contact", "interaction", "follow_up"} <= seen[-1]


def test_a_backup_in_an_older_format_is_upgraded_as_it_is_restored(db, tmp_path):
    people("Somebody")
    old = tmp_path / "kith-v1.sqlite"
    shutil.copy(FIXTURES / "kith-v1.sqlite", old)
    restore_backup(old)
    assert names() == ["Ada Lovelace", "Charles Babbage"]
    version = db.execute_sql("PRAGMA user_version").fetchone()[0]
    assert version == SCHEMA_VERSION


def test_a_file_that_is_no_kith_backup_is_refused_and_nothing_changes(db, tmp_path):
    people("Ada Lovelace")
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"nothing here" * 100)
    with pytest.raises(RestoreError, match="not a Kith backup"):
        restore_backup(other)
    with pytest.raises(RestoreError, match="cannot be read"):
        restore_backup(junk)
    assert names() == ["Ada Lovelace"]
    assert list_backups() == []


def test_the_size_cap_is_a_shared_setting_and_removes_the_oldest(db, tmp_path):
    settings = tmp_path / "config" / "backups.json"
    assert size_cap(settings) == 500 * 1024 * 1024
    set_size_cap(2, settings)
    assert size_cap(settings) == 2 * 1024 * 1024
    people(*(f"Person {i}" for i in range(50)))
    for day in range(5):
        take_backup("daily", now=MOMENT + timedelta(days=day), tz=UTC, prune=False)
    size = list_backups()[0].size
    removed = prune_backups(cap_bytes=3 * size, tz=UTC)
    assert [b.taken_at.date() for b in removed] == [
        (MOMENT + timedelta(days=day)).date() for day in (1, 0)
    ]
    assert len(list_backups()) == 3


def test_a_file_open_read_only_takes_no_backup_and_is_not_restored_into(tmp_path):
    from kith.store.database import close_database, open_database
    from tests.damaged_files import kith_file
    from tests.read_only_files import read_only

    path = kith_file(tmp_path / "kith.sqlite", people=3)
    other = kith_file(tmp_path / "elsewhere" / "other.sqlite", people=1)
    with read_only(path):
        open_database(path)
        try:
            assert backup_before("delete") is None
            assert daily_backup() is None
            with pytest.raises(RestoreError, match="open read-only"):
                restore_backup(other)
        finally:
            close_database()
    assert list_backups(path) == []

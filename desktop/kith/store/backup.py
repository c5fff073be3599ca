"""Backup copies of a database file, written with SQLite's online backup API.

Backups live in a ``backups`` folder beside the database, one SQLite file each, named after
the database, the moment (UTC) and the reason: ``kith.20261123T101500Z.delete.sqlite``.

A backup is written to a hidden temporary file in that folder (``.incomplete-….tmp``), made
a single self-contained file (rollback journal, not WAL), flushed to the disk, and only then
given its name — so a file named like a backup is always a complete one, whenever the
process is killed. A killed write leaves only the temporary file, which
:func:`remove_stale_temporaries` clears later.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kith.store import cipher
from kith.store.models import utcnow

#: The folder beside the database that holds its backups.
BACKUPS_FOLDER = "backups"

#: Temporary files of a backup being written: never named like a backup.
TEMP_PREFIX = ".incomplete-"

_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(
    r"^(?P<stem>.+)\.(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<n>\d+))?\.(?P<kind>[a-z][a-z0-9-]*)\.sqlite$"
)


class BackupWriteError(Exception):
    """A backup could not be written (nothing named like a backup was left behind)."""


@dataclass(frozen=True)
class BackupName:
    """What a backup's file name says: whose it is, when (naive UTC) and why."""

    stem: str
    taken_at: datetime
    kind: str
    counter: int = 1


def backups_folder(database: Path) -> Path:
    """``<the database's folder>/backups``."""
    return Path(database).parent / BACKUPS_FOLDER


def backup_name(stem: str, taken_at: datetime, kind: str, counter: int = 1) -> str:
    stamp = taken_at.strftime(_STAMP)
    if counter > 1:
        stamp += f"-{counter}"
    return f"{stem}.{stamp}.{kind}.sqlite"


def parse_backup_name(name: str) -> BackupName | None:
    """The parts of a backup's file name; None for any other file."""
    match = _NAME.match(name)
    if match is None:
        return None
    taken_at = datetime.strptime(match["stamp"], _STAMP)
    return BackupName(match["stem"], taken_at, match["kind"], int(match["n"] or 1))


def backup_files(database: Path) -> list[tuple[Path, BackupName]]:
    """The backups of ``database`` in its backups folder (any order)."""
    folder = backups_folder(database)
    stem = Path(database).stem
    found = []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    for entry in entries:
        parsed = parse_backup_name(entry.name)
        if parsed is not None and parsed.stem == stem and entry.is_file():
            found.append((Path(entry.path), parsed))
    return found


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a folder to flush it; its renames are journalled
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as f:
        os.fsync(f.fileno())


def _copy_online(source: Path, target: Path) -> None:
    """SQLite's online backup API: a consistent copy even while the file is being written.
    The copy of an encrypted database is encrypted with the same key."""
    key = cipher.key_to_read(source)
    src = cipher.connect(f"{source.resolve().as_uri()}?mode=ro", key, uri=True)
    try:
        dst = cipher.connect(target, cipher.key_for(source) if key is not None else None)
        try:
            src.backup(dst)
            # One self-contained file: no -wal or -shm beside it, even when read later.
            dst.execute("PRAGMA journal_mode = delete")
        finally:
            dst.close()
    finally:
        src.close()


def _copy_bytes(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)


def _give_name(temp: Path, folder: Path, stem: str, taken_at: datetime, kind: str) -> Path:
    """Give the finished temporary file its backup name, never replacing another backup."""
    counter = 1
    while True:
        target = folder / backup_name(stem, taken_at, kind, counter)
        try:
            os.link(temp, target)  # atomic, and fails if the name is taken
        except FileExistsError:
            counter += 1
            continue
        except OSError:  # a file system without hard links
            if target.exists():
                counter += 1
                continue
            os.replace(temp, target)
            return target
        temp.unlink()
        return target


def write_backup(
    database: Path,
    kind: str,
    *,
    now: datetime | None = None,
    raw_fallback: bool = False,
) -> Path:
    """Copy ``database`` into its backups folder as a backup of ``kind``; return the path.

    ``now`` (naive UTC, default the clock) names the file. With ``raw_fallback``, a file
    SQLite cannot read (damaged) is copied byte for byte instead. Raises
    :class:`BackupWriteError` when the copy cannot be written; no file named like a backup
    is left behind then, nor when the process is killed meanwhile.
    """
    database = Path(database)
    taken_at = (now or utcnow()).replace(microsecond=0)
    if taken_at.tzinfo is not None:
        taken_at = taken_at.astimezone(UTC).replace(tzinfo=None)
    folder = backups_folder(database)
    temp = folder / f"{TEMP_PREFIX}{uuid.uuid4().hex}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            _copy_online(database, temp)
        except cipher.database_errors():
            if not raw_fallback:
                raise
            _remove_temp(temp)
            _copy_bytes(database, temp)
        _fsync_file(temp)
        target = _give_name(temp, folder, database.stem, taken_at, kind)
        _fsync_folder(folder)
    except cipher.file_errors() as exc:
        _remove_temp(temp)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise BackupWriteError(f"Kith could not write a backup into {folder}: {reason}.") from exc
    return target


def _remove_temp(temp: Path) -> None:
    for leftover in (temp, Path(f"{temp}-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def remove_stale_temporaries(database: Path, *, older_than: float = 3600.0) -> int:
    """Delete temporary files of backups killed while being written (older than an hour, so
    a backup another process is writing right now is left alone); return how many."""
    folder = backups_folder(database)
    removed = 0
    limit = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return 0
    for entry in entries:
        if entry.name.startswith(TEMP_PREFIX):
            try:
                if entry.stat().st_mtime < limit:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                pass
    return removed


def backup_copy(source: Path, label: str = "upgrade") -> Path:
    """A backup of ``source`` before it is changed in bulk (an upgrade of its format);
    written like every backup (see :func:`write_backup`)."""
    return write_backup(source, label)


@dataclass(frozen=True)
class BackupFacts:
    """What a read-only look inside a backup found (None where it could not be read)."""

    application_id: int | None
    user_version: int | None
    people: int | None
    interactions: int | None
    problem: str | None = None


def read_facts(path: Path) -> BackupFacts:
    """Look inside a backup without changing a byte of it (nor creating a file beside it)."""
    errors = cipher.driver_errors()
    try:
        conn = _read_only(path)
    except errors as exc:
        return BackupFacts(None, None, None, None, str(exc))
    try:
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        counts: list[int | None] = []
        for table in ("contact", "interaction"):
            try:
                counts.append(int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]))
            except errors as exc:
                if "no such table" not in str(exc):
                    raise
                counts.append(None)
        return BackupFacts(app_id, version, counts[0], counts[1])
    except errors as exc:
        return BackupFacts(None, None, None, None, str(exc))
    finally:
        conn.close()


def quick_check(path: Path) -> str | None:
    """None when SQLite's ``quick_check`` finds ``path`` sound; else what it found."""
    try:
        conn = _read_only(path)
        try:
            rows = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        finally:
            conn.close()
    except cipher.driver_errors() as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(str(r) for r in rows[:3])


def restore_into(backup: Path, database: Path) -> None:
    """Copy every page of ``backup`` into ``database`` with the online backup API.

    SQLite writes the pages in one transaction through its own locks, so connections that
    have the file open (this process's or another's) see the restored data on their next
    read, and a kill midway leaves the file as it was. When SQLite cannot open ``database``
    at all (its header is damaged, so no connection can have it open), the file is replaced
    instead: a copy is written beside it, flushed, and renamed over it.
    """
    src = _read_only(backup)
    try:
        try:
            dst = cipher.connect(database, cipher.key_to_read(database), timeout=10)
            try:
                dst.execute("PRAGMA schema_version").fetchone()  # reads the header
                src.backup(dst)
            finally:
                dst.close()
            return
        except cipher.database_errors() as exc:
            if "not a database" not in str(exc) and "malformed" not in str(exc):
                raise
        _replace_file(src, Path(database))
    finally:
        src.close()


def _read_only(path: Path) -> Any:
    """A read-only connection to a backup (with its database's key when it is encrypted)."""
    return cipher.connect(
        f"{Path(path).resolve().as_uri()}?mode=ro", cipher.key_to_read(path), uri=True
    )


def _replace_file(src: Any, database: Path) -> None:
    temp = database.with_name(f"{TEMP_PREFIX}{uuid.uuid4().hex}.tmp")
    try:
        dst = cipher.connect(temp, cipher.key_for(database))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = delete")
        finally:
            dst.close()
        _fsync_file(temp)
        for stale in (Path(f"{database}-wal"), Path(f"{database}-shm")):
            stale.unlink(missing_ok=True)
        os.replace(temp, database)
        _fsync_folder(database.parent)
    finally:
        _remove_temp(temp)

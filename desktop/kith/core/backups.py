"""Automatic backups of the open database: taking them at the named moments, listing them
with what they hold, pruning them (:mod:`kith.core.backup_policy`), and restoring one.

Kith takes a backup once a day (the window, at start and at midnight), just before every
import, merge, bulk delete and restore (:func:`backup_before`, called by the core functions
that make those changes, so the window and the command line both get it), and at quit when
anything changed since the last one (:func:`backup_at_quit`). Ordinary saves never take one.

Backups live in ``backups/`` beside the database (:mod:`kith.store.backup` writes them, each
complete or not at all) and never leave the machine. Their total size is capped by a
setting (:func:`size_cap`, kept in ``backups.json`` in Kith's settings folder, so the window
and the command line share it).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from kith.core.backup_policy import DEFAULT_CAP_BYTES, ROUTINE_KINDS, BackupEntry, decide
from kith.core.local_time import local_date, to_utc, utcnow
from kith.store import backup as files
from kith.store.changes import changes
from kith.store.models import ALL_MODELS, database_proxy
from kith.store.paths import config_dir
from kith.store.schema import KITH_APPLICATION_ID, SCHEMA_VERSION, migrate

#: What each kind of backup is called in lists ("why it was made").
KIND_LABELS = {
    "daily": "Daily",
    "quit": "At quit",
    "import": "Before an import",
    "merge": "Before merging duplicates",
    "delete": "Before deleting several people",
    "restore": "Before a restore",
    "upgrade": "Before an upgrade of Kith",
}

#: Merging duplicates one pair after another takes one backup, before the first: another
#: "before merging" backup is taken only this long after the last one.
MERGE_REPEAT = timedelta(minutes=10)

_lock = threading.RLock()


class BackupError(Exception):
    """A backup could not be made, so the change it was to precede did not happen either;
    the message is meant for the user."""


class RestoreError(Exception):
    """A backup that cannot be restored (nothing was changed); the message is for the user."""


@dataclass(frozen=True)
class Backup:
    """One backup file: where it is, when it was taken (naive UTC), why, and its size."""

    path: Path
    taken_at: datetime
    kind: str
    size: int

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def reason(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.capitalize())


@dataclass(frozen=True)
class BackupSummary:
    """A backup with what it holds, read from the file itself (read-only)."""

    backup: Backup
    people: int | None
    interactions: int | None
    version: int | None
    problem: str | None = None

    @property
    def readable(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class RestoreResult:
    """A restore: what was brought back, and the backup the data from before it became."""

    restored: BackupSummary
    kept_as: Backup | None


# --- where ------------------------------------------------------------------------------------


def current_database() -> Path | None:
    """The file of the database open in this process (None when none is, or in memory)."""
    db = database_proxy.obj
    path = getattr(db, "kith_path", None)
    if path is not None:
        return Path(path)
    name = getattr(db, "database", None)
    if not name or str(name).startswith(":memory:") or str(name).startswith("file:"):
        return None
    return Path(name)


def _open_read_only() -> str | None:
    """Why the open database is read-only (nothing will change it, so no backup is due)."""
    reason = getattr(database_proxy.obj, "read_only", None)
    return str(reason) if reason else None


def backups_folder(database: Path | None = None) -> Path | None:
    """``backups/`` beside the database (the open one by default)."""
    database = database or current_database()
    return files.backups_folder(database) if database is not None else None


def _backup(path: Path, name: files.BackupName) -> Backup | None:
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return Backup(path, name.taken_at, name.kind, size)


def list_backups(database: Path | None = None) -> list[Backup]:
    """The backups of the database (the open one by default), newest first."""
    database = database or current_database()
    if database is None:
        return []
    found = [
        b
        for b in (_backup(path, name) for path, name in files.backup_files(database))
        if b is not None
    ]
    return sorted(found, key=lambda b: (b.taken_at, b.name), reverse=True)


def summarize(backup: Backup) -> BackupSummary:
    """Open ``backup`` read-only and count its people and interactions."""
    facts = files.read_facts(backup.path)
    problem = facts.problem
    if problem is None and facts.application_id != KITH_APPLICATION_ID:
        problem = "not a Kith database"
    return BackupSummary(backup, facts.people, facts.interactions, facts.user_version, problem)


def backup_summaries(database: Path | None = None) -> list[BackupSummary]:
    """:func:`list_backups`, each with what it holds."""
    return [summarize(b) for b in list_backups(database)]


def backup_at(path: Path) -> Backup:
    """A backup file anywhere (named like a backup or not)."""
    path = Path(path)
    parsed = files.parse_backup_name(path.name)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RestoreError(f"Kith cannot read {path}: {exc.strerror or exc}.") from exc
    if parsed is None:
        modified = datetime.fromtimestamp(path.stat().st_mtime)
        return Backup(path, to_utc(modified.astimezone()), "file", size)
    return Backup(path, parsed.taken_at, parsed.kind, size)


def find_backup(wanted: str, database: Path) -> Backup:
    """A backup given as a path, or as a file name in the database's backups folder."""
    path = Path(wanted).expanduser()
    if path.is_file():
        return backup_at(path)
    for backup in list_backups(database):
        if backup.name == wanted:
            return backup
    folder = files.backups_folder(database)
    raise RestoreError(
        f"There is no backup called “{wanted}” (neither a file nor a backup in {folder}); "
        "list them with: kith backups"
    )


# --- the size cap -----------------------------------------------------------------------------


def settings_file() -> Path:
    """Where the backup settings are kept: ``backups.json`` in Kith's settings folder."""
    return config_dir() / "backups.json"


def size_cap(settings: Path | None = None) -> int:
    """How many bytes the backups of a database may take (default 500 MB)."""
    path = settings or settings_file()
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get("size_cap_mb")
    except (OSError, ValueError, AttributeError):
        return DEFAULT_CAP_BYTES
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return int(value * 1024 * 1024)
    return DEFAULT_CAP_BYTES


def set_size_cap(megabytes: int, settings: Path | None = None) -> None:
    """Set the cap, in MB (at least 1)."""
    path = settings or settings_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    data["size_cap_mb"] = max(1, int(megabytes))
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    temp.replace(path)


def used_bytes(database: Path | None = None) -> int:
    return sum(b.size for b in list_backups(database))


# --- taking and pruning -----------------------------------------------------------------------


class _ChangeCount:
    """Counts the writes this process announced, to tell whether anything changed since the
    last backup (for the backup at quit)."""

    def __init__(self) -> None:
        self.count = 0
        self.at_backup = 0
        self._unsubscribe: object = None

    def start(self) -> None:
        if self._unsubscribe is None:
            self._unsubscribe = changes.subscribe(self._changed)

    def _changed(self, _tables: frozenset[str]) -> None:
        self.count += 1


_changes = _ChangeCount()


def track_changes() -> None:
    """Start counting writes, so :func:`backup_at_quit` knows whether anything changed."""
    _changes.start()


def changed_since_backup() -> bool:
    return _changes.count > _changes.at_backup


def take_backup(
    kind: str,
    *,
    database: Path | None = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    prune: bool = True,
) -> Backup:
    """Back the database up now (the open one by default), then prune; return the backup.

    Raises :class:`BackupError` when it cannot be written.
    """
    database = database or current_database()
    if database is None:
        raise BackupError("There is no database file to back up.")
    with _lock:
        seen = _changes.count
        try:
            path = files.write_backup(
                database, kind, now=to_utc(now) if now else None, raw_fallback=kind == "restore"
            )
        except files.BackupWriteError as exc:
            raise BackupError(str(exc)) from exc
        _changes.at_backup = max(_changes.at_backup, seen)
        parsed = files.parse_backup_name(path.name)
        assert parsed is not None
        backup = _backup(path, parsed)
        assert backup is not None
        if prune:
            prune_backups(database, tz=tz)
    return backup


def prune_backups(
    database: Path | None = None, *, cap_bytes: int | None = None, tz: tzinfo | None = None
) -> list[Backup]:
    """Remove the backups the policy no longer keeps (and temporary files of killed ones)."""
    database = database or current_database()
    if database is None:
        return []
    cap = size_cap() if cap_bytes is None else cap_bytes
    with _lock:
        backups = list_backups(database)
        entries = [BackupEntry(b.name, b.taken_at, b.kind, b.size) for b in backups]
        doomed = {e.name for e in decide(entries, cap_bytes=cap, tz=tz).remove}
        removed = []
        for backup in backups:
            if backup.name in doomed:
                try:
                    backup.path.unlink(missing_ok=True)
                except OSError:
                    continue
                removed.append(backup)
        files.remove_stale_temporaries(database)
    return removed


def backup_before(kind: str, *, now: datetime | None = None) -> Backup | None:
    """The backup before an import, a merge or a bulk delete of the open database.

    None when no database file is open, or for a merge right after another one (one
    backup covers a run of merges, see :data:`MERGE_REPEAT`). Raises :class:`BackupError`
    when the backup cannot be written: the caller then does not make the change.
    """
    database = current_database()
    if database is None or _open_read_only():
        return None
    moment = to_utc(now) if now else utcnow()
    if kind == "merge":
        newest = next(iter(list_backups(database)), None)
        if (
            newest is not None
            and newest.kind == "merge"
            and timedelta(0) <= moment - newest.taken_at < MERGE_REPEAT
        ):
            return None
    return take_backup(kind, database=database, now=moment)


def daily_backup(*, now: datetime | None = None, tz: tzinfo | None = None) -> Backup | None:
    """Today's backup, unless the day already has one (daily or at quit); None then."""
    database = current_database()
    if database is None or _open_read_only():
        return None
    moment = to_utc(now) if now else utcnow()
    day = local_date(moment, tz)
    for backup in list_backups(database):
        if backup.kind in ROUTINE_KINDS and local_date(backup.taken_at, tz) == day:
            return None
    return take_backup("daily", database=database, now=moment, tz=tz)


def backup_at_quit(*, now: datetime | None = None) -> Backup | None:
    """The backup at quit, when anything was written since the last backup; else None."""
    if current_database() is None or _open_read_only() or not changed_since_backup():
        return None
    return take_backup("quit", now=now)


# --- restoring --------------------------------------------------------------------------------


def _check_restorable(summary: BackupSummary) -> None:
    name = summary.backup.path
    if summary.problem is not None and summary.version is None:
        raise RestoreError(f"{name} cannot be read ({summary.problem}); nothing was changed.")
    if summary.problem is not None:
        raise RestoreError(f"{name} is not a Kith backup; nothing was changed.")
    if summary.version is not None and summary.version > SCHEMA_VERSION:
        raise RestoreError(
            f"{name} was written by a newer version of Kith; update Kith to restore it. "
            "Nothing was changed."
        )
    damage = files.quick_check(summary.backup.path)
    if damage is not None:
        raise RestoreError(f"{name} is damaged ({damage}); nothing was changed.")


def restore_backup(
    backup: Backup | Path, *, database: Path | None = None, now: datetime | None = None
) -> RestoreResult:
    """Put the data of ``backup`` back into the database (the open one by default).

    The data as it is now is first kept as a backup of its own (kind "restore"). When the
    database is the open one, its connection reads the restored data at once (an older
    backup is upgraded to the current format), and the change hub announces every table, so
    every view re-reads. Raises :class:`RestoreError` for a backup that is not a sound Kith
    database (nothing is changed) and :class:`BackupError` when the data from before
    cannot be kept (nothing is changed either).
    """
    if not isinstance(backup, Backup):
        backup = backup_at(backup)
    open_now = current_database()
    database = Path(database) if database is not None else open_now
    if database is None:
        raise RestoreError("There is no database to restore into.")
    is_open = open_now is not None and open_now.resolve() == database.resolve()
    if is_open and (reason := _open_read_only()):
        raise RestoreError(
            f"Kith has {database} open read-only ({reason}), so it cannot restore into it; "
            "nothing was changed."
        )
    if backup.path.resolve() == database.resolve():
        raise RestoreError("That is the database itself, not a backup of it.")
    summary = summarize(backup)
    _check_restorable(summary)
    with _lock:
        kept = None
        if database.exists() and database.stat().st_size > 0:
            kept = take_backup("restore", database=database, now=now, prune=False)
        try:
            files.restore_into(backup.path, database)
        except Exception as exc:
            raise RestoreError(
                f"Kith could not restore {backup.path.name} ({exc}); the file was left as it was."
            ) from exc
        if is_open:
            db = database_proxy.obj
            # A statement that reads makes this connection notice the new schema; SQLite
            # would otherwise check an ALTER TABLE against the schema it had cached.
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
            if summary.version is not None and summary.version < SCHEMA_VERSION:
                migrate(db, summary.version)
            changes.emit(frozenset(model._meta.table_name for model in ALL_MODELS))
        _changes.at_backup = _changes.count
        prune_backups(database)
    return RestoreResult(summary, kept)

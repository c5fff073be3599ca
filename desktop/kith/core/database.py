"""The database file as the app's outer layers see it: open it, close a thread's connection,
and the errors that explain a file Kith will not open.

``explain_failure`` turns an exception out of any later database call (a damaged page met by
a read, a write refused by a read-only file, a lock or a full disk) into a
:class:`DatabaseProblem` with a message for the user, or None when it is a programming error;
writes raise :class:`DatabaseWriteError` themselves. ``read_only_reason()`` says why the open
database is read-only (None when Kith may write it). The window, the command line and worker
threads come through here instead of importing ``kith.store`` (the import-linter contract in
pyproject.toml keeps it so).
"""

from __future__ import annotations

from kith.store.database import (
    CorruptDatabaseError,
    DatabaseOpenError,
    DatabaseProblem,
    EncryptedDatabaseError,
    MigrationError,
    NewerDatabaseError,
    NoDatabaseError,
    NotKithDatabaseError,
    WrongKeyError,
    close_database,
    damaged,
    open_database,
    open_key,
)
from kith.store.database import open_read_only_reason as read_only_reason
from kith.store.failures import DatabaseWriteError
from kith.store.failures import explain as explain_failure
from kith.store.file_lock import DatabaseFileLock, DatabaseInUseError
from kith.store.integrity import BackgroundCheck
from kith.store.paths import APP_NAME, default_database_path

__all__ = [
    "APP_NAME",
    "BackgroundCheck",
    "CorruptDatabaseError",
    "DatabaseFileLock",
    "DatabaseInUseError",
    "DatabaseOpenError",
    "DatabaseProblem",
    "DatabaseWriteError",
    "EncryptedDatabaseError",
    "MigrationError",
    "NewerDatabaseError",
    "NoDatabaseError",
    "NotKithDatabaseError",
    "WrongKeyError",
    "check_problem",
    "close_database",
    "close_thread_connection",
    "default_database_path",
    "explain_failure",
    "open_database",
    "open_key",
    "read_only_reason",
]


def check_problem(check: BackgroundCheck) -> CorruptDatabaseError | None:
    """What a :class:`BackgroundCheck` found, once it is done, as the error to show (None: the
    file is sound)."""
    found = check.result()
    return damaged(check.path, found) if found is not None else None


def close_thread_connection() -> None:
    """Close the calling thread's own connection (peewee keeps one per thread).

    Every worker thread that read or wrote the database calls this when its job ends, on
    that thread, so no connection outlives the job that opened it.
    """
    close_database()

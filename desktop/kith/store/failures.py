"""What a failed SQLite call means for the user: the one place that turns SQLite's and peewee's
exceptions into Kith's errors with a message written for the user.

A read that meets a damaged page, at any moment after the file was opened, is the same
:class:`~kith.store.database.CorruptDatabaseError` that opening a damaged file raises, so the
window and the command line say the same words (and never show a traceback).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import peewee as pw

from kith.store.database import DatabaseOpenError, damaged
from kith.store.models import database_proxy

#: SQLite's result codes (and their extended forms) that mean the file itself is damaged.
_DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
_DAMAGE_WORDS = ("malformed", "not a database")


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, what peewee wrapped in it, and what it was raised from."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend(a for a in current.args[:1] if isinstance(a, BaseException))
        todo.extend(e for e in (current.__cause__, current.__context__) if e is not None)


def sqlite_error_name(exc: BaseException) -> str:
    """SQLite's name for the error (``SQLITE_FULL``…), or "" when the exception has none."""
    for link in _chain(exc):
        name = getattr(link, "sqlite_errorname", None)
        if name:
            return str(name)
    return ""


def is_database_failure(exc: BaseException) -> bool:
    """Whether ``exc`` came out of SQLite (directly or wrapped by peewee)."""
    return isinstance(exc, sqlite3.DatabaseError | pw.DatabaseError)


def open_database_path() -> Path | None:
    """The file of the database this process has open (None when none is)."""
    db = database_proxy.obj
    path = getattr(db, "kith_path", None) or getattr(db, "database", None)
    if not path or str(path).startswith(":memory:"):
        return None
    return Path(path)


def explain(exc: BaseException, path: Path | None = None) -> DatabaseOpenError | None:
    """Kith's error for an exception out of a database call, or None when it is not one Kith
    can explain (a programming error: let it surface as one).

    ``path`` is the database file (by default the one open in this process).
    """
    if isinstance(exc, DatabaseOpenError):
        return exc
    if not is_database_failure(exc):
        return None
    name = sqlite_error_name(exc)
    text = str(exc)
    where = path or open_database_path() or Path("the database")
    if name.startswith(_DAMAGE_CODES) or any(word in text for word in _DAMAGE_WORDS):
        return damaged(where, text)
    return None

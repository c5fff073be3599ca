"""What a failed SQLite call means for the user: the one place that turns SQLite's and peewee's
exceptions into Kith's errors with a message written for the user.

A read that meets a damaged page, at any moment after the file was opened, is the same
:class:`~kith.store.database.CorruptDatabaseError` that opening a damaged file raises, so the
window and the command line say the same words (and never show a traceback). A write that
cannot happen — a read-only file or folder, a file another program keeps locked, a full disk,
a disk error — is a :class:`DatabaseWriteError`; :func:`kith.store.changes.writing` raises it
(after rolling back, so nothing was changed), and refuses up front on a database opened
read-only.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import peewee as pw

from kith.store import cipher
from kith.store.database import PRAGMAS, DatabaseProblem, damaged
from kith.store.integrity import read_only_reason
from kith.store.models import database_proxy

#: SQLite's result codes (and their extended forms) that mean the file itself is damaged.
_DAMAGE_CODES = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
_DAMAGE_WORDS = ("malformed", "not a database")


class DatabaseWriteError(DatabaseProblem):
    """A write that could not happen; nothing was changed. The message is for the user."""

    title = "Kith could not save"


def read_only_error(path: Path, reason: str) -> DatabaseWriteError:
    """A write refused because Kith may only read ``path`` (``reason``: why)."""
    return DatabaseWriteError(path, f"Kith cannot save to {path}: {reason}. Nothing was changed.")


def _write_error(name: str, text: str, path: Path) -> DatabaseWriteError | None:
    def said(*words: str) -> bool:
        return any(word in text for word in words)

    busy_ms = PRAGMAS["busy_timeout"]
    seconds = busy_ms / 1000 if isinstance(busy_ms, int) else 5
    wait = f"{seconds:g} second{'' if seconds == 1 else 's'}"
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM")) or said("readonly database"):
        return read_only_error(path, read_only_reason(path) or "the file is read-only")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or said("is locked", "is busy"):
        return DatabaseWriteError(
            path,
            f"Kith could not save: another program kept {path} locked for more than {wait}. "
            "Nothing was changed; try again in a moment.",
        )
    if name.startswith("SQLITE_FULL") or said("is full"):
        return DatabaseWriteError(
            path,
            f"Kith could not save: the disk that holds {path} is full. Nothing was changed; "
            "free some space, then try again.",
        )
    if name.startswith("SQLITE_IOERR") or said("disk I/O error"):
        return DatabaseWriteError(
            path,
            f"Kith could not use {path}: the disk reported an error ({text}). Nothing was "
            "changed; check the disk, then try again.",
        )
    if name.startswith("SQLITE_CANTOPEN") or said("unable to open database file"):
        reason = read_only_reason(path)
        if reason is not None:
            return read_only_error(path, reason)
        return DatabaseWriteError(
            path,
            f"Kith cannot reach {path} ({text}): the file may have been moved, or its disk "
            "removed. Nothing was changed.",
        )
    return None


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


def is_database_failure(exc: BaseException) -> bool:
    """Whether ``exc`` came out of SQLite (directly or wrapped by peewee)."""
    return isinstance(exc, (pw.DatabaseError, *cipher.database_errors()))


def open_database_path() -> Path | None:
    """The file of the database this process has open (None when none is)."""
    db = database_proxy.obj
    path = getattr(db, "kith_path", None) or getattr(db, "database", None)
    if not path or str(path).startswith(":memory:"):
        return None
    return Path(path)


def explain(exc: BaseException, path: Path | None = None) -> DatabaseProblem | None:
    """Kith's error for an exception out of a database call, or None when it is not one Kith
    can explain (a programming error: let it surface as one).

    ``path`` is the database file (by default the one open in this process). The failure that
    started it counts too: after a full disk SQLite has already rolled back, so peewee's own
    rollback fails with "no transaction is active", raised while handling the real one.
    """
    if isinstance(exc, DatabaseProblem):
        return exc
    if not is_database_failure(exc):
        return None
    where = path or open_database_path() or Path("the database")
    for link in _chain(exc):
        if not is_database_failure(link):
            continue
        name = str(getattr(link, "sqlite_errorname", "") or "")
        text = str(link)
        if name.startswith(_DAMAGE_CODES) or any(word in text for word in _DAMAGE_WORDS):
            return damaged(where, text)
        problem = _write_error(name, text, where)
        if problem is not None:
            return problem
    return None

"""The change signal source: write transactions that announce, after commit, what they touched."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from kith.store.database import DatabaseProblem
from kith.store.failures import explain, read_only_error
from kith.store.models import database_proxy

ChangeListener = Callable[[frozenset[str]], None]


class ChangeHub:
    """A plain callback registry; the UI adapts it to one Qt signal in one place.

    Listeners are called on the thread that committed, after the commit, with the set of
    table names the transaction wrote to.
    """

    def __init__(self) -> None:
        self._listeners: list[ChangeListener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def emit(self, tables: frozenset[str]) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(tables)


changes = ChangeHub()

_pending = threading.local()


@contextmanager
def writing(*tables: str) -> Iterator[None]:
    """Run the block in one transaction; after it commits, announce the tables it wrote.

    Nested blocks join the outer transaction; only the outermost one announces, once, with
    the union of every table named inside it. If the block raises, everything is rolled back
    and nothing is announced; a write SQLite refused (a read-only file or folder, a lock held
    too long, a full disk, a disk error) comes out as a
    :class:`~kith.store.failures.DatabaseWriteError` with the user's message, a damaged page
    as a :class:`~kith.store.database.CorruptDatabaseError`. On a database opened read-only
    the block never runs: the write is refused up front.
    """
    outer = getattr(_pending, "tables", None) is None
    db = database_proxy.obj
    read_only = getattr(db, "read_only", None)
    if read_only is not None:
        raise read_only_error(db.kith_path, read_only)
    if outer:
        _pending.tables = set()
    _pending.tables.update(tables)
    try:
        with database_proxy.atomic():
            yield
    except BaseException as exc:
        if outer:
            _pending.tables = None
        problem = None if isinstance(exc, DatabaseProblem) else explain(exc)
        if problem is not None:
            raise problem from exc
        raise
    if outer:
        written = frozenset(_pending.tables)
        _pending.tables = None
        changes.emit(written)

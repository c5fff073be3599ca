"""Whether a database file's pages are sound: SQLite's ``quick_check``, now or beside start-up.

``quick_check`` reads every page of every table and index and checks their structure (not
that indexes match their tables: that is ``integrity_check``, far slower). It finds a page whose
bytes were flipped while the header stayed intact, which the header checks of
:func:`kith.store.database.inspect_file` cannot see. It costs about 0.45 s on a 270 MB file of
100,000 people (bench/build_db.py) and a few milliseconds on an ordinary one, so the window
runs it on a thread of its own while it builds itself (:class:`BackgroundCheck`; SQLite lets
go of Python's interpreter lock while it reads), and the command line runs it at once.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot write a byte of ``path``."""
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)


def damage_found(path: Path) -> str | None:
    """What ``quick_check`` finds wrong with the file (its first lines), or None when sound."""
    try:
        conn = read_only_connection(path)
        try:
            rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check(3)")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(rows)


class BackgroundCheck:
    """:func:`damage_found` on a thread of its own; :meth:`result` waits for its answer."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._found: str | None = None
        self._thread = threading.Thread(target=self._run, name="kith-quick-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        self._found = damage_found(self.path)

    def result(self) -> str | None:
        self._thread.join()
        return self._found

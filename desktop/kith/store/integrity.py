"""Whether a database file's pages are sound (SQLite's ``quick_check``, now or beside start-up),
and whether Kith may write it at all (a read-only file or folder).

``quick_check`` reads every page of every table and index and checks their structure (not
that indexes match their tables: that is ``integrity_check``, far slower). It finds a page whose
bytes were flipped while the header stayed intact, which the header checks of
:func:`kith.store.database.inspect_file` cannot see. It costs about 0.45 s on a 270 MB file of
100,000 people (bench/build_db.py) and a few milliseconds on an ordinary one. The command
line runs it at once, and so does the window for a file up to 16 MB; a larger file is checked
on a thread of its own once the window shows (:class:`BackgroundCheck`; SQLite lets go of
Python's interpreter lock while it reads), and damage found then gets the same dialog, over
the window.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from kith.store import cipher


def writable_folder(folder: Path) -> bool:
    """Whether files can be made in ``folder`` (or, while it does not exist yet, in the
    nearest folder above it that does)."""
    folder = Path(folder)
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return os.access(folder, os.W_OK | os.X_OK)


def read_only_reason(path: Path) -> str | None:
    """Why Kith can only read ``path`` (in words that finish "Kith cannot save to it: …"), or
    None when it can write it.

    ``os.access`` asks the kernel itself, so it holds for root too (a read-only mount, an
    immutable file). A writable file in a read-only folder is read-only for Kith as well:
    SQLite writes its journal (``-wal``, ``-shm``) beside the file.
    """
    path = Path(path)
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only"
    if not writable_folder(path.parent):
        return f"its folder {path.parent} is read-only (SQLite writes its journal beside the file)"
    return None


def read_only_uri(path: Path) -> str:
    """The SQLite URI that opens ``path`` without ever writing to it.

    In a read-only folder SQLite cannot make the ``-shm`` file a WAL database needs to be read,
    so when there is no ``-wal`` beside the file (nothing is being written to it) the file is
    opened as immutable, which needs neither.
    """
    path = Path(path).resolve()
    uri = f"{path.as_uri()}?mode=ro"
    if not writable_folder(path.parent) and not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that cannot write a byte of ``path`` (nor make files beside it); an
    encrypted file is read with the key remembered for it (:mod:`kith.store.cipher`)."""
    conn: sqlite3.Connection = cipher.connect(
        read_only_uri(path), cipher.key_to_read(path), uri=True
    )
    return conn


def damage_found(path: Path) -> str | None:
    """What ``quick_check`` finds wrong with the file (its first lines), or None when sound."""
    try:
        conn = read_only_connection(path)
        try:
            rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check(3)")]
        finally:
            conn.close()
    except cipher.database_errors() as exc:
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

    def wait(self, timeout: float | None = None) -> bool:
        """Wait up to ``timeout`` seconds (None: until it is done); True once it is done."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def result(self) -> str | None:
        """What the check found (None: the file is sound), once it is done."""
        self._thread.join()
        return self._found

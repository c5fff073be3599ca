"""Encrypted database files: the key that opens one, the driver that reads it (SQLCipher through
``sqlcipher3``), and telling an encrypted file from a plain one by its first bytes.

A plain file goes on being read by Python's own ``sqlite3``; only a file with a key is opened
through ``sqlcipher3`` (imported then, not at start-up). Kith remembers the key of each file it
opened in this process (:func:`remember_key`), so the code that opens the file beside the
database — backups, the quick check, the read-only look — finds it by the file's path
(:func:`key_for`). See docs/encryption.md.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The first 16 bytes of every plain SQLite file.
SQLITE_HEADER = b"SQLite format 3\x00"

#: The smallest page an SQLCipher file is made of; an encrypted file is a whole number of them.
_SMALLEST_PAGE = 512
#: SQLCipher 4's default page: every file :func:`seal_text` writes is a whole number of them.
SEALED_PAGE = 4096

#: SQLCipher 4's defaults for a passphrase: the salt's length and PBKDF2's iterations.
_SALT_BYTES = 16
_KDF_ITERATIONS = 256_000


@dataclass(frozen=True, repr=False)
class FileKey:
    """What opens an encrypted file: a random 256-bit key (``raw``) or a passphrase (from which
    SQLCipher derives the key itself, with PBKDF2 and the salt in the file's first bytes)."""

    raw: bytes | None = None
    passphrase: str | None = None

    def __post_init__(self) -> None:
        if (self.raw is None) == (self.passphrase is None):
            raise ValueError("a FileKey is either a raw key or a passphrase")
        if self.raw is not None and len(self.raw) != 32:
            raise ValueError("a raw key is 32 bytes")

    def __repr__(self) -> str:  # never a key in a log or a traceback
        return "FileKey(raw)" if self.raw is not None else "FileKey(passphrase)"

    def sql_literal(self) -> str:
        """The key as SQLCipher reads it, quoted for ``PRAGMA key = …``."""
        return "'" + self.key_text().replace("'", "''") + "'"

    def for_file(self, path: Path) -> FileKey:
        """The raw key that opens the existing encrypted file ``path``: a passphrase is turned
        into it once, as SQLCipher 4 does (PBKDF2-HMAC-SHA512, 256,000 iterations, the salt in
        the file's first 16 bytes), so each further connection costs no key derivation."""
        if self.raw is not None:
            return self
        assert self.passphrase is not None
        try:
            with Path(path).open("rb") as f:
                salt = f.read(_SALT_BYTES)
        except OSError:
            return self
        if len(salt) < _SALT_BYTES:
            return self
        return FileKey(raw=_derived(self.passphrase, salt))

    def key_text(self) -> str:
        """The key as a bound parameter of ``ATTACH … KEY ?`` reads it."""
        if self.raw is not None:
            return f"x'{self.raw.hex()}'"
        assert self.passphrase is not None
        return self.passphrase


@functools.lru_cache(maxsize=16)
def _derived(passphrase: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode(), salt, _KDF_ITERATIONS, 32)


def database_errors() -> tuple[type[Exception], ...]:
    """The exception classes the drivers in use raise for a database error (SQLCipher's only
    once it was imported: before that, none of its errors can have happened)."""
    cipher = sys.modules.get("sqlcipher3")
    if cipher is None:
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, cipher.DatabaseError)


def driver_errors() -> tuple[type[Exception], ...]:
    """Every exception class the drivers in use raise (``sqlite3.Error`` and its twin)."""
    cipher = sys.modules.get("sqlcipher3")
    if cipher is None:
        return (sqlite3.Error,)
    return (sqlite3.Error, cipher.Error)


def file_errors() -> tuple[type[Exception], ...]:
    """:func:`driver_errors` and ``OSError``: what writing a database file can raise."""
    return (OSError, *driver_errors())


def connect(
    target: str | Path, key: FileKey | None, *, sqlcipher: bool = False, **kwargs: Any
) -> Any:
    """A DB-API connection to ``target`` (a path, or a URI with ``uri=True``): Python's
    ``sqlite3`` without a key, SQLCipher with one (the key given before anything is read).
    ``sqlcipher``: through SQLCipher even without a key (a plain file), so that the connection
    shares its SQLite with a conversion's (:mod:`kith.store.conversion`)."""
    if key is None and not sqlcipher:
        return sqlite3.connect(target, **kwargs)
    import sqlcipher3

    conn = sqlcipher3.connect(str(target), **kwargs)
    try:
        if key is not None:
            apply_key(conn, key)
        else:
            conn.execute("PRAGMA cipher_log_level = NONE")
    except Exception:
        conn.close()
        raise
    return conn


def apply_key(conn: Any, key: FileKey) -> None:
    """Give a fresh SQLCipher connection its key (and keep SQLCipher's own log off stderr: a
    wrong key is said to the user in words, not as lines of "hmac check failed")."""
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = {key.sql_literal()}")


def looks_encrypted(path: Path) -> bool:
    """Whether ``path`` looks like an encrypted database: not a plain SQLite file, not empty,
    and a whole number of pages long. (Without the key nothing tells it from random bytes.)"""
    try:
        with Path(path).open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
        size = os.path.getsize(path)
    except OSError:
        return False
    return header != SQLITE_HEADER and size >= _SMALLEST_PAGE and size % _SMALLEST_PAGE == 0


def is_plain(path: Path) -> bool:
    """Whether ``path`` starts like a plain SQLite file."""
    try:
        with Path(path).open("rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


_keys: dict[str, FileKey] = {}


def _norm(path: str | Path) -> str:
    return os.path.realpath(os.path.expanduser(path))


def key_to_read(path: str | Path) -> FileKey | None:
    """The key to read the existing file ``path`` with: None for a plain file. (A new file is
    made with :func:`key_for`'s key itself, so a passphrase gets the new file a salt of its
    own.)"""
    if is_plain(Path(path)):
        return None
    key = key_for(path)
    return key.for_file(Path(path)) if key is not None else None


def remember_key(path: str | Path, key: FileKey | None) -> None:
    """Remember (or, with None, forget) the key that opens ``path`` in this process."""
    if key is None:
        _keys.pop(_norm(path), None)
    else:
        _keys[_norm(path)] = key


def key_for(path: str | Path) -> FileKey | None:
    """The key remembered for ``path``; for a file in a database's ``backups`` folder, the key
    of that database (its backups are encrypted with the same key). None: a plain file."""
    found = _keys.get(_norm(path))
    if found is not None:
        return found
    real = Path(_norm(path))
    if real.parent.name == "backups":
        stem = real.name.split(".", 1)[0]
        for known, key in _keys.items():
            known_path = Path(known)
            if known_path.parent == real.parent.parent and known_path.stem.split(".")[0] == stem:
                return key
    return None


# --- sealed text: a JSON backup of an encrypted database ---------------------------------------

_SEALED_TABLE = "kith_sealed_text"


def seal_text(target: Path, chunks: Iterable[str], key: FileKey) -> None:
    """Write the text ``chunks`` make, in order, to the new file ``target`` encrypted with
    ``key``: an SQLCipher file of one row per chunk (so the same key or passphrase opens it,
    by the same code, and a long text never has to be in memory whole). Raises the drivers'
    errors or ``OSError``."""
    conn = connect(target, key)
    try:
        conn.execute(f"CREATE TABLE {_SEALED_TABLE} (text TEXT NOT NULL)")
        conn.executemany(
            f"INSERT INTO {_SEALED_TABLE} (text) VALUES (?)", ((chunk,) for chunk in chunks)
        )
        conn.commit()
    finally:
        conn.close()


class SealedText:
    """The text :func:`seal_text` wrote, read back a piece at a time (``read(n)``, as from a
    text file: "" at the end). Open it with :func:`open_sealed`; close it after use."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn
        self._rows = conn.execute(f"SELECT text FROM {_SEALED_TABLE} ORDER BY rowid")
        self._buffer = ""

    def read(self, size: int = -1) -> str:
        while size < 0 or len(self._buffer) < size:
            row = self._rows.fetchone()
            if row is None:
                break
            self._buffer += str(row[0])
        if size < 0:
            size = len(self._buffer)
        piece, self._buffer = self._buffer[:size], self._buffer[size:]
        return piece

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> SealedText:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_sealed(path: Path, key: FileKey) -> SealedText | None:
    """The text :func:`seal_text` wrote to ``path``, to read; None when ``key`` does not open
    it (or it is not such a file)."""
    try:
        conn = connect(
            f"{Path(path).resolve().as_uri()}?mode=ro", key.for_file(Path(path)), uri=True
        )
    except driver_errors():
        return None
    try:
        return SealedText(conn)
    except driver_errors():
        conn.close()
        return None

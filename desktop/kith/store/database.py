"""Opening a Kith database file: checks, creation, migration, pragmas and binding."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from kith.store import cipher
from kith.store.cipher import SQLITE_HEADER, FileKey
from kith.store.integrity import damage_found, read_only_connection, read_only_reason, read_only_uri
from kith.store.models import database_proxy
from kith.store.schema import KITH_APPLICATION_ID, SCHEMA_VERSION, create_schema, migrate

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    # 8 MB: at 100,000 people 32 MB made the window ~24 MB heavier after searching and
    # scrolling, with no keystroke faster (bench/README.md, issue 18).
    "cache_size": -8_000,
    "temp_store": "memory",
    "busy_timeout": 5_000,
}
#: A read-only connection leaves the journal mode alone: setting it would write the header.
READ_ONLY_PRAGMAS = {k: v for k, v in PRAGMAS.items() if k != "journal_mode"}


class DatabaseProblem(Exception):
    """Something wrong with the database file that the user can act on: ``str()`` is the
    message for the user, ``title`` a dialog's title, ``path`` the file."""

    title = "A problem with the database"

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


class DatabaseOpenError(DatabaseProblem):
    """A database file that Kith will not open; the message is meant for the user."""

    title = "Cannot open the database"


class NotKithDatabaseError(DatabaseOpenError):
    title = "Not a Kith database"


class CorruptDatabaseError(DatabaseOpenError):
    title = "The database is damaged"


def damaged(path: Path, detail: str) -> CorruptDatabaseError:
    """The one message for a damaged file, whether found at open or by a later read."""
    return CorruptDatabaseError(
        path,
        f"{path} is damaged and cannot be read ({detail}). Kith has left it untouched; "
        "restore it from a backup copy or open another file.",
    )


class NewerDatabaseError(DatabaseOpenError):
    title = "Made by a newer Kith"


class MigrationError(DatabaseOpenError):
    title = "Could not upgrade the database"


class EncryptedDatabaseError(DatabaseOpenError):
    """The file is encrypted and no key for it was given."""

    title = "The database is encrypted"


class WrongKeyError(DatabaseOpenError):
    """The key or passphrase given does not open the file."""

    title = "Wrong passphrase or key"


def encrypted_needs_key(path: Path) -> EncryptedDatabaseError:
    return EncryptedDatabaseError(
        path,
        f"{path} is encrypted (or is not a database at all). Kith needs its key to open it: "
        "the passphrase, or the recovery key shown when encryption was turned on.",
    )


def wrong_key(path: Path) -> WrongKeyError:
    return WrongKeyError(
        path,
        f"That passphrase or key does not open {path}: it is not the right one, or the file "
        "is not a Kith database. The file has not been changed.",
    )


class NoDatabaseError(DatabaseOpenError):
    """There is no Kith database at the path yet, and the caller may not create one."""

    title = "No Kith database here"


@dataclass(frozen=True)
class FileFacts:
    """What a quick, read-only look at an existing file found."""

    application_id: int
    user_version: int
    table_count: int


def inspect_file(path: Path, *, check: bool = True, key: FileKey | None = None) -> FileFacts:
    """Look at an existing file without changing a byte of it.

    Raises a :class:`DatabaseOpenError` subclass for anything that is not a healthy SQLite file.
    ``check`` also reads every page (:func:`kith.store.integrity.damage_found`). An encrypted
    file is read with ``key``: without one it is an :class:`EncryptedDatabaseError`, with one
    that does not open it a :class:`WrongKeyError`.
    """
    try:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise DatabaseOpenError(path, f"Kith cannot read {path}: {exc.strerror}.") from exc
    encrypted = header != SQLITE_HEADER and cipher.looks_encrypted(path)
    if encrypted and key is None:
        raise encrypted_needs_key(path)
    if header != SQLITE_HEADER and not encrypted:
        raise NotKithDatabaseError(
            path,
            f"{path} is not a Kith database (it is not an SQLite file at all). "
            "Kith has left it untouched.",
        )
    if encrypted:
        assert key is not None
        cipher.remember_key(path, key)
        try:
            conn = read_only_connection(path)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                conn.close()
        except cipher.database_errors() as exc:
            cipher.remember_key(path, None)
            if "not a database" in str(exc):
                raise wrong_key(path) from exc
            raise damaged(path, str(exc)) from exc
    try:
        conn = read_only_connection(path)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            conn.close()
    except cipher.database_errors() as exc:
        raise damaged(path, str(exc)) from exc
    found = damage_found(path) if check else None
    if found is not None:
        raise damaged(path, found)
    return FileFacts(app_id, version, tables)


class KithDatabase(pw.SqliteDatabase):
    """Kith's database: the file it is (``kith_path``), when Kith may only read it why
    (``read_only``, see :func:`kith.store.integrity.read_only_reason`; None when writable), and
    the key of an encrypted file (``kith_key``; None for a plain one). Each thread's connection
    to an encrypted file goes through SQLCipher and is given the key before anything else;
    with ``sqlcipher`` a plain file's connections go through SQLCipher's SQLite too (while the
    file is converted: see :func:`open_database`)."""

    def __init__(
        self,
        path: Path,
        *,
        read_only: str | None = None,
        key: FileKey | None = None,
        sqlcipher: bool = False,
    ) -> None:
        self.kith_path = Path(path)
        self.read_only = read_only
        self.kith_key = key
        self.through_sqlcipher = sqlcipher or key is not None
        if read_only is None:
            super().__init__(str(path), pragmas=PRAGMAS)
        else:
            super().__init__(read_only_uri(self.kith_path), pragmas=READ_ONLY_PRAGMAS, uri=True)

    @property
    def encrypted(self) -> bool:
        return self.kith_key is not None

    def _connect(self) -> object:
        if not self.through_sqlcipher:
            return super()._connect()
        conn = cipher.connect(
            self.database,
            self.kith_key.for_file(self.kith_path) if self.kith_key is not None else None,
            sqlcipher=True,
            timeout=self._timeout,
            isolation_level=None,
            **self.connect_params,
        )
        try:
            self._add_conn_hooks(conn)
        except Exception:
            conn.close()
            raise
        return conn


def connect(
    path: Path, *, read_only: str | None = None, key: FileKey | None = None, sqlcipher: bool = False
) -> KithDatabase:
    db = KithDatabase(path, read_only=read_only, key=key, sqlcipher=sqlcipher)
    db.connect()
    return db


def open_read_only_reason() -> str | None:
    """Why the database open in this process is read-only, or None (writable, or none open)."""
    return getattr(database_proxy.obj, "read_only", None)


def open_key() -> FileKey | None:
    """The key of the encrypted database open in this process (None: plain, or none open)."""
    return getattr(database_proxy.obj, "kith_key", None)


def _nothing_to_open(path: Path, facts: FileFacts | None) -> NoDatabaseError:
    """Why a verb that may not create a database finds none at ``path``."""
    if not path.exists():
        what = f"There is no Kith database at {path}."
    elif facts is None:
        what = f"{path} is an empty file, not a Kith database. Kith has left it untouched."
    else:
        what = (
            f"{path} is an empty SQLite database, not a Kith database. Kith has left it untouched."
        )
    return NoDatabaseError(path, what)


def open_database(
    path: Path | str,
    *,
    create: bool = True,
    check: bool = True,
    key: FileKey | None = None,
    sqlcipher: bool = False,
) -> pw.SqliteDatabase:
    """Open (creating or upgrading if needed) the Kith database at ``path`` and bind the models.

    A new file is created with the current schema — only when ``create`` is true: otherwise
    a missing file, an empty file or an empty SQLite file raises :class:`NoDatabaseError` and
    is left as it was (verbs that only read never turn a file into a Kith database). A file
    of an older schema version is upgraded after a backup copy is written into ``backups/``
    beside it (:mod:`kith.store.backup`). A file that is not a Kith database, is damaged, or
    comes from a newer Kith raises a :class:`DatabaseOpenError` and is left exactly as it was.
    A file Kith may not write (a read-only file, or one in a read-only folder) is opened
    read-only (:class:`KithDatabase` ``.read_only`` says why): it is never written, and every
    write is refused up front (:class:`kith.store.failures.DatabaseWriteError`).

    ``check``: read every page first (SQLite's ``quick_check``), so a damaged page is a
    :class:`CorruptDatabaseError` here rather than an error in the middle of a later read. The
    window passes False and runs the check beside its start-up instead
    (:class:`kith.store.integrity.BackgroundCheck`); a file to be upgraded is checked anyway.

    ``key`` opens an encrypted file (and makes a new file an encrypted one); a plain file is
    opened as it is whatever the key. An encrypted file without a key is an
    :class:`EncryptedDatabaseError`, with a key that does not open it a :class:`WrongKeyError`.

    ``sqlcipher``: a plain file is read and written through SQLCipher's SQLite as well — for
    the window while the file is converted (:mod:`kith.store.conversion`), since two SQLite
    libraries in one process do not see each other's locks on a file: the one opening would
    rebuild the shared-memory index the other is using, and the last to close would remove the
    journal from under the other.
    """
    path = Path(path).expanduser()
    is_new = not path.exists() or path.stat().st_size == 0
    if not is_new and cipher.is_plain(path):
        key = None
    facts = None if is_new else inspect_file(path, check=check, key=key)
    cipher.remember_key(path, key)
    if facts is not None and facts.application_id != KITH_APPLICATION_ID:
        if facts.application_id == 0 and facts.table_count == 0:
            is_new = True  # an empty SQLite file: fine to set up
        else:
            raise NotKithDatabaseError(
                path,
                f"{path} is an SQLite database, but not one of Kith's. Kith has left it untouched.",
            )
    if is_new and not create:
        raise _nothing_to_open(path, facts)
    read_only = read_only_reason(path)
    if read_only is not None and is_new:
        raise DatabaseOpenError(path, f"Kith cannot create a database at {path}: {read_only}.")
    if facts is not None and facts.user_version > SCHEMA_VERSION:
        raise NewerDatabaseError(
            path,
            f"{path} was written by a newer version of Kith (data format {facts.user_version}; "
            f"this Kith understands up to {SCHEMA_VERSION}). Update Kith to open it. "
            "The file has not been changed.",
        )
    if is_new:
        path.parent.mkdir(parents=True, exist_ok=True)
    needs_migration = facts is not None and not is_new and facts.user_version < SCHEMA_VERSION
    backup = None
    if needs_migration and read_only is not None:
        raise MigrationError(
            path,
            f"{path} uses an older data format, and Kith cannot upgrade it: {read_only}. "
            "Make it writable, or open a copy of it. The file has not been changed.",
        )
    if needs_migration:
        assert facts is not None
        found = None if check else damage_found(path)  # never upgrade a damaged file
        if found is not None:
            raise damaged(path, found)
        from kith.store.backup import BackupWriteError, backup_copy  # only to upgrade a file

        try:
            backup = backup_copy(path, "upgrade")
        except BackupWriteError as exc:
            raise MigrationError(
                path,
                f"Kith needs to upgrade {path} to the current data format, but could not "
                f"save a copy of it first: {exc} The file was left as it was.",
            ) from exc
    db = connect(path, read_only=read_only, key=key, sqlcipher=sqlcipher)
    database_proxy.initialize(db)
    try:
        if is_new:
            create_schema(db)
        elif needs_migration:
            assert facts is not None
            migrate(db, facts.user_version)
    except Exception as exc:
        db.close()
        database_proxy.initialize(None)
        if needs_migration:
            raise MigrationError(
                path,
                f"Kith could not upgrade {path} to the current data format ({exc}). "
                f"The file was left as it was; a copy was also saved as {backup}.",
            ) from exc
        raise
    return db


def close_database() -> None:
    db = database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()

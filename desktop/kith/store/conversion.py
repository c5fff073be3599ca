"""Turning a database file from plain into encrypted, or back, in place and safely.

The converted copy is written beside the file (``.<name>.converting``) with SQLCipher's
``sqlcipher_export``, flushed, opened again with its new key and checked (``integrity_check``,
the data format's numbers, and every table's row count against the original), and only then
renamed over the original (``os.replace``: atomic). Before the rename the original's
``-wal`` and ``-shm`` are folded into it and removed, so no plain journal is left beside an
encrypted file. Whenever the process is killed, the file is therefore either the original or
the converted one, complete; a killed conversion leaves at most the ``.converting`` copy,
which the next conversion (or the next open for writing) removes.

The caller holds the file's lock and has closed its own connections to it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from kith.store import cipher
from kith.store.cipher import FileKey


class ConversionError(Exception):
    """The converted copy could not be written or did not check out; the file is unchanged."""


def converting_path(path: Path) -> Path:
    """Where the converted copy of ``path`` is written before it replaces it."""
    return path.with_name(f".{path.name}.converting")


def remove_leftover(path: Path) -> None:
    """Remove the copy a killed conversion of ``path`` left behind (if any)."""
    for leftover in (converting_path(path), Path(f"{converting_path(path)}-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with path.open("rb+") as f:
        os.fsync(f.fileno())


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _counts(conn: object, schema: str = "main") -> dict[str, int]:
    execute = conn.execute  # type: ignore[attr-defined]
    names = [
        row[0]
        for row in execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'"
        )
    ]
    return {
        name: execute(f'SELECT count(*) FROM {schema}."{name}"').fetchone()[0] for name in names
    }


def _checkpoint(conn: object, path: Path) -> None:
    """Fold the write-ahead log into the file and empty it; refused while another connection
    reads or writes it."""
    busy = conn.execute("PRAGMA main.wal_checkpoint(TRUNCATE)").fetchone()  # type: ignore[attr-defined]
    if busy is not None and busy[0]:
        raise ConversionError(
            f"{path} is in use (another program is reading or writing it); nothing was "
            "changed. Close it there and try again."
        )


def _verify(
    temp: Path, key: FileKey | None, version: int, app_id: int, expected: dict[str, int]
) -> None:
    """Open the converted copy with its new key and check it holds what the original did."""
    if key is not None:
        check = cipher.connect(temp, key.for_file(temp))
    else:
        import sqlite3

        check = sqlite3.connect(temp)
    try:
        found = [row[0] for row in check.execute("PRAGMA integrity_check(3)")]
        if found != ["ok"]:
            raise ConversionError(f"the converted copy did not check out ({'; '.join(found)})")
        got = (
            check.execute("PRAGMA user_version").fetchone()[0],
            check.execute("PRAGMA application_id").fetchone()[0],
        )
        if got != (version, app_id) or _counts(check) != expected:
            raise ConversionError("the converted copy does not hold the same rows")
    finally:
        check.close()


def convert_file(
    path: Path,
    *,
    old_key: FileKey | None,
    new_key: FileKey | None,
    step: Callable[[str], None] | None = None,
    before_swap: Callable[[Path], None] | None = None,
) -> None:
    """Rewrite ``path`` (opened with ``old_key``; None: plain) as a file opened with
    ``new_key`` (None: plain). ``step`` hears each stage's name ("copy", "check", "swap"; the
    kill tests stop the process there). ``before_swap`` is given the converted copy just before
    it takes the file's place (the window moves its lock onto it: the lock is on the file, and
    the file is about to be a new one). Raises :class:`ConversionError` with the file unchanged.
    """
    import sqlcipher3

    path = Path(path)
    temp = converting_path(path)
    remove_leftover(path)
    tell = step or (lambda _stage: None)
    try:
        source = sqlcipher3.connect(str(path), isolation_level=None, timeout=10)
        try:
            if old_key is not None:
                cipher.apply_key(source, old_key.for_file(path))
            else:
                source.execute("PRAGMA cipher_log_level = NONE")
            version = source.execute("PRAGMA user_version").fetchone()[0]
            app_id = source.execute("PRAGMA application_id").fetchone()[0]
            target_key = new_key.key_text() if new_key is not None else ""
            source.execute("ATTACH DATABASE ? AS converted KEY ?", (str(temp), target_key))
            _checkpoint(source, path)
            seen = source.execute("PRAGMA data_version").fetchone()[0]
            expected = _counts(source)
            tell("copy")
            source.execute("SELECT sqlcipher_export('converted')")
            source.execute(f"PRAGMA converted.user_version = {int(version)}")
            source.execute(f"PRAGMA converted.application_id = {int(app_id)}")
            source.execute("DETACH DATABASE converted")
            _fsync(temp)
            tell("check")
            _verify(temp, new_key, version, app_id, expected)
            tell("swap")
            # No writer may come in from here to the rename (they wait, then are refused).
            source.execute("BEGIN IMMEDIATE")
            if source.execute("PRAGMA data_version").fetchone()[0] != seen:
                raise ConversionError(
                    f"{path} was written to while Kith converted it; nothing was changed. "
                    "Try again."
                )
            if before_swap is not None:
                before_swap(temp)
            # The journal was folded into the file above, and nothing was written since.
            for journal in (Path(f"{path}-wal"), Path(f"{path}-shm")):
                journal.unlink(missing_ok=True)
            os.replace(temp, path)
            _fsync_folder(path.parent)
        finally:
            source.close()
    except ConversionError:
        remove_leftover(path)
        raise
    except cipher.file_errors() as exc:
        remove_leftover(path)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConversionError(f"Kith could not convert {path}: {reason}.") from exc

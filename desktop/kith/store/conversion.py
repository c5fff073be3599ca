"""Turning a database file from plain into encrypted, or back, in place and safely.

The converted copy is written beside the file (``.<name>.converting``) with SQLCipher's
``sqlcipher_export``, flushed, opened again with its new key and checked (``integrity_check``,
the data format's numbers, and every table's row count against the original), and only then
renamed over the original (``os.replace``: atomic). Whenever the process is killed, the file
is therefore either the original or the converted one, complete; a killed conversion leaves at
most the ``.converting`` copy, which the next conversion removes.

At the swap this process holds no handle on the file — Windows renames over (or removes) no
file that is open, and one code path serves every platform: the caller has closed its own
connections; the conversion closes its own, after checking that nobody wrote to the file since
it was copied, and SQLite, closing the last connection, folds the ``-wal`` into the file and
removes it and the ``-shm`` (so no plain journal is left beside an encrypted file; still there,
they mean another program has the file open, and nothing is changed); the file's locks this
process holds (the window's, a command-line verb's) are set aside for the rename and taken
again on the new file (:func:`kith.store.file_lock.locks_set_aside`). A caller whose own
connections may open again while the copy is written (the window's thread, on a timer) has the
last step — the final check that nobody wrote, the close and the rename — run where it can
close them, and closes them in it right after the check (``at_swap``), nothing of its own
running in between. Such connections must go through SQLCipher's SQLite, the conversion's
(:func:`kith.store.database.open_database`'s ``sqlcipher``): Python's own ``sqlite3`` is
another copy of SQLite, blind to the conversion's locks on the file, which would rebuild the
journal's index under it on opening (so the check finds the file changed) and remove its
journal on closing.

The caller holds the file's lock and has closed its own connections to it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from kith.store import cipher
from kith.store.cipher import FileKey
from kith.store.file_lock import locks_set_aside

#: The last step of a conversion — the final check, the close and the rename — given what to
#: call once the check is done, to close the caller's own connections to the file.
Swap = Callable[[Callable[[], None]], None]


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


def journals(path: Path) -> tuple[Path, ...]:
    """The files SQLite keeps beside ``path`` while it is open (or after a crash)."""
    return (Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal"))


def _in_use(path: Path) -> ConversionError:
    return ConversionError(
        f"{path} is in use (another program is reading or writing it); nothing was "
        "changed. Close it there and try again."
    )


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
        raise _in_use(path)


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
    at_swap: Callable[[Swap], None] | None = None,
) -> None:
    """Rewrite ``path`` (opened with ``old_key``; None: plain) as a file opened with
    ``new_key`` (None: plain). ``step`` hears each stage's name ("copy", "check", "swap"; the
    kill tests stop the process there). ``at_swap`` is given the last step to run (on any
    thread, while this one waits) as ``swap(close)``, where ``close()`` closes the caller's
    own connections to the file; without it the step runs at once. Raises
    :class:`ConversionError` with the file unchanged. The file's locks this process holds are
    on the converted file afterwards.
    """
    import sqlcipher3

    path = Path(path)
    temp = converting_path(path)
    remove_leftover(path)
    tell = step or (lambda _stage: None)
    try:
        # The last step may run on another thread (``at_swap``), this one waiting meanwhile.
        source = sqlcipher3.connect(
            str(path), isolation_level=None, timeout=10, check_same_thread=False
        )
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

            def swap(close_callers: Callable[[], None]) -> None:
                try:
                    # A writer still at work is waited for, then the copy is known to be up
                    # to date.
                    source.execute("BEGIN IMMEDIATE")
                    if source.execute("PRAGMA data_version").fetchone()[0] != seen:
                        raise ConversionError(
                            f"{path} was written to while Kith converted it; nothing was "
                            "changed. Try again."
                        )
                    close_callers()
                    source.execute("ROLLBACK")
                finally:
                    # The last connection: SQLite folds the journal into the file and
                    # removes it.
                    source.close()
                _swap(temp, path)

            (at_swap or _run)(swap)
        finally:
            source.close()
    except ConversionError:
        remove_leftover(path)
        raise
    except cipher.file_errors() as exc:
        remove_leftover(path)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConversionError(f"Kith could not convert {path}: {reason}.") from exc


def _run(swap: Swap) -> None:
    swap(lambda: None)


def _swap(temp: Path, path: Path) -> None:
    """Rename the converted copy ``temp`` over ``path`` while this process has no handle open
    on either: the connections are closed already, the file's locks are set aside for the
    rename (another Kith that writes takes the lock first, so it is kept out until then)."""
    with locks_set_aside(path):
        # Journals still there: another program has the file open (SQLite removes them when
        # the last connection closes), and it might write to the file the rename replaces.
        if any(journal.exists() for journal in journals(path)):
            raise _in_use(path)
        os.replace(temp, path)
        _fsync_folder(path.parent)

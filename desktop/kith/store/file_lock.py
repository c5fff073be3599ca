"""One writer per database file, whatever path leads to it: a lock on the file itself.

The window holds :class:`DatabaseFileLock` while it has a file open, and the command-line verbs
that write hold it while they run. The lock is taken on the database file's own inode
(``flock``), not on a name derived from the path, so a second Kith reaching the same file
through a hard link, a symbolic link, another mount or another spelling of the path is refused
like a second instance. It needs no file of its own (so a read-only folder is no problem) and
the kernel drops it when the process ends, however it ends, so a crash never leaves a stale
lock behind.

``flock`` locks are separate from the POSIX byte-range locks SQLite takes on the same file:
closing one of SQLite's descriptors does not drop this lock, and this lock does not block
SQLite (readers — ``kith stats`` while the window runs — go on as before). The lock's own
descriptor is closed only after the database is closed. On a network file system Linux turns
``flock`` into a whole-file POSIX lock, which other machines see too.

The lock is a descriptor open on the file, and Windows neither renames a file over an open one
nor removes an open one. Converting the file in place (:mod:`kith.store.conversion`) therefore
sets this process's locks on it aside (:func:`locks_set_aside`) for the moment of the swap and
takes them again on the file that is then at the path.
"""

from __future__ import annotations

import os
import sys
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from kith.store.database import DatabaseOpenError

#: Windows has no ``flock``: there a byte inside SQLite's lock-byte page (1 GiB into the
#: file, a page SQLite never reads or writes, beyond the bytes SQLite itself locks there) is
#: locked instead.
_WINDOWS_LOCK_OFFSET = 0x40000000 + 1024


class DatabaseInUseError(DatabaseOpenError):
    """Another Kith is writing to this database file; the message is for the user and
    ``holder`` says who ("process 1234 on this computer", or "another program")."""

    title = "The database is in use"

    def __init__(self, path: Path, message: str, holder: str) -> None:
        super().__init__(path, message)
        self.holder = holder


def lock_holder(path: Path) -> str:
    """Who holds the lock on ``path``, as well as this computer can tell."""
    try:
        st = os.stat(path)
        with open("/proc/locks", encoding="ascii") as f:
            lines = f.read().splitlines()
    except OSError:
        return "another program"
    wanted = (os.major(st.st_dev), os.minor(st.st_dev), st.st_ino)
    for line in lines:
        # "1: FLOCK  ADVISORY  WRITE 12345 fd:01:1234567 0 EOF" (major and minor in hex)
        fields = line.split()
        if "FLOCK" not in fields or "->" in fields:
            continue
        at = fields.index("FLOCK")
        try:
            pid = int(fields[at + 3])
            major, minor, inode = fields[at + 4].split(":")
            found = (int(major, 16), int(minor, 16), int(inode))
        except (IndexError, ValueError):
            continue
        if found == wanted:
            return f"process {pid} on this computer"
    return "another program"


class DatabaseFileLock:
    """An exclusive lock on one database file (see the module's docstring)."""

    def __init__(self, database_path: Path) -> None:
        self.database_path = Path(database_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, *, create: bool = True) -> None:
        """Take the lock, or raise :class:`DatabaseInUseError` saying who holds it.

        A file that does not exist yet is made (empty: Kith sets it up next) when ``create``;
        otherwise, and where it cannot be made (a read-only folder), there is nothing to lock
        and nothing happens — opening the database then says what is wrong.
        """
        if self._fd is not None:
            return
        flags = os.O_RDONLY | (os.O_CREAT if create else 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            if create:
                self.database_path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.database_path, flags, 0o644)
        except OSError:
            return
        if not _try_lock(fd):
            os.close(fd)
            holder = lock_holder(self.database_path)
            raise DatabaseInUseError(
                self.database_path,
                f"Another Kith ({holder}) is using {self.database_path}. Only one Kith may "
                "write to a database at a time: close the other one, or open another file.",
                holder,
            )
        self._fd = fd
        with _held_guard:
            _held.add(self)

    def release(self) -> None:
        """Let go (after the database is closed: closing this descriptor would also drop
        SQLite's own POSIX locks on the file, were any connection of this process still open)."""
        with _held_guard:
            _held.discard(self)
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the lock
            self._fd = None

    def _holds(self, file: os.stat_result) -> bool:
        """Whether this lock's descriptor is open on ``file`` (the same inode)."""
        if self._fd is None:
            return False
        try:
            mine = os.fstat(self._fd)
        except OSError:
            return False
        return (mine.st_dev, mine.st_ino) == (file.st_dev, file.st_ino)


#: The locks this process holds now (taken, not yet released), for :func:`locks_set_aside`.
_held: weakref.WeakSet[DatabaseFileLock] = weakref.WeakSet()
_held_guard = threading.Lock()


@contextmanager
def locks_set_aside(path: Path) -> Iterator[None]:
    """Close every lock this process holds on the file at ``path`` for the block, and take
    each again after it, on the file then at its path.

    For :func:`kith.store.conversion.convert_file`, which renames the converted copy over the
    file in the block: Windows refuses to rename over (or remove) a file while any handle to it
    is open, this lock's descriptor included, so the swap must hold none. Locks are matched by
    the file itself (its inode), whatever path they were taken by. While set aside a lock is
    not :attr:`DatabaseFileLock.held`. Should another program take the file's lock in the
    moment between (it would need to start at that very moment), the lock is not taken again
    and stays released rather than wait or fail the swap: the swap itself is done and sound
    either way. The caller has closed its connections to the file first (closing a lock's
    descriptor drops this process's POSIX locks on the file, SQLite's among them).
    """
    try:
        file = os.stat(path)
    except OSError:
        yield
        return
    with _held_guard:
        mine = [lock for lock in list(_held) if lock._holds(file)]
    for lock in mine:
        lock.release()
    try:
        yield
    finally:
        for lock in mine:
            with suppress(DatabaseInUseError):
                lock.acquire(create=False)


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Kith's tests run on Linux
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:  # a file system without locks: nothing to guard with
        return True
    return True

"""One Kith at a time: a second start hands its arguments to the first and exits; a lock file
beside the database keeps any other process (another user session, another path to the same
file) from writing to it.

The first Kith listens on a local socket (:class:`QLocalServer`) named for the user. A second
start connects, sends its arguments as one JSON line, waits for "ok" and exits before it ever
opens the database; the first raises its window. The socket is per user, so two users on one
machine each have their own Kith; the lock file (:class:`QLockFile`, ``kith.sqlite.lock``)
covers what the socket cannot see — the same file reached from two sessions or machines.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import socket
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from kith.core.database import DatabaseOpenError

HANDOVER_TIMEOUT_MS = 1500


def server_name(user: str | None = None) -> str:
    """The local socket name of this user's Kith (``KITH_INSTANCE_NAME`` overrides it)."""
    if user is None and os.environ.get("KITH_INSTANCE_NAME"):
        return os.environ["KITH_INSTANCE_NAME"]
    who = user if user is not None else getpass.getuser()
    return "kith-" + hashlib.sha256(who.encode("utf-8")).hexdigest()[:16]


class SingleInstance(QObject):
    """The first Kith's listening socket; ``message_received(list[str])`` for each later start."""

    message_received = Signal(list)

    def __init__(self, name: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or server_name()
        self.server: QLocalServer | None = None

    def hand_over(self, args: list[str], timeout_ms: int = HANDOVER_TIMEOUT_MS) -> bool:
        """If a Kith already listens, give it ``args`` and return True (then this one exits)."""
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(timeout_ms):
            return False
        sock.write(json.dumps({"args": list(args)}).encode("utf-8") + b"\n")
        while sock.bytesToWrite() and sock.waitForBytesWritten(timeout_ms):
            pass
        reply = b""
        while b"\n" not in reply and sock.waitForReadyRead(timeout_ms):
            reply += bytes(sock.readAll().data())
        sock.disconnectFromServer()
        return reply.strip() == b"ok"

    def listen(self) -> bool:
        """Become the first Kith. A socket left behind by a crashed Kith is cleared first."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                return False
        server.newConnection.connect(self._accept)
        self.server = server
        return True

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None

    def _accept(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            buffer = bytearray()

            def read(sock: QLocalSocket = sock, buffer: bytearray = buffer) -> None:
                buffer.extend(bytes(sock.readAll().data()))
                if b"\n" not in buffer:
                    return
                line = bytes(buffer).split(b"\n", 1)[0]
                try:
                    args = json.loads(line.decode("utf-8"))["args"]
                except (ValueError, KeyError, TypeError):
                    sock.disconnectFromServer()
                    return
                sock.write(b"ok\n")
                sock.flush()
                sock.disconnected.connect(sock.deleteLater)
                self.message_received.emit([str(a) for a in args])

            sock.readyRead.connect(read)
            if sock.bytesAvailable():
                read()


class DatabaseInUseError(DatabaseOpenError):
    """Another Kith is writing to this database file; the message is for the user."""

    title = "The database is in use"


class DatabaseLock:
    """``<database>.lock`` held while this Kith has the file open for writing."""

    def __init__(self, database_path: Path) -> None:
        self.path = Path(str(database_path) + ".lock")
        self.database_path = database_path
        self._lock = QLockFile(str(self.path))
        # A lock whose process is gone (a crash) is stale at once on this host; one held
        # from another host is never taken over silently.
        self._lock.setStaleLockTime(0)

    def acquire(self) -> None:
        """Take the lock or raise :class:`DatabaseInUseError` saying who holds it.

        In a read-only folder there is nothing to guard: the file opens read-only there.
        """
        folder = self.path.parent
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            return
        folder.mkdir(parents=True, exist_ok=True)
        if self._lock.tryLock(100):
            return
        error = self._lock.error()
        if error == QLockFile.LockError.LockFailedError:
            pid, host, _app = self._lock.getLockInfo()
            holder = f"process {pid} on {host}" if pid else "another program"
            if pid and host == socket.gethostname():
                holder = f"process {pid} on this computer"
            raise DatabaseInUseError(
                self.database_path,
                f"Another Kith ({holder}) is using {self.database_path}. Only one Kith may "
                "write to a database at a time: close the other one, or open another file.",
            )
        raise DatabaseInUseError(
            self.database_path,
            f"Kith cannot create the lock file {self.path} (the folder may be read-only).",
        )

    @property
    def held(self) -> bool:
        return self._lock.isLocked()

    def release(self) -> None:
        if self._lock.isLocked():
            self._lock.unlock()

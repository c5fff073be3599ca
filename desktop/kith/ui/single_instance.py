"""One Kith at a time: a second start hands its arguments to the first and exits; a lock on
the database file itself keeps any other process (another user session, another path or a hard
link to the same file, a command-line verb that writes) from writing to it.

The first Kith listens on a local socket (:class:`QLocalServer`) named for the user. A second
start connects, sends its arguments as one JSON line, waits for "ok" and exits before it ever
opens the database; the first raises its window. The socket is per user, so two users on one
machine each have their own Kith; the file lock (:class:`DatabaseLock`, see
:mod:`kith.store.file_lock`) covers what the socket cannot see — the same file reached by
another user, through another path, or from another machine.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from kith.core.database import DatabaseFileLock, DatabaseInUseError

__all__ = ["DatabaseInUseError", "DatabaseLock", "SingleInstance", "server_name"]

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


class DatabaseLock(DatabaseFileLock):
    """The lock the window holds on its database file while it has it open (a lock on the
    file itself, so another path or a hard link to the same file is refused as well)."""

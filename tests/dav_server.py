"""A real Radicale CardDAV/CalDAV server on 127.0.0.1 for the sync tests (no protocol mocks)."""

from __future__ import annotations

import itertools
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class DavUser:
    url: str
    username: str
    password: str


class RadicaleServer:
    """Radicale in a child process with its own storage folder and a plain htpasswd file.

    Users are added while it runs (Radicale reads the htpasswd file on every login), so each
    test gets an empty account of its own from one server.
    """

    _numbers = itertools.count(1)

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = folder
        self.users = folder / "users"
        self.users.touch()
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> RadicaleServer:
        log = (self.folder / "radicale.log").open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "radicale",
                "--config",
                "",
                "--server-hosts",
                f"127.0.0.1:{self.port}",
                "--storage-filesystem-folder",
                str(self.folder / "storage"),
                # Radicale drops sync tokens and item history older than this by the files'
                # mtimes. Under the moved-clock pass (dev.py) libfaketime moves time() but not
                # os.stat(), so a token written a second ago looks a year old: keep them all.
                "--storage-max-sync-token-age",
                str(20 * 365 * 86400),
                "--auth-type",
                "htpasswd",
                "--auth-htpasswd-filename",
                str(self.users),
                "--auth-htpasswd-encryption",
                "plain",
                "--auth-delay",
                "0",
                "--logging-level",
                "warning",
            ],
            stdout=log,
            stderr=log,
        )
        log.close()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError((self.folder / "radicale.log").read_text())
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("Radicale did not start within 20 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def add_user(self, password: str | None = None) -> DavUser:
        number = next(self._numbers)
        username = f"user{number}"
        password = password or f"pw-{number}-Secret!"
        with self.users.open("a") as f:
            f.write(f"{username}:{password}\n")
        return DavUser(self.url, username, password)


class MemoryKeyring:
    """Build an in-memory keyring backend (a real ``KeyringBackend`` subclass) for tests."""

    @staticmethod
    def backend() -> object:
        from keyring.backend import KeyringBackend
        from keyring.errors import PasswordDeleteError

        class _Memory(KeyringBackend):
            priority = 1  # type: ignore[assignment]

            def __init__(self) -> None:
                super().__init__()
                self.secrets: dict[tuple[str, str], str] = {}

            def get_password(self, service: str, username: str) -> str | None:
                return self.secrets.get((service, username))

            def set_password(self, service: str, username: str, password: str) -> None:
                self.secrets[(service, username)] = password

            def delete_password(self, service: str, username: str) -> None:
                if self.secrets.pop((service, username), None) is None:
                    raise PasswordDeleteError(username)

        return _Memory()


class DBusException(Exception):
    """What a Secret Service keyring raises when the session bus has no keyring on it
    (not one of keyring's own errors)."""


DBUS_MESSAGE = (
    "org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not "
    "provided by any .service files"
)


def raising_keyring() -> object:
    """A keyring backend that fails as a Secret Service without a keyring does: every call
    raises a D-Bus error (not one of keyring's own errors)."""
    from keyring.backend import KeyringBackend

    class _Broken(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            raise DBusException(DBUS_MESSAGE)

        def set_password(self, service: str, username: str, password: str) -> None:
            raise DBusException(DBUS_MESSAGE)

        def delete_password(self, service: str, username: str) -> None:
            raise DBusException(DBUS_MESSAGE)

    return _Broken()

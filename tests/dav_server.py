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

    def __init__(
        self, folder: Path, port: int | None = None, *, tls: TlsFiles | None = None
    ) -> None:
        self.folder = folder
        self.users = folder / "users"
        self.users.touch()
        self.port = port or free_port()
        self.tls = tls
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}/"
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
                *self._tls_options(),
            ],
            stdout=log,
            stderr=log,
        )
        log.close()
        _wait_for_port(self.process, self.port, self.folder / "radicale.log", "Radicale")
        return self

    def _tls_options(self) -> list[str]:
        if self.tls is None:
            return []
        return [
            "--server-ssl",
            "True",
            "--server-certificate",
            str(self.tls.certificate),
            "--server-key",
            str(self.tls.key),
        ]

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


def _wait_for_port(process: subprocess.Popen[bytes], port: int, log: Path, name: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(log.read_text())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    process.kill()
    process.wait(5)
    raise RuntimeError(f"{name} did not start within 20 s")


class XandikosServer:
    """A real Xandikos (the second CardDAV/CalDAV server) in a child process.

    Xandikos has no accounts of its own (a reverse proxy authenticates in front of it): it
    serves one principal, ``/user/``, and ignores the credentials Kith sends. So each test
    that needs it starts one on a fresh folder (about 0.7 s).
    """

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = folder
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> XandikosServer:
        log_path = self.folder / "xandikos.log"
        log = log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "xandikos",
                "serve",
                "--defaults",
                "-d",
                str(self.folder / "storage"),
                "--state-dir",
                str(self.folder / "state"),
                "--no-detect-systemd",
                "-l",
                "127.0.0.1",
                "-p",
                str(self.port),
            ],
            stdout=log,
            stderr=log,
        )
        log.close()
        _wait_for_port(self.process, self.port, log_path, "Xandikos")
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None

    def user(self) -> DavUser:
        return DavUser(self.url, "user", "any password")


@dataclass(frozen=True)
class TlsFiles:
    """A private certificate authority and a server certificate for 127.0.0.1 it signed."""

    authority: Path  # the CA's certificate (PEM): what a user installs in the system store
    certificate: Path  # the server's certificate chain (PEM)
    key: Path  # the server's private key (PEM)


def make_tls_files(folder: Path) -> TlsFiles:
    """Generate a CA and a server certificate for 127.0.0.1 (and localhost), valid today."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kith test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    files = TlsFiles(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    files.authority.write_bytes(ca.public_bytes(pem))
    files.certificate.write_bytes(server.public_bytes(pem))
    files.key.write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return files


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

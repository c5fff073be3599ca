"""A real Dovecot IMAP server on 127.0.0.1 for the capture tests (no protocol mocks).

Dovecot (Debian's ``dovecot-imapd``, installed by dev.py) runs from a config file of the
test's own: its runtime and state folders in a temp folder, users in a passwd-file with plain
passwords, each with a Maildir the tests fill by dropping messages into it. Plain IMAP on one
port, implicit TLS with a self-signed certificate (made with ``openssl``) on another. Run as
root, Dovecot's login process runs as ``dovenull`` and mail is accessed as ``dovecot``; as
anyone else, everything runs as that user.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import mailbox
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.dav_server import free_port


def dovecot_available() -> bool:
    return shutil.which("dovecot") is not None and shutil.which("openssl") is not None


@dataclass(frozen=True)
class ImapUser:
    name: str
    password: str
    home: Path

    @property
    def maildir(self) -> Path:
        return self.home / "Maildir"


class DovecotServer:
    _numbers = itertools.count(1)

    def __init__(self) -> None:
        # Its own folder, readable by Dovecot's users (pytest's temp folders are 0700).
        self.folder = Path(tempfile.mkdtemp(prefix="kith-dovecot-"))
        self.folder.chmod(0o755)
        self.port = free_port()
        self.tls_port = free_port()
        # One passwd-file per user: Dovecot opens a new user's file at once, whereas a shared
        # file changed within a second of its last read is not read again.
        self.passwd = self.folder / "users"
        self.passwd.mkdir()
        self.config = self.folder / "dovecot.conf"
        self.certificate = self.folder / "cert.pem"
        self.key = self.folder / "key.pem"
        if os.geteuid() == 0:
            self.mail_user = pwd.getpwnam("dovecot")
            login_user, internal_user = "dovenull", "dovecot"
        else:
            self.mail_user = pwd.getpwuid(os.geteuid())
            login_user = internal_user = self.mail_user.pw_name
        self._login_user = login_user
        self._internal_user = internal_user
        self.running = False
        self._cleanup_registered = False

    def _write_config(self) -> None:
        run = self.folder / "run"
        state = self.folder / "state"
        run.mkdir(exist_ok=True)
        state.mkdir(exist_ok=True)
        self.config.write_text(
            f"""
base_dir = {run}
state_dir = {state}
log_path = {self.folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{self.certificate}
ssl_key = <{self.key}
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {self._login_user}
default_internal_user = {self._internal_user}
first_valid_uid = 1
mail_location = maildir:~/Maildir
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.passwd}/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {self.passwd}/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {self.tls_port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
namespace inbox {{
  inbox = yes
  mailbox Sent {{
    special_use = \\Sent
    auto = create
  }}
}}
"""
        )

    def _make_certificate(self) -> None:
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost",
                "-keyout", str(self.key), "-out", str(self.certificate),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def start(self) -> DovecotServer:
        if not self.certificate.exists():
            self._make_certificate()
        self._write_config()
        # The daemon keeps its parent's stdout/stderr open: give it none, or run() never ends.
        subprocess.run(
            ["dovecot", "-c", str(self.config)],
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.running = True
        if not self._cleanup_registered:
            # However the test run ends, no Dovecot is left running and no folder behind.
            atexit.register(self.remove)
            self._cleanup_registered = True
        self._wait_for(self.port)
        return self

    def _wait_for(self, port: int) -> None:
        import socket

        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    if s.recv(64).startswith(b"* OK"):
                        return
            except OSError:
                time.sleep(0.05)
        log = self.folder / "dovecot.log"
        raise RuntimeError(f"Dovecot did not start: {log.read_text() if log.exists() else ''}")

    def stop(self) -> None:
        if not self.running:
            return
        self.running = False
        pid_file = self.folder / "run" / "master.pid"
        pid = int(pid_file.read_text()) if pid_file.exists() else None
        subprocess.run(
            ["dovecot", "-c", str(self.config), "stop"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if pid is not None:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.05)
            else:
                os.kill(pid, signal.SIGKILL)

    def crash(self) -> None:
        """Stop the server at once, open connections and all (a plain stop lets a running
        IMAP session finish its work first)."""
        pid_file = self.folder / "run" / "master.pid"
        master = int(pid_file.read_text())
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == master:
                    children.append(int(entry.name))
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        self.stop()

    def remove(self) -> None:
        """Stop the server and delete its folder (mail, config, certificate)."""
        self.stop()
        if not os.environ.get("KITH_KEEP_DOVECOT"):
            shutil.rmtree(self.folder, ignore_errors=True)

    def add_user(self) -> ImapUser:
        number = next(self._numbers)
        name = f"user{number}"
        password = f"pw-{number}-secret"
        home = self.folder / "home" / name
        user = ImapUser(name, password, home)
        uid, gid = self.mail_user.pw_uid, self.mail_user.pw_gid
        with (self.passwd / name).open("w") as handle:
            handle.write(f"{name}:{{PLAIN}}{password}:{uid}:{gid}::{home}::\n")
        home.mkdir(parents=True)
        for folder in (user.maildir, user.maildir / ".Sent"):
            box = mailbox.Maildir(str(folder), create=True)
            box.close()
        self._own(home)
        return user

    def deliver(self, user: ImapUser, messages: list[bytes], folder: str = "INBOX") -> None:
        """Drop messages into a folder of the user's Maildir (they appear at once)."""
        path = user.maildir if folder == "INBOX" else user.maildir / f".{folder}"
        box = mailbox.Maildir(str(path), create=True)
        for raw in messages:
            box.add(raw)
        box.close()
        self._own(user.home)

    def _own(self, path: Path) -> None:
        uid, gid = self.mail_user.pw_uid, self.mail_user.pw_gid
        for root, dirs, files in os.walk(path):
            os.chown(root, uid, gid)
            for name in dirs + files:
                os.chown(os.path.join(root, name), uid, gid)
        os.chown(path.parent, uid, gid)

    def set_uidvalidity(self, user: ImapUser, folder: str, value: int) -> None:
        """What a server does when it rebuilds a folder: a new UIDVALIDITY."""
        subprocess.run(
            ["doveadm", "-c", str(self.config), "mailbox", "update", "-u", user.name,
             "--uid-validity", str(value), folder],
            check=True,
            capture_output=True,
        )  # fmt: skip

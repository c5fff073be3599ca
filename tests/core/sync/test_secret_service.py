"""The password in a real Secret Service (GNOME Keyring on a private D-Bus session).

Skipped where gnome-keyring-daemon or dbus-run-session is not installed (Debian:
``apt-get install gnome-keyring dbus``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not (shutil.which("gnome-keyring-daemon") and shutil.which("dbus-run-session")),
    reason="needs gnome-keyring-daemon and dbus-run-session",
)

SCRIPT = textwrap.dedent(
    """
    import keyring
    from keyring.backends import SecretService

    keyring.set_keyring(SecretService.Keyring())
    from kith.core.sync.accounts import KEYRING_SERVICE, PasswordStore, keyring_status

    status = keyring_status()
    assert status.usable, status.message
    store = PasswordStore()
    assert store.set("account-uid-1", "S3cret app password") is True
    # A new session (a new store) finds it in the keyring, not in memory.
    assert PasswordStore().get("account-uid-1") == "S3cret app password"
    assert keyring.get_password(KEYRING_SERVICE, "account-uid-1") == "S3cret app password"
    store.forget("account-uid-1")
    assert PasswordStore().get("account-uid-1") is None
    print("secret service ok")
    """
)


def test_the_password_round_trips_through_gnome_keyring(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_RUNTIME_DIR": str(tmp_path),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    (tmp_path / "check.py").write_text(SCRIPT)
    command = (
        "echo -n 'kith-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "
        f"{sys.executable} {tmp_path / 'check.py'}"
    )
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", command],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "secret service ok" in result.stdout

"""``kith --self-test`` (what the installers run on a built bundle), here from the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _self_test(
    tmp_path: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``kith --self-test ARGS``; ``stdin``: its standard input (else none), ``env``: more of
    its environment."""
    import kith

    environment = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    environment.update(HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen", **(env or {}))
    # The Kith under test, whichever checkout the interpreter was installed from.
    code = str(Path(kith.__file__).resolve().parent.parent)
    environment["PYTHONPATH"] = os.pathsep.join(
        [code, *filter(None, environment.get("PYTHONPATH", "").split(os.pathsep))]
    )
    return subprocess.run(
        [sys.executable, "-m", "kith", "--self-test", *args],
        capture_output=True,
        text=True,
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        env=environment,
        cwd=tmp_path,
        timeout=120,
    )


def test_self_test_adds_a_contact_through_the_form_on_a_scratch_database(tmp_path: Path) -> None:
    result = _self_test(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "main window shown and painted" in result.stdout
    assert "an encrypted database opens with its key only (SQLCipher)" in result.stdout
    assert "created 'Ada Self-Test' through the form" in result.stdout
    assert result.stdout.rstrip().splitlines()[-1].startswith("kith --self-test: OK")
    # Nothing was written to the user's data folder or the working folder.
    assert not (tmp_path / "home" / ".local" / "share" / "Kith").exists()
    assert {p.name for p in tmp_path.iterdir()} <= {"home"}


def test_self_test_on_a_given_database_leaves_its_people_as_they_were(
    tmp_path: Path, db: object, db_path: Path
) -> None:
    from kith.core.contacts import ContactDraft, save_contact
    from kith.core.directory import contact_ids
    from kith.store.database import close_database, open_database

    save_contact(ContactDraft(full_name="Grace Hopper"))
    close_database()
    result = _self_test(tmp_path, "--database", str(db_path))
    assert result.returncode == 0, result.stdout + result.stderr
    open_database(db_path)
    assert len(contact_ids()) == 1


def test_self_test_fails_with_a_reason(tmp_path: Path) -> None:
    not_kith = tmp_path / "notes.sqlite"
    not_kith.write_text("shopping list")
    result = _self_test(tmp_path, "--database", str(not_kith))
    assert result.returncode == 1
    assert "kith --self-test: FAILED: cannot open" in result.stderr
    assert not_kith.read_text() == "shopping list"


def test_self_test_opens_an_encrypted_database_with_its_passphrase_on_standard_input(
    tmp_path: Path, db: object, db_path: Path
) -> None:
    from kith.core.contacts import ContactDraft, save_contact
    from kith.core.directory import contact_ids
    from kith.core.encryption import encrypt_database, key_from_passphrase
    from kith.store.database import close_database, open_database

    save_contact(ContactDraft(full_name="Grace Hopper"))
    close_database()
    encrypt_database(db_path, passphrase="river stone")
    result = _self_test(
        tmp_path, "--database", str(db_path), "--passphrase-stdin", stdin="river stone\n"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"database {db_path} (encrypted)" in result.stdout
    assert "created 'Ada Self-Test' through the form" in result.stdout
    open_database(db_path, key=key_from_passphrase("river stone"))
    assert len(contact_ids()) == 1

    # Without it (no keyring, no terminal): the reason, and no traceback.
    result = _self_test(tmp_path, "--database", str(db_path))
    assert result.returncode == 1
    assert "is encrypted, and this computer's keyring has no key for it" in result.stderr
    assert "--passphrase-stdin" in result.stderr
    assert "kith --self-test: FAILED: cannot open" in result.stderr
    assert "Traceback" not in result.stderr
    result = _self_test(tmp_path, "--database", str(db_path), "--passphrase-stdin", stdin="wrong\n")
    assert result.returncode == 1
    assert "That passphrase or key does not open" in result.stderr
    assert "Traceback" not in result.stderr


def test_self_test_opens_an_encrypted_database_with_the_key_in_the_keyring(
    tmp_path: Path, db: object, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring

    from kith.core.contacts import ContactDraft, save_contact
    from kith.core.encryption import encrypt_database
    from kith.store.database import close_database
    from tests.file_keyring import FileKeyring, keyring_env

    shared = keyring_env(tmp_path / "keyring.json")
    for name, value in shared.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(keyring.core, "_keyring_backend", FileKeyring())
    save_contact(ContactDraft(full_name="Grace Hopper"))
    close_database()
    assert encrypt_database(db_path).recovery_key is not None  # its key is in the keyring
    result = _self_test(tmp_path, "--database", str(db_path), env=shared)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"database {db_path} (encrypted)" in result.stdout

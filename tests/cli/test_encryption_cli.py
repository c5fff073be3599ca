"""``kith encrypt`` / ``kith decrypt``, and every verb on an encrypted file: the key from the
keyring, ``--passphrase-stdin`` (or the recovery key on it), a clear line for a wrong one."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kith.__main__ import main
from kith.core.contacts import ContactDraft, save_contact
from kith.core.database import close_database, open_database
from kith.core.encryption import is_encrypted
from tests.dav_server import MemoryKeyring


@pytest.fixture
def memory_keyring() -> Iterator[object]:
    import keyring

    before = keyring.get_keyring()
    backend = MemoryKeyring.backend()
    keyring.set_keyring(backend)  # type: ignore[arg-type]
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "kith.sqlite"
    open_database(path)
    save_contact(ContactDraft(full_name="Grace Hopper", company="Navy"))
    close_database()
    return path


def kith(*argv: str | Path, stdin: str = "", monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main([str(a) for a in argv])


def test_encrypt_prints_the_recovery_key_once_and_verbs_find_the_key_in_the_keyring(
    database: Path,
    memory_keyring: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert kith("encrypt", "--database", database, monkeypatch=monkeypatch) == 0
    out = capsys.readouterr().out
    assert is_encrypted(database)
    assert re.search(r"(?:[A-Z2-7]{4}-){13}[A-Z2-7]{4}", out), out
    assert "Without the keyring and this recovery key, nobody can open the file" in out
    assert kith("person", "Grace Hopper", "--database", database, monkeypatch=monkeypatch) == 0
    assert "Navy" in capsys.readouterr().out


def test_keyring_lost_the_recovery_key_on_standard_input_opens_it(
    database: Path,
    memory_keyring: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    kith("encrypt", "--database", database, monkeypatch=monkeypatch)
    recovery = re.search(r"(?:[A-Z2-7]{4}-){13}[A-Z2-7]{4}", capsys.readouterr().out)
    assert recovery is not None
    memory_keyring.secrets.clear()  # type: ignore[attr-defined]
    assert kith("stats", "--database", database, monkeypatch=monkeypatch) != 0
    err = capsys.readouterr().err
    assert "is encrypted, and this computer's keyring has no key for it" in err
    assert "--passphrase-stdin" in err
    assert "Traceback" not in err
    args = ("stats", "--database", database, "--passphrase-stdin")
    assert kith(*args, stdin=recovery.group(0) + "\n", monkeypatch=monkeypatch) == 0
    assert "now in this computer's keyring" in capsys.readouterr().err
    # The key went back into the keyring: no need to give it again.
    assert kith("stats", "--database", database, monkeypatch=monkeypatch) == 0


def test_a_passphrase_from_standard_input_encrypts_opens_and_decrypts(
    database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--database", database, "--passphrase-stdin")
    assert kith("encrypt", *db, stdin="quiet lake\n", monkeypatch=monkeypatch) == 0
    assert "ask for the passphrase every time" in capsys.readouterr().out
    assert kith("person", "Grace Hopper", *db, stdin="loud lake\n", monkeypatch=monkeypatch) != 0
    err = capsys.readouterr().err
    assert err.startswith("kith person: That passphrase or key does not open")
    assert kith("person", "Grace Hopper", *db, stdin="quiet lake\n", monkeypatch=monkeypatch) == 0
    assert "Navy" in capsys.readouterr().out
    assert kith("decrypt", *db, stdin="quiet lake\n", monkeypatch=monkeypatch) == 0
    assert not is_encrypted(database)
    assert kith("person", "Grace Hopper", "--database", database, monkeypatch=monkeypatch) == 0


def test_the_passphrase_line_comes_before_a_password_on_standard_input(
    database: Path,
    memory_keyring: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = ("--database", database, "--passphrase-stdin")
    assert kith("encrypt", *db, stdin="quiet lake\n", monkeypatch=monkeypatch) == 0
    # `accounts add` reads its password from standard input too: after the passphrase.
    add = ("accounts", "add", "Home", "--url", "http://127.0.0.1:9/", "--user", "me", *db)
    kith(*add, stdin="quiet lake\nsecret\n", monkeypatch=monkeypatch)
    err = capsys.readouterr().err
    assert "does not open" not in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_passphrase_is_asked_three_times_then_kith_gives_up(
    database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--database", database, "--passphrase-stdin")
    assert kith("encrypt", *db, stdin="quiet lake\n", monkeypatch=monkeypatch) == 0
    asked: list[str] = []

    def typed(prompt: str) -> str:
        asked.append(prompt)
        return "wrong"

    monkeypatch.setattr("getpass.getpass", typed)
    monkeypatch.setattr("sys.stdin", _Terminal())
    assert main(["stats", "--database", str(database)]) != 0
    assert len(asked) == 3 and str(database) in asked[0]
    err = capsys.readouterr().err
    assert err.count("That does not open it; try again.") == 2
    assert "kith stats: That passphrase or key does not open" in err
    answers = iter(["wrong", "quiet lake"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(answers))
    assert main(["stats", "--database", str(database)]) == 0


def test_kith_backups_reads_the_encrypted_backups_with_the_databases_key(
    database: Path,
    memory_keyring: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from kith.core.encryption import keyring_key
    from kith.store.backup import write_backup

    assert kith("encrypt", "--database", database, monkeypatch=monkeypatch) == 0
    open_database(database, key=keyring_key(database))
    write_backup(database, "daily")
    close_database()
    capsys.readouterr()
    assert kith("backups", "--json", "--database", database, monkeypatch=monkeypatch) == 0
    import json

    listed = json.loads(capsys.readouterr().out)["backups"]
    assert [(b["people"], b["readable"]) for b in listed] == [(1, True)]


def test_encrypt_and_decrypt_hold_nothing_open_on_the_file_they_replace(
    database: Path,
    memory_keyring: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """On Windows a file cannot be renamed over or removed while open: the verb's own lock
    and connection on the file are closed for the swap (checked here on Linux by refusing, as
    Windows does, any rename or removal of a file this process still has open)."""
    from kith.core.directory import find_contacts
    from kith.core.encryption import keyring_key
    from kith.store.backup import write_backup
    from tests.windows_file_rules import open_descriptors, windows_file_rules

    open_database(database)
    write_backup(database, "daily")  # converted too, by the same swap
    close_database()
    rules = windows_file_rules(monkeypatch, database.parent)
    assert kith("encrypt", "--database", database, monkeypatch=monkeypatch) == 0, (
        capsys.readouterr().err
    )
    assert rules.refused == []
    assert ("replace", str(database)) in rules.allowed
    assert is_encrypted(database)
    assert not Path(f"{database}-wal").exists() and not Path(f"{database}-shm").exists()
    assert open_descriptors(database) == []  # the verb's lock went at its end
    # The converted file works: a contact is written and read back, by a verb and directly.
    log = ("log", "Grace Hopper", "--kind", "call", "--reached-out", "me", "--flow", "mutual")
    assert kith(*log, "--database", database, monkeypatch=monkeypatch) == 0
    key = keyring_key(database)
    open_database(database, key=key)
    save_contact(ContactDraft(full_name="Katherine Johnson"))
    close_database()
    open_database(database, key=key)
    assert [c.full_name for c in find_contacts("johnson")] == ["Katherine Johnson"]
    close_database()
    assert b"Katherine" not in database.read_bytes()

    assert kith("decrypt", "--database", database, monkeypatch=monkeypatch) == 0, (
        capsys.readouterr().err
    )
    assert rules.refused == []
    assert not is_encrypted(database)
    open_database(database)
    assert [c.full_name for c in find_contacts("johnson")] == ["Katherine Johnson"]
    close_database()


def test_kith_import_reads_an_encrypted_backup_with_its_own_passphrase(
    database: Path,
    tmp_path: Path,
    memory_keyring: object,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The encrypted JSON backup of another database is imported into this one with that
    database's passphrase (on standard input, as for kith restore); without it, one clear
    line."""
    db = ("--database", database, "--passphrase-stdin")
    assert kith("encrypt", *db, stdin="quiet lake\n", monkeypatch=monkeypatch) == 0
    backup = tmp_path / "backup.json"
    assert kith("export", backup, *db, stdin="quiet lake\n", monkeypatch=monkeypatch) == 0
    assert b"Grace" not in backup.read_bytes()
    other = tmp_path / "other.sqlite"
    into = ("import", backup, "--yes", "--database", other, "--create")
    capsys.readouterr()
    assert kith(*into, monkeypatch=monkeypatch) != 0
    err = capsys.readouterr().err
    assert "is encrypted, and this computer's keyring has no key for it" in err
    assert "Traceback" not in err
    assert kith(*into, "--passphrase-stdin", stdin="loud lake\n", monkeypatch=monkeypatch) != 0
    assert "That passphrase or key does not open" in capsys.readouterr().err
    assert kith(*into, "--passphrase-stdin", stdin="quiet lake\n", monkeypatch=monkeypatch) == 0
    assert "encrypted Kith backup" in capsys.readouterr().out
    assert kith("person", "Grace Hopper", "--database", other, monkeypatch=monkeypatch) == 0
    assert "Navy" in capsys.readouterr().out
    # Into the database it was made from: its own key opens it, nothing is asked.
    assert kith("import", backup, "--yes", *db, stdin="quiet lake\n", monkeypatch=monkeypatch) == 0
    assert "already in Kith" in capsys.readouterr().out

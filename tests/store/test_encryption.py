"""An encrypted database file: what it holds on disk, opening it with the right key, the wrong
one and none, its backups, and converting a file in place (also when killed midway)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kith.core.contacts import ChannelDraft, ContactDraft, save_contact
from kith.core.directory import find_contacts
from kith.store.backup import backup_files, read_facts, write_backup
from kith.store.cipher import FileKey, looks_encrypted
from kith.store.conversion import ConversionError, convert_file, converting_path
from kith.store.database import (
    EncryptedDatabaseError,
    NotKithDatabaseError,
    WrongKeyError,
    close_database,
    open_database,
)

NAME = "Zebulon Quartermaine"
EMAIL = "zebulon.q@example.org"
PHONE = "+1 415 555 0199"
NOTES = "Mentioned his bakery idea over coffee"
SECRETS = [s.encode() for s in (NAME, "Quartermaine", EMAIL, "555 0199", "4155550199", NOTES)]
KEY = FileKey(raw=bytes(range(32)))


def add_zebulon() -> int:
    return save_contact(
        ContactDraft(
            full_name=NAME,
            notes=NOTES,
            channels=[ChannelDraft("email", EMAIL), ChannelDraft("phone", PHONE)],
        )
    )


def files_beside(path: Path) -> list[Path]:
    """The database, its -wal and -shm, and every file in its backups folder."""
    found = [p for p in path.parent.iterdir() if p.is_file()]
    backups = path.parent / "backups"
    if backups.exists():
        found += [p for p in backups.iterdir() if p.is_file()]
    return found


def leaked(path: Path) -> list[str]:
    found = []
    for p in files_beside(path):
        data = p.read_bytes()
        found += [f"{p.name}: {s.decode()}" for s in SECRETS if s in data]
    return found


def test_a_plain_file_gives_the_contact_away(db_path: Path) -> None:
    # The check below is worth something only if it finds the name in a plain file.
    open_database(db_path)
    add_zebulon()
    close_database()
    assert leaked(db_path)


def test_an_encrypted_file_holds_none_of_a_contacts_details_even_while_open(
    db_path: Path,
) -> None:
    open_database(db_path, key=KEY)
    add_zebulon()
    write_backup(db_path, "test")
    # Open and written: the -wal and -shm are there too, and checked as well.
    assert Path(f"{db_path}-wal").exists()
    assert leaked(db_path) == []
    assert [s.full_name for s in find_contacts("zebul")] == [NAME]
    close_database()
    assert leaked(db_path) == []
    assert looks_encrypted(db_path)


def test_the_right_key_opens_it_and_full_text_search_works(db_path: Path) -> None:
    open_database(db_path, key=KEY)
    add_zebulon()
    close_database()
    open_database(db_path, key=KEY)
    assert [s.full_name for s in find_contacts("quarterm")] == [NAME]
    close_database()


def test_no_key_or_a_wrong_one_is_said_plainly_and_the_file_is_untouched(db_path: Path) -> None:
    open_database(db_path, key=KEY)
    add_zebulon()
    close_database()
    before = db_path.read_bytes()
    with pytest.raises(EncryptedDatabaseError, match="is encrypted"):
        open_database(db_path)
    with pytest.raises(WrongKeyError, match="does not open"):
        open_database(db_path, key=FileKey(passphrase="not it"))
    with pytest.raises(WrongKeyError):
        open_database(db_path, key=FileKey(raw=bytes(32)))
    assert db_path.read_bytes() == before


def test_a_text_file_is_not_mistaken_for_an_encrypted_one(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n")
    with pytest.raises(NotKithDatabaseError):
        open_database(path)


def test_a_plain_file_opens_as_it_is_whatever_the_key(db_path: Path) -> None:
    open_database(db_path)
    add_zebulon()
    close_database()
    open_database(db_path, key=KEY)
    add_zebulon()
    close_database()
    assert db_path.read_bytes().startswith(b"SQLite format 3\x00")


@pytest.mark.parametrize("key", [KEY, FileKey(passphrase="tea at five")], ids=repr)
def test_backups_of_an_encrypted_database_are_encrypted_with_the_same_key(
    db_path: Path, key: FileKey
) -> None:
    open_database(db_path, key=key)
    add_zebulon()
    backup = write_backup(db_path, "test")
    assert read_facts(backup).people == 1
    close_database()
    assert looks_encrypted(backup)
    assert not any(s in backup.read_bytes() for s in SECRETS)
    # The same key opens the backup as a database of its own.
    open_database(backup, key=key)
    assert [s.full_name for s in find_contacts("zebulon")] == [NAME]
    close_database()


def _plain_with_people(path: Path, count: int = 1) -> None:
    open_database(path)
    add_zebulon()
    for n in range(count - 1):
        save_contact(ContactDraft(full_name=f"Person {n}", notes="x" * 200))
    write_backup(path, "test")
    close_database()


def test_converting_to_encrypted_and_back_keeps_every_row(db_path: Path) -> None:
    _plain_with_people(db_path, 50)
    convert_file(db_path, old_key=None, new_key=KEY)
    assert leaked(db_path) == [f"{p.name}: {s.decode()}" for p, s in _backup_leaks(db_path)]
    open_database(db_path, key=KEY)
    assert [s.full_name for s in find_contacts("zebulon")] == [NAME]
    close_database()
    convert_file(db_path, old_key=KEY, new_key=FileKey(passphrase="correct horse"))
    open_database(db_path, key=FileKey(passphrase="correct horse"))
    close_database()
    convert_file(db_path, old_key=FileKey(passphrase="correct horse"), new_key=None)
    open_database(db_path)
    assert [s.full_name for s in find_contacts("zebulon")] == [NAME]
    assert len(find_contacts("person", limit=100)) == 49
    close_database()
    assert not converting_path(db_path).exists()


def _backup_leaks(path: Path) -> list[tuple[Path, bytes]]:
    """The plain backup written before the conversion (convert_file leaves backups alone)."""
    return [(p, s) for p, _ in backup_files(path) for s in SECRETS if s in p.read_bytes()]


# --- killed midway ------------------------------------------------------------------------------

_CONVERT = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from kith.store.cipher import FileKey
    from kith.store.conversion import convert_file

    path, direction, stop = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    key = FileKey(raw=bytes(range(32)))
    def step(stage):
        if stage == stop:
            os.kill(os.getpid(), signal.SIGKILL)
    old, new = (None, key) if direction == "encrypt" else (key, None)
    print("go", flush=True)
    convert_file(path, old_key=old, new_key=new, step=step)
    """
)


def _people_in(path: Path) -> int:
    """How many people the file holds, opened whichever way it is (plain or with KEY)."""
    key = KEY if looks_encrypted(path) else None
    open_database(path, key=key)
    try:
        from kith.store.models import Contact

        return Contact.select().count()
    finally:
        close_database()


def _run_convert(path: Path, direction: str, stop: str, kill_after: float | None) -> int:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _CONVERT, str(path), direction, stop],
        stdout=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None
    proc.stdout.readline()  # "go": the conversion starts now
    if kill_after is not None:
        import time

        time.sleep(kill_after)  # a random moment to kill at, not a timing assertion
        proc.send_signal(signal.SIGKILL)
    return proc.wait()


@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
@pytest.mark.parametrize("direction", ["encrypt", "decrypt"])
@pytest.mark.parametrize("stop", ["copy", "check", "swap"])
def test_a_conversion_killed_at_each_stage_leaves_the_file_as_it_was(
    db_path: Path, direction: str, stop: str
) -> None:
    _plain_with_people(db_path, 200)
    if direction == "decrypt":
        convert_file(db_path, old_key=None, new_key=KEY)
    was_encrypted = looks_encrypted(db_path)
    assert _run_convert(db_path, direction, stop, None) == -signal.SIGKILL
    assert looks_encrypted(db_path) == was_encrypted
    assert _people_in(db_path) == 200


@pytest.mark.skipif(os.name != "posix", reason="needs SIGKILL")
def test_conversions_killed_at_random_moments_leave_one_whole_file(tmp_path: Path) -> None:
    chance = random.Random(19)
    source = tmp_path / "source.sqlite"
    _plain_with_people(source, 400)
    outcomes = set()
    for trial in range(8):
        path = tmp_path / f"trial{trial}" / "kith.sqlite"
        path.parent.mkdir()
        path.write_bytes(source.read_bytes())
        direction = "encrypt"
        if trial % 2:
            convert_file(path, old_key=None, new_key=KEY)
            direction = "decrypt"
        _run_convert(path, direction, "never", chance.uniform(0.0, 0.25))
        outcomes.add((direction, looks_encrypted(path)))
        assert _people_in(path) == 400, f"trial {trial}"
    # Not an assertion on speed: only that both kinds of conversion were tried.
    assert {d for d, _ in outcomes} == {"encrypt", "decrypt"}


def test_a_write_that_comes_in_during_the_conversion_is_not_lost(db_path: Path) -> None:
    _plain_with_people(db_path, 3)
    import sqlite3

    def someone_writes(stage: str) -> None:
        if stage == "check":
            other = sqlite3.connect(db_path)
            other.execute("UPDATE contact SET notes = 'written meanwhile'")
            other.commit()
            other.close()

    with pytest.raises(ConversionError, match="written to while Kith converted it"):
        convert_file(db_path, old_key=None, new_key=KEY, step=someone_writes)
    assert not looks_encrypted(db_path)
    assert not converting_path(db_path).exists()
    open_database(db_path)
    from kith.store.models import Contact

    assert {c.notes for c in Contact.select()} == {"written meanwhile"}
    close_database()


# --- the swap holds nothing open on the file -----------------------------------------------------


def test_the_swap_is_refused_while_another_program_has_the_file_open(db_path: Path) -> None:
    """Another program's connection, idle (so the copy could be made), is still open at the
    swap: its journal is still beside the file, and the file is left as it was rather than
    renamed from under it."""
    _plain_with_people(db_path, 3)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1])\n"
            "c.execute('SELECT count(*) FROM contact').fetchone()\n"
            "print('open', flush=True)\n"
            "time.sleep(60)\n",
            str(db_path),
        ],
        stdout=subprocess.PIPE,
        env=env,
    )
    try:
        assert reader.stdout is not None
        reader.stdout.readline()
        stages: list[str] = []
        with pytest.raises(ConversionError, match="is in use"):
            convert_file(db_path, old_key=None, new_key=KEY, step=stages.append)
        assert stages == ["copy", "check", "swap"]  # refused at the swap itself
    finally:
        reader.kill()
        reader.wait()
    assert not looks_encrypted(db_path)
    assert not converting_path(db_path).exists()
    assert _people_in(db_path) == 3


def test_the_files_locks_are_set_aside_for_the_swap_and_taken_on_the_new_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The locks this process holds on the file are closed while the converted copy is renamed
    over it, and are on the new file after; another file's lock stays as it was."""
    from kith.store.file_lock import DatabaseFileLock, DatabaseInUseError
    from tests.windows_file_rules import windows_file_rules

    _plain_with_people(db_path, 3)
    lock = DatabaseFileLock(db_path)
    lock.acquire()
    elsewhere = DatabaseFileLock(db_path.with_name("other.sqlite"))
    elsewhere.acquire()
    held_during: list[bool] = []
    rules = windows_file_rules(monkeypatch, db_path.parent)
    guarded_replace = os.replace

    def replace(src: object, dst: object) -> None:
        held_during.extend([lock.held, elsewhere.held])
        guarded_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr("kith.store.conversion.os.replace", replace)
    try:
        for old, new in ((None, KEY), (KEY, None)):
            held_during.clear()
            convert_file(db_path, old_key=old, new_key=new)
            assert rules.refused == [] and held_during == [False, True]
            assert lock.held and elsewhere.held
            assert os.fstat(lock._fd).st_ino == db_path.stat().st_ino  # type: ignore[arg-type]
            with pytest.raises(DatabaseInUseError):
                DatabaseFileLock(db_path).acquire()
        assert not looks_encrypted(db_path)
    finally:
        lock.release()
        elsewhere.release()

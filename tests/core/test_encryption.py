"""Turning encryption on and off, and the keys that open an encrypted file: the keyring's, a
passphrase, the recovery key — and what happens when the keyring is gone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kith.core.contacts import ContactDraft, save_contact
from kith.core.database import EncryptedDatabaseError, WrongKeyError, close_database, open_database
from kith.core.directory import find_contacts
from kith.core.encryption import (
    KEYRING_SERVICE,
    EncryptionError,
    decrypt_database,
    encrypt_database,
    is_encrypted,
    key_from_passphrase,
    key_from_recovery,
    keyring_key,
    parse_recovery_key,
    recovery_key_text,
    remember_recovered,
    state,
)
from kith.store.backup import backup_files, write_backup
from kith.store.cipher import looks_encrypted
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
def no_keyring() -> Iterator[None]:
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def plain(db_path: Path) -> Path:
    open_database(db_path)
    save_contact(ContactDraft(full_name="Ada Lovelace", notes="analytical engine"))
    write_backup(db_path, "daily")
    close_database()
    return db_path


def names(query: str) -> list[str]:
    return [s.full_name for s in find_contacts(query)]


def test_a_recovery_key_reads_back_and_a_typo_is_caught() -> None:
    raw = bytes(range(32))
    text = recovery_key_text(raw)
    groups = text.split("-")
    assert len(groups) == 14 and all(len(g) == 4 for g in groups)
    assert parse_recovery_key(text) == raw
    assert parse_recovery_key(text.lower().replace("-", " ")) == raw
    typo = text[:5] + ("B" if text[5] != "B" else "C") + text[6:]
    with pytest.raises(ValueError, match="not a valid recovery key"):
        parse_recovery_key(typo)


def test_encrypting_keeps_the_key_in_the_keyring_and_the_file_opens_by_itself(
    plain: Path, memory_keyring: object
) -> None:
    done = encrypt_database(plain)
    assert done.recovery_key is not None and done.backups_converted == 1
    assert is_encrypted(plain)
    assert state(plain).key_source == "keyring"
    assert all(looks_encrypted(p) for p, _ in backup_files(plain))
    key = keyring_key(plain)
    assert key is not None
    open_database(plain, key=key)
    assert names("lovelace") == ["Ada Lovelace"]
    close_database()


def test_without_a_keyring_encrypting_refuses_and_changes_nothing(
    plain: Path, no_keyring: None
) -> None:
    before = plain.read_bytes()
    with pytest.raises(EncryptionError, match="no system keyring"):
        encrypt_database(plain)
    assert plain.read_bytes() == before


def test_keyring_gone_with_the_recovery_key_the_file_opens_and_the_key_goes_back_in(
    plain: Path, memory_keyring: object
) -> None:
    recovery = encrypt_database(plain).recovery_key
    assert recovery is not None
    memory_keyring.secrets.clear()  # type: ignore[attr-defined]  # a new computer
    assert keyring_key(plain) is None
    assert state(plain).key_source == "unknown"
    key = key_from_recovery(recovery)
    open_database(plain, key=key)
    assert names("ada") == ["Ada Lovelace"]
    close_database()
    assert remember_recovered(plain, key)
    assert keyring_key(plain) == key


def test_keyring_gone_without_the_recovery_key_nothing_opens_it(
    plain: Path, memory_keyring: object
) -> None:
    encrypt_database(plain)
    memory_keyring.secrets.clear()  # type: ignore[attr-defined]
    assert keyring_key(plain) is None
    with pytest.raises(EncryptedDatabaseError, match="needs its key"):
        open_database(plain)
    with pytest.raises(WrongKeyError):
        open_database(plain, key=key_from_passphrase("guess"))
    other = recovery_key_text(bytes(32))
    with pytest.raises(WrongKeyError):
        open_database(plain, key=key_from_recovery(other))


def test_a_passphrase_instead_of_the_keyring(plain: Path, no_keyring: None) -> None:
    done = encrypt_database(plain, passphrase="tea at five")
    assert done.recovery_key is None
    with pytest.raises(WrongKeyError):
        open_database(plain, key=key_from_passphrase("tea at six"))
    open_database(plain, key=key_from_passphrase("tea at five"))
    assert names("ada") == ["Ada Lovelace"]
    close_database()


def test_decrypting_gives_back_a_plain_file_and_forgets_the_key(
    plain: Path, memory_keyring: object
) -> None:
    encrypt_database(plain)
    key = keyring_key(plain)
    assert key is not None
    assert decrypt_database(plain, key) == 1
    assert not is_encrypted(plain)
    assert all(not looks_encrypted(p) for p, _ in backup_files(plain))
    assert not [k for k in memory_keyring.secrets if k[0] == KEYRING_SERVICE]  # type: ignore[attr-defined]
    open_database(plain)
    assert names("ada") == ["Ada Lovelace"]
    close_database()


def test_decrypting_with_a_wrong_passphrase_is_refused(plain: Path, no_keyring: None) -> None:
    encrypt_database(plain, passphrase="right")
    with pytest.raises(WrongKeyError):
        decrypt_database(plain, key_from_passphrase("wrong"))
    assert is_encrypted(plain)


def test_a_json_backup_of_an_encrypted_database_is_encrypted_with_the_same_key(
    plain: Path, tmp_path: Path, memory_keyring: object
) -> None:
    from kith.core.export import RestoreError, export_json_backup, restore_json_backup

    recovery = encrypt_database(plain).recovery_key
    assert recovery is not None
    key = keyring_key(plain)
    open_database(plain, key=key)
    backup = tmp_path / "full-backup.json"
    export_json_backup(backup)
    close_database()
    data = backup.read_bytes()
    assert b"Lovelace" not in data and b"analytical" not in data
    # Into a new database on another computer: the recovery key opens it, nothing else does.
    fresh = tmp_path / "other" / "kith.sqlite"
    open_database(fresh)
    with pytest.raises(RestoreError, match="encrypted Kith backup"):
        restore_json_backup(backup)
    with pytest.raises(RestoreError, match="does not open it"):
        restore_json_backup(backup, key_from_passphrase("guess"))
    summary = restore_json_backup(backup, key_from_recovery(recovery))
    assert summary.contacts == 1
    assert names("lovelace") == ["Ada Lovelace"]
    close_database()


def test_an_encrypted_json_backup_is_written_and_read_a_piece_at_a_time(
    plain: Path, tmp_path: Path, memory_keyring: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The backup goes into the sealed file as it is read, in pieces, and the restore reads
    those pieces back as a stream: with pieces of a few dozen characters, split anywhere in a
    record, the restored database is the same."""
    from kith.core import export
    from kith.store import cipher

    encrypt_database(plain)
    key = keyring_key(plain)
    open_database(plain, key=key)
    monkeypatch.setattr(export, "_BACKUP_CHUNK", 40)
    backup = tmp_path / "full-backup.json"
    export.export_json_backup(backup)
    close_database()
    sealed = cipher.open_sealed(backup, key)
    assert sealed is not None
    with sealed:
        pieces = [piece for piece in iter(lambda: sealed.read(7), "")]
    assert len(pieces) > 20 and "Ada Lovelace" in "".join(pieces)
    conn = cipher.connect(backup, key.for_file(backup))
    try:  # written as it was read: a row per piece, not one text
        assert conn.execute("SELECT COUNT(*) FROM kith_sealed_text").fetchone()[0] > 1
    finally:
        conn.close()
    fresh = tmp_path / "other" / "kith.sqlite"
    open_database(fresh)
    try:
        summary = export.restore_json_backup(backup, key)
        assert summary.contacts == 1
        assert names("lovelace") == ["Ada Lovelace"]
    finally:
        close_database()


def test_a_json_backup_of_a_plain_database_stays_plain_json(plain: Path, tmp_path: Path) -> None:
    import json

    from kith.core.export import export_json_backup

    open_database(plain)
    backup = tmp_path / "full-backup.json"
    export_json_backup(backup)
    close_database()
    assert json.loads(backup.read_text())["contacts"][0]["full_name"] == "Ada Lovelace"


# --- an encrypted JSON backup through the import review ------------------------------------------


def _import_names(path: Path, key: object = None) -> list[str]:
    from kith.core.importing.review import ImportReview

    review = ImportReview(path, key=key)  # type: ignore[arg-type]
    assert review.format_name == "encrypted Kith backup"
    return [c.name for c in review.candidates()]


def test_the_import_review_reads_an_encrypted_backup_of_the_open_database_with_its_key(
    plain: Path, tmp_path: Path, memory_keyring: object
) -> None:
    from kith.core.export import export_json_backup

    encrypt_database(plain)
    open_database(plain, key=keyring_key(plain))
    backup = tmp_path / "full-backup.json"
    export_json_backup(backup)
    save_contact(ContactDraft(full_name="Charles Babbage"))
    try:
        assert _import_names(backup) == ["Ada Lovelace"]  # no key asked for
    finally:
        close_database()


def test_the_import_review_of_another_databases_encrypted_backup_needs_its_key(
    plain: Path, tmp_path: Path, memory_keyring: object
) -> None:
    """Another database's backup: neither the open database's key nor a wrong one opens it
    (a clear message, which says whether a key was given); its passphrase or its recovery key
    does — into an encrypted database or a plain one."""
    from kith.core.export import export_json_backup
    from kith.core.importing.file import EncryptedBackupError

    recovery = encrypt_database(plain).recovery_key
    assert recovery is not None
    open_database(plain, key=keyring_key(plain))
    backup = tmp_path / "full-backup.json"
    export_json_backup(backup)
    close_database()

    other = tmp_path / "other" / "kith.sqlite"
    open_database(other)
    close_database()
    encrypt_database(other, passphrase="another one")
    open_database(other, key=key_from_passphrase("another one"))
    try:
        with pytest.raises(EncryptedBackupError) as refused:
            _import_names(backup)
        assert not refused.value.key_given
        assert "is an encrypted Kith backup, and the key of the database open here" in str(
            refused.value
        )
        assert "passphrase or the recovery key of the database it was made from" in str(
            refused.value
        )
        with pytest.raises(EncryptedBackupError, match="does not open it") as refused:
            _import_names(backup, key_from_passphrase("guess"))
        assert refused.value.key_given
        assert _import_names(backup, key_from_recovery(recovery)) == ["Ada Lovelace"]
    finally:
        close_database()

    plain_other = tmp_path / "plain" / "kith.sqlite"
    open_database(plain_other)
    try:
        with pytest.raises(EncryptedBackupError, match="no key was given"):
            _import_names(backup)
        assert _import_names(backup, key_from_recovery(recovery)) == ["Ada Lovelace"]
    finally:
        close_database()


def test_a_damaged_encrypted_backup_is_a_clear_message_in_the_import_review(
    plain: Path, tmp_path: Path, memory_keyring: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kith.core import export
    from kith.core.importing.file import EncryptedBackupError, ImportFileError
    from kith.core.importing.review import ImportReview

    encrypt_database(plain)
    open_database(plain, key=keyring_key(plain))
    for number in range(40):
        save_contact(ContactDraft(full_name=f"Person {number}", notes="x" * 400))
    monkeypatch.setattr(export, "_BACKUP_CHUNK", 200)  # many rows, over several pages
    backup = tmp_path / "full-backup.json"
    export.export_json_backup(backup)
    data = bytearray(backup.read_bytes())
    assert len(data) >= 4 * 4096
    data[-2048:-1984] = bytes(64)  # the last page, flipped on the disk
    backup.write_bytes(bytes(data))
    try:
        with pytest.raises(ImportFileError) as refused:
            ImportReview(backup)
        assert not isinstance(refused.value, EncryptedBackupError)
        assert "“full-backup.json” is damaged and cannot be read" in str(refused.value)
    finally:
        close_database()


@pytest.mark.parametrize("start", [b"{", b"\xef\xbb\xbf {", b'\n\n{"'])
def test_an_encrypted_backup_whose_random_salt_starts_like_json_is_still_an_encrypted_backup(
    plain: Path, tmp_path: Path, memory_keyring: object, start: bytes
) -> None:
    """The salt an encrypted backup starts with is random: one backup in 256 begins with "{"
    (as JSON text does). Such a backup is still offered as an encrypted backup — with the
    salt changed here, its key no longer opens it, which the message says — and never called
    "not a text file"."""
    from kith.core.export import backup_is_encrypted, export_json_backup
    from kith.core.importing.file import EncryptedBackupError

    encrypt_database(plain)
    open_database(plain, key=keyring_key(plain))
    backup = tmp_path / "full-backup.json"
    try:
        export_json_backup(backup)
        data = backup.read_bytes()
        backup.write_bytes(start + data[len(start) :])
        assert backup_is_encrypted(backup)
        with pytest.raises(EncryptedBackupError, match="is an encrypted Kith backup"):
            _import_names(backup)
    finally:
        close_database()


def test_a_text_file_a_whole_number_of_pages_long_is_not_taken_for_an_encrypted_backup(
    tmp_path: Path, db: object
) -> None:
    """A vCard (or CSV) that happens to be 4096 bytes long is read as text: only a file that
    is not text is asked whether it is an encrypted backup."""
    from kith.core.importing.review import ImportReview

    card = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada Lovelace\r\nNOTE:{}\r\nEND:VCARD\r\n"
    text = card.format("x" * (4096 - len(card.format(""))))
    path = tmp_path / "all.vcf"
    path.write_text(text, encoding="ascii", newline="")
    assert path.stat().st_size == 4096
    review = ImportReview(path)
    assert not review.encrypted and review.format_name == "vCard"
    assert [c.name for c in review.candidates()] == ["Ada Lovelace"]

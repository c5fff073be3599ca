"""Encryption at rest: turning it on and off for a database file, and finding the key that
opens one (the OS keyring, a passphrase, or the recovery key).

Two ways to hold the key (docs/encryption.md):

- **the keyring** (the default): a random 256-bit key, kept in the OS keyring under the file's
  path; the user never sees it, except as the **recovery key** shown once when encryption is
  turned on — the same key written in groups of base32 letters with a checksum — which opens
  the file on another computer or after the keyring is lost (and then goes into the keyring);
- **a passphrase**: SQLCipher derives the key from it (PBKDF2); nothing is stored anywhere, and
  Kith asks for it at every start.

Without the keyring, the passphrase and the recovery key, nothing opens the file.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kith.store import cipher
from kith.store.backup import backup_files
from kith.store.cipher import FileKey
from kith.store.conversion import ConversionError, Swap, convert_file
from kith.store.database import DatabaseProblem, inspect_file

#: The keyring service under which the key of each encrypted file is kept (by its path).
KEYRING_SERVICE = "Kith database key"

_CHECK_BYTES = 3  # 32 + 3 bytes = 280 bits = 56 base32 letters, 14 groups of 4


class EncryptionError(DatabaseProblem):
    """Encryption could not be turned on or off, or no key opens the file; the message is for
    the user and the file is as it was."""

    title = "Encryption"


@dataclass(frozen=True)
class EncryptionState:
    """Whether a file is encrypted, and how its key is held."""

    encrypted: bool
    #: "keyring" (a key for it is in this computer's keyring), "passphrase" or "unknown"
    #: (encrypted, and no key for it here), "" for a plain file.
    key_source: str


# --- the recovery key --------------------------------------------------------------------------


def recovery_key_text(raw: bytes) -> str:
    """``raw`` as a recovery key: 14 groups of 4 letters and digits, checked by 3 bytes of
    SHA-256, e.g. ``ABCD-EFGH-…``."""
    check = hashlib.sha256(raw).digest()[:_CHECK_BYTES]
    letters = base64.b32encode(raw + check).decode("ascii")
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def parse_recovery_key(text: str) -> bytes:
    """The raw key a recovery key stands for; spaces, dashes and case do not matter.

    Raises :class:`ValueError` with a message for the user when it is not one (a typo)."""
    letters = "".join(ch for ch in text.upper() if ch.isalnum())
    letters = letters.replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        data = base64.b32decode(letters)
    except ValueError:
        data = b""
    raw, check = data[:32], data[32:]
    if len(raw) != 32 or hashlib.sha256(raw).digest()[:_CHECK_BYTES] != check:
        raise ValueError(
            "That is not a valid recovery key: it is 56 letters and digits in groups of four "
            "(ABCD-EFGH-…). Check it for a typo."
        )
    return raw


# --- the keyring -------------------------------------------------------------------------------


def _keyring_name(path: Path) -> str:
    return os.path.realpath(Path(path).expanduser())


def _keyring_failed(doing: str, exc: BaseException) -> EncryptionError:
    detail = str(exc).strip() or type(exc).__name__
    return EncryptionError(
        Path(""),
        f"The system keyring could not {doing} the database key ({detail}). Check that your "
        "keyring (GNOME Keyring, KWallet…) is running and unlocked, then try again.",
    )


def keyring_usable() -> bool:
    """Whether an OS keyring can keep the key (not keyring's *fail* or *null* backend)."""
    from kith.core.sync.accounts import keyring_status

    return keyring_status().usable


def stored_key(path: Path) -> bytes | None:
    """The key the keyring keeps for ``path``, or None (no keyring, or no key for it)."""
    if not keyring_usable():
        return None
    import keyring

    try:
        value = keyring.get_password(KEYRING_SERVICE, _keyring_name(path))
    except Exception as exc:  # a D-Bus error as much as keyring's own
        raise _keyring_failed("read", exc) from exc
    if not value:
        return None
    try:
        raw = bytes.fromhex(value)
    except ValueError:
        return None
    return raw if len(raw) == 32 else None


def store_key(path: Path, raw: bytes) -> None:
    """Keep ``raw`` in the keyring for ``path``; :class:`EncryptionError` when it cannot."""
    if not keyring_usable():
        raise EncryptionError(
            Path(path),
            "This computer has no system keyring to keep the database key in. Use a "
            "passphrase instead (Kith then asks for it at every start).",
        )
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, _keyring_name(path), raw.hex())
    except Exception as exc:
        raise _keyring_failed("store", exc) from exc


def forget_key(path: Path) -> None:
    """Remove ``path``'s key from the keyring (nothing when there is none)."""
    if not keyring_usable():
        return
    import keyring

    try:
        keyring.delete_password(KEYRING_SERVICE, _keyring_name(path))
    except Exception:  # not there, or the keyring is gone: nothing to remove either way
        return


# --- which key opens a file --------------------------------------------------------------------


def is_encrypted(path: Path) -> bool:
    """Whether the file at ``path`` is an encrypted one (by its first bytes)."""
    return Path(path).exists() and cipher.looks_encrypted(Path(path).expanduser())


def state(path: Path) -> EncryptionState:
    """Whether ``path`` is encrypted, and whether this computer's keyring has its key."""
    if not is_encrypted(path):
        return EncryptionState(False, "")
    try:
        in_keyring = stored_key(path) is not None
    except EncryptionError:
        in_keyring = False
    return EncryptionState(True, "keyring" if in_keyring else "unknown")


def key_from_passphrase(passphrase: str) -> FileKey:
    if not passphrase:
        raise ValueError("The passphrase is empty.")
    return FileKey(passphrase=passphrase)


def key_from_recovery(text: str) -> FileKey:
    return FileKey(raw=parse_recovery_key(text))


def keyring_key(path: Path) -> FileKey | None:
    """The key this computer's keyring keeps for ``path`` (None when it has none)."""
    raw = stored_key(path)
    return FileKey(raw=raw) if raw is not None else None


def check_key(path: Path, key: FileKey) -> None:
    """Raise :class:`kith.core.database.WrongKeyError` unless ``key`` opens the encrypted file
    at ``path`` (which is read, never changed); then remember it for this process, so its
    backups open with it too."""
    inspect_file(Path(path).expanduser(), check=False, key=key)
    cipher.remember_key(Path(path).expanduser(), key)


def remember_recovered(path: Path, key: FileKey) -> bool:
    """After a recovery key opened ``path``, keep it in this computer's keyring so the file
    opens by itself next time; False when there is no keyring to keep it in."""
    if key.raw is None or not keyring_usable():
        return False
    store_key(path, key.raw)
    return True


# --- turning it on and off ---------------------------------------------------------------------


@dataclass(frozen=True)
class Encrypted:
    """What turning encryption on gave: the recovery key to show once (None with a
    passphrase: the passphrase itself is what opens the file elsewhere)."""

    recovery_key: str | None
    backups_converted: int


Progress = Callable[[str], None]


def _convert_all(
    path: Path,
    old: FileKey | None,
    new: FileKey | None,
    progress: Progress | None,
    at_swap: Callable[[Swap], None] | None,
) -> int:
    """Convert the file, then each of its backups; return how many backups were converted."""
    tell = progress or (lambda _text: None)
    tell("Writing the converted copy and checking it…")
    convert_file(path, old_key=old, new_key=new, at_swap=at_swap)
    backups = [p for p, _ in backup_files(path)]
    done = 0
    for number, backup in enumerate(backups, start=1):
        tell(f"Converting backup {number} of {len(backups)}…")
        if (old is None) != cipher.is_plain(backup):
            continue  # a backup already in the new form (or not readable as the old one)
        convert_file(backup, old_key=old, new_key=new)
        done += 1
    return done


def encrypt_database(
    path: Path,
    *,
    passphrase: str | None = None,
    progress: Progress | None = None,
    at_swap: Callable[[Swap], None] | None = None,
) -> Encrypted:
    """Encrypt the plain file at ``path`` in place, and its backups with the same key.

    Without ``passphrase`` a new random key goes into the keyring first (an
    :class:`EncryptionError` if there is no keyring: nothing is changed) and its recovery key
    is returned. The caller holds the file's lock and has closed its connections; the lock is
    on the encrypted file afterwards. ``at_swap`` runs the step that puts the encrypted copy in
    the file's place where the caller can close its connections first (the window: on its
    thread; see :func:`kith.store.conversion.convert_file`). ``progress`` hears what is being
    done, in words.
    """
    path = Path(path).expanduser()
    if is_encrypted(path):
        raise EncryptionError(path, f"{path} is already encrypted.")
    if not cipher.is_plain(path):
        raise EncryptionError(path, f"{path} is not a Kith database; it was left as it was.")
    if passphrase is not None:
        key = key_from_passphrase(passphrase)
        recovery = None
    else:
        raw = secrets.token_bytes(32)
        store_key(path, raw)  # before the swap: a kill after it still finds the key
        key = FileKey(raw=raw)
        recovery = recovery_key_text(raw)
    try:
        done = _convert_all(path, None, key, progress, at_swap)
    except ConversionError as exc:
        raise EncryptionError(path, f"{exc} The file is still the unencrypted one.") from exc
    cipher.remember_key(path, key)
    return Encrypted(recovery, done)


def decrypt_database(
    path: Path,
    key: FileKey,
    *,
    progress: Progress | None = None,
    at_swap: Callable[[Swap], None] | None = None,
) -> int:
    """Turn the encrypted file at ``path`` (opened with ``key``) back into a plain one, and its
    backups; forget its key in the keyring. Returns how many backups were converted.
    ``at_swap`` as for :func:`encrypt_database`."""
    path = Path(path).expanduser()
    if not is_encrypted(path):
        raise EncryptionError(path, f"{path} is not encrypted.")
    check_key(path, key)
    try:
        done = _convert_all(path, key, None, progress, at_swap)
    except ConversionError as exc:
        raise EncryptionError(path, f"{exc} The file is still the encrypted one.") from exc
    cipher.remember_key(path, None)
    forget_key(path)
    return done

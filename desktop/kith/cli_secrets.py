"""Secrets on the command line: passwords and passphrases typed at a terminal (never echoed)
or read from standard input — never from an argument — and the key of an encrypted database
(the keyring, ``--passphrase-stdin``, or a prompt on a terminal, three tries)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kith.core.encryption import FileKey

#: How many times a terminal is asked for a database's passphrase before Kith gives up.
TRIES = 3


def read_secret(prompt: str, *, piped: bool = False) -> str | None:
    """A secret typed at a terminal after ``prompt`` (not echoed); with ``piped``, or when
    standard input is not a terminal, its next line instead. None without standard input."""
    if sys.stdin is None:
        return None
    if piped or not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.rstrip("\r\n") if line else None
    import getpass

    return getpass.getpass(prompt)


def can_prompt() -> bool:
    """Whether a terminal is there to ask."""
    return sys.stdin is not None and sys.stdin.isatty()


def passphrase_option(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        # Sub-commands must not overwrite a --passphrase-stdin given before the verb.
        default=False if top_level else argparse.SUPPRESS,
        help="read the encrypted database's passphrase (or recovery key) from the first line "
        "of standard input",
    )


def take_piped_passphrase(args: argparse.Namespace) -> None:
    """Read ``--passphrase-stdin``'s line before the verb reads anything else from standard
    input (a password that follows it, say), and keep it on ``args``."""
    if getattr(args, "passphrase_stdin", False) and not hasattr(args, "piped_passphrase"):
        args.piped_passphrase = read_secret("", piped=True) or ""


def _key_of(text: str) -> FileKey:
    """A recovery key when ``text`` is one, else a passphrase."""
    from kith.core.encryption import key_from_passphrase, key_from_recovery

    try:
        return key_from_recovery(text)
    except ValueError:
        return key_from_passphrase(text)


def database_key(args: argparse.Namespace, path: Path, verb: str) -> tuple[bool, FileKey | None]:
    """The key that opens ``path`` for ``verb``: (True, None) for a plain file, (True, key) for
    an encrypted one, (False, None) after telling why there is none (wrong passphrase…).

    The piped passphrase comes first, then this computer's keyring, then — on a terminal —
    three tries at a typed passphrase or recovery key. A recovery key that opens the file is
    kept in the keyring (when there is one), so it opens by itself next time.
    """
    from kith.core.database import WrongKeyError
    from kith.core.encryption import EncryptionError, check_key, is_encrypted, keyring_key

    path = Path(path).expanduser()
    if not is_encrypted(path):
        return True, None
    take_piped_passphrase(args)
    piped = getattr(args, "piped_passphrase", None)
    refused: list[str] = []

    def opens(key: FileKey) -> bool:
        try:
            check_key(path, key)
        except WrongKeyError as exc:
            refused.append(str(exc))
            return False
        return True

    if piped is not None:
        try:
            key = _key_of(piped)
        except ValueError as exc:
            print(f"kith {verb}: {exc}", file=sys.stderr)
            return False, None
        if opens(key):
            _keep_recovered(path, key, verb)
            return True, key
        print(f"kith {verb}: {refused[-1]}", file=sys.stderr)
        return False, None
    try:
        stored = keyring_key(path)
    except EncryptionError as exc:
        print(f"kith {verb}: {exc}", file=sys.stderr)
        stored = None
    if stored is not None and opens(stored):
        return True, stored
    if not can_prompt():
        print(
            f"kith {verb}: {path} is encrypted, and this computer's keyring has no key for it. "
            "Give its passphrase or recovery key with --passphrase-stdin.",
            file=sys.stderr,
        )
        return False, None
    for attempt in range(1, TRIES + 1):
        typed = read_secret(f"Passphrase or recovery key for {path}: ")
        if not typed:
            break
        try:
            key = _key_of(typed)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            continue
        if opens(key):
            _keep_recovered(path, key, verb)
            return True, key
        if attempt < TRIES:
            print("That does not open it; try again.", file=sys.stderr)
    reason = refused[-1] if refused else f"no passphrase was given for {path}."
    print(f"kith {verb}: {reason}", file=sys.stderr)
    return False, None


def _keep_recovered(path: Path, key: FileKey, verb: str) -> None:
    """After a recovery key opened ``path``, keep it in the keyring and say so."""
    if key.raw is None:
        return
    from kith.core.encryption import EncryptionError, remember_recovered

    try:
        if remember_recovered(path, key):
            print(
                f"kith {verb}: the recovery key opened {path}; its key is now in this "
                "computer's keyring.",
                file=sys.stderr,
            )
    except EncryptionError as exc:
        print(f"kith {verb}: {exc}", file=sys.stderr)

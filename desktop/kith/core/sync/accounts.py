"""Sync accounts: name, server, username and chosen collections in the database; the password
only in the OS keyring.

The password is never written to the database, QSettings, a log or any file by Kith. When no
keyring backend can store secrets (a headless machine, a desktop without a Secret Service),
:func:`keyring_status` says so in plain words and :class:`PasswordStore` keeps the password in
memory for this session only, so Kith asks for it again next time it starts.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from datetime import datetime

from kith.store.changes import writing
from kith.store.models import SyncAccount

#: The keyring "service" every Kith sync password is filed under (one entry per account uid).
KEYRING_SERVICE = "Kith sync"

DEFAULT_INTERVAL_MINUTES = 15
MAX_INTERVAL_MINUTES = 24 * 60


@dataclass
class AccountDraft:
    """What the account form edits."""

    name: str = ""
    url: str = ""
    username: str = ""
    addressbook_url: str | None = None
    calendar_url: str | None = None
    interval_minutes: int = DEFAULT_INTERVAL_MINUTES
    enabled: bool = True


@dataclass(frozen=True)
class Account:
    """A stored account, as the sync engine and the settings page read it."""

    id: int
    uid: str
    name: str
    url: str
    username: str
    addressbook_url: str | None
    calendar_url: str | None
    interval_minutes: int
    enabled: bool
    last_sync_at: datetime | None
    last_error: str

    def draft(self) -> AccountDraft:
        return AccountDraft(
            self.name,
            self.url,
            self.username,
            self.addressbook_url,
            self.calendar_url,
            self.interval_minutes,
            self.enabled,
        )


class AccountError(ValueError):
    """The account cannot be saved; ``errors`` maps a field to a message for the user."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _account(row: SyncAccount) -> Account:
    return Account(
        id=row.id,
        uid=row.uid,
        name=row.name,
        url=row.url,
        username=row.username,
        addressbook_url=row.addressbook_url,
        calendar_url=row.calendar_url,
        interval_minutes=row.interval_minutes,
        enabled=bool(row.enabled),
        last_sync_at=row.last_sync_at,
        last_error=row.last_error,
    )


def validate_account(draft: AccountDraft, account_id: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = draft.name.strip()
    if not name:
        errors["name"] = "Give this account a name"
    else:
        clash = SyncAccount.select().where(SyncAccount.name == name)
        if account_id is not None:
            clash = clash.where(SyncAccount.id != account_id)
        if clash.exists():
            errors["name"] = f"There is already an account called “{name}”"
    if not draft.url.strip():
        errors["url"] = "Enter the server's address"
    else:
        from kith.core.sync.dav import normalise_url
        from kith.core.sync.errors import SyncError

        try:
            normalise_url(draft.url)
        except SyncError as exc:
            errors["url"] = str(exc)
    if not draft.username.strip():
        errors["username"] = "Enter your username"
    if not 1 <= draft.interval_minutes <= MAX_INTERVAL_MINUTES:
        errors["interval_minutes"] = f"Sync every 1 to {MAX_INTERVAL_MINUTES} minutes"
    return errors


def save_account(draft: AccountDraft, account_id: int | None = None) -> Account:
    """Create or update an account (never its password: see :class:`PasswordStore`)."""
    errors = validate_account(draft, account_id)
    if errors:
        raise AccountError(errors)
    from kith.core.sync.dav import normalise_url

    values = {
        "name": draft.name.strip(),
        "url": normalise_url(draft.url),
        "username": draft.username.strip(),
        "addressbook_url": draft.addressbook_url or None,
        "calendar_url": draft.calendar_url or None,
        "interval_minutes": draft.interval_minutes,
        "enabled": draft.enabled,
    }
    with writing("sync_account", "sync_collection", "sync_resource"):
        if account_id is None:
            account_id = int(SyncAccount.insert(**values).execute())
        else:
            before = SyncAccount.get_by_id(account_id)
            SyncAccount.update(**values).where(SyncAccount.id == account_id).execute()
            # Another server or user: what was known about the old collections means nothing.
            from kith.store.models import SyncCollection

            if before.url != values["url"] or before.username != values["username"]:
                SyncCollection.delete().where(SyncCollection.account == account_id).execute()
            else:
                kept = [u for u in (values["addressbook_url"], values["calendar_url"]) if u]
                SyncCollection.delete().where(
                    SyncCollection.account == account_id, SyncCollection.url.not_in(kept)
                ).execute()
    return get_account(account_id)


def get_account(account_id: int) -> Account:
    return _account(SyncAccount.get_by_id(account_id))


def account_exists(account_id: int) -> bool:
    """Whether the account is still there (a sync queued before a delete finds it gone)."""
    return SyncAccount.select().where(SyncAccount.id == account_id).exists()


def find_account(name: str) -> Account | None:
    row = SyncAccount.get_or_none(SyncAccount.name == name.strip())
    return _account(row) if row is not None else None


def list_accounts() -> list[Account]:
    return [_account(r) for r in SyncAccount.select().order_by(SyncAccount.name)]


def delete_account(account_id: int, passwords: PasswordStore | None = None) -> None:
    """Remove an account, what Kith knew of its collections, and its keyring entry.

    Contacts and follow-ups stay in Kith and on the server; only the link between them goes.
    """
    row = SyncAccount.get_or_none(SyncAccount.id == account_id)
    if row is None:
        return
    with writing("sync_account", "sync_collection", "sync_resource"):
        SyncAccount.delete().where(SyncAccount.id == account_id).execute()
    (passwords or password_store()).forget(row.uid)


def record_result(account_id: int, *, when: datetime | None, error: str) -> None:
    """Remember the last sync's time (when it succeeded) and error (empty when none)."""
    values: dict[str, object] = {"last_error": error}
    if when is not None:
        values["last_sync_at"] = when
    with writing("sync_account"):
        SyncAccount.update(**values).where(SyncAccount.id == account_id).execute()


# --- the keyring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyringStatus:
    usable: bool
    #: The backend's name, or the plain-words reason there is none.
    message: str


def keyring_status() -> KeyringStatus:
    """Whether the OS keyring can store passwords, said for the settings page."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return KeyringStatus(False, _NO_KEYRING)
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return KeyringStatus(False, _NO_KEYRING)
    chained = getattr(backend, "backends", None)
    if chained is not None and not chained:
        return KeyringStatus(False, _NO_KEYRING)
    name = getattr(backend, "name", type(backend).__name__)
    return KeyringStatus(True, f"Passwords are kept in your system keyring ({name}).")


_NO_KEYRING = (
    "No system keyring is available, so Kith cannot store your password. It keeps it in "
    "memory only while Kith runs and asks again next time. (On Linux, a keyring such as "
    "GNOME Keyring or KWallet provides one.)"
)


class PasswordStore:
    """Passwords by account uid: the OS keyring, else memory for this session only."""

    def __init__(self) -> None:
        self._memory: dict[str, str] = {}
        self._lock = threading.Lock()

    def _keyring(self) -> object | None:
        if not keyring_status().usable:
            return None
        import keyring

        return keyring

    def get(self, account_uid: str) -> str | None:
        with self._lock:
            if account_uid in self._memory:
                return self._memory[account_uid]
        backend = self._keyring()
        if backend is None:
            return None
        import keyring.errors

        try:
            return keyring.get_password(KEYRING_SERVICE, account_uid)
        except keyring.errors.KeyringError:
            return None

    def set(self, account_uid: str, password: str) -> bool:
        """Store a password; True if the keyring holds it, False if only memory does."""
        backend = self._keyring()
        if backend is not None:
            import keyring.errors

            try:
                keyring.set_password(KEYRING_SERVICE, account_uid, password)
            except keyring.errors.KeyringError:
                pass
            else:
                with self._lock:
                    self._memory.pop(account_uid, None)
                return True
        with self._lock:
            self._memory[account_uid] = password
        return False

    def forget(self, account_uid: str) -> None:
        with self._lock:
            self._memory.pop(account_uid, None)
        if self._keyring() is None:
            return
        import keyring
        import keyring.errors

        with contextlib.suppress(keyring.errors.KeyringError):  # nothing stored: fine
            keyring.delete_password(KEYRING_SERVICE, account_uid)


_store: PasswordStore | None = None
_store_lock = threading.Lock()


def password_store() -> PasswordStore:
    """The one password store of this process (its memory fallback lives as long as Kith)."""
    global _store
    with _store_lock:
        if _store is None:
            _store = PasswordStore()
        return _store

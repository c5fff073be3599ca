"""Sync accounts: name, server, username and chosen collections in the database; the password
only in the OS keyring.

The password is never written to the database, QSettings, a log or any file by Kith. A server
address typed with credentials in it (``https://ana:secret@dav.example.com/``) is stored
without them: the user name goes into the account, the password into the keyring. When no
keyring backend can store secrets (a headless machine, a desktop without a Secret Service,
keyring's *fail* or *null* backend), :func:`keyring_status` says so in plain words and
:class:`PasswordStore` keeps the password in memory for this session only, so Kith asks for it
again next time it starts. A keyring that raises (a D-Bus error, a locked keyring) is a
:class:`~kith.core.sync.errors.KeyringFailure` with a message for the user, and the account is
then not saved at all.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import unquote

from kith.core.sync.errors import KeyringFailure
from kith.store.changes import writing
from kith.store.models import SyncAccount, new_uid

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
    #: False for a server without authentication (no password asked for, kept or sent).
    needs_password: bool = True


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
    needs_password: bool = True

    def draft(self) -> AccountDraft:
        return AccountDraft(
            self.name,
            self.url,
            self.username,
            self.addressbook_url,
            self.calendar_url,
            self.interval_minutes,
            self.enabled,
            self.needs_password,
        )


class AccountError(ValueError):
    """The account cannot be saved; ``errors`` maps a field to a message for the user."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class ServerAddress:
    """A server address as typed, split into the address to store and the credentials in it."""

    url: str
    #: The user name and password the address carried ("" when none).
    username: str = ""
    password: str = ""


def split_credentials(url: str) -> ServerAddress:
    """Take ``user:password@`` out of a server address (percent-escapes decoded).

    ``https://ana:s%40cret@dav.example.com/dav`` → ``https://dav.example.com/dav``, ``ana``,
    ``s@cret``. An address without credentials comes back as typed (stripped).
    """
    text = url.strip()
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "", text
    ends = [i for i in (rest.find(c) for c in "/?#") if i >= 0]
    end = min(ends, default=len(rest))
    userinfo, at, host = rest[:end].rpartition("@")
    if not at:
        return ServerAddress(text)
    user, _colon, password = userinfo.partition(":")
    clean = (f"{scheme}://" if sep else "") + host + rest[end:]
    return ServerAddress(clean, unquote(user), unquote(password))


def _without_credentials(draft: AccountDraft) -> tuple[AccountDraft, str]:
    """The draft with the address's credentials moved out: (clean draft, password from it).

    The user name typed in its own field wins over one in the address.
    """
    address = split_credentials(draft.url)
    clean = replace(draft, url=address.url, username=draft.username.strip() or address.username)
    return clean, address.password


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
        needs_password=bool(row.needs_password),
    )


def validate_account(draft: AccountDraft, account_id: int | None = None) -> dict[str, str]:
    draft, _password = _without_credentials(draft)
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
    if not draft.username.strip() and draft.needs_password:
        errors["username"] = "Enter your username"
    if not 1 <= draft.interval_minutes <= MAX_INTERVAL_MINUTES:
        errors["interval_minutes"] = f"Sync every 1 to {MAX_INTERVAL_MINUTES} minutes"
    return errors


def save_account(
    draft: AccountDraft,
    account_id: int | None = None,
    *,
    password: str | None = None,
    passwords: PasswordStore | None = None,
) -> Account:
    """Create or update an account; a password (typed, or found in the address) goes only to
    the keyring — or, without one, to memory for this session (see :class:`PasswordStore`).

    All or nothing: when the keyring raises, :class:`AccountError` says so (field
    ``password``) and nothing is saved; when the database write fails, the keyring is put
    back as it was.
    """
    draft, password_in_url = _without_credentials(draft)
    password = password or password_in_url or None
    errors = validate_account(draft, account_id)
    if errors:
        raise AccountError(errors)
    from kith.core.sync.dav import normalise_url

    values = {
        "name": draft.name.strip(),
        "url": normalise_url(draft.url),
        "username": draft.username.strip(),
        "addressbook_url": _clean(draft.addressbook_url),
        "calendar_url": _clean(draft.calendar_url),
        "interval_minutes": draft.interval_minutes,
        "enabled": draft.enabled,
        "needs_password": draft.needs_password,
    }
    if not draft.needs_password:
        password = None  # nothing to keep for a server that asks for none
    store = passwords or password_store()
    before = SyncAccount.get_by_id(account_id) if account_id is not None else None
    uid = before.uid if before is not None else new_uid()
    previous: str | None = None
    if password:
        try:
            if before is not None:
                previous = store.get(uid)
            store.set(uid, password)
        except KeyringFailure as exc:
            raise AccountError({"password": f"{exc} Nothing was saved."}) from exc
    try:
        with writing("sync_account", "sync_collection", "sync_resource"):
            if before is None:
                account_id = int(SyncAccount.insert(uid=uid, **values).execute())
            else:
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
    except BaseException:
        if password:  # no password in the keyring for an account the file does not hold
            with contextlib.suppress(KeyringFailure):
                if previous is not None:
                    store.set(uid, previous)
                else:
                    store.forget(uid)
        raise
    assert account_id is not None
    return get_account(account_id)


def _clean(url: str | None) -> str | None:
    """A collection's URL without credentials (one found from an address that had them)."""
    return split_credentials(url).url if url else None


def move_credentials_out(account: Account, passwords: PasswordStore | None = None) -> Account:
    """An account an older Kith saved with credentials in its addresses: store the addresses
    without them, the user name in the account (unless it has one) and the password in the
    keyring (unless it holds one). Returns the account as stored now; raises
    :class:`KeyringFailure` (and changes nothing) when the keyring fails."""
    urls = (account.url, account.addressbook_url, account.calendar_url)
    if all(u is None or split_credentials(u).url == u for u in urls):
        return account
    address = split_credentials(account.url)
    store = passwords or password_store()
    if address.password and store.get(account.uid) is None:
        store.set(account.uid, address.password)
    db = SyncAccount._meta.database
    before = db.execute_sql("PRAGMA secure_delete").fetchone()[0]
    db.execute_sql("PRAGMA secure_delete = 1")  # the old text is zeroed, not left in the page
    try:
        with writing("sync_account"):
            SyncAccount.update(
                url=address.url,
                username=account.username or address.username,
                addressbook_url=_clean(account.addressbook_url),
                calendar_url=_clean(account.calendar_url),
            ).where(SyncAccount.id == account.id).execute()
    finally:
        db.execute_sql(f"PRAGMA secure_delete = {int(before)}")
    return get_account(account.id)


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
    """Whether the OS keyring can store passwords, said for the settings page.

    keyring's *fail* backend (nothing found) and its *null* backend (accepts a password and
    throws it away) both mean: no keyring.
    """
    try:
        import keyring
        from keyring.backends import fail, null
    except ImportError:  # pragma: no cover - keyring is a dependency
        return KeyringStatus(False, _NO_KEYRING)
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # a broken keyring configuration
        return KeyringStatus(False, f"{_NO_KEYRING} (The keyring could not start: {exc}.)")
    if isinstance(backend, fail.Keyring | null.Keyring):
        return KeyringStatus(False, _NO_KEYRING)
    chained = getattr(backend, "backends", None)
    if chained is not None and not [
        b for b in chained if not isinstance(b, fail.Keyring | null.Keyring)
    ]:
        return KeyringStatus(False, _NO_KEYRING)
    name = getattr(backend, "name", type(backend).__name__)
    return KeyringStatus(True, f"Passwords are kept in your system keyring ({name}).")


_NO_KEYRING = (
    "No system keyring is available, so Kith cannot store your password. It keeps it in "
    "memory only while Kith runs and asks again next time. (On Linux, a keyring such as "
    "GNOME Keyring or KWallet provides one.)"
)


def _keyring_failed(doing: str, exc: BaseException) -> KeyringFailure:
    detail = str(exc).strip() or type(exc).__name__
    return KeyringFailure(
        f"The system keyring could not {doing} the password ({detail}). Check that your "
        "keyring (GNOME Keyring, KWallet…) is running and unlocked, then try again."
    )


class PasswordStore:
    """Passwords by account uid: the OS keyring, else memory for this session only.

    Whatever a keyring backend raises — keyring's own errors, a D-Bus error, anything —
    comes out of :meth:`get` and :meth:`set` as :class:`KeyringFailure` with a message for
    the user; the password is then neither stored nor half-stored.
    """

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
        import keyring

        try:
            return keyring.get_password(KEYRING_SERVICE, account_uid)
        except Exception as exc:
            raise _keyring_failed("read", exc) from exc

    def set(self, account_uid: str, password: str) -> bool:
        """Store a password; True if the keyring holds it, False if only memory does (there is
        no keyring). Raises :class:`KeyringFailure` when the keyring raises."""
        backend = self._keyring()
        if backend is None:
            self.remember(account_uid, password)
            return False
        import keyring

        try:
            keyring.set_password(KEYRING_SERVICE, account_uid, password)
        except Exception as exc:
            raise _keyring_failed("store", exc) from exc
        with self._lock:
            self._memory.pop(account_uid, None)
        return True

    def remember(self, account_uid: str, password: str) -> None:
        """Keep a password in memory for this session only (it is never written anywhere)."""
        with self._lock:
            self._memory[account_uid] = password

    def forget(self, account_uid: str) -> None:
        with self._lock:
            self._memory.pop(account_uid, None)
        if self._keyring() is None:
            return
        import keyring

        # Nothing stored is fine; a keyring that fails here leaves at worst an unused entry.
        with contextlib.suppress(Exception):
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

"""Capture sources — IMAP accounts, mail and calendar files — with their settings, the user's
own addresses, blocked addresses, and *Forget this source*.

An IMAP password is never written to the database: it goes to the OS keyring through the same
:class:`~kith.core.sync.accounts.PasswordStore` that keeps sync passwords, filed under the
source's uid.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kith.core.errors import ValidationError
from kith.store.changes import writing
from kith.store.models import (
    CAPTURE_SECURITY,
    CAPTURE_TABLES,
    CaptureBlockedAddress,
    CaptureSource,
    new_uid,
)

DEFAULT_MAX_PARTICIPANTS = 10
MAX_PARTICIPANTS_LIMIT = 500
IMAP_PORTS = {"tls": 993, "starttls": 143, "none": 143}


@dataclass(frozen=True)
class Source:
    """A stored capture source, as scans and the settings page read it."""

    id: int
    uid: str
    kind: str  # imap, file, caldav
    name: str
    enabled: bool
    auto_accept_mail: bool
    auto_accept_meetings: bool
    read_subject: bool
    max_participants: int
    host: str
    port: int | None
    security: str
    username: str
    folders: tuple[str, ...]
    path: str
    my_addresses: tuple[str, ...]
    last_scan_at: datetime | None
    last_error: str


@dataclass
class SourceDraft:
    """What the capture settings (or ``kith capture --add-imap``) edit."""

    kind: str = "imap"
    name: str = ""
    host: str = ""
    port: int | None = None
    security: str = "tls"
    username: str = ""
    #: Folders read besides the inbox and the Sent folder.
    folders: list[str] = field(default_factory=list)
    path: str = ""
    my_addresses: list[str] = field(default_factory=list)
    read_subject: bool = False
    max_participants: int = DEFAULT_MAX_PARTICIPANTS
    auto_accept_mail: bool = False
    auto_accept_meetings: bool = False
    enabled: bool = True


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _source(row: CaptureSource) -> Source:
    return Source(
        id=row.id,
        uid=row.uid,
        kind=row.kind,
        name=row.name,
        enabled=bool(row.enabled),
        auto_accept_mail=bool(row.auto_accept_mail),
        auto_accept_meetings=bool(row.auto_accept_meetings),
        read_subject=bool(row.read_subject),
        max_participants=row.max_participants,
        host=row.host,
        port=row.port,
        security=row.security,
        username=row.username,
        folders=_lines(row.folders),
        path=row.path,
        my_addresses=_lines(row.my_addresses),
        last_scan_at=row.last_scan_at,
        last_error=row.last_error,
    )


def source_draft(source: Source) -> SourceDraft:
    """The draft that saves ``source`` unchanged (the settings change a few of its fields)."""
    return SourceDraft(
        kind=source.kind,
        name=source.name,
        host=source.host,
        port=source.port,
        security=source.security,
        username=source.username,
        folders=list(source.folders),
        path=source.path,
        my_addresses=list(source.my_addresses),
        read_subject=source.read_subject,
        max_participants=source.max_participants,
        auto_accept_mail=source.auto_accept_mail,
        auto_accept_meetings=source.auto_accept_meetings,
        enabled=source.enabled,
    )


def validate_source(draft: SourceDraft, source_id: int | None = None) -> dict[str, str]:
    errors: dict[str, str] = {}
    name = draft.name.strip()
    if not name:
        errors["name"] = "Give this source a name"
    else:
        clash = CaptureSource.select().where(CaptureSource.name == name)
        if source_id is not None:
            clash = clash.where(CaptureSource.id != source_id)
        if clash.exists():
            errors["name"] = f"There is already a capture source called “{name}”"
    if draft.kind == "imap":
        if not draft.host.strip():
            errors["host"] = "Enter the mail server's name (imap.example.com)"
        if not draft.username.strip():
            errors["username"] = "Enter your user name on the mail server"
        if draft.security not in CAPTURE_SECURITY:
            errors["security"] = "Choose TLS, STARTTLS or no encryption"
        if draft.port is not None and not 1 <= draft.port <= 65535:
            errors["port"] = "A port is a number from 1 to 65535"
    elif draft.kind == "file":
        if not draft.path.strip():
            errors["path"] = "Choose an mbox file, a Maildir folder or an .ics file"
    elif draft.kind != "caldav":
        errors["kind"] = "Unknown kind of source"
    if not 1 <= draft.max_participants <= MAX_PARTICIPANTS_LIMIT:
        errors["max_participants"] = (
            f"The most people on a message or meeting is a number from 1 to "
            f"{MAX_PARTICIPANTS_LIMIT}"
        )
    for address in draft.my_addresses:
        if "@" not in address.strip():
            errors["my_addresses"] = f"“{address.strip()}” is not an email address"
    return errors


def save_source(
    draft: SourceDraft, source_id: int | None = None, *, password: str | None = None
) -> Source:
    """Create or update a source; a password goes only to the keyring (see module doc).

    Raises :class:`ValidationError` (nothing saved) for a bad draft, or when the keyring
    fails (field ``password``).
    """
    from kith.core.sync.accounts import password_store
    from kith.core.sync.errors import KeyringFailure

    errors = validate_source(draft, source_id)
    if errors:
        raise ValidationError(errors)
    values = {
        "kind": draft.kind,
        "name": draft.name.strip(),
        "host": draft.host.strip(),
        "port": draft.port,
        "security": draft.security,
        "username": draft.username.strip(),
        "folders": "\n".join(f.strip() for f in draft.folders if f.strip()),
        "path": draft.path.strip(),
        "my_addresses": "\n".join(_normal_addresses(draft.my_addresses)),
        "read_subject": draft.read_subject,
        "max_participants": draft.max_participants,
        "auto_accept_mail": draft.auto_accept_mail,
        "auto_accept_meetings": draft.auto_accept_meetings,
        "enabled": draft.enabled,
    }
    before = CaptureSource.get_or_none(CaptureSource.id == source_id) if source_id else None
    uid = before.uid if before is not None else new_uid()
    store = password_store()
    if password:
        try:
            store.set(uid, password)
        except KeyringFailure as exc:
            raise ValidationError({"password": f"{exc} Nothing was saved."}) from exc
    try:
        with writing("capture_source"):
            if before is None:
                source_id = int(CaptureSource.insert(uid=uid, **values).execute())
            else:
                CaptureSource.update(**values).where(CaptureSource.id == source_id).execute()
    except BaseException:
        if password and before is None:
            with contextlib.suppress(KeyringFailure):
                store.forget(uid)
        raise
    assert source_id is not None
    return get_source(source_id)


def _normal_addresses(addresses: list[str] | tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(a.strip().lower() for a in addresses if a.strip()))


def get_source(source_id: int) -> Source:
    return _source(CaptureSource.get_by_id(source_id))


def find_source(name: str) -> Source | None:
    row = CaptureSource.get_or_none(CaptureSource.name == name.strip())
    return _source(row) if row is not None else None


def list_sources() -> list[Source]:
    return [_source(r) for r in CaptureSource.select().order_by(CaptureSource.name)]


def file_source(path: Path, my_addresses: list[str] | tuple[str, ...] = ()) -> Source:
    """The source for a mail or calendar file (made the first time it is read); addresses
    given are added to the user's own."""
    path = Path(path).expanduser().resolve()
    row = CaptureSource.get_or_none(
        (CaptureSource.kind == "file") & (CaptureSource.path == str(path))
    )
    if row is None:
        name = path.name or str(path)
        taken = {n.lower() for (n,) in CaptureSource.select(CaptureSource.name).tuples()}
        if name.lower() in taken:
            name = str(path)
        n = 2
        base = name
        while name.lower() in taken:
            name = f"{base} ({n})"
            n += 1
        source = save_source(
            SourceDraft(kind="file", name=name, path=str(path), my_addresses=list(my_addresses))
        )
    else:
        source = _source(row)
        if my_addresses:
            add_my_addresses(source.id, my_addresses)
            source = get_source(source.id)
    return source


def add_my_addresses(source_id: int, addresses: list[str] | tuple[str, ...] | set[str]) -> None:
    """Remember more of the user's own addresses for this source (learnt from Sent)."""
    row = CaptureSource.get_by_id(source_id)
    known = list(_lines(row.my_addresses))
    merged = _normal_addresses([*known, *addresses])
    if merged != known:
        with writing("capture_source"):
            CaptureSource.update(my_addresses="\n".join(merged)).where(
                CaptureSource.id == source_id
            ).execute()


def my_addresses() -> frozenset[str]:
    """Every address of the user's, across sources (an address is the user's everywhere)."""
    found: set[str] = set()
    for (text,) in CaptureSource.select(CaptureSource.my_addresses).tuples():
        found.update(a.lower() for a in _lines(text))
    for source in CaptureSource.select(CaptureSource.username).where(CaptureSource.kind == "imap"):
        if "@" in source.username:
            found.add(source.username.strip().lower())
    return frozenset(found)


def set_enabled(source_id: int, enabled: bool) -> None:
    with writing("capture_source"):
        CaptureSource.update(enabled=enabled).where(CaptureSource.id == source_id).execute()


def record_scan(source_id: int, *, when: datetime | None, error: str) -> None:
    """Remember the last scan's time (when it finished) and its error ("" when none)."""
    values: dict[str, object] = {"last_error": error}
    if when is not None:
        values["last_scan_at"] = when
    with writing("capture_source"):
        CaptureSource.update(**values).where(CaptureSource.id == source_id).execute()


def forget_source(source_id: int) -> None:
    """*Forget this source*: the source and every row captured from it — folder state,
    threads, captured contact, suggestions not yet accepted — go in one transaction, and its
    password leaves the keyring. Interactions made by accepting its suggestions stay: they
    are the user's own log now."""
    from kith.core.sync.accounts import password_store

    row = CaptureSource.get_or_none(CaptureSource.id == source_id)
    if row is None:
        return
    with writing(*CAPTURE_TABLES):
        # The foreign keys cascade: folders, threads, captured rows, suggestions and their
        # people all go with the source.
        CaptureSource.delete().where(CaptureSource.id == source_id).execute()
    password_store().forget(row.uid)


# --- "never for this address" --------------------------------------------------------------------


def blocked_addresses() -> frozenset[str]:
    rows = CaptureBlockedAddress.select(CaptureBlockedAddress.address).tuples()
    return frozenset(a for (a,) in rows)


def unblock_address(address: str) -> None:
    with writing("capture_blocked_address"):
        CaptureBlockedAddress.delete().where(
            CaptureBlockedAddress.address == address.strip().lower()
        ).execute()

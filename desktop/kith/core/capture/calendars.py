"""Capture meetings from the CalDAV calendars of a sync account, through the DAV client sync
already uses: every calendar of the account that holds events — except Kith's own follow-ups
calendar — read whole each time (a rescan adds nothing already captured).

A calendar source is a :class:`~kith.core.capture.sources.Source` of kind "caldav" whose
``path`` is the sync account's uid; the password is the sync account's, from the keyring.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import partial

from kith.core.capture.imap import CaptureConnectionError
from kith.core.capture.recorder import Recorder, ScanReport
from kith.core.capture.sources import Source, SourceDraft, record_scan, save_source
from kith.core.local_time import utcnow
from kith.core.sync.accounts import Account, list_accounts, password_store
from kith.store.models import CaptureSource


def calendar_source(account: Account) -> Source:
    """The capture source reading this sync account's calendars (made the first time)."""
    from kith.core.capture.sources import get_source

    row = CaptureSource.get_or_none(
        (CaptureSource.kind == "caldav") & (CaptureSource.path == account.uid)
    )
    if row is not None:
        return get_source(row.id)
    name = f"{account.name} calendars"
    taken = {n.lower() for (n,) in CaptureSource.select(CaptureSource.name).tuples()}
    base, n = name, 2
    while name.lower() in taken:
        name = f"{base} ({n})"
        n += 1
    return save_source(SourceDraft(kind="caldav", name=name, path=account.uid))


def _note(recorder: Recorder, where: str, text: str) -> None:
    recorder.note(f"{where}: {text}")


def _account(source: Source) -> Account:
    for account in list_accounts():
        if account.uid == source.path:
            return account
    raise CaptureConnectionError(
        f"The sync account that {source.name} reads is no longer in Kith: forget this source."
    )


def scan_calendars(
    source: Source,
    *,
    password: str | None = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    timeout: float = 30.0,
) -> ScanReport:
    """Read every event of the account's calendars into captured contact and suggestions.
    Raises :class:`CaptureConnectionError` (recorded on the source) when the server cannot be
    reached or refuses the account."""
    from kith.core.capture.events import CalendarFileError, meetings_from_ics
    from kith.core.sync.dav import CALENDAR, DavClient
    from kith.core.sync.errors import SyncError

    moment = now if now is not None else utcnow()
    account = _account(source)
    try:
        password = password or password_store().get(account.uid)
    except SyncError as exc:
        raise CaptureConnectionError(str(exc)) from None
    if password is None:
        error = CaptureConnectionError(
            f"Kith has no password for “{account.name}”. Enter it in Settings ▸ Sync."
        )
        record_scan(source.id, when=None, error=str(error))
        raise error
    recorder = Recorder(source, now=moment, tz=tz)
    try:
        with DavClient(account.url, account.username, password, timeout=timeout) as dav:
            for collection in dav.collections():
                if collection.kind != CALENDAR or collection.url == account.calendar_url:
                    continue
                if collection.components and "VEVENT" not in collection.components:
                    continue
                paths = dav.etags(collection.url)
                for path, (_etag, text) in sorted(
                    dav.multiget(collection.url, CALENDAR, paths).items()
                ):
                    where = f"{collection.name}, {path.rsplit('/', 1)[-1]}"
                    try:
                        for meeting in meetings_from_ics(
                            text,
                            with_summary=source.read_subject,
                            note=partial(_note, recorder, where),
                        ):
                            recorder.add_meeting(meeting)
                    except CalendarFileError as exc:
                        recorder.note(f"{where}: {exc}; skipped")
                recorder.flush()
    except SyncError as exc:
        recorder.flush()
        record_scan(source.id, when=None, error=str(exc))
        raise CaptureConnectionError(str(exc)) from None
    report = recorder.finish()
    record_scan(source.id, when=moment, error="")
    return report

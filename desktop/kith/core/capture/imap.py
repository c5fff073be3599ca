"""Capture from an IMAP account with ``imapclient``: TLS by default, folders opened read-only
(EXAMINE), headers only (``BODY.PEEK[HEADER.FIELDS (…)]``), incremental by UIDVALIDITY and
the last UID read per folder. The Sent folder is read first (found through SPECIAL-USE
``\\Sent``, else by its usual names): its senders are the user's own addresses."""

from __future__ import annotations

import contextlib
import socket
import ssl
from collections.abc import Callable
from datetime import datetime, tzinfo
from functools import partial
from typing import Any

from kith.core.capture.headers import HEADER_FIELDS, BrokenMessage, parse_headers
from kith.core.capture.recorder import Recorder, ScanReport
from kith.core.capture.sources import IMAP_PORTS, Source, record_scan
from kith.core.local_time import utcnow
from kith.store.models import CaptureFolder

#: Messages fetched (and written, in one transaction) at a time.
FETCH_BATCH = 500
TIMEOUT_SECONDS = 30.0

Progress = Callable[[str, int, int], bool]
"""Called with (folder, done, total) after each batch; returning False stops the scan."""


class CaptureConnectionError(Exception):
    """The mail server could not be reached or refused Kith; the message is for the user."""


def _context() -> ssl.SSLContext:
    """The operating system's trust store, as the rest of Kith uses it."""
    return ssl.create_default_context()


def _explain(exc: BaseException, source: Source, port: int) -> CaptureConnectionError:
    from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

    where = f"{source.host}:{port}"
    if isinstance(exc, LoginError):
        text = (
            f"The mail server {source.host} refused the user name “{source.username}” or its "
            "password. Check them and try again."
        )
    elif isinstance(exc, ssl.SSLCertVerificationError):
        text = (
            f"The certificate of {source.host} is not trusted ({exc.verify_message}), so Kith "
            "did not send your password. If the server is yours, add its certificate to the "
            "system's trusted certificates."
        )
    elif isinstance(exc, ssl.SSLError):
        text = (
            f"Kith could not start an encrypted connection with {where} ({exc.reason}). Check "
            "the port and the encryption setting (TLS on 993, STARTTLS on 143)."
        )
    elif isinstance(exc, socket.gaierror):
        text = f"Kith could not find the mail server {source.host}. Check its name."
    elif isinstance(exc, TimeoutError | socket.timeout):
        text = f"The mail server {where} did not answer in time. Try again later."
    elif isinstance(exc, ConnectionRefusedError):
        text = f"The mail server {where} refused the connection. Check the server and port."
    elif isinstance(exc, IMAPClientAbortError | ConnectionError | EOFError):
        text = (
            f"The connection to {where} was lost. What was read so far is kept; the next "
            "scan carries on from there."
        )
    elif isinstance(exc, IMAPClientError):
        text = f"The mail server {where} answered with an error: {exc}"
    elif isinstance(exc, OSError):
        text = f"Kith could not reach the mail server {where} ({exc.strerror or exc})."
    else:
        text = f"Reading {where} failed: {exc}"
    return CaptureConnectionError(text)


def _connect(source: Source, password: str, port: int) -> Any:
    from imapclient import IMAPClient

    use_tls = source.security == "tls"
    client = IMAPClient(
        source.host,
        port=port,
        ssl=use_tls,
        ssl_context=_context() if use_tls else None,
        timeout=TIMEOUT_SECONDS,
    )
    try:
        if source.security == "starttls":
            client.starttls(_context())
        client.login(source.username, password)
    except BaseException:
        _close(client)
        raise
    return client


def _close(client: Any) -> None:
    try:
        client.logout()
    except Exception:
        with contextlib.suppress(Exception):  # the connection is gone already
            client.shutdown()


def check_login(source: Source, password: str) -> None:
    """Log in and out; :class:`CaptureConnectionError` with the reason when that fails."""
    port = source.port or IMAP_PORTS[source.security]
    try:
        client = _connect(source, password, port)
    except Exception as exc:
        raise _explain(exc, source, port) from None
    _close(client)


def scan_imap(
    source: Source,
    *,
    password: str,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    progress: Progress | None = None,
    batch: int = FETCH_BATCH,
) -> ScanReport:
    """Read what is new in the account's Sent folder, inbox and chosen folders.

    Each batch of messages is written with the folder's new last UID in one transaction, so
    a scan that stops — cancelled, or the connection lost — keeps what it read and the next
    one carries on from there. Raises :class:`CaptureConnectionError` (after recording the
    error on the source) when the server cannot be reached, refuses the login or goes away.
    """
    moment = now if now is not None else utcnow()
    port = source.port or IMAP_PORTS[source.security]
    recorder = Recorder(source, now=moment, tz=tz)
    try:
        client = _connect(source, password, port)
        try:
            for folder, is_sent in _folders(client, source):
                if not _scan_folder(client, folder, is_sent, recorder, progress, batch):
                    recorder.report.cancelled = True
                    break
        finally:
            _close(client)
    except Exception as exc:
        from imapclient.exceptions import IMAPClientError

        if not isinstance(exc, IMAPClientError | OSError | EOFError | ssl.SSLError):
            raise
        error = _explain(exc, source, port)
        recorder.flush()
        record_scan(source.id, when=None, error=str(error))
        raise error from None
    report = recorder.finish()
    record_scan(source.id, when=moment, error="")
    return report


def _folders(client: Any, source: Source) -> list[tuple[str, bool]]:
    """(folder, is the Sent folder), Sent first: the user's addresses are learnt from it."""
    from imapclient.imapclient import SENT

    sent = client.find_special_folder(SENT)
    names = [(sent, True)] if sent else []
    names.append(("INBOX", False))
    existing = {f[2] for f in client.list_folders()}
    for name in source.folders:
        if name in existing and name not in {n for n, _ in names}:
            names.append((name, False))
    return names


def _scan_folder(
    client: Any,
    folder: str,
    is_sent: bool,
    recorder: Recorder,
    progress: Progress | None,
    batch: int,
) -> bool:
    """Read one folder's new messages; False when ``progress`` asked to stop."""
    info = client.select_folder(folder, readonly=True)  # EXAMINE: nothing is marked read
    uidvalidity = int(info[b"UIDVALIDITY"])
    state = CaptureFolder.get_or_none(
        (CaptureFolder.source == recorder.source.id) & (CaptureFolder.name == folder)
    )
    last_uid = 0
    if state is not None and state.uidvalidity == uidvalidity:
        last_uid = state.last_uid
    elif state is not None:
        recorder.note(
            f"{folder}: the server renumbered this folder (UIDVALIDITY changed), so Kith read "
            "it again; nothing is counted twice"
        )
    uids = sorted(u for u in client.search(["UID", f"{last_uid + 1}:*"]) if u > last_uid)
    fields = list(HEADER_FIELDS)
    if recorder.source.read_subject:
        fields.append("SUBJECT")
    item = f"BODY.PEEK[HEADER.FIELDS ({' '.join(fields)})]"
    answer_key = item.replace(".PEEK", "").encode()
    done = 0
    for start in range(0, len(uids), batch):
        chunk = uids[start : start + batch]
        for uid, data in sorted(client.fetch(chunk, [item]).items()):
            raw = data.get(answer_key)
            if raw is None:
                raw = next((v for k, v in data.items() if k.startswith(b"BODY[")), None)
            if raw is None:
                recorder.note(f"{folder}, message {uid}: the server sent no headers; skipped")
                continue
            try:
                headers = parse_headers(raw, with_subject=recorder.source.read_subject)
            except BrokenMessage as exc:
                recorder.note(f"{folder}, message {uid}: {exc}; skipped")
                continue
            if is_sent:
                recorder.learn_my_address(headers.sender)
            recorder.add_mail(headers)
        done += len(chunk)
        recorder.flush(partial(_save_state, recorder, folder, uidvalidity, chunk[-1]))
        if progress is not None and not progress(folder, done, len(uids)):
            return False
    if not uids:
        recorder.flush(partial(_save_state, recorder, folder, uidvalidity, last_uid))
    return True


def _save_state(recorder: Recorder, folder: str, uidvalidity: int, last_uid: int) -> None:
    source_id = recorder.source.id
    updated = (
        CaptureFolder.update(uidvalidity=uidvalidity, last_uid=last_uid)
        .where((CaptureFolder.source == source_id) & (CaptureFolder.name == folder))
        .execute()
    )
    if not updated:
        CaptureFolder.insert(
            source=source_id, name=folder, uidvalidity=uidvalidity, last_uid=last_uid
        ).execute()

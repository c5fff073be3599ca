"""Capture from files: an mbox file, a Maildir folder (read with the standard library's
``mailbox``, headers only) or an .ics calendar. A broken message gets a note of its own and
the rest is read."""

from __future__ import annotations

import mailbox
import re
from collections.abc import Callable, Iterator
from datetime import datetime, tzinfo
from email import message_from_bytes
from email.policy import compat32
from pathlib import Path

from kith.core.capture.headers import BrokenMessage, MailHeaders, parse_headers
from kith.core.capture.recorder import Recorder, ScanReport
from kith.core.capture.sources import Source, file_source, record_scan
from kith.core.local_time import utcnow


class CaptureFileError(ValueError):
    """The file cannot be read as mail or a calendar; the message says why."""


def file_kind(path: Path) -> str:
    """ "maildir", "mbox" or "ics"; :class:`CaptureFileError` for anything else."""
    path = Path(path)
    if path.is_dir():
        if all((path / sub).is_dir() for sub in ("cur", "new", "tmp")):
            return "maildir"
        raise CaptureFileError(
            f"{path} is a folder but not a Maildir (it has no cur, new and tmp folders)"
        )
    if not path.exists():
        raise CaptureFileError(f"There is no file {path}")
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise CaptureFileError(f"{path} cannot be read ({exc.strerror or exc})") from None
    if head.startswith(b"From "):
        return "mbox"
    if b"BEGIN:VCALENDAR" in head.lstrip(b"\xef\xbb\xbf")[:200].upper():
        return "ics"
    raise CaptureFileError(
        f"{path.name} is neither an mbox file, a Maildir folder nor an .ics calendar"
    )


_HEADER_END = re.compile(rb"\r?\n\r?\n")

Progress = Callable[[int, int], bool]
"""Called with (done, total); returning False cancels the scan."""


def capture_file(
    path: Path,
    *,
    my_addresses: list[str] | tuple[str, ...] = (),
    now: datetime | None = None,
    tz: tzinfo | None = None,
    progress: Progress | None = None,
) -> ScanReport:
    """Read a mail or calendar file into captured contact and suggestions; reading it again
    adds nothing new. Raises :class:`CaptureFileError` when it is not a file Kith reads."""
    path = Path(path).expanduser()
    kind = file_kind(path)
    source = file_source(path, my_addresses)
    moment = now if now is not None else utcnow()
    recorder = Recorder(source, now=moment, tz=tz)
    if kind == "ics":
        _read_ics(path, source, recorder)
    else:
        _read_mail(path, kind, source, recorder, progress)
    report = recorder.finish()
    record_scan(source.id, when=moment, error="")
    return report


def _read_ics(path: Path, source: Source, recorder: Recorder) -> None:
    from kith.core.capture.events import CalendarFileError, meetings_from_ics

    try:
        meetings = meetings_from_ics(
            path.read_bytes(),
            with_summary=source.read_subject,
            note=lambda text: recorder.note(f"{path.name}, {text}"),
        )
        for meeting in meetings:
            recorder.add_meeting(meeting)
    except CalendarFileError as exc:
        raise CaptureFileError(f"{path.name}: {exc}") from None


def _read_mail(
    path: Path, kind: str, source: Source, recorder: Recorder, progress: Progress | None
) -> None:
    box: mailbox.Mailbox = (
        mailbox.Maildir(str(path), factory=None, create=False)
        if kind == "maildir"
        else mailbox.mbox(str(path), factory=None, create=False)
    )
    try:
        keys = list(box.iterkeys())
        for number, key in enumerate(keys, 1):
            label = f"message {number}" if kind == "mbox" else f"message {key}"
            for headers_or_note in _headers(box, key, source.read_subject):
                if isinstance(headers_or_note, str):
                    recorder.note(f"{path.name}, {label}: {headers_or_note}; skipped")
                else:
                    recorder.add_mail(headers_or_note)
            if progress is not None and not progress(number, len(keys)):
                recorder.report.cancelled = True
                break
    finally:
        box.close()


def _headers(box: mailbox.Mailbox, key: str, with_subject: bool) -> Iterator[MailHeaders | str]:
    try:
        raw = box.get_bytes(key)
    except (OSError, KeyError) as exc:
        yield f"it cannot be read ({getattr(exc, 'strerror', None) or exc})"
        return
    end = _HEADER_END.search(raw)
    head = raw if end is None else raw[: end.start() + 1]
    try:
        yield parse_headers(message_from_bytes(head, policy=compat32), with_subject=with_subject)
    except BrokenMessage as exc:
        yield str(exc)

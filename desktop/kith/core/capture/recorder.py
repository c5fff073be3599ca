"""Turn what a scan reads — mail headers, calendar events — into captured contact and
suggested interactions: match the people against Kith's contacts, skip bulk mail and crowds,
write in batches (each batch one transaction, with the scan's progress in it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from kith.core.capture.headers import MailHeaders
from kith.core.capture.sources import Source, add_my_addresses, blocked_addresses, my_addresses
from kith.core.local_time import local_date, today
from kith.store.changes import writing
from kith.store.models import (
    CapturedContact,
    CaptureSource,
    CaptureSuggestion,
    CaptureSuggestionContact,
    CaptureThread,
    Contact,
    ContactMethod,
)

#: Messages or events written per transaction.
BATCH = 500


@dataclass(frozen=True)
class Meeting:
    """One calendar event, reduced to what capture keeps."""

    #: The event's UID (with its RECURRENCE-ID for a moved occurrence).
    key: str
    occurred_at: datetime  # naive UTC
    #: The organizer's address ("" when none), lower-cased.
    organizer: str
    #: Everyone who attended or was invited and did not decline, lower-cased, the organizer
    #: included.
    people: tuple[str, ...]
    summary: str = ""


@dataclass
class ScanReport:
    """What one scan read and what came of it."""

    source: str
    read: int = 0
    bulk: int = 0
    crowded: int = 0
    unknown: int = 0
    upcoming: int = 0
    #: Messages and events newly captured (with someone known on them).
    captured: int = 0
    suggestions: int = 0
    accepted: int = 0
    #: Per-message notes: a broken message, a folder that could not be read, …
    notes: list[str] = field(default_factory=list)
    #: The scan stopped before the end (cancelled); what was read is kept.
    cancelled: bool = False

    def summary(self) -> str:
        parts = [f"{self.source}: read {self.read}"]
        parts.append(f"{self.captured} new with people you know")
        if self.bulk:
            parts.append(f"{self.bulk} bulk or automatic skipped")
        if self.crowded:
            parts.append(f"{self.crowded} with too many people skipped")
        if self.unknown:
            parts.append(f"{self.unknown} with nobody you know")
        if self.upcoming:
            parts.append(f"{self.upcoming} not yet happened")
        added = f"{self.suggestions} new suggestion{'' if self.suggestions == 1 else 's'}"
        if self.accepted:
            added += f" ({self.accepted} accepted automatically)"
        parts.append(added)
        text = ", ".join(parts)
        return text + (" — stopped before the end" if self.cancelled else "")


class AddressIndex:
    """Every email channel of the people in Kith (not archived), by lower-cased address.

    The channels are read the first time someone is looked up, so a scan that finds nothing
    new never reads them (about a second at 100,000 people).
    """

    def __init__(self) -> None:
        self._contacts: dict[str, list[int]] | None = None
        self.blocked = blocked_addresses()
        self.me = set(my_addresses())

    @property
    def contacts(self) -> dict[str, list[int]]:
        if self._contacts is None:
            self._contacts = {}
            query = (
                ContactMethod.select(ContactMethod.value, ContactMethod.contact)
                .join(Contact)
                .where((ContactMethod.kind == "email") & (Contact.archived == False))  # noqa: E712
                .tuples()
            )
            for value, contact_id in query:
                address = value.strip().lower()
                ids = self._contacts.setdefault(address, [])
                if contact_id not in ids:
                    ids.append(contact_id)
        return self._contacts

    def known(self, people: Iterable[str]) -> list[tuple[int, str]]:
        """(contact id, address) for each known person among ``people`` — never the user,
        never a blocked address — each contact once."""
        found: dict[int, str] = {}
        contacts = self.contacts
        for address in people:
            if address in self.me or address in self.blocked:
                continue
            for contact_id in contacts.get(address, ()):
                found.setdefault(contact_id, address)
        return list(found.items())


@dataclass
class _Pending:
    captured: list[dict[str, object]] = field(default_factory=list)
    threads: dict[str, tuple[datetime, bool]] = field(default_factory=dict)
    suggestions: dict[str, dict[str, object]] = field(default_factory=dict)
    people: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    items: int = 0


class Recorder:
    """Collects what a scan reads and writes it in batches. ``flush(progress)`` writes the
    batch and calls ``progress`` inside the same transaction (an IMAP folder's last UID), so
    what is written and how far the scan got never disagree."""

    def __init__(self, source: Source, *, now: datetime, tz: tzinfo | None = None) -> None:
        self.source = source
        self.now = now
        self.tz = tz
        self.index = AddressIndex()
        self.report = ScanReport(source.name)
        self._pending = _Pending()
        self._learnt: set[str] = set()
        self.new_suggestion_ids: list[int] = []

    # -- reading --------------------------------------------------------------------------------

    def learn_my_address(self, address: str) -> None:
        """The user wrote from this address (a message in Sent): it is theirs."""
        address = address.strip().lower()
        if address and address not in self.index.me:
            self.index.me.add(address)
            self._learnt.add(address)

    def note(self, text: str) -> None:
        self.report.notes.append(text)

    def add_mail(self, headers: MailHeaders) -> None:
        report = self.report
        report.read += 1
        if headers.bulk:
            report.bulk += 1
            return
        if len(headers.people) > self.source.max_participants:
            report.crowded += 1
            return
        day = local_date(headers.occurred_at, self.tz)
        if day > today(self.now, self.tz):
            report.upcoming += 1
            return
        from_me = headers.sender in self.index.me
        self._thread(headers.thread_key, headers.occurred_at, from_me)
        known = self.index.known(headers.people)
        if not known:
            report.unknown += 1
            return
        pending = self._pending
        pending.items += 1
        for contact_id, address in known:
            pending.captured.append(
                {
                    "source": self.source.id,
                    "contact": contact_id,
                    "kind": "email",
                    "occurred_at": headers.occurred_at,
                    "item_key": headers.key,
                    "thread_key": headers.thread_key,
                    "address": address,
                    "from_me": from_me,
                }
            )
            key = f"email:{headers.thread_key}:{day.isoformat()}:{contact_id}"
            self._suggest(
                key,
                "email",
                headers.occurred_at,
                headers.thread_key,
                headers.subject,
                [(contact_id, address)],
                item_key=headers.key,
            )
        if pending.items >= BATCH:
            self.flush()

    def add_meeting(self, meeting: Meeting) -> None:
        report = self.report
        report.read += 1
        if len(meeting.people) > self.source.max_participants:
            report.crowded += 1
            return
        if meeting.occurred_at > self.now:
            report.upcoming += 1
            return
        from_me = bool(meeting.organizer) and meeting.organizer in self.index.me
        if meeting.organizer:
            self._thread(meeting.key, meeting.occurred_at, from_me)
        known = self.index.known(meeting.people)
        if not known:
            report.unknown += 1
            return
        pending = self._pending
        pending.items += 1
        for contact_id, address in known:
            pending.captured.append(
                {
                    "source": self.source.id,
                    "contact": contact_id,
                    "kind": "meeting",
                    "occurred_at": meeting.occurred_at,
                    "item_key": meeting.key,
                    "thread_key": meeting.key,
                    "address": address,
                    "from_me": from_me,
                }
            )
        self._suggest(
            f"meeting:{meeting.key}",
            "meeting",
            meeting.occurred_at,
            meeting.key,
            meeting.summary,
            known,
            item_key=meeting.key,
        )
        if pending.items >= BATCH:
            self.flush()

    def _thread(self, key: str, when: datetime, by_me: bool) -> None:
        known = self._pending.threads.get(key)
        if known is None or when < known[0]:
            self._pending.threads[key] = (when, by_me)

    def _suggest(
        self,
        key: str,
        kind: str,
        when: datetime,
        thread_key: str,
        summary: str,
        people: list[tuple[int, str]],
        *,
        item_key: str,
    ) -> None:
        pending = self._pending
        known = pending.suggestions.get(key)
        if known is None:
            pending.suggestions[key] = {
                "source": self.source.id,
                "key": key,
                "kind": kind,
                "occurred_at": when,
                "thread_key": thread_key,
                "summary": summary[:200],
                "created_at": self.now,
                "_item": item_key,
            }
            pending.people[key] = list(people)
        elif when < known["occurred_at"]:  # type: ignore[operator]
            known["occurred_at"] = when
            known["summary"] = summary[:200] or known["summary"]

    # -- writing --------------------------------------------------------------------------------

    def flush(self, progress: Callable[[], None] | None = None) -> None:
        """Write what was read since the last flush, and ``progress``, in one transaction."""
        pending, self._pending = self._pending, _Pending()
        tables = (
            "captured_contact",
            "capture_thread",
            "capture_suggestion",
            "capture_suggestion_contact",
            "capture_folder",
            "capture_source",
        )
        with writing(*tables):
            if self._learnt:
                add_my_addresses(self.source.id, sorted(self._learnt))
                self._learnt.clear()
            self._write_threads(pending.threads)
            self.report.captured += self._write_captured(pending.captured)
            self._write_suggestions(pending)
            if progress is not None:
                progress()

    def _write_threads(self, threads: dict[str, tuple[datetime, bool]]) -> None:
        if not threads:
            return
        keys = list(threads)
        stored: dict[str, tuple[int, datetime]] = {}
        for chunk in _chunks(keys):
            for row_id, key, started in (
                CaptureThread.select(CaptureThread.id, CaptureThread.key, CaptureThread.started_at)
                .where((CaptureThread.source == self.source.id) & CaptureThread.key.in_(chunk))
                .tuples()
            ):
                stored[key] = (row_id, started)
        rows = []
        for key, (when, by_me) in threads.items():
            if key not in stored:
                rows.append(
                    {
                        "source": self.source.id,
                        "key": key,
                        "started_at": when,
                        "started_by_me": by_me,
                    }
                )
            elif when < stored[key][1]:
                CaptureThread.update(started_at=when, started_by_me=by_me).where(
                    CaptureThread.id == stored[key][0]
                ).execute()
        _insert_rows(CaptureThread, rows)

    def _write_captured(self, rows: list[dict[str, object]]) -> int:
        """Insert the rows not already there; the number of new messages/events."""
        if not rows:
            return 0
        keys = list({str(r["item_key"]) for r in rows})
        seen: set[tuple[str, int]] = set()
        for chunk in _chunks(keys):
            seen.update(
                CapturedContact.select(CapturedContact.item_key, CapturedContact.contact)
                .where(
                    (CapturedContact.source == self.source.id) & CapturedContact.item_key.in_(chunk)
                )
                .tuples()
            )
        new_rows = []
        for row in rows:
            mark = (str(row["item_key"]), int(row["contact"]))  # type: ignore[call-overload]
            if mark not in seen:
                seen.add(mark)
                new_rows.append(row)
        _insert_rows(CapturedContact, new_rows)
        return len({r["item_key"] for r in new_rows})

    def _write_suggestions(self, pending: _Pending) -> None:
        if not pending.suggestions:
            return
        keys = list(pending.suggestions)
        existing: set[str] = set()
        # Any source: the same message read from two places is suggested once. Naming every
        # source lets SQLite look the keys up in the (source, key) index.
        sources = [sid for (sid,) in CaptureSource.select(CaptureSource.id).tuples()]
        for chunk in _chunks(keys):
            existing.update(
                k
                for (k,) in CaptureSuggestion.select(CaptureSuggestion.key)
                .where(CaptureSuggestion.source.in_(sources) & CaptureSuggestion.key.in_(chunk))
                .tuples()
            )
        fresh = [key for key in pending.suggestions if key not in existing]
        for chunk in _chunks(fresh, 500):
            _insert_rows(
                CaptureSuggestion,
                [
                    {k: v for k, v in pending.suggestions[key].items() if not k.startswith("_")}
                    for key in chunk
                ],
            )
            ids = dict(
                CaptureSuggestion.select(CaptureSuggestion.key, CaptureSuggestion.id)
                .where(
                    (CaptureSuggestion.source == self.source.id) & CaptureSuggestion.key.in_(chunk)
                )
                .tuples()
            )
            _insert_rows(
                CaptureSuggestionContact,
                [
                    {"suggestion": ids[key], "contact": cid, "address": address}
                    for key in chunk
                    for cid, address in pending.people[key]
                ],
            )
            self.new_suggestion_ids.extend(ids[key] for key in chunk)
            self.report.suggestions += len(chunk)

    def finish(self, progress: Callable[[], None] | None = None) -> ScanReport:
        """Write what is left; accept the new suggestions automatically when the source says
        so; return the report."""
        self.flush(progress)
        kinds = set()
        if self.source.auto_accept_mail:
            kinds.add("email")
        if self.source.auto_accept_meetings:
            kinds.add("meeting")
        if kinds and self.new_suggestion_ids:
            from kith.core.capture.suggestions import accept_suggestions

            chosen = [
                sid
                for (sid,) in CaptureSuggestion.select(CaptureSuggestion.id)
                .where(
                    CaptureSuggestion.id.in_(self.new_suggestion_ids)
                    & CaptureSuggestion.kind.in_(sorted(kinds))
                )
                .tuples()
            ]
            accepted = accept_suggestions(chosen, now=self.now, tz=self.tz)
            self.report.accepted += len(accepted)
        return self.report


def _insert_rows(model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert rows (all with the same keys: field names) with one ``executemany``, values
    converted as peewee stores them. Much cheaper than peewee building each INSERT, which is
    what a first scan of a big mailbox would otherwise spend its time on."""
    if not rows:
        return
    import peewee as pw

    # Fields left out take their defaults, as peewee would give them.
    defaults = {
        f.name: f.default
        for f in model._meta.sorted_fields
        if f.name not in rows[0] and not isinstance(f, pw.AutoField) and f.default is not None
    }
    if defaults:
        rows = [
            {**row, **{k: d() if callable(d) else d for k, d in defaults.items()}} for row in rows
        ]
    fields = [model._meta.fields[name] for name in rows[0]]
    needs = (pw.DateTimeField, pw.DateField, pw.BooleanField, pw.ForeignKeyField)
    convert = [f.db_value if isinstance(f, needs) else None for f in fields]
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join("?" for _ in fields)
    sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
    values = [
        tuple(
            v if c is None or v is None else c(v)
            for c, v in zip(convert, row.values(), strict=True)
        )
        for row in rows
    ]
    model._meta.database.cursor().executemany(sql, values)


def _chunks(items: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

"""The calendar side of a sync: follow-ups as VTODOs, birthdays as yearly VEVENTs.

Kith owns these resources: it sends open follow-ups (and the final state of those it sent
before: done is ``COMPLETED``, dropped is ``CANCELLED``) and every birthday of a contact who
is not archived. From the server it takes back what a phone does to a task: completing it
completes the follow-up in Kith (a repeating one rolls on to its next date, which is sent as
a new task), cancelling it drops it. A task deleted on the server while its follow-up is
still open is sent again; tasks and events other clients create are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kith.core.sync.dav import CALENDAR, ICALENDAR_TYPE, MULTIGET_BATCH
from kith.core.sync.errors import PreconditionFailed
from kith.store.changes import writing
from kith.store.models import Contact, FollowUp, SyncCollection, SyncResource

if TYPE_CHECKING:
    from kith.core.sync.engine import SyncEngine

FOLLOW_UP = "follow_up"
BIRTHDAY = "birthday"
#: Another client's item in the calendar: remembered (so it is not fetched again), left alone.
OTHER = "other"
#: The UID suffix of Kith's birthday events (``<contact uid>-birthday@kith``).
BIRTHDAY_SUFFIX = "-birthday@kith"


def _wrap(component: Any) -> str:
    from icalendar import Calendar

    from kith import __version__

    cal = Calendar()
    cal.add("prodid", f"-//Kith//Kith {__version__}//EN")
    cal.add("version", "2.0")
    cal.add_component(component)
    return bytes(cal.to_ical()).decode("utf-8")


def _utc(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value
    return None


def task_state(text: str) -> tuple[str, datetime | None]:
    """("completed" | "cancelled" | "open", when completed) of the first VTODO in ``text``."""
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(text)
    except ValueError:
        return "open", None
    for todo in cal.walk("VTODO"):
        status = str(todo.get("STATUS", "")).upper()
        completed = todo.get("COMPLETED")
        when = _utc(completed.dt) if completed is not None else None
        if status == "COMPLETED" or when is not None:
            return "completed", when
        if status == "CANCELLED":
            return "cancelled", None
        return "open", None
    return "open", None


#: Properties that say when or by what a resource was written, not what it says.
_VOLATILE_PROPERTIES = frozenset({"DTSTAMP", "PRODID", "LAST-MODIFIED", "CREATED", "SEQUENCE"})


def calendar_fingerprint(text: str) -> str:
    """A hash of what an iCalendar resource says, in a canonical form.

    Servers store what they are sent in their own way — Radicale reorders the properties
    and changes the line endings — so comparing texts would call every resource changed.
    This compares the properties (each component's, sorted the same way every time), and
    ignores the ones that only say when it was written.
    """
    import hashlib

    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(text)
    except ValueError:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    lines = []
    for name, value in cal.property_items(sorted=True):
        if name in _VOLATILE_PROPERTIES:
            continue
        values = value if isinstance(value, list) else [value]
        rendered = b",".join(v.to_ical() if hasattr(v, "to_ical") else bytes(v) for v in values)
        lines.append(name.encode("utf-8") + b":" + rendered)
    return hashlib.sha256(b"\n".join(lines)).hexdigest()


def _identify(text: str) -> tuple[str, str | None]:
    """(kind, local uid) of a calendar resource Kith has no record of: a Kith birthday event
    (the contact's uid), or another client's item (``OTHER``, None)."""
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(text)
    except ValueError:
        return OTHER, None
    for event in cal.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        if uid.endswith(BIRTHDAY_SUFFIX):
            return BIRTHDAY, uid.removesuffix(BIRTHDAY_SUFFIX)
    return OTHER, None


class CalendarSync:
    def __init__(self, engine: SyncEngine, url: str) -> None:
        self.engine = engine
        self.dav = engine.dav
        self.report = engine.report
        self.url = url
        path = urlsplit(url).path
        self.base_path = path if path.endswith("/") else path + "/"

    def run(self) -> None:
        engine = self.engine
        collection = engine._collection(self.url)
        state = {
            r.href: r for r in SyncResource.select().where(SyncResource.collection == collection)
        }
        changes = engine._changes(collection, self.url, state)
        # Read back what Kith writes: its follow-ups' tasks, and every birthday (new ones too —
        # another Kith's, which this machine would otherwise PUT over, one 412 at a time).
        wanted = [
            h
            for h in changes.changed
            if h not in state or state[h].kind in (FOLLOW_UP, BIRTHDAY, OTHER)
        ]
        engine._plan(len(wanted) + len(changes.deleted))
        for start in range(0, len(wanted), MULTIGET_BATCH):
            paths = wanted[start : start + MULTIGET_BATCH]
            batch = self.dav.multiget(self.url, CALENDAR, paths)
            for href in paths:
                if href in batch:
                    etag, text = batch[href]
                    self._pull(collection, href, state.get(href), etag, text)
            engine._tick("Receiving follow-ups", len(paths))
        if changes.deleted:
            with writing("sync_resource"):
                SyncResource.delete().where(
                    (SyncResource.collection == collection.id)
                    & SyncResource.href.in_(list(changes.deleted))
                ).execute()
            engine._tick("Receiving follow-ups", len(changes.deleted))
        engine._save_collection(collection, changes.token)
        self._push_follow_ups(collection)
        self._push_birthdays(collection)

    def _pull(
        self,
        collection: SyncCollection,
        href: str,
        row: SyncResource | None,
        etag: str,
        text: str,
    ) -> None:
        kind = row.kind if row is not None and row.kind != OTHER else None
        uid = row.local_uid if kind is not None and row is not None else None
        if kind is None:
            kind, uid = _identify(text)
        if kind == FOLLOW_UP and uid is not None and row is not None:
            self._pull_task(collection, row, etag, text)
        elif kind == BIRTHDAY and uid is not None:
            self._pull_birthday(collection, href, uid, etag, text)
        else:  # another client's item: remembered so it is not fetched again, never touched
            with writing("sync_resource"):
                self.engine._state_row(
                    collection, href, etag=etag, kind=OTHER, local_uid=href, base=""
                )

    def _pull_birthday(
        self, collection: SyncCollection, href: str, uid: str, etag: str, text: str
    ) -> None:
        """A birthday event on the server: Kith's own (this machine's or another Kith's).

        When it says what this machine would send, it is adopted as sent (no PUT); when it
        differs, Kith's version is sent over it with the fresh ETag. A birthday whose person
        is not here (yet) is left alone until they are.
        """
        fingerprint = calendar_fingerprint
        local = self._birthday_text(uid)
        matches = local is not None and fingerprint(local) == fingerprint(text)
        with writing("sync_resource"):
            if local is None:
                self.engine._state_row(
                    collection, href, etag=etag, kind=OTHER, local_uid=href, base=""
                )
            else:
                self.engine._state_row(
                    collection,
                    href,
                    etag=etag,
                    kind=BIRTHDAY,
                    local_uid=uid,
                    base=text,
                    local_hash=fingerprint(text) if matches else "",
                )

    def _birthday_text(self, uid: str) -> str | None:
        """The birthday event this machine sends for the contact ``uid`` (None: none)."""
        from kith.core.export import birthday_event

        row = Contact.get_or_none(
            (Contact.uid == uid)
            & Contact.birthday_month.is_null(False)
            & Contact.birthday_day.is_null(False)
            & (Contact.archived == False)  # noqa: E712
        )
        if row is None:
            return None
        event = birthday_event(
            row.uid,
            row.full_name,
            row.birthday_year,
            row.birthday_month,
            row.birthday_day,
            row.updated_at.replace(tzinfo=UTC),
        )
        return _wrap(event) if event is not None else None

    def _pull_task(
        self, collection: SyncCollection, row: SyncResource, etag: str, text: str
    ) -> None:
        from kith.core.follow_ups import complete_follow_up, drop

        state, when = task_state(text)
        follow_up = FollowUp.get_or_none(FollowUp.uid == row.local_uid)
        with writing("sync_resource", "follow_up", "interaction", "interaction_contact"):
            if follow_up is not None and follow_up.status == "open":
                if state == "completed":
                    moment = when if when is not None else self.engine.now()
                    complete_follow_up(follow_up.id, now=min(moment, self.engine.now()))
                    self.report.completed_here += 1
                elif state == "cancelled":
                    drop(follow_up.id, now=self.engine.now())
                    self.report.dropped_here += 1
            self.engine._state_row(collection, row.href, etag=etag, base=text)

    def _send(
        self,
        collection: SyncCollection,
        kind: str,
        uid: str,
        render: Callable[[], str | None],
        row: SyncResource | None,
    ) -> bool:
        """Send one of Kith's resources if it changed; True when a PUT stored it.

        A 412 (the server holds another version) is never the end of it: the resource is
        read, what the server says is applied first (a task ticked off on a phone), and its
        ETag refreshed; then Kith's version is sent over it with that ETag — or not at all
        when the server already says the same.
        """
        fingerprint = calendar_fingerprint
        text = render()
        if text is None:
            return False
        local_hash = fingerprint(text)
        if row is not None and row.local_hash == local_hash:
            with writing("sync_resource"):
                self.engine._state_row(collection, row.href)
            return False
        href = row.href if row is not None else f"{self.base_path}{_slug(uid)}.ics"
        etag = row.etag if row is not None else None
        for _attempt in range(3):
            try:
                new_etag = self.dav.put(href, text, ICALENDAR_TYPE, etag=etag)
                break
            except PreconditionFailed:
                found = self.dav.get(href)
                if found is None:
                    etag = None  # deleted meanwhile: create it again
                    continue
                etag, theirs = found
                if kind == FOLLOW_UP and row is not None:
                    self._pull_task(collection, row, etag, theirs)
                    text = render()
                    if text is None:
                        return False
                    local_hash = fingerprint(text)
                if fingerprint(theirs) == local_hash:
                    new_etag = etag  # the server already says this: adopt it, send nothing
                    with writing("sync_resource"):
                        self._record(collection, href, kind, uid, new_etag, theirs, local_hash)
                    return False
        else:
            self.report.notes.append(
                f"{href.rsplit('/', 1)[-1]} kept changing on the server; the next sync sends it."
            )
            with writing("sync_resource"):
                self._record(collection, href, kind, uid, etag, "", "")
            return False
        new_etag = self.engine._etag_after_put(href, new_etag)
        with writing("sync_resource"):
            self._record(collection, href, kind, uid, new_etag, text, local_hash)
        return True

    def _record(
        self,
        collection: SyncCollection,
        href: str,
        kind: str,
        uid: str,
        etag: str | None,
        base: str,
        local_hash: str,
    ) -> None:
        self.engine._state_row(
            collection,
            href,
            etag=etag,
            kind=kind,
            local_uid=uid,
            base=base,
            local_hash=local_hash,
        )

    def _delete(self, row: SyncResource) -> None:
        try:
            self.dav.delete(row.href, etag=row.etag)
        except PreconditionFailed:
            self.dav.delete(row.href)  # Kith owns these: its removal stands
        with writing("sync_resource"):
            SyncResource.delete().where(SyncResource.id == row.id).execute()
        self.report.calendar_deleted += 1

    def _rows(self, collection: SyncCollection, kind: str) -> dict[str, SyncResource]:
        return {
            r.local_uid: r
            for r in SyncResource.select().where(
                (SyncResource.collection == collection.id) & (SyncResource.kind == kind)
            )
        }

    def _push_follow_ups(self, collection: SyncCollection) -> None:
        from kith.core.export import follow_up_todo

        rows = self._rows(collection, FOLLOW_UP)
        contacts = {
            cid: (name, updated)
            for cid, name, updated in Contact.select(
                Contact.id, Contact.full_name, Contact.updated_at
            ).tuples()
        }
        known = set(rows)
        wanted = list(
            FollowUp.select().where(
                (FollowUp.status == "open") | FollowUp.uid.in_(list(known))
                if known
                else (FollowUp.status == "open")
            )
        )
        present = {f.uid for f in wanted}
        work = []
        for f in wanted:
            row = rows.get(f.uid)
            who, touched = contacts.get(f.contact_id, ("", f.updated_at))
            if row is None or not row.local_hash or max(f.updated_at, touched) > row.synced_at:
                work.append((f, who, row))
        gone = [row for uid, row in rows.items() if uid not in present]
        self.engine._plan(len(work) + len(gone))
        for f, who, row in work:

            def render(follow_up_id: int = f.id, who: str = who) -> str | None:
                current = FollowUp.get_or_none(FollowUp.id == follow_up_id)
                if current is None:
                    return None
                stamp = current.updated_at.replace(tzinfo=UTC)
                return _wrap(follow_up_todo(current, who, stamp, repeat=False))

            if self._send(collection, FOLLOW_UP, f.uid, render, row):
                self.report.follow_ups_sent += 1
            self.engine._tick("Sending follow-ups")
        for row in gone:
            self._delete(row)
            self.engine._tick("Sending follow-ups")

    def _push_birthdays(self, collection: SyncCollection) -> None:
        from kith.core.export import birthday_event

        rows = self._rows(collection, BIRTHDAY)
        people = list(
            Contact.select(
                Contact.uid,
                Contact.full_name,
                Contact.birthday_year,
                Contact.birthday_month,
                Contact.birthday_day,
                Contact.updated_at,
            )
            .where(
                Contact.birthday_month.is_null(False),
                Contact.birthday_day.is_null(False),
                Contact.archived == False,  # noqa: E712
            )
            .tuples()
        )
        present = {p[0] for p in people}
        work = [
            p
            for p in people
            if p[0] not in rows or not rows[p[0]].local_hash or p[5] > rows[p[0]].synced_at
        ]
        gone = [row for uid, row in rows.items() if uid not in present]
        self.engine._plan(len(work) + len(gone))
        for uid, name, year, month, day, updated in work:
            event = birthday_event(uid, name, year, month, day, updated.replace(tzinfo=UTC))
            if event is None:
                self.engine._tick("Sending birthdays")
                continue
            text: str = _wrap(event)

            def render(text: str = text) -> str | None:
                return text

            if self._send(collection, BIRTHDAY, uid, render, rows.get(uid)):
                self.report.birthdays_sent += 1
            self.engine._tick("Sending birthdays")
        for row in gone:
            self._delete(row)
            self.engine._tick("Sending birthdays")


def _slug(uid: str) -> str:
    from kith.core.sync.engine import _slug as slug

    return slug(uid)

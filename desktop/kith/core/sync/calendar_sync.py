"""The calendar side of a sync: follow-ups as VTODOs, birthdays as yearly VEVENTs.

Kith owns these resources: it sends open follow-ups (and the final state of those it sent
before: done is ``COMPLETED``, dropped is ``CANCELLED``) and every birthday of a contact who
is not archived. From the server it takes back what a phone does to a task: completing it
completes the follow-up in Kith (a repeating one rolls on to its next date, which is sent as
a new task), cancelling it drops it. A task deleted on the server while its follow-up is
still open is sent again; tasks and events other clients create are left alone.
"""

from __future__ import annotations

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
        ours = [h for h in changes.changed if h in state and state[h].kind == FOLLOW_UP]
        engine._plan(len(ours) + len(changes.deleted))
        for start in range(0, len(ours), MULTIGET_BATCH):
            batch = self.dav.multiget(self.url, CALENDAR, ours[start : start + MULTIGET_BATCH])
            for href, (etag, text) in batch.items():
                self._pull_task(collection, state[href], etag, text)
            engine._tick("Receiving follow-ups", len(ours[start : start + MULTIGET_BATCH]))
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
        text: str,
        row: SyncResource | None,
    ) -> bool:
        from kith.core.sync.engine import fingerprint

        local_hash = fingerprint(text)
        if row is not None and row.local_hash == local_hash:
            with writing("sync_resource"):
                self.engine._state_row(collection, row.href)
            return False
        href = row.href if row is not None else f"{self.base_path}{_slug(uid)}.ics"
        etag = row.etag if row is not None else None
        try:
            new_etag = self.dav.put(href, text, ICALENDAR_TYPE, etag=etag)
        except PreconditionFailed:
            if row is not None:
                return False  # changed on the server meanwhile: the next sync reads it first
            found = self.dav.get(href)
            if found is None:
                raise
            new_etag = self.dav.put(href, text, ICALENDAR_TYPE, etag=found[0])
        new_etag = self.engine._etag_after_put(href, new_etag)
        with writing("sync_resource"):
            self.engine._state_row(
                collection,
                href,
                etag=new_etag,
                kind=kind,
                local_uid=uid,
                base=text,
                local_hash=local_hash,
            )
        return True

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
            todo = follow_up_todo(f, who, f.updated_at.replace(tzinfo=UTC), repeat=False)
            if self._send(collection, FOLLOW_UP, f.uid, _wrap(todo), row):
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
            if event is not None and self._send(
                collection, BIRTHDAY, uid, _wrap(event), rows.get(uid)
            ):
                self.report.birthdays_sent += 1
            self.engine._tick("Sending birthdays")
        for row in gone:
            self._delete(row)
            self.engine._tick("Sending birthdays")


def _slug(uid: str) -> str:
    from kith.core.sync.engine import _slug as slug

    return slug(uid)

"""The calendar side of a sync: follow-ups as VTODOs both ways, birthdays as yearly VEVENTs.

Every follow-up (open, done and dropped: the second computer gets the history too) is a task
``<follow-up uid>.ics`` that another Kith reads back exactly (:mod:`.follow_up_tasks`); a task
another client creates in this calendar becomes a follow-up. A change on either side travels:
a task ticked off on a phone completes the follow-up (a repeat rolls on), one completed or
dropped in another Kith is completed or dropped here, and a deletion on one side deletes on
the other — unless the follow-up was changed here since, then it is sent again. When both
sides changed a follow-up or an interaction it is merged field by field (:func:`merge_fields`;
completion and cancellation from the server always apply). Birthdays of contacts who are
not archived are Kith's own events ``<contact uid>-birthday.ics``: another Kith's are
recognised and adopted, not rewritten. Events other clients create are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kith.core.sync.dav import CALENDAR, ICALENDAR_TYPE, MULTIGET_BATCH
from kith.core.sync.errors import ComponentNotAccepted, PreconditionFailed
from kith.core.sync.follow_up_tasks import Task, read_task, render_task, wrap
from kith.core.sync.goal_entries import TAG_CADENCES_NAME, TAG_CADENCES_UID
from kith.store.changes import writing
from kith.store.models import (
    Contact,
    ContactDate,
    ContactMethod,
    FollowUp,
    Goal,
    GoalContact,
    Interaction,
    InteractionContact,
    SyncCollection,
    SyncResource,
)

if TYPE_CHECKING:
    from kith.core.sync.engine import SyncEngine

FOLLOW_UP = "follow_up"
INTERACTION = "interaction"
GOAL = "goal"
TAG_CADENCES = "tag_cadences"
#: What the pull reads first, in this order: what the others refer to.
_READ_FIRST = (GOAL, TAG_CADENCES, INTERACTION)
BIRTHDAY = "birthday"
#: Another client's item in the calendar: remembered (so it is not fetched again), left alone.
OTHER = "other"
#: What a push step will send: (how many entries, the function that sends them).
Sending = tuple[int, Callable[[], None]]
#: The UID suffix of Kith's birthday events (``<contact uid>-birthday@kith``).
BIRTHDAY_SUFFIX = "-birthday@kith"
#: A contact's important date (an anniversary…), ``<contact uid>-date-<digest>@kith``.
IMPORTANT_DATE = "date"
_DATE_UID = re.compile(r"^(.+-date-[0-9a-f]{12})@kith$")


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


#: How a field is named in a conflict note.
_FIELD_NAMES = {
    "title": "Title",
    "summary": "Summary",
    "due_at": "Due",
    "occurred_at": "When",
    "kind": "Kind",
    "ask_size": "Ask size",
    "direction": "What flowed",
    "initiator": "Who reached out",
    "why": "Why",
    "target_date": "Target date",
    "status": "Status",
}


def merge_fields(
    base: dict[str, Any], local: dict[str, Any], remote: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Three-way, field by field: (merged values, {field: the server's losing value}).

    A field unchanged here since ``base`` takes the server's value; one changed here keeps
    the local value, and when the server changed it too (to something else) the server's
    value is returned as lost, for the notes.
    """
    merged: dict[str, Any] = {}
    lost: dict[str, Any] = {}
    for key, mine in local.items():
        theirs = remote.get(key)
        if mine == base.get(key):
            merged[key] = theirs
        else:
            merged[key] = mine
            if theirs != base.get(key) and theirs != mine and key != "notes":
                lost[key] = theirs
    if local.get("notes") != base.get("notes") and remote.get("notes") != base.get("notes"):
        theirs, mine = remote.get("notes") or "", local.get("notes") or ""
        if theirs and theirs != mine and theirs not in mine:
            lost["notes"] = theirs
    return merged, lost


def with_conflict_note(notes: str, lost: dict[str, Any], day: str) -> str:
    """The notes with what the server said for each field both sides changed, as contacts
    keep it: "Sync conflict 2026-05-02: Title was “…” on the server"."""
    lines = []
    for key, value in lost.items():
        if key == "notes":
            lines.append(f"Sync conflict {day}: the server's notes were “{value}”")
        elif key in _FIELD_NAMES:
            lines.append(f"Sync conflict {day}: {_FIELD_NAMES[key]} was “{value}” on the server")
    return "\n".join([notes, *lines]).strip() if lines else notes


def _identify(text: str) -> tuple[str, str | None]:
    """(kind, local uid) of a calendar resource Kith has no record of: a Kith birthday event
    (the contact's uid), a task (its UID: every task is a follow-up), or another client's
    item (``OTHER``, None)."""
    from icalendar import Calendar

    try:
        cal = Calendar.from_ical(text)
    except ValueError:
        return OTHER, None
    for event in cal.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        if uid.endswith(BIRTHDAY_SUFFIX):
            return BIRTHDAY, uid.removesuffix(BIRTHDAY_SUFFIX)
        if match := _DATE_UID.match(uid):
            return IMPORTANT_DATE, match.group(1)
    from kith.core.sync.goal_entries import (
        GOAL_ENTRY,
        TAG_CADENCES_ENTRY,
        TAG_CADENCES_UID,
        entry_kind,
    )

    for todo in cal.walk("VTODO"):
        uid = str(todo.get("UID", "")).strip()
        if not uid:
            return OTHER, None
        return (GOAL if entry_kind(todo) == GOAL_ENTRY else FOLLOW_UP), uid
    for journal in cal.walk("VJOURNAL"):
        uid = str(journal.get("UID", "")).strip()
        if entry_kind(journal) == TAG_CADENCES_ENTRY:
            return TAG_CADENCES, TAG_CADENCES_UID
        return (INTERACTION, uid) if uid else (OTHER, None)
    return OTHER, None


def _goal_entry(text: str) -> Any:
    """The goal a task's text holds (a ``GoalEntry``), or None when it holds none."""
    from icalendar import Calendar

    from kith.core.sync.goal_entries import read_goal

    try:
        for todo in Calendar.from_ical(text).walk("VTODO"):
            return read_goal(todo)
    except ValueError:
        return None
    return None


def _current_text(model: Any, text_of: Callable[[Any], str]) -> Callable[[int], str | None]:
    """How a record of ``model`` is written when it is sent: read afresh by id (None when it
    was deleted meanwhile), then ``text_of`` it."""

    def render(record_id: int) -> str | None:
        current = model.get_or_none(model.id == record_id)
        return text_of(current) if current is not None else None

    return render


class CalendarSync:
    def __init__(self, engine: SyncEngine, url: str) -> None:
        self.engine = engine
        self.dav = engine.dav
        self.report = engine.report
        self.url = url
        path = urlsplit(url).path
        self.base_path = path if path.endswith("/") else path + "/"
        self._contact_names: dict[str, str] | None = None
        self._people: dict[int, tuple[str, str, str | None]] | None = None
        self._ids_by_uid: dict[str, int] = {}

    def run(self) -> None:
        engine = self.engine
        collection = engine._collection(self.url)
        state = {
            r.href: r for r in SyncResource.select().where(SyncResource.collection == collection)
        }
        changes = engine._changes(collection, self.url, state)
        # Read back what Kith writes: its follow-ups' tasks, and every birthday (new ones too —
        # another Kith's, which this machine would otherwise PUT over, one 412 at a time).
        readable = (FOLLOW_UP, INTERACTION, GOAL, TAG_CADENCES, BIRTHDAY, IMPORTANT_DATE, OTHER)
        wanted = [h for h in changes.changed if h not in state or state[h].kind in readable]
        engine._plan(len(wanted) + len(changes.deleted))
        fetched: list[tuple[int, str, str, str, tuple[str, str | None]]] = []
        for start in range(0, len(wanted), MULTIGET_BATCH):
            paths = wanted[start : start + MULTIGET_BATCH]
            batch = self.dav.multiget(self.url, CALENDAR, paths)
            for href in paths:
                if href in batch:
                    etag, text = batch[href]
                    row = state.get(href)
                    if row is not None and row.kind != OTHER:
                        found: tuple[str, str | None] = (row.kind, row.local_uid)
                    else:
                        found = _identify(text)
                    kind = found[0]
                    order = _READ_FIRST.index(kind) if kind in _READ_FIRST else len(_READ_FIRST)
                    fetched.append((order, href, etag, text, found))
        # Goals before the interactions and follow-ups that name them, interactions before the
        # follow-ups they completed.
        fetched.sort(key=lambda item: item[0])
        for _order, href, etag, text, found in fetched:
            self._pull(collection, href, state.get(href), etag, text, found)
            engine._tick("Receiving calendar entries")
        engine._tick("Receiving calendar entries", len(wanted) - len(fetched))
        for href in changes.deleted:
            self._deleted_on_server(state[href])
        engine._tick("Receiving calendar entries", len(changes.deleted))
        engine._save_collection(collection, changes.token)
        # What the other computer needs first goes first, so a long first sync that is
        # stopped (or still running) has already given it what is due and what is recent:
        # goals and cadences, open follow-ups, interactions newest first, then the closed
        # follow-ups (which name the interactions that completed them), birthdays and the other
        # yearly dates.
        # Everything to send is counted before the first PUT, so the status line says the
        # whole of it from the start ("120 of 11,814"), not one kind at a time.
        sendings = [
            self._push_goals(collection),
            self._push_tag_cadences(collection),
            self._push_follow_ups(collection, open_ones=True),
            self._push_interactions(collection),
            self._push_follow_ups(collection, open_ones=False),
            self._push_birthdays(collection),
            self._push_important_dates(collection),
        ]
        engine._plan(sum(count for count, _go in sendings))
        for _count, go in sendings:
            go()

    def _pull(
        self,
        collection: SyncCollection,
        href: str,
        row: SyncResource | None,
        etag: str,
        text: str,
        found: tuple[str, str | None] | None = None,
    ) -> None:
        """One changed resource; ``found`` is its (kind, uid) when the caller knows it."""
        if found is None:
            if row is not None and row.kind != OTHER:
                found = (row.kind, row.local_uid)
            else:
                found = _identify(text)
        kind, uid = found
        if kind == FOLLOW_UP and uid is not None:
            self._pull_task(collection, href, row, etag, text)
        elif kind == INTERACTION and uid is not None:
            self._pull_journal(collection, href, row, etag, text)
        elif kind == GOAL and uid is not None:
            self._pull_goal(collection, href, row, etag, text)
        elif kind == TAG_CADENCES:
            self._pull_tag_cadences(collection, href, row, etag, text)
        elif kind == BIRTHDAY and uid is not None:
            self._pull_birthday(collection, href, uid, etag, text)
        elif kind == IMPORTANT_DATE and uid is not None:
            self._pull_birthday(collection, href, uid, etag, text, IMPORTANT_DATE)
        else:  # another client's item: remembered so it is not fetched again, never touched
            with writing("sync_resource"):
                self.engine._state_row(
                    collection, href, etag=etag, kind=OTHER, local_uid=href, base=""
                )

    def _held_elsewhere(
        self, collection: SyncCollection, href: str, etag: str, kind: str, uid: str
    ) -> bool:
        """Whether another resource of this collection already stands for that record (a
        client copied an entry under a new name); then this one is remembered as another
        client's item and left alone. Call inside a ``writing`` block."""
        taken = (
            SyncResource.select()
            .where(
                (SyncResource.collection == collection.id)
                & (SyncResource.kind == kind)
                & (SyncResource.local_uid == uid)
                & (SyncResource.href != href)
            )
            .exists()
        )
        if taken:
            self.engine._state_row(collection, href, etag=etag, kind=OTHER, local_uid=href, base="")
        return bool(taken)

    def _pull_birthday(
        self,
        collection: SyncCollection,
        href: str,
        uid: str,
        etag: str,
        text: str,
        kind: str = BIRTHDAY,
    ) -> None:
        """A birthday (or an important date's) event on the server: Kith's own (this
        machine's or another Kith's).

        When it says what this machine would send, it is adopted as sent (no PUT); when it
        differs, Kith's version is sent over it with the fresh ETag. A birthday whose person
        is not here (yet) is left alone until they are.
        """
        fingerprint = calendar_fingerprint
        local = self._birthday_text(uid) if kind == BIRTHDAY else self._date_text(uid)
        matches = local is not None and fingerprint(local) == fingerprint(text)
        with writing("sync_resource"):
            if local is None:
                self.engine._state_row(
                    collection, href, etag=etag, kind=OTHER, local_uid=href, base=""
                )
            elif not self._held_elsewhere(collection, href, etag, kind, uid):
                self.engine._state_row(
                    collection,
                    href,
                    etag=etag,
                    kind=kind,
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
        return wrap(event) if event is not None else None

    def _date_text(self, key: str) -> str | None:
        """The event this machine sends for the important date ``key`` (None: none)."""
        from kith.core.export import DATE_MARK

        contact_uid = key.rsplit(DATE_MARK, 1)[0]
        for found, _updated, render in self._important_dates(contact_uid):
            if found == key:
                return render()
        return None

    def _important_dates(
        self, contact_uid: str | None = None
    ) -> list[tuple[str, datetime, Callable[[], str | None]]]:
        """(key, when the person last changed, how its event is written) of every important
        date of people not archived (or of the contact ``contact_uid``)."""
        from kith.core.export import important_date_event, important_date_key

        query = (
            ContactDate.select(
                Contact.uid,
                Contact.full_name,
                Contact.updated_at,
                ContactDate.label,
                ContactDate.year,
                ContactDate.month,
                ContactDate.day,
            )
            .join(Contact)
            .where(Contact.archived == False)  # noqa: E712
            .order_by(ContactDate.contact, ContactDate.position)
        )
        if contact_uid is not None:
            query = query.where(Contact.uid == contact_uid)
        found: dict[str, tuple[str, datetime, Callable[[], str | None]]] = {}
        for uid, name, updated, label, year, month, day in query.tuples():
            key = important_date_key(uid, label, month, day)

            def render(
                key: str = key,
                facts: tuple[str, str, int | None, int, int] = (name, label, year, month, day),
                updated: datetime = updated,
            ) -> str | None:
                name, label, year, month, day = facts
                stamp = updated.replace(tzinfo=UTC)
                event = important_date_event(key, name, label, year, month, day, stamp)
                return wrap(event) if event is not None else None

            found.setdefault(key, (key, updated, render))
        return list(found.values())

    # --- follow-ups ---------------------------------------------------------------------------

    def _names(self) -> dict[str, str]:
        if self._contact_names is None:
            self._contact_names = dict(Contact.select(Contact.uid, Contact.full_name).tuples())
        return self._contact_names

    def _task_text(self, follow_up: FollowUp) -> str:
        """The task this machine sends for a follow-up, as it is now."""
        who, contact_uid, goal_uid = "", None, None
        if follow_up.contact_id is not None:
            person = Contact.get_or_none(Contact.id == follow_up.contact_id)
            if person is not None:
                who, contact_uid = person.full_name, person.uid
        if follow_up.goal_id is not None:
            goal = Goal.get_or_none(Goal.id == follow_up.goal_id)
            goal_uid = goal.uid if goal is not None else None
        interaction_uid = None
        if follow_up.interaction_id is not None:
            done_by = Interaction.get_or_none(Interaction.id == follow_up.interaction_id)
            interaction_uid = done_by.uid if done_by is not None else None
        return render_task(follow_up, who, contact_uid, goal_uid, interaction_uid)

    def _read(self, text: str) -> Task | None:
        from kith.core.local_time import today

        return read_task(text, today=today(self.engine.now()), names=self._names())

    def _pull_task(
        self,
        collection: SyncCollection,
        href: str,
        row: SyncResource | None,
        etag: str,
        text: str,
    ) -> None:
        """A task on the server, new or changed: a follow-up here, created or brought up to date."""
        task = self._read(text)
        if task is None:
            with writing("sync_resource"):
                self.engine._state_row(
                    collection, href, etag=etag, kind=OTHER, local_uid=href, base=""
                )
            return
        linked = row is not None and row.kind == FOLLOW_UP
        tables = ("sync_resource", "follow_up", "interaction", "interaction_contact")
        with writing(*tables):
            if not linked and self._held_elsewhere(collection, href, etag, FOLLOW_UP, task.uid):
                return
            follow_up = FollowUp.get_or_none(FollowUp.uid == task.uid)
            changed_here = False
            if follow_up is None:
                if linked:
                    # Deleted here since the last sync: the push deletes it on the server.
                    self.engine._state_row(collection, href, etag=etag, base=text)
                    return
                follow_up = self._create(task)
                self.report.follow_ups_received += 1
            else:
                if linked:
                    assert row is not None
                    changed_here = self._changed_here(follow_up, row)
                elif task.created_at is not None:
                    # The same follow-up made on two machines (a series both rolled on): the
                    # server's, which the other machine has, wins when they first meet.
                    FollowUp.update(created_at=task.created_at).where(
                        FollowUp.id == follow_up.id
                    ).execute()
                rolled_on = follow_up.status == "open" and task.status == "done"
                base = (
                    self._read(row.base) if changed_here and row is not None and row.base else None
                )
                if self._apply(follow_up, task, fields=not changed_here, base=base):
                    self.report.follow_ups_received += 1
                # Completed here the Kith way after a phone ticked it off: send Kith's version
                # back, so other Kiths see it done (and do not roll it on a second time).
                changed_here = changed_here or (rolled_on and task.kith_status != "done")
                follow_up = FollowUp.get_by_id(follow_up.id)
            local_hash = "" if changed_here else calendar_fingerprint(self._task_text(follow_up))
            self.engine._state_row(
                collection,
                href,
                etag=etag,
                kind=FOLLOW_UP,
                local_uid=follow_up.uid,
                base=text,
                local_hash=local_hash,
            )

    def _changed_here(self, follow_up: FollowUp, row: SyncResource) -> bool:
        """Whether the follow-up changed here since it was last exchanged."""
        return not row.local_hash or (
            calendar_fingerprint(self._task_text(follow_up)) != row.local_hash
        )

    def _links(self, task: Task) -> dict[str, object]:
        """The person and the goal a task names, as this machine's ids (None: not here)."""
        person = Contact.get_or_none(Contact.uid == task.contact_uid) if task.contact_uid else None
        goal = Goal.get_or_none(Goal.uid == task.goal_uid) if task.goal_uid else None
        done_by = (
            Interaction.get_or_none(Interaction.uid == task.interaction_uid)
            if task.interaction_uid
            else None
        )
        return {
            "contact": person.id if person is not None else None,
            "goal": goal.id if goal is not None else None,
            "interaction": done_by.id if done_by is not None else None,
        }

    def _create(self, task: Task) -> FollowUp:
        from kith.store.models import utcnow

        now = utcnow()
        values: dict[str, object] = {
            **task.columns(),
            **self._links(task),
            "uid": task.uid,
            "status": task.status,
            "completed_at": (task.closed_at or self.engine.now())
            if task.status != "open"
            else None,
            "created_at": task.created_at or now,
            "updated_at": now,
        }
        return FollowUp.get_by_id(FollowUp.insert(**values).execute())

    def _apply(
        self, follow_up: FollowUp, task: Task, *, fields: bool, base: Task | None = None
    ) -> bool:
        """Bring a follow-up to what the task says; True if anything changed.

        ``fields`` False (it changed here too): field by field against ``base`` (the task as
        last exchanged) — a field changed only on the server takes its value, one changed
        here keeps the local one (the server's goes into the notes when both changed it);
        without a base only completion and cancellation apply.
        """
        from kith.core.follow_ups import complete_follow_up, drop
        from kith.store.models import utcnow

        changed = False
        if fields or base is not None:
            values = {**task.columns(), **self._links(task)}
            current = {
                "title": follow_up.title,
                "notes": follow_up.notes,
                "due_at": follow_up.due_at,
                "due_has_time": follow_up.due_has_time,
                "remind_at": follow_up.remind_at,
                "urgent": follow_up.urgent,
                "important": follow_up.important,
                "rrule": follow_up.rrule,
                "ask_size": follow_up.ask_size,
                "contact": follow_up.contact_id,
                "goal": follow_up.goal_id,
                "interaction": follow_up.interaction_id,
            }
            if not fields and base is not None:
                before = {**base.columns(), **self._links(base)}
                values, lost = merge_fields(before, current, values)
                if lost:
                    values["notes"] = with_conflict_note(
                        values["notes"], lost, self.engine.now().date().isoformat()
                    )
                    self.report.conflicts += 1
            if values != current:
                if values["remind_at"] != current["remind_at"]:
                    values["reminded_at"] = None
                    values["snoozed_until"] = None
                FollowUp.update(**values, updated_at=utcnow()).where(
                    FollowUp.id == follow_up.id
                ).execute()
                changed = True
        now = self.engine.now()
        if follow_up.status == "open" and task.status == "done":
            moment = min(task.closed_at or now, now)
            if task.kith_status == "done":
                # Another Kith completed it, and sent the next occurrence itself.
                FollowUp.update(status="done", completed_at=moment, updated_at=utcnow()).where(
                    FollowUp.id == follow_up.id
                ).execute()
            else:  # ticked off on a phone: complete it the Kith way (a repeat rolls on)
                complete_follow_up(follow_up.id, now=moment)
            self.report.completed_here += 1
            changed = True
        elif follow_up.status == "open" and task.status == "dropped":
            drop(follow_up.id, now=min(task.closed_at or now, now))
            self.report.dropped_here += 1
            changed = True
        elif fields and follow_up.status != task.status:
            # Reopened (or closed the other way) in another Kith.
            closed = None if task.status == "open" else (task.closed_at or now)
            FollowUp.update(status=task.status, completed_at=closed, updated_at=utcnow()).where(
                FollowUp.id == follow_up.id
            ).execute()
            changed = True
        elif (
            fields
            and task.status != "open"
            and task.closed_at not in (None, follow_up.completed_at)
        ):
            FollowUp.update(completed_at=task.closed_at).where(
                FollowUp.id == follow_up.id
            ).execute()
        return changed

    def _deleted_on_server(self, row: SyncResource) -> None:
        """A resource gone from the server. A follow-up or an interaction goes too — unless it
        changed here since, then it is sent again. (Birthdays are Kith's: the push puts them
        back.)"""
        tables = ("sync_resource", "follow_up", "interaction", "interaction_contact", "goal")
        with writing(*tables, "goal_contact"):
            if row.kind == GOAL:
                goal = Goal.get_or_none(Goal.uid == row.local_uid)
                if goal is not None and not self._goal_changed_here(goal, row):
                    from kith.core.goals import delete_goal

                    delete_goal(goal.id)
                    self.report.goals_deleted_here += 1
            if row.kind == INTERACTION:
                interaction = Interaction.get_or_none(Interaction.uid == row.local_uid)
                if interaction is not None and not self._journal_changed_here(interaction, row):
                    Interaction.delete().where(Interaction.id == interaction.id).execute()
                    self.report.interactions_deleted_here += 1
            if row.kind == FOLLOW_UP:
                follow_up = FollowUp.get_or_none(FollowUp.uid == row.local_uid)
                if follow_up is not None and not self._changed_here(follow_up, row):
                    FollowUp.delete().where(FollowUp.id == follow_up.id).execute()
                    self.report.follow_ups_deleted_here += 1
            SyncResource.delete().where(SyncResource.id == row.id).execute()

    # --- goals and tag cadences ---------------------------------------------------------------

    def _goal_text(self, goal: Goal) -> str:
        from kith.core.sync.goal_entries import render_goal

        people = [
            uid
            for (uid,) in Contact.select(Contact.uid)
            .join(GoalContact)
            .where(GoalContact.goal == goal.id)
            .tuples()
        ]
        return render_goal(goal, people)

    def _goal_changed_here(self, goal: Goal, row: SyncResource) -> bool:
        return not row.local_hash or calendar_fingerprint(self._goal_text(goal)) != row.local_hash

    def _pull_goal(
        self,
        collection: SyncCollection,
        href: str,
        row: SyncResource | None,
        etag: str,
        text: str,
    ) -> None:
        """A goal on the server: created here or brought up to date, with its people."""
        from kith.store.models import utcnow

        entry = _goal_entry(text)
        linked = row is not None and row.kind == GOAL
        with writing("sync_resource", "goal", "goal_contact"):
            if entry is None or (
                not linked and self._held_elsewhere(collection, href, etag, GOAL, entry.uid)
            ):
                self.engine._state_row(
                    collection, href, etag=etag, kind=OTHER, local_uid=href, base=""
                )
                return
            goal = Goal.get_or_none(Goal.uid == entry.uid)
            if goal is None and linked:  # deleted here since: the push deletes it there
                self.engine._state_row(collection, href, etag=etag, base=text)
                return
            people = self._goal_people(entry)
            changed_here = False
            if goal is None:
                now = utcnow()
                goal_id = Goal.insert(
                    uid=entry.uid, created_at=entry.created_at or now, updated_at=now,
                    **entry.columns(),
                ).execute()  # fmt: skip
                if people:
                    GoalContact.insert_many(
                        [{"goal": goal_id, "contact": cid} for cid in people]
                    ).execute()
                goal = Goal.get_by_id(goal_id)
                self.report.goals_received += 1
            else:
                if linked:
                    assert row is not None
                    changed_here = self._goal_changed_here(goal, row)
                base = None
                if changed_here and row is not None and row.base:
                    base = _goal_entry(row.base)
                if (not changed_here or base is not None) and self._apply_goal(
                    goal, entry, people, base=base
                ):
                    self.report.goals_received += 1
                goal = Goal.get_by_id(goal.id)
            local_hash = "" if changed_here else calendar_fingerprint(self._goal_text(goal))
            self.engine._state_row(
                collection,
                href,
                etag=etag,
                kind=GOAL,
                local_uid=goal.uid,
                base=text,
                local_hash=local_hash,
            )

    def _apply_goal(self, goal: Goal, entry: Any, people: list[int], *, base: Any = None) -> bool:
        """Bring a goal to what its task says; True if anything changed.

        With ``base`` (the task as last exchanged; the goal changed here too) field by field,
        as :func:`merge_fields` says — title, why, target date, status, and the people as one
        field: a goal renamed here and given a new date on the other computer keeps both.
        """
        from kith.store.models import utcnow

        columns = entry.columns()
        current = {name: getattr(goal, name) for name in columns}
        linked = {
            cid
            for (cid,) in GoalContact.select(GoalContact.contact)
            .where(GoalContact.goal == goal.id)
            .tuples()
        }
        wanted = set(people)
        if base is not None:
            before = {**base.columns(), "people": frozenset(self._goal_people(base))}
            mine = {**current, "people": frozenset(linked)}
            theirs = {**columns, "people": frozenset(people)}
            merged, lost = merge_fields(before, mine, theirs)
            if lost:
                merged["why"] = with_conflict_note(
                    merged["why"], lost, self.engine.now().date().isoformat()
                )
                self.report.conflicts += 1
            wanted = set(merged.pop("people"))
            columns = merged
        changed = False
        if columns != current:
            Goal.update(**columns, updated_at=utcnow()).where(Goal.id == goal.id).execute()
            changed = True
        if wanted != linked:
            GoalContact.delete().where(GoalContact.goal == goal.id).execute()
            if wanted:
                GoalContact.insert_many(
                    [{"goal": goal.id, "contact": cid} for cid in sorted(wanted)]
                ).execute()
            changed = True
        return changed

    def _goal_people(self, entry: Any) -> list[int]:
        """This machine's ids of the people a goal task names (those it has)."""
        return [
            cid
            for (cid,) in Contact.select(Contact.id)
            .where(Contact.uid.in_(entry.contact_uids))
            .tuples()
        ]

    def _push_goals(self, collection: SyncCollection) -> Sending:
        """Every goal whose task differs from what was last exchanged (goals are few: each is
        rendered and compared, which also sees people added to or taken from it)."""
        rows = self._rows(collection, GOAL)
        goals = list(Goal.select())
        present = {g.uid for g in goals}
        work = []
        for goal in goals:
            row = rows.get(goal.uid)
            if row is None or calendar_fingerprint(self._goal_text(goal)) != row.local_hash:
                work.append((goal.id, goal.uid, row))
        gone = [row for uid, row in rows.items() if uid not in present]
        return self._send_changed(
            collection,
            GOAL,
            work,
            gone,
            _current_text(Goal, self._goal_text),
            self._count_sent("goals_sent"),
            "Sending goals",
        )

    def _local_cadences(self) -> dict[str, int]:
        from kith.store.models import Tag

        return {
            name: days
            for name, days in Tag.select(Tag.name, Tag.cadence_days)
            .where(Tag.cadence_days.is_null(False))
            .tuples()
        }

    def _cadences_text(self) -> str:
        from kith.core.sync.goal_entries import render_tag_cadences

        return render_tag_cadences(self._local_cadences())

    def _pull_tag_cadences(
        self,
        collection: SyncCollection,
        href: str,
        row: SyncResource | None,
        etag: str,
        text: str,
    ) -> None:
        """The per-tag cadences on the server, merged tag by tag with this machine's."""
        from icalendar import Calendar

        from kith.core.sync.goal_entries import merge_cadences, read_tag_cadences
        from kith.store.models import Tag

        def parse(source: str) -> dict[str, int]:
            try:
                for journal in Calendar.from_ical(source).walk("VJOURNAL"):
                    return read_tag_cadences(journal)
            except ValueError:
                pass
            return {}

        base = parse(row.base) if row is not None and row.kind == TAG_CADENCES and row.base else {}
        local = self._local_cadences()
        merged = merge_cadences(base, local, parse(text))
        with writing("sync_resource", "tag"):
            folded = {name.casefold(): days for name, days in merged.items()}
            for name in local:
                if name.casefold() not in folded:
                    Tag.update(cadence_days=None).where(Tag.name == name).execute()
            for name, days in merged.items():
                if local.get(name) != days:
                    if not Tag.update(cadence_days=days).where(Tag.name == name).execute():
                        Tag.insert(name=name, cadence_days=days).execute()
                    self.report.tag_cadences_received += 1
            ours = calendar_fingerprint(self._cadences_text())
            self.engine._state_row(
                collection,
                href,
                etag=etag,
                kind=TAG_CADENCES,
                local_uid=TAG_CADENCES_UID,
                base=text,
                local_hash=ours if ours == calendar_fingerprint(text) else "",
            )

    def _push_tag_cadences(self, collection: SyncCollection) -> Sending:
        row = self._rows(collection, TAG_CADENCES).get(TAG_CADENCES_UID)
        text = self._cadences_text()
        if row is None and not self._local_cadences():
            return 0, lambda: None  # nothing to say, and nothing said before
        if row is not None and calendar_fingerprint(text) == row.local_hash:
            return 0, lambda: None

        def go() -> None:
            if self._send(collection, TAG_CADENCES, TAG_CADENCES_UID, self._cadences_text, row):
                self.report.tag_cadences_sent += max(1, len(self._local_cadences()))
            self.engine._tick("Sending tag cadences")

        return 1, go

    # --- interactions -------------------------------------------------------------------------

    def _directory(self) -> dict[int, tuple[str, str, str | None]]:
        """Every contact's (uid, name, first email) by id, read once per calendar sync (the
        calendar side never changes contacts)."""
        if self._people is None:
            emails: dict[int, str] = {}
            for cid, value in (
                ContactMethod.select(ContactMethod.contact, ContactMethod.value)
                .where(ContactMethod.kind == "email")
                .order_by(
                    ContactMethod.contact, ContactMethod.is_primary.desc(), ContactMethod.position
                )
                .tuples()
            ):
                emails.setdefault(cid, value)
            self._people = {
                cid: (uid, name, emails.get(cid))
                for cid, uid, name in Contact.select(
                    Contact.id, Contact.uid, Contact.full_name
                ).tuples()
            }
            self._ids_by_uid = {uid: cid for cid, (uid, _n, _e) in self._people.items()}
        return self._people

    def _journal_text(self, interaction: Interaction) -> str:
        """The journal entry this machine sends for an interaction, as it is now."""
        from kith.core.sync.journal_entries import Person, render_journal

        directory = self._directory()
        linked = [
            directory[cid]
            for (cid,) in InteractionContact.select(InteractionContact.contact)
            .where(InteractionContact.interaction == interaction.id)
            .tuples()
            if cid in directory
        ]
        people = sorted((Person(*person) for person in linked), key=lambda p: p.uid)
        goal_uid = None
        if interaction.goal_id is not None:
            goal = Goal.get_or_none(Goal.id == interaction.goal_id)
            goal_uid = goal.uid if goal is not None else None
        return render_journal(interaction, people, goal_uid)

    def _journal_changed_here(self, interaction: Interaction, row: SyncResource) -> bool:
        return not row.local_hash or (
            calendar_fingerprint(self._journal_text(interaction)) != row.local_hash
        )

    def _entry_people(self, entry: Any) -> list[int]:
        """The contacts a journal entry names: by vCard UID, else by email."""
        ids: list[int] = []
        if entry.contact_uids:
            self._directory()
            found = self._ids_by_uid
            ids = [found[u] for u in entry.contact_uids if u in found]
        if not ids and entry.emails:
            from peewee import fn

            wanted = [e.casefold() for e in entry.emails]
            ids = [
                cid
                for (cid,) in ContactMethod.select(ContactMethod.contact)
                .where((ContactMethod.kind == "email") & fn.LOWER(ContactMethod.value).in_(wanted))
                .distinct()
                .tuples()
            ]
        return list(dict.fromkeys(ids))

    def _entry_columns(self, entry: Any, people: list[int]) -> dict[str, Any]:
        from kith.core.sync.journal_entries import default_summary

        columns = entry.columns()
        if entry.from_kith:
            directory = self._directory()
            named = sorted(directory[cid][:2] for cid in people if cid in directory)
            names = [name for _uid, name in named]
            if columns["summary"] == default_summary(entry.kind, names):
                columns["summary"] = ""
        goal = Goal.get_or_none(Goal.uid == entry.goal_uid) if entry.goal_uid else None
        columns["goal"] = goal.id if goal is not None else None
        return columns

    def _pull_journal(
        self,
        collection: SyncCollection,
        href: str,
        row: SyncResource | None,
        etag: str,
        text: str,
    ) -> None:
        """A journal entry on the server: an interaction here, created or brought up to date.

        One that names nobody this machine knows (yet) is left alone until it changes.
        """
        from kith.core.sync.journal_entries import read_journal
        from kith.store.models import utcnow

        entry = read_journal(text, now=self.engine.now())
        people = self._entry_people(entry) if entry is not None else []
        linked = row is not None and row.kind == INTERACTION
        with writing("sync_resource", "interaction", "interaction_contact"):
            interaction = (
                Interaction.get_or_none(Interaction.uid == entry.uid) if entry is not None else None
            )
            if (
                entry is None
                or (not people and interaction is None)
                or (
                    not linked
                    and self._held_elsewhere(collection, href, etag, INTERACTION, entry.uid)
                )
            ):
                self.engine._state_row(
                    collection, href, etag=etag, kind=OTHER, local_uid=href, base=""
                )
                return
            if interaction is None and linked:
                # Deleted here since the last sync: the push deletes it on the server.
                self.engine._state_row(collection, href, etag=etag, base=text)
                return
            changed_here = False
            if interaction is None:
                columns = self._entry_columns(entry, people)
                now = utcnow()
                new_id = Interaction.insert(
                    uid=entry.uid,
                    created_at=entry.created_at or now,
                    updated_at=now,
                    **columns,
                ).execute()
                InteractionContact.insert_many(
                    [{"interaction": new_id, "contact": cid} for cid in people]
                ).execute()
                interaction = Interaction.get_by_id(new_id)
                self.report.interactions_received += 1
            else:
                if linked:
                    assert row is not None
                    changed_here = self._journal_changed_here(interaction, row)
                base = None
                if changed_here and row is not None and row.base:
                    from kith.core.sync.journal_entries import read_journal

                    base = read_journal(row.base, now=self.engine.now())
                if (not changed_here or base is not None) and self._apply_entry(
                    interaction, entry, people, base=base
                ):
                    self.report.interactions_received += 1
                interaction = Interaction.get_by_id(interaction.id)
            local_hash = (
                "" if changed_here else calendar_fingerprint(self._journal_text(interaction))
            )
            self.engine._state_row(
                collection,
                href,
                etag=etag,
                kind=INTERACTION,
                local_uid=interaction.uid,
                base=text,
                local_hash=local_hash,
            )

    def _apply_entry(
        self, interaction: Interaction, entry: Any, people: list[int], *, base: Any = None
    ) -> bool:
        """Bring an interaction to what the journal entry says; True if anything changed.

        With ``base`` (the entry as last exchanged; it changed here too) field by field, as
        :func:`merge_fields` says — the people count as one field.
        """
        from kith.store.models import utcnow

        columns = self._entry_columns(entry, people)
        current = {name: getattr(interaction, name) for name in entry.columns()}
        current["goal"] = interaction.goal_id
        linked = [
            cid
            for (cid,) in InteractionContact.select(InteractionContact.contact)
            .where(InteractionContact.interaction == interaction.id)
            .tuples()
        ]
        if base is not None:
            base_people = self._entry_people(base)
            before = {**self._entry_columns(base, base_people), "people": frozenset(base_people)}
            mine = {**current, "people": frozenset(linked)}
            theirs = {**columns, "people": frozenset(people)}
            merged, lost = merge_fields(before, mine, theirs)
            if lost:
                merged["notes"] = with_conflict_note(
                    merged["notes"], lost, self.engine.now().date().isoformat()
                )
                self.report.conflicts += 1
            people = sorted(merged.pop("people"))
            columns = merged
        changed = False
        if columns != current:
            Interaction.update(**columns, updated_at=utcnow()).where(
                Interaction.id == interaction.id
            ).execute()
            changed = True
        if people and set(people) != set(linked):
            InteractionContact.delete().where(
                InteractionContact.interaction == interaction.id
            ).execute()
            InteractionContact.insert_many(
                [{"interaction": interaction.id, "contact": cid} for cid in people]
            ).execute()
            changed = True
        return changed

    def _push_interactions(self, collection: SyncCollection) -> Sending:
        from peewee import fn

        rows = self._rows(collection, INTERACTION)
        people_touched = dict(
            InteractionContact.select(InteractionContact.interaction, fn.MAX(Contact.updated_at))
            .join(Contact)
            .group_by(InteractionContact.interaction)
            .tuples()
        )
        goals = dict(Goal.select(Goal.id, Goal.updated_at).tuples())
        present: set[str] = set()
        work = []
        query = (
            Interaction.select(
                Interaction.id, Interaction.uid, Interaction.updated_at, Interaction.goal
            )
            .order_by(Interaction.occurred_at.desc(), Interaction.id)
            .tuples()
        )
        for interaction_id, uid, updated, goal_id in query:
            present.add(uid)
            row = rows.get(uid)
            moments = [updated, people_touched.get(interaction_id), goals.get(goal_id)]
            latest = max(m for m in moments if m is not None)
            if row is None or not row.local_hash or latest > row.synced_at:
                work.append((interaction_id, uid, row))
        gone = [row for uid, row in rows.items() if uid not in present]
        count, send = self._send_changed(
            collection,
            INTERACTION,
            work,
            gone,
            _current_text(Interaction, self._journal_text),
            self._count_sent("interactions_sent"),
            "Sending interactions",
        )

        def go() -> None:
            try:
                send()
            except ComponentNotAccepted:
                self.report.notes.append(
                    "The calendar does not take journal entries, so interactions were not "
                    "sent: in Settings ▸ Sync pick a calendar that does, or let Kith create "
                    "its own again (it makes one that does)."
                )

        return count, go

    def _send_changed(
        self,
        collection: SyncCollection,
        kind: str,
        work: list[tuple[int, str, SyncResource | None]],
        gone: list[SyncResource],
        render: Callable[[int], str | None],
        sent: Callable[[], None],
        doing: str,
    ) -> Sending:
        """(how many, how): send each changed record of ``work`` — (id, uid, its resource row
        or None) — as ``render(id)`` writes it at the moment it goes out, calling ``sent()`` for
        each one the server took, then delete the server's copies in ``gone``; one progress
        tick each."""

        def go() -> None:
            for record_id, uid, row in work:
                if self._send(collection, kind, uid, partial(render, record_id), row):
                    sent()
                self.engine._tick(doing)
            for row in gone:
                self._delete(row)
                self.engine._tick(doing)

        return len(work) + len(gone), go

    def _count_sent(self, counter: str) -> Callable[[], None]:
        """Adds one to the report's ``counter`` (``goals_sent``…)."""
        return lambda: setattr(self.report, counter, getattr(self.report, counter) + 1)

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
        name = TAG_CADENCES_NAME if kind == TAG_CADENCES else _slug(uid)
        href = row.href if row is not None else f"{self.base_path}{name}.ics"
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
                pulls = {
                    FOLLOW_UP: self._pull_task,
                    INTERACTION: self._pull_journal,
                    GOAL: self._pull_goal,
                    TAG_CADENCES: self._pull_tag_cadences,
                }
                if kind in pulls:
                    pulls[kind](collection, href, row, etag, theirs)
                    row = SyncResource.get_or_none(
                        (SyncResource.collection == collection.id) & (SyncResource.href == href)
                    )
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

    def _push_follow_ups(self, collection: SyncCollection, *, open_ones: bool) -> Sending:
        """The open follow-ups (soonest due first), or the closed ones and the deletions."""
        rows = self._rows(collection, FOLLOW_UP)
        touched = dict(Contact.select(Contact.id, Contact.updated_at).tuples())
        goals = dict(Goal.select(Goal.id, Goal.updated_at).tuples())
        present = {uid for (uid,) in FollowUp.select(FollowUp.uid).tuples()}
        work = []
        is_open = FollowUp.status == "open"
        query = FollowUp.select().where(is_open if open_ones else ~is_open)
        for f in query.order_by(FollowUp.due_at, FollowUp.id):
            row = rows.get(f.uid)
            moments = [f.updated_at, touched.get(f.contact_id), goals.get(f.goal_id)]
            latest = max(m for m in moments if m is not None)
            if row is None or not row.local_hash or latest > row.synced_at:
                work.append((f.id, f.uid, row))
        gone = [] if open_ones else [row for uid, row in rows.items() if uid not in present]
        return self._send_changed(
            collection,
            FOLLOW_UP,
            work,
            gone,
            _current_text(FollowUp, self._task_text),
            self._count_sent("follow_ups_sent"),
            "Sending follow-ups",
        )

    def _push_birthdays(self, collection: SyncCollection) -> Sending:
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

        def go() -> None:
            for uid, name, year, month, day, updated in work:
                event = birthday_event(uid, name, year, month, day, updated.replace(tzinfo=UTC))
                if event is None:
                    self.engine._tick("Sending birthdays")
                    continue
                text: str = wrap(event)

                def render(text: str = text) -> str | None:
                    return text

                if self._send(collection, BIRTHDAY, uid, render, rows.get(uid)):
                    self.report.birthdays_sent += 1
                self.engine._tick("Sending birthdays")
            for row in gone:
                self._delete(row)
                self.engine._tick("Sending birthdays")

        return len(work) + len(gone), go

    def _push_important_dates(self, collection: SyncCollection) -> Sending:
        """Anniversaries and the other dates beside birthdays, as yearly events: sent when
        new or changed (the fingerprint tells), removed when gone."""
        rows = self._rows(collection, IMPORTANT_DATE)
        events = self._important_dates()
        present = {key for key, _, _ in events}
        work = [
            (key, render)
            for key, updated, render in events
            if key not in rows or not rows[key].local_hash or updated > rows[key].synced_at
        ]
        gone = [row for key, row in rows.items() if key not in present]

        def go() -> None:
            for key, render in work:
                if self._send(collection, IMPORTANT_DATE, key, render, rows.get(key)):
                    self.report.dates_sent += 1
                self.engine._tick("Sending anniversaries and dates")
            for row in gone:
                self._delete(row)
                self.engine._tick("Sending anniversaries and dates")

        return len(work) + len(gone), go


def _slug(uid: str) -> str:
    from kith.core.sync.engine import _slug as slug

    return slug(uid)

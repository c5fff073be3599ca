"""Follow-ups: drafts, saving, done (with repeats), reschedule, snooze, drop, and the queries.

How a follow-up's times are stored:

- ``due_at`` with ``due_has_time``: the due moment, naive UTC, like every timestamp.
- ``due_at`` without a time: the due *date* at 00:00, not converted to UTC. A date-only
  follow-up is due on that calendar day wherever you are.
- ``remind_at``: the reminder moment, naive UTC (None: no reminder). By default a timed
  follow-up reminds at its due time and a date-only one at a morning time (09:00 local
  unless told otherwise).

Everything the UI gets back is a :class:`FollowUpItem` with the local due date and time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

import peewee as pw

from kith.core.errors import ValidationError
from kith.core.follow_up_counts import compiled_sql as _compiled
from kith.core.follow_up_counts import due_bounds as _bounds
from kith.core.follow_up_counts import stamp as _stamp
from kith.core.interactions import (
    ASK_SIZE_LABELS,
    DEFAULT_MORNING,
    InteractionDraft,
    insert_interaction,
)
from kith.core.interactions import validate_interaction as _validate_interaction
from kith.core.local_time import from_local, local_at, local_wall, start_of_day, to_utc, today
from kith.core.recurrence import (
    anchor_rule,
    describe_rule,
    next_occurrence,
    normalise_rule,
    rule_error,
    unanchor_rule,
)
from kith.core.rules.constants import IMPORTANT_LATE_DAYS, STALE_LATE_DAYS
from kith.store.changes import writing
from kith.store.models import Contact, FollowUp, Goal, Interaction, database_proxy, utcnow

MAX_TITLE_LENGTH = 200


@dataclass
class FollowUpDraft:
    """Everything the follow-up form edits, as plain values."""

    title: str = ""
    due_date: date | None = None  # the local calendar day
    due_time: time | None = None  # local wall-clock time; None: any time that day
    contact_id: int | None = None
    notes: str = ""
    urgent: bool = False
    important: bool = False
    #: An RFC 5545 repeat rule ("FREQ=MONTHLY;INTERVAL=3"), None for a one-off.
    rrule: str | None = None
    goal_id: int | None = None
    #: A planned ask: "small", "medium" or "large" (the action threshold); None: not an ask.
    ask_size: str | None = None
    #: When to remind (aware, or naive UTC). None: the default (at the due time; for a
    #: date-only follow-up, the morning of the due day).
    remind_at: datetime | None = None
    #: False: no reminder at all.
    reminder: bool = True


def validate_follow_up(draft: FollowUpDraft) -> dict[str, str]:
    """Check a draft; return field → message for every problem (empty when it can be saved).

    Fields: ``title``, ``due_date``, ``contact``, ``rrule``, ``goal``, ``ask_size``.
    """
    errors: dict[str, str] = {}
    title = draft.title.strip()
    if not title:
        errors["title"] = "Say what to do"
    elif len(title) > MAX_TITLE_LENGTH:
        errors["title"] = f"Keep the title under {MAX_TITLE_LENGTH} characters"
    if draft.due_date is None:
        errors["due_date"] = "Pick the day it is due"
    if draft.ask_size is not None and draft.ask_size not in ASK_SIZE_LABELS:
        errors["ask_size"] = "Choose a small, medium or large ask"
    if (
        draft.contact_id is not None
        and not Contact.select().where(Contact.id == draft.contact_id).exists()
    ):
        errors["contact"] = "That person is no longer in Kith"
    problem = rule_error(draft.rrule)
    if problem:
        errors["rrule"] = problem
    if draft.goal_id is not None and not Goal.select().where(Goal.id == draft.goal_id).exists():
        errors["goal"] = "That goal is no longer in Kith"
    return errors


def _due_at(day: date, at: time | None, tz: tzinfo | None) -> datetime:
    if at is None:
        return datetime.combine(day, time(0, 0))
    return local_at(day, at, tz)


def _default_remind(day: date, at: time | None, tz: tzinfo | None, morning: time) -> datetime:
    return local_at(day, at if at is not None else morning, tz)


def _values(draft: FollowUpDraft, tz: tzinfo | None, morning: time) -> dict[str, Any]:
    assert draft.due_date is not None
    rule = normalise_rule(draft.rrule)
    if draft.remind_at is not None and draft.reminder:
        remind: datetime | None = to_utc(draft.remind_at)
    elif draft.reminder:
        remind = _default_remind(draft.due_date, draft.due_time, tz, morning)
    else:
        remind = None
    return {
        "title": draft.title.strip(),
        "notes": draft.notes.strip(),
        "contact": draft.contact_id,
        "due_at": _due_at(draft.due_date, draft.due_time, tz),
        "due_has_time": draft.due_time is not None,
        "remind_at": remind,
        "urgent": draft.urgent,
        "important": draft.important,
        "rrule": anchor_rule(rule, draft.due_date) if rule else None,
        "goal": draft.goal_id,
        "ask_size": draft.ask_size,
    }


def insert_follow_up(
    draft: FollowUpDraft, *, tz: tzinfo | None = None, morning: time = DEFAULT_MORNING
) -> int:
    """Write a validated draft inside the caller's ``writing`` block; return its id."""
    return int(FollowUp.insert(**_values(draft, tz, morning)).execute())


def create_follow_up(
    draft: FollowUpDraft, *, tz: tzinfo | None = None, morning: time = DEFAULT_MORNING
) -> int:
    """Validate and save a new follow-up; return its id.

    A repeat rule is pinned to the due date (see kith.core.recurrence). Raises
    :class:`~kith.core.errors.ValidationError` (writing nothing) when the draft has problems.
    """
    errors = validate_follow_up(draft)
    if errors:
        raise ValidationError(errors)
    with writing("follow_up"):
        return insert_follow_up(draft, tz=tz, morning=morning)


class FollowUpNotFoundError(LookupError):
    """The follow-up no longer exists (deleted meanwhile)."""


class FollowUpStateError(ValueError):
    """The follow-up is not in a state that allows this (e.g. already done); for the user."""


def _get(follow_up_id: int) -> FollowUp:
    row = FollowUp.get_or_none(FollowUp.id == follow_up_id)
    if row is None:
        raise FollowUpNotFoundError(follow_up_id)
    return row


def _due_wall(row: FollowUp, tz: tzinfo | None) -> datetime:
    """The due moment as local wall-clock time (00:00 for a date-only follow-up)."""
    if row.due_has_time:
        return local_wall(row.due_at, tz)
    return datetime.combine(row.due_at.date(), time(0, 0))


def load_follow_up_draft(
    follow_up_id: int, *, tz: tzinfo | None = None, morning: time = DEFAULT_MORNING
) -> FollowUpDraft:
    """The draft the form starts from when editing.

    ``remind_at`` is None when the reminder is the default one, so that moving the due date
    in the form moves the reminder with it.
    """
    row = _get(follow_up_id)
    wall = _due_wall(row, tz)
    due_time = wall.time() if row.due_has_time else None
    remind = row.remind_at
    if remind is not None and remind == _default_remind(wall.date(), due_time, tz, morning):
        remind = None
    return FollowUpDraft(
        title=row.title,
        due_date=wall.date(),
        due_time=due_time,
        contact_id=row.contact_id,
        notes=row.notes,
        urgent=row.urgent,
        important=row.important,
        rrule=row.rrule,
        goal_id=row.goal_id,
        ask_size=row.ask_size,
        remind_at=remind,
        reminder=row.remind_at is not None,
    )


@dataclass(frozen=True)
class FollowUpState:
    """A follow-up's whole row before a change: :func:`restore_follow_up` puts it back."""

    row: dict[str, Any]


def _state(follow_up_id: int) -> FollowUpState:
    rows = list(FollowUp.select().where(FollowUp.id == follow_up_id).dicts())
    if not rows:
        raise FollowUpNotFoundError(follow_up_id)
    return FollowUpState(rows[0])


def restore_follow_up(state: FollowUpState) -> int:
    """Put a follow-up back exactly as it was (re-creating it if it was deleted)."""
    values = dict(state.row)
    for key, model in (("contact", Contact), ("goal", Goal), ("interaction", Interaction)):
        if (
            values.get(key) is not None
            and not model.select().where(model.id == values[key]).exists()
        ):
            if key == "contact":
                raise FollowUpNotFoundError(values["id"])
            values[key] = None
    with writing("follow_up"):
        follow_up_id = values.pop("id")
        if FollowUp.update(**values).where(FollowUp.id == follow_up_id).execute():
            return int(follow_up_id)
        return int(FollowUp.insert(id=follow_up_id, **values).execute())


def update_follow_up(
    follow_up_id: int,
    draft: FollowUpDraft,
    *,
    tz: tzinfo | None = None,
    morning: time = DEFAULT_MORNING,
) -> FollowUpState:
    """Save changes from the form; return the state before (for undo).

    Changing the due date (or the repeat) in the form moves the whole series: the rule is
    pinned to the new date. A changed reminder will fire again.
    """
    errors = validate_follow_up(draft)
    if errors:
        raise ValidationError(errors)
    before = _state(follow_up_id)
    old = before.row
    values = _values(draft, tz, morning)
    rule = normalise_rule(draft.rrule)
    old_date = _due_wall(_get(follow_up_id), tz).date()
    if rule is None:
        values["rrule"] = None
    elif rule == old["rrule"] and draft.due_date == old_date:
        values["rrule"] = old["rrule"]
    else:
        assert draft.due_date is not None
        values["rrule"] = anchor_rule(unanchor_rule(rule), draft.due_date)
    if values["remind_at"] != old["remind_at"]:
        values["reminded_at"] = None
        values["snoozed_until"] = None
    values["updated_at"] = utcnow()
    with writing("follow_up"):
        FollowUp.update(**values).where(FollowUp.id == follow_up_id).execute()
    return before


def delete_follow_up(follow_up_id: int) -> FollowUpState:
    """Delete a follow-up; return its state for undo (:func:`restore_follow_up`)."""
    state = _state(follow_up_id)
    with writing("follow_up"):
        FollowUp.delete().where(FollowUp.id == follow_up_id).execute()
    return state


@dataclass(frozen=True)
class Completion:
    """What :func:`complete_follow_up` did, enough for :func:`undo_completion`."""

    follow_up_id: int
    #: The interaction logged with it, if any.
    interaction_id: int | None = None
    #: A follow-up that interaction's "follow up in N days" created, if any.
    interaction_follow_up_id: int | None = None
    #: The next occurrence of a repeating follow-up, if any.
    next_follow_up_id: int | None = None


def complete_follow_up(
    follow_up_id: int,
    *,
    interaction: InteractionDraft | None = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    morning: time = DEFAULT_MORNING,
) -> Completion:
    """Mark a follow-up done, optionally logging the interaction that did it, in one transaction.

    An interaction draft without people is about the follow-up's person; without a goal it
    takes the follow-up's. A repeating follow-up gets its next occurrence (same title,
    person, flags, notes, goal and reminder offset), due on the first date of the series
    after both this due date and today. Raises ValidationError for a bad interaction draft,
    :class:`FollowUpStateError` if it is not open.
    """
    moment = to_utc(now) if now is not None else utcnow()
    row = _get(follow_up_id)
    if row.status != "open":
        raise FollowUpStateError(f"“{row.title}” is already {row.status}.")
    if interaction is not None:
        if not interaction.contact_ids and row.contact_id is not None:
            interaction = replace(interaction, contact_ids=[row.contact_id])
        if interaction.goal_id is None and row.goal_id is not None:
            interaction = replace(interaction, goal_id=row.goal_id)
        errors = _validate_interaction(interaction, now=moment, tz=tz)
        if errors:
            raise ValidationError(errors)
    with writing("follow_up", "interaction", "interaction_contact"):
        logged = (
            insert_interaction(interaction, now=moment, tz=tz, morning=morning)
            if interaction is not None
            else None
        )
        FollowUp.update(
            status="done",
            completed_at=moment,
            interaction=logged.interaction_id if logged else None,
            updated_at=utcnow(),
        ).where(FollowUp.id == follow_up_id).execute()
        next_id = _insert_next(row, moment, tz, morning) if row.rrule else None
    return Completion(
        follow_up_id,
        logged.interaction_id if logged else None,
        logged.follow_up_id if logged else None,
        next_id,
    )


def next_occurrence_uid(uid: str) -> str:
    """The uid of the occurrence that follows the follow-up ``uid`` in its series.

    The same on every machine, so two synced Kiths that each complete the same occurrence (a
    phone ticked it off, both read that) make one next occurrence, not two.
    """
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"kith:follow-up:{uid}:next"))


def _insert_next(row: FollowUp, now: datetime, tz: tzinfo | None, morning: time) -> int | None:
    due_wall = _due_wall(row, tz)
    if row.due_has_time:
        after = local_wall(now, tz)
    else:
        after = datetime.combine(today(now, tz), time(0, 0))
    found = next_occurrence(row.rrule, due_wall, after)
    if found is None:
        return None
    next_wall, next_rule = found
    due_at = from_local(next_wall, tz) if row.due_has_time else next_wall
    remind: datetime | None = None
    if row.remind_at is not None:
        if row.snoozed_until is None:
            offset = local_wall(row.remind_at, tz) - due_wall
            remind = from_local(next_wall + offset, tz)
        else:  # a snooze replaced the reminder: the next one gets the default
            at = next_wall.time() if row.due_has_time else None
            remind = _default_remind(next_wall.date(), at, tz, morning)
    uid = next_occurrence_uid(row.uid)
    existing = FollowUp.get_or_none(FollowUp.uid == uid)
    if existing is not None:  # a synced machine rolled this series on already
        return int(existing.id)
    return int(
        FollowUp.insert(
            uid=uid,
            contact=row.contact_id,
            title=row.title,
            notes=row.notes,
            due_at=due_at,
            due_has_time=row.due_has_time,
            remind_at=remind,
            urgent=row.urgent,
            important=row.important,
            rrule=next_rule,
            goal=row.goal_id,
            ask_size=row.ask_size,
        ).execute()
    )


def undo_completion(completion: Completion) -> None:
    """Undo :func:`complete_follow_up`: remove what it created and reopen the follow-up."""
    with writing("follow_up", "interaction", "interaction_contact"):
        made = [completion.next_follow_up_id, completion.interaction_follow_up_id]
        FollowUp.delete().where(FollowUp.id.in_([i for i in made if i is not None])).execute()
        if completion.interaction_id is not None:
            Interaction.delete().where(Interaction.id == completion.interaction_id).execute()
        reopen(completion.follow_up_id)


def reschedule(follow_up_id: int, new_due_date: date, *, tz: tzinfo | None = None) -> FollowUpState:
    """Move a follow-up to another day, keeping its time of day; return the state before.

    The reminder moves by the same number of days (same local time); a snooze is cleared
    and the reminder will fire again. A repeating follow-up's series stays where it was:
    only this occurrence moves.
    """
    before = _state(follow_up_id)
    row = _get(follow_up_id)
    wall = _due_wall(row, tz)
    delta = timedelta(days=(new_due_date - wall.date()).days)
    due_at = from_local(wall + delta, tz) if row.due_has_time else wall + delta
    remind = None
    if row.remind_at is not None:
        remind = from_local(local_wall(row.remind_at, tz) + delta, tz)
    with writing("follow_up"):
        FollowUp.update(
            due_at=due_at,
            remind_at=remind,
            snoozed_until=None,
            reminded_at=None,
            updated_at=utcnow(),
        ).where(FollowUp.id == follow_up_id).execute()
    return before


def snooze(follow_up_id: int, until: datetime) -> FollowUpState:
    """Remind again at ``until`` (aware, or naive UTC); return the state before.

    Sets ``snoozed_until`` and ``remind_at`` to that moment and clears ``reminded_at`` so the
    reminder fires once more. The due date does not change.
    """
    before = _state(follow_up_id)
    moment = to_utc(until)
    with writing("follow_up"):
        FollowUp.update(
            snoozed_until=moment, remind_at=moment, reminded_at=None, updated_at=utcnow()
        ).where(FollowUp.id == follow_up_id).execute()
    return before


def drop(follow_up_id: int, *, now: datetime | None = None) -> FollowUpState:
    """Give up on a follow-up (it stays in the history as dropped); return the state before."""
    before = _state(follow_up_id)
    moment = to_utc(now) if now is not None else utcnow()
    with writing("follow_up"):
        FollowUp.update(status="dropped", completed_at=moment, updated_at=utcnow()).where(
            FollowUp.id == follow_up_id
        ).execute()
    return before


def reopen(follow_up_id: int) -> FollowUpState:
    """Make a done or dropped follow-up open again; return the state before."""
    before = _state(follow_up_id)
    with writing("follow_up"):
        FollowUp.update(
            status="open", completed_at=None, interaction=None, updated_at=utcnow()
        ).where(FollowUp.id == follow_up_id).execute()
    return before


# --- queries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpItem:
    """A follow-up as lists, the calendar and the Today page show it."""

    id: int
    title: str
    contact_id: int | None
    contact_name: str  # "" when it is about nobody in particular
    due_date: date  # local
    due_time: time | None  # local; None: any time that day
    remind_at: datetime | None  # naive UTC
    urgent: bool
    important: bool
    status: str  # open, done or dropped
    rrule: str | None
    notes: str
    goal_id: int | None
    snoozed_until: datetime | None  # naive UTC
    completed_at: datetime | None  # naive UTC
    interaction_id: int | None

    @property
    def repeats(self) -> bool:
        return self.rrule is not None

    @property
    def repeat_text(self) -> str:
        """ "every 3 months on the 15th" ("" for a one-off)."""
        return describe_rule(self.rrule) if self.rrule else ""

    @property
    def quadrant(self) -> str:
        """ "do" (urgent and important), "plan" (important), "quick" (urgent) or "later",
        by the flags alone; :meth:`quadrant_on` adds what lateness does."""
        return quadrant_of(self.urgent, self.important)

    def days_late(self, day: date) -> int:
        """Whole days past its due day as of ``day`` (0 when not late or not open)."""
        return max(0, (day - self.due_date).days) if self.status == "open" else 0

    def quadrant_on(self, day: date) -> str:
        """The group on ``day``: an important follow-up more than ``IMPORTANT_LATE_DAYS`` late
        is urgent by now ("do")."""
        if self.important and self.days_late(day) > IMPORTANT_LATE_DAYS:
            return "do"
        return self.quadrant

    def stale_on(self, day: date) -> bool:
        """An unimportant follow-up more than ``STALE_LATE_DAYS`` late: do it, drop it or plan
        it again."""
        return not self.important and self.days_late(day) > STALE_LATE_DAYS


def quadrant_of(urgent: bool, important: bool) -> str:
    if urgent and important:
        return "do"
    if important:
        return "plan"
    if urgent:
        return "quick"
    return "later"


_COLUMNS = (
    FollowUp.id,
    FollowUp.title,
    FollowUp.contact,
    Contact.full_name,
    FollowUp.due_at,
    FollowUp.due_has_time,
    FollowUp.remind_at,
    FollowUp.urgent,
    FollowUp.important,
    FollowUp.status,
    FollowUp.rrule,
    FollowUp.notes,
    FollowUp.goal,
    FollowUp.snoozed_until,
    FollowUp.completed_at,
    FollowUp.interaction,
)


#: ``status`` in a form SQLite cannot use the status index for (``+status``), so queries
#: over a range or in order of ``due_at`` walk the due_at index instead of sorting every
#: open follow-up.
_STATUS_UNINDEXED = pw.NodeList((pw.SQL("+"), FollowUp.status), glue="")


def _select() -> Any:
    return FollowUp.select(*_COLUMNS).join(
        Contact, pw.JOIN.LEFT_OUTER, on=(FollowUp.contact == Contact.id)
    )


def _items(query: Any, tz: tzinfo | None) -> list[FollowUpItem]:
    sql, params = query.sql()
    return _items_of(sql, params, tz)


def _items_of(sql: str, params: Sequence[Any], tz: tzinfo | None) -> list[FollowUpItem]:
    # Rows are read straight from the cursor (timestamps parsed by fromisoformat): peewee's
    # per-value conversion costs more than the query on a calendar month of thousands.
    result = []
    for row in database_proxy.execute_sql(sql, params).fetchall():
        (fid, title, contact_id, name, due_at, has_time, remind, urgent, important) = row[:9]
        status, rule, notes, goal_id, snoozed, completed, interaction_id = row[9:]
        due_at = _stamp(due_at)
        if has_time:
            wall = local_wall(due_at, tz)
            due_date, due_time = wall.date(), wall.time()
        else:
            due_date, due_time = due_at.date(), None
        result.append(
            FollowUpItem(
                fid,
                title,
                contact_id,
                name or "",
                due_date,
                due_time,
                _stamp(remind),
                bool(urgent),
                bool(important),
                status,
                rule,
                notes,
                goal_id,
                _stamp(snoozed),
                _stamp(completed),
                interaction_id,
            )
        )
    return result


def _sort_key(item: FollowUpItem) -> tuple[date, bool, time, int]:
    return (item.due_date, item.due_time is not None, item.due_time or time(0), item.id)


def follow_up_items(ids: Iterable[int], *, tz: tzinfo | None = None) -> dict[int, FollowUpItem]:
    """These follow-ups as items (missing ids are left out)."""
    wanted = list(ids)
    result: dict[int, FollowUpItem] = {}
    for start in range(0, len(wanted), 500):
        query = _select().where(FollowUp.id.in_(wanted[start : start + 500]))
        result.update((item.id, item) for item in _items(query, tz))
    return result


def follow_up_item(follow_up_id: int, *, tz: tzinfo | None = None) -> FollowUpItem | None:
    return follow_up_items([follow_up_id], tz=tz).get(follow_up_id)


@dataclass(frozen=True)
class DayFollowUps:
    """The follow-ups due on one day (open and done), in order of time."""

    day: date
    items: tuple[FollowUpItem, ...] = field(default_factory=tuple)

    @property
    def open(self) -> int:
        return sum(1 for i in self.items if i.status == "open")

    @property
    def done(self) -> int:
        return sum(1 for i in self.items if i.status == "done")


def follow_ups_between(
    first: date,
    last: date,
    *,
    tz: tzinfo | None = None,
    statuses: Sequence[str] = ("open", "done"),
) -> dict[date, DayFollowUps]:
    """The follow-ups due on each local day from ``first`` to ``last`` (both included).

    Days without any are left out. One range query over the ``due_at`` index.
    """
    low, high = _bounds(first, last, tz)
    sql, params = _compiled(
        ("between", low, high, tuple(statuses)),
        lambda: _select().where(
            FollowUp.due_at >= low, FollowUp.due_at < high, _STATUS_UNINDEXED.in_(list(statuses))
        ),
    )
    by_day: dict[date, list[FollowUpItem]] = {}
    for item in _items_of(sql, params, tz):
        if first <= item.due_date <= last:
            by_day.setdefault(item.due_date, []).append(item)
    return {
        day: DayFollowUps(day, tuple(sorted(items, key=_sort_key)))
        for day, items in sorted(by_day.items())
    }


@dataclass(frozen=True)
class DayTitles:
    """A day's follow-ups as a calendar cell shows them: the titles of the open ones and of
    the done ones, each in order of time (the order of :func:`follow_ups_between`)."""

    open: tuple[str, ...] = ()
    done: tuple[str, ...] = ()


#: Only what a cell shows, from the follow-up's own row (no person's name: no join).
_TITLES_SQL = (
    "SELECT id, title, due_at, due_has_time, status FROM follow_up"
    " WHERE due_at >= ? AND due_at < ? AND +status IN ('open', 'done')"
)


def follow_up_titles_between(
    first: date, last: date, *, tz: tzinfo | None = None
) -> dict[date, DayTitles]:
    """The titles of the follow-ups due on each local day from ``first`` to ``last``: the
    same follow-ups on the same days, in the same order, as :func:`follow_ups_between`, for
    the calendar's month (thousands of rows at 50,000 follow-ups) without making a
    :class:`FollowUpItem` of each. Days without any are left out."""
    low, high = _bounds(first, last, tz)
    by_day: dict[date, list[tuple[bool, time, int, str, str]]] = {}
    # The local (day, time) of each stored due_at seen: many follow-ups share one.
    walls: dict[Any, tuple[date, time]] = {}
    days: dict[Any, date] = {}
    midnight = time(0)
    for fid, title, due_at, has_time, status in database_proxy.execute_sql(
        _TITLES_SQL, (low, high)
    ).fetchall():
        if has_time:
            found_wall = walls.get(due_at)
            if found_wall is None:
                wall = local_wall(_stamp(due_at), tz)
                found_wall = walls[due_at] = (wall.date(), wall.time())
            day, at = found_wall
        else:
            found_day = days.get(due_at)
            if found_day is None:
                found_day = days[due_at] = _stamp(due_at).date()
            day, at = found_day, midnight
        if first <= day <= last:
            # _sort_key's order within a day: untimed first, then by time, then by id.
            row = (bool(has_time), at, fid, status, title)
            rows = by_day.get(day)
            if rows is None:
                by_day[day] = [row]
            else:
                rows.append(row)
    found: dict[date, DayTitles] = {}
    for day in sorted(by_day):
        rows = sorted(by_day[day])  # (timed, time, id) never ties: the id is unique
        found[day] = DayTitles(
            tuple(r[4] for r in rows if r[3] == "open"),
            tuple(r[4] for r in rows if r[3] == "done"),
        )
    return found


def open_follow_ups(
    *,
    contact_id: int | None = None,
    goal_id: int | None = None,
    tz: tzinfo | None = None,
    limit: int | None = None,
) -> list[FollowUpItem]:
    """Open follow-ups (of one person, or one goal), soonest first."""
    query = _select().where(FollowUp.status == "open")
    if contact_id is not None:
        query = query.where(FollowUp.contact == contact_id)
    if goal_id is not None:
        query = query.where(FollowUp.goal == goal_id)
    query = query.order_by(FollowUp.due_at, FollowUp.id)
    if limit is not None:
        query = query.limit(limit)
    return sorted(_items(query, tz), key=_sort_key)


def overdue(
    now: datetime, *, tz: tzinfo | None = None, limit: int | None = None
) -> list[FollowUpItem]:
    """Open follow-ups due before today (local), oldest first."""
    day = today(now, tz)
    _, high = _bounds(day - timedelta(days=1), day - timedelta(days=1), tz)

    def build() -> Any:
        query = (
            _select()
            .where(FollowUp.status == "open", FollowUp.due_at < high)
            .order_by(FollowUp.due_at, FollowUp.id)
        )
        # A little slack for the day boundary.
        return query if limit is None else query.limit(limit + 50)

    sql, params = _compiled(("overdue", high, limit), build)
    items = sorted((i for i in _items_of(sql, params, tz) if i.due_date < day), key=_sort_key)
    return items if limit is None else items[:limit]


def due_today(now: datetime, *, tz: tzinfo | None = None) -> list[FollowUpItem]:
    """Open follow-ups due today (local), in order of time (all-day ones first)."""
    day = today(now, tz)
    found = follow_ups_between(day, day, tz=tz, statuses=("open",))
    return list(found[day].items) if day in found else []


@dataclass(frozen=True)
class Quadrants:
    """Open follow-ups by urgent/important: the first few of each (soonest first) and counts.

    ``do``: urgent and important; ``plan``: important, not urgent; ``quick``: urgent, not
    important; ``later``: neither.
    """

    do: tuple[FollowUpItem, ...]
    plan: tuple[FollowUpItem, ...]
    quick: tuple[FollowUpItem, ...]
    later: tuple[FollowUpItem, ...]
    counts: dict[str, int]


def quadrants(
    now: datetime | None = None,
    *,
    tz: tzinfo | None = None,
    limit: int = 20,
    upcoming: bool = False,
) -> Quadrants:
    """Open follow-ups in the four urgent/important groups (``limit`` items each, soonest first).

    Urgency rises with lateness: an important follow-up more than ``IMPORTANT_LATE_DAYS`` past
    its due day (as of ``now``) is in "do" whatever its urgent flag. ``upcoming``: only those
    due after today (the Today page lists the overdue and today's above the groups).
    """
    day = today(to_utc(now) if now is not None else utcnow(), tz)
    # Compiled once per day (peewee's compiling costs more than these queries): every value
    # they hold comes from the day and the two starts of day below.
    late_start = start_of_day(day - timedelta(days=IMPORTANT_LATE_DAYS), tz)
    next_start = start_of_day(day + timedelta(days=1), tz)
    queries: Callable[..., Any] = _quadrant_queries
    try:
        hash(tz)
    except TypeError:  # a zone that cannot be a cache key: compiled every time
        queries = _quadrant_queries.__wrapped__
    counts_sql, late_sql, group_sql = queries(day, tz, limit, upcoming, late_start, next_start)
    # Read raw: peewee would turn the sums into booleans (the columns' type).
    found = database_proxy.execute_sql(*counts_sql).fetchone()
    if upcoming:
        # Each group's count, in two parts: past the later start of tomorrow, and the few
        # between the two starts (see _upcoming_counts).
        halves = len(found) // 4
        counts = {
            name: int(sum(found[n * halves : (n + 1) * halves]))
            for n, name in enumerate(("do", "plan", "quick", "later"))
        }
    else:
        total, urgent_n, important_n, both = found
        counts = {
            "do": int(both),
            "plan": int(important_n - both),
            "quick": int(urgent_n - both),
            "later": int(total - urgent_n - important_n + both),
        }
    if late_sql is not None:
        late_plans = database_proxy.execute_sql(*late_sql).fetchone()[0]
        counts["plan"] -= late_plans
        counts["do"] += late_plans
    groups = {
        name: tuple(sorted(_items_of(sql, params, tz), key=_sort_key))
        for name, (sql, params) in group_sql.items()
    }
    return Quadrants(groups["do"], groups["plan"], groups["quick"], groups["later"], counts)


_Compiled = tuple[str, list[Any]]


@functools.lru_cache(maxsize=32)
def _quadrant_queries(
    day: date,
    tz: tzinfo | None,
    limit: int,
    upcoming: bool,
    late_start: datetime,
    next_start: datetime,
) -> tuple[_Compiled, _Compiled | None, dict[str, _Compiled]]:
    """The SQL of :func:`quadrants`: the counts, the late plans (None when only what is due
    after today is counted: none of it is late) and each group's first ``limit``.

    ``late_start`` and ``next_start`` (the starts of the days they stand for, in ``tz``) are
    part of the cache's key: with ``tz`` None they follow the system's zone.
    """
    if upcoming:
        return (
            _upcoming_counts(day + timedelta(days=1), tz),
            None,
            _upcoming_groups(day + timedelta(days=1), tz, limit),
        )
    late = _due_before(day - timedelta(days=IMPORTANT_LATE_DAYS), tz)
    wanted: pw.Expression = FollowUp.status == "open"
    # One pass over the covering (status, due_at, …, urgent, important) index, no grouping.
    counts = (
        FollowUp.select(
            pw.fn.COUNT(FollowUp.id),
            pw.fn.TOTAL(FollowUp.urgent),
            pw.fn.TOTAL(FollowUp.important),
            pw.fn.TOTAL(FollowUp.urgent & FollowUp.important),
        )
        .where(wanted)
        .sql()
    )
    important = FollowUp.important == True  # noqa: E712
    unimportant = FollowUp.important == False  # noqa: E712
    urgent = FollowUp.urgent == True  # noqa: E712
    not_urgent = FollowUp.urgent == False  # noqa: E712
    is_open = _STATUS_UNINDEXED == "open"
    late_plans = (
        FollowUp.select(pw.fn.COUNT(FollowUp.id)).where(wanted, not_urgent, important, late).sql()
    )
    do, plan = important & (urgent | late), important & not_urgent & ~late
    conditions = {
        "do": do,
        "plan": plan,
        "quick": unimportant & urgent,
        "later": unimportant & not_urgent,
    }
    groups = {
        name: _select()
        .where(is_open, condition)
        .order_by(FollowUp.due_at, FollowUp.id)
        .limit(limit)
        .sql()
        for name, condition in conditions.items()
    }
    return counts, late_plans, groups


#: The four groups by their flags (urgent, important), in the order of ``Quadrants``.
_GROUP_FLAGS = {
    "do": (True, True),
    "plan": (False, True),
    "quick": (True, False),
    "later": (False, False),
}


def _open_with(urgent: bool, important: bool) -> pw.Expression:
    """Open follow-ups with these flags: equalities on the (status, urgent, important, due_at)
    index, whose rows then come in order of ``due_at`` and id."""
    return (
        (FollowUp.status == "open")
        & (FollowUp.urgent == urgent)
        & (FollowUp.important == important)
    )


def _upcoming_counts(first: date, tz: tzinfo | None) -> _Compiled:
    """How many open follow-ups of each group are due on ``first`` or later: one statement of
    range counts on the flags index, nothing read but the index. Past the later of the two
    starts of ``first`` (a wall date's and a timed instant's) everything counts; the few
    between them are tested exactly. Two numbers per group (one when the starts agree)."""
    wall, instant = datetime.combine(first, time(0)), start_of_day(first, tz)
    low, high = min(wall, instant), max(wall, instant)
    parts: list[str] = []
    params: list[Any] = []
    for urgent, important in _GROUP_FLAGS.values():
        queries = [
            FollowUp.select(pw.fn.COUNT(pw.SQL("*"))).where(
                _open_with(urgent, important), FollowUp.due_at >= high
            )
        ]
        if low < high:
            queries.append(
                FollowUp.select(pw.fn.COUNT(pw.SQL("*"))).where(
                    _open_with(urgent, important),
                    FollowUp.due_at >= low,
                    FollowUp.due_at < high,
                    ~_due_before(first, tz),
                )
            )
        for query in queries:
            sql, values = query.sql()
            parts.append(f"({sql})")
            params.extend(values)
    return "SELECT " + ", ".join(parts), params


def _upcoming_groups(first: date, tz: tzinfo | None, limit: int) -> dict[str, _Compiled]:
    """The first ``limit`` of each group due on ``first`` or later, from the flags index in
    due order (nothing due after today is late: the groups are the flags alone)."""
    return {
        name: _select()
        .where(_open_with(urgent, important), _due_from(first, tz))
        .order_by(FollowUp.due_at, FollowUp.id)
        .limit(limit)
        .sql()
        for name, (urgent, important) in _GROUP_FLAGS.items()
    }


def stale_count(now: datetime, *, tz: tzinfo | None = None) -> int:
    """Open, unimportant follow-ups more than ``STALE_LATE_DAYS`` late (as of ``now``): the
    ones to do, drop or plan again (see :meth:`FollowUpItem.stale_on`)."""
    day = today(to_utc(now), tz) - timedelta(days=STALE_LATE_DAYS)
    sql, params = _compiled(
        ("stale", day, start_of_day(day, tz)),
        lambda: FollowUp.select(pw.fn.COUNT(FollowUp.id)).where(
            FollowUp.status == "open",
            FollowUp.important == False,  # noqa: E712
            _due_before(day, tz, bounded=True),
        ),
    )
    return int(database_proxy.execute_sql(sql, params).fetchone()[0])


def _due_before(day: date, tz: tzinfo | None, *, bounded: bool = False) -> pw.Expression:
    """Follow-ups whose due day (local) is before ``day``: an untimed one keeps its day as a
    naive wall date, a timed one its UTC instant. ``bounded`` adds a plain upper bound on
    ``due_at`` that the index can use."""
    untimed = FollowUp.due_has_time == False  # noqa: E712
    timed = FollowUp.due_has_time == True  # noqa: E712
    wall, instant = datetime.combine(day, time(0)), start_of_day(day, tz)
    before = (untimed & (FollowUp.due_at < wall)) | (timed & (FollowUp.due_at < instant))
    return (FollowUp.due_at < max(wall, instant)) & before if bounded else before


def _due_from(day: date, tz: tzinfo | None) -> pw.Expression:
    """Follow-ups whose due day (local) is ``day`` or later, with a plain lower bound on
    ``due_at`` so that a walk of the index starts there (not at years of overdue ones)."""
    wall, instant = datetime.combine(day, time(0)), start_of_day(day, tz)
    # Past the later of the two starts nothing is before ``day``: the exact test is left for
    # the few rows between them (SQLite stops at the first true term of an OR).
    return (FollowUp.due_at >= min(wall, instant)) & (
        (FollowUp.due_at >= max(wall, instant)) | ~_due_before(day, tz)
    )


def follow_ups_of(
    contact_id: int, *, tz: tzinfo | None = None
) -> tuple[list[FollowUpItem], list[FollowUpItem]]:
    """A person's (open, closed) follow-ups: open soonest first, done/dropped latest first."""
    items = _items(_select().where(FollowUp.contact == contact_id), tz)
    open_items = sorted((i for i in items if i.status == "open"), key=_sort_key)
    closed = sorted(
        (i for i in items if i.status != "open"),
        key=lambda i: (i.completed_at or datetime.min, i.id),
        reverse=True,
    )
    return open_items, closed

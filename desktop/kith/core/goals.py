"""Goals: networking with a purpose — create, edit, link people, progress and purpose share.

A goal ("Find three speaking engagements by June") has a title, why it matters, an optional
target date and a status (active, achieved, dropped). People are linked to it; interactions
and follow-ups can serve it. See resources/help/rules.md ("Goals").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from kith.core.errors import ValidationError
from kith.core.follow_ups import FollowUpItem, follow_up_items
from kith.core.local_time import local_date, start_of_day, to_utc, today
from kith.core.rules.strength import strengths
from kith.store.changes import writing
from kith.store.models import (
    Contact,
    FollowUp,
    Goal,
    GoalContact,
    Interaction,
    InteractionContact,
    utcnow,
)

GOAL_STATUSES = ("active", "achieved", "dropped")
STATUS_LABELS = {"active": "Active", "achieved": "Achieved", "dropped": "Dropped"}
MAX_TITLE_LENGTH = 200
#: "Am I networking just to network?" looks at this many days (today and the days before).
PURPOSE_WINDOW_DAYS = 90


@dataclass
class GoalDraft:
    """Everything the goal form edits, as plain values."""

    title: str = ""
    why: str = ""
    target_date: date | None = None
    status: str = "active"


class GoalNotFoundError(LookupError):
    """The goal no longer exists (deleted meanwhile)."""


def validate_goal(draft: GoalDraft) -> dict[str, str]:
    """Field → message for every problem (empty when the draft can be saved)."""
    errors: dict[str, str] = {}
    title = draft.title.strip()
    if not title:
        errors["title"] = "Say what you want to achieve"
    elif len(title) > MAX_TITLE_LENGTH:
        errors["title"] = f"Keep the title under {MAX_TITLE_LENGTH} characters"
    if draft.status not in GOAL_STATUSES:
        errors["status"] = "Choose active, achieved or dropped"
    return errors


def _values(draft: GoalDraft) -> dict[str, Any]:
    return {
        "title": draft.title.strip(),
        "why": draft.why.strip(),
        "target_date": draft.target_date,
        "status": draft.status,
    }


def create_goal(draft: GoalDraft) -> int:
    """Validate and save a new goal; return its id (raises ValidationError, writing nothing)."""
    errors = validate_goal(draft)
    if errors:
        raise ValidationError(errors)
    with writing("goal"):
        return int(Goal.insert(**_values(draft)).execute())


def load_goal_draft(goal_id: int) -> GoalDraft:
    row = Goal.get_or_none(Goal.id == goal_id)
    if row is None:
        raise GoalNotFoundError(goal_id)
    return GoalDraft(row.title, row.why, row.target_date, row.status)


def update_goal(goal_id: int, draft: GoalDraft) -> GoalDraft:
    """Save changes to a goal; return the draft it had before (for undo)."""
    errors = validate_goal(draft)
    if errors:
        raise ValidationError(errors)
    before = load_goal_draft(goal_id)
    with writing("goal"):
        Goal.update(**_values(draft), updated_at=utcnow()).where(Goal.id == goal_id).execute()
    return before


def set_goal_status(goal_id: int, status: str) -> str:
    """Mark a goal active, achieved or dropped; return the status it had (for undo)."""
    draft = load_goal_draft(goal_id)
    before = draft.status
    draft.status = status
    update_goal(goal_id, draft)
    return before


@dataclass(frozen=True)
class DeletedGoal:
    """A deleted goal with its links, enough to put it back."""

    row: dict[str, Any]
    contact_ids: tuple[int, ...]
    interaction_ids: tuple[int, ...]
    follow_up_ids: tuple[int, ...]


def delete_goal(goal_id: int) -> DeletedGoal:
    """Delete a goal; its interactions and follow-ups stay, no longer tagged with it."""
    with writing("goal", "goal_contact", "interaction", "follow_up"):
        rows = list(Goal.select().where(Goal.id == goal_id).dicts())
        if not rows:
            raise GoalNotFoundError(goal_id)
        people = tuple(
            r[0]
            for r in GoalContact.select(GoalContact.contact)
            .where(GoalContact.goal == goal_id)
            .tuples()
        )
        interactions = tuple(
            r[0]
            for r in Interaction.select(Interaction.id).where(Interaction.goal == goal_id).tuples()
        )
        follow_ups = tuple(
            r[0] for r in FollowUp.select(FollowUp.id).where(FollowUp.goal == goal_id).tuples()
        )
        Interaction.update(goal=None).where(Interaction.goal == goal_id).execute()
        FollowUp.update(goal=None).where(FollowUp.goal == goal_id).execute()
        Goal.delete().where(Goal.id == goal_id).execute()
    return DeletedGoal(rows[0], people, interactions, follow_ups)


def restore_goal(snapshot: DeletedGoal) -> int:
    """Undo :func:`delete_goal` (people, interactions and follow-ups deleted meanwhile stay out)."""
    with writing("goal", "goal_contact", "interaction", "follow_up"):
        values = dict(snapshot.row)
        if Goal.select().where(Goal.id == values["id"]).exists():
            values.pop("id")
        goal_id = int(Goal.insert(**values).execute())
        _link(goal_id, snapshot.contact_ids)
        if snapshot.interaction_ids:
            Interaction.update(goal=goal_id).where(
                Interaction.id.in_(list(snapshot.interaction_ids))
            ).execute()
        if snapshot.follow_up_ids:
            FollowUp.update(goal=goal_id).where(
                FollowUp.id.in_(list(snapshot.follow_up_ids))
            ).execute()
    return goal_id


def _link(goal_id: int, contact_ids: Sequence[int]) -> list[int]:
    wanted = list(dict.fromkeys(contact_ids))
    if not wanted:
        return []
    alive = {r[0] for r in Contact.select(Contact.id).where(Contact.id.in_(wanted)).tuples()}
    linked = {
        r[0]
        for r in GoalContact.select(GoalContact.contact)
        .where(GoalContact.goal == goal_id, GoalContact.contact.in_(wanted))
        .tuples()
    }
    new = [cid for cid in wanted if cid in alive and cid not in linked]
    if new:
        GoalContact.insert_many([{"goal": goal_id, "contact": cid} for cid in new]).execute()
    return new


def link_contacts(goal_id: int, contact_ids: Sequence[int]) -> list[int]:
    """Link people to a goal; return those newly linked (already linked ones are skipped)."""
    if not Goal.select().where(Goal.id == goal_id).exists():
        raise GoalNotFoundError(goal_id)
    with writing("goal_contact"):
        return _link(goal_id, contact_ids)


def unlink_contacts(goal_id: int, contact_ids: Sequence[int]) -> list[int]:
    """Unlink people from a goal; return those that were linked (for undo)."""
    wanted = list(dict.fromkeys(contact_ids))
    with writing("goal_contact"):
        linked = [
            r[0]
            for r in GoalContact.select(GoalContact.contact)
            .where(GoalContact.goal == goal_id, GoalContact.contact.in_(wanted))
            .tuples()
        ]
        GoalContact.delete().where(
            GoalContact.goal == goal_id, GoalContact.contact.in_(wanted)
        ).execute()
    return [cid for cid in wanted if cid in set(linked)]


def goals_of_contact(contact_id: int) -> list[int]:
    """The ids of the goals a person is linked to."""
    return [
        r[0]
        for r in GoalContact.select(GoalContact.goal)
        .where(GoalContact.contact == contact_id)
        .order_by(GoalContact.goal)
        .tuples()
    ]


# --- what the Goals page shows ------------------------------------------------------------------


@dataclass(frozen=True)
class GoalSummary:
    """One goal as the list shows it."""

    id: int
    title: str
    why: str
    target_date: date | None
    status: str
    people: int
    open_follow_ups: int
    #: Interactions that served the goal in the last 90 days.
    recent_interactions: int
    last_interaction: datetime | None  # naive UTC

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


def _counts(query: Any) -> dict[int, int]:
    return {gid: n for gid, n in query.tuples()}


def goal_summaries(
    now: datetime, *, tz: tzinfo | None = None, status: str | None = None
) -> list[GoalSummary]:
    """Every goal (or those with ``status``): active first, then by target date and title."""
    from peewee import fn

    query = Goal.select(Goal.id, Goal.title, Goal.why, Goal.target_date, Goal.status)
    if status is not None:
        query = query.where(Goal.status == status)
    goals = list(query.tuples())
    people = _counts(
        GoalContact.select(GoalContact.goal, fn.COUNT(GoalContact.id))
        .join(Contact)
        .where(Contact.archived == False)  # noqa: E712
        .group_by(GoalContact.goal)
    )
    open_fus = _counts(
        FollowUp.select(FollowUp.goal, fn.COUNT(FollowUp.id))
        .where(FollowUp.status == "open", FollowUp.goal.is_null(False))
        .group_by(FollowUp.goal)
    )
    since = start_of_day(today(now, tz) - timedelta(days=PURPOSE_WINDOW_DAYS - 1), tz)
    recent = _counts(
        Interaction.select(Interaction.goal, fn.COUNT(Interaction.id))
        .where(Interaction.goal.is_null(False), Interaction.occurred_at >= since)
        .group_by(Interaction.goal)
    )
    last = {
        gid: (datetime.fromisoformat(at) if isinstance(at, str) else at)
        for gid, at in Interaction.select(Interaction.goal, fn.MAX(Interaction.occurred_at))
        .where(Interaction.goal.is_null(False))
        .group_by(Interaction.goal)
        .tuples()
    }
    order = {s: n for n, s in enumerate(GOAL_STATUSES)}
    result = [
        GoalSummary(
            gid,
            title,
            why,
            target,
            st,
            people.get(gid, 0),
            open_fus.get(gid, 0),
            recent.get(gid, 0),
            last.get(gid),
        )
        for gid, title, why, target, st in goals
    ]
    result.sort(
        key=lambda g: (
            order.get(g.status, 9),
            g.target_date or date.max,
            g.title.casefold(),
            g.id,
        )
    )
    return result


def goal_summary(goal_id: int, now: datetime, *, tz: tzinfo | None = None) -> GoalSummary | None:
    return next((g for g in goal_summaries(now, tz=tz) if g.id == goal_id), None)


@dataclass(frozen=True)
class GoalPerson:
    """Someone linked to a goal."""

    contact_id: int
    full_name: str
    company: str
    circle: int | None
    strength: int
    last_contact: datetime | None  # naive UTC


def goal_people(goal_id: int, now: datetime, *, tz: tzinfo | None = None) -> list[GoalPerson]:
    """The people linked to a goal (not archived), strongest first, then by name."""
    rows = list(
        Contact.select(
            Contact.id, Contact.full_name, Contact.company, Contact.circle, Contact.sort_name
        )
        .join(GoalContact, on=(GoalContact.contact == Contact.id))
        .where(GoalContact.goal == goal_id, Contact.archived == False)  # noqa: E712
        .tuples()
    )
    ids = [r[0] for r in rows]
    power = strengths(ids, now, tz)
    from peewee import fn

    last: dict[int, datetime] = {}
    for start in range(0, len(ids), 500):
        query = (
            InteractionContact.select(InteractionContact.contact, fn.MAX(Interaction.occurred_at))
            .join(Interaction)
            .where(InteractionContact.contact.in_(ids[start : start + 500]))
            .group_by(InteractionContact.contact)
            .tuples()
        )
        for cid, at in query:
            last[cid] = datetime.fromisoformat(at) if isinstance(at, str) else at
    people = [
        GoalPerson(cid, name, company, circle, power[cid].total, last.get(cid))
        for cid, name, company, circle, _ in rows
    ]
    sort_names = {r[0]: r[4] for r in rows}
    people.sort(key=lambda p: (-p.strength, sort_names[p.contact_id], p.contact_id))
    return people


@dataclass(frozen=True)
class GoalInteraction:
    """An interaction that served a goal."""

    id: int
    occurred_at: datetime  # naive UTC
    kind: str
    direction: str
    summary: str
    names: tuple[str, ...]


def goal_interactions(goal_id: int, *, limit: int = 20) -> list[GoalInteraction]:
    """The most recent interactions that served a goal, newest first."""
    rows = list(
        Interaction.select(
            Interaction.id,
            Interaction.occurred_at,
            Interaction.kind,
            Interaction.direction,
            Interaction.summary,
        )
        .where(Interaction.goal == goal_id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .limit(limit)
        .tuples()
    )
    names: dict[int, list[str]] = {}
    if rows:
        query = (
            InteractionContact.select(InteractionContact.interaction, Contact.full_name)
            .join(Contact)
            .where(InteractionContact.interaction.in_([r[0] for r in rows]))
            .order_by(InteractionContact.id)
            .tuples()
        )
        for iid, name in query:
            names.setdefault(iid, []).append(name)
    return [
        GoalInteraction(iid, at, kind, direction, summary, tuple(names.get(iid, ())))
        for iid, at, kind, direction, summary in rows
    ]


def goal_follow_ups(goal_id: int, *, tz: tzinfo | None = None) -> list[FollowUpItem]:
    """A goal's open follow-ups, soonest first."""
    ids = [
        r[0]
        for r in FollowUp.select(FollowUp.id)
        .where(FollowUp.goal == goal_id, FollowUp.status == "open")
        .tuples()
    ]
    items = list(follow_up_items(ids, tz=tz).values())
    items.sort(
        key=lambda i: (i.due_date, i.due_time is not None, i.due_time or datetime.min.time(), i.id)
    )
    return items


@dataclass(frozen=True)
class MonthCount:
    """Interactions that served a goal in one calendar month (local time)."""

    year: int
    month: int
    count: int


def _month_start(day: date, back: int) -> date:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


def interactions_per_month(
    goal_id: int, now: datetime, *, tz: tzinfo | None = None, months: int = 12
) -> list[MonthCount]:
    """Interactions that served the goal in each of the last ``months`` months, oldest first.

    The current month is the last one; months are local calendar months.
    """
    current = today(now, tz)
    first = _month_start(current, months - 1)
    counts: dict[tuple[int, int], int] = {}
    query = Interaction.select(Interaction.occurred_at).where(
        Interaction.goal == goal_id, Interaction.occurred_at >= start_of_day(first, tz)
    )
    for (at,) in query.tuples():
        day = local_date(at, tz)
        counts[(day.year, day.month)] = counts.get((day.year, day.month), 0) + 1
    result = []
    for back in range(months - 1, -1, -1):
        start = _month_start(current, back)
        result.append(MonthCount(start.year, start.month, counts.get((start.year, start.month), 0)))
    return result


@dataclass(frozen=True)
class PurposeShare:
    """How many of the last 90 days' interactions served an active goal."""

    total: int
    with_goal: int
    days: int = PURPOSE_WINDOW_DAYS

    @property
    def share(self) -> float | None:
        """0–1, None when there were no interactions at all."""
        return self.with_goal / self.total if self.total else None

    @property
    def text(self) -> str:
        """ "12 of 40 interactions in the last 90 days served an active goal (30 %)"."""
        if not self.total:
            return f"No interactions in the last {self.days} days"
        percent = round(100 * self.with_goal / self.total)
        noun = "interaction" if self.total == 1 else "interactions"
        return (
            f"{self.with_goal} of {self.total} {noun} in the last {self.days} days "
            f"served an active goal ({percent} %)"
        )


def purpose_share(
    now: datetime, *, tz: tzinfo | None = None, days: int = PURPOSE_WINDOW_DAYS
) -> PurposeShare:
    """The share of the interactions of today and the ``days - 1`` days before that served an
    active goal ("am I networking just to network?"). Interactions after ``now`` are ignored."""
    from peewee import JOIN

    since = start_of_day(today(now, tz) - timedelta(days=days - 1), tz)
    rows = (
        Interaction.select(Interaction.id, Goal.status)
        .join(Goal, JOIN.LEFT_OUTER, on=(Interaction.goal == Goal.id))
        .where(Interaction.occurred_at >= since, Interaction.occurred_at <= to_utc(now))
        .tuples()
    )
    total = served = 0
    for _, status in rows:
        total += 1
        if status == "active":
            served += 1
    return PurposeShare(total, served, days)

"""Logging interactions: drafts, validation, saving with an optional follow-up, edit, undo.

Times: ``InteractionDraft.occurred_at`` is a ``datetime`` that is either timezone-aware (the
form's local time) or naive UTC; it is stored as naive UTC (see kith.core.local_time).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from kith.core.errors import ValidationError
from kith.core.local_time import local_date, to_utc, today
from kith.core.reminder_settings import DEFAULT_MORNING
from kith.store.changes import writing
from kith.store.models import (
    DIRECTIONS,
    INITIATORS,
    INTERACTION_KINDS,
    Contact,
    FollowUp,
    Goal,
    Interaction,
    InteractionContact,
    utcnow,
)

if TYPE_CHECKING:
    from kith.core.rules.pester import PesterWarning

KIND_LABELS = {
    "meeting": "Meeting",
    "meal": "Coffee or meal",
    "call": "Call",
    "video": "Video call",
    "email": "Email",
    "message": "Message",
    "event": "Event",
    "intro": "Introduction",
    "other": "Other",
}

#: What flowed, as the log form and the timeline say it.
DIRECTION_LABELS = {
    "gave": "I gave",
    "asked": "I asked",
    "they_gave": "They gave",
    "they_asked": "They asked",
    "mutual": "Both gave",
    "neutral": "Neither",
}

#: Who reached out, as the log form and the timeline say it (None: not known).
INITIATOR_LABELS = {
    "me": "I reached out",
    "them": "They reached out",
    "both": "Planned together",
}

#: The default for who reached out, by kind: what you log is usually your own doing, but
#: events and introductions are usually arranged by someone else or together.
DEFAULT_INITIATOR = {"event": "both", "intro": "both"}

ASK_SIZE_LABELS = {
    "small": "Small",
    "medium": "Medium",
    "large": "Large",
}

MAX_SUMMARY_LENGTH = 200
MAX_FOLLOW_UP_DAYS = 3650


@dataclass
class InteractionDraft:
    """Everything the log-interaction form edits, as plain values."""

    occurred_at: datetime  # aware, or naive UTC
    kind: str = "other"
    contact_ids: list[int] = field(default_factory=list)
    summary: str = ""
    notes: str = ""
    direction: str = "neutral"
    #: Who reached out: "me", "them", "both" (planned together) or None (not known).
    initiator: str | None = None
    goal_id: int | None = None
    #: "And follow up in N days" (from the day it is logged); None: no follow-up.
    follow_up_in_days: int | None = None
    #: The follow-up's title; empty: "Follow up with <name>".
    follow_up_title: str = ""
    #: For an ask: "small", "medium" or "large" (None: not sized). Ignored for other directions.
    ask_size: str | None = None


def validate_interaction(
    draft: InteractionDraft, *, now: datetime | None = None, tz: tzinfo | None = None
) -> dict[str, str]:
    """Check a draft; return field → message for every problem (empty when it can be saved).

    Fields: ``contact_ids``, ``kind``, ``direction``, ``initiator``, ``occurred_at``, ``summary``,
    ``goal``, ``follow_up_in_days``, ``ask_size``.
    """
    errors: dict[str, str] = {}
    ids = list(dict.fromkeys(draft.contact_ids))
    if not ids:
        errors["contact_ids"] = "Pick at least one person"
    else:
        found = Contact.select().where(Contact.id.in_(ids)).count()
        if found != len(ids):
            errors["contact_ids"] = "Someone you picked is no longer in Kith"
    if draft.kind not in INTERACTION_KINDS:
        errors["kind"] = "Unknown kind of interaction"
    if draft.direction not in DIRECTIONS:
        errors["direction"] = (
            "Choose what flowed: gave, asked, they gave, they asked, both or neither"
        )
    if draft.initiator is not None and draft.initiator not in INITIATORS:
        errors["initiator"] = "Choose who reached out: you, they, or planned together"
    if draft.ask_size is not None and draft.ask_size not in ASK_SIZE_LABELS:
        errors["ask_size"] = "Choose a small, medium or large ask"
    moment = now if now is not None else utcnow()
    if local_date(to_utc(draft.occurred_at), tz) > today(moment, tz):
        errors["occurred_at"] = "That day has not come yet: plan it as a follow-up instead"
    if len(draft.summary.strip()) > MAX_SUMMARY_LENGTH:
        errors["summary"] = f"Keep the summary under {MAX_SUMMARY_LENGTH} characters"
    if draft.goal_id is not None and not Goal.select().where(Goal.id == draft.goal_id).exists():
        errors["goal"] = "That goal is no longer in Kith"
    days = draft.follow_up_in_days
    if days is not None and not 0 <= days <= MAX_FOLLOW_UP_DAYS:
        errors["follow_up_in_days"] = f"Follow up within 0 to {MAX_FOLLOW_UP_DAYS} days"
    return errors


def warnings_for(
    draft: InteractionDraft,
    *,
    tz: tzinfo | None = None,
    interaction_id: int | None = None,
) -> list[PesterWarning]:
    """The "don't pester" warnings for this draft (``interaction_id``: the one being edited)."""
    # The rules (with cadence and contacts, ~10 ms) are imported when a form first asks:
    # the window's start imports this module for the follow-ups, not for the rules.
    from kith.core.rules.pester import pester_warnings

    return pester_warnings(
        draft.contact_ids,
        draft.direction,
        to_utc(draft.occurred_at),
        initiator=draft.initiator,
        tz=tz,
        ignore_interaction_id=interaction_id,
    )


def _values(draft: InteractionDraft) -> dict[str, Any]:
    return {
        "occurred_at": to_utc(draft.occurred_at),
        "kind": draft.kind,
        "summary": draft.summary.strip(),
        "notes": draft.notes.strip(),
        "direction": draft.direction,
        "initiator": draft.initiator,
        "goal": draft.goal_id,
        "ask_size": draft.ask_size if draft.direction == "asked" else None,
    }


def _link(interaction_id: int, contact_ids: list[int]) -> None:
    rows = [{"interaction": interaction_id, "contact": cid} for cid in dict.fromkeys(contact_ids)]
    InteractionContact.insert_many(rows).execute()


def default_follow_up_title(contact_ids: list[int]) -> str:
    """ "Follow up with Ana" ("… and 2 others"): the title "follow up in N days" gets."""
    ids = list(dict.fromkeys(contact_ids))
    who = Contact.get_or_none(Contact.id == ids[0]) if ids else None
    if who is None:
        return "Follow up"
    from kith.core.rules.pester import short_name

    name = short_name(who.full_name, who.given_name, who.nickname)
    others = len(ids) - 1
    if others == 1:
        name += " and 1 other"
    elif others > 1:
        name += f" and {others} others"
    return f"Follow up with {name}"


@dataclass(frozen=True)
class LoggedInteraction:
    """What :func:`record_interaction` created: the interaction and its follow-up, if any."""

    interaction_id: int
    follow_up_id: int | None = None
    #: What an introduction recorded (who now knows whom, who was credited), for undo.
    intro: Any = None


def insert_interaction(
    draft: InteractionDraft,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    morning: time = DEFAULT_MORNING,
) -> LoggedInteraction:
    """Write a validated draft (and its follow-up) inside the caller's ``writing`` block."""
    from kith.core.follow_ups import FollowUpDraft, insert_follow_up

    interaction_id = int(Interaction.insert(**_values(draft)).execute())
    _link(interaction_id, draft.contact_ids)
    intro = _record_intro(draft, tz)
    follow_up_id = None
    if draft.follow_up_in_days is not None:
        first = draft.contact_ids[0]
        title = draft.follow_up_title.strip() or default_follow_up_title(draft.contact_ids)
        moment = now if now is not None else utcnow()
        follow_up = FollowUpDraft(
            title=title,
            due_date=today(moment, tz) + timedelta(days=draft.follow_up_in_days),
            contact_id=first,
            notes=draft.summary.strip(),
            goal_id=draft.goal_id,
        )
        follow_up_id = insert_follow_up(follow_up, tz=tz, morning=morning)
    return LoggedInteraction(interaction_id, follow_up_id, intro)


def _record_intro(draft: InteractionDraft, tz: tzinfo | None) -> Any:
    """An introduction between people records that they now know each other (see
    kith.core.relationships.insert_intro); None for any other interaction."""
    people = list(dict.fromkeys(draft.contact_ids))
    if draft.kind != "intro" or len(people) < 2:
        return None
    from kith.core.relationships import insert_intro, intro_introducer

    with writing("relationship", "contact"):
        day = local_date(to_utc(draft.occurred_at), tz)
        return insert_intro(people, intro_introducer(people, draft.direction), day)


def record_interaction(
    draft: InteractionDraft,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    morning: time = DEFAULT_MORNING,
) -> LoggedInteraction:
    """Validate and save an interaction, its people and its follow-up in one transaction.

    The follow-up ("follow up in N days") is due N days after the day it is logged, about
    the first person picked, reminding at ``morning`` local time. Raises
    :class:`~kith.core.errors.ValidationError` (writing nothing) when the draft has problems.
    """
    errors = validate_interaction(draft, now=now, tz=tz)
    if errors:
        raise ValidationError(errors)
    with writing("interaction", "interaction_contact", "follow_up"):
        return insert_interaction(draft, now=now, tz=tz, morning=morning)


def log_interaction(
    draft: InteractionDraft,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    morning: time = DEFAULT_MORNING,
) -> int:
    """:func:`record_interaction`, returning the new interaction's id."""
    return record_interaction(draft, now=now, tz=tz, morning=morning).interaction_id


class InteractionNotFoundError(LookupError):
    """The interaction no longer exists (deleted meanwhile)."""


def load_interaction_draft(interaction_id: int) -> InteractionDraft:
    """The draft the form starts from when editing (``occurred_at`` naive UTC)."""
    row = Interaction.get_or_none(Interaction.id == interaction_id)
    if row is None:
        raise InteractionNotFoundError(interaction_id)
    contact_ids = [
        r[0]
        for r in InteractionContact.select(InteractionContact.contact)
        .where(InteractionContact.interaction == interaction_id)
        .order_by(InteractionContact.id)
        .tuples()
    ]
    return InteractionDraft(
        occurred_at=row.occurred_at,
        kind=row.kind,
        contact_ids=contact_ids,
        summary=row.summary,
        notes=row.notes,
        direction=row.direction,
        initiator=row.initiator,
        goal_id=row.goal_id,
        ask_size=row.ask_size,
    )


def update_interaction(
    interaction_id: int,
    draft: InteractionDraft,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> InteractionDraft:
    """Save changes to an interaction; return the draft it had before (for undo).

    The draft's follow-up fields are ignored here: plan a follow-up separately.
    """
    errors = validate_interaction(replace(draft, follow_up_in_days=None), now=now, tz=tz)
    if errors:
        raise ValidationError(errors)
    before = load_interaction_draft(interaction_id)
    with writing("interaction", "interaction_contact"):
        values = {**_values(draft), "updated_at": utcnow()}
        Interaction.update(**values).where(Interaction.id == interaction_id).execute()
        InteractionContact.delete().where(
            InteractionContact.interaction == interaction_id
        ).execute()
        _link(interaction_id, draft.contact_ids)
    return before


@dataclass(frozen=True)
class DeletedInteraction:
    """Everything :func:`delete_interaction` removed, enough to put it back."""

    row: dict[str, Any]
    contact_ids: tuple[int, ...]
    #: Follow-ups that this interaction completed (their link is cleared by the delete).
    completed_follow_up_ids: tuple[int, ...]


def delete_interaction(interaction_id: int) -> DeletedInteraction:
    """Delete an interaction (its people links go with it); return a snapshot for undo."""
    with writing("interaction", "interaction_contact", "follow_up"):
        rows = list(Interaction.select().where(Interaction.id == interaction_id).dicts())
        if not rows:
            raise InteractionNotFoundError(interaction_id)
        contact_ids = tuple(
            r[0]
            for r in InteractionContact.select(InteractionContact.contact)
            .where(InteractionContact.interaction == interaction_id)
            .order_by(InteractionContact.id)
            .tuples()
        )
        completed = tuple(
            r[0]
            for r in FollowUp.select(FollowUp.id)
            .where(FollowUp.interaction == interaction_id)
            .tuples()
        )
        FollowUp.update(interaction=None).where(FollowUp.interaction == interaction_id).execute()
        Interaction.delete().where(Interaction.id == interaction_id).execute()
    return DeletedInteraction(rows[0], contact_ids, completed)


def restore_interaction(snapshot: DeletedInteraction) -> int:
    """Undo :func:`delete_interaction`; return the interaction's id (the old one if free).

    People deleted meanwhile are left out; if nobody is left, the interaction stays deleted
    and :class:`InteractionNotFoundError` is raised.
    """
    with writing("interaction", "interaction_contact", "follow_up"):
        alive = [
            r[0]
            for r in Contact.select(Contact.id)
            .where(Contact.id.in_(list(snapshot.contact_ids)))
            .tuples()
        ]
        keep = [cid for cid in snapshot.contact_ids if cid in set(alive)]
        if not keep:
            raise InteractionNotFoundError(snapshot.row["id"])
        values = dict(snapshot.row)
        if Interaction.select().where(Interaction.id == values["id"]).exists():
            values.pop("id")
        if (
            values.get("goal") is not None
            and not Goal.select().where(Goal.id == values["goal"]).exists()
        ):
            values["goal"] = None
        interaction_id = int(Interaction.insert(**values).execute())
        _link(interaction_id, keep)
        if snapshot.completed_follow_up_ids:
            FollowUp.update(interaction=interaction_id).where(
                FollowUp.id.in_(list(snapshot.completed_follow_up_ids))
            ).execute()
    return interaction_id


def undo_log(logged: LoggedInteraction) -> None:
    """Undo :func:`record_interaction`: delete the interaction and the follow-up it created."""
    with writing("interaction", "interaction_contact", "follow_up"):
        if logged.follow_up_id is not None:
            FollowUp.delete().where(FollowUp.id == logged.follow_up_id).execute()
        FollowUp.update(interaction=None).where(
            FollowUp.interaction == logged.interaction_id
        ).execute()
        Interaction.delete().where(Interaction.id == logged.interaction_id).execute()
        if logged.intro is not None:
            from kith.core.relationships import undo_intro

            undo_intro(logged.intro)


@dataclass(frozen=True)
class GoalChoice:
    """A goal an interaction or follow-up can serve, for the forms' goal field."""

    id: int
    title: str
    active: bool


def goal_choices(include: int | None = None) -> list[GoalChoice]:
    """Active goals by title, plus ``include`` (the one already chosen) even if it is not."""
    query = Goal.select(Goal.id, Goal.title, Goal.status).where(
        (Goal.status == "active") | (Goal.id == include)
        if include is not None
        else (Goal.status == "active")
    )
    return sorted(
        (GoalChoice(gid, title, status == "active") for gid, title, status in query.tuples()),
        key=lambda g: (g.title.casefold(), g.id),
    )

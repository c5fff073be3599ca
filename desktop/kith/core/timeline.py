"""A contact's timeline: interactions newest first, follow-ups, and the header figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from kith.core.follow_ups import FollowUpItem, follow_ups_of
from kith.core.interactions import DIRECTION_LABELS, INITIATOR_LABELS, KIND_LABELS
from kith.core.local_time import days_since, local_date, to_utc
from kith.core.relative_time import ago_words
from kith.core.rules.cadence import CadenceStatus, cadence_status_for
from kith.core.rules.history import touches_with
from kith.core.rules.reciprocity import Balance, balance_from
from kith.core.rules.strength import Strength, strength_of, tie_facts
from kith.store.models import Contact, Interaction, InteractionContact


@dataclass(frozen=True)
class TimelineInteraction:
    """One interaction as the timeline shows it."""

    id: int
    occurred_at: datetime  # naive UTC
    day: date  # local
    kind: str
    summary: str
    notes: str
    direction: str
    goal_id: int | None
    #: The other people who took part: (id, name), in the order they were added.
    others: tuple[tuple[int, str], ...]
    #: For an ask: "small", "medium" or "large" (None: not sized).
    ask_size: str | None = None
    #: Who reached out: "me", "them", "both", or None (not known).
    initiator: str | None = None

    @property
    def initiator_label(self) -> str:
        """ "They reached out" … ("" when not known)."""
        return INITIATOR_LABELS.get(self.initiator or "", "")

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def direction_label(self) -> str:
        return DIRECTION_LABELS.get(self.direction, self.direction)


@dataclass(frozen=True)
class TimelineHeader:
    """The figures at the top of a contact's card."""

    last_contact: datetime | None  # naive UTC
    last_contact_text: str  # "3 weeks ago", "never"
    strength: Strength
    balance: Balance
    cadence: CadenceStatus
    #: The newest email with them that capture found (accepted or not; naive UTC), and
    #: "last email 3 days ago" ("" when there is none).
    last_email: datetime | None = None
    last_email_text: str = ""


@dataclass(frozen=True)
class ContactTimeline:
    contact_id: int
    header: TimelineHeader
    interactions: tuple[TimelineInteraction, ...]  # newest first
    open_follow_ups: tuple[FollowUpItem, ...]  # soonest first
    closed_follow_ups: tuple[FollowUpItem, ...]  # done or dropped, latest first
    #: How many interactions there are in all (``interactions`` may be only the first page).
    interaction_count: int


def interactions_of(
    contact_id: int,
    *,
    tz: tzinfo | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[TimelineInteraction]:
    """A person's interactions, newest first (a page of them with ``limit``/``offset``)."""
    query = (
        Interaction.select(
            Interaction.id,
            Interaction.occurred_at,
            Interaction.kind,
            Interaction.summary,
            Interaction.notes,
            Interaction.direction,
            Interaction.goal,
            Interaction.ask_size,
            Interaction.initiator,
        )
        .join(InteractionContact)
        .where(InteractionContact.contact == contact_id)
        .order_by(Interaction.occurred_at.desc(), Interaction.id.desc())
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    rows = list(query.tuples())
    others: dict[int, list[tuple[int, str]]] = {}
    ids = [r[0] for r in rows]
    for start in range(0, len(ids), 500):
        for interaction_id, other_id, name in (
            InteractionContact.select(InteractionContact.interaction, Contact.id, Contact.full_name)
            .join(Contact)
            .where(
                InteractionContact.interaction.in_(ids[start : start + 500]),
                InteractionContact.contact != contact_id,
            )
            .order_by(InteractionContact.id)
            .tuples()
        ):
            others.setdefault(interaction_id, []).append((other_id, name))
    return [
        TimelineInteraction(
            id=iid,
            occurred_at=when,
            day=local_date(when, tz),
            kind=kind,
            summary=summary,
            notes=notes,
            direction=direction,
            goal_id=goal_id,
            others=tuple(others.get(iid, ())),
            ask_size=ask_size,
            initiator=initiator,
        )
        for iid, when, kind, summary, notes, direction, goal_id, ask_size, initiator in rows
    ]


def contact_header(contact_id: int, now: datetime, tz: tzinfo | None = None) -> TimelineHeader:
    """Last contact, strength (with parts), balance and cadence status of one person."""
    now = to_utc(now)
    touches = touches_with(contact_id)
    status = cadence_status_for(contact_id, now, tz)
    if status is None:
        raise LookupError(contact_id)
    # One reading of their interactions for the strength and the balance alike.
    facts = tie_facts([contact_id], now, tz, touches={contact_id: touches})[contact_id]
    last = touches[0].occurred_at if touches else None
    from kith.core.capture.suggestions import last_captured

    email = last_captured([contact_id]).get(contact_id)
    return TimelineHeader(
        last_contact=last,
        last_contact_text=ago_words(days_since(last, now, tz)) if last else "never",
        strength=strength_of(facts),
        balance=balance_from(touches, now, tz, facts=facts),
        cadence=status,
        last_email=email,
        last_email_text=f"last email {ago_words(days_since(email, now, tz))}" if email else "",
    )


def contact_timeline(
    contact_id: int,
    now: datetime,
    tz: tzinfo | None = None,
    *,
    limit: int | None = 200,
) -> ContactTimeline | None:
    """Everything a contact's card shows below its details, or None if the contact is gone.

    ``limit`` caps the interactions loaded (newest first); page on with
    :func:`interactions_of`.
    """
    if not Contact.select().where(Contact.id == contact_id).exists():
        return None
    header = contact_header(contact_id, now, tz)
    count = InteractionContact.select().where(InteractionContact.contact == contact_id).count()
    open_items, closed = follow_ups_of(contact_id, tz=tz)
    return ContactTimeline(
        contact_id=contact_id,
        header=header,
        interactions=tuple(interactions_of(contact_id, tz=tz, limit=limit)),
        open_follow_ups=tuple(open_items),
        closed_follow_ups=tuple(closed),
        interaction_count=count,
    )
